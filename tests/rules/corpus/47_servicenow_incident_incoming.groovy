if (firstSync) {
    entity.tableName = "incident"
}
entity.short_description = replica.summary
def urgencyMap = ["Highest": "1 - High", "High": "1 - High", "Medium": "2 - Medium"]
entity.urgency = urgencyMap[replica.priority?.name] ?: "3 - Low"
