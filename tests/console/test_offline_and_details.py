"""Offline banner and recovery (a node stopped and restarted on the same port and data dir),
the empty state, the details screen with its sync rules, and go to remote."""

from __future__ import annotations

from console_support import (
    cell_text,
    connect,
    initiate,
    instance_for,
    loaded,
    make_app,
    notifications,
    text_of,
    unique,
    wait_until,
)
from textual.widgets import TextArea

from exalate_tui.app import ExalateApp
from exalate_tui.node.launcher import NodeProcess, NodeSpec
from exalate_tui.screens.connection import ConnectionScreen
from exalate_tui.screens.connections import EMPTY_TEXT, ConnectionsScreen
from exalate_tui.widgets.status_bar import InstanceHeader, OfflineBanner


async def test_offline_banner_then_recovery_without_a_key(tmp_path, console_nodes):
    ado = console_nodes["ado"]
    node = NodeProcess(NodeSpec("servicenow", "Offline SNOW", tmp_path / "snow"))
    node.start()
    try:
        app = ExalateApp([instance_for(node, "Offline SNOW", "servicenow")])
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await loaded(pilot)
            empty = screen.query_one("#empty-state")
            assert text_of(empty) == EMPTY_TEXT
            assert not screen.table.display
            banner = screen.query_one(OfflineBanner)
            assert not banner.shown

            node.stop()
            await wait_until(pilot, lambda: banner.shown, what="the offline banner")
            assert "Cannot reach the node" in text_of(banner)
            assert screen.query_one(InstanceHeader).online is False

            node.restart()
            await wait_until(pilot, lambda: not banner.shown, timeout=15, what="recovery")
            assert screen.query_one(InstanceHeader).online is True
            # Rows catch up by themselves after the recovery.
            connection, _ = initiate(node, ado, unique("after"))
            await wait_until(
                pilot, lambda: connection["id"] in screen.table.model, what="the new row"
            )
            assert screen.table.display
            assert app.focused is screen.table  # arrow keys work on the new row at once

            # Changes made on the node while the console could not see it show up after the
            # recovery, without a key press.
            active, _ = connect(node, ado, unique("active"))
            await wait_until(pilot, lambda: active["id"] in screen.table.model, what="row")
            node.stop()
            await wait_until(pilot, lambda: banner.shown, what="the offline banner again")
            # From here to the check below the test never yields to the app: its event loop
            # is blocked, so the console sees none of this until it retries on its own.
            node.restart()
            with node.client() as http:
                assert http.delete(f"/connections/{connection['id']}").status_code == 204
                changed = http.patch(f"/connections/{active['id']}", json={"status": "deactivated"})
                assert changed.status_code == 200, changed.text
            added, _ = initiate(node, ado, unique("while-offline"))
            assert banner.shown
            await wait_until(pilot, lambda: not banner.shown, timeout=15, what="recovery")
            await wait_until(
                pilot,
                lambda: (
                    added["id"] in screen.table.model
                    and connection["id"] not in screen.table.model
                    and cell_text(screen.table, active["id"], "status") == "Deactivated"
                ),
                what="the changes made while offline",
            )
    finally:
        node.stop()


async def _open(pilot, screen, connection_id) -> ConnectionScreen:
    await wait_until(pilot, lambda: connection_id in screen.table.model, what="row")
    screen.table.move_cursor(row=screen.table.get_row_index(connection_id), animate=False)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConnectionScreen), what="open")
    details = pilot.app.screen
    await wait_until(pilot, lambda: details.query_one("#outgoing", TextArea).text, what="the rules")
    return details


async def test_details_edit_script_rules_and_follow_status(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    name = unique("rules")
    connection, code = initiate(jira, ado, name)
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, connection["id"])
        fields = text_of(details.query_one("#details-fields"))
        assert name in fields and "Pending" in text_of(details.query_one("#details-title"))
        # While pending the code is shown in full, and can be copied again.
        await wait_until(
            pilot, lambda: code in text_of(details.query_one("#details-code")), what="code shown"
        )
        await pilot.press("c")
        await wait_until(pilot, lambda: app.clipboard == code, what="code copied")
        outgoing = details.query_one("#outgoing", TextArea)
        assert not outgoing.read_only
        outgoing.load_text(outgoing.text + "\n// edited by the console test\n")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: "Sync rules saved." in notifications(app), what="rules saved"
        )
        with jira.client() as http:
            saved = http.get(f"/connections/{connection['id']}/rules").json()
        assert "edited by the console test" in saved["outgoing"]
        # The details follow the node: accepting elsewhere turns this screen Active.
        from console_support import accept

        accept(ado, code)
        await wait_until(
            pilot,
            lambda: "Active" in text_of(details.query_one("#details-title")),
            what="details to show Active",
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back home")
        assert cell_text(screen.table, connection["id"], "status") == "Active"


async def test_details_refused_rules_show_the_nodes_error(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    connection, _ = initiate(jira, ado, unique("refused"))
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, connection["id"])
        with jira.client() as http:  # someone else deletes it meanwhile
            assert http.delete(f"/connections/{connection['id']}").status_code == 204
        await wait_until(
            pilot,
            lambda: "no longer exists" in text_of(details.query_one("#details-hint")),
            what="the details to say it is gone",
        )
        details.query_one("#incoming", TextArea).load_text("// too late\n")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any(n.startswith("Not saved") for n in notifications(app)),
            what="the refusal",
        )
        assert text_of(details.query_one("#rules-status")).startswith("Not saved")


async def test_basic_mode_rules_are_read_only(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    mine, _ = connect(jira, ado, unique("basic"), mode="basic")
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, mine["id"])
        assert details.query_one("#outgoing", TextArea).read_only
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any("cannot be" in n for n in notifications(app)), what="warning"
        )


async def test_go_to_remote_switches_and_opens_accept_with_the_code(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    _, code = initiate(jira, ado, unique("goto"))
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.go_to_remote("Console ADO", code)
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "AcceptScreen", what="Accept screen"
        )
        assert app.instance.name == "Console ADO"
        assert isinstance(app.screen_stack[1], ConnectionsScreen)
        assert app.screen_stack[1].instance.name == "Console ADO"


def test_rule_errors_point_at_line_and_column():
    from exalate_tui.screens.connection import error_location

    assert error_location("outgoing:3:7: unexpected ')'") == (3, 7)
    assert error_location("Syntax error at line 12, column 4: missing value") == (12, 4)
    assert error_location("The node at http://127.0.0.1:5000 is down") is None


async def test_rules_tabs_by_number_and_unsaved_edits_are_not_dropped_silently(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    connection, _ = initiate(jira, ado, unique("tabs"))
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, connection["id"])
        await pilot.press("3")
        incoming = details.query_one("#incoming", TextArea)
        assert details.query_one("TabbedContent").active == "incoming-tab"
        assert app.focused is incoming
        await pilot.press(*"// mine", "escape")
        await wait_until(
            pilot, lambda: any("unsaved" in n for n in notifications(app)), what="warning"
        )
        assert app.screen is details and "// mine" in incoming.text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="left on the second esc")
        details = await _open(pilot, screen, connection["id"])
        await pilot.press("2")
        assert app.focused is details.query_one("#outgoing", TextArea)
        await pilot.press("escape")  # nothing edited: leaves at once
        await wait_until(pilot, lambda: app.screen is screen, what="back home")
