"""Peer protocol (node ↔ node) under /peer/v1.

- `GET  /peer/v1/info` — no auth: platform, name, version, modes, node_id, url.
- `POST /peer/v1/accept` — the acceptor asks the initiator to confirm an accept.
- `POST /peer/v1/events` — a pushed event (`status` or `deleted`) for one connection.
- `GET  /peer/v1/events?wait=&ack=` — a private peer collects its queued events (long-poll),
  acknowledging everything up to `ack`.

Every call except `info` carries `Authorization: Bearer <HS256 JWT>` minted from the
connection's shared secret (see tokens.py); wrong secret, expiry or a replayed jti → 401.
"""

from __future__ import annotations

import json
import re
import time
from typing import Literal

import jwt
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from . import tokens
from .api import ERROR_RESPONSES
from .errors import ApiError
from .service import NodeService
from .store import now_iso


class AcceptCall(BaseModel):
    node_id: str
    name: str
    platform: str
    url: str | None = None
    local_short_name: str | None = None
    remote_short_name: str | None = None
    project: str | None = None


SEQ_MAX = 2**53 - 1  # SQLite stores up to 2**63 - 1; JSON readers keep integers exact to 2**53


class EventCall(BaseModel):
    kind: Literal["status", "deleted"]
    payload: dict = {}
    seq: int | None = Field(None, ge=0, le=SEQ_MAX)


_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _unauthorized(detail: str = "") -> ApiError:
    return ApiError(401, "unauthorized", f"The peer request is not authenticated{detail}.")


