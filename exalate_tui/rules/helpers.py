"""The helpers scripts call (nodeHelper, commentHelper, attachmentHelper, syncHelper, log, Math)
and the small tracker interface they read from."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from .errors import LimitError, ScriptError, ThrownError
from .methods_coll import arg
from .ops import call_closure
from .values import Closure, Ctx, Entity, compare, is_number, to_decimal, to_int, to_str


@runtime_checkable
class TrackerView(Protocol):
    """What helpers may read from the local tracker. Values are plain dicts."""

    def projects(self) -> list[dict[str, Any]]:
        """`[{key, name}]`"""
        ...

    def issue_types(self, project_key: str | None = None) -> list[dict[str, Any]]:
        """`[{id, name}]`"""
        ...

    def priorities(self) -> list[dict[str, Any]]:
        """`[{id, name}]`"""
        ...

    def statuses(self, project_key: str | None = None) -> list[dict[str, Any]]:
        """`[{id, name}]`"""
        ...

    def user_by_email(self, email: str) -> dict[str, Any] | None:
        """`{email, displayName, username}` or None"""
        ...

    # Optional: `services() -> [{id, name}]` (Xurrent); without it nodeHelper.getService(name)
    # answers `{name}` for any name.


def _named_list(*names: str) -> list[dict[str, Any]]:
    return [{"id": str(i + 1), "name": n} for i, n in enumerate(names)]


@dataclass
class InMemoryTracker:
    """A TrackerView over plain lists; the default when the node passes none."""

    project_list: list[dict[str, Any]] = field(
        default_factory=lambda: [{"key": "DEMO", "name": "Demo project"}]
    )
    issue_type_list: list[dict[str, Any]] = field(
        default_factory=lambda: _named_list("Task", "Bug", "Story", "Epic", "Incident")
    )
    priority_list: list[dict[str, Any]] = field(
        default_factory=lambda: _named_list("Highest", "High", "Medium", "Low", "Lowest")
    )
    status_list: list[dict[str, Any]] = field(
        default_factory=lambda: _named_list("To Do", "In Progress", "Done")
    )
    user_list: list[dict[str, Any]] = field(default_factory=list)
    service_list: list[dict[str, Any]] = field(
        default_factory=lambda: _named_list("General Support", "IT Operations", "Payments")
    )

    def projects(self) -> list[dict[str, Any]]:
        return self.project_list

    def issue_types(self, project_key: str | None = None) -> list[dict[str, Any]]:
        return self.issue_type_list

    def priorities(self) -> list[dict[str, Any]]:
        return self.priority_list

    def statuses(self, project_key: str | None = None) -> list[dict[str, Any]]:
        return self.status_list

    def services(self) -> list[dict[str, Any]]:
        return self.service_list

    def user_by_email(self, email: str) -> dict[str, Any] | None:
        wanted = email.strip().lower()
        for u in self.user_list:
            if str(u.get("email", "")).lower() == wanted:
                return u
        return None


def _as_dict(x: Any) -> dict[str, Any]:
    if isinstance(x, dict):
        return x
    dump = getattr(x, "model_dump", None)
    if callable(dump):
        return dump()
    return {
        k: getattr(x, k) for k in ("id", "key", "name", "email", "displayName") if hasattr(x, k)
    }


class TrackerAdapter:
    """Any tracker object as a TrackerView: methods it lacks fall back to InMemoryTracker's
    defaults, and pydantic models or plain objects it returns are read as dicts. So the node can
    pass its embedded tracker (which only lists projects) as it is."""

    def __init__(self, tracker: Any) -> None:
        self.tracker = tracker
        self.fallback = InMemoryTracker()

    def _call(self, name: str, *args: Any) -> Any:
        fn = getattr(self.tracker, name, None)
        if not callable(fn):
            fn = getattr(self.fallback, name)
        return fn(*args)

    def projects(self) -> list[dict[str, Any]]:
        return [_as_dict(p) for p in self._call("projects")]

    def issue_types(self, project_key: str | None = None) -> list[dict[str, Any]]:
        return [_as_dict(t) for t in self._call("issue_types", project_key)]

    def priorities(self) -> list[dict[str, Any]]:
        return [_as_dict(p) for p in self._call("priorities")]

    def statuses(self, project_key: str | None = None) -> list[dict[str, Any]]:
        return [_as_dict(s) for s in self._call("statuses", project_key)]

    def services(self) -> list[dict[str, Any]]:
        return [_as_dict(s) for s in self._call("services")]

    def user_by_email(self, email: str) -> dict[str, Any] | None:
        user = self._call("user_by_email", email)
        return None if user is None else _as_dict(user)


class Helper:
    """A script-visible object whose only members are its methods (nothing else is reachable)."""

    def __init__(self, label: str, methods: dict[str, Any]) -> None:
        self.type_label = label
        self.methods = methods

    def get_property(self, name: str) -> Any:
        raise ScriptError(f"No property '{name}' on {self.type_label}")


def _find(items: list[dict[str, Any]], name: Any, key: str = "name") -> dict[str, Any] | None:
    if name is None:
        return None
    wanted = to_str(name).strip().lower()
    for item in items:
        if str(item.get(key, "")).lower() == wanted:
            return dict(item)
    return None


_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")


def strip_html(text: Any) -> str | None:
    if text is None:
        return None
    s = _BLOCK_TAGS.sub("\n", to_str(text))
    s = html.unescape(_TAGS.sub("", s))
    return re.sub(r"\n{3,}", "\n\n", s).strip()


def _entity_list(v: Any, name: str) -> list[Any]:
    if isinstance(v, Entity):
        return list(v.get(name) or [])
    if isinstance(v, dict):
        return list(v.get(name) or [])
    raise ScriptError(f"Expected an issue or replica, not {to_str(v)}")


def _merge(ctx: Ctx, args: list[Any], field_name: str, added_name: str, text: str) -> list[Any]:
    local_item = arg(args, 0, "issue", "merge")
    remote = arg(args, 1, "replica", "merge")
    transform = args[2] if len(args) > 2 and type(args[2]) is Closure else None
    local = [dict(c) if isinstance(c, dict) else c for c in _entity_list(local_item, field_name)]
    remote_all = _entity_list(remote, field_name)
    added = _entity_list(remote, added_name)
    removed_key = "removedComments" if field_name == "comments" else "removedAttachments"
    removed = {
        to_str(c.get("id")) for c in _entity_list(remote, removed_key) if isinstance(c, dict)
    }
    by_remote = {
        to_str(c.get("remoteId")): c for c in local if isinstance(c, dict) and c.get("remoteId")
    }
    result = [
        c
        for c in local
        if not (isinstance(c, dict) and c.get("remoteId") and to_str(c["remoteId"]) in removed)
    ]
    if field_name == "comments":
        for rc in remote_all:
            mine = by_remote.get(to_str(rc.get("id"))) if isinstance(rc, dict) else None
            if mine is not None and mine.get("body") != rc.get("body"):
                mine["body"] = rc.get("body")
    for rc in added:
        if not isinstance(rc, dict) or to_str(rc.get("id")) in by_remote:
            continue
        new = {k: v for k, v in rc.items() if k not in ("id", "remoteId")}
        new["id"] = None
        new["remoteId"] = to_str(rc.get("id")) if rc.get("id") is not None else None
        if transform is not None:
            # Either style works: `{ c -> c.body = ...; c }` returns the comment, and
            # `{ it.executor = ... }` changes it in place (its value, not a comment, is ignored).
            returned = call_closure(ctx, transform, [new])
            if isinstance(returned, dict) and ("body" in returned or "filename" in returned):
                new = returned
        result.append(new)
    return ctx.check_size(result)


def _raise_debug(ctx: Ctx, args: list[Any]) -> None:
    raise ThrownError("debug.error: " + " ".join(to_str(a) for a in args))


def _log(level: str):
    def log(ctx: Ctx, args: list[Any]) -> None:
        ctx.logs.append(f"{level}: " + " ".join(to_str(a) for a in args))

    return log


def _num(v: Any) -> Any:
    if not is_number(v) or type(v) is bool:
        raise ScriptError(f"Expected a number, not {to_str(v)!r}")
    return v


def _extreme(args: list[Any], sign: int) -> Any:
    a, b = _num(arg(args, 0, "a", "Math")), _num(arg(args, 1, "b", "Math"))
    return a if compare(a, b) * sign >= 0 else b


def _math_round(ctx: Ctx, args: list[Any]) -> int:
    v = to_decimal(_num(arg(args, 0, "x", "round")))
    return int(v.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


MATH = Helper(
    "Math",
    {
        "max": lambda ctx, args: _extreme(args, 1),
        "min": lambda ctx, args: _extreme(args, -1),
        "abs": lambda ctx, args: abs(_num(arg(args, 0, "x", "abs"))),
        "round": _math_round,
        "floor": lambda ctx, args: float(math.floor(_num(arg(args, 0, "x", "floor")))),
        "ceil": lambda ctx, args: float(math.ceil(_num(arg(args, 0, "x", "ceil")))),
    },
)
_PARSE_INT = {
    "parseInt": lambda ctx, args: to_int(to_str(arg(args, 0, "text", "parseInt"))),
    "valueOf": lambda ctx, args: to_int(arg(args, 0, "value", "valueOf")),
    "toString": lambda ctx, args: to_str(arg(args, 0, "value", "toString")),
}
INTEGER = Helper("Integer", dict(_PARSE_INT))
LONG = Helper("Long", {**_PARSE_INT, "parseLong": _PARSE_INT["parseInt"]})


def _format(ctx: Ctx, args: list[Any]) -> str:
    """Java's String.format for the common conversions (%s %d %f %.2f %x %%)."""
    template = to_str(arg(args, 0, "format", "format"))
    if any(int(w) > 1000 for w in re.findall(r"%[-+ 0#]*(\d+)", template)) or any(
        int(p) > 1000 for p in re.findall(r"\.(\d+)", template)
    ):
        raise LimitError("String.format widths and precisions are limited to 1,000")
    values = tuple(a if is_number(a) and type(a) is not bool else to_str(a) for a in args[1:])
    try:
        return ctx.check_string(template.replace("%n", "\n") % values)
    except (TypeError, ValueError) as e:
        raise ScriptError(f"String.format could not apply {template!r}: {e}") from None


