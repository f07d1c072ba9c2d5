"""Runtime values of sync rules and Groovy's semantics for them (truth, equality, text, types)."""

from __future__ import annotations

import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import LimitError, ScriptError


class Limits:
    """What a script may consume. All are checked; exceeding one stops the script."""

    __slots__ = ("max_steps", "max_depth", "max_string", "max_collection", "max_seconds")

    def __init__(
        self,
        max_steps: int = 200_000,
        max_depth: int = 40,
        max_string: int = 1_000_000,
        max_collection: int = 100_000,
        max_seconds: float = 2.0,
    ) -> None:
        self.max_steps = max_steps
        self.max_depth = max_depth
        self.max_string = max_string
        self.max_collection = max_collection
        self.max_seconds = max_seconds


CHECK_EVERY = 1_000  # steps between looks at the clock


class Ctx:
    """Per-run state: the step budget, call depth, defined methods and log lines.

    `checkpoint` is the step count at which `reached_checkpoint()` next looks at the budgets:
    the hot paths compare one integer and the clock is read every CHECK_EVERY steps.
    """

    __slots__ = (
        "steps",
        "checkpoint",
        "deadline",
        "depth",
        "limits",
        "functions",
        "logs",
        "root",
        "flags",
    )

    def __init__(self, limits: Limits) -> None:
        self.steps = 0
        self.checkpoint = min(CHECK_EVERY, limits.max_steps)
        self.deadline = time.monotonic() + limits.max_seconds
        self.depth = 0
        self.limits = limits
        self.functions: dict[str, Any] = {}
        self.logs: list[str] = []
        self.root: Scope | None = None
        self.flags: dict[str, Any] = {}

    def reached_checkpoint(self) -> None:
        """Raises LimitError when a budget is spent; else sets the next checkpoint."""
        limits = self.limits
        if self.steps > limits.max_steps:
            raise LimitError(
                f"The script exceeded its step budget of {limits.max_steps:,} steps "
                "(an endless loop or a very large amount of work)"
            )
        if time.monotonic() > self.deadline:
            raise LimitError(
                f"The script ran longer than its time budget of {limits.max_seconds:g} seconds"
            )
        self.checkpoint = min(self.steps + CHECK_EVERY, limits.max_steps)

    def charge(self, work: int) -> None:
        """Counts built-in work on big values (sorting, joining ...) against the step budget."""
        self.steps += work
        if self.steps > self.checkpoint:
            self.reached_checkpoint()

    def check_string(self, s: str) -> str:
        if len(s) > self.limits.max_string:
            raise LimitError(
                f"A string grew beyond the limit of {self.limits.max_string:,} characters"
            )
        return s

    def check_size(self, c: Any) -> Any:
        if len(c) > self.limits.max_collection:
            raise LimitError(
                f"A list or map grew beyond the limit of {self.limits.max_collection:,} elements"
            )
        return c


class Scope:
    __slots__ = ("vars", "parent", "ctx")

    def __init__(self, vars_: dict[str, Any], parent: Scope | None, ctx: Ctx) -> None:
        self.vars = vars_
        self.parent = parent
        self.ctx = ctx


class Closure:
    __slots__ = ("params", "body", "scope", "line", "col")

    def __init__(self, params: list[str] | None, body: Any, scope: Scope, line: int, col: int):
        self.params = params
        self.body = body
        self.scope = scope
        self.line = line
        self.col = col

    @property
    def arity(self) -> int:
        return 1 if self.params is None else len(self.params)


class GSet(list):
    """Groovy's (linked) Set: a list that refuses duplicates."""

    def add_unique(self, value: Any) -> bool:
        for existing in self:
            if equals(existing, value):
                return False
        self.append(value)
        return True


