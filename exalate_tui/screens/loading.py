"""Shown while the embedded node(s) start: one line per node, so the terminal is never blank."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

STATE_STYLE = {"starting": "yellow", "ready": "green", "failed": "bold red"}


class LoadingScreen(Screen):
    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Vertical {
        width: 76; max-width: 100%; height: auto; border: round $accent; padding: 0 1;
    }
    LoadingScreen #loading-title { text-style: bold; margin-bottom: 1; }
    LoadingScreen #loading-note { margin-top: 1; color: $text-muted; }
    """

    BINDINGS = [Binding("q", "app.quit", "Quit", id="loading.quit")]

    def __init__(self, title: str, names: list[str]) -> None:
        super().__init__()
        self._title = title
        self._states: dict[str, tuple[str, str | None]] = {n: ("waiting", None) for n in names}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, id="loading-title")
            yield Static(self._table(), id="loading-nodes")
            yield Static(
                "Nodes run on this machine (loopback only) and stop when the console exits.",
                id="loading-note",
            )
        yield Footer()

    def set_state(self, name: str, state: str, detail: str | None) -> None:
        self._states[name] = (state, detail)
        self.query_one("#loading-nodes", Static).update(self._table())

    def show_failure(self, message: str) -> None:
        note = self.query_one("#loading-note", Static)
        note.update(Text(message, style="bold red"))

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        for name, (state, detail) in self._states.items():
            label = {"waiting": "waiting", "starting": "starting…"}.get(state, state)
            table.add_row(name, Text(label, style=STATE_STYLE.get(state, "dim")), detail or "")
        return table
