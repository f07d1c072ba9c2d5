"""Snapshots of the wizard dialogs and the Accept screen (fixed size and theme, no clocks).

Only screens without ports, codes or tokens are captured: the destination step with "I don't
have a URL" ticked, the information and project steps, and an empty Accept screen.
"""

from __future__ import annotations

import pytest
from test_initiate_support import (
    NODE_SPECS,
    WizardApp,
    choose_mode,
    nodes,
    open_wizard,
    wait_for,
    wait_step,
)

from exalate_tui.screens.accept import AcceptScreen
from exalate_tui.screens.initiate import InitiateScreen

SIZE = (100, 34)
ALL = list(NODE_SPECS)


@pytest.fixture(scope="module", autouse=True)
def started_nodes():
    return nodes()


def wizard(current: str) -> WizardApp:
    return WizardApp(ALL, current, InitiateScreen)


async def _settle(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.set_focus(pilot.app.screen.focused)  # no pending refreshes
    await pilot.pause()


async def _private_step_one(pilot) -> None:
    screen = await open_wizard(pilot)
    await pilot.click("#no-url")
    await choose_mode(pilot, screen, "script", advance=False)
    await _settle(pilot)


async def _private_info(pilot) -> None:
    screen = await open_wizard(pilot)
    await pilot.click("#no-url")
    await choose_mode(pilot, screen, "script")
    await wait_step(pilot, screen, "info")
    await pilot.press(*"Partner")
    screen.query_one("#f-description").focus()
    await pilot.press(*"Incidents to Jira")
    await _settle(pilot)


async def _project_step(pilot) -> None:
    await _private_info(pilot)
    screen = pilot.app.screen
    await pilot.press("enter")
    await wait_step(pilot, screen, "project")
    picker = screen.query_one("#pick-local")
    await wait_for(pilot, lambda: picker.loaded, what="projects")
    await pilot.press(*"parts")
    await _settle(pilot)


async def _invalid_info(pilot) -> None:
    screen = await open_wizard(pilot)
    await pilot.click("#no-url")
    await choose_mode(pilot, screen, "basic")
    await wait_step(pilot, screen, "info")
    screen.query_one("#f-local_short_name").focus()
    await pilot.press("ctrl+u", *"bad/name")
    await pilot.press("enter")
    await _settle(pilot)


async def _open(pilot) -> None:
    await open_wizard(pilot)
    await _settle(pilot)


async def _accept_empty(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AcceptScreen), what="Accept")
    await _settle(pilot)


def test_jira_private_destination_step(snap_compare):
    assert snap_compare(wizard("jira"), terminal_size=SIZE, run_before=_private_step_one)


def test_xurrent_first_step_with_ai_assist(snap_compare):
    assert snap_compare(wizard("xurrent"), terminal_size=SIZE, run_before=_open)


def test_private_node_cannot_initiate(snap_compare):
    assert snap_compare(wizard("private"), terminal_size=SIZE, run_before=_open)


def test_connection_information_step(snap_compare):
    assert snap_compare(wizard("jira"), terminal_size=SIZE, run_before=_private_info)


def test_inline_errors_at_80x24(snap_compare):
    assert snap_compare(wizard("snow"), terminal_size=(80, 24), run_before=_invalid_info)


def test_project_step(snap_compare):
    assert snap_compare(wizard("ado"), terminal_size=SIZE, run_before=_project_step)


def test_accept_screen_empty(snap_compare):
    app = WizardApp(ALL, "jira", AcceptScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=_accept_empty)
