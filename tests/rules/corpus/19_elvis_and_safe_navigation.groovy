replica.summary = issue.summary ?: "(no summary)"
replica.description = issue.description?.trim() ?: "(empty)"
replica.priority = issue.priority?.name ?: "Medium"
replica.assignee = issue.assignee?.email
