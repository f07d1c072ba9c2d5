replica.comments = issue.comments.findAll { !it.internal }
