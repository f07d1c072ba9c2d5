"""The admin API (console ↔ node) under /api/v1 — the contract in docs/DESIGN.md."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from ..domain.models import (
    AcceptRequest,
    AcceptResult,
    Connection,
    ConnectionList,
    ConnectionPatch,
    DestinationCheck,
    DestinationCheckRequest,
    ErrorEnvelope,
    InitiateRequest,
    InitiateResult,
    InspectRequest,
    InvitationCode,
    InvitationPreview,
    NodeInfo,
    ProjectList,
    Rules,
)
from . import tokens
from .errors import ApiError
from .service import NodeService
from .store import to_model

MAX_WAIT = 60.0

ERROR_RESPONSES = {
    status: {"model": ErrorEnvelope, "description": text}
    for status, text in (
        (401, "unauthorized"),
        (403, "license_required, instance_private"),
        (404, "connection_not_found"),
        (409, "name_taken, code_already_used, not_pending, rules_read_only, …"),
        (410, "expired_code"),
        (413, "payload_too_large"),
        (422, "validation_error and other refusals (see docs/DESIGN.md)"),
    )
}


UNAUTHORIZED = (
    "Missing or wrong admin token: send 'Authorization: Bearer <token>' with the token from "
    "the node's admin-token file."
)


def admin_token_ok(svc: NodeService, header: str) -> bool:
    given = header[7:].strip() if header.lower().startswith("bearer ") else ""
    return bool(given) and tokens.token_matches(given, svc.s.token)


def admin_auth(svc: NodeService):
    """The dependency that guards every admin route: the right bearer token or 401."""

    def require_token(request: Request) -> None:
        if not admin_token_ok(svc, request.headers.get("authorization", "")):
            raise ApiError(401, "unauthorized", UNAUTHORIZED)

    return Depends(require_token)


def router(svc: NodeService) -> APIRouter:
    r = APIRouter(
        prefix="/api/v1", dependencies=[admin_auth(svc)], responses=ERROR_RESPONSES, tags=["admin"]
    )

    @r.get("/node", response_model=NodeInfo)
    async def node() -> NodeInfo:
        return svc.node_info()

    @r.get("/projects", response_model=ProjectList)
    async def projects() -> ProjectList:
        return ProjectList(projects=svc.tracker.projects())

    @r.post("/destinations/check", response_model=DestinationCheck)
    async def check(body: DestinationCheckRequest) -> DestinationCheck:
        return await svc.check_destination(body.url)

    @r.get("/connections", response_model=ConnectionList)
    async def connections(
        request: Request,
        since: int | None = Query(None, ge=0),
        wait: float = Query(0, ge=0),
    ) -> Response:
        if since is not None and since == svc.store.revision and wait > 0:
            waited = min(wait, MAX_WAIT)
            await _wait_change(svc, since, waited, request)
        return Response(svc.store.list_json(), media_type="application/json")

    @r.post("/connections", response_model=InitiateResult, status_code=201)
    async def initiate(body: InitiateRequest) -> InitiateResult:
        conn, code = await svc.initiate(body)
        return InitiateResult(connection=conn, invitation_code=code)

    @r.get("/connections/{cid}", response_model=Connection)
    async def get_connection(cid: str) -> Connection:
        return to_model(svc.get(cid))

    @r.get("/connections/{cid}/invitation", response_model=InvitationCode)
    async def invitation(cid: str) -> InvitationCode:
        return InvitationCode(invitation_code=svc.invitation(cid))

    @r.patch("/connections/{cid}", response_model=Connection)
    async def patch(cid: str, body: ConnectionPatch) -> Connection:
        return svc.patch(cid, body.status, body.description)

    @r.delete("/connections/{cid}", status_code=204)
    async def delete(cid: str) -> Response:
        svc.delete(cid)
        return Response(status_code=204)

    @r.get("/connections/{cid}/rules", response_model=Rules)
    async def get_rules(cid: str) -> Rules:
        return svc.rules(cid)

    @r.put("/connections/{cid}/rules", response_model=Rules)
    async def put_rules(cid: str, body: Rules) -> Rules:
        return svc.put_rules(cid, body)

    @r.post("/invitations/inspect", response_model=InvitationPreview)
    async def inspect(body: InspectRequest) -> InvitationPreview:
        return svc.inspect(body.code)

    @r.post("/invitations/accept", response_model=AcceptResult, status_code=201)
    async def accept(body: AcceptRequest) -> AcceptResult:
        return AcceptResult(connection=await svc.accept(body.code, body.project))

    return r


async def _wait_change(svc: NodeService, since: int, wait: float, request: Request) -> None:
    import time

    deadline = time.monotonic() + wait
    while svc.store.revision == since:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or svc.closing:
            return
        await svc.changes.wait(min(remaining, 5.0))
        if svc.store.revision == since and await request.is_disconnected():
            return
