def text = issue.description ?: ""
replica.description = text.size() > 20 ? text.take(20) + "..." : text
replica.summary = issue.summary.substring(0, 8).trim()
