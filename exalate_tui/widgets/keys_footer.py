"""A compact Footer that wraps onto a second (or third) line instead of cutting keys off.

Textual's Footer is one line: at 80 columns the keys past the edge are simply not shown, which
over SSH means a key nobody knows about. This one measures its keys and, when they do not fit
beside the palette key, lays them out in a grid of as few rows as fit.
"""

from __future__ import annotations

import math

from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from textual.widgets._toast import ToastRack

PALETTE_WIDTH = 14  # "▏^p palette" docked on the right, with room to spare
MAX_ROWS = 3


def _item_width(key: FooterKey) -> int:
    # compact: "key description" and one column of margin on the right
    width = len(key.key_display) + 1
    if key.description:
        width += 1 + len(key.description)
    return width


def rows_needed(widths: list[int], available: int) -> int:
    """The fewest rows (row-major grid, auto-sized columns) whose width fits ``available``."""
    for rows in range(1, MAX_ROWS + 1):
        columns = math.ceil(len(widths) / rows) if widths else 1
        total = sum(
            max(widths[i] for i in range(column, len(widths), columns))
            for column in range(min(columns, len(widths)))
        )
        if total <= available:
            return rows
    return MAX_ROWS


class KeysFooter(Footer):
    DEFAULT_CSS = """
    KeysFooter.-wrapped {
        layout: grid;
        grid-rows: 1;
        grid-columns: auto;
        grid-gutter: 0 1;
        FooterKey { margin: 0; }
    }
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._rows = 1

    def compose(self):
        children = list(super().compose())
        keys = [
            child
            for child in children
            if isinstance(child, FooterKey) and not child.has_class("-command-palette")
        ]
        self._layout(keys)
        yield from children

    def _available(self) -> int:
        width = self.size.width or self.app.size.width
        return max(width - PALETTE_WIDTH, 10)

    def _layout(self, keys: list[FooterKey]) -> None:
        widths = [_item_width(key) for key in keys]
        rows = rows_needed(widths, self._available())
        self._rows = rows
        self._widths = widths
        self.set_class(rows > 1, "-wrapped")
        self.styles.height = rows
        if rows > 1:
            self.styles.grid_size_columns = math.ceil(len(keys) / rows)
            self.styles.grid_size_rows = rows
        # Toasts sit just above the Footer (Textual assumes one line), not over its keys.
        for rack in self.screen.query(ToastRack):
            rack.styles.margin = (0, 0, rows, 0)

    def on_resize(self) -> None:
        widths = getattr(self, "_widths", None)
        if widths is not None and rows_needed(widths, self._available()) != self._rows:
            self.call_after_refresh(self.recompose)
