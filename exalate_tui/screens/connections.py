"""Connections (home): the instance's connections, following the node live.

One long-poll is in flight at a time: the poll worker is a loop that asks
``GET /connections?since=REV&wait=S`` and starts the next request only after the last one
ended. When the node cannot be reached a banner says so and the loop retries with backoff;
when the node answers again everything is reloaded without a key press. The worker only posts
messages; the handlers here change the widgets.
"""

from __future__ import annotations

import asyncio
import logging

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ..client import NodeError, NodeUnreachable
from ..config import Instance
from ..domain.models import Connection, ConnectionList, NodeInfo, Status
from ..widgets.connections_table import ConnectionsTable, status_label
from ..widgets.keys_footer import KeysFooter
from ..widgets.row_summary import RowSummary
from ..widgets.status_bar import InstanceHeader, OfflineBanner
from . import actions
from .actions import NotPossible, Outcome

log = logging.getLogger(__name__)

POLL_WAIT = 50.0  # seconds a long-poll is held: about 1 request a minute when idle
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
REVIVE_EVERY = 5  # while unreachable, look whether our own embedded node died every N tries
ROW_ACTIONS = ("open", "toggle", "delete")
CODE_ACTIONS = ("copy_code", "save_code")
HIDDEN_KEYS = {"c": "copy_code", "s": "save_code", "d": "toggle", "delete": "delete"}
EMPTY_TEXT = "No connections yet — press i to initiate one or a to accept an invitation."


