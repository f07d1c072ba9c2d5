"""Runaway scripts stop with an error that names the limit and where it was hit."""

from __future__ import annotations

import time

import pytest

from exalate_tui.rules import Limits, RuleScriptError, check, run_incoming, run_outgoing


def _limit_error(script: str, limits: Limits | None = None):
    start = time.perf_counter()
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing(script, {"key": "K-1"}, limits=limits)
    assert time.perf_counter() - start < 10, "a limit must stop the script promptly"
    error = caught.value.error
    assert error.kind == "limit", error.message
    return error


@pytest.mark.parametrize(
    ("script", "line", "column"),
    [
        ("while (true) {}", 1, 1),
        ("for (;;) { }", 1, 1),
        ("def i = 0\nwhile (i >= 0) {\n  i++\n}", 2, 1),
        ("def n = 0\n\n  while (n < 1) { n = n * 1 }", 3, 3),
        ("(1..50000).each { n -> (1..50000).each { m -> } }", 1, 35),
        ("def f() { while (true) { } }\nf()", 1, 11),
    ],
)
def test_endless_loops_hit_the_step_budget(script: str, line: int, column: int) -> None:
    error = _limit_error(script)
    assert "step budget of 200,000 steps" in error.message
    assert (error.line, error.column) == (line, column)


def test_step_budget_is_configurable() -> None:
    script = "def n = 0\nfor (i in 1..500) { n += i }\nreplica.summary = n"
    assert run_outgoing(script, {}).replica.summary == "125250"
    error = _limit_error(script, Limits(max_steps=100))
    assert "step budget of 100 steps" in error.message
    assert error.line == 2


@pytest.mark.parametrize(
    ("script", "line", "column"),
    [
        ("def f(n) { f(n + 1) }\nf(0)", 1, 12),
        ("def g\ng = { n -> g(n + 1) }\ng(0)", 2, 12),
        ("def f(n) { [n].collect { f(it + 1) } }\nf(0)", 1, 26),
    ],
)
def test_recursion_limit(script: str, line: int, column: int) -> None:
    error = _limit_error(script)
    assert "recursion limit of 40 nested calls" in error.message
    assert (error.line, error.column) == (line, column)


def test_recursion_within_the_limit_works() -> None:
    script = "def f(n) { n == 0 ? 0 : 1 + f(n - 1) }\nreplica.summary = f(39)"
    assert run_outgoing(script, {}).replica.summary == "39"


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ('def s = "x"\nwhile (true) { s += s }', "string grew beyond the limit of 1,000,000"),
        ('def s = "x" * 10000000', "beyond the size limit"),
        ('def s = "ab".padLeft(5000000)', "beyond the string size limit"),
        ('def s = "${"x" * 600000}${"y" * 600000}"', "string grew beyond"),
        (
            "def l = [1]\nwhile (true) { l.addAll(l) }",
            "list or map grew beyond the limit of 100,000",
        ),
        ("def l = [0] * 1000000", "beyond the size limit"),
        ("def r = 1..10000000", "larger than the limit of 100,000 elements"),
        ("def n = 2 ** 100000", "number grew beyond the limit of 4096 bits"),
        ("def n = 3\nwhile (true) { n = n * n }", "number grew beyond"),
    ],
)
def test_size_caps(script: str, words: str) -> None:
    error = _limit_error(script)
    assert words in error.message
    assert error.line >= 1 and error.column >= 1


@pytest.mark.parametrize(
    "grow",
    ["m[it] = it", "m.put(it, it)", "m.putAll([(it): it])", 'm."k$it" = it'],
)
def test_map_size_cap(grow: str) -> None:
    script = f"def m = [:]\n(1..60000).each {{ {grow} }}\n(60001..120000).each {{ {grow} }}"
    error = _limit_error(script, Limits(max_steps=10_000_000))
    assert "list or map grew beyond the limit of 100,000 elements" in error.message
    assert error.line == 3


def test_limits_cannot_be_caught_by_the_script() -> None:
    error = _limit_error('try { while (true) {} } catch (Exception e) { replica.summary = "x" }')
    assert "step budget" in error.message


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    for script in (
        "x = " + "(" * 500 + "1" + ")" * 500,
        "x = " + "[" * 500 + "]" * 500,
        "x = " + "!" * 5000 + "true",
        "if (a) {" * 300 + "}" * 300,
        "x = " + "{ -> " * 300 + "1" + " }" * 300,
    ):
        errors = check(script)
        assert len(errors) == 1
        assert errors[0].kind == "syntax"
        assert "nested too deeply" in errors[0].message


def test_huge_script_is_refused() -> None:
    errors = check("x = 1\n" * 50_000)
    assert errors and errors[0].kind == "limit"


def test_incoming_limits_apply_too() -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_incoming("while (firstSync) { }", {}, None)
    assert caught.value.error.kind == "limit"
    assert caught.value.error.script == "incoming"


def test_time_budget_stops_expensive_builtin_work() -> None:
    script = "def l = (1..99999).toList().reverse()\nwhile (true) { l.sort(); l.reverse() }"
    start = time.perf_counter()
    error = _limit_error(script, Limits(max_seconds=0.5, max_steps=10**12))
    assert time.perf_counter() - start < 5
    assert "time budget of 0.5 seconds" in error.message
    assert error.line == 2


def test_builtin_work_on_big_values_counts_as_steps() -> None:
    script = "def l = (1..99999).toList()\nwhile (true) { l.join(',') }"
    error = _limit_error(script, Limits(max_seconds=60))
    assert "step budget" in error.message


def test_catastrophic_regular_expressions_are_refused() -> None:
    error = _limit_error("replica.summary = ('a' * 40 + '!') ==~ /(a+)+$/")
    assert "repeats a repeated group" in error.message
    assert (error.line, error.column) == (1, 36)
    ok = run_outgoing("replica.summary = 'ab-12'.replaceAll(/(\\w+)-(\\d+)/, '$2')", {})
    assert ok.replica.summary == "12"


@pytest.mark.parametrize(
    "script",
    [
        "x = 2 ** -100000000",
        "x = (1e999999999).toInteger()",
        "x = 1e99999 as Integer",
        'x = String.format("%0999999999d", 1)',
        'x = String.format("%.99999f", 1.5)',
        "x = 7 ** 100000",
    ],
)
def test_huge_numbers_and_formats_are_refused_quickly(script: str) -> None:
    error = _limit_error(script)
    assert "limit" in error.message or "limited" in error.message
