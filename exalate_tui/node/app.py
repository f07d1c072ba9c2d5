"""FastAPI application factory: routers, error envelope handlers, background tasks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import api, peer, rules_api
from .errors import ApiError
from .hardening import BodyGuard, add_constraints
from .outbox import Deliverer, Poller
from .service import NodeService
from .settings import NodeSettings
from .store import Store

log = logging.getLogger("exalate.node")

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}


def _field(loc: tuple) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or None


def _validation_message(err: dict, field: str | None) -> str:
    msg = err.get("msg", "is not valid")
    if err.get("type") == "missing":
        if field is None:
            return "The request body is required: send a JSON object."
        return f"The field '{field}' is required."
    if err.get("type") == "json_invalid":
        detail = (err.get("ctx") or {}).get("error")
        where = f" ({detail})" if detail else ""
        return f"The request body is not valid JSON{where}; send a JSON object."
    if err.get("type") in ("model_attributes_type", "dict_type"):
        return "The request body must be a JSON object."
    return f"The field '{field}' is not valid: {msg}." if field else f"Invalid request: {msg}."


def _allowed_methods(request: Request) -> list[str]:
    """Every method the documented paths offer at this URL (Starlette's own Allow header
    names only the first route that matched the path)."""
    index = getattr(request.app.state, "methods_by_path", None)
    if index is None:
        index = []
        for path, ops in request.app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
            index.append((re.compile(pattern + "$"), {m.upper() for m in ops}))
        request.app.state.methods_by_path = index
    methods: set[str] = set()
    for pattern, offered in index:
        if pattern.match(request.url.path):
            methods |= offered
    return sorted(methods)


def create_app(settings: NodeSettings, store: Store | None = None) -> FastAPI:
    store = store or Store(settings.db_path)
    svc = NodeService(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with store.tx() as db:  # after a restart, retry whatever waits at once
            db.execute("UPDATE outbox SET next_attempt_at = 0")
        tasks = [
            asyncio.create_task(Deliverer(svc).run()),
            asyncio.create_task(Poller(svc).run()),
            asyncio.create_task(_janitor(svc)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(BaseException):
                    await task
            await svc.peers.aclose()
            store.close()

    app = FastAPI(
        title="exalate-tui node",
        version=__version__,
        description="Admin API (/api/v1) and peer protocol (/peer/v1) of an exalate-tui node.",
        lifespan=lifespan,
    )
    app.state.service = svc

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = _field(tuple(first.get("loc", ())))
        if first.get("type") in ("json_invalid", "model_attributes_type", "dict_type"):
            field = None  # the body as a whole is wrong, not one field
        err = ApiError(422, "validation_error", _validation_message(first, field), field)
        return JSONResponse(err.body(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI could not read the body at all
            err = ApiError(
                422,
                "validation_error",
                "The request body could not be read as JSON; send a JSON object encoded as UTF-8.",
            )
            return JSONResponse(err.body(), status_code=422)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = {
            404: f"There is nothing at {request.url.path}.",
            405: f"{request.method} is not allowed on {request.url.path}.",
        }.get(exc.status_code, str(exc.detail))
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method of every route at this path, not one's
            headers["Allow"] = ", ".join(_allowed_methods(request)) or headers.get("Allow", "")
        return JSONResponse(
            {"error": {"code": code, "message": message}},
            status_code=exc.status_code,
            headers=headers or None,
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {
                "error": {
                    "code": "internal_error",
                    "message": "The node hit an unexpected error; see its log.",
                }
            },
            status_code=500,
        )

    app.add_middleware(
        BodyGuard,
        admin_ok=lambda header: api.admin_token_ok(svc, header),
        refusal=api.UNAUTHORIZED,
    )
    base_openapi = app.openapi
    app.openapi = lambda: add_constraints(base_openapi())

    app.include_router(api.router(svc))
    app.include_router(rules_api.router(svc, api.admin_auth(svc)))
    app.include_router(peer.router(svc))
    return app


async def _janitor(svc: NodeService) -> None:
    while True:
        await asyncio.sleep(60)
        with contextlib.suppress(Exception):
            svc.store.purge_jtis()
