"""Every platform's default rules parse, run, and round-trip a sample item."""

from __future__ import annotations

import pytest

from exalate_tui.domain.platforms import PLATFORM_IDS
from exalate_tui.rules import check, run_incoming, run_outgoing, test_run
from exalate_tui.rules.samples import SAMPLE_RULES, sample_item

try:
    from exalate_tui.node.default_rules import default_rules
except ImportError:  # pragma: no cover - the node module is another engineer's
    default_rules = None


def _rule_sets() -> list[tuple[str, str, str, str]]:
    sets = [(f"samples-{p}", p, out, inc) for p, (out, inc) in SAMPLE_RULES.items()]
    if default_rules is not None:
        for p in PLATFORM_IDS:
            out, inc = default_rules(p, "DEMO")
            sets.append((f"node-{p}", p, out, inc))
    return sets


RULE_SETS = _rule_sets()


def test_every_platform_has_rules() -> None:
    assert set(SAMPLE_RULES) == set(PLATFORM_IDS)
    if default_rules is not None:
        node_platforms = {p for label, p, _, _ in RULE_SETS if label.startswith("node-")}
        assert node_platforms == set(PLATFORM_IDS)


@pytest.mark.parametrize(("label", "platform", "outgoing", "incoming"), RULE_SETS)
def test_default_rules_round_trip(label: str, platform: str, outgoing: str, incoming: str) -> None:
    assert check(outgoing, "outgoing") == []
    assert check(incoming, "incoming") == []
    item = sample_item(platform)
    replica = run_outgoing(outgoing, item).replica
    assert replica.key == item["key"]
    assert replica.summary == item["summary"]
    assert replica.comments and all(c.body for c in replica.comments)
    assert [a.filename for a in replica.attachments] == ["trace.log"]

    result = run_incoming(incoming, replica, None, first_sync=True)
    issue = result.issue
    assert result.first_sync is True
    assert issue.summary == item["summary"]
    assert issue.description  # copied (possibly without HTML)
    sent = [c.body for c in replica.comments]
    assert [c.body for c in issue.comments] == sent
    assert [c.remoteId for c in issue.comments] == [c.id for c in replica.comments]
    assert [a.remoteId for a in issue.attachments] == ["a1"]

    # A second sync with nothing new adds no duplicate comments or attachments.
    again = run_incoming(incoming, replica, issue, first_sync=False, previous=replica)
    assert [c.body for c in again.issue.comments] == sent
    assert len(again.issue.attachments) == 1

    # And the whole Test run agrees.
    run = test_run(outgoing, incoming, item)
    assert run.ok and run.errors == []
    assert run.issue == issue


def test_node_rules_use_the_project_on_first_sync() -> None:
    if default_rules is None:
        pytest.skip("exalate_tui.node.default_rules is not available")
    out, inc = default_rules("jira-onprem", "SUP")
    replica = run_outgoing(out, sample_item()).replica
    issue = run_incoming(inc, replica, None, first_sync=True).issue
    assert issue.projectKey == "SUP"
    assert issue.typeName == "Bug"
