replica.description = nodeHelper.stripHtml(issue.description)
