def lead = issue.project?.lead?.email?.toLowerCase()
replica.summary = "lead=" + lead
replica.description = issue.customFields?."Missing field"?.value ?: "none"
