issue.attachments = attachmentHelper.mergeAttachments(issue, replica)
