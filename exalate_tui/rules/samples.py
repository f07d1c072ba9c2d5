"""Representative default sync rules per platform, in the vendor's Groovy style, and sample items.

Used by the benchmark and the tests (and usable as a fallback by the node). The node's own
per-platform defaults live in `exalate_tui.node.default_rules` when that module exists.
"""

from __future__ import annotations

from typing import Any

JIRA_OUTGOING = """\
replica.key            = issue.key
replica.type           = issue.type
replica.assignee       = issue.assignee
replica.reporter       = issue.reporter
replica.summary        = issue.summary
replica.description    = issue.description
replica.labels         = issue.labels
replica.comments       = issue.comments
replica.resolution     = issue.resolution
replica.status         = issue.status
replica.priority       = issue.priority
replica.attachments    = issue.attachments
replica.project        = issue.project
"""

JIRA_INCOMING = """\
if (firstSync) {
    issue.projectKey   = "DEMO"
    // Set type name from source issue, if not found set a default
    issue.typeName = nodeHelper.getIssueType(replica.type?.name, issue.projectKey)?.name ?: "Task"
}
issue.summary      = replica.summary
issue.description  = replica.description
issue.comments     = commentHelper.mergeComments(issue, replica)
issue.attachments  = attachmentHelper.mergeAttachments(issue, replica)
issue.labels       = replica.labels
issue.priority     = nodeHelper.getPriority(replica.priority?.name) ?: issue.priority
"""

ADO_OUTGOING = """\
replica.key            = workItem.key
replica.assignee       = workItem.assignee
replica.summary        = workItem.summary
replica.description    = nodeHelper.stripHtml(workItem.description)
replica.type           = workItem.type
replica.status         = workItem.status
replica.labels         = workItem.labels
replica.priority       = workItem.priority
replica.comments       = workItem.comments
replica.attachments    = workItem.attachments
replica.project        = workItem.project
replica.areaPath       = workItem.areaPath
replica.iterationPath  = workItem.iterationPath
"""

ADO_INCOMING = """\
if (firstSync) {
    // Set type name from source entity, if not found set a default
    workItem.projectKey = "DEMO"
    workItem.typeName = nodeHelper.getIssueType(replica.type?.name)?.name ?: "Task"
}
workItem.summary      = replica.summary
workItem.description  = replica.description
workItem.attachments  = attachmentHelper.mergeAttachments(workItem, replica)
workItem.comments     = commentHelper.mergeComments(workItem, replica)
workItem.labels       = replica.labels
workItem.priority     = replica.priority
"""

ADO_SERVER_OUTGOING = ADO_OUTGOING

ADO_SERVER_INCOMING = """\
if (firstSync) {
    workItem.projectKey = "DEMO"
    workItem.typeName = nodeHelper.getIssueType(replica.type?.name)?.name ?: "Task"
}
workItem.summary      = replica.summary
workItem.description  = replica.description
workItem.attachments  = attachmentHelper.mergeAttachments(workItem, replica)
workItem.comments     = commentHelper.mergeComments(workItem, replica)
workItem.labels       = replica.labels

def statusMap = [
    "To Do"       : "New",
    "In Progress" : "Active",
    "Done"        : "Closed",
]
def remoteStatusName = replica.status?.name
workItem.setStatus(statusMap[remoteStatusName] ?: remoteStatusName)
"""

SERVICENOW_OUTGOING = """\
def table = entity.tableName ?: "incident"
if (table == "incident") {
    replica.key         = entity.key
    replica.summary     = entity.short_description
    replica.description = entity.description
    replica.priority    = entity.priority
    replica.state       = entity.state ?: entity.status?.name
    // work notes stay internal
    replica.comments    = entity.comments.findAll { !it.internal }
    replica.attachments = entity.attachments
}
"""

SERVICENOW_INCOMING = """\
if (firstSync) {
    entity.tableName = "incident"
}
if (entity.tableName == "incident") {
    entity.short_description = replica.summary
    entity.description       = replica.description
    entity.comments          = commentHelper.mergeComments(entity, replica)
    entity.attachments       = attachmentHelper.mergeAttachments(entity, replica)
    def urgencyMap = ["Highest": "1 - High", "High": "1 - High", "Medium": "2 - Medium"]
    entity.urgency = urgencyMap[replica.priority?.name] ?: "3 - Low"
}
"""

XURRENT_OUTGOING = """\
replica.key         = entity.key
replica.summary     = entity.subject
replica.description = entity.description
replica.status      = entity.status
replica.priority    = entity.priority
replica.comments    = entity.comments
replica.attachments = entity.attachments
"""

XURRENT_INCOMING = """\
if (firstSync) {
    entity.category = "incident"
    entity.impact   = "low"
}
entity.subject     = replica.summary
entity.description = replica.description
entity.comments    = commentHelper.mergeComments(entity, replica)
entity.attachments = attachmentHelper.mergeAttachments(entity, replica)
def statusMap = ["To Do": "assigned", "In Progress": "in_progress", "Done": "completed"]
entity.status = statusMap[replica.status?.name] ?: "assigned"
"""

SAMPLE_RULES: dict[str, tuple[str, str]] = {
    "jira-onprem": (JIRA_OUTGOING, JIRA_INCOMING),
    "azure-devops": (ADO_OUTGOING, ADO_INCOMING),
    "azure-devops-server": (ADO_SERVER_OUTGOING, ADO_SERVER_INCOMING),
    "servicenow": (SERVICENOW_OUTGOING, SERVICENOW_INCOMING),
    "xurrent": (XURRENT_OUTGOING, XURRENT_INCOMING),
}


def sample_item(platform: str = "jira-onprem") -> dict[str, Any]:
    """A realistic local item with comments, attachments and a custom field."""
    item: dict[str, Any] = {
        "key": "DEMO-42",
        "id": "10042",
        "summary": "Checkout fails for saved cards",
        "description": "<p>Customers with a <b>saved card</b> get an error.</p>",
        "labels": ["payments", "customer"],
        "priority": {"id": "2", "name": "High"},
        "status": {"id": "2", "name": "In Progress"},
        "type": {"id": "2", "name": "Bug"},
        "project": {"key": "DEMO", "name": "Demo project"},
        "assignee": {"email": "ada@example.com", "displayName": "Ada Lovelace"},
        "reporter": {"email": "grace@example.com", "displayName": "Grace Hopper"},
        "created": "2026-11-02T09:15:00Z",
        "updated": "2026-11-20T16:40:00Z",
        "comments": [
            {
                "id": "c1",
                "body": "Reproduced on staging.",
                "author": {"email": "ada@example.com"},
                "created": "2026-11-03T10:00:00Z",
            },
            {
                "id": "c2",
                "body": "Internal: card vault is involved.",
                "author": {"email": "grace@example.com"},
                "created": "2026-11-04T10:00:00Z",
                "internal": True,
            },
        ],
        "attachments": [
            {"id": "a1", "filename": "trace.log", "mimetype": "text/plain", "filesize": 2048}
        ],
        "customFields": {"Story Points": 5, "Customer": "ACME"},
    }
    if platform == "servicenow":
        item["tableName"] = "incident"
        item["key"] = "INC0010042"
    elif platform == "xurrent":
        item["key"] = "REQ-70042"
    elif platform.startswith("azure-devops"):
        item["areaPath"] = "DEMO\\Payments"
        item["iterationPath"] = "DEMO\\Sprint 12"
    return item
