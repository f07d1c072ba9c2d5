if (previous == null || previous.summary != replica.summary) {
    issue.summary = replica.summary
}
if (previous?.description != replica.description) {
    issue.description = replica.description
}
