"""Default sync rules: generated per platform, in syntax the rules interpreter accepts."""

from __future__ import annotations

import pytest

from exalate_tui.domain.platforms import PLATFORM_IDS
from exalate_tui.node.default_rules import default_rules
from exalate_tui.rules import check, test_run


@pytest.mark.parametrize("platform", PLATFORM_IDS)
def test_default_rules_parse_and_run(platform):
    outgoing, incoming = default_rules(platform, "DEMO")
    assert check(outgoing, "outgoing") == [] and check(incoming, "incoming") == []
    item = {
        "key": "X-1",
        "summary": "Printer on fire",
        "description": "d",
        "labels": ["a"],
        "comments": [],
        "attachments": [],
        "type": {"name": "Bug"},
    }
    result = test_run(outgoing, incoming, item)
    assert result.ok, result.errors
    assert "replica.summary" in outgoing and "firstSync" in incoming
    assert "mergeComments" in incoming and "mergeAttachments" in incoming


def test_platform_specifics():
    assert 'issue.projectKey = "SUP"' in default_rules("jira-onprem", "SUP")[1]
    assert (
        'workItem.projectKey = "Parts Unlimited"'
        in default_rules("azure-devops", "Parts Unlimited")[1]
    )
    assert 'entity.tableName = "incident"' in default_rules("servicenow", None)[1]
    xurrent = default_rules("xurrent", None)[1]
    assert "entity.service" in xurrent and "entity.category" in xurrent
    assert "replica.priority" in default_rules("jira-onprem", "DEMO")[0]
