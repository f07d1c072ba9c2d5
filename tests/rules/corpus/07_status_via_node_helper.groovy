def mapped = ["Active": "In Progress", "Closed": "Done"][replica.status?.name]
issue.status = nodeHelper.getStatus(mapped ?: replica.status?.name)