class Matcher:
    """What `text =~ /re/` gives: true when the pattern occurs; `m[0]`, `m[0][1]`, `find()`,
    `group(n)`, `size()` and iteration read the matches (each a string, or a list of the match
    and its groups when the pattern has groups)."""

    type_label = "Matcher"

    def __init__(self, matches: list[Any], whole: bool) -> None:
        self.matches = matches
        self.whole = whole
        self.pos = 0
        self.current: Any = None
        self.methods = {
            "find": self._find,
            "group": self._group,
            "matches": lambda ctx, args: self.whole,
            "size": lambda ctx, args: len(self.matches),
            "getCount": lambda ctx, args: len(self.matches),
            "reset": self._reset,
        }

    @staticmethod
    def value(m: Any) -> Any:
        return [m.group(0), *m.groups()] if m.re.groups else m.group(0)

    def values(self) -> list[Any]:
        return [self.value(m) for m in self.matches]

    def _find(self, ctx: Any, args: list[Any]) -> bool:
        if self.pos < len(self.matches):
            self.current = self.matches[self.pos]
            self.pos += 1
            return True
        self.current = None
        return False

    def _group(self, ctx: Any, args: list[Any]) -> Any:
        m = self.current
        if m is None:
            raise ScriptError("Matcher.group() needs a successful find() first")
        n = args[0] if args else 0
        try:
            return m.group(n)
        except (IndexError, TypeError):
            raise ScriptError(f"The pattern has no group {to_str(n)}") from None

    def _reset(self, ctx: Any, args: list[Any]) -> Matcher:
        self.pos = 0
        self.current = None
        return self

    def get_property(self, name: str) -> Any:
        if name == "count":
            return len(self.matches)
        raise ScriptError(f"No property '{name}' on Matcher")


class MapEntry:
    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value


class Entity:
    """`issue`/`workItem`/`entity`, `replica`, `previous`: an item's fields as a property bag."""

    __slots__ = ("label", "data", "readonly")

    NAMED = frozenset(("priority", "status", "type", "resolution", "issueType", "state"))
    USERS = frozenset(("assignee", "reporter", "creator"))
    LISTS = frozenset(("labels", "comments", "attachments", "components", "fixVersions"))
    CHANGES = frozenset(
        ("addedComments", "removedComments", "addedAttachments", "removedAttachments")
    )

    def __init__(self, label: str, data: dict[str, Any], readonly: bool = False) -> None:
        self.label = label
        self.data = data
        self.readonly = readonly

    # Vendor field names of other platforms that mean one of ours (ServiceNow, Xurrent).
    ALIASES = {"short_description": "summary", "subject": "summary", "number": "key"}

    def get(self, name: str) -> Any:
        data = self.data
        name = self.ALIASES.get(name, name)
        if name in data:
            value = data[name]
            if value is None and name in self.LISTS:
                value = data[name] = []
            return value
        if name == "typeName":
            t = data.get("type")
            return t.get("name") if isinstance(t, dict) else t
        if name == "projectKey":
            p = data.get("project")
            return p.get("key") if isinstance(p, dict) else p
        if name in ("issueType", "workItemType"):
            return data.get("type")
        if name in self.LISTS:
            value = data[name] = []
            return value
        if name in self.CHANGES:
            return []
        if name == "customFields":
            value = data[name] = {}
            return value
        return None

    def set(self, name: str, value: Any) -> None:
        if self.readonly:
            raise ScriptError(
                f"'{self.label}' is read-only here: set fields on 'replica' in an outgoing script"
            )
        name = self.ALIASES.get(name, name)
        if name == "typeName":
            name, value = "type", ({"name": value} if value is not None else None)
        elif name == "projectKey":
            name, value = "project", ({"key": value} if value is not None else None)
        elif name in ("issueType", "workItemType"):
            name = "type"
        if isinstance(value, str):
            if name in self.NAMED:
                value = {"name": value}
            elif name in self.USERS:
                value = {"email": value} if "@" in value else {"username": value}
        self.data[name] = value


def type_name(v: Any) -> str:
    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "Boolean"
    if t is int:
        return "Integer"
    if t is float:
        return "Double"
    if t is Decimal:
        return "BigDecimal"
    if t is str:
        return "String"
    if t is GSet:
        return "Set"
    if t is list:
        return "List"
    if t is dict:
        return "Map"
    if t is Closure:
        return "Closure"
    if t is MapEntry:
        return "Map.Entry"
    if t is Entity:
        return v.label
    return getattr(v, "type_label", t.__name__)


def is_number(v: Any) -> bool:
    t = type(v)
    return t is int or t is float or t is Decimal


def truthy(v: Any) -> bool:
    if v is None:
        return False
    t = type(v)
    if t is bool:
        return v
    if t is str or t is list or t is dict or t is GSet:
        return len(v) > 0
    if t is int or t is float or t is Decimal:
        return v != 0
    if t is Matcher:
        return len(v.matches) > 0
    return True


