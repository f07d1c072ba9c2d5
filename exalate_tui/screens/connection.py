"""Connection details: every field, status actions, the invitation code while pending, and the
outgoing/incoming sync rules (editable and saved with ctrl+s in Script mode only)."""

from __future__ import annotations

import logging
import re

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane, TextArea

from ..client import NodeError
from ..config import Instance
from ..domain.models import Connection, Rules, Status
from ..domain.platforms import Mode
from ..widgets.connections_table import status_text
from ..widgets.keys_footer import KeysFooter
from ..widgets.status_bar import platform_label
from . import actions
from .actions import NotPossible, Outcome

log = logging.getLogger(__name__)


def _when(value) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else "never"


_LOCATION = re.compile(r"(?:line\s+(\d+)\D{1,12}column\s+(\d+))|(?::(\d+):(\d+)\b)", re.I)


def error_location(message: str) -> tuple[int, int] | None:
    """(line, column), 1-based, when a refusal names them ("line 3, column 7" or ":3:7:")."""
    found = _LOCATION.search(message)
    if not found:
        return None
    line, column = (found.group(1), found.group(2)) if found.group(1) else found.group(3, 4)
    return int(line), int(column)


def fields_table(c: Connection) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    status = status_text(c.status)
    if c.error:
        status.append(f" — {c.error}", style="red")
    rows = [
        ("Connection", Text(c.name)),
        ("Description", Text(c.description or "—")),
        ("Status", status),
        ("Type", c.type.value),
        ("Mode", c.mode.value.capitalize()),
        (
            "Role",
            "initiator (this side sent the invitation)"
            if c.role.value == "initiator"
            else "acceptor (this side accepted the invitation)",
        ),
        ("Local short name", Text(c.local_short_name)),
        ("Remote short name", Text(c.remote_short_name)),
        ("Remote URL", Text(c.remote_url) if c.remote_url else Text("unknown", style="italic")),
        ("Remote platform", platform_label(c.remote_platform) if c.remote_platform else "unknown"),
        ("Project (incoming sync)", Text(c.project or "—")),
        ("Work items under sync", str(c.items_under_sync)),
        ("Last sync", _when(c.last_sync)),
        ("Created", _when(c.created_at)),
        ("Updated", _when(c.updated_at)),
        ("Id", c.id),
    ]
    if c.remote_project:
        rows.insert(11, ("Remote project", Text(c.remote_project)))
    for label, value in rows:
        table.add_row(label, value)
    return table


class ConnectionScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="details.back"),
        Binding(
            "d", "toggle", "(De)activate", id="details.toggle", tooltip="Deactivate or activate"
        ),
        Binding(
            "delete",
            "delete",
            "Delete",
            id="details.delete",
            key_display="del",
            tooltip="Delete the connection",
        ),
        Binding(
            "c", "copy_code", "Copy code", id="details.copy_code", tooltip="Copy invitation code"
        ),
        Binding(
            "s",
            "save_code",
            "Save code",
            id="details.save_code",
            tooltip="Save invitation code to a file",
        ),
        Binding(
            "ctrl+s",
            "save_rules",
            "Save rules",
            id="details.save_rules",
            tooltip="Save the sync rules (Script mode)",
        ),
        Binding(
            "ctrl+t",
            "test_rules",
            "Test run",
            id="details.test_rules",
            tooltip="Run the sync rules on a sample item (nothing is saved or sent)",
        ),
        Binding("question_mark", "help", "Help", id="details.help", show=False),
        # Straight to a tab (outside an editor): over SSH nobody should have to find the tabs.
        Binding("1", "tab('overview')", "Overview", id="details.tab1", show=False),
        Binding("2", "tab('outgoing')", "Outgoing rules", id="details.tab2", show=False),
        Binding("3", "tab('incoming')", "Incoming rules", id="details.tab3", show=False),
    ]

    class Changed(Message):
        """The table learnt something new about this connection (None: it is gone)."""

        def __init__(self, connection: Connection | None) -> None:
            super().__init__()
            self.connection = connection

    class RulesLoaded(Message):
        def __init__(self, rules: Rules | None, error: str | None = None) -> None:
            super().__init__()
            self.rules = rules
            self.error = error

    class CodeLoaded(Message):
        def __init__(self, code: str | None) -> None:
            super().__init__()
            self.code = code

    class RulesSaved(Message):
        def __init__(self, error: NodeError | None) -> None:
            super().__init__()
            self.error = error

    class Done(Message):
        def __init__(self, outcome: Outcome, close: bool = False) -> None:
            super().__init__()
            self.outcome = outcome
            self.close = close

    def __init__(self, instance: Instance, connection: Connection) -> None:
        super().__init__()
        self.instance = instance
        self.connection = connection
        self._saved_rules: tuple[str, str] | None = None  # as loaded or last saved
        self._warned_unsaved = False

    @property
    def editable(self) -> bool:
        return self.connection.mode is Mode.SCRIPT

    def compose(self) -> ComposeResult:
        with Vertical(id="details"):
            yield Static(id="details-title")
            with TabbedContent(id="details-tabs"):
                with TabPane("Overview", id="overview"), VerticalScroll():
                    yield Static(id="details-hint")
                    yield Static(id="details-code")
                    yield Static(id="details-fields")
                with TabPane("Outgoing sync rules", id="outgoing-tab"):
                    yield TextArea(id="outgoing", read_only=True, soft_wrap=False)
                with TabPane("Incoming sync rules", id="incoming-tab"):
                    yield TextArea(id="incoming", read_only=True, soft_wrap=False)
            yield Static(id="rules-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#details-code", Static).display = False
        for area in self.query(TextArea):
            area.cursor_blink = False  # nothing animates while idle (SSH)
        self._show()
        self.load_rules()
        self.load_code()

    @work(exclusive=True, group="code", exit_on_error=False)
    async def load_code(self) -> None:
        """While pending on the initiator, show the invitation code in full."""
        if not actions.has_code(self.connection):
            self.post_message(self.CodeLoaded(None))
            return
        try:
            code = await self.app.client_for(self.instance).invitation_code(self.connection.id)
        except NodeError:
            code = None
        self.post_message(self.CodeLoaded(code))

    def on_connection_screen_code_loaded(self, message: CodeLoaded) -> None:
        box = self.query_one("#details-code", Static)
        box.display = message.code is not None
        if message.code is not None:
            text = Text("Invitation code (give it to the other side's admin):\n", style="bold")
            text.append(message.code, style="")
            box.update(text)

    def _show(self) -> None:
        c = self.connection
        title = Text(c.name, style="bold")
        title.append("  ")
        title.append_text(status_text(c.status))
        self.query_one("#details-title", Static).update(title)
        self.query_one("#details-fields", Static).update(fields_table(c))
        hints = []
        if actions.has_code(c):
            hints.append(
                "Waiting for the other side to accept: c copies the invitation code, "
                "s saves it to a file."
            )
        if c.mode is Mode.SCRIPT:
            hints.append(
                "Sync rules: 2 outgoing, 3 incoming (1 comes back here); ctrl+s saves, "
                "ctrl+t test-runs them."
            )
        else:
            hints.append(
                f"{c.mode.value.capitalize()} mode: the sync rules are fixed and shown "
                "read-only (2 outgoing, 3 incoming). A connection's mode never changes."
            )
        self.query_one("#details-hint", Static).update("\n".join(hints))

    # -- rules ----------------------------------------------------------------------------

    @work(exclusive=True, group="rules", exit_on_error=False)
    async def load_rules(self) -> None:
        try:
            rules = await self.app.client_for(self.instance).rules(self.connection.id)
        except NodeError as exc:
            self.post_message(self.RulesLoaded(None, exc.message))
            return
        self.post_message(self.RulesLoaded(rules))

    def on_connection_screen_rules_loaded(self, message: RulesLoaded) -> None:
        status = self.query_one("#rules-status", Static)
        if message.rules is None:
            status.update(Text(f"Sync rules could not be loaded: {message.error}", style="red"))
            return
        for name in ("outgoing", "incoming"):
            area = self.query_one(f"#{name}", TextArea)
            area.load_text(getattr(message.rules, name))
            area.read_only = not self.editable
        self._saved_rules = (message.rules.outgoing, message.rules.incoming)
        status.update("" if self.editable else "Sync rules are read-only in this mode.")

    def action_save_rules(self) -> None:
        if not self.editable:
            self.notify(
                f"{self.connection.mode.value.capitalize()} mode: the sync rules cannot be "
                "edited. Create a Script mode connection to write your own.",
                severity="warning",
            )
            return
        rules = Rules(
            outgoing=self.query_one("#outgoing", TextArea).text,
            incoming=self.query_one("#incoming", TextArea).text,
        )
        self._save_rules(rules)

    @work(exclusive=True, group="rules-save", exit_on_error=False)
    async def _save_rules(self, rules: Rules) -> None:
        try:
            await self.app.client_for(self.instance).save_rules(self.connection.id, rules)
        except NodeError as exc:
            self.post_message(self.RulesSaved(exc))
            return
        log.info("sync rules of %s saved", self.connection.id)
        self.post_message(self.RulesSaved(None))

    def on_connection_screen_rules_saved(self, message: RulesSaved) -> None:
        status = self.query_one("#rules-status", Static)
        error = message.error
        if error is None:
            self._saved_rules = self._edited_rules()
            status.update(Text("Sync rules saved.", style="green"))
            self.notify("Sync rules saved.")
            return
        text = f"Not saved: {error.message}"
        if error.field:
            text += f" (in {error.field})"
        status.update(Text(text, style="red"))
        self.notify(text, severity="error")
        # Show the spot: the script the node names, at the line and column it gives.
        script = error.field if error.field in ("outgoing", "incoming") else None
        where = error_location(error.message)
        if error.where and error.where[0] in ("outgoing", "incoming"):
            script, where = error.where[0], error.where[1:]
        if script:
            self.query_one(TabbedContent).active = f"{script}-tab"
            area = self.query_one(f"#{script}", TextArea)
            if where:
                area.move_cursor((where[0] - 1, max(where[1] - 1, 0)))
            area.focus()

    def action_test_rules(self) -> None:
        from .rules_test import RulesTestScreen

        rules = Rules(
            outgoing=self.query_one("#outgoing", TextArea).text,
            incoming=self.query_one("#incoming", TextArea).text,
        )
        self.app.push_screen(RulesTestScreen(self.instance, self.connection, rules))

    # -- status actions -------------------------------------------------------------------

    def _act(self, coroutine, close: bool = False) -> None:
        self.run_worker(self._act_worker(coroutine, close), group="action", exit_on_error=False)

    async def _act_worker(self, coroutine, close: bool) -> None:
        try:
            outcome = await coroutine
        except NotPossible as exc:
            outcome, close = Outcome(str(exc), "warning"), False
        except NodeError as exc:
            outcome, close = Outcome(exc.message, "error"), False
        self.post_message(self.Done(outcome, close))

    def on_connection_screen_done(self, message: Done) -> None:
        outcome = message.outcome
        if outcome.clipboard is not None:
            self.app.copy_to_clipboard(outcome.clipboard)
        if outcome.connection is not None:
            self.connection = outcome.connection
            self._show()
            self.refresh_bindings()
        self.notify(outcome.message, severity=outcome.severity)
        if message.close and self.app.screen is self:
            self.dismiss()

    def on_connection_screen_changed(self, message: Changed) -> None:
        if message.connection is None:
            self.query_one("#details-hint", Static).update(
                Text("This connection no longer exists on the node.", style="bold red")
            )
            return
        if message.connection != self.connection:
            was_pending = actions.has_code(self.connection)
            self.connection = message.connection
            self._show()
            self.refresh_bindings()
            if was_pending and not actions.has_code(self.connection):
                self.query_one("#details-code", Static).display = False

    def _edited_rules(self) -> tuple[str, str]:
        return (
            self.query_one("#outgoing", TextArea).text,
            self.query_one("#incoming", TextArea).text,
        )

    def action_back(self) -> None:
        unsaved = self._saved_rules is not None and self._edited_rules() != self._saved_rules
        if unsaved and not self._warned_unsaved:
            # Leaving would drop the edits without a word: say so once, leave on a second esc.
            self._warned_unsaved = True
            self.notify(
                "The sync rules have unsaved changes: ctrl+s saves them; esc again leaves "
                "without saving.",
                severity="warning",
            )
            return
        self.dismiss()

    def action_tab(self, which: str) -> None:
        tabs = self.query_one(TabbedContent)
        if which == "overview":
            tabs.active = "overview"
            self.query_one("#overview VerticalScroll").focus()
            return
        tabs.active = f"{which}-tab"
        self.query_one(f"#{which}", TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only the keys that apply are in the Footer; on_key says why the others do nothing.
        if action in ("copy_code", "save_code"):
            return actions.has_code(self.connection)
        if action == "toggle":
            return self.connection.status is not Status.PENDING
        return True

    def on_key(self, event) -> None:
        hidden = {"c": "copy_code", "s": "save_code", "d": "toggle"}.get(event.key)
        if hidden and self.check_action(hidden, ()) is False:
            event.stop()
            getattr(self, f"action_{hidden}")()

    def action_toggle(self) -> None:
        self._act(actions.toggle_status(self.app.client_for(self.instance), self.connection))

    def action_copy_code(self) -> None:
        client = self.app.client_for(self.instance)
        self._act(actions.copy_code(client, self.connection))

    def action_save_code(self) -> None:
        self._act(actions.save_code_file(self.app.client_for(self.instance), self.connection))

    def action_delete(self) -> None:
        from .dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                client = self.app.client_for(self.instance)
                self._act(actions.delete_connection(client, self.connection), close=True)

        title, text = actions.delete_question(self.connection)
        self.app.push_screen(ConfirmDialog(title, text), answered)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self))