STRING = Helper(
    "String",
    {"valueOf": lambda ctx, args: to_str(arg(args, 0, "v", "valueOf")), "format": _format},
)


def _service(tracker: Any, name: Any) -> dict[str, Any] | None:
    """Xurrent services; a tracker without a `services()` list accepts any name."""
    if name is None:
        return None
    services = getattr(tracker, "services", None)
    if services is None:
        return {"name": to_str(name)}
    return _find(services(), name)


def build_helpers(tracker: TrackerView) -> dict[str, Any]:
    """The helper objects bound into every script, backed by `tracker`."""
    if not isinstance(tracker, InMemoryTracker):
        tracker = TrackerAdapter(tracker)

    def project_key(args: list[Any]) -> str | None:
        return to_str(args[1]) if len(args) > 1 and args[1] is not None else None

    node = Helper(
        "nodeHelper",
        {
            "getIssueType": lambda ctx, args: _find(
                tracker.issue_types(project_key(args)), args[0] if args else None
            ),
            "getPriority": lambda ctx, args: _find(tracker.priorities(), args[0] if args else None),
            "getStatus": lambda ctx, args: _find(
                tracker.statuses(project_key(args)), args[0] if args else None
            ),
            "getProject": lambda ctx, args: _find(
                tracker.projects(), args[0] if args else None, "key"
            ),
            "getUserByEmail": lambda ctx, args: (
                dict(u)
                if args and args[0] and (u := tracker.user_by_email(to_str(args[0])))
                else None
            ),
            "getService": lambda ctx, args: _service(tracker, args[0] if args else None),
            "getLabel": lambda ctx, args: to_str(arg(args, 0, "name", "getLabel")),
            "stripHtml": lambda ctx, args: strip_html(args[0] if args else None),
            "toPlainText": lambda ctx, args: strip_html(args[0] if args else None),
        },
    )
    comment = Helper(
        "commentHelper",
        {
            "mergeComments": lambda ctx, args: _merge(
                ctx, args, "comments", "addedComments", "body"
            ),
            "addComment": lambda ctx, args: [
                *(args[1] if len(args) > 1 and isinstance(args[1], list) else []),
                {"id": None, "body": to_str(arg(args, 0, "body", "addComment"))},
            ],
        },
    )
    attachment = Helper(
        "attachmentHelper",
        {
            "mergeAttachments": lambda ctx, args: _merge(
                ctx, args, "attachments", "addedAttachments", "filename"
            ),
        },
    )

    def flag(name: str):
        def set_flag(ctx: Ctx, args: list[Any]) -> None:
            ctx.flags[name] = True

        return set_flag

    sync = Helper(
        "syncHelper",
        {
            "syncBackAfterProcessing": flag("sync_back"),
            "unExalateAfterProcessing": flag("unsync"),
        },
    )
    log = Helper(
        "log", {level: _log(level) for level in ("info", "warn", "error", "debug", "trace")}
    )
    debug = Helper("debug", {"error": _raise_debug, "info": _log("debug")})
    return {
        "nodeHelper": node,
        "commentHelper": comment,
        "attachmentHelper": attachment,
        "syncHelper": sync,
        "log": log,
        "debug": debug,
        "Math": MATH,
        "Integer": INTEGER,
        "Long": LONG,
        "String": STRING,
    }
