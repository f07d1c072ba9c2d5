"""Finding the shipped ``styles/`` folder from a source checkout and from an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    # In a wheel the folder is packaged inside exalate_tui/; in a checkout it sits at the root.
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The styles/ folder is missing from this installation.")


def stylesheet(name: str) -> Path:
    path = styles_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"Stylesheet {name} is missing from {path.parent}.")
    return path
