"""Sandbox: nothing outside the exposed objects is reachable, and attempts say so clearly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from exalate_tui.rules import InMemoryTracker, RuleScriptError, check, run_incoming, run_outgoing
from exalate_tui.rules.samples import sample_item

# Refused before running (check() reports them): (script, line, column, name in the message)
REFUSED_AT_CHECK = [
    ("System.exit(0)", 1, 1, "System"),
    ('Runtime.getRuntime().exec("ls")', 1, 1, "Runtime"),
    ('Class.forName("java.lang.Runtime")', 1, 7, "forName"),
    ("def c = Class", 1, 9, "Class"),
    ('evaluate("1 + 1")', 1, 1, "evaluate"),
    ('def f = new File("/etc/passwd")', 1, 9, "File"),
    ('new ProcessBuilder("ls").start()', 1, 1, "ProcessBuilder"),
    ('new GroovyShell().evaluate("1")', 1, 19, "evaluate"),
    ("def s = new GroovyShell()", 1, 9, "GroovyShell"),
    ('Eval.me("1")', 1, 1, "Eval"),
    ("Thread.sleep(1000)", 1, 1, "Thread"),
    ('System.getenv("HOME")', 1, 1, "System"),
    ("replica.summary = issue.getClass()", 1, 25, "getClass"),
    ("replica.summary = issue.class", 1, 25, "class"),
    ("replica.summary = issue.metaClass", 1, 25, "metaClass"),
    ('replica.summary = "ls".execute()', 1, 24, "execute"),
    ('replica.summary = issue.invokeMethod("x", null)', 1, 25, "invokeMethod"),
    ("replica.summary = issue.properties", 1, 25, "properties"),
    ("replica.summary = Math.class", 1, 24, "class"),
    ("def c = { 1 }\nreplica.summary = c.owner", 2, 21, "owner"),
    ("def c = { 1 }\nc.delegate = System", 2, 14, "System"),
    ("def c = { 1 }\nc.delegate = [:]", 2, 3, "delegate"),
    ('new URL("http://example.com").text', 1, 1, "URL"),
    ("new Socket('example.com', 80)", 1, 1, "Socket"),
]

UNDERSCORE = [
    ("def __builtins__ = 1", 1, 5),
    ("replica.summary = issue.__class__", 1, 25),
    ("replica.summary = issue._data", 1, 25),
    ("replica.summary = [].__len__()", 1, 22),
    ("replica.summary = nodeHelper._tracker", 1, 30),
    ("def m = [_x: 1]", 1, 10),
]


@pytest.mark.parametrize(("script", "line", "column", "name"), REFUSED_AT_CHECK)
def test_host_access_is_refused_by_check(script: str, line: int, column: int, name: str) -> None:
    errors = check(script, "outgoing")
    assert len(errors) == 1, errors
    error = errors[0]
    assert error.kind == "sandbox"
    assert (error.line, error.column) == (line, column)
    assert f"`{name}` is not available in sync rules" in error.message
    assert "no file, process, network or reflection access" in error.message
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item())
    assert caught.value.error.kind == "sandbox"


@pytest.mark.parametrize(("script", "line", "column"), UNDERSCORE)
def test_names_beginning_with_underscore_are_refused(script: str, line: int, column: int) -> None:
    errors = check(script, "outgoing")
    assert [(e.kind, e.line, e.column) for e in errors] == [("sandbox", line, column)]
    assert "Names beginning with '_'" in errors[0].message


@pytest.mark.parametrize(
    "script",
    [
        'def n = "_" + "data"\nreplica.summary = issue."$n"',
        'def n = "getClass"\nreplica.summary = issue."$n"',
        'def n = "metaClass"\nreplica.summary = [a: 1]."${n}"',
        'def n = "__class__"\nreplica.summary = nodeHelper."$n"',
    ],
)
def test_dynamic_member_names_are_refused_at_run_time(script: str) -> None:
    assert check(script) == []
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item())
    assert caught.value.error.kind == "sandbox"
    assert caught.value.error.line == 2


@pytest.mark.parametrize(
    "script",
    [
        "sleep(10000)",
        "def x = binding.variables",
        "exec('ls')",
        "getBinding().setVariable('x', 1)",
    ],
)
def test_unbound_host_functions_are_refused_at_run_time(script: str) -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item())
    assert caught.value.error.kind == "sandbox"
    assert "is not available in sync rules" in caught.value.error.message


def test_sandbox_errors_cannot_be_caught_by_the_script() -> None:
    script = 'try { System.exit(1) } catch (Exception e) { replica.summary = "caught" }'
    assert check(script)[0].kind == "sandbox"
    script = 'try { "x".execute() } catch (e) { replica.summary = "caught" }'
    assert check(script)[0].kind == "sandbox"
    script = 'def n = "getClass"\ntry { issue."$n" } catch (e) { replica.summary = "caught" }'
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item())
    assert caught.value.error.kind == "sandbox"


def test_helpers_hand_out_copies_not_the_tracker() -> None:
    tracker = InMemoryTracker(user_list=[{"email": "ada@example.com", "displayName": "Ada"}])
    script = """
def u = nodeHelper.getUserByEmail("ada@example.com")
u.displayName = "Mallory"
def t = nodeHelper.getIssueType("Bug")
t.name = "Hacked"
issue.assignee = u
"""
    result = run_incoming(script, {}, tracker=tracker)
    assert result.issue.assignee.displayName == "Mallory"
    assert tracker.user_list[0]["displayName"] == "Ada"
    assert [t["name"] for t in tracker.issue_type_list][1] == "Bug"


def test_scripts_cannot_change_the_callers_item() -> None:
    item = sample_item()
    before = repr(item)
    run_outgoing(
        "issue.labels.add('x'); issue.comments[0].body = 'changed'; issue.customFields.clear()",
        item,
    )
    assert repr(item) == before


def test_package_imports_without_textual_or_fastapi() -> None:
    code = (
        "import sys, exalate_tui.rules, exalate_tui.rules.samples;"
        "bad = [m for m in ('textual', 'fastapi', 'uvicorn') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
