issue.priority = nodeHelper.getPriority(replica.priority?.name) ?: nodeHelper.getPriority("Medium")
