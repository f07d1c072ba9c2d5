def statusMap = [
    "To Do"       : "New",
    "In Progress" : "Active",
    "Done"        : "Closed"
]
replica.status = statusMap[issue.status?.name] ?: issue.status?.name
