replica.comments = issue.comments.findAll { !it.internal }.collect { c ->
    c.body = "[${c.author?.displayName ?: c.author?.email}] ${c.body}"
    c
}
