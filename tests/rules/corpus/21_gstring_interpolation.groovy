def n = issue.comments.size()
replica.summary = "[$issue.key] ${issue.summary.toUpperCase()} (${n} comment${n == 1 ? '' : 's'})"
replica.description = 'Single quotes keep $issue.key as is'
