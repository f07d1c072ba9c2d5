"""Plain data in and out of sync rules: items, replicas and run results (pydantic)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from .errors import RuleError, ScriptError
from .values import Closure, Entity, MapEntry, to_str


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class User(_Open):
    email: str | None = None
    displayName: str | None = None  # noqa: N815 - the scripts' field names
    username: str | None = None


class Named(_Open):
    id: str | None = None
    name: str | None = None


class ProjectRef(_Open):
    key: str | None = None
    name: str | None = None


class Comment(_Open):
    id: str | None = None
    remoteId: str | None = None  # noqa: N815
    body: str = ""
    author: User | None = None
    created: str | None = None
    internal: bool = False


class Attachment(_Open):
    id: str | None = None
    remoteId: str | None = None  # noqa: N815
    filename: str | None = None
    mimetype: str | None = None
    filesize: int | None = None
    created: str | None = None
    author: User | None = None


class SyncItem(_Open):
    """An issue, work item, incident or request as scripts see it; also the replica."""

    key: str | None = None
    id: str | None = None
    summary: str | None = None
    description: str | None = None
    labels: list[str] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    priority: Named | None = None
    status: Named | None = None
    assignee: User | None = None
    reporter: User | None = None
    type: Named | None = None
    project: ProjectRef | None = None
    created: str | None = None
    updated: str | None = None
    customFields: dict[str, Any] = Field(default_factory=dict)  # noqa: N815

    @computed_field  # type: ignore[prop-decorator]
    @property
    def typeName(self) -> str | None:  # noqa: N802
        return self.type.name if self.type else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def projectKey(self) -> str | None:  # noqa: N802
        return self.project.key if self.project else None


class OutgoingResult(BaseModel):
    replica: SyncItem
    logs: list[str] = Field(default_factory=list)


class IncomingResult(BaseModel):
    issue: SyncItem
    first_sync: bool
    sync_back: bool = False
    logs: list[str] = Field(default_factory=list)


class TestRunResult(BaseModel):
    """Outgoing then incoming (first sync onto an empty item), as the Test run pane shows it."""

    __test__ = False  # not a pytest test class

    ok: bool
    replica: SyncItem | None = None
    issue: SyncItem | None = None
    errors: list[RuleError] = Field(default_factory=list)
    logs: list[str] = Field(default_factory=list)


# -- conversions between script values and plain data ------------------------------------------
_SCALARS = frozenset((str, bool, int, float, type(None)))


MAX_NESTING = 64


def to_plain(v: Any, depth: int = 0) -> Any:
    """A script value as JSON-ready data (numbers, strings, lists, dicts, null)."""
    t = type(v)
    if t in _SCALARS:
        return v
    if depth > MAX_NESTING:
        raise ScriptError(
            f"A value in the result is nested more than {MAX_NESTING} levels deep "
            "(or contains itself)",
            kind="limit",
        )
    d = depth + 1
    if t is dict:
        return {
            k if type(k) is str else to_str(k): x if type(x) in _SCALARS else to_plain(x, d)
            for k, x in v.items()
        }
    if t is Decimal:
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, list):
        return [x if type(x) in _SCALARS else to_plain(x, d) for x in v]
    if t is MapEntry:
        return {to_str(v.key): to_plain(v.value, d)}
    if t is Entity:
        return to_plain(v.data, d)
    if t is Closure:
        return None
    return to_str(v)


def _text(v: Any) -> str | None:
    return None if v is None else to_str(v)


def _named(v: Any, key: str = "name") -> dict[str, Any] | None:
    if v is None:
        return None
    if isinstance(v, dict):
        out = to_plain(v)
        for k in ("id", "name", "key"):
            if k in out and out[k] is not None and not isinstance(out[k], str):
                out[k] = to_str(out[k])
        return out
    return {key: to_str(v)}


def _user(v: Any, plain: bool = False) -> dict[str, Any] | None:
    if v is None:
        return None
    if isinstance(v, dict):
        out = v if plain else to_plain(v)
        for k in ("email", "displayName", "username"):
            if out.get(k) is not None and not isinstance(out[k], str):
                out[k] = to_str(out[k])
        return out
    s = to_str(v)
    return {"email": s} if "@" in s else {"username": s}


def _entries(v: Any, text_key: str) -> list[dict[str, Any]]:
    out = []
    for x in v if isinstance(v, list) else ([] if v is None else [v]):
        if isinstance(x, dict):
            d = to_plain(x)
            for k in ("id", "remoteId", text_key, "created"):
                if d.get(k) is not None and not isinstance(d[k], str):
                    d[k] = to_str(d[k])
            if "author" in d:
                d["author"] = _user(d["author"], plain=True)
            out.append(d)
        elif x is not None:
            out.append({text_key: to_str(x)})
    return out


def _label(x: Any) -> str:
    if isinstance(x, dict):
        return to_str(x.get("label", x.get("name")))
    return to_str(x)


def item_from_data(data: dict[str, Any]) -> SyncItem:
    """Normalises whatever a script left in an item into a SyncItem (never fails on types)."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in ("key", "id", "summary", "description", "created", "updated"):
            out[k] = _text(v)
        elif k == "labels":
            out[k] = [_label(x) for x in (v if isinstance(v, list) else [v]) if x is not None]
        elif k == "comments":
            out[k] = _entries(v, "body")
        elif k == "attachments":
            out[k] = [a for a in _entries(v, "filename")]
            for a in out[k]:
                size = a.get("filesize")
                if size is not None and not isinstance(size, int):
                    a["filesize"] = None
        elif k in ("priority", "status", "type"):
            out[k] = _named(v)
        elif k == "project":
            out[k] = _named(v, "key")
        elif k in ("assignee", "reporter"):
            out[k] = _user(v)
        elif k == "customFields":
            out[k] = to_plain(v) if isinstance(v, dict) else {}
        elif k in ("typeName", "projectKey"):
            continue
        else:
            out[k] = to_plain(v)
    return SyncItem.model_validate(out)


