"""One line under the connections table about the highlighted row: its whole name, where the
other side is and, when it is blocked, why — the columns cut these short at 80 columns."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..domain.models import Connection, Status
from .status_bar import platform_label


def summary_text(c: Connection) -> Text:
    text = Text(c.name, style="bold")
    text.append(f" · {c.remote_url or 'remote unknown (private)'}")
    if c.remote_platform:
        text.append(f" · {platform_label(c.remote_platform)}")
    if c.status is Status.ERROR and c.error:
        text.append(f" · {c.error}", style="red")
    return text


class RowSummary(Static):
    DEFAULT_CSS = """
    RowSummary {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def show(self, connection: Connection | None) -> None:
        self.display = connection is not None
        if connection is not None:
            self.update(summary_text(connection))
