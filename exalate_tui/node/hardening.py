"""Request-body guard and OpenAPI constraints: bad input gets a clear 4xx, never a 500.

The guard is a plain ASGI middleware (not BaseHTTPMiddleware, which would break the
long-polls' disconnect detection). It refuses, with the node's error envelope:
- a body larger than MAX_BODY_BYTES (413 `payload_too_large`);
- a body that is not UTF-8 text (422 `validation_error`);
- JSON whose strings hold an unpaired UTF-16 surrogate escape such as "\\ud800": Python
  decodes it, but it can be neither stored in SQLite nor encoded in an answer;
- JSON nested too deeply to decode.
Anything else, including malformed JSON, goes on to FastAPI's own validation.
"""

from __future__ import annotations

import json
import re

MAX_BODY_BYTES = 1_000_000
_BODY_METHODS = {"POST", "PUT", "PATCH"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_EXCEPT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def body_problem(body: bytes) -> str | None:
    """A sentence when the raw body can never be valid input, else None."""
    if not body.strip():
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "The request body is not UTF-8 text; send a JSON object encoded as UTF-8."
    try:
        data = json.loads(text)
    except RecursionError:
        return "The request body is nested too deeply; send a flat JSON object."
    except ValueError:
        return None  # malformed JSON: FastAPI reports it with the position
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return (
            "The request body contains an unpaired surrogate escape (such as \\ud800), which "
            "is not a character; send valid Unicode text."
        )
    except RecursionError:
        return "The request body is nested too deeply; send a flat JSON object."
    return None


def control_character_field(values: dict[str, str | None], *, text: tuple = ()) -> str | None:
    """The first field holding a control character (fields in `text` may hold tabs and line
    breaks), else None."""
    for field, value in values.items():
        pattern = _CONTROL_EXCEPT_TEXT if field in text else _CONTROL
        if value and pattern.search(value):
            return field
    return None


async def _send_error(send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """`admin_ok(authorization header)` decides admin access; on /api/ paths it is asked
    first, so a caller without the admin token gets 401 whatever the body, never a hint."""

    def __init__(self, app, admin_ok=None, refusal: str = "", max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.admin_ok = admin_ok
        self.refusal = refusal
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.admin_ok is not None and scope.get("path", "").startswith("/api/"):
            header = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not self.admin_ok(header.decode("latin-1")):
                await _send_error(send, 401, "unauthorized", self.refusal)
                return
        if scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_error(
                    send,
                    413,
                    "payload_too_large",
                    f"The request body is larger than {self.max_bytes // 1000} kB; send less.",
                )
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        problem = body_problem(body)
        if problem:
            await _send_error(send, 422, "validation_error", problem)
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# -- OpenAPI: state the field rules the node enforces, so clients and fuzzers know them --
_SHORT = {"minLength": 1, "maxLength": 64, "pattern": r"^[A-Za-z0-9 _.\-]+$"}
CONSTRAINTS = {
    "InitiateRequest": {
        "local_short_name": _SHORT,
        "remote_short_name": _SHORT,
        "name": {"minLength": 1, "maxLength": 255, "pattern": r"\S"},
        "description": {"maxLength": 2000},
    },
    "ConnectionPatch": {
        "description": {"maxLength": 2000},
        # the Status model also names pending and error, which only the node itself sets
        "status": {"enum": ["active", "deactivated"]},
    },
    "InspectRequest": {"code": {"minLength": 1, "pattern": r"\S"}},
    "AcceptRequest": {"code": {"minLength": 1, "pattern": r"\S"}},
}


def add_constraints(schema: dict) -> dict:
    models = schema.get("components", {}).get("schemas", {})
    for model, fields in CONSTRAINTS.items():
        props = models.get(model, {}).get("properties", {})
        for field, rules in fields.items():
            prop = props.get(field)
            if prop is None:
                continue
            alts = prop.get("anyOf", [])
            if "enum" in rules:  # replace a shared $ref with this field's own choices
                alts[:] = [a for a in alts if "$ref" not in a] + [{"type": "string", **rules}]
                continue
            target = next((alt for alt in alts if alt.get("type") == "string"), prop)
            target.update(rules)
    return schema
