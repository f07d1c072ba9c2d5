"""Start nodes from Python: as subprocesses (`NodeProcess`) or in-process (`NodeThread`).

No Textual import here; the console's embedded/demo nodes and the tests use this module.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from .tokens import TOKEN_ENV, TOKEN_FILE

_LISTENING = re.compile(r"listening on http://(?:\[[^\]]+\]|[^:\s/\[]+):(\d+)")


class NodeStartError(RuntimeError):
    """The node did not come up; the message carries the node's own error line."""


@dataclass
class NodeSpec:
    platform: str
    name: str
    data_dir: Path
    port: int = 0  # 0 = pick a free loopback port
    host: str = "127.0.0.1"
    private: bool = False
    license: str = "evaluation"
    url: str | None = None  # public URL; default http://host:port; ignored when private
    invitation_ttl: float | None = None
    poll_interval: float | None = None
    retry_base: float | None = None  # outbox backoff tuning (tests, benchmarks)
    retry_max: float | None = None

    def argv(self) -> list[str]:
        args = [
            "serve",
            "--platform",
            self.platform,
            "--name",
            self.name,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--license",
            self.license,
        ]
        if self.private:
            args.append("--private")
        elif self.url:
            args += ["--url", self.url]
        for flag, value in (
            ("--invitation-ttl", self.invitation_ttl),
            ("--poll-interval", self.poll_interval),
            ("--retry-base", self.retry_base),
            ("--retry-max", self.retry_max),
        ):
            if value is not None:
                args += [flag, repr(float(value))]
        return args


class _NodeHandle:
    spec: NodeSpec
    _port: int | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the node has not started")
        return self._port

    @property
    def _host(self) -> str:
        host = self.spec.host
        if host in ("0.0.0.0", "::", ""):
            return "127.0.0.1"
        return f"[{host}]" if ":" in host else host

    @property
    def admin_url(self) -> str:
        """Where the admin API answers (also for private nodes)."""
        return f"http://{self._host}:{self.port}"

    @property
    def public_url(self) -> str | None:
        if self.spec.private:
            return None
        if self.spec.url:
            return self.spec.url.rstrip("/")
        return f"http://{self._host}:{self.port}"

    @property
    def token(self) -> str:
        return (Path(self.spec.data_dir) / TOKEN_FILE).read_text(encoding="utf-8").strip()

    def client(self, **kwargs) -> httpx.Client:
        """An httpx client for this node's admin API (base URL /api/v1, token set)."""
        return httpx.Client(
            base_url=f"{self.admin_url}/api/v1",
            headers={"Authorization": f"Bearer {self.token}"},
            trust_env=False,
            **({"timeout": 30.0} | kwargs),
        )

    def _answers(self) -> bool:
        try:
            r = httpx.get(f"{self.admin_url}/peer/v1/info", timeout=1.0, trust_env=False)
            return r.status_code == 200
        except httpx.HTTPError:
            return False


