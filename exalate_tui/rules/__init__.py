"""Sync rules: a sandboxed interpreter for the Groovy subset that sync scripts are written in.

Textual-free and FastAPI-free. The node calls these functions; everything returned is plain
pydantic data, and every problem is a `RuleError` (script name, 1-based line and column, message,
kind = syntax | runtime | sandbox | limit, and the offending source line) — never a traceback.

Public API
----------
``check(script, name) -> list[RuleError]``
    Parses (and compiles) without running; ``[]`` when the script is fine. Use it to validate
    ``PUT .../rules`` and for ``/rules/check``.

``check_rules(outgoing, incoming) -> RulesCheck``
    Both scripts at once, named "outgoing" and "incoming": ``RulesCheck(ok, errors)`` is the
    body of ``POST .../rules/check`` as it stands.

``compile_script(script, name="script") -> Program``
    Parsed and compiled program, cached by script text (LRU). Raises ``RuleScriptError``.

``run_outgoing(script, item, tracker=None, *, name="outgoing", limits=None) -> OutgoingResult``
    ``issue`` / ``workItem`` / ``entity`` is ``item`` (read-only), ``replica`` starts empty.
    Returns ``OutgoingResult(replica: SyncItem, logs)``.

``run_incoming(script, replica, item=None, first_sync=None, previous=None, tracker=None, *,
name="incoming", limits=None) -> IncomingResult``
    ``replica`` is what arrived (``addedComments``, ``removedComments``, ``addedAttachments`` are
    computed against ``previous``), ``issue`` is ``item`` or an empty item, ``firstSync`` defaults
    to ``item is None``. Returns ``IncomingResult(issue: SyncItem, first_sync, sync_back, logs)``.

``test_run(outgoing, incoming, item, *, tracker=None) -> TestRunResult``
    The Test run: outgoing on ``item``, then incoming on that replica as a first sync onto an
    empty item. Never raises for script problems: ``{ok, replica, issue, errors, logs}``.

Both ``run_*`` raise ``RuleScriptError`` (``.error`` is the ``RuleError``) on any syntax, runtime,
sandbox or limit error. Items are dicts (or ``SyncItem``) with the fields key, id, summary,
description, labels, comments, attachments, priority, status, assignee, reporter, type/typeName,
project/projectKey, created, updated, customFields; unknown fields pass through untouched.

``TrackerView`` is the protocol helpers read from (projects, issue types, priorities, statuses,
users by email; optionally services). ``InMemoryTracker`` is the default; any other object is
wrapped so that methods it lacks fall back to the defaults and the pydantic models it returns
are read as dicts (the node's embedded tracker, which only lists projects, can be passed as is).

Language: the Groovy subset of issue 5 (def/typed declarations, if/else, for-in, classic for,
while, switch with fall-through and list/range/regex/closure cases, break/continue/return,
try/catch/finally, throw, assert, top-level methods, closures with ``it``, GStrings, slashy
regexes, ranges, ?. *. ?: as instanceof in =~ ==~ << and Groovy truth/equality/division).
Vendor idioms that work on plain values: ``customFields."X".value`` (a scalar's ``.value`` is
itself, and ``x.value = v`` on a plain field replaces it), ``labels.collect { it.label }``,
``workItem.setStatus(name)``, ``entity.short_description``/``subject`` for ``summary``.

Sandbox: scripts see only their globals (issue, workItem, entity, replica, previous, firstSync,
nodeHelper, commentHelper, attachmentHelper, syncHelper, log, debug, Math, Integer, Long,
String); names beginning with ``_``, host classes (System, Runtime, Class, File, Thread,
GroovyShell, ...), reflection members (getClass, class, metaClass, invokeMethod, execute, ...)
and ``evaluate`` are refused, at check time where the name is static. ``Limits``: step budget
(200,000; built-in work on big values is charged too), time budget (2 s), recursion depth (40),
string length (1,000,000), collection size (100,000), and regexes with nested repetition.
Running a script raises Python's recursion limit to 6,000 if it is lower (process-wide), so the
depth limit, not Python, is what a deep script hits.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .errors import RuleError, RuleScriptError, ScriptError
from .helpers import InMemoryTracker, TrackerView, build_helpers
from .interp import Program
from .models import (
    Attachment,
    Comment,
    IncomingResult,
    Named,
    OutgoingResult,
    SyncItem,
    TestRunResult,
    User,
    data_from_item,
    item_from_data,
)
from .parser import parse
from .values import Entity, Limits

__all__ = [
    "Attachment",
    "Comment",
    "InMemoryTracker",
    "IncomingResult",
    "Limits",
    "Named",
    "OutgoingResult",
    "Program",
    "RuleError",
    "RuleScriptError",
    "SyncItem",
    "TestRunResult",
    "TrackerView",
    "User",
    "RulesCheck",
    "check",
    "check_rules",
    "compile_script",
    "run_incoming",
    "run_outgoing",
    "test_run",
]

DEFAULT_LIMITS = Limits()
MAX_SCRIPT_CHARS = 200_000
# Each nested script call costs a bounded number of Python frames; keep head-room above them.
_PYTHON_FRAMES_NEEDED = 6000


@lru_cache(maxsize=256)
def _compile(script: str) -> Program | ScriptError:
    if len(script) > MAX_SCRIPT_CHARS:
        return ScriptError(
            f"The script is longer than {MAX_SCRIPT_CHARS:,} characters", 1, 1, "limit"
        )
    try:
        return Program(parse(script))
    except ScriptError as e:
        return e
    except RecursionError:
        return ScriptError("The script is nested too deeply", 1, 1, "syntax")


def compile_script(script: str, name: str = "script") -> Program:
    result = _compile(script)
    if isinstance(result, ScriptError):
        raise RuleScriptError(result.to_rule_error(name, script))
    return result


def check(script: str, name: str = "script") -> list[RuleError]:
    result = _compile(script)
    if isinstance(result, ScriptError):
        return [result.to_rule_error(name, script)]
    return []


class RulesCheck(BaseModel):
    ok: bool
    errors: list[RuleError]


def check_rules(outgoing: str, incoming: str) -> RulesCheck:
    errors = check(outgoing, "outgoing") + check(incoming, "incoming")
    return RulesCheck(ok=not errors, errors=errors)


_helpers_cache: list[tuple[Any, dict[str, Any]]] = []
_DEFAULT_TRACKER = InMemoryTracker()


def _helpers(tracker: TrackerView | None) -> dict[str, Any]:
    tracker = tracker if tracker is not None else _DEFAULT_TRACKER
    for known, helpers in _helpers_cache:
        if known is tracker:
            return helpers
    helpers = build_helpers(tracker)
    _helpers_cache.append((tracker, helpers))
    del _helpers_cache[:-16]
    return helpers


def _run(program: Program, script: str, name: str, globals_: dict[str, Any], limits: Limits):
    if sys.getrecursionlimit() < _PYTHON_FRAMES_NEEDED:
        sys.setrecursionlimit(_PYTHON_FRAMES_NEEDED)
    try:
        return program.run(globals_, limits)
    except ScriptError as e:
        raise RuleScriptError(e.to_rule_error(name, script)) from None
    except RecursionError:
        err = ScriptError("The script is nested too deeply (recursion limit reached)", 1, 1)
        err.kind = "limit"
        raise RuleScriptError(err.to_rule_error(name, script)) from None


def _result(entity: Entity, script: str, name: str) -> SyncItem:
    """The item a script left behind, as plain data; a value that cannot be (one that contains
    itself, say) is reported like any other script error."""
    try:
        return item_from_data(entity.data)
    except ScriptError as e:
        raise RuleScriptError(e.to_rule_error(name, script)) from None
    except (ValueError, TypeError, RecursionError) as e:
        err = ScriptError(f"'{entity.label}' holds a value that is not plain data ({e})", 1, 1)
        raise RuleScriptError(err.to_rule_error(name, script)) from None


def run_outgoing(
    script: str,
    item: dict[str, Any] | SyncItem,
    tracker: TrackerView | None = None,
    *,
    name: str = "outgoing",
    limits: Limits | None = None,
) -> OutgoingResult:
    program = compile_script(script, name)
    issue = Entity("issue", data_from_item(item), readonly=True)
    replica = Entity("replica", {})
    globals_ = dict(_helpers(tracker))
    globals_.update(
        issue=issue, workItem=issue, entity=issue, replica=replica, previous=None,
        firstSync=False,
    )  # fmt: skip
    ctx = _run(program, script, name, globals_, limits or DEFAULT_LIMITS)
    return OutgoingResult(replica=_result(replica, script, name), logs=ctx.logs)


def _by_id(items: Any) -> dict[str, Any]:
    out = {}
    for x in items or []:
        if isinstance(x, dict) and x.get("id") is not None:
            out[str(x["id"])] = x
    return out


def _with_changes(replica: dict[str, Any], previous: dict[str, Any] | None) -> None:
    for field, added, removed in (
        ("comments", "addedComments", "removedComments"),
        ("attachments", "addedAttachments", "removedAttachments"),
    ):
        now = replica.get(field) or []
        before = _by_id((previous or {}).get(field))
        current = _by_id(now)
        replica[added] = [
            x for x in now if not (isinstance(x, dict) and str(x.get("id")) in before)
        ]
        replica[removed] = [x for k, x in before.items() if k not in current]


def run_incoming(
    script: str,
    replica: dict[str, Any] | SyncItem,
    item: dict[str, Any] | SyncItem | None = None,
    first_sync: bool | None = None,
    previous: dict[str, Any] | SyncItem | None = None,
    tracker: TrackerView | None = None,
    *,
    name: str = "incoming",
    limits: Limits | None = None,
) -> IncomingResult:
    program = compile_script(script, name)
    first = item is None if first_sync is None else first_sync
    replica_data = data_from_item(replica)
    previous_data = data_from_item(previous) if previous is not None else None
    _with_changes(replica_data, previous_data)
    issue = Entity("issue", data_from_item(item) if item is not None else {})
    globals_ = dict(_helpers(tracker))
    globals_.update(
        issue=issue, workItem=issue, entity=issue, replica=Entity("replica", replica_data),
        previous=Entity("previous", previous_data, readonly=True) if previous_data else None,
        firstSync=first,
    )  # fmt: skip
    ctx = _run(program, script, name, globals_, limits or DEFAULT_LIMITS)
    return IncomingResult(
        issue=_result(issue, script, name),
        first_sync=first,
        sync_back=bool(ctx.flags.get("sync_back")),
        logs=ctx.logs,
    )


def test_run(
    outgoing: str,
    incoming: str,
    item: dict[str, Any] | SyncItem,
    *,
    tracker: TrackerView | None = None,
) -> TestRunResult:
    errors = check_rules(outgoing, incoming).errors
    if errors:
        return TestRunResult(ok=False, errors=errors)
    try:
        out = run_outgoing(outgoing, item, tracker=tracker)
    except RuleScriptError as e:
        return TestRunResult(ok=False, errors=[e.error])
    try:
        inc = run_incoming(incoming, out.replica, None, first_sync=True, tracker=tracker)
    except RuleScriptError as e:
        return TestRunResult(ok=False, replica=out.replica, errors=[e.error], logs=out.logs)
    return TestRunResult(ok=True, replica=out.replica, issue=inc.issue, logs=out.logs + inc.logs)


test_run.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
