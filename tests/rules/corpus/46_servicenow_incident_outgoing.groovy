if (entity.tableName == "incident") {
    replica.key = entity.key
    replica.summary = entity.short_description
    replica.description = entity.description
    replica.urgency = entity.urgency
    replica.comments = entity.comments.findAll { !it.internal }
}
