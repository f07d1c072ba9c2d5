"""`exalate-node serve`: flags → settings, data-dir and port checks, then uvicorn."""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

from .settings import NodeSettings

PROG = "exalate-node"


class StartupError(Exception):
    """A problem the operator must fix; printed as one line, exit code 2."""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "node"


def default_data_dir(name: str) -> Path:
    from ..config import data_dir

    return data_dir() / "nodes" / slug(name)


def prepare_data_dir(path: Path) -> Path:
    path = path.expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StartupError(f"the data directory {path} is not writable ({reason}).") from None
    return path


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this; without it small responses wait ~40 ms for delayed ACKs.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise StartupError(
                f"port {port} on {host} is already in use; stop the other program or choose "
                "another --port."
            ) from None
        raise StartupError(f"cannot listen on {host}:{port} ({exc.strerror or exc}).") from None
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def make_server(app, **config_kwargs):
    """A uvicorn server that first releases held long-polls when asked to stop."""
    import uvicorn

    class NodeServer(uvicorn.Server):
        async def shutdown(self, sockets=None) -> None:
            app.state.service.begin_shutdown()
            await super().shutdown(sockets=sockets)

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=3,
        **config_kwargs,
    )
    return NodeServer(config)


def settings_from_args(args: argparse.Namespace, port: int) -> NodeSettings:
    from .tokens import resolve_admin_token

    data_dir = prepare_data_dir(
        Path(args.data_dir) if args.data_dir else default_data_dir(args.name)
    )
    try:
        token, token_file = resolve_admin_token(args.token, data_dir)
    except OSError as exc:
        raise StartupError(f"cannot write the admin token in {data_dir} ({exc}).") from None
    host_for_url = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    if ":" in host_for_url:  # an IPv6 literal
        host_for_url = f"[{host_for_url}]"
    url = None if args.private else (args.url or f"http://{host_for_url}:{port}").rstrip("/")
    settings = NodeSettings(
        platform=args.platform,
        name=args.name,
        data_dir=data_dir,
        token=token,
        host=args.host,
        port=port,
        url=url,
        private=bool(args.private),
        license=args.license,
        invitation_ttl=args.invitation_ttl,
        poll_interval=args.poll_interval,
    )
    if getattr(args, "retry_base", None):
        settings.retry_base = args.retry_base
    if getattr(args, "retry_max", None):
        settings.retry_max = args.retry_max
    settings.token_file = token_file
    return settings


def serve(args: argparse.Namespace) -> int:
    try:
        sock = bind(args.host, args.port)
        port = sock.getsockname()[1]
        settings = settings_from_args(args, port)
        from .store import Store

        try:
            store = Store(settings.db_path)
        except Exception as exc:
            raise StartupError(f"cannot open the database {settings.db_path} ({exc}).") from None
    except StartupError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr, flush=True)
        return 2

    from .app import create_app

    app = create_app(settings, store)
    token_file = settings.token_file
    where = f"admin token in {token_file}" if token_file else "admin token from --token/env"
    print(
        f"{PROG}: {settings.name} ({settings.platform}) listening on {settings.admin_url}"
        f" — url {settings.url or 'none (private)'} — data {settings.data_dir} — {where}",
        flush=True,
    )
    server = make_server(app)
    server.run(sockets=[sock])
    return 0
