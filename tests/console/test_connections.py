"""The Connections screen against real nodes: live status, actions, clipboard, filter."""

from __future__ import annotations

import stat
from pathlib import Path

from console_support import (
    accept,
    cell_text,
    connect,
    find_by_name,
    get_connection,
    initiate,
    loaded,
    make_app,
    notifications,
    text_of,
    unique,
    wait_until,
)

from exalate_tui.screens.connections import ConnectionsScreen
from exalate_tui.screens.dialogs import ConfirmDialog
from exalate_tui.widgets.status_bar import InstanceHeader


def home(app) -> ConnectionsScreen:
    screen = app.screen
    assert isinstance(screen, ConnectionsScreen), screen
    return screen


async def select(pilot, screen: ConnectionsScreen, connection_id: str) -> None:
    await wait_until(pilot, lambda: connection_id in screen.table.model, what="the row")
    table = screen.table
    table.move_cursor(row=table.get_row_index(connection_id), animate=False)
    await pilot.pause()
    assert table.selected_id() == connection_id


async def test_accept_on_the_other_side_turns_the_row_active_without_a_key(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    name = unique("live")
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        connection, code = initiate(jira, ado, name)
        # The new row arrives by the long-poll alone.
        await wait_until(pilot, lambda: connection["id"] in screen.table.model, what="new row")
        assert cell_text(screen.table, connection["id"], "status") == "Pending"
        assert cell_text(screen.table, connection["id"], "remote") != "unknown"
        accept(ado, code)
        await wait_until(
            pilot,
            lambda: cell_text(screen.table, connection["id"], "status") == "Active",
            what="the row to turn Active",
        )
        assert f"{name} is now Active" in notifications(app)
        assert screen.table.is_flashing(connection["id"])
        # Only one long-poll at a time: a handful of requests, not a stream.
        assert screen.requests <= 8


async def test_copy_puts_the_code_in_the_clipboard_and_s_saves_a_private_file(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    connection, code = initiate(jira, ado, unique("copy"))
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        await select(pilot, screen, connection["id"])
        await pilot.press("c")
        await wait_until(pilot, lambda: app.clipboard == code, what="the code in the clipboard")
        assert any("sent to your terminal's clipboard" in n for n in notifications(app))
        await pilot.press("s")
        await wait_until(
            pilot, lambda: any("saved to" in n for n in notifications(app)), what="save toast"
        )
        message = next(n for n in notifications(app) if "saved to" in n)
        path = Path(message.split("saved to ", 1)[1].split(" (only you", 1)[0])
        assert path.read_text().strip() == code
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert code not in message


async def test_copy_on_an_active_connection_explains_why_not(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    mine, _ = connect(jira, ado, unique("nocode"))
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        await select(pilot, screen, mine["id"])
        await pilot.press("c")
        await wait_until(
            pilot, lambda: any("already used" in n for n in notifications(app)), what="toast"
        )
        assert app.clipboard == ""


async def test_deactivate_activate_and_delete_from_the_console(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    name = unique("toggle")
    mine, theirs = connect(jira, ado, name)
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        await select(pilot, screen, mine["id"])
        await pilot.press("d")
        await wait_until(
            pilot,
            lambda: cell_text(screen.table, mine["id"], "status") == "Deactivated",
            what="Deactivated",
        )
        await wait_until(
            pilot,
            lambda: get_connection(ado, theirs["id"]).json()["status"] == "deactivated",
            what="the peer to learn of the deactivation",
        )
        await pilot.press("d")
        await wait_until(
            pilot,
            lambda: cell_text(screen.table, mine["id"], "status") == "Active",
            what="Active again",
        )
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="dialog")
        await pilot.press("n")  # cancelling keeps it
        await wait_until(pilot, lambda: app.screen is screen, what="back home")
        assert mine["id"] in screen.table.model
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="dialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: mine["id"] not in screen.table.model, what="the row to go")
        await wait_until(
            pilot,
            lambda: get_connection(jira, mine["id"]).status_code == 404,
            what="the node to forget it",
        )
        await wait_until(
            pilot,
            lambda: "remote side" in (get_connection(ado, theirs["id"]).json()["error"] or ""),
            what="the peer to learn of the deletion",
        )


async def test_filter_narrows_the_table_and_escape_restores_it(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    tag = unique("flt")
    first, _ = initiate(jira, ado, f"{tag}-alpha")
    second, _ = initiate(jira, ado, f"{tag}-beta")
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        total = screen.table.row_count
        assert total >= 2
        await pilot.press("slash")
        await pilot.press(*f"{tag}-beta")
        await wait_until(pilot, lambda: screen.table.row_count == 1, what="one row")
        assert screen.table.selected_id() == second["id"]
        await pilot.press("enter")  # ends the filter, keeps it applied
        await wait_until(pilot, lambda: app.focused is screen.table, what="table focus")
        assert app.screen is screen and screen.table.row_count == 1
        await pilot.press("enter")  # opens the one connection left
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "ConnectionScreen", what="details"
        )
        assert app.screen.connection.id == second["id"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="home")
        await pilot.press("slash")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.table.row_count == total, what="all rows")
        assert first["id"] in screen.table.model


async def test_instances_screen_lists_and_switches(console_nodes):
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("g")
        await wait_until(
            pilot, lambda: app.screen.__class__.__name__ == "InstancesScreen", what="instances"
        )
        table = app.screen.table
        await wait_until(
            pilot,
            lambda: (
                cell_text(table, "Console ADO", "state") == "online"
                and cell_text(table, "Console Jira", "state") == "online"
            ),
            what="both online",
        )
        assert cell_text(table, "Console ADO", "platform") == "Azure DevOps Service"
        table.move_cursor(row=table.get_row_index("Console ADO"), animate=False)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ConnectionsScreen)
                and app.screen.instance.name == "Console ADO"
                and app.screen.loaded
            ),
            what="ADO's connections",
        )
        assert app.instance.name == "Console ADO"
        header = app.screen.query_one(InstanceHeader)
        assert header.info is not None and header.info.platform == "azure-devops"
        assert len(app.screen_stack) == 2


