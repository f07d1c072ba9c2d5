"""At 80 columns the table cuts names short: the line under it shows the highlighted row whole,
with where the other side is and, when blocked, why."""

from __future__ import annotations

from console_support import api, connect, loaded, make_app, text_of, unique, wait_until

from exalate_tui.widgets.row_summary import RowSummary


async def test_highlighted_row_is_summarised_whole_and_follows_its_status(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    name = unique("a-rather-long-connection-name-for-80-columns")
    connection, theirs = connect(jira, ado, name)
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        table = screen.table
        await wait_until(pilot, lambda: connection["id"] in table.model, what="the row")
        table.move_cursor(row=table.get_row_index(connection["id"]), animate=False)
        summary = screen.query_one(RowSummary)
        await wait_until(pilot, lambda: name in text_of(summary), what="the summary")
        assert ado.public_url in text_of(summary)
        assert "Azure DevOps Service" in text_of(summary)

        # Deleted on the other side: the row turns Error and the line says why.
        with api(ado) as http:
            assert http.delete(f"/connections/{theirs['id']}").status_code == 204
        await wait_until(
            pilot, lambda: "remote side" in text_of(summary), what="the reason in the summary"
        )
