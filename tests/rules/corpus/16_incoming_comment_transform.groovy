issue.comments = commentHelper.mergeComments(issue, replica, { c ->
    c.body = "From partner: " + c.body
    c
})
