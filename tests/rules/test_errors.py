"""Errors a person can fix: every syntax and runtime error has a line, a column and a message."""

from __future__ import annotations

import pytest

from exalate_tui.rules import RuleScriptError, check, compile_script, run_incoming, run_outgoing
from exalate_tui.rules.samples import sample_item

# (script, line, column, words the message must contain)
SYNTAX_ERRORS = [
    ("replica.summary = issue.summary +", 1, 34, "expression is missing"),
    ("def x = [1, 2\nreplica.summary = x", 2, 1, "Expected ']' to close the list"),
    ('replica.summary = "unterminated', 1, 19, "Unterminated string"),
    ('replica.summary = "a ${issue.key"', 1, 22, "Unterminated '${'"),
    ('replica.summary = "a ${}"', 1, 24, "Empty '${}'"),
    ("/* never closed\nreplica.key = 1", 1, 1, "Unterminated comment"),
    ("def m = [a: 1, 2]", 1, 16, "Expected 'key: value'"),
    ("replica.summary = issue.summary }", 1, 33, "no matching '{'"),
    ("if (x) {\n  y = 1\n", 3, 1, "Expected '}'"),
    ("x = 1 @ 2", 1, 7, "Unexpected '@'"),
    ("x = 08abc", 1, 5, "Malformed number"),
    ("switch (x) { foo }", 1, 14, "Expected 'case' or 'default'"),
    ("for (x in ) {}", 1, 11, "Unexpected ')'"),
    ("x = a ? b", 1, 10, "Expected ':'"),
    ("replica.summary = 1 +\n\n   * 2", 3, 4, "Unexpected '*'"),
    ('replica.summary = "x"\nreplica.key = issue.key.foo(', 2, 29, "expression is missing"),
    ("x = 1 = 2", 1, 7, "Only variables, properties and indexes can be assigned"),
    ("try { x = 1 }", 1, 14, "'try' needs a 'catch' or 'finally'"),
    ("x = 3 # 4", 1, 7, "Unexpected character '#'"),
    ("break", 1, 1, "'break' is only allowed inside a loop or switch"),
    ("def f() { continue }", 1, 11, "'continue' is only allowed inside a loop"),
    ("for (x in [1]) {\n  [1].each { break }\n}", 2, 14, "'break' is only allowed"),
    ("  if (firstSync) {\n    issue.summary = replica.summary +\n  }", 3, 3, "Unexpected '}'"),
]

UNSUPPORTED = [
    ("class Foo {}", 1, 1, "`class` is not supported in sync rules"),
    ("import java.io.File", 1, 1, "`import` is not supported in sync rules"),
    ("trait T {}", 1, 1, "`trait` is not supported in sync rules"),
    ("interface I {}", 1, 1, "`interface` is not supported in sync rules"),
    ("enum E { A }", 1, 1, "`enum` is not supported in sync rules"),
    ("replica.summary = this.toString()", 1, 19, "`this` is not supported in sync rules"),
    ("do { x = 1 } while (false)", 1, 1, "`do` is not supported in sync rules"),
    ("def (a, b) = [1, 2]", 1, 5, "Multiple assignment"),
    ("x = issue.&summary", 1, 10, "method pointer ('.&') is not supported"),
    ("@Field def x = 1", 1, 1, "annotation ('@') is not supported"),
    ("replica.summary = (String) issue.summary", 1, 19, "use `x as String`"),
    ("x = new Foo()", 1, 5, "Creating `Foo` objects is not supported in sync rules"),
    ("def f(a = 1) { a }", 1, 9, "Default parameter values are not supported"),
    ("synchronized (x) { y = 1 }", 1, 1, "`synchronized` is not supported"),
]

