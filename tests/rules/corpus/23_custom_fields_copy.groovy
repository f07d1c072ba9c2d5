replica.customFields."Story Points" = issue.customFields."Story Points"
replica.customFields["Customer"] = issue.customFields["Customer"]?.toUpperCase()
