"""The destination check (one in flight, "checking…" shown) and the wizard inside ExalateApp."""

from __future__ import annotations

import asyncio

import pytest
from test_initiate_support import (
    NODE_SPECS,
    WizardApp,
    choose_mode,
    instance,
    nodes,
    open_wizard,
    pick_project,
    type_destination,
    wait_for,
    wait_step,
)

from exalate_tui.app import ExalateApp
from exalate_tui.screens.accept import AcceptScreen
from exalate_tui.screens.initiate import InitiateScreen

SIZE = (100, 34)


@pytest.fixture(scope="module", autouse=True)
def started_nodes():
    return nodes()


async def test_never_more_than_one_check_in_flight_and_checking_is_shown():
    app = WizardApp(list(NODE_SPECS), "jira", InitiateScreen)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        client = app.client
        real = client.check_destination
        gate = asyncio.Event()
        seen = {"now": 0, "max": 0, "urls": []}

        async def held_check(url: str):
            seen["now"] += 1
            seen["max"] = max(seen["max"], seen["now"])
            seen["urls"].append(url)
            try:
                await gate.wait()
                return await real(url)
            finally:
                seen["now"] -= 1

        client.check_destination = held_check
        field = screen.query_one("#url")
        field.focus()
        first, second = nodes()["snow"].public_url, nodes()["xurrent"].public_url
        field.value = first
        await wait_for(pilot, lambda: seen["now"] == 1, what="the first check")
        assert "checking…" in str(screen.query_one("#url-status").render())
        field.value = second  # typed on while the first check is still out
        screen.query_one("DestinationStep").request_check()  # e.g. leaving the field
        await pilot.pause()
        assert seen["now"] == 1
        gate.set()
        await wait_for(
            pilot,
            lambda: screen.state.check_for_current_url and not screen.state.checking,
            what="the check of the final URL",
        )
        assert seen["max"] == 1
        assert seen["urls"][-1] == second
        assert screen.state.check.name == "Xurrent node"
        assert "Xurrent node" in str(screen.query_one("#url-status").render())


async def test_wizard_and_go_to_remote_inside_the_real_app():
    """The Connections screen opens the wizard on i; Go to remote lands on Accept there."""
    app = ExalateApp([instance("snow"), instance("ados")], current="snow")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot,
            lambda: app.screen.__class__.__name__ == "ConnectionsScreen",
            what="the Connections screen",
        )
        await pilot.press("i")
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, nodes()["ados"].public_url)
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        screen.query_one("#f-name").value = "Real app flow"
        await pilot.press("enter")
        await wait_step(pilot, screen, "result")
        code = screen.state.invitation_code
        await pilot.press("c")
        assert app.clipboard == code
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AcceptScreen), what="Accept")
        accept = app.screen
        assert app.instance.name == "ados" and accept.code == code
        await wait_for(pilot, lambda: accept.preview is not None, what="the preview")
        await pick_project(pilot, "#accept-project", "tail")
        await wait_for(pilot, lambda: not isinstance(app.screen, AcceptScreen), what="accepted")
        with nodes()["ados"].client() as http:
            mine = [
                c
                for c in http.get("/connections").json()["connections"]
                if c["name"] == "Real app flow"
            ]
        assert mine and mine[0]["status"] == "active" and mine[0]["project"] == "Tailspin Toys"
