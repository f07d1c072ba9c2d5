"""NodeClient: the console's only way to talk to a node — its admin API over httpx.

Answers come back as the pydantic models in ``domain.models``; failures as ``NodeError``
(the node refused, with its code and message) or ``NodeUnreachable`` (no answer at all).
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from .domain.models import (
    AcceptResult,
    Connection,
    ConnectionList,
    DestinationCheck,
    ErrorEnvelope,
    InitiateRequest,
    InitiateResult,
    InvitationCode,
    InvitationPreview,
    NodeInfo,
    Project,
    ProjectList,
    Rules,
    RulesCheck,
    RulesTestResult,
    Status,
)

M = TypeVar("M", bound=BaseModel)

DEFAULT_TIMEOUT = 10.0
# Idle pooled connections are dropped before the node's server drops them (uvicorn: 5 s), so a
# request never goes out on a socket the server is closing at that very moment.
KEEPALIVE_EXPIRY = 2.0
# Requests that change nothing on the node: sent once more when a pooled connection turned out
# to be closed under us ("ReadError"), instead of reporting the node unreachable.
SAFE_POSTS = ("/destinations/check", "/invitations/inspect", "/rules/check", "/rules/test")


class NodeError(Exception):
    """The node answered with an error envelope (or something that is not our API)."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 0,
        field: str | None = None,
        where: tuple[str, int, int] | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.field = field
        # (script, line, column) of a rules_syntax_error
        self.where = where

    def __repr__(self) -> str:
        return f"NodeError({self.code!r}, {self.message!r}, status={self.status})"


class NodeUnreachable(NodeError):
    """No answer: the node is down, the address is wrong, or the network is in the way."""

    def __init__(self, url: str, detail: str):
        super().__init__("node_unreachable", f"Cannot reach the node at {url}: {detail}")
        self.url = url


class NodeClient:
    def __init__(self, url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT):
        self.url = url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=f"{self.url}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> NodeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _request(
        self, method: str, path: str, *, json: Any = None, params: Any = None, timeout=None
    ) -> httpx.Response:
        kwargs: dict[str, Any] = {"json": json, "params": params}
        if timeout is not None:
            kwargs["timeout"] = timeout
        try:
            try:
                response = await self._http.request(method, path, **kwargs)
            except (httpx.ReadError, httpx.RemoteProtocolError):
                if not (method == "GET" or path.endswith(SAFE_POSTS)):
                    raise
                response = await self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise NodeUnreachable(self.url, "it did not answer in time") from None
        except httpx.TransportError as exc:
            raise NodeUnreachable(self.url, _transport_detail(exc)) from None
        if response.status_code >= 400:
            raise _error_from(response)
        return response

    async def _get(self, path: str, model: type[M], **kw: Any) -> M:
        return _parse(await self._request("GET", path, **kw), model)

    async def node_info(self) -> NodeInfo:
        return await self._get("/node", NodeInfo)

    async def projects(self) -> list[Project]:
        return (await self._get("/projects", ProjectList)).projects

    async def check_destination(self, url: str) -> DestinationCheck:
        response = await self._request("POST", "/destinations/check", json={"url": url})
        return _parse(response, DestinationCheck)

    async def connections(self, since: int | None = None, wait: float = 0) -> ConnectionList:
        """List connections; with ``since`` equal to the node's revision, wait for a change."""
        params: dict[str, Any] = {}
        timeout = None
        if since is not None:
            params["since"] = since
            if wait:
                params["wait"] = wait
                timeout = wait + DEFAULT_TIMEOUT
        return await self._get("/connections", ConnectionList, params=params, timeout=timeout)

    async def connection(self, connection_id: str) -> Connection:
        return await self._get(f"/connections/{connection_id}", Connection)

    async def initiate(self, request: InitiateRequest) -> InitiateResult:
        body = request.model_dump(mode="json")
        return _parse(await self._request("POST", "/connections", json=body), InitiateResult)

    async def invitation_code(self, connection_id: str) -> str:
        response = await self._request("GET", f"/connections/{connection_id}/invitation")
        return _parse(response, InvitationCode).invitation_code

    async def inspect(self, code: str) -> InvitationPreview:
        response = await self._request("POST", "/invitations/inspect", json={"code": code})
        return _parse(response, InvitationPreview)

    async def accept(self, code: str, project: str | None = None) -> Connection:
        body = {"code": code, "project": project}
        response = await self._request("POST", "/invitations/accept", json=body, timeout=30)
        return _parse(response, AcceptResult).connection

    async def set_status(self, connection_id: str, status: Status) -> Connection:
        body = {"status": status.value}
        response = await self._request("PATCH", f"/connections/{connection_id}", json=body)
        return _parse(response, Connection)

    async def delete(self, connection_id: str) -> None:
        await self._request("DELETE", f"/connections/{connection_id}")

    async def rules(self, connection_id: str) -> Rules:
        return await self._get(f"/connections/{connection_id}/rules", Rules)

    async def save_rules(self, connection_id: str, rules: Rules) -> Rules:
        body = rules.model_dump(mode="json")
        response = await self._request("PUT", f"/connections/{connection_id}/rules", json=body)
        return _parse(response, Rules)

    async def check_rules(self, connection_id: str, rules: Rules) -> RulesCheck:
        body = rules.model_dump(mode="json")
        path = f"/connections/{connection_id}/rules/check"
        return _parse(await self._request("POST", path, json=body), RulesCheck)

    async def test_rules(
        self,
        connection_id: str,
        *,
        issue: dict[str, Any] | None = None,
        key: str | None = None,
        rules: Rules | None = None,
    ) -> RulesTestResult:
        body: dict[str, Any] = {"issue": issue, "key": key}
        if rules is not None:
            body.update(rules.model_dump(mode="json"))
        path = f"/connections/{connection_id}/rules/test"
        return _parse(await self._request("POST", path, json=body, timeout=30), RulesTestResult)


def _parse(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError:
        raise NodeError(
            "bad_answer",
            f"The node at {response.url.host}:{response.url.port} gave an answer this console "
            "does not understand; is it an exalate node of a compatible version?",
            response.status_code,
        ) from None


def _error_from(response: httpx.Response) -> NodeError:
    try:
        body = ErrorEnvelope.model_validate_json(response.content).error
        where = None
        if body.script and body.line is not None:
            where = (body.script, body.line, body.column or 1)
        return NodeError(body.code, body.message, response.status_code, body.field, where)
    except ValidationError:
        return NodeError(
            "bad_answer",
            f"The node answered HTTP {response.status_code} without an explanation.",
            response.status_code,
        )


def _transport_detail(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "nothing is listening there (is the node running?)"
    return exc.__class__.__name__
