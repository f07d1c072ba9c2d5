"""Connection actions shared by the Connections and Connection details screens.

Each function talks to the node and returns what to tell the user; the screens run them in
workers and show the outcome. Nothing here logs a code or a token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..client import NodeClient
from ..clipboard import copy_hint, save_code
from ..domain.models import Connection, Role, Status

log = logging.getLogger(__name__)


class NotPossible(Exception):
    """The action does not apply to this connection; the message says why."""


def has_code(connection: Connection) -> bool:
    return connection.role is Role.INITIATOR and connection.status is Status.PENDING


def check_has_code(connection: Connection) -> None:
    if connection.role is not Role.INITIATOR:
        raise NotPossible(
            f"{connection.name} was accepted here; only the side that initiated it has a code."
        )
    if connection.status is not Status.PENDING:
        raise NotPossible(
            f"{connection.name} is {connection.status.value}: its invitation code was already "
            "used. Codes can be copied only while a connection waits for acceptance."
        )


async def fetch_code(client: NodeClient, connection: Connection) -> str:
    check_has_code(connection)
    return await client.invitation_code(connection.id)


@dataclass
class Outcome:
    message: str
    severity: str = "information"
    connection: Connection | None = None
    path: Path | None = None
    clipboard: str | None = None  # text for the handler to send to the terminal's clipboard


async def copy_code(client: NodeClient, connection: Connection, on_screen: bool = True) -> Outcome:
    """Fetch the code; the screen's handler puts ``outcome.clipboard`` on the clipboard."""
    code = await fetch_code(client, connection)
    log.info("invitation code of %s sent to the terminal clipboard", connection.id)
    return Outcome(copy_hint(on_screen=on_screen), clipboard=code)


async def save_code_file(client: NodeClient, connection: Connection) -> Outcome:
    code = await fetch_code(client, connection)
    path = save_code(code, connection.name)
    log.info("invitation code of %s saved to a 0600 file", connection.id)
    return Outcome(f"Invitation code saved to {path} (only you can read it).", path=path)


def toggle_target(connection: Connection) -> Status:
    if connection.status is Status.ACTIVE:
        return Status.DEACTIVATED
    if connection.status in (Status.DEACTIVATED, Status.ERROR):
        return Status.ACTIVE
    raise NotPossible(
        f"{connection.name} is waiting for the other side to accept it; it can be "
        "activated or deactivated once accepted."
    )


async def toggle_status(client: NodeClient, connection: Connection) -> Outcome:
    target = toggle_target(connection)
    updated = await client.set_status(connection.id, target)
    log.info("connection %s set to %s", connection.id, target.value)
    verb = "deactivated" if target is Status.DEACTIVATED else "activated"
    return Outcome(f"{connection.name} {verb}.", connection=updated)


async def delete_connection(client: NodeClient, connection: Connection) -> Outcome:
    await client.delete(connection.id)
    log.info("connection %s deleted", connection.id)
    return Outcome(f"{connection.name} deleted.")


def delete_question(connection: Connection) -> tuple[str, str]:
    other = "" if connection.type.value == "local" else " The other side is told about it."
    return (
        f"Delete {connection.name}?",
        f"The connection and its sync state are removed from this instance.{other} "
        "This cannot be undone.",
    )
