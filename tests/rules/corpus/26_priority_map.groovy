def priorityMapping = [
    "Highest": "1 - Critical",
    "High"   : "2 - High",
    "Medium" : "3 - Moderate",
]
def remote = replica.priority?.name
issue.priority = priorityMapping[remote] ?: "4 - Low"
