"""Getting an invitation code out of the console: OSC 52 to the terminal, or a 0600 file.

OSC 52 asks the *terminal* to set the clipboard; nothing reports whether it did, so callers
must say "sent to the terminal's clipboard", never "copied". Inside tmux the sequence is wrapped
for passthrough so it reaches the outer terminal.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from pathlib import Path

from .config import data_dir, write_private


def in_tmux() -> bool:
    return bool(os.environ.get("TMUX"))


def osc52_sequence(text: str, tmux: bool | None = None) -> str:
    """The escape sequence that asks the terminal to put ``text`` on its clipboard."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\a"
    if in_tmux() if tmux is None else tmux:
        # tmux passthrough: wrap in DCS and double every ESC inside.
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def copy_hint(what: str = "invitation code", on_screen: bool = True) -> str:
    """The toast after a copy: honest about what happened and what to do if it did not work.

    ``on_screen`` says whether the copied text is visible where the user is now."""
    where = (
        "select the code on screen" if on_screen else "open the connection (enter) to see the code"
    )
    return (
        f"The {what} was sent to your terminal's clipboard. If pasting gives nothing, "
        f"your terminal ignores OSC 52: {where}, or press s to save it to a file."
    )


def codes_dir() -> Path:
    return data_dir() / "invitations"


def save_code(code: str, connection_name: str, directory: Path | None = None) -> Path:
    """Write the code to a new 0600 file and return its path."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in connection_name)[:60]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = (directory or codes_dir()) / f"{safe or 'connection'}-{stamp}.txt"
    return write_private(path, code + "\n")