async def test_header_and_own_url(console_nodes):
    jira = console_nodes["jira"]
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        await wait_until(pilot, lambda: app.node_info is not None, what="node info")
        header = screen.query_one(InstanceHeader)
        assert header.online is True
        assert "Console Jira" in text_of(header)
        await pilot.press("u")
        await wait_until(pilot, lambda: app.clipboard == jira.public_url, what="own URL copied")


async def test_accepted_side_sees_the_connection_appear(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    name = unique("appear")
    app = make_app(console_nodes, current="Console ADO")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        _, code = initiate(jira, ado, name)
        accept(ado, code)
        theirs = find_by_name(ado, name)
        await wait_until(pilot, lambda: theirs["id"] in screen.table.model, what="row")
        assert cell_text(screen.table, theirs["id"], "status") == "Active"


async def test_cursor_stays_on_its_connection_when_rows_change(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    tag = unique("cursor")
    above, _ = initiate(jira, ado, f"{tag}-above")
    mine, code = initiate(jira, ado, f"{tag}-mine")
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        await select(pilot, screen, mine["id"])
        with jira.client() as http:  # a row above the cursor goes away
            assert http.delete(f"/connections/{above['id']}").status_code == 204
        await wait_until(pilot, lambda: above["id"] not in screen.table.model, what="removal")
        assert screen.table.selected_id() == mine["id"]
        assert any(f"{tag}-above was deleted" in n for n in notifications(app))
        accept(ado, code)  # and an update in place keeps it too
        await wait_until(
            pilot, lambda: cell_text(screen.table, mine["id"], "status") == "Active", what="Active"
        )
        assert screen.table.selected_id() == mine["id"]


async def test_fits_80_columns_and_every_key_is_in_the_palette(console_nodes):
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        table = screen.table
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        titles = [command.title for command in app.get_system_commands(screen)]
        for wanted in (
            "Initiate a connection",
            "Accept an invitation",
            "Open the connection's details",
            "Copy invitation code",
            "Save code to a file",
            "Deactivate or activate",
            "Delete the connection",
            "Filter the connections",
            "Switch instance",
            "Reload from the node now",
            "Show every key",
        ):
            assert wanted in titles
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", what="help")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="help closed")


async def test_private_connection_shows_remote_unknown(console_nodes):
    jira = console_nodes["jira"]
    with jira.client() as http:
        answer = http.post(
            "/connections",
            json={
                "destination_url": None,
                "mode": "script",
                "local_short_name": "here",
                "remote_short_name": "behind-firewall",
                "name": unique("private"),
                "project": "DEMO",
            },
        )
    assert answer.status_code == 201, answer.text
    connection = answer.json()["connection"]
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await wait_until(pilot, lambda: connection["id"] in screen.table.model, what="row")
        assert cell_text(screen.table, connection["id"], "remote") == "unknown"
        assert cell_text(screen.table, connection["id"], "type") == "private"
        assert cell_text(screen.table, connection["id"], "status") == "Pending"
