"""The API the node calls: check, compile_script, run_outgoing, run_incoming, test_run."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from exalate_tui.rules import (
    IncomingResult,
    InMemoryTracker,
    OutgoingResult,
    RuleError,
    RuleScriptError,
    SyncItem,
    TrackerView,
    check,
    compile_script,
    run_incoming,
    run_outgoing,
    test_run,
)
from exalate_tui.rules.samples import SAMPLE_RULES, sample_item


def test_check_ok_and_error() -> None:
    assert check("replica.summary = issue.summary", "outgoing") == []
    errors = check("replica.summary = (issue.summary", "outgoing")
    assert len(errors) == 1
    assert isinstance(errors[0], RuleError)
    assert errors[0].model_dump(include={"script", "line", "column"}) == {
        "script": "outgoing",
        "line": 1,
        "column": 33,
    }


def test_compile_is_cached_by_text() -> None:
    script = "replica.summary = issue.summary // cache me"
    assert compile_script(script) is compile_script(script, "another name")
    with pytest.raises(RuleScriptError) as caught:
        compile_script("x = ", "incoming")
    assert caught.value.error.script == "incoming"


def test_run_outgoing_returns_plain_serialisable_data() -> None:
    result = run_outgoing(SAMPLE_RULES["jira-onprem"][0], sample_item())
    assert isinstance(result, OutgoingResult)
    assert isinstance(result.replica, SyncItem)
    data = json.loads(result.model_dump_json())
    assert data["replica"]["key"] == "DEMO-42"
    assert data["replica"]["typeName"] == "Bug"
    assert data["replica"]["projectKey"] == "DEMO"
    assert data["replica"]["priority"]["name"] == "High"
    assert data["replica"]["assignee"]["email"] == "ada@example.com"


def test_issue_work_item_and_entity_are_the_same_local_item() -> None:
    script = "replica.summary = [issue.key, workItem.key, entity.key].join(',')"
    assert run_outgoing(script, {"key": "K-9"}).replica.summary == "K-9,K-9,K-9"


def test_replica_starts_empty_and_unknown_fields_pass_through() -> None:
    script = "replica.summary = replica.summary ?: 'empty'\nreplica.areaPath = issue.areaPath"
    replica = run_outgoing(script, {"areaPath": "A\\B"}).replica
    assert replica.summary == "empty"
    assert replica.model_dump()["areaPath"] == "A\\B"


def test_input_shorthands_are_normalised() -> None:
    item = {"typeName": "Bug", "projectKey": "DEMO", "priority": "High", "assignee": "a@x.io"}
    script = (
        "replica.summary = [issue.type.name, issue.project.key, issue.priority.name, "
        "issue.assignee.email, issue.typeName, issue.projectKey].join('|')"
    )
    assert run_outgoing(script, item).replica.summary == "Bug|DEMO|High|a@x.io|Bug|DEMO"


def test_first_sync_defaults_to_no_local_item() -> None:
    script = "issue.summary = firstSync ? 'created' : 'updated'"
    created = run_incoming(script, {})
    assert isinstance(created, IncomingResult)
    assert created.first_sync is True and created.issue.summary == "created"
    updated = run_incoming(script, {}, {"key": "K-1"})
    assert updated.first_sync is False and updated.issue.summary == "updated"
    assert updated.issue.key == "K-1"


def test_previous_and_change_lists() -> None:
    script = """
issue.summary = previous == null ? 'none' : previous.summary
issue.labels = replica.addedComments*.id + replica.removedComments*.id +
    replica.addedAttachments*.id
"""
    previous = {"summary": "before", "comments": [{"id": "1"}, {"id": "2"}], "attachments": []}
    replica = {"comments": [{"id": "2"}, {"id": "3"}], "attachments": [{"id": "a"}]}
    issue = run_incoming(script, replica, {"key": "K"}, previous=previous).issue
    assert issue.summary == "before"
    assert issue.labels == ["3", "1", "a"]
    first = run_incoming(script, replica, None).issue
    assert first.summary == "none"
    assert first.labels == ["2", "3", "a"]


def test_previous_is_read_only() -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_incoming("previous.summary = 'x'", {}, {"key": "K"}, previous={"summary": "p"})
    assert "'previous' is read-only" in caught.value.error.message


def test_logs_are_returned() -> None:
    result = run_outgoing("println 'hello'\nlog.info('a', 1)\nlog.warn 'w'", {})
    assert result.logs == ["hello", "info: a 1", "warn: w"]


class _Project(BaseModel):
    key: str
    name: str


class _OnlyProjects:
    """A tracker like the node's embedded one: lists projects (as pydantic models) only."""

    def projects(self) -> list[_Project]:
        return [_Project(key="SUP", name="Support")]


