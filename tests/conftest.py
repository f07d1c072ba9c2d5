"""Shared fixtures. Every test runs with platformdirs pointed at a fresh temporary home, so the
user's real config, data, state and logs are never read or written (subprocesses inherit it)."""

from __future__ import annotations

from pathlib import Path

import pytest

_XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    for var in _XDG:
        path = home / var.lower()
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("EXALATE_NODE_TOKEN", raising=False)
    monkeypatch.delenv("TMUX", raising=False)
    return home


@pytest.fixture
def home(isolated_dirs: Path) -> Path:
    return isolated_dirs
