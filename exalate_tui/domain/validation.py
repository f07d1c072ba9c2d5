"""Field rules for connection information, shared by the node (authoritative) and the console."""

from __future__ import annotations

import re

SHORT_NAME_MAX = 64
CONNECTION_NAME_MAX = 255
DESCRIPTION_MAX = 2000
_SHORT_NAME = re.compile(r"[A-Za-z0-9 _.\-]+")


def short_name_error(value: str, label: str = "Short name") -> str | None:
    if not value or not value.strip():
        return f"{label} is required."
    if len(value) > SHORT_NAME_MAX:
        return f"{label} must be at most {SHORT_NAME_MAX} characters."
    if not _SHORT_NAME.fullmatch(value):
        return f"{label} may contain only letters, digits, spaces, '_', '.' and '-'."
    return None


def connection_name_error(value: str) -> str | None:
    if not value or not value.strip():
        return "Connection name is required."
    if len(value) > CONNECTION_NAME_MAX:
        return f"Connection name must be at most {CONNECTION_NAME_MAX} characters."
    return None


def description_error(value: str | None) -> str | None:
    if value and len(value) > DESCRIPTION_MAX:
        return f"Description must be at most {DESCRIPTION_MAX} characters."
    return None


def default_connection_name(local_short_name: str, remote_short_name: str) -> str:
    return f"{local_short_name}_to_{remote_short_name}"


def connection_info_errors(
    local_short_name: str, remote_short_name: str, name: str, description: str | None
) -> dict[str, str]:
    """Field name → message for every invalid field (empty when all are valid)."""
    checks = {
        "local_short_name": short_name_error(local_short_name, "Local instance short name"),
        "remote_short_name": short_name_error(remote_short_name, "Remote instance short name"),
        "name": connection_name_error(name),
        "description": description_error(description),
    }
    return {field: msg for field, msg in checks.items() if msg}
