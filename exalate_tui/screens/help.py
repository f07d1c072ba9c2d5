"""Help: every key of the screen it was opened from, and a few words on how things work."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ABOUT = (
    "A connection is made on one instance (Initiate → an invitation code) and accepted on "
    "the other (Accept invitation → paste the code). The table follows the node by itself: "
    "statuses change without a key press. Copying sends the code to your terminal's clipboard "
    "(OSC 52); if your terminal ignores that, select the code on screen or press s to save it "
    "to a file only you can read. Ctrl+P opens the command palette with every action."
)


def _key_label(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "delete": "Del", "escape": "Esc"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def bindings_table(screen: Screen) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen = set()
    for binding in [*screen.BINDINGS, *screen.app.BINDINGS]:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.description in seen:
            continue
        seen.add(binding.description)
        table.add_row(_key_label(binding.key), binding.tooltip or binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen .help-about { margin-top: 1; color: $text-muted; }
    """

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self._from = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Keys (Esc closes)", classes="help-title")
            yield Static(bindings_table(self._from))
            yield Static(Text(ABOUT), classes="help-about")

    def action_close(self) -> None:
        self.dismiss(None)
