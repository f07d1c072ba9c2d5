"""An invitation code shown whole: read-only, wrapped, selectable with the mouse or keyboard.

The code is a secret: this widget only displays it; it never logs or notifies it.
"""

from __future__ import annotations

from textual.widgets import TextArea


class CodeBox(TextArea):
    """A read-only, soft-wrapped text area sized to its content."""

    DEFAULT_CSS = """
    CodeBox {
        height: auto;
        max-height: 12;
        min-height: 3;
    }
    """

    def __init__(self, code: str = "", *, id: str | None = None) -> None:
        super().__init__(
            code,
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            id=id,
        )
        self.highlight_cursor_line = False

    def show(self, code: str) -> None:
        self.load_text(code)

    def __repr__(self) -> str:  # keep the code out of debug output
        return f"CodeBox(id={self.id!r})"
