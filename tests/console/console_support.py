"""Helpers for the console tests: real nodes (subprocesses via the launcher), instances for
them, node-side actions through the admin API, and bounded waits on app state."""

from __future__ import annotations

import itertools
import os
import time
import uuid

import httpx
from pydantic import SecretStr

from exalate_tui.config import Instance
from exalate_tui.node.launcher import NodeProcess

_counter = itertools.count()


def instance_for(node: NodeProcess, name: str, platform: str) -> Instance:
    return Instance(
        name=name,
        url=node.admin_url,
        token=SecretStr(node.token),
        platform=platform,
        private=node.spec.private,
    )


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:4]}"


def api(node: NodeProcess) -> httpx.Client:
    return node.client(timeout=30.0)


def first_project(node: NodeProcess) -> str | None:
    with api(node) as http:
        projects = http.get("/projects").json()["projects"]
    return projects[0]["key"] if projects else None


def initiate(initiator: NodeProcess, destination: NodeProcess, name: str, mode="script"):
    """Create a pending connection on ``initiator``; return (connection dict, code)."""
    body = {
        "destination_url": destination.public_url,
        "mode": mode,
        "local_short_name": "left",
        "remote_short_name": "right",
        "name": name,
        "description": "made by a console test",
        "project": first_project(initiator),
    }
    with api(initiator) as http:
        answer = http.post("/connections", json=body)
    assert answer.status_code == 201, answer.text
    data = answer.json()
    return data["connection"], data["invitation_code"]


def accept(acceptor: NodeProcess, code: str) -> dict:
    with api(acceptor) as http:
        answer = http.post(
            "/invitations/accept", json={"code": code, "project": first_project(acceptor)}
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["connection"]


def connect(initiator: NodeProcess, acceptor: NodeProcess, name: str, mode="script"):
    """An active connection between the two; returns (initiator side dict, acceptor side)."""
    mine, code = initiate(initiator, acceptor, name, mode)
    theirs = accept(acceptor, code)
    return mine, theirs


def get_connection(node: NodeProcess, connection_id: str) -> httpx.Response:
    with api(node) as http:
        return http.get(f"/connections/{connection_id}")


def find_by_name(node: NodeProcess, name: str) -> dict | None:
    with api(node) as http:
        for connection in http.get("/connections").json()["connections"]:
            if connection["name"] == name:
                return connection
    return None


async def wait_until(pilot, predicate, timeout: float = 10.0, what: str = "condition"):
    """Let the app run until ``predicate()`` is true (bounded); no fixed sleeps."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (LookupError, AttributeError):
            pass
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def cell_text(table, row_key: str, column: str) -> str:
    value = table.get_cell(row_key, column)
    return getattr(value, "plain", str(value))


def text_of(widget) -> str:
    """The plain text a Static shows (strings, Rich Text or Rich tables)."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    plain = getattr(content, "plain", None)
    if plain is not None:
        return plain
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(content)
    return console.export_text()


def make_app(nodes, current: str = "Console Jira"):
    """The console on the session's Jira and Azure DevOps nodes."""
    from exalate_tui.app import ExalateApp

    instances = [
        instance_for(nodes["jira"], "Console Jira", "jira-onprem"),
        instance_for(nodes["ado"], "Console ADO", "azure-devops"),
    ]
    return ExalateApp(instances, current=current)


async def loaded(pilot):
    """The Connections screen once the node has answered for the first time."""
    from exalate_tui.screens.connections import ConnectionsScreen

    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, ConnectionsScreen) and pilot.app.screen.loaded,
        what="the first answer from the node",
    )
    return pilot.app.screen
