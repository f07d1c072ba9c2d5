def lines = []
issue.comments.eachWithIndex { c, i ->
    lines << "${i + 1}. ${c.body}"
}
replica.description = lines.join("\n")