_NAMED = Entity.NAMED
_USERS = Entity.USERS
_ALIASES = Entity.ALIASES
_COMPUTED = {"typeName", "projectKey"}


def data_from_item(item: Any) -> dict[str, Any]:
    """Plain input (dict or SyncItem) as a private, normalised copy scripts may change."""
    if isinstance(item, BaseModel):
        # A fresh dump is already private: no copy needed.
        return _normalise(item.model_dump(exclude=_COMPUTED), copy=False)
    if item is None:
        return {}
    if not isinstance(item, dict):
        raise TypeError("an item must be a dict or a SyncItem")
    return _normalise(item, copy=True)


def _normalise(item: dict[str, Any], copy: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for k, v in item.items():
        k = _ALIASES.get(k, k)
        t = type(v)
        if t is str:
            if k in _NAMED:
                v = {"name": v}
            elif k in _USERS:
                v = {"email": v} if "@" in v else {"username": v}
            elif k == "typeName":
                if item.get("type"):
                    continue
                k, v = "type", {"name": v}
            elif k == "projectKey":
                if item.get("project"):
                    continue
                k, v = "project", {"key": v}
        elif copy and (t is dict or t is list or t is tuple):
            v = _clone(v)
        elif t not in _SCALARS and t is not dict and t is not list:
            v = _foreign(v)
        elif v is None and k in _COMPUTED:
            continue
        data[k] = v
    return data


def _clone(v: Any) -> Any:
    t = type(v)
    if t is dict:
        return {k: _clone(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [_clone(x) for x in v]
    if t in _SCALARS:
        return v
    return _foreign(v)


def _foreign(v: Any) -> Any:
    """Values that are not JSON-like (datetimes, enums, models) become what JSON would hold."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, BaseModel):
        return _clone(v.model_dump(mode="json"))
    iso = getattr(v, "isoformat", None)
    if callable(iso):
        return iso()
    value = getattr(v, "value", None)  # enums
    if type(value) in _SCALARS:
        return value
    return str(v)