def test_any_tracker_object_works_and_missing_methods_fall_back() -> None:
    script = """
issue.project = nodeHelper.getProject('sup')
issue.typeName = nodeHelper.getIssueType('story')?.name
issue.priority = nodeHelper.getPriority('LOW')
issue.assignee = nodeHelper.getUserByEmail('nobody@example.com')
"""
    issue = run_incoming(script, {}, tracker=_OnlyProjects()).issue
    assert issue.project.key == "SUP" and issue.project.name == "Support"
    assert issue.typeName == "Story"
    assert issue.priority.name == "Low"
    assert issue.assignee is None


def test_in_memory_tracker_is_a_tracker_view() -> None:
    tracker = InMemoryTracker(priority_list=[{"id": "9", "name": "P1"}])
    assert isinstance(tracker, TrackerView)
    issue = run_incoming("issue.priority = nodeHelper.getPriority('p1')", {}, tracker=tracker).issue
    assert issue.priority.model_dump(exclude_none=True) == {"id": "9", "name": "P1"}


def test_test_run_success() -> None:
    outgoing, incoming = SAMPLE_RULES["azure-devops"]
    result = test_run(outgoing, incoming, sample_item("azure-devops"))
    assert result.ok and result.errors == []
    assert result.replica.summary == result.issue.summary == "Checkout fails for saved cards"
    assert result.replica.description == "Customers with a saved card get an error."
    assert result.issue.projectKey == "DEMO"


def test_test_run_reports_syntax_errors_of_both_scripts() -> None:
    result = test_run("replica.summary = (", "issue.summary = ]", {})
    assert not result.ok
    assert [(e.script, e.kind) for e in result.errors] == [
        ("outgoing", "syntax"),
        ("incoming", "syntax"),
    ]
    assert result.replica is None and result.issue is None


def test_test_run_keeps_the_replica_when_incoming_fails() -> None:
    result = test_run("replica.summary = 'S'", "issue.summary = replica.summary.nope()", {})
    assert not result.ok
    assert result.replica.summary == "S"
    assert result.issue is None
    assert result.errors[0].script == "incoming" and result.errors[0].kind == "runtime"


def test_results_never_contain_script_objects() -> None:
    script = """
replica.customFields = [
    closure: { it },
    set: [1, 2] as Set,
    decimal: 1.50,
    entry: [a: 1].entrySet().first(),
    nested: [issue: issue],
]
"""
    fields = run_outgoing(script, {"key": "K"}).replica.customFields
    assert fields["closure"] is None
    assert fields["set"] == [1, 2]
    assert fields["decimal"] == 1.5
    assert fields["entry"] == {"a": 1}
    assert fields["nested"]["issue"]["key"] == "K"
    json.dumps(fields)


def test_check_rules_is_the_rules_check_answer() -> None:
    from exalate_tui.rules import check_rules

    good = check_rules(*SAMPLE_RULES["xurrent"])
    assert good.model_dump() == {"ok": True, "errors": []}
    bad = check_rules("replica.summary = issue.summary", "if (firstSync {")
    assert bad.ok is False
    assert [(e.script, e.line, e.column) for e in bad.errors] == [("incoming", 1, 16)]
    assert set(bad.model_dump()["errors"][0]) == {
        "script",
        "line",
        "column",
        "message",
        "kind",
        "source_line",
    }


def test_items_with_datetimes_and_models_are_accepted() -> None:
    from datetime import UTC, datetime

    item = {
        "key": "K-1",
        "created": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "project": _Project(key="SUP", name="Support"),
        "customFields": {"Due": datetime(2026, 2, 1, tzinfo=UTC)},
    }
    script = (
        "replica.created = issue.created\nreplica.project = issue.project\n"
        "replica.customFields = issue.customFields\nreplica.summary = issue.created.take(4)"
    )
    replica = run_outgoing(script, item).replica
    assert replica.created == "2026-01-02T03:04:05+00:00"
    assert replica.projectKey == "SUP"
    assert replica.customFields == {"Due": "2026-02-01T00:00:00+00:00"}
    assert replica.summary == "2026"


def test_positional_calls_as_the_node_makes_them() -> None:
    tracker = InMemoryTracker(user_list=[{"email": "a@x.io", "username": "a"}])
    out = run_outgoing("replica.assignee = issue.assignee", {"assignee": "a@x.io"}, tracker)
    inc = run_incoming(
        "issue.assignee = nodeHelper.getUserByEmail(replica.assignee?.email)\n"
        "issue.summary = previous?.summary",
        out.replica,
        {"key": "K"},
        False,
        {"summary": "before"},
        tracker,
    )
    assert inc.first_sync is False
    assert inc.issue.assignee.username == "a"
    assert inc.issue.summary == "before"
