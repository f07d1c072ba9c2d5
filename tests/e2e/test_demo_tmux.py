"""End to end: the installed `exalate-tui --demo` driven in tmux like a person would.

Initiate from Azure DevOps Service to Jira on-premise (Script mode), copy the code, go to the
remote, accept there, and read Active on both instances from the screen. The console runs on
a private tmux server (-L) with its XDG dirs in a temporary directory, so neither the user's
tmux nor their config is touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")


def _console() -> str | None:
    candidate = Path(sys.executable).with_name("exalate-tui")
    if candidate.exists():
        return str(candidate)
    return shutil.which("exalate-tui")


class Terminal:
    def __init__(self, home: Path, width: int = 120, height: int = 40) -> None:
        self.home = home
        self.socket = f"exalate-e2e-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.session = "demo"
        env = " ".join(
            f"{var}={home / var.lower()}"
            for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
        )
        command = f"env -u TMUX -u COLUMNS -u LINES {env} TERM=xterm-256color {_console()} --demo"
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            # Let each key arrive on its own: a lone Escape followed at once by another key
            # would reach the app as alt+<key>.
            self.wait_quiet(0.15)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def wait_quiet(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            found = re.search(pattern, screen)
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"never saw {pattern!r}; the screen was:\n{screen}")

    def alive(self) -> bool:
        result = subprocess.run(
            [TMUX, "-L", self.socket, "has-session", "-t", self.session],
            capture_output=True,
            timeout=10,
        )
        return result.returncode == 0

    def wait_gone(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.alive(), "the console did not exit"

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminal(tmp_path):
    if TMUX is None:
        pytest.skip("tmux is not installed; the end-to-end test drives the console in tmux")
    assert _console(), "the exalate-tui command is not installed (pip install -e .)"
    term = Terminal(tmp_path)
    yield term
    term.close()


def _home_row(term: Terminal, name_prefix: str, status: str, timeout: float = 20.0) -> None:
    term.wait_for(rf"{re.escape(name_prefix)}.*\b{status}\b", timeout)


def _switch_to(term: Terminal, instance: str) -> None:
    term.keys("g")
    term.wait_for("Instances this console knows")
    term.wait_for(rf"{re.escape(instance)}\s.*online")
    rows = [line for line in term.screen().splitlines() if "online" in line or "checking" in line]
    names = [line for line in rows]
    current = next(i for i, line in enumerate(names) if "●" in line)
    target = next(i for i, line in enumerate(names) if f" {instance} " in line)
    step = "Down" if target > current else "Up"
    term.keys(*([step] * abs(target - current)), "Enter")
    term.wait_for(rf"^ ● online · {re.escape(instance)} · ", timeout=10)


def test_initiate_on_azure_devops_accept_on_jira_both_active(terminal):
    term = terminal
    # The demo starts every node with progress on screen, then lands on Jira on-premise.
    found = term.wait_for(r"online · Jira on-premise · (http://127\.0\.0\.1:\d+)", 60)
    jira_url = found.group(1)
    term.wait_for("No connections yet")

    _switch_to(term, "Azure DevOps Service")
    term.keys("i")
    term.wait_for("Destination instance URL")
    term.type(jira_url)
    term.wait_for("✓")
    # Move to the mode cards and choose Script (space), then go on (enter).
    term.keys("Tab", "Tab", "Right", "Right", "Space")
    term.wait_for("● Script")
    term.keys("Enter")
    term.wait_for("Connection information")
    term.keys("Enter")
    term.wait_for("Select a project for the incoming sync")
    term.keys("Down", "Enter")
    term.wait_for(r"Copy invitation code")
    term.keys("c")
    term.wait_for("invitation code was sent to your")
    term.keys("g")  # Go to remote: Jira's Accept invitation, code filled in
    term.wait_for("Accept invitation")
    term.wait_for(r"Azure DevOps Service", 10)
    # The preview shows what it is; Jira has projects: pick one, then accept.
    term.wait_for(r"From:\s+Azure DevOps Service", 15)
    term.wait_for(r"Project where .* are created", 10)
    term.keys("Down")
    term.wait_for("Press enter to accept", 10)
    term.keys("Enter")
    term.wait_for("is now Active")
    # Back on Jira's Connections screen: the accepted row is Active.
    term.wait_for(r"^ ● online · Jira on-premise · ", 10)
    _home_row(term, "Azure DevOps", "Active")

    # And on Azure DevOps Service the initiator's row turned Active by itself.
    _switch_to(term, "Azure DevOps Service")
    _home_row(term, "Azure DevOps", "Active")
    assert "Pending" not in term.screen()

    term.keys("q")
    term.wait_gone()
    # Quitting stops every node the console started.
    assert not _processes_using(term.home)
    # The log file has the story but no secrets: no invitation code, no admin token.
    log = (term.home / "xdg_state_home" / "exalate-tui" / "log" / "console.log").read_text()
    assert "switching to instance" in log
    assert "EXL1." not in log
    for token_file in (term.home / "xdg_data_home").rglob("admin-token"):
        assert token_file.read_text().strip() not in log


def _processes_using(path: Path) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "exalate_tui.node" in cmdline and str(path) in cmdline:
            found.append(int(proc.name))
    return found


def test_terminal_going_away_stops_the_console_and_its_nodes(terminal):
    term = terminal
    term.wait_for(r"online · Jira on-premise · http://127\.0\.0\.1:\d+", 60)
    assert _processes_using(term.home)
    term.close()  # like an SSH session dropping: the console gets SIGHUP
    deadline = time.monotonic() + 20
    while _processes_using(term.home) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_using(term.home), "embedded nodes outlived the console"
    log_file = term.home / "xdg_state_home" / "exalate-tui" / "log" / "console.log"
    finished = ("console exited", "leaving now")
    while time.monotonic() < deadline + 10:
        if any(word in log_file.read_text() for word in finished):
            break
        time.sleep(0.1)
    log = log_file.read_text()
    assert "received SIGHUP" in log
    assert any(word in log for word in finished), log
