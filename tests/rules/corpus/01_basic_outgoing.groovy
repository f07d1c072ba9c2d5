replica.key            = issue.key
replica.type           = issue.type
replica.summary        = issue.summary
replica.description    = issue.description
replica.labels         = issue.labels
replica.comments       = issue.comments
replica.attachments    = issue.attachments
