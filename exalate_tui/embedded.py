"""Embedded nodes: the node(s) the console starts itself when nothing is configured, or for
``--demo``. No Textual here.

- Data lives in the platformdirs data dir (``embedded/<platform>``, ``demo/<key>``).
- Each node keeps the same loopback port across runs (remembered in ``ports.json`` in the
  state dir), so the URLs stored in peers' connections stay valid after a restart.
- Nodes start in parallel; a progress callback reports each one's state.
- Nodes this console started are stopped when it exits. A node from an earlier run that is
  still listening on its port (same name, same token) is adopted and left running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from .config import Instance, data_dir, state_dir, write_private
from .domain.platforms import PLATFORMS, get_platform

log = logging.getLogger(__name__)

PORTS_FILE = "ports.json"
START_TIMEOUT = 30.0

Progress = Callable[[str, str, "str | None"], None]
"""progress(node name, state, detail): state is "starting", "ready" or "failed"."""


@dataclass(frozen=True)
class EmbeddedNode:
    key: str  # where its port is remembered, e.g. "demo/azure-devops"
    name: str  # the instance's display name
    platform: str
    data_dir: Path
    private: bool = False


def embedded_plan(platform: str) -> list[EmbeddedNode]:
    """The single node started when no instance is configured."""
    label = get_platform(platform).label
    return [EmbeddedNode(f"embedded/{platform}", label, platform, _home() / "embedded" / platform)]


def demo_plan() -> list[EmbeddedNode]:
    """One node per platform in the table, plus one private Azure DevOps node."""
    plan = [
        EmbeddedNode(f"demo/{p.id}", p.label, p.id, _home() / "demo" / p.id)
        for p in PLATFORMS.values()
    ]
    plan.append(
        EmbeddedNode(
            "demo/azure-devops-private",
            "Azure DevOps (private)",
            "azure-devops",
            _home() / "demo" / "azure-devops-private",
            private=True,
        )
    )
    return plan


def _home() -> Path:
    return data_dir()


class PortBook:
    """Ports chosen for embedded nodes, remembered across runs (a small JSON file)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / PORTS_FILE
        self._ports: dict[str, int] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self._ports = {str(k): int(v) for k, v in raw.items()}
        except (OSError, ValueError, AttributeError):
            self._ports = {}

    def get(self, key: str) -> int | None:
        return self._ports.get(key)

    def set(self, key: str, port: int) -> None:
        self._ports[key] = port

    def save(self) -> None:
        write_private(self.path, json.dumps(self._ports, indent=2, sort_keys=True) + "\n")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _port_busy(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def _read_token(directory: Path) -> str | None:
    try:
        return (directory / "admin-token").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


class EmbeddedNodes:
    """Start (in parallel) and stop the embedded nodes of a plan."""

    def __init__(self, plan: list[EmbeddedNode], ports: PortBook | None = None) -> None:
        self.plan = plan
        self.ports = ports or PortBook()
        self.processes: list[Any] = []  # NodeProcess objects we started (and must stop)
        self.failures: dict[str, str] = {}

    async def start(self, progress: Progress | None = None) -> list[Instance]:
        """Start every node; return the instances that came up, in plan order."""
        report = progress or (lambda *_: None)

        async def one(node: EmbeddedNode) -> Instance | None:
            report(node.name, "starting", None)
            try:
                instance = await asyncio.to_thread(self._start_one, node)
            except Exception as exc:  # a node that fails must not stop the others
                log.warning("embedded node %s failed to start: %s", node.name, exc)
                self.failures[node.name] = str(exc) or exc.__class__.__name__
                report(node.name, "failed", self.failures[node.name])
                return None
            report(node.name, "ready", instance.url)
            return instance

        results = await asyncio.gather(*(one(node) for node in self.plan))
        try:
            self.ports.save()
        except OSError as exc:
            log.warning("could not remember embedded node ports: %s", exc)
        return [instance for instance in results if instance is not None]

    def _start_one(self, node: EmbeddedNode) -> Instance:
        from .node.launcher import NodeProcess, NodeSpec

        node.data_dir.mkdir(parents=True, exist_ok=True)
        port = self.ports.get(node.key)
        if port and _port_busy(port):
            adopted = self._adopt(node, port)
            if adopted:
                return adopted
            log.warning("port %s of %s is taken by something else; picking another", port, node)
            port = None
        if not port:
            port = free_port()
        spec = NodeSpec(
            platform=node.platform,
            name=node.name,
            data_dir=node.data_dir,
            port=port,
            private=node.private,
        )
        process = NodeProcess(spec)
        process.start(START_TIMEOUT)
        self.processes.append(process)
        self.ports.set(node.key, process.port)
        log.info("embedded node %s (%s) listening on %s", node.name, node.platform, process.port)
        return Instance(
            name=node.name,
            url=process.admin_url,
            token=SecretStr(process.token),
            platform=node.platform,
            private=node.private,
        )

    def _adopt(self, node: EmbeddedNode, port: int) -> Instance | None:
        """A node from an earlier run still listening on our port: use it if it is ours."""
        token = _read_token(node.data_dir)
        if not token:
            return None
        url = f"http://127.0.0.1:{port}"
        try:
            answer = httpx.get(
                f"{url}/api/v1/node", headers={"Authorization": f"Bearer {token}"}, timeout=2
            )
            info = answer.json() if answer.status_code == 200 else {}
        except (httpx.HTTPError, ValueError):
            return None
        if info.get("name") != node.name or info.get("platform") != node.platform:
            return None
        log.info("adopted the already running embedded node %s on port %s", node.name, port)
        return Instance(
            name=node.name,
            url=url,
            token=SecretStr(token),
            platform=node.platform,
            private=node.private,
        )

    def revive(self, url: str) -> str | None:
        """Start again, on its port and data dir, a node this console started that has since
        stopped (killed, crashed). Blocking. None when the node at ``url`` is not one we
        started or is still running; otherwise what happened, in words for the user."""
        for process in self.processes:
            if process.admin_url.rstrip("/") != url.rstrip("/"):
                continue
            if process.is_running():
                return None
            name = process.spec.name
            try:
                process.restart(START_TIMEOUT)
            except Exception as exc:
                log.warning("restarting embedded node %s failed: %s", name, exc)
                return f"The embedded node {name} stopped and could not be started again: {exc}"
            log.info("embedded node %s had stopped; started it again", name)
            return f"The embedded node {name} had stopped; it was started again."
        return None

    def stop(self) -> None:
        """Stop every node this console started, in parallel (idempotent)."""
        processes, self.processes = self.processes, []
        if not processes:
            return
        with ThreadPoolExecutor(max_workers=len(processes)) as pool:
            list(pool.map(_stop_one, processes))


def _stop_one(process: Any) -> None:
    try:
        process.stop()
    except Exception as exc:  # keep stopping the others
        log.warning("stopping an embedded node failed: %s", exc)
        with contextlib.suppress(Exception):
            process.kill()
