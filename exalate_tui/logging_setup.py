"""The console's log file, in the platformdirs log dir.

Nothing secret is ever logged: no admin tokens, no invitation codes. Only connection ids,
names, statuses and node addresses. httpx is kept at WARNING so request lines (which carry no
secrets anyway) do not flood the file.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .config import log_dir

LOG_FILE_NAME = "console.log"
_configured: Path | None = None


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> Path:
    """Send the ``exalate_tui`` loggers to a rotating file; return its path. Idempotent."""
    global _configured
    path = (directory or log_dir()) / LOG_FILE_NAME
    if _configured == path:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("exalate_tui")
    for old in list(root.handlers):
        if getattr(old, "_exalate_console", False):
            root.removeHandler(old)
            old.close()
    handler._exalate_console = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    _configured = path
    return path
