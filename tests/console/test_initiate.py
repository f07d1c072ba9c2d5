"""The Initiate connection wizard against real nodes: cards, steps, codes, errors, keys."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from test_initiate_support import (
    WizardApp,
    card_states,
    card_text,
    choose_mode,
    nodes,
    open_wizard,
    pick_project,
    screen_text,
    type_destination,
    wait_for,
    wait_step,
)

from exalate_tui.screens.accept import AcceptScreen
from exalate_tui.screens.initiate import InitiateScreen
from exalate_tui.screens.initiate.flow import VISUAL_NEEDS_KNOWN, Step, place_error

ALL = list(nodes.__globals__["NODE_SPECS"])
SIZE = (100, 34)


@pytest.fixture(scope="module", autouse=True)
def started_nodes():
    return nodes()


def wizard(current: str, names: list[str] | None = None) -> WizardApp:
    return WizardApp(names or ALL, current, InitiateScreen)


def url(name: str) -> str:
    return nodes()[name].public_url


def connections(name: str) -> list[dict]:
    with nodes()[name].client() as http:
        return http.get("/connections").json()["connections"]


# --- step 1: which cards, per platform ---------------------------------------------------


@pytest.mark.parametrize(
    ("local", "destination", "expected"),
    [
        ("jira", "ado", {"basic": True, "visual": True, "script": True}),
        ("jira", "xurrent", {"basic": True, "visual": "Not offered by Xurrent", "script": True}),
        ("ado", "ados", {"basic": True, "visual": "Not offered by Azure", "script": True}),
        ("xurrent", "jira", {"basic": True, "script": True}),
        ("snow", "ado", {"basic": True, "script": True}),
        ("ados", "snow", {"basic": True, "script": True}),
        ("expired", "jira2", {"basic": True, "visual": "licence", "script": "licence"}),
    ],
)
async def test_cards_follow_both_platforms_and_the_licence(local, destination, expected):
    app = wizard(local)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url(destination))
        text = screen_text(app)
        assert "✓" in text and f"{destination.title()} node" in text
        states = card_states(screen)
        assert list(states) == list(expected)  # no Visual card where the platform has none
        for mode, want in expected.items():
            enabled, reason = states[mode]
            if want is True:
                assert enabled, (mode, reason)
            else:
                assert not enabled and want in reason, (mode, reason)
                assert screen.query_one(f"#mode-{mode}").has_class("-disabled")
                assert want in card_text(screen, mode)  # the reason is on the card


async def test_card_wording_per_platform():
    async with wizard("xurrent").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        assert "AI ASSIST" in card_text(screen, "script")
        assert "Only tickets can be synced" in card_text(screen, "basic")
        assert "fixed once the connection exists" in screen_text(pilot.app)
    async with wizard("snow").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        assert "AI ASSIST" not in card_text(screen, "script")
        assert "can be synced" not in card_text(screen, "basic")
    async with wizard("ados").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        assert "Only issues can be synced" in card_text(screen, "basic")


async def test_visual_needs_a_known_destination():
    # The console does not know the Ado node here, so Visual cannot be offered.
    async with wizard("jira", ["jira"]).run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("ado"))
        assert card_states(screen)["visual"] == (False, VISUAL_NEEDS_KNOWN)


async def test_private_checkbox_disables_the_url_and_visual():
    async with wizard("ado").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await pilot.click("#no-url")
        await pilot.pause()
        assert screen.query_one("#url").disabled
        enabled, reason = card_states(screen)["visual"]
        assert not enabled and "private" in reason
        assert "unknown" in screen_text(pilot.app)


async def test_unreachable_url_shows_the_nodes_message_and_blocks():
    async with wizard("jira").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, "http://127.0.0.1:9")
        status = str(screen.query_one("#url-status").render())
        assert "✕" in status and "Nothing is listening" in status
        await choose_mode(pilot, screen, "script")
        assert screen.step.value == "destination"
        assert screen.query_one("#next").disabled


async def test_a_private_node_cannot_initiate():
    async with wizard("private").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        assert "can only accept invitations" in screen_text(pilot.app)
        assert screen.query_one("#url").disabled and screen.query_one("#no-url").disabled
        await choose_mode(pilot, screen, "basic")
        assert screen.step.value == "destination"
        assert screen.query_one("#next").disabled


# --- whole flows ---------------------------------------------------------------------------


async def test_jira_to_ado_script_copy_save_and_go_to_remote_accept(home: Path):
    app = wizard("jira")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("ado"), keys=True)
        assert screen.state.check.reachable
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        assert screen.state.name == "Jira node_to_Ado node"
        assert "Jira node_to_Ado node" in str(screen.query_one("#f-name").value)
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        assert "summary, description, comments, labels and attachments" in screen_text(app)
        await pick_project(pilot, "#pick-local", "sup")
        await wait_step(pilot, screen, "result")
        code = screen.state.invitation_code
        assert code and code.startswith("EXL1.")
        assert screen.query_one("CodeBox").text == code
        assert "Go to remote" in str(screen.query_one("#go-remote").label)
        assert [c["status"] for c in connections("jira") if c["name"] == screen.state.name] == [
            "pending"
        ]
        await pilot.press("c")
        assert app.clipboard == code
        await pilot.press("s")
        saved = list((home / "xdg_data_home").rglob("*.txt"))
        assert len(saved) == 1 and saved[0].read_text().strip() == code
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AcceptScreen), what="Accept")
        accept = app.screen
        assert app.instance.name == "ado" and app.remote_visits == ["ado"]
        assert accept.code == code
        await wait_for(pilot, lambda: accept.preview is not None, what="the preview")
        assert "Jira node" in str(accept.query_one("#preview").render())
        await pick_project(pilot, "#accept-project", "contoso")
        await wait_for(pilot, lambda: not isinstance(app.screen, AcceptScreen), what="accepted")
        theirs = [c for c in connections("ado") if c["name"] == "Jira node_to_Ado node"]
        assert theirs[0]["status"] == "active" and theirs[0]["project"] == "Contoso Web"
        assert [c["status"] for c in connections("jira") if c["name"] == theirs[0]["name"]] == [
            "active"
        ]


async def test_servicenow_and_xurrent_skip_the_project_step():
    app = wizard("snow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("xurrent"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        assert [s.value for s in screen.state.steps()] == ["destination", "info", "result"]
        assert "Initiate" in str(screen.query_one("#next").label)
        await pilot.press("enter")
        await wait_step(pilot, screen, "result")
        assert screen.state.invitation_code
    app = wizard("xurrent")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("snow"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        await pilot.press("enter")
        await wait_step(pilot, screen, "result")
        code = screen.state.invitation_code
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AcceptScreen), what="Accept")
        accept = app.screen
        await wait_for(pilot, lambda: accept.preview is not None, what="the preview")
        assert not accept.query_one("#accept-project").display  # ServiceNow has no projects
        assert accept.code == code
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, AcceptScreen), what="accept")
        theirs = [c for c in connections("snow") if c["name"] == screen.state.name]
        assert theirs[0]["status"] == "active" and theirs[0]["project"] is None


async def test_basic_with_admin_access_accepts_on_the_known_destination():
    app = wizard("xurrent")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("jira2"))
        await choose_mode(pilot, screen, "basic")
        await wait_step(pilot, screen, "access")
        assert "Do you have admin access" in screen_text(app)
        assert screen.state.admin_access  # a known destination: "Yes" is offered first
        await pilot.press("enter")
        await wait_step(pilot, screen, "info")
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")  # Jira's project, on the other side
        assert not screen.query_one("#pick-local").display
        await pick_project(pilot, "#pick-remote", "dev")
        await wait_step(pilot, screen, "result")
        assert screen.state.invitation_code and screen.state.remote_connection is not None
        text = screen_text(app)
        assert "Active on both sides" in text
        assert screen.state.invitation_code not in text
        assert not screen.query_one("CodeBox").display
        await pilot.press("c")  # nothing left to hand over: the code is not copied
        assert app.clipboard == ""
        theirs = [c for c in connections("jira2") if c["name"] == screen.state.name]
        assert theirs[0]["status"] == "active" and theirs[0]["project"] == "DEV"
        ours = [c for c in connections("xurrent") if c["name"] == screen.state.name]
        assert ours[0]["status"] == "active"


async def test_basic_without_admin_access_gives_a_code():
    app = wizard("ados")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("snow"))
        await choose_mode(pilot, screen, "basic")
        await wait_step(pilot, screen, "access")
        await pilot.press("down", "enter")  # "No"
        await wait_step(pilot, screen, "info")
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        await pick_project(pilot, "#pick-local", "tail")
        await wait_step(pilot, screen, "result")
        assert screen.state.invitation_code and screen.state.remote_connection is None


async def test_private_connection_code_is_accepted_by_the_private_node():
    app = wizard("ado")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await pilot.click("#no-url")
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        assert screen.state.remote_short_name == ""
        await pilot.press(*"Partner")
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        await pick_project(pilot, "#pick-local", "parts")
        await wait_step(pilot, screen, "result")
        code = screen.state.invitation_code
        text = screen_text(app)
        assert "unknown" in text and "their own side" in text
        assert not screen.query_one("#go-remote").display
        ours = [c for c in connections("ado") if c["name"] == screen.state.name][0]
        assert ours["type"] == "private" and ours["remote_url"] is None
    app = WizardApp(ALL, "private", lambda: AcceptScreen(code=code))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.preview is not None, what="the preview")
        await pick_project(pilot, "#accept-project", "fabrikam")
        await wait_for(pilot, lambda: app.results, what="accept")
        assert app.results[-1].status.value == "active"


async def test_local_connection_asks_both_projects_and_ends_without_code():
    app = wizard("jira")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("jira"))
        assert "local connection" in screen_text(app)
        assert not card_states(screen)["visual"][0]
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        screen.query_one("#f-remote_short_name").value = "Jira other"
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        assert screen.query_one("#pick-local").display and screen.query_one("#pick-remote").display
        await pick_project(pilot, "#pick-local", "demo")
        await pick_project(pilot, "#pick-remote", "sup")
        await wait_step(pilot, screen, "result")
        assert screen.state.invitation_code is None
        assert screen.state.connection.type.value == "local"
        assert "no invitation code" in screen_text(app)
        await pilot.press("c")
        assert app.clipboard == ""


async def test_local_connection_without_projects_says_so():
    async with wizard("snow").run_test(size=(80, 24)) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("snow"))
        text = screen_text(pilot.app)
        assert "this instance itself: a local connection" in text
        assert "two projects" not in text  # ServiceNow has no projects
        await choose_mode(pilot, screen, "basic")
        await wait_step(pilot, screen, "info")
        screen.query_one("#f-remote_short_name").value = "Snow other"
        await pilot.press("enter")
        await wait_step(pilot, screen, "result")
        text = screen_text(pilot.app)
        assert "no invitation code" in text and "two projects" not in text


async def test_a_name_typed_in_a_burst_then_enter_goes_on_whole():
    """enter is a priority binding: keys sent right before it must reach the state first."""
    from textual import events

    app = wizard("snow")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("xurrent"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        field = screen.query_one("#f-remote_short_name")
        field.focus()
        field.value = ""
        await wait_for(pilot, lambda: screen.state.remote_short_name == "", what="cleared")
        for char in "Partner\r":  # all queued at once, as a terminal would send them
            app.post_message(events.Key("enter" if char == "\r" else char, char))
        await wait_step(pilot, screen, "result")
        assert screen.state.remote_short_name == "Partner"
        assert screen.state.connection.name.endswith("_to_Partner")


async def test_local_connection_refused_where_the_platform_has_none():
    async with wizard("ado").run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("ado"))
        assert "does not offer local connections" in screen_text(pilot.app)
        await choose_mode(pilot, screen, "script")
        assert screen.step.value == "destination"


# --- step 2: values, errors, back and forth ---------------------------------------------------


async def test_going_back_and_forth_keeps_every_value():
    app = wizard("jira")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("snow"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        name = screen.query_one("#f-name")
        screen.query_one("#f-local_short_name").focus()
        await pilot.press("ctrl+u", *"Alpha")
        assert name.value == "Alpha_to_Snow node"  # follows the short names
        screen.query_one("#f-remote_short_name").focus()
        await pilot.press("ctrl+u", *"Beta")
        assert name.value == "Alpha_to_Beta"
        name.focus()
        await pilot.press("ctrl+u", *"Hand made")
        screen.query_one("#f-description").focus()
        await pilot.press(*"notes")
        screen.query_one("#f-local_short_name").focus()
        await pilot.press("ctrl+u", *"Gamma")
        assert name.value == "Hand made"  # edited by hand: no longer follows
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        await pick_project(pilot, "#pick-local", "dev", submit=False)
        await pilot.press("escape")
        await wait_step(pilot, screen, "info")
        await pilot.press("escape")
        await wait_step(pilot, screen, "destination")
        assert screen.query_one("#url").value == url("snow")
        assert screen.state.mode.value == "script"
        await pilot.press("enter")  # the URL field has focus: still valid → next
        await wait_step(pilot, screen, "info")
        values = {f: screen.query_one(f"#f-{f}").value for f in ("local_short_name", "name")}
        assert values == {"local_short_name": "Gamma", "name": "Hand made"}
        assert screen.query_one("#f-remote_short_name").value == "Beta"
        assert screen.query_one("#f-description").value == "notes"
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        assert screen.state.project == "DEV"
        await pilot.press("escape", "escape", "escape")
        await wait_for(pilot, lambda: app.results == [None], what="cancel")


async def test_inline_errors_and_the_nodes_name_taken():
    app = wizard("snow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("ados"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        screen.query_one("#f-local_short_name").focus()
        await pilot.press("ctrl+u")
        assert "Local instance short name is required" in str(
            screen.query_one("#e-local_short_name").render()
        )
        await pilot.press(*"bad/name")
        assert "only letters" in str(screen.query_one("#e-local_short_name").render())
        await pilot.press("enter")
        assert screen.step.value == "info"  # invalid: does not advance
        await pilot.press("ctrl+u", *"Snow")
        assert str(screen.query_one("#e-local_short_name").render()) == ""
        name = screen.query_one("#f-name")
        name.focus()
        await pilot.press("ctrl+u", *"Taken once")
        await pilot.press("enter")
        await wait_step(pilot, screen, "result")
        # The same name again: the node refuses it; the wizard shows it under the field.
        await pilot.press("enter")
    app = wizard("snow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("ados"))
        await choose_mode(pilot, screen, "script")
        await wait_step(pilot, screen, "info")
        before = len(connections("snow"))
        screen.query_one("#f-name").focus()
        await pilot.press("ctrl+u", *"Taken once")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "name" in screen.state.node_errors, what="name_taken")
        assert screen.step.value == "info"
        assert "Taken once" in str(screen.query_one("#e-name").render()) or str(
            screen.query_one("#e-name").render()
        )
        assert screen.query_one("#f-name").has_focus
        assert len(connections("snow")) == before  # nothing half-created


# --- node errors land where they belong -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "field", "step", "where"),
    [
        ("name_taken", None, "info", "name"),
        ("validation_error", "remote_short_name", "info", "remote_short_name"),
        ("validation_error", "destination_url", "destination", "url"),
        ("destination_unreachable", None, "destination", "url"),
        ("license_required", None, "destination", None),
        ("mode_not_available", None, "destination", None),
        ("instance_private", None, "destination", None),
        ("project_required", None, "project", "project"),
        ("unknown_project", "remote_project", "project", "remote_project"),
    ],
)
def test_where_each_initiate_error_is_shown(code, field, step, where):
    assert place_error(code, field) == (Step(step), where)


async def test_visual_accepts_on_the_other_side_and_shows_its_refusal():
    # The "expired" node is managed here, but its licence refuses Visual: the code stays usable.
    app = wizard("jira")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        await type_destination(pilot, screen, url("expired"))
        assert card_states(screen)["visual"] == (True, None)
        await choose_mode(pilot, screen, "visual")
        await wait_step(pilot, screen, "info")
        await pilot.press("enter")
        await wait_step(pilot, screen, "project")
        assert screen.query_one("#pick-remote").display  # both sides, from one place
        await pick_project(pilot, "#pick-local", "demo", submit=False)
        await pick_project(pilot, "#pick-remote", "sup")
        await wait_step(pilot, screen, "result")
        assert screen.state.remote_error
        assert screen.state.remote_error in screen_text(app)
        assert screen.query_one("CodeBox").display
        assert screen.query_one("CodeBox").text == screen.state.invitation_code
        assert screen.query_one("#go-remote").display
