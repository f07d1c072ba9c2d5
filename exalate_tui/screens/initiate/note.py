"""A line of text that takes no room while it has nothing to say (hints, errors, status)."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class Note(Static):
    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.display = bool(text)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.display = bool(str(content))
