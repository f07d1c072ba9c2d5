"""Default sync rules, generated per platform at connection creation, in the Groovy-like
syntax users of the vendor's product write (def, assignments, if/else, ?., ?:, calls)."""

from __future__ import annotations

_COMMON_OUT = """replica.key            = {var}.key
replica.type           = {var}.type
replica.summary        = {var}.summary
replica.description    = {var}.description
replica.comments       = {var}.comments
replica.attachments    = {var}.attachments
replica.labels         = {var}.labels
"""

_COMMON_IN = """{var}.summary      = replica.summary
{var}.description  = replica.description
{var}.comments     = commentHelper.mergeComments({var}, replica)
{var}.attachments  = attachmentHelper.mergeAttachments({var}, replica)
{var}.labels       = replica.labels
"""


def _indent(text: str) -> str:
    return "".join("    " + line + "\n" for line in text.splitlines())


def _outgoing(platform_id: str) -> str:
    if platform_id == "jira-onprem":
        return _COMMON_OUT.format(var="issue") + (
            "replica.priority       = issue.priority\n"
            "replica.status         = issue.status\n"
            "replica.assignee       = issue.assignee\n"
            "replica.reporter       = issue.reporter\n"
        )
    if platform_id in ("azure-devops", "azure-devops-server"):
        return _COMMON_OUT.format(var="workItem") + (
            "replica.priority       = workItem.priority\n"
            "replica.status         = workItem.status\n"
            "replica.areaPath       = workItem.areaPath\n"
            "replica.iterationPath  = workItem.iterationPath\n"
        )
    if platform_id == "servicenow":
        return (
            'if (entity.tableName == "incident") {\n'
            + _indent(_COMMON_OUT.format(var="entity"))
            + "    replica.urgency        = entity.urgency\n"
            + "    replica.impact         = entity.impact\n"
            + "    replica.state          = entity.state\n"
            + "}\n"
        )
    if platform_id == "xurrent":
        return _COMMON_OUT.format(var="entity") + (
            "replica.status         = entity.status\n"
            "replica.impact         = entity.impact\n"
            "replica.service        = entity.service?.name\n"
            "replica.category       = entity.category\n"
        )
    raise ValueError(f"no default rules for platform {platform_id!r}")


def _incoming(platform_id: str, project: str | None) -> str:
    if platform_id == "jira-onprem":
        return (
            "if (firstSync) {\n"
            f'    issue.projectKey = "{project or ""}"\n'
            "    issue.typeName   = nodeHelper.getIssueType(replica.type?.name, "
            'issue.projectKey)?.name ?: "Task"\n'
            "}\n" + _COMMON_IN.format(var="issue")
        )
    if platform_id in ("azure-devops", "azure-devops-server"):
        return (
            "if (firstSync) {\n"
            f'    workItem.projectKey = "{project or ""}"\n'
            "    workItem.typeName   = nodeHelper.getIssueType(replica.type?.name, "
            'workItem.projectKey)?.name ?: "Task"\n'
            "}\n" + _COMMON_IN.format(var="workItem")
        )
    if platform_id == "servicenow":
        return (
            "if (firstSync) {\n"
            '    entity.tableName = "incident"\n'
            "}\n"
            'if (entity.tableName == "incident") {\n'
            + _indent(_COMMON_IN.format(var="entity"))
            + "}\n"
        )
    if platform_id == "xurrent":
        return (
            "if (firstSync) {\n"
            '    entity.service  = nodeHelper.getService(replica.service ?: "General Support")\n'
            '    entity.category = replica.category ?: "incident"\n'
            "}\n" + _COMMON_IN.format(var="entity")
        )
    raise ValueError(f"no default rules for platform {platform_id!r}")


def default_rules(platform_id: str, project: str | None) -> tuple[str, str]:
    """(outgoing, incoming) sync rules for a new connection on this platform."""
    return _outgoing(platform_id), _incoming(platform_id, project)
