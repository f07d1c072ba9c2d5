#!/usr/bin/env python3
"""Set up a virtual environment when needed, then run the console or the test suite.

    python3 dev.py run  [exalate-tui options]   # the console (embedded node by default)
    python3 dev.py test [pytest options]        # the whole test suite

Inside an already active virtual environment that environment is used; otherwise ``.venv``
next to this file is created on first use.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def _python() -> Path:
    if sys.prefix != sys.base_prefix:  # already inside a virtual environment
        return Path(sys.executable)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = VENV / bindir / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        print(f"dev.py: creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    return python


def _ensure_installed(python: Path) -> None:
    # Reinstall only when pyproject.toml changed since the last install into this environment.
    stamp_dir = Path(
        subprocess.check_output([python, "-c", "import sys; print(sys.prefix)"], text=True).strip()
    )
    stamp = stamp_dir / ".exalate-tui-installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("dev.py: installing exalate-tui with its test extras …", flush=True)
    subprocess.check_call(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-e",
            f"{ROOT}[test]",
        ]
    )
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    python = _python()
    _ensure_installed(python)
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([python, "-m", "exalate_tui", *rest])
    code = subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("dev.py: pytest collected no tests — that is a failure.", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
