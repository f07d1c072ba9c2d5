"""Accept invitation against real nodes: preview, project, success, and every refusal."""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

import pytest
from test_initiate_support import NODE_SPECS, WizardApp, nodes, pick_project, wait_for
from textual import events

from exalate_tui.node.launcher import NodeSpec, NodeThread
from exalate_tui.screens.accept import AcceptScreen, CodeInput

ALL = list(NODE_SPECS)
SIZE = (100, 34)


@pytest.fixture(scope="module", autouse=True)
def started_nodes():
    return nodes()


def make_code(initiator, destination: str | None, project: str | None = None, mode="script"):
    """Initiate through the admin API; return (code, connection)."""
    node = nodes()[initiator] if isinstance(initiator, str) else initiator
    dest = nodes()[destination].public_url if destination else None
    body = {
        "destination_url": dest,
        "mode": mode,
        "local_short_name": "Here",
        "remote_short_name": "There",
        "name": f"accept-test-{uuid.uuid4().hex[:8]}",
        "description": "",
        "project": project,
    }
    with node.client() as http:
        answer = http.post("/connections", json=body)
        assert answer.status_code == 201, answer.text
        data = answer.json()
    return data["invitation_code"], data["connection"]


def connections(name: str) -> list[dict]:
    with nodes()[name].client() as http:
        return http.get("/connections").json()["connections"]


def accept_app(current: str, code: str | None = None) -> WizardApp:
    return WizardApp(ALL, current, lambda: AcceptScreen(code=code))


async def paste(pilot, text: str) -> AcceptScreen:
    screen = pilot.app.screen
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AcceptScreen), what="Accept")
    screen = pilot.app.screen
    field = screen.query_one(CodeInput)
    field.focus()
    pilot.app.post_message(events.Paste(text))  # as the terminal delivers a paste
    await wait_for(pilot, lambda: screen.code != "", what="the pasted code")
    return screen


def error_text(screen) -> str:
    return str(screen.query_one("#accept-error").render())


async def test_accept_without_a_project_ignores_whitespace():
    code, conn = make_code("jira", "xurrent", project="DEMO")
    broken = "\n  ".join(code[i : i + 40] for i in range(0, len(code), 40)) + "\n"
    app = accept_app("xurrent")
    async with app.run_test(size=SIZE) as pilot:
        screen = await paste(pilot, broken)
        assert screen.code == code
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.preview is not None, what="the preview")
        preview = str(screen.query_one("#preview").render())
        for part in (conn["name"], "Jira node (Jira on-premise)", "public", "script", "Expires"):
            assert part in preview
        assert not screen.query_one("#accept-project").display
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.results, what="the accept")
        accepted = app.results[-1]
        assert accepted.status.value == "active" and accepted.project is None
        assert any("is now Active" in n.message for n in app._notifications)
        assert all(code not in n.message for n in app._notifications)
    mine = [c for c in connections("jira") if c["id"] == conn["id"]]
    assert mine[0]["status"] == "active"


async def test_accept_with_a_project():
    code, conn = make_code("snow", "jira2")
    app = accept_app("jira2", code)  # prefilled, as from "Go to remote": previews at once
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.preview is not None, what="the preview")
        assert screen.query_one("#accept-project").display
        assert screen.query_one("#accept-confirm").disabled  # no project chosen yet
        await pick_project(pilot, "#accept-project", "sup")
        await wait_for(pilot, lambda: app.results, what="the accept")
        assert app.results[-1].project == "SUP" and app.results[-1].status.value == "active"


def _expired_code() -> str:
    code, _ = make_code("shortttl", "xurrent")
    deadline = time.monotonic() + 10
    with nodes()["xurrent"].client() as http:
        while time.monotonic() < deadline:
            answer = http.post("/invitations/inspect", json={"code": code})
            if answer.status_code != 200:
                assert answer.json()["error"]["code"] == "expired_code"
                return code
            time.sleep(0.1)  # bounded poll until the one-second invitation has expired
    raise AssertionError("the invitation did not expire")


def _used_code() -> str:
    code, _ = make_code("jira", "xurrent", project="DEMO")
    with nodes()["snow"].client() as http:
        assert http.post("/invitations/accept", json={"code": code}).status_code == 201
    return code


def _deleted_code() -> str:
    code, conn = make_code("jira", "xurrent", project="SUP")
    with nodes()["jira"].client() as http:
        assert http.delete(f"/connections/{conn['id']}").status_code == 204
    return code


def _unreachable_code() -> str:
    spec = NodeSpec("servicenow", "Gone node", Path(tempfile.mkdtemp(prefix="gone-")))
    node = NodeThread(spec).start()
    try:
        code, _ = make_code(node, "xurrent")
    finally:
        node.stop()
    return code


@pytest.mark.parametrize(
    ("acceptor", "make", "at_preview", "heading"),
    [
        ("xurrent", lambda: "hello, not a code", True, "Not a valid invitation code"),
        ("xurrent", lambda: make_code("snow", "xurrent")[0][:-6], True, "Not a valid"),
        ("jira", lambda: make_code("jira", "xurrent", "DEMO")[0], True, "Issued by this instance"),
        ("xurrent", _expired_code, True, "Invitation expired"),
        ("xurrent", _used_code, False, "Already accepted"),
        ("xurrent", _deleted_code, False, "Connection no longer exists"),
        ("xurrent", _unreachable_code, False, "Initiator unreachable"),
    ],
    ids=["garbage", "truncated", "own", "expired", "used", "deleted", "unreachable"],
)
async def test_every_refusal_is_shown_in_plain_words(acceptor, make, at_preview, heading):
    code = make()
    before = len(connections(acceptor))
    app = accept_app(acceptor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await paste(pilot, code)
        await pilot.press("enter")
        if not at_preview:
            await wait_for(pilot, lambda: screen.preview is not None, what="the preview")
            await pilot.press("enter")
        await wait_for(pilot, lambda: error_text(screen) != "" and not screen.busy, what="error")
        assert heading in error_text(screen)
        assert isinstance(app.screen, AcceptScreen) and not app.results
        assert code not in error_text(screen)
    assert len(connections(acceptor)) == before  # nothing half-created


async def test_editing_the_code_drops_the_preview_and_escape_cancels():
    code, _ = make_code("snow", "xurrent")
    app = accept_app("xurrent", code)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.preview is not None, what="the preview")
        screen.query_one(CodeInput).focus()
        await pilot.press("end", "x")
        await wait_for(pilot, lambda: screen.preview is None, what="the preview to go")
        assert str(screen.query_one("#preview").render()) == ""
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.results == [None], what="cancel")


async def test_a_code_typed_in_a_burst_then_enter_is_read_whole():
    """Over SSH a paste can arrive as plain keys with enter right behind them; enter is a
    priority binding, so it must wait for the keys already sent to the field."""
    code, conn = make_code("jira", "xurrent", project="DEMO")
    app = accept_app("xurrent")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AcceptScreen), what="Accept")
        screen = app.screen
        await wait_for(pilot, lambda: app.focused is screen.query_one(CodeInput), what="focus")
        for char in code + "\r":  # all queued at once, as a terminal would send them
            key = "enter" if char == "\r" else char
            app.post_message(events.Key(key, char))
        await wait_for(
            pilot,
            lambda: screen.preview is not None or error_text(screen).strip(),
            what="the preview",
        )
        assert screen.code == code
        assert screen.preview is not None, error_text(screen)
        assert screen.preview.connection_name == conn["name"]
