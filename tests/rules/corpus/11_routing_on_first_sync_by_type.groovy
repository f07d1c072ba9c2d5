if (firstSync) {
    switch (replica.type?.name) {
        case "Bug":
            issue.projectKey = "QA"
            issue.typeName = "Bug"
            break
        case ["Story", "Epic"]:
            issue.projectKey = "PROD"
            issue.typeName = "Story"
            break
        default:
            issue.projectKey = "DEMO"
            issue.typeName = "Task"
    }
}
issue.summary = replica.summary