RUNTIME_ERRORS = [
    ("replica.summary = issue.summary.foo()", 1, 33, "No method 'foo' on String"),
    ("def x = null\nreplica.summary = x.size()", 2, 21, "Cannot call 'size()' on null"),
    ("def n = 1 / 0", 1, 11, "Division by zero"),
    ("replica.summary = issue.nothing.trim()", 1, 33, "Cannot call 'trim()' on null"),
    ("def l = [1, 2]\nl.first().bar", 2, 11, "No property 'bar' on Integer"),
    ('replica.summary = "a" - 1 * "b"', 1, 27, "Cannot apply '*' to Integer and String"),
    ("replica.summary = [1] < [2]", 1, 23, "Cannot compare List with List"),
    ("def m = [:]\nm.x.y = 1", 2, 1, "Cannot set property 'y' of null"),
    ('replica.summary = "abc".substring(5)', 1, 25, "out of range"),
    ("replica.summary = undefinedVar", 1, 19, "Unknown variable 'undefinedVar'"),
    ("def summry = 1\nreplica.summary = summary", 2, 19, "Did you mean 'summry'?"),
    ("replica.summary = issue.summary as Integer", 1, 33, "Cannot convert"),
    ('issue.summary = "x"', 1, 1, "'issue' is read-only here"),
    ('throw new IllegalStateException("no mapping")', 1, 1, "IllegalStateException: no mapping"),
    ('debug.error("value is " + issue.key)', 1, 7, "debug.error: value is DEMO-42"),
    ('assert issue.key == "X-1" : "wrong key"', 1, 1, "Assertion failed: wrong key"),
    ("def f(x) { x.y.z }\nf(1)", 1, 14, "No property 'y' on Integer"),
    ("replica.summary = nodeHelper.nope()", 1, 30, "No method 'nope' on nodeHelper"),
    ("replica.summary = issue.comments.collect { it.body.bad() }", 1, 52, "No method 'bad'"),
    ("replica.summary = [].first()", 1, 22, "empty List"),
    ("for (x in 5) {}", 1, 1, "Cannot iterate over Integer"),
    ("replica.summary = issue.summary.toUpperCas()", 1, 33, "Did you mean 'toUpperCase'?"),
    ("replica.summary = missing()", 1, 19, "Unknown method 'missing()'"),
]


@pytest.mark.parametrize(("script", "line", "column", "words"), SYNTAX_ERRORS + UNSUPPORTED)
def test_syntax_error_position(script: str, line: int, column: int, words: str) -> None:
    errors = check(script, "outgoing")
    assert len(errors) == 1
    error = errors[0]
    assert (error.line, error.column) == (line, column), error.message
    assert words in error.message
    assert error.script == "outgoing"
    lines = script.splitlines()
    assert error.source_line == (lines[line - 1].rstrip() if line <= len(lines) else "")
    assert "Traceback" not in error.format()
    with pytest.raises(RuleScriptError) as caught:
        compile_script(script, "outgoing")
    assert caught.value.error == error


@pytest.mark.parametrize(("script", "line", "column", "words"), RUNTIME_ERRORS)
def test_runtime_error_position(script: str, line: int, column: int, words: str) -> None:
    assert check(script, "outgoing") == []
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item(), name="outgoing")
    error = caught.value.error
    assert (error.line, error.column) == (line, column), error.message
    assert words in error.message
    assert error.kind == "runtime"
    assert error.source_line == script.splitlines()[line - 1]


def test_error_format_names_script_line_column_and_points_at_it() -> None:
    script = "def a = 1\n  replica.summary = issue.summary.foo()"
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, sample_item(), name="Jira outgoing")
    text = str(caught.value)
    assert text.splitlines() == [
        "Jira outgoing:2:35: No method 'foo' on String",
        "      replica.summary = issue.summary.foo()",
        "                                      ^",
    ]


def test_incoming_errors_carry_incoming_name() -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_incoming("issue.summary = replica.summary.nope()", {"summary": "s"})
    assert caught.value.error.script == "incoming"
    assert caught.value.error.model_dump() == {
        "script": "incoming",
        "line": 1,
        "column": 33,
        "message": "No method 'nope' on String",
        "kind": "runtime",
        "source_line": "issue.summary = replica.summary.nope()",
    }


def test_text_pasted_from_windows_or_web_pages_parses() -> None:
    pasted = "\ufeffreplica.summary = issue.summary\r\nreplica.key\u00a0= issue.key\r\n\tx = 1\r\n"
    assert check(pasted) == []
    assert run_outgoing(pasted, {"key": "K", "summary": "S"}).replica.key == "K"


def test_smart_quotes_are_explained() -> None:
    (error,) = check("replica.summary = \u201chello\u201d")
    assert (error.line, error.column) == (1, 19)
    assert "use straight quotes" in error.message


def test_calling_a_value_that_is_not_a_closure() -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing("def x = 5\nx()", {})
    assert caught.value.error.message == "'x' is Integer, not a closure, so it cannot be called"
    assert (caught.value.error.line, caught.value.error.column) == (2, 1)
