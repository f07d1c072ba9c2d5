"""At 80×24: the header line never cuts off the online state, every key the Footer offers is
on screen (none cut off at the edge), keys that do not apply to the selected row are left out,
and pressing one anyway says why."""

from __future__ import annotations

from console_support import (
    connect,
    initiate,
    loaded,
    make_app,
    notifications,
    text_of,
    unique,
    wait_until,
)
from test_connections import select
from textual.css.query import NoMatches
from textual.widgets._footer import FooterKey

from exalate_tui.screens.connection import ConnectionScreen
from exalate_tui.widgets.keys_footer import KeysFooter, rows_needed
from exalate_tui.widgets.status_bar import InstanceHeader


def footer_actions(screen) -> list[str]:
    """The actions whose keys the Footer shows, checking each is fully on screen."""
    footer = screen.query_one(KeysFooter)
    palette = footer.query_one(".-command-palette", FooterKey)
    width, height = screen.app.size
    shown = []
    for key in footer.query(FooterKey):
        if key is palette:
            continue
        region = key.region
        text = f"{key.key_display} {key.description}"
        assert region.width >= len(text), f"{text!r} is cut to {region.width} columns"
        assert region.right <= palette.region.x, f"{text!r} runs under the palette key"
        assert 0 <= region.y < height, f"{text!r} is below the screen"
        shown.append(key.action)
    return shown


def settled(screen) -> list[str]:
    """footer_actions once the Footer has been laid out ([] until then)."""
    try:
        return footer_actions(screen)
    except (AssertionError, NoMatches):  # caught while recomposing
        return []


def fits(screen) -> bool:
    return bool(settled(screen))


def test_rows_needed_wraps_only_when_needed():
    assert rows_needed([10, 10, 10], 40) == 1
    assert rows_needed([10, 10, 10, 10], 30) == 2
    assert rows_needed([30, 30, 30], 20) == 3


async def test_every_footer_key_fits_at_80x24_and_follows_the_row(console_nodes):
    jira, ado = console_nodes["jira"], console_nodes["ado"]
    pending, _ = initiate(jira, ado, unique("footer"))
    active, _ = connect(jira, ado, unique("footer-on"))
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        await select(pilot, screen, pending["id"])
        await wait_until(pilot, lambda: "copy_code" in settled(screen), what="c shown")
        shown = footer_actions(screen)
        for action in (
            "help",
            "initiate",
            "accept",
            "open",
            "copy_code",
            "save_code",
            "delete",
            "filter",
            "instances",
            "refresh",
            "copy_url",
            "app.quit",
        ):
            assert action in shown, f"{action} is not in the Footer at 80×24: {shown}"
        assert "toggle" not in shown  # a pending connection cannot be (de)activated

        await select(pilot, screen, active["id"])
        await wait_until(pilot, lambda: "toggle" in settled(screen), what="d shown")
        assert "copy_code" not in footer_actions(screen)
        await pilot.press("c")  # not offered, but not silent either
        await wait_until(
            pilot, lambda: any("already used" in n for n in notifications(app)), what="why"
        )
        assert app.clipboard == ""

        await select(pilot, screen, pending["id"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConnectionScreen), what="details")
        details = app.screen
        await wait_until(pilot, lambda: "copy_code" in settled(details), what="details c")
        shown = footer_actions(details)
        for action in ("back", "delete", "save_code", "save_rules", "test_rules"):
            assert action in shown, f"{action} is not in the details Footer at 80×24: {shown}"
        assert "toggle" not in shown
        await pilot.press("d")
        await wait_until(
            pilot,
            lambda: any("waiting for the other side" in n for n in notifications(app)),
            what="why d does nothing while pending",
        )


async def test_footer_wraps_back_to_one_line_when_wide(console_nodes):
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        await wait_until(
            pilot, lambda: footer.size.height > 1 and fits(screen), what="a wrapped footer"
        )
        await pilot.resize_terminal(200, 40)
        await wait_until(
            pilot, lambda: footer.size.height == 1 and fits(screen), what="one line again"
        )
        await pilot.resize_terminal(80, 24)
        await wait_until(
            pilot, lambda: footer.size.height > 1 and fits(screen), what="wrapped again"
        )


async def test_header_keeps_the_online_state_on_screen_when_narrow(console_nodes):
    jira = console_nodes["jira"]
    host = jira.public_url.split("://", 1)[1]
    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        header = screen.query_one(InstanceHeader)
        await wait_until(pilot, lambda: host in text_of(header), what="the header")
        for width, lines in ((80, 1), (50, 2)):
            await pilot.resize_terminal(width, 24)
            await wait_until(
                pilot,
                lambda width=width, lines=lines: header.outer_size == (width, lines),
                what=f"the header at {width} columns",
            )
            shown = [
                "".join(segment.text for segment in strip)
                for strip in (header.render_line(y) for y in range(lines))
            ]
            joined = " ".join(line.strip() for line in shown)
            for part in ("● online", "Console Jira", "Jira on-premise", host, "evaluation"):
                assert part in joined, f"{part!r} is not on screen at {width} columns: {shown}"


def test_connection_names_get_the_room_at_120_columns():
    from exalate_tui.widgets.connections_table import ConnectionsTable

    compact, name = ConnectionsTable.layout_for(120)
    assert compact and name >= len("Jira on-premise_to_Azure DevOps Service")
    compact, name = ConnectionsTable.layout_for(80)
    assert compact and name >= 10
    compact, name = ConnectionsTable.layout_for(200)
    assert not compact and name >= 32


async def test_wizard_first_step_starts_at_its_top_at_80x24(console_nodes):
    from exalate_tui.screens.initiate import InitiateScreen

    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("i")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, InitiateScreen)
                and app.screen.step is not None
                and app.focused is app.screen.query_one("#url")
            ),
            what="step 1 with the URL field focused",
        )
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        step = app.screen.query_one("#destination")
        assert step.scroll_y == 0  # the "Destination instance URL" label stays on screen


async def test_instances_footer_offers_enter_to_switch(console_nodes):
    from exalate_tui.screens.instances import InstancesScreen

    app = make_app(console_nodes)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, InstancesScreen), what="g")
        instances = app.screen
        await wait_until(pilot, lambda: "switch" in settled(instances), what="⏎ Switch shown")
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: app.instance.name == "Console ADO" and getattr(app.screen, "loaded", False),
            what="switched to Console ADO",
        )
