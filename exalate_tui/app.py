"""The Textual application. Kept small: it wires screens, node clients and the config.

Screens reach shared state only through this class:
- ``app.instance`` / ``app.client`` / ``app.node_info``: the instance being administered;
- ``app.instances``: every instance this console knows; ``app.client_for(instance)``;
- ``await app.info_for(instance)``: its /node answer (cached), None when unreachable;
- ``await app.instance_for_url(public_url)``: the known instance behind a destination URL;
- ``app.switch_instance(name)`` and ``app.go_to_remote(name, code)``;
- ``app.copy_to_clipboard(text)`` (OSC 52, tmux-aware) — say "sent to the terminal's clipboard".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .client import NodeClient, NodeError
from .clipboard import in_tmux, osc52_sequence
from .config import Instance
from .domain.models import NodeInfo
from .resources import styles_dir

log = logging.getLogger(__name__)

EXIT_GRACE_SECONDS = 5.0


def _stylesheets() -> list:
    return sorted(styles_dir().glob("*.tcss"))


class ExalateApp(App):
    CSS_PATH = _stylesheets()
    TITLE = "exalate-tui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit")]

    def __init__(
        self,
        instances: list[Instance],
        current: str | None = None,
        embedded=None,  # embedded.EmbeddedNodes still to start (loading screen first)
        startup_title: str = "Starting the embedded node",
    ) -> None:
        super().__init__()
        if not instances and embedded is None:
            raise ValueError("The console needs at least one instance.")
        self.instances: list[Instance] = list(instances)
        self.instance: Instance | None = None
        if self.instances:
            self.instance = self._find(current) if current else self.instances[0]
        self.node_info: NodeInfo | None = None
        self.embedded = embedded
        self._startup_title = startup_title
        self._clients: dict[str, NodeClient] = {}
        self._infos: dict[str, NodeInfo] = {}

    # -- instances ------------------------------------------------------------------------

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
                self.remember_info(instance, await self.client_for(instance).node_info())
            except NodeError:
                if refresh:
                    return None
                return self._infos.get(instance.name)
        return self._infos.get(instance.name)

    def remember_info(self, instance: Instance, info: NodeInfo) -> None:
        self._infos[instance.name] = info
        if self.instance is not None and instance.name == self.instance.name:
            self.node_info = info

    async def instance_for_url(self, public_url: str | None) -> Instance | None:
        if not public_url:
            return None
        wanted = public_url.rstrip("/")
        infos = await asyncio.gather(*(self.info_for(i) for i in self.instances))
        for instance, info in zip(self.instances, infos, strict=True):
            if info and info.url and info.url.rstrip("/") == wanted:
                return instance
        return None

    def switch_instance(self, name: str) -> None:
        """Make ``name`` the current instance and show its Connections screen.

        The screen change happens right after the caller's handler returns, so a screen that
        calls this and then dismisses itself is fine."""
        self.instance = self._find(name)
        self.node_info = self._infos.get(name)
        log.info("switching to instance %s", name)
        self.call_later(self._show_home)

    def go_to_remote(self, name: str, code: str) -> None:
        """Switch to instance ``name`` and open Accept invitation there with ``code`` filled in."""
        self.switch_instance(name)
        self.call_later(self._push_accept, code)

    def _push_accept(self, code: str) -> None:
        from .screens.accept import AcceptScreen

        self.push_screen(AcceptScreen(code=code))

    def _show_home(self) -> None:
        from .screens.connections import ConnectionsScreen

        # Everything above the home screen goes; the home screen is replaced by the new one.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        home = ConnectionsScreen(self.instance)
        if len(self.screen_stack) == 2:
            self.switch_screen(home)
        else:
            self.push_screen(home)

    async def revive_embedded(self, instance: Instance) -> str | None:
        """Start again an embedded node of ours that has stopped (see EmbeddedNodes.revive)."""
        if self.embedded is None:
            return None
        return await asyncio.to_thread(self.embedded.revive, instance.url)

    # -- clipboard --------------------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        if not in_tmux():
            super().copy_to_clipboard(text)
            return
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(osc52_sequence(text, tmux=True))

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(sig, partial(self._on_signal, sig))
        if self.embedded is not None and not self.instances:
            from .screens.loading import LoadingScreen

            names = [node.name for node in self.embedded.plan]
            self.push_screen(LoadingScreen(self._startup_title, names))
            self._start_embedded()
        else:
            self._show_home()

    def _on_signal(self, sig: int) -> None:
        # The SSH session went away (SIGHUP) or we were asked to stop: exit cleanly.
        log.info("received %s; exiting", signal.Signals(sig).name)
        if sig == signal.SIGHUP:
            # The terminal is gone: send what Textual still writes (restoring the screen)
            # nowhere, so a failed write cannot stall the exit.
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.__stdout__.fileno())
                os.close(devnull)
        threading.Thread(target=self._last_resort, args=(sig,), daemon=True).start()
        self.exit(return_code=128 + sig)

    def _last_resort(self, sig: int) -> None:
        """Stop our nodes now, in case the exit cannot finish: with the terminal gone,
        restoring it can block forever. If the process is still here after a grace period,
        leave without it (nothing is left to flush: the log writes through)."""
        if self.embedded is not None:
            self.embedded.stop()
        deadline = time.monotonic() + EXIT_GRACE_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.1)
        log.warning(
            "exit did not finish %.0f s after %s; leaving now",
            EXIT_GRACE_SECONDS,
            signal.Signals(sig).name,
        )
        logging.shutdown()
        os._exit(128 + sig)

    class NodeProgress(Message):
        """An embedded node changed state while starting (for the loading screen)."""

        def __init__(self, name: str, state: str, detail: str | None) -> None:
            super().__init__()
            self.name = name
            self.state = state
            self.detail = detail

    class EmbeddedStarted(Message):
        def __init__(self, instances: list[Instance]) -> None:
            super().__init__()
            self.instances = instances

    @work(exclusive=True, group="startup", exit_on_error=False)
    async def _start_embedded(self) -> None:
        def progress(name: str, state: str, detail: str | None) -> None:
            self.post_message(self.NodeProgress(name, state, detail))

        self.post_message(self.EmbeddedStarted(await self.embedded.start(progress)))

    def on_exalate_app_node_progress(self, message: NodeProgress) -> None:
        screen = self.screen
        if hasattr(screen, "set_state"):
            screen.set_state(message.name, message.state, message.detail)

    def on_exalate_app_embedded_started(self, message: EmbeddedStarted) -> None:
        if not message.instances:
            screen = self.screen
            if hasattr(screen, "show_failure"):
                screen.show_failure("No node could be started; see the log file. Press q to quit.")
            return
        self.instances = message.instances
        self.instance = message.instances[0]
        self._show_home()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place that reports workers that failed unexpectedly."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed: %r", event.worker.name, error)
        message = error.message if isinstance(error, NodeError) else str(error)
        self.notify(message or error.__class__.__name__, title="Error", severity="error")

    async def on_unmount(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    # -- command palette ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands plus every key of the screen the palette was opened from."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.action in ("app.quit", "quit") or binding.description in seen:
                continue
            seen.add(binding.description)
            key = binding.key_display or binding.key.split(",")[0]
            yield SystemCommand(
                binding.tooltip or binding.description,
                f"Key: {key}",
                partial(self.call_later, screen.run_action, binding.action),
            )


def run_console(args: argparse.Namespace) -> int:
    from .console_launch import run

    return run(args)