class NodeProcess(_NodeHandle):
    """Runs `python -m exalate_tui.node serve ...` (sys.executable) as a subprocess."""

    def __init__(self, spec: NodeSpec, env: dict[str, str] | None = None):
        self.spec = spec
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self._port = None
        self.stdout_lines: list[str] = []
        self.stderr_lines: list[str] = []

    def _spawn(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
        env.update(self.extra_env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self._port = None
        self.stdout_lines, self.stderr_lines = [], []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "exalate_tui.node", *self.spec.argv()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            start_new_session=True,
        )
        threading.Thread(target=self._drain, args=(self.proc.stdout, True), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.proc.stderr, False), daemon=True).start()

    def _drain(self, stream, is_stdout: bool) -> None:
        for line in stream:
            line = line.rstrip("\n")
            (self.stdout_lines if is_stdout else self.stderr_lines).append(line)
            if is_stdout and self._port is None:
                m = _LISTENING.search(line)
                if m:
                    self._port = int(m.group(1))

    def _error_line(self) -> str:
        lines = [x for x in self.stderr_lines if x.strip()]
        for line in lines:
            if "error" in line.lower():
                return line
        return lines[-1] if lines else "no output"

    def _wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                time.sleep(0.05)  # let the reader threads collect the last lines
                raise NodeStartError(
                    f"node {self.spec.name!r} exited with code {self.proc.returncode}: "
                    f"{self._error_line()}"
                )
            if self._port is not None and self._answers():
                return
            time.sleep(0.03)
        self.kill()
        raise NodeStartError(
            f"node {self.spec.name!r} did not answer in time: {self._error_line()}"
        )

    def start(self, timeout: float = 20.0) -> NodeProcess:
        self._spawn()
        self._wait_ready(time.monotonic() + timeout)
        return self

    async def astart(self, timeout: float = 20.0) -> NodeProcess:
        return await asyncio.to_thread(self.start, timeout)

    def restart(self, timeout: float = 20.0) -> NodeProcess:
        """Start again on the same port and data dir (after stop/kill)."""
        if self._port is not None:
            self.spec.port = self._port
        return self.start(timeout)

    def is_running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 5) -> None:
        if not self.is_running():
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self.is_running():
            self.proc.kill()
            self.proc.wait(5)

    def __enter__(self) -> NodeProcess:
        if not self.is_running():
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class NodeThread(_NodeHandle):
    """The same node served in-process by uvicorn in a thread (fast to start, for tests)."""

    def __init__(self, spec: NodeSpec, fault: str | None = None, **overrides):
        """`overrides` set other NodeSettings fields (e.g. check_timeout) for tests."""
        self.spec = spec
        self.fault = fault
        self.overrides = overrides
        self._port = None
        self.server = None
        self.thread: threading.Thread | None = None

    def start(self, timeout: float = 20.0) -> NodeThread:
        from .app import create_app
        from .server import bind, make_server, prepare_data_dir
        from .settings import NodeSettings
        from .tokens import file_token

        spec = self.spec
        sock = bind(spec.host, spec.port)
        self._port = sock.getsockname()[1]
        data_dir = prepare_data_dir(Path(spec.data_dir))
        token, token_file = file_token(data_dir)  # never from the environment here
        settings = NodeSettings(
            platform=spec.platform,
            name=spec.name,
            data_dir=data_dir,
            token=token,
            host=spec.host,
            port=self._port,
            url=None if spec.private else self.public_url,
            private=spec.private,
            license=spec.license,
            token_file=token_file,
            fault=self.fault,
        )
        for attr in ("invitation_ttl", "poll_interval", "retry_base", "retry_max"):
            if getattr(spec, attr) is not None:
                setattr(settings, attr, float(getattr(spec, attr)))
        for attr, value in self.overrides.items():
            setattr(settings, attr, value)
        self.server = make_server(create_app(settings))
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [sock]},
            daemon=True,
            name=f"node-{spec.name}",
        )
        self.thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.started and self._answers():
                return self
            if not self.thread.is_alive():
                break
            time.sleep(0.02)
        raise NodeStartError(f"in-process node {spec.name!r} did not start")

    async def astart(self, timeout: float = 20.0) -> NodeThread:
        return await asyncio.to_thread(self.start, timeout)

    def restart(self, timeout: float = 20.0) -> NodeThread:
        self.spec.port = self.port
        return self.start(timeout)

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self, timeout: float = 5) -> None:
        if self.server is not None and self.is_running():
            self.server.should_exit = True
            self.thread.join(timeout)

    kill = stop

    def __enter__(self) -> NodeThread:
        if not self.is_running():
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_nodes(specs: list[NodeSpec], timeout: float = 20.0) -> list[NodeProcess]:
    """Start several node subprocesses in parallel; stops the started ones if any fails."""
    nodes = [NodeProcess(spec) for spec in specs]
    with ThreadPoolExecutor(max_workers=max(1, len(nodes))) as pool:
        futures = [pool.submit(n.start, timeout) for n in nodes]
        errors = []
        for f in futures:
            try:
                f.result()
            except Exception as exc:
                errors.append(exc)
    if errors:
        for n in nodes:
            n.stop()
        raise errors[0]
    return nodes
