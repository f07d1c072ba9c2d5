"""Whatever text arrives, the interpreter answers with RuleErrors, never a Python exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from exalate_tui.rules import Limits, RuleScriptError, check, run_incoming, run_outgoing
from exalate_tui.rules.samples import sample_item

CORPUS = [p.read_text() for p in sorted((Path(__file__).parent / "corpus").glob("*.groovy"))]
PIECES = [
    *"(){}[].,;:?!=+-*/%<>\"'$~|&@#\\\n ",
    "->", "?.", "*.", "?:", "..", "${", "def ", "if ", "else ", "for ", "in ", "while ",
    "switch ", "case ", "return ", "it", "issue", "replica", "null", "1", '"s"', "/re/",
    "as String", "instanceof", "new ", "try ", "catch ", "{ x -> ", "'''", '"""',
]  # fmt: skip
VALUES = [
    "1", "2.5", "'s'", '"g$issue.key"', "null", "true", "[1, 2]", "[a: 1]", "[:]",
    "issue.labels", "issue.comments", "issue.customFields", "issue", "{ it }", "(1..3)",
    "issue.priority", "0", "-1",
]  # fmt: skip
OPERATORS = [
    "+", "-", "*", "/", "%", "**", "==", "<", "<=>", "in", "=~", "==~", "<<", "&&", "?:",
]  # fmt: skip
METHODS = [
    "size()", "collect { it }", "join(',')", "sort()", "unique()", "first()", "toString()",
    "find { it }", "findAll()", "sum()", "max()", "keySet()", "inject(0) { a, b -> a + b }",
    "split(',')", "toInteger()", "groupBy { it }", "collectEntries { [it, it] }", "flatten()",
    "remove(0)", "put(1, 2)", "intdiv(2)", "padLeft(3)", "value", "empty", "key",
]  # fmt: skip
LIMITS = Limits(max_steps=5_000)


def _runs_cleanly(script: str) -> None:
    errors = check(script, "fuzz")
    assert all(e.line >= 1 and e.column >= 1 for e in errors)
    if errors:
        return
    for run in (
        lambda: run_outgoing(script, sample_item(), limits=LIMITS),
        lambda: run_incoming(script, sample_item(), None, limits=LIMITS),
    ):
        try:
            run()
        except RuleScriptError as e:
            assert "Could not run this statement" not in e.error.message, e.error.message


@pytest.mark.parametrize("seed", range(8))
def test_mutated_corpus_scripts(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        chars = list(rng.choice(CORPUS))
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(chars) + 1)
            roll = rng.random()
            if roll < 0.4 and chars:
                del chars[min(pos, len(chars) - 1)]
            elif roll < 0.8:
                chars.insert(pos, rng.choice(PIECES))
            else:
                j = rng.randrange(len(chars) + 1)
                chars[pos:pos] = chars[j : j + rng.randint(1, 20)]
        _runs_cleanly("".join(chars))


@pytest.mark.parametrize("seed", range(4))
def test_random_operations_on_every_kind_of_value(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        a, b = rng.choice(VALUES), rng.choice(VALUES)
        roll = rng.random()
        if roll < 0.4:
            expr = f"({a}) {rng.choice(OPERATORS)} ({b})"
        elif roll < 0.8:
            expr = f"({a}).{rng.choice(METHODS)}"
        else:
            expr = f"({a})[{b}]"
        _runs_cleanly(f"def x = {expr}\nreplica.customFields = [x: x]")


def test_self_referencing_values_are_reported() -> None:
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing("def l = []\nl << l\nreplica.customFields = [l: l]", {})
    assert caught.value.error.kind == "limit"
    with pytest.raises(RuleScriptError) as caught:
        run_outgoing("def l = []\nl << l\nreplica.summary = l.toString()", {})
    assert caught.value.error.kind == "limit"
    assert caught.value.error.line == 3
