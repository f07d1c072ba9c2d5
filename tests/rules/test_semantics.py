"""Groovy semantics where they differ from Python's, one expression at a time."""

from __future__ import annotations

import pytest

from exalate_tui.rules import RuleScriptError, run_outgoing


def value_of(expr: str, prelude: str = "") -> object:
    script = f"{prelude}\nreplica.customFields = [v: ({expr})]"
    return run_outgoing(script, {"key": "K-1", "labels": ["a", "b"]}).replica.customFields["v"]


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        # Groovy truth
        ('"" ? 1 : 2', 2),
        ("0 ? 1 : 2", 2),
        ("0.0 ? 1 : 2", 2),
        ("[] ? 1 : 2", 2),
        ("[:] ? 1 : 2", 2),
        ("null ? 1 : 2", 2),
        ('"false" ? 1 : 2', 1),
        ("!''", True),
        ("'a' && 0", False),
        ("null || 'x'", True),
        # == by value, no Python quirks
        ("[1, [2, 3]] == [1, [2, 3]]", True),
        ("[a: 1] == [a: 1]", True),
        ("1 == 1.0", True),
        ("1 == true", False),
        ("'1' == 1", False),
        ("null == null", True),
        ("'abc' != 'abd'", True),
        ("'b' > 'a'", True),
        ("null < 1", True),
        ("2 <=> 10", -1),
        # numbers
        ("7 / 2", 3.5),
        ("6 / 3", 2),
        ("1 / 3", 0.3333333333),
        ("7.intdiv(2)", 3),
        ("-7 % 3", -1),
        ("2 ** 10", 1024),
        ("0.1 + 0.2 == 0.3", True),
        ("1.5 + 1", 2.5),
        ("10 - 2.5", 7.5),
        ("'5' as Integer", 5),
        ("'2.50' as BigDecimal", 2.5),
        ("3.99 as Integer", 3),
        ("'12'.toInteger() + 1", 13),
        ("(1..4).sum()", 10),
        ("[1, 2.5].sum()", 3.5),
        ("Math.max(3, 7)", 7),
        ("Integer.parseInt('42')", 42),
        # strings
        ("'ab' * 3", "ababab"),
        ("'a' + 1 + 2", "a12"),
        ("1 + 2 + 'a'", "3a"),
        ("'x' + null", "xnull"),
        ("'hello world'.split(' ')", ["hello", "world"]),
        ("'a-b-c'.tokenize('-')", ["a", "b", "c"]),
        ("'Hello'[0]", "H"),
        ("'Hello'[-1]", "o"),
        ("'Hello'[1..3]", "ell"),
        ("'abc'.reverse()", "cba"),
        ("'  pad '.trim().padRight(5, '.')", "pad.."),
        ("'hello'.capitalize()", "Hello"),
        ("'x=1;y=2'.split(';').collectEntries { it.split('=') as List }", {"x": "1", "y": "2"}),
        ("'2026-11-25'.replaceAll(/(\\d+)-(\\d+)-(\\d+)/, '$3.$2.$1')", "25.11.2026"),
        ("'a1b22'.replaceAll(/\\d+/) { m -> '<' + m + '>' }", "a<1>b<22>"),
        ("'abc' - 'b'", "ac"),
        ("'abc'.contains('bc')", True),
        ("'ab' in ['ab', 'c']", True),
        ("'x' in 'xyz'", True),
        ("\"${1 + 1}\" == '2'", True),
        ("'a,b'.split(',').size()", 2),
        # lists and maps
        ("[1, 2] + [3]", [1, 2, 3]),
        ("[1, 2] + 3", [1, 2, 3]),
        ("[1, 2, 3, 2] - [2]", [1, 3]),
        ("[3, 1, 2].sort()", [1, 2, 3]),
        ("['bb', 'a', 'ccc'].sort { it.size() }", ["a", "bb", "ccc"]),
        ("['b', 'a'].sort { x, y -> y <=> x }", ["b", "a"]),
        ("[1, 1, 2].unique()", [1, 2]),
        ("[1, 2, 3].inject(0) { acc, x -> acc + x }", 6),
        ("[1, 2, 3].collect { it * 2 }", [2, 4, 6]),
        ("[1, 2, 3].find { it > 1 }", 2),
        ("[1, 2, 3].findAll { it > 1 }", [2, 3]),
        ("[1, 2, 3].any { it > 2 }", True),
        ("[1, 2, 3].every { it > 2 }", False),
        ("['a', 'b'].join('+')", "a+b"),
        ("[1, 2, 3].take(2)", [1, 2]),
        ("[1, 2, 3].drop(2)", [3]),
        ("[1, 2, 3][-1]", 3),
        ("[1, 2, 3][5]", None),
        ("[1, 2, 3][0..1]", [1, 2]),
        ("[[1, 2], [3]].collectMany { it }", [1, 2, 3]),
        ("['a', 'bb'].groupBy { it.size() }", {"1": ["a"], "2": ["bb"]}),
        ("[a: 1] + [b: 2]", {"a": 1, "b": 2}),
        ("[a: 1, b: 2].findAll { k, v -> v > 1 }", {"b": 2}),
        ("[a: 1, b: 2].collect { it.key + it.value }", ["a1", "b2"]),
        ("[a: 1].get('z', 5)", 5),
        ("[a: 1].containsKey('a')", True),
        ("[a: 1, b: 2].keySet() as List", ["a", "b"]),
        ("[a: 1, b: 2].values()", [1, 2]),
        ("[b: 2, a: 1].sort()", {"a": 1, "b": 2}),
        ("[a: [b: [c: 5]]].a.b.c", 5),
        ("[a: 1].missing", None),
        ("[[n: 1], [n: 2]]*.n", [1, 2]),
        ("[[n: 1], [n: 2]].n", [1, 2]),
        ("[1, 2, 3].size()", 3),
        ("(1..3).toList()", [1, 2, 3]),
        ("(3..1).toList()", [3, 2, 1]),
        ("(1..<3).toList()", [1, 2]),
        ("[1, 2] as Set", [1, 2]),
        ("([1, 1, 2] as Set).size()", 2),
        ("issue.labels.collect { it.toUpperCase() }", ["A", "B"]),
        ("[1, null, 2].findAll()", [1, 2]),
        ("[1, 2].contains(2)", True),
        ("[x: 1].toString()", "[x:1]"),
        ("[1, 'a', null].toString()", "[1, a, null]"),
        ("[:].toString()", "[:]"),
        ("null?.size()", None),
        ("null?.a?.b ?: 'd'", "d"),
        ("[[a: 1], null]*.a", [1, None]),
        ("'abc' instanceof String", True),
        ("5 instanceof Number", True),
        ("[] instanceof List", True),
        ("[:] instanceof Map", True),
        ("'x' !instanceof Integer", True),
        ("3 !in [1, 2]", True),
        ("'abc' ==~ /a.c/", True),
        ("'xabcx' =~ /abc/ ? 'found' : 'no'", "found"),
        ("'a1b2'.findAll(/\\d/)", ["1", "2"]),
        ("true.and(false)", False),
        ("3.times { }", None),
        ("5.toString().padLeft(3, '0')", "005"),
    ],
)
def test_expression(expr: str, expected: object) -> None:
    assert value_of(expr) == expected