def authenticate(
    svc: NodeService, request: Request, check_sender: bool = True
) -> tuple[dict, dict]:
    """(connection row incl. tombstones, claims); records the jti so it cannot be replayed."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise _unauthorized(" (no token)")
    token = header[7:].strip()
    try:
        cid = tokens.unverified_claims(token).get("cid")
    except jwt.PyJWTError:
        raise _unauthorized(" (malformed token)") from None
    row = svc.store.get(str(cid), include_deleted=True) if cid else None
    if row is None or not row["secret"]:
        raise ApiError(
            404,
            "connection_not_found",
            f"The connection this request is about does not exist on {svc.s.name}; it may have "
            "been deleted there.",
        )
    try:
        claims = tokens.verify(token, row["secret"], row["id"], row["role"])
    except jwt.PyJWTError as exc:
        raise _unauthorized(f" ({exc})") from None
    # Outside accept, the sender must be the node that accepted (or initiated) the connection;
    # a pending connection has no such node yet, so its secret alone opens nothing else.
    if check_sender and (not row["remote_node_id"] or claims["sub"] != row["remote_node_id"]):
        raise _unauthorized(" (sender does not match the connection)")
    with svc.store.tx() as db:
        fresh = svc.store.remember_jti(db, claims["jti"], float(claims["exp"]))
        retried = (
            svc.store.reset_backoff(db, row["remote_url"]) if fresh and row["remote_url"] else 0
        )
    if not fresh:
        raise _unauthorized(" (token already used)")
    if retried:  # the peer is evidently up again: deliver what waited for it now
        svc.outbox_wake.notify()
    return row, claims


def apply_event(
    svc: NodeService, cid: str, kind: str, payload: dict, seq: int | None = None
) -> None:
    """Apply one event from the peer to our side of the connection.

    `seq` is the sender's outbox id (increasing per sender): an event at or below the last
    one applied is a redelivery (a lost answer, a re-poll after a crash) and is ignored, so an
    old event can never undo a newer change."""
    row = svc.store.get(cid)
    if row is None or row["remote_deleted"] or row["status"] == "pending":
        return
    if seq is not None and seq <= (row["peer_seq"] or 0):
        return
    fields: dict = {}
    if kind == "status":
        status = payload.get("status")
        at = str(payload.get("at") or "")
        mine = row["status_at"] or ""
        # Both sides changed the status at about the same time: the later change wins on both
        # sides (on a tie, the initiator's), so they never end up swapped.
        newer = at > mine or (at == mine and row["role"] == "acceptor")
        if (
            status in ("active", "deactivated")
            and newer
            and (status != row["status"] or row["error"] is not None)
        ):
            fields = {"status": status, "error": None, "status_at": at or now_iso()}
    elif kind == "deleted":
        who = row["remote_name"] or row["remote_short_name"]
        at = payload.get("at")
        at = at[:19] if isinstance(at, str) and _ISO_TIME.match(at) else now_iso()[:19]
        fields = {
            "status": "error",
            "remote_deleted": 1,
            "error": f"Deleted on the remote side ({who}, {at}Z)."
            " Delete it here too, or create a new connection.",
        }
    if not fields:
        if seq is not None:  # nothing to change, but remember that this event was seen
            with svc.store.tx() as db:
                svc.store.update_connection(db, cid, peer_seq=seq)
        return
    if seq is not None:
        fields["peer_seq"] = seq
    with svc.change() as (db, rev):
        svc.store.update_connection(db, cid, updated_at=now_iso(), revision=rev, **fields)
        if kind == "deleted":  # nothing more to tell a peer that is gone
            db.execute("DELETE FROM outbox WHERE connection_id = ?", (cid,))
    if kind == "deleted":
        svc.poll_wake.notify()


def router(svc: NodeService) -> APIRouter:
    r = APIRouter(prefix="/peer/v1", tags=["peer"], responses=ERROR_RESPONSES)

    # Dependencies run before the body is validated: a caller without a valid token learns
    # nothing about what a valid body would be, only 401.
    async def peer_auth(request: Request) -> tuple[dict, dict]:
        return authenticate(svc, request)

    async def accept_auth(request: Request) -> tuple[dict, dict]:
        return authenticate(svc, request, check_sender=False)

    @r.get("/info")
    async def info() -> dict:
        return svc.peer_info()

    @r.post("/accept")
    async def accept(body: AcceptCall, auth: tuple = Depends(accept_auth)) -> dict:
        row, claims = auth
        if row["deleted_at"] or row["role"] != "initiator":
            raise ApiError(
                404,
                "connection_not_found",
                f"The connection for this invitation no longer exists on {svc.s.name}: it was "
                "deleted there. Ask for a new invitation.",
            )
        answer = {
            "node_id": svc.node_id,
            "name": svc.s.name,
            "platform": svc.s.platform,
            "url": svc.s.url,
            "project": row["project"],
        }
        if row["accepted_by"]:
            if row["accepted_by"] == body.node_id == claims["sub"]:
                return answer  # the same acceptor retrying after a failure: idempotent
            raise ApiError(
                409,
                "code_already_used",
                "This invitation code has already been used by another instance; ask the "
                f"admin of {svc.s.name} for a new invitation.",
                "code",
            )
        if row["expires_at"] and row["expires_at"] <= now_iso():
            raise ApiError(
                410, "expired_code", "This invitation code has expired; ask for a new one.", "code"
            )
        if body.node_id != claims["sub"]:
            raise _unauthorized(" (sender does not match)")
        with svc.change() as (db, rev):
            svc.store.update_connection(
                db,
                row["id"],
                status="active",
                remote_url=body.url,
                remote_platform=body.platform,
                remote_name=body.name,
                remote_node_id=body.node_id,
                accepted_by=body.node_id,
                remote_project=body.project,
                invitation_code=None,
                error=None,
                updated_at=now_iso(),
                revision=rev,
            )
        return answer

    @r.post("/events")
    async def event(body: EventCall, auth: tuple = Depends(peer_auth)) -> dict:
        row, _ = auth
        apply_event(svc, row["id"], body.kind, body.payload, body.seq)
        return {"ok": True}

    @r.get("/events")
    async def poll(
        request: Request,
        auth: tuple = Depends(peer_auth),
        wait: float = Query(0, ge=0),
        ack: int = Query(0, ge=0, le=SEQ_MAX),
    ) -> dict:
        row, claims = auth
        node = claims["sub"]
        if ack:
            with svc.store.tx() as db:
                for cid in set(svc.store.ack_pull(db, node, ack)):
                    svc.store.purge_tombstone(db, cid)
        deadline = time.monotonic() + min(wait, 60.0)
        while True:
            rows = svc.store.pull_rows(node)
            if rows:
                events = [
                    {
                        "id": x["id"],
                        "connection_id": x["connection_id"],
                        "kind": x["kind"],
                        "payload": json.loads(x["payload"]),
                    }
                    for x in rows
                ]
                return {"events": events}
            remaining = deadline - time.monotonic()
            if remaining <= 0 or svc.closing or await request.is_disconnected():
                return {"events": []}
            await svc.pulls.wait(min(remaining, 1.0))

    return r
