def user = nodeHelper.getUserByEmail(replica.assignee?.email)
issue.assignee = user ?: nodeHelper.getUserByEmail("triage@example.com")
issue.reporter = nodeHelper.getUserByEmail(replica.reporter?.email)