@pytest.mark.parametrize(
    ("prelude", "expr", "expected"),
    [
        ("def n = 0\n[1, 2, 3].each { n += it }", "n", 6),
        ("def out = []\n[a: 1, b: 2].each { k, v -> out << k * v }", "out", ["a", "bb"]),
        ("def out = []\nfor (e in [a: 1]) { out << e.key << e.value }", "out", ["a", 1]),
        ("def s = ''\nfor (c in 'abc') { s = c + s }", "s", "cba"),
        ("def f = { a, b -> a * b }", "f(3, 4) + f.call(1, 2)", 14),
        ("def add = { x -> { y -> x + y } }", "add(2)(3)", 5),
        ("def c = { it * 2 }", "[1, 2].collect(c)", [2, 4]),
        ("def i = 0\ndef j = i++\ndef k = ++i", "[i, j, k]", [2, 0, 2]),
        ("def l = [1, 2]\nl[5] = 6", "l", [1, 2, None, None, None, 6]),
        ("def m = [:]\nm.a = 1\nm['b'] = 2\nm.put('c', 3)", "m", {"a": 1, "b": 2, "c": 3}),
        ("def x = 5\nif (x > 3) { x = 'big' } else { x = 'small' }", "x", "big"),
        (
            "def r = []\nfor (i in 1..10) { if (i % 2) continue; if (i > 6) break; r << i }",
            "r",
            [2, 4, 6],
        ),
        ("String s = 42\nint n = 3.7", "[s, n]", ["42", 3]),
        (
            "def x\ntry { x = 1 / 0 } catch (ArithmeticException e) { x = e.message }",
            "x",
            "Division by zero",
        ),
        ("def x = 0\ntry { x = 1 } finally { x += 10 }", "x", 11),
        ("def l = []\ndef i = 0\nwhile (i < 3) { l.add(i); i += 1 }", "l", [0, 1, 2]),
        (
            "def x = 'b'\ndef r\nswitch (x) { case 'a': r = 1\ncase 'b': r = 2\n"
            "case 'c': r = 3; break\ndefault: r = 4 }",
            "r",
            3,
        ),
        ("def r\nswitch (7) { case 1..5: r = 'low'; break; case 6..10: r = 'high' }", "r", "high"),
        ("def m = [a: 1]\nm.a += 2\nm.a++", "m.a", 4),
        ("def l = ['x']\nl += 'y'\nl -= 'x'", "l", ["y"]),
        ("def s = 'a'\ns *= 3", "s", "aaa"),
        ("def v = [1, 2, 3]\nv.removeAll { it > 1 }", "v", [1]),
        ("x = 5", "x", 5),
        ("def out = []\n[[1, 2], [3, 4]].each { a, b -> out << a + b }", "out", [3, 7]),
        (
            "def pairs = [['a', 1], ['b', 2]]",
            "pairs.collectEntries { k, v -> [(k): v] }",
            {"a": 1, "b": 2},
        ),
    ],
)
def test_statements(prelude: str, expr: str, expected: object) -> None:
    assert value_of(expr, prelude) == expected


