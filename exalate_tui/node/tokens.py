"""Admin token resolution and the per-request peer JWTs (HS256, from a connection's secret)."""

from __future__ import annotations

import hmac
import os
import secrets
import time
import uuid
from pathlib import Path

import jwt

from ..config import write_private

TOKEN_ENV = "EXALATE_NODE_TOKEN"
TOKEN_FILE = "admin-token"
PEER_TOKEN_LIFETIME = 60  # seconds; the protocol allows at most 60
LEEWAY = 10  # seconds of clock skew tolerated between nodes


def resolve_admin_token(explicit: str | None, data_dir: Path) -> tuple[str, Path | None]:
    """--token, else $EXALATE_NODE_TOKEN, else DATA_DIR/admin-token (generated once, 0600).

    Returns the token and the file it lives in (None when it came from a flag or env)."""
    if explicit:
        return explicit, None
    env = os.environ.get(TOKEN_ENV)
    if env:
        return env, None
    return file_token(data_dir)


def file_token(data_dir: Path) -> tuple[str, Path]:
    """The token in DATA_DIR/admin-token, generated (0600) the first time."""
    path = data_dir / TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            os.chmod(path, 0o600)
            return token, path
    token = secrets.token_urlsafe(32)
    write_private(path, token + "\n")
    return token, path


def token_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def audience(connection_id: str, receiver_role: str) -> str:
    """Tokens are bound to one connection and to the receiving side, so a token cannot be
    reflected back to the node that minted it."""
    return f"exalate-peer:{connection_id}:{receiver_role}"


def mint(secret: str, connection_id: str, sender: str, receiver_role: str) -> str:
    now = int(time.time())
    claims = {
        "cid": connection_id,
        "sub": sender,
        "aud": audience(connection_id, receiver_role),
        "iat": now,
        "exp": now + PEER_TOKEN_LIFETIME,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def unverified_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])


def verify(token: str, secret: str, connection_id: str, receiver_role: str) -> dict:
    """Raises jwt.PyJWTError on a wrong secret, wrong audience or expiry."""
    claims = jwt.decode(
        token,
        secret,
        algorithms=["HS256"],
        audience=audience(connection_id, receiver_role),
        leeway=LEEWAY,
        options={"require": ["exp", "iat", "jti", "aud", "sub"]},
    )
    if claims.get("cid") != connection_id:
        raise jwt.InvalidTokenError("token is for another connection")
    if not all(isinstance(claims[k], str) and claims[k] for k in ("jti", "sub")) or not all(
        isinstance(claims[k], int | float) for k in ("exp", "iat")
    ):
        raise jwt.InvalidTokenError("token claims have the wrong types")
    if claims["exp"] - claims["iat"] > PEER_TOKEN_LIFETIME:
        raise jwt.InvalidTokenError("token lives too long")
    return claims
