replica.comments = issue.comments.findAll { c -> c.author?.email?.endsWith("@example.com") && !c.body.startsWith("Internal") }