def test_regex_matcher() -> None:
    prelude = """
def text = "see ABC-12 and DEF-34"
def m = text =~ /([A-Z]+)-(\\d+)/
def numbers = []
while (m.find()) { numbers << m.group(2) }
def keys = (text =~ /[A-Z]+-\\d+/).collect { it }
"""
    expr = "[numbers, keys, m[1][1], m.size(), (text =~ /zzz/) ? 1 : 0, text =~ /ABC/ ? 'y' : 'n']"
    assert value_of(expr, prelude) == [["12", "34"], ["ABC-12", "DEF-34"], "DEF", 2, 0, "y"]


def test_multi_line_ternary() -> None:
    prelude = "def x = issue.key\n    ? 'has key'\n    : 'none'"
    assert value_of("x", prelude) == "has key"


def test_closure_sees_and_changes_enclosing_variables() -> None:
    prelude = "def total = 0\ndef add = { n -> total += n }\nadd(2)\nadd(3)"
    assert value_of("total", prelude) == 5


def test_block_variables_do_not_leak() -> None:
    with pytest.raises(RuleScriptError) as caught:
        value_of("inner", "if (true) { def inner = 1 }")
    assert "Unknown variable 'inner'" in caught.value.error.message


def test_functions_are_hoisted_and_recursive() -> None:
    prelude = "def r = fib(10)\ndef fib(n) { n < 2 ? n : fib(n - 1) + fib(n - 2) }"
    assert value_of("r", prelude) == 55


def test_comments_and_semicolons_and_line_continuations() -> None:
    prelude = """
// a line comment
/* a block
   comment */
def a = 1; def b = 2 // trailing
def c = a +
    b
def d = [1, 2, 3]
    .collect { it * c }
    .findAll { it > 3 }
def e = a == 1 &&
    b == 2
def f = a > 5
    ?: 'elvis'
"""
    assert value_of("[c, d, e, f]", prelude) == [3, [6, 9], True, "elvis"]
