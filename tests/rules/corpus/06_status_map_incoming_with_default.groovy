def statusMap = ["New": "To Do", "Active": "In Progress", "Closed": "Done"]
def remoteStatusName = replica.status?.name
issue.status = statusMap[remoteStatusName] ?: "To Do"