def equals(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if a is None or b is None:
        return False
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if ta is str or tb is str:
        return ta is tb and a == b
    if is_number(a) and is_number(b):
        if ta is float or tb is float:
            return float(a) == float(b)
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equals(x, y) for x, y in zip(a, b, strict=True))
    if ta is dict and tb is dict:
        if len(a) != len(b):
            return False
        return all(k in b and equals(v, b[k]) for k, v in a.items())
    if ta is MapEntry and tb is MapEntry:
        return equals(a.key, b.key) and equals(a.value, b.value)
    return False


def compare(a: Any, b: Any) -> int:
    if a is None or b is None:
        return (a is not None) - (b is not None)
    if is_number(a) and is_number(b) and type(a) is not bool and type(b) is not bool:
        if type(a) is float or type(b) is float:
            a, b = float(a), float(b)
        return (a > b) - (a < b)
    if type(a) is str and type(b) is str:
        return (a > b) - (a < b)
    if type(a) is bool and type(b) is bool:
        return (a > b) - (a < b)
    raise ScriptError(f"Cannot compare {type_name(a)} with {type_name(b)}")


def format_decimal(d: Decimal) -> str:
    s = str(d)
    if "E" in s or "e" in s:
        s = format(d, "f")
    return s


def to_str(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is float:
        if v == int(v) and abs(v) < 1e7:
            return f"{v:.1f}"
        return repr(v)
    if t is Decimal:
        return format_decimal(v)
    if isinstance(v, list):
        return "[" + ", ".join(to_str(x) for x in v) + "]"
    if t is dict:
        if not v:
            return "[:]"
        return "[" + ", ".join(f"{to_str(k)}:{to_str(x)}" for k, x in v.items()) + "]"
    if t is MapEntry:
        return f"{to_str(v.key)}={to_str(v.value)}"
    if t is Entity:
        return f"{v.label}[key={to_str(v.data.get('key'))}]"
    if t is Closure:
        return "Closure"
    return type_name(v)


# -- numbers ------------------------------------------------------------------------------------
_TEN_DIGITS = Decimal("1E-10")
MAX_INT_BITS = 4096


_INT_DIGITS = 1233  # decimal digits of 2 ** MAX_INT_BITS


def _check_int(v: int) -> int:
    if v.bit_length() > MAX_INT_BITS:
        raise LimitError(f"A number grew beyond the limit of {MAX_INT_BITS} bits")
    return v


def as_decimal(v: Any) -> Decimal:
    return v if type(v) is Decimal else Decimal(v)


def groovy_div(a: Any, b: Any) -> Any:
    if b == 0:
        raise ScriptError("Division by zero")
    if type(a) is float or type(b) is float:
        return float(a) / float(b)
    try:
        q = as_decimal(a) / as_decimal(b)
        if q == q.to_integral_value():
            return int(q) if type(a) is int and type(b) is int else q
        return q.quantize(_TEN_DIGITS, rounding=ROUND_HALF_UP).normalize()
    except InvalidOperation:
        raise ScriptError("Invalid division") from None


def to_int(v: Any) -> int:
    t = type(v)
    if t is int:
        return v
    if t is bool:
        raise ScriptError("Cannot convert a Boolean to Integer")
    if t is float or t is Decimal:
        if t is Decimal and v.is_finite() and v.adjusted() > _INT_DIGITS:
            raise LimitError(f"A number grew beyond the limit of {MAX_INT_BITS} bits")
        try:
            return int(v)
        except (ValueError, OverflowError, ArithmeticError):
            raise ScriptError(f"Cannot convert {to_str(v)} to Integer") from None
    if t is str:
        try:
            return _check_int(int(v.strip()))
        except ValueError:
            raise ScriptError(
                f"Cannot convert '{v}' to Integer: it is not a whole number"
            ) from None
    raise ScriptError(f"Cannot convert {type_name(v)} to Integer")


def to_decimal(v: Any) -> Decimal:
    if is_number(v) and type(v) is not bool:
        return Decimal(str(v)) if type(v) is float else as_decimal(v)
    if type(v) is str:
        try:
            return Decimal(v.strip())
        except InvalidOperation:
            raise ScriptError(f"Cannot convert '{v}' to a number") from None
    raise ScriptError(f"Cannot convert {type_name(v)} to a number")


def to_float(v: Any) -> float:
    try:
        return float(to_decimal(v)) if type(v) is str else float(v)
    except (TypeError, ValueError):
        raise ScriptError(f"Cannot convert {type_name(v)} to Double") from None
