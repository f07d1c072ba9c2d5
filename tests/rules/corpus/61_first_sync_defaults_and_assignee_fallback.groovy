if (firstSync) {
    issue.projectKey = "SUP"
    issue.typeName = nodeHelper.getIssueType(replica.typeName)?.name ?: "Task"
    issue.reporter = nodeHelper.getUserByEmail(replica.reporter?.email)
}
issue.summary = "${replica.key}: ${replica.summary}"
issue.assignee = nodeHelper.getUserByEmail(replica.assignee?.email) ?: issue.assignee
issue.priority = nodeHelper.getPriority(replica.priority?.name) ?: nodeHelper.getPriority("Medium")
