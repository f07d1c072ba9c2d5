"""Sync rules in the details screen: a syntax error is shown at its line as you save, and the
Test run pane shows the replica and the result side by side."""

from __future__ import annotations

from console_support import initiate, loaded, make_app, notifications, text_of, unique, wait_until
from test_offline_and_details import _open
from textual.widgets import TabbedContent, TextArea

from exalate_tui.screens.rules_test import RulesTestScreen


async def test_saving_broken_rules_shows_the_error_at_its_line(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    connection, _ = initiate(jira, ado, unique("broken-rules"))
    with jira.client() as http:
        before = http.get(f"/connections/{connection['id']}/rules").json()
    app = make_app(console_nodes)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, connection["id"])
        incoming = details.query_one("#incoming", TextArea)
        incoming.load_text("issue.summary = replica.summary\n\ndef x = = 3\n")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any(n.startswith("Not saved") for n in notifications(app)), what="error"
        )
        status = text_of(details.query_one("#rules-status"))
        assert "incoming script" in status and "line 3" in status
        assert details.query_one(TabbedContent).active == "incoming-tab"
        assert incoming.cursor_location[0] == 2  # 0-based row of line 3
        assert app.focused is incoming
    with jira.client() as http:  # nothing half-saved
        assert http.get(f"/connections/{connection['id']}/rules").json() == before


async def test_test_run_shows_replica_and_result_side_by_side(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    connection, _ = initiate(jira, ado, unique("test-run"))
    app = make_app(console_nodes)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await loaded(pilot)
        details = await _open(pilot, screen, connection["id"])
        # An unsaved edit is what the Test run uses.
        details.query_one("#outgoing", TextArea).load_text(
            'replica.summary = "Copied: " + issue.summary\nreplica.labels = issue.labels'
        )
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, RulesTestScreen), what="test run")
        test = app.screen
        replica = test.query_one("#rules-test-replica", TextArea)
        result = test.query_one("#rules-test-issue", TextArea)
        await wait_until(pilot, lambda: "Copied: Printer" in replica.text, what="the replica")
        assert "Copied: Printer on floor 3 is offline" in result.text
        assert "ran without errors" in text_of(test.query_one("#rules-test-status"))

        # A tracker item by key, and a runtime error reported at its line.
        await pilot.click("#rules-test-key")
        await pilot.press(*"DEMO-1", "enter")
        await wait_until(pilot, lambda: "Login fails" in replica.text, what="tracker item")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is details, what="back to details")
        details.query_one("#outgoing", TextArea).load_text("def n = 0\nreplica.summary = 1 / n")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, RulesTestScreen), what="again")
        status = app.screen.query_one("#rules-test-status")
        await wait_until(pilot, lambda: "outgoing line 2" in text_of(status), what="the error")
    with jira.client() as http:  # the Test run saved nothing
        saved = http.get(f"/connections/{connection['id']}/rules").json()
    assert "Copied:" not in saved["outgoing"]
