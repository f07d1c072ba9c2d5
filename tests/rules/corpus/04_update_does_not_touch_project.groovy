if (firstSync) {
    issue.projectKey = "OTHER"
}
issue.summary = replica.summary
