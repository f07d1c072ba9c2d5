if (firstSync) {
    entity.category = "incident"
    entity.service = nodeHelper.getService(replica.service ?: "General Support")?.name
}
entity.subject = replica.summary
def statusMap = ["To Do": "assigned", "In Progress": "in_progress", "Done": "completed"]
entity.status = statusMap[replica.status?.name] ?: "assigned"
