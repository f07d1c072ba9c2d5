"""Both console scripts answer --help and --version, and bad flags exit 2 with one clear line."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exalate_tui import __version__

BIN = Path(sys.executable).parent


def _script(name: str) -> list[str]:
    found = BIN / name
    if found.exists():
        return [str(found)]
    which = shutil.which(name)
    if which is None:
        pytest.fail(f"{name} is not installed in this environment")
    return [which]


@pytest.mark.parametrize("name", ["exalate-tui", "exalate-node"])
def test_version(name):
    result = subprocess.run([*_script(name), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"{name} {__version__}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("exalate-tui", ["--node", "--token", "--demo", "--platform"]), ("exalate-node", ["serve"])],
)
def test_help(name, expected):
    result = subprocess.run([*_script(name), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for flag in expected:
        assert flag in result.stdout


def test_node_serve_help_lists_every_design_flag():
    result = subprocess.run(
        [*_script("exalate-node"), "serve", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for flag in (
        "--platform",
        "--name",
        "--host",
        "--port",
        "--url",
        "--private",
        "--data-dir",
        "--license",
        "--invitation-ttl",
        "--poll-interval",
        "--token",
    ):
        assert flag in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--platform", "nope", "--name", "x"],
        ["serve", "--platform", "jira-onprem", "--name", "x", "--port", "99999"],
        ["serve", "--platform", "jira-onprem", "--name", "x", "--url", "http://a", "--private"],
        ["serve", "--platform", "jira-onprem", "--name", "x", "--license", "free"],
    ],
)
def test_node_bad_flags_exit_2(argv):
    result = subprocess.run([*_script("exalate-node"), *argv], capture_output=True, text=True)
    assert result.returncode == 2
    assert "error:" in result.stderr


def test_tui_node_without_token_exits_2():
    result = subprocess.run(
        [*_script("exalate-tui"), "--node", "http://127.0.0.1:1"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "--token" in result.stderr
