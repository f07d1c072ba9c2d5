def userMap = [
    "ada@example.com"  : "ada.lovelace@corp.example",
    "grace@example.com": "grace.hopper@corp.example",
]
replica.assignee = userMap[issue.assignee?.email] ?: issue.assignee?.email
replica.reporter = userMap[issue.reporter?.email] ?: issue.reporter?.email
