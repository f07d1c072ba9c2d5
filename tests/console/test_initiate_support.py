"""Shared helpers for the wizard and Accept tests: real nodes, and a tiny app around the screens.

The nodes are real nodes from the launcher (``NodeThread``: the node's own FastAPI app served
by uvicorn over loopback HTTP, one thread each), started once per test session; the app
implements the same interface the screens use on ExalateApp.
"""

from __future__ import annotations

import atexit
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr
from textual.app import App

from exalate_tui.client import NodeClient, NodeError
from exalate_tui.config import Instance
from exalate_tui.domain.models import NodeInfo
from exalate_tui.node.launcher import NodeSpec, NodeThread
from exalate_tui.resources import styles_dir

# name → (platform, extra spec arguments)
NODE_SPECS: dict[str, tuple[str, dict]] = {
    "jira": ("jira-onprem", {}),
    "jira2": ("jira-onprem", {}),
    "ado": ("azure-devops", {}),
    "ados": ("azure-devops-server", {}),
    "snow": ("servicenow", {}),
    "xurrent": ("xurrent", {}),
    "private": ("azure-devops", {"private": True}),
    "expired": ("jira-onprem", {"license": "expired"}),
    "shortttl": ("servicenow", {"invitation_ttl": 1.0}),
}

_NODES: dict[str, NodeThread] = {}


def nodes() -> dict[str, NodeThread]:
    """Every test node, started on first use and stopped when the test session ends."""
    if not _NODES:
        base = Path(tempfile.mkdtemp(prefix="wizard-nodes-"))
        specs = [
            NodeSpec(platform, f"{name.title()} node", base / name, **extra)
            for name, (platform, extra) in NODE_SPECS.items()
        ]
        # In-process (uvicorn in a thread each): the same node app over real HTTP, and nothing
        # is left running if the test process is killed.
        started = [NodeThread(spec).start() for spec in specs]
        _NODES.update(zip(NODE_SPECS, started, strict=True))
        atexit.register(_stop_all)
    return _NODES


def _stop_all() -> None:
    for node in _NODES.values():
        node.stop()


def instance(name: str, node=None) -> Instance:
    node = node or nodes()[name]
    return Instance(
        name=name,
        url=node.admin_url,
        token=SecretStr(node.token),
        platform=node.spec.platform,
        private=node.spec.private,
    )


class WizardApp(App):
    """Implements the app interface the wizard and Accept screens use (see exalate_tui/app.py)."""

    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "wizard.tcss"]

    def __init__(
        self, names: list[str], current: str, screen_factory=None, extra: list | None = None
    ) -> None:
        super().__init__()
        self.instances = [instance(n) for n in names] + list(extra or [])
        self.instance = next(i for i in self.instances if i.name == current)
        self.node_info: NodeInfo | None = None
        self._clients: dict[str, NodeClient] = {}
        self._infos: dict[str, NodeInfo] = {}
        self.screen_factory = screen_factory
        self.results: list[object] = []
        self.remote_visits: list[str] = []

    @property
    def client(self) -> NodeClient:
        return self.client_for(self.instance)

    def client_for(self, inst: Instance) -> NodeClient:
        if inst.name not in self._clients:
            self._clients[inst.name] = NodeClient(inst.url, inst.token.get_secret_value())
        return self._clients[inst.name]

    async def info_for(self, inst: Instance, refresh: bool = False) -> NodeInfo | None:
        if refresh or inst.name not in self._infos:
            try:
                self._infos[inst.name] = await self.client_for(inst).node_info()
            except NodeError:
                return self._infos.get(inst.name)
        return self._infos[inst.name]

    async def instance_for_url(self, public_url: str | None) -> Instance | None:
        if not public_url:
            return None
        for inst in self.instances:
            info = await self.info_for(inst)
            if info and info.url and info.url.rstrip("/") == public_url.rstrip("/"):
                return inst
        return None

    def switch_instance(self, name: str) -> None:
        self.instance = next(i for i in self.instances if i.name == name)
        self.node_info = self._infos.get(name)

    def go_to_remote(self, name: str, code: str) -> None:
        from exalate_tui.screens.accept import AcceptScreen

        self.remote_visits.append(name)
        self.switch_instance(name)
        self.push_screen(AcceptScreen(code=code))

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        if self.screen_factory is not None:
            self.push_screen(self.screen_factory(), self.results.append)

    async def on_unmount(self) -> None:
        for client in self._clients.values():
            await client.aclose()


async def wait_for(pilot, condition, timeout: float = 10.0, what: str = "condition") -> None:
    """Pause the pilot until ``condition()`` is true (bounded; no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def screen_text(app) -> str:
    """Everything the current screen shows, as plain text (for assertions)."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        if widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display")):
            parts.append(str(widget.render()))
    return "\n".join(parts)


# --- driving the wizard -------------------------------------------------------------------


async def open_wizard(pilot):
    """Wait until the wizard knows its node and shows step 1; return the screen."""
    from exalate_tui.screens.initiate.screen import InitiateScreen

    app = pilot.app
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, InitiateScreen) and app.screen.step is not None,
        what="the wizard's first step",
    )
    return app.screen


async def type_destination(pilot, screen, url: str, keys: bool = False) -> None:
    """Fill in the destination field (pasted, or typed key by key when ``keys``) and wait
    for the node's check to answer."""
    field = screen.query_one("#url")
    field.focus()
    if keys:
        await pilot.press(*url)
    else:
        field.value = url
    await wait_for(
        pilot,
        lambda: screen.state.check_for_current_url and not screen.state.checking,
        what=f"the destination check of {url}",
    )


async def choose_mode(pilot, screen, mode: str, advance: bool = True) -> None:
    """Move to a card with the arrow keys and choose it with enter (or space)."""
    cards = screen.query_one("ModeCards")
    cards.focus()
    await pilot.pause()
    modes = [c.mode.value for c in cards.choices]
    while modes[cards.highlighted] != mode:
        await pilot.press("right")
    await pilot.press("enter" if advance else "space")
    await pilot.pause()


def card_states(screen) -> dict[str, tuple[bool, str | None]]:
    cards = screen.query_one("ModeCards")
    return {c.mode.value: (c.enabled, c.reason) for c in cards.choices}


def card_text(screen, mode: str) -> str:
    return str(screen.query_one(f"#mode-{mode}").render())


async def wait_step(pilot, screen, step: str, timeout: float = 15.0) -> None:
    await wait_for(
        pilot,
        lambda: screen.step is not None and screen.step.value == step,
        timeout=timeout,
        what=f"step {step}",
    )


async def pick_project(pilot, picker_id: str, text: str, submit: bool = True) -> None:
    """Type into a project picker's filter (the first match is chosen); enter goes on."""
    app = pilot.app
    picker = app.screen.query_one(picker_id)
    await wait_for(pilot, lambda: picker.loaded, what="the project list")
    picker.focus_filter()
    await pilot.press(*text)
    if submit:
        await pilot.press("enter")
    await pilot.pause()
