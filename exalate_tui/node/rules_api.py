"""Sync-rule checks and Test runs under /api/v1/connections/{id}/rules/…, and the syntax gate
that ``PUT …/rules`` passes through. The interpreter lives in ``exalate_tui.rules``."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .. import rules as engine
from .api import ERROR_RESPONSES
from .errors import ApiError
from .service import NodeService
from .trackers.samples import sample_item, sample_items


class RulesCheckRequest(BaseModel):
    outgoing: str | None = None
    incoming: str | None = None


class RulesTestRequest(BaseModel):
    issue: dict[str, Any] | None = Field(None, description="a sample local item")
    key: str | None = Field(None, description="or the key of an item in the tracker")
    outgoing: str | None = Field(None, description="unsaved outgoing script (else the saved one)")
    incoming: str | None = Field(None, description="unsaved incoming script (else the saved one)")


def router(svc: NodeService, require_token) -> APIRouter:
    r = APIRouter(
        prefix="/api/v1", dependencies=[require_token], tags=["rules"], responses=ERROR_RESPONSES
    )

    @r.post("/connections/{cid}/rules/check", response_model=engine.RulesCheck)
    async def check(cid: str, body: RulesCheckRequest) -> engine.RulesCheck:
        saved = svc.rules(cid)
        return engine.check_rules(
            saved.outgoing if body.outgoing is None else body.outgoing,
            saved.incoming if body.incoming is None else body.incoming,
        )

    @r.post("/connections/{cid}/rules/test", response_model=engine.TestRunResult)
    async def test_run(cid: str, body: RulesTestRequest) -> engine.TestRunResult:
        saved = svc.rules(cid)
        item = body.issue
        if item is None and body.key:
            item = sample_item(svc.s.platform, body.key)
            if item is None:
                keys = ", ".join(i["key"] for i in sample_items(svc.s.platform)) or "none"
                raise ApiError(
                    404,
                    "unknown_item",
                    f"There is no item '{body.key}' in this tracker. Items you can use: {keys}.",
                    field="key",
                )
        if item is None:
            raise ApiError(
                422,
                "validation_error",
                "Give a sample item as 'issue', or the 'key' of an item in the tracker.",
                field="issue",
            )
        outgoing = saved.outgoing if body.outgoing is None else body.outgoing
        incoming = saved.incoming if body.incoming is None else body.incoming
        # Scripts may run up to their time budget: keep the event loop free meanwhile.
        return await asyncio.to_thread(
            engine.test_run, outgoing, incoming, item, tracker=svc.tracker
        )

    return r
