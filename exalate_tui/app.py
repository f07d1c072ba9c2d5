"""The Textual application. Kept small: it wires screens, node clients and the config.

Screens reach shared state only through this class:
- ``app.instance`` / ``app.client`` / ``app.node_info``: the instance being administered;
- ``app.instances``: every instance this console knows; ``app.client_for(instance)``;
- ``await app.instance_for_url(public_url)``: the known instance behind a destination URL;
- ``app.switch_instance(name)`` and ``app.go_to_remote(name, code)``;
- ``app.copy_to_clipboard(text)`` (OSC 52, tmux-aware) — say "sent to the terminal's clipboard".
"""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from .client import NodeClient, NodeError
from .clipboard import in_tmux, osc52_sequence
from .config import Instance
from .domain.models import NodeInfo
from .resources import styles_dir


def _stylesheets() -> list:
    return sorted(styles_dir().glob("*.tcss"))


class ExalateApp(App):
    CSS_PATH = _stylesheets()
    TITLE = "exalate-tui"

    def __init__(self, instances: list[Instance], current: str | None = None) -> None:
        super().__init__()
        if not instances:
            raise ValueError("The console needs at least one instance.")
        self.instances = list(instances)
        self.instance = self._find(current) if current else self.instances[0]
        self.node_info: NodeInfo | None = None
        self._clients: dict[str, NodeClient] = {}
        self._infos: dict[str, NodeInfo] = {}

    def _find(self, name: str) -> Instance:
        for instance in self.instances:
            if instance.name == name:
                return instance
        raise KeyError(f"No instance named {name!r}")

    @property
    def client(self) -> NodeClient:
        return self.client_for(self.instance)

    def client_for(self, instance: Instance) -> NodeClient:
        client = self._clients.get(instance.name)
        if client is None:
            client = NodeClient(instance.url, instance.token.get_secret_value())
            self._clients[instance.name] = client
        return client

    async def info_for(self, instance: Instance, refresh: bool = False) -> NodeInfo | None:
        """The instance's /node answer (cached), or None when it cannot be reached."""
        if refresh or instance.name not in self._infos:
            try:
                self._infos[instance.name] = await self.client_for(instance).node_info()
            except NodeError:
                return self._infos.get(instance.name)
        return self._infos[instance.name]

    async def instance_for_url(self, public_url: str | None) -> Instance | None:
        if not public_url:
            return None
        wanted = public_url.rstrip("/")
        for instance in self.instances:
            info = await self.info_for(instance)
            if info and info.url and info.url.rstrip("/") == wanted:
                return instance
        return None

    def switch_instance(self, name: str) -> None:
        self.instance = self._find(name)
        self.node_info = self._infos.get(name)

    def go_to_remote(self, name: str, code: str) -> None:
        self.switch_instance(name)

    def copy_to_clipboard(self, text: str) -> None:
        if not in_tmux():
            super().copy_to_clipboard(text)
            return
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(osc52_sequence(text, tmux=True))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("No console screens yet.", id="placeholder")
        yield Footer()

    async def on_unmount(self) -> None:
        for client in self._clients.values():
            await client.aclose()


def run_console(args: argparse.Namespace) -> int:
    from pydantic import SecretStr

    if not args.node:
        print("exalate-tui: the embedded node is not built yet; use --node URL --token TOKEN.")
        return 2
    instance = Instance(name="node", url=args.node, token=SecretStr(args.token))
    ExalateApp([instance]).run()
    return 0
