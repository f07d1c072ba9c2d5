issue.comments = commentHelper.mergeComments(issue, replica)