class ConnectionsScreen(Screen):
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
        Binding("i", "initiate", "Initiate", id="initiate", tooltip="Initiate a connection"),
        Binding("a", "accept", "Accept", id="accept", tooltip="Accept an invitation"),
        Binding(
            "enter",
            "open",
            "Open",
            id="open",
            priority=True,  # shown in the Footer even while the table has focus
            tooltip="Open the connection's details",
        ),
        Binding("c", "copy_code", "Copy code", id="copy_code", tooltip="Copy invitation code"),
        Binding("s", "save_code", "Save code", id="save_code", tooltip="Save code to a file"),
        Binding("d", "toggle", "On/off", id="toggle", tooltip="Deactivate or activate"),
        Binding(
            "delete",
            "delete",
            "Delete",
            id="delete",
            key_display="del",
            tooltip="Delete the connection",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="filter",
            key_display="/",
            tooltip="Filter the connections",
        ),
        Binding("g", "instances", "Instances", id="instances", tooltip="Switch instance"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Reload from the node now"),
        Binding(
            "u",
            "copy_url",
            "Copy URL",
            id="copy_url",
            tooltip="Copy this instance's own URL (what a partner enters as destination)",
        ),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="Quit the console"),
    ]

    class Polled(Message):
        def __init__(self, answer: ConnectionList) -> None:
            super().__init__()
            self.answer = answer

    class InfoLoaded(Message):
        def __init__(self, info: NodeInfo) -> None:
            super().__init__()
            self.info = info

    class Offline(Message):
        def __init__(
            self, message: str, retry_in: float, attempt: int, note: str | None = None
        ) -> None:
            super().__init__()
            self.note = note  # also said in a toast (an embedded node was started again)
            self.message = message
            self.retry_in = retry_in
            self.attempt = attempt

    class ActionDone(Message):
        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, instance: Instance) -> None:
        super().__init__()
        self.instance = instance
        self.loaded = False
        self.online: bool | None = None
        self.revision: int | None = None
        self.requests = 0  # requests sent by the poll loop (for the idle benchmark)
        self._deleting: set[str] = set()

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield InstanceHeader(self.instance, id="instance-header")
        yield OfflineBanner(id="offline-banner")
        # No blinking cursors: nothing on screen changes while nothing happens (SSH).
        yield Input(placeholder="Filter: type words, Esc closes", id="filter")
        yield ConnectionsTable(id="connections")
        yield RowSummary(id="row-summary")
        yield Static("Loading connections…", id="empty-state")
        yield KeysFooter()

    @property
    def table(self) -> ConnectionsTable:
        return self.query_one(ConnectionsTable)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = False
        self.app.sub_title = self.instance.name
        cached = self.app.node_info
        if cached is not None and self.app.instance is self.instance:
            self.query_one(InstanceHeader).show(cached)  # until the node answers afresh
        self.table.fit_width(self.size.width)
        self.table.focus()
        self._update_empty_state()
        self.poll()

    def on_resize(self) -> None:
        self.table.fit_width(self.size.width)

    def _update_empty_state(self) -> None:
        empty = self.query_one("#empty-state", Static)
        table = self.table
        if not self.loaded:
            text = (
                "Loading connections…"
                if self.online is not False
                else ("The connections appear as soon as the node answers.")
            )
        elif not table.model:
            text = EMPTY_TEXT
        elif not table.row_count:
            text = f"No connection matches “{table.filter_text}” (Esc in the filter clears it)."
        else:
            text = ""
        empty.update(text)
        empty.display = bool(text)
        table.display = bool(table.row_count)
        if table.display and self.focused is None:
            table.focus()
        self.refresh_bindings()
        self._update_summary()

    def _update_summary(self) -> None:
        self.query_one(RowSummary).show(self.table.selected() if self.table.row_count else None)

    # -- the long-poll --------------------------------------------------------------------

    @work(exclusive=True, group="poll", exit_on_error=False)
    async def poll(self) -> None:
        client = self.app.client_for(self.instance)
        revision: int | None = None
        attempt = 0
        need_info = True
        while True:
            try:
                if need_info:
                    self.requests += 1
                    self.post_message(self.InfoLoaded(await client.node_info()))
                    need_info = False
                self.requests += 1
                if revision is None:
                    answer = await client.connections()
                else:
                    answer = await client.connections(since=revision, wait=POLL_WAIT)
            except NodeError as exc:
                revision = None  # reload everything once it answers again
                need_info = True
                attempt += 1
                delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (attempt - 1))
                if attempt == 1 or attempt % 10 == 0:
                    log.warning("%s: %s (attempt %d)", self.instance.name, exc.code, attempt)
                message = exc.message
                if not isinstance(exc, NodeUnreachable):
                    message = f"The node refused: {exc.message}"
                elif attempt % REVIVE_EVERY == 1:
                    # A node this console started itself: start it again if it has died.
                    revived = await self.app.revive_embedded(self.instance)
                    if revived:
                        message, delay = f"{message}\n{revived}", 0
                        self.post_message(self.Offline(message, delay, attempt, note=revived))
                        continue
                self.post_message(self.Offline(message, delay, attempt))
                await asyncio.sleep(delay)
                continue
            if attempt:
                log.info("%s is reachable again", self.instance.name)
            attempt = 0
            revision = answer.revision
            self.post_message(self.Polled(answer))

    def on_connections_screen_info_loaded(self, message: InfoLoaded) -> None:
        self.app.remember_info(self.instance, message.info)
        self.query_one(InstanceHeader).show(message.info, online=True)

    def on_connections_screen_offline(self, message: Offline) -> None:
        self.online = False
        self.query_one(InstanceHeader).show(online=False)
        self.query_one(OfflineBanner).show_problem(
            message.message, message.retry_in, message.attempt
        )
        if message.note:
            self.notify(message.note, title=self.instance.name, severity="warning", timeout=8)
        self._update_empty_state()

    def on_connections_screen_polled(self, message: Polled) -> None:
        self.online = True
        self.revision = message.answer.revision
        self.query_one(InstanceHeader).show(online=True)
        self.query_one(OfflineBanner).clear_problem()
        first = not self.loaded
        changes = self.table.sync(message.answer.connections)
        self.loaded = True
        self._update_empty_state()
        if first:
            return
        for connection, _old in changes.status_changed:
            self._announce(connection)
        for gone in changes.removed:
            if gone.id not in self._deleting:
                self.notify(f"{gone.name} was deleted.", title=self.instance.name)
            self._deleting.discard(gone.id)
        self._tell_details(message.answer.connections)

    def _announce(self, connection: Connection) -> None:
        self.table.flash(connection.id)
        text = f"{connection.name} is now {status_label(connection.status)}"
        if connection.status is Status.ERROR and connection.error:
            text += f": {connection.error}"
        severity = "error" if connection.status is Status.ERROR else "information"
        log.info("connection %s is now %s", connection.id, connection.status.value)
        self.notify(text, title=self.instance.name, severity=severity)

    def _tell_details(self, connections: list[Connection]) -> None:
        from .connection import ConnectionScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ConnectionScreen) and screen.instance is self.instance:
                for connection in connections:
                    if connection.id == screen.connection.id:
                        screen.post_message(ConnectionScreen.Changed(connection))
                        break
                else:
                    screen.post_message(ConnectionScreen.Changed(None))

    # -- actions --------------------------------------------------------------------------

    def _selected(self) -> Connection | None:
        connection = self.table.selected()
        if connection is None:
            self.notify("Select a connection first (arrow keys).", severity="warning")
        return connection

    def _act(self, coroutine) -> None:
        self.run_worker(self._act_worker(coroutine), group="action", exit_on_error=False)

    async def _act_worker(self, coroutine) -> None:
        try:
            outcome = await coroutine
        except NotPossible as exc:
            outcome = Outcome(str(exc), "warning")
        except NodeError as exc:
            outcome = Outcome(exc.message, "error")
        self.post_message(self.ActionDone(outcome))

    def on_connections_screen_action_done(self, message: ActionDone) -> None:
        outcome = message.outcome
        if outcome.clipboard is not None:
            self.app.copy_to_clipboard(outcome.clipboard)
        if outcome.connection is not None:
            changes = self.table.upsert(outcome.connection)
            for connection, _old in changes.status_changed:
                self.table.flash(connection.id)
            self.refresh_bindings()
        self.notify(outcome.message, severity=outcome.severity)

    def action_initiate(self) -> None:
        from .initiate import InitiateScreen

        self.app.push_screen(InitiateScreen())

    def action_accept(self) -> None:
        from .accept import AcceptScreen

        self.app.push_screen(AcceptScreen())

    def action_open(self) -> None:
        connection = self._selected()
        if connection is not None:
            from .connection import ConnectionScreen

            self.app.push_screen(ConnectionScreen(self.instance, connection))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # enter in the filter box ends the filter instead of opening a connection
        if action == "open" and isinstance(self.focused, Input):
            return False
        # Keys for the selected row are shown only when they apply (the Footer has no room for
        # keys that do nothing); pressed anyway, on_key below says why nothing happens.
        if action in ROW_ACTIONS or action in CODE_ACTIONS:
            connection = self.table.selected() if self.is_mounted else None
            if connection is None:
                return False
            if action in CODE_ACTIONS:
                return actions.has_code(connection)
            if action == "toggle":
                return connection.status is not Status.PENDING
        return True

    @on(DataTable.RowHighlighted, "#connections")
    def _row_highlighted(self) -> None:
        self.refresh_bindings()
        self._update_summary()

    @on(DataTable.RowSelected, "#connections")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_copy_code(self) -> None:
        connection = self._selected()
        if connection is not None:
            client = self.app.client_for(self.instance)
            self._act(actions.copy_code(client, connection, on_screen=False))

    def action_save_code(self) -> None:
        connection = self._selected()
        if connection is not None:
            self._act(actions.save_code_file(self.app.client_for(self.instance), connection))

    def action_toggle(self) -> None:
        connection = self._selected()
        if connection is not None:
            self._act(actions.toggle_status(self.app.client_for(self.instance), connection))

    def action_delete(self) -> None:
        connection = self._selected()
        if connection is None:
            return
        from .dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._deleting.add(connection.id)
                self.table.discard(connection.id)
                self._update_empty_state()
                client = self.app.client_for(self.instance)
                self._act(actions.delete_connection(client, connection))

        title, text = actions.delete_question(connection)
        self.app.push_screen(ConfirmDialog(title, text), answered)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._update_empty_state()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value = ""
            box.remove_class("-shown")
            self.table.focus()
            return
        hidden = HIDDEN_KEYS.get(event.key)
        if hidden and not box.has_focus and self.check_action(hidden, ()) is False:
            # A row key that does not apply right now: say why instead of doing nothing.
            event.stop()
            getattr(self, f"action_{hidden}")()

    def action_instances(self) -> None:
        from .instances import InstancesScreen

        self.app.push_screen(InstancesScreen())

    def action_refresh(self) -> None:
        self.poll()  # exclusive: the request in flight is cancelled, a fresh one starts
        self.notify("Reloading from the node…", timeout=2)

    def action_copy_url(self) -> None:
        info = self.app.node_info
        if info is None:
            self.notify("The node has not answered yet; its URL is not known.", severity="warning")
            return
        if not info.url:
            self.notify(
                "This instance is private: it has no URL. Partners initiate with "
                "“I don't have a URL” and you accept their code here.",
                severity="warning",
            )
            return
        self.app.copy_to_clipboard(info.url)
        self.notify(
            f"This instance's URL ({info.url}) was sent to your terminal's clipboard. "
            "If pasting gives nothing, your terminal ignores OSC 52: the URL is in the "
            "header line."
        )

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self))
