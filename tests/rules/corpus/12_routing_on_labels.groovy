if (firstSync) {
    issue.projectKey = replica.labels.contains("security") ? "SEC" : "DEMO"
    issue.typeName = "Task"
}
issue.labels = replica.labels + ["synced"]
