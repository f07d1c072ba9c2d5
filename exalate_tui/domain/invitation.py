"""Invitation codes: a versioned, checksummed text token carrying everything an acceptor needs.

Layout: ``EXL1.<base64url JSON payload>.<checksum>``, where the checksum is the first 10
base32 characters of SHA-256 over the prefix and payload. Whitespace anywhere is ignored, so a
code pasted across line breaks still decodes. The code holds the connection's shared secret:
treat it as a password (never log it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from datetime import UTC, datetime

from pydantic import BaseModel, ValidationError

from .platforms import ConnectionType, Mode

PREFIX = "EXL1"
_WHITESPACE = re.compile(r"\s+")
_CHECKSUM_LEN = 10


class InvalidCode(ValueError):
    """The text is not an intact invitation code (typo, truncation, tampering, wrong format)."""


class Invitation(BaseModel):
    connection_id: str
    initiator_url: str
    initiator_platform: str
    initiator_name: str
    local_short_name: str  # the initiator's short name for itself
    remote_short_name: str  # the initiator's short name for the acceptor
    connection_name: str
    type: ConnectionType
    mode: Mode
    expires_at: datetime
    secret: str

    def __repr__(self) -> str:  # keep the secret out of logs and tracebacks
        return f"Invitation(connection_id={self.connection_id!r}, name={self.connection_name!r})"

    __str__ = __repr__

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at


def new_secret() -> str:
    """A fresh 256-bit shared secret, base64url."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()


def _checksum(body: str) -> str:
    digest = hashlib.sha256(body.encode()).digest()
    return base64.b32encode(digest).decode()[:_CHECKSUM_LEN]


def encode(invitation: Invitation) -> str:
    data = invitation.model_dump(mode="json")
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    body = f"{PREFIX}.{base64.urlsafe_b64encode(payload).rstrip(b'=').decode()}"
    return f"{body}.{_checksum(body)}"


def normalise(text: str) -> str:
    return _WHITESPACE.sub("", text or "")


def decode(text: str) -> Invitation:
    """Decode and check a pasted code; raises InvalidCode with a sentence a person can act on."""
    code = normalise(text)
    if not code:
        raise InvalidCode("The invitation code is empty. Paste the whole code you were sent.")
    parts = code.split(".")
    if parts[0] != PREFIX:
        raise InvalidCode(
            "This is not an invitation code (it should start with 'EXL1.'). "
            "Paste the whole code you were sent."
        )
    if len(parts) != 3 or not parts[1] or len(parts[2]) != _CHECKSUM_LEN:
        raise InvalidCode(
            "The invitation code is incomplete; it may have been cut off when copied. "
            "Paste the whole code again."
        )
    body = f"{parts[0]}.{parts[1]}"
    if _checksum(body) != parts[2]:
        raise InvalidCode(
            "The invitation code does not check out: a character was changed or lost when it "
            "was copied. Ask for the code again or paste it once more."
        )
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        return Invitation.model_validate(data)
    except (binascii.Error, ValueError, ValidationError, TypeError) as exc:
        raise InvalidCode(
            "The invitation code is damaged or was made by an incompatible version."
        ) from exc
