"""Command-line entry points. Textual and FastAPI are imported only once a command needs them,
so ``--help`` and ``--version`` stay fast."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .domain.platforms import DEFAULT_PLATFORM, PLATFORM_IDS


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0–65535")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exalate-tui",
        description="Keyboard-first console for cross-tracker connections. With no options it "
        "opens the default configured instance, or starts an embedded node.",
    )
    parser.add_argument("--version", action="version", version=f"exalate-tui {__version__}")
    parser.add_argument("--node", metavar="URL", help="manage the node at URL (needs --token)")
    parser.add_argument("--token", metavar="TOKEN", help="admin token for --node")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start embedded nodes for every platform plus a private one, on loopback",
    )
    parser.add_argument(
        "--platform",
        choices=PLATFORM_IDS,
        default=DEFAULT_PLATFORM,
        help="platform of the embedded node (default: %(default)s)",
    )
    return parser


def node_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exalate-node", description="The node that stands beside one tracker instance."
    )
    parser.add_argument("--version", action="version", version=f"exalate-node {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="run the node's HTTP server")
    serve.add_argument("--platform", required=True, choices=PLATFORM_IDS)
    serve.add_argument("--name", required=True, help="the instance's display name")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=7700)
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--url", help="public address of this node (default http://HOST:PORT)")
    where.add_argument(
        "--private", action="store_true", help="no public address: this node can only accept"
    )
    serve.add_argument("--data-dir", help="where the node keeps its database and admin token")
    serve.add_argument("--license", choices=("evaluation", "paid", "expired"), default="evaluation")
    serve.add_argument(
        "--invitation-ttl",
        type=_positive_seconds,
        default=7 * 24 * 3600,
        metavar="SECONDS",
        help="how long an invitation code stays valid (default 7 days)",
    )
    serve.add_argument(
        "--poll-interval",
        type=_positive_seconds,
        default=20.0,
        metavar="SECONDS",
        help="how long a private node's long-poll to a public peer is held (default 20)",
    )
    serve.add_argument("--token", help="admin token (else $EXALATE_NODE_TOKEN, else generated)")
    # Tuning for tests and benchmarks: outbox retry backoff (first delay, cap), in seconds.
    serve.add_argument("--retry-base", type=_positive_seconds, help=argparse.SUPPRESS)
    serve.add_argument("--retry-max", type=_positive_seconds, help=argparse.SUPPRESS)
    return parser


def main_tui(argv: list[str] | None = None) -> int:
    args = tui_parser().parse_args(argv)
    if bool(args.node) != bool(args.token):
        print("exalate-tui: --node and --token go together.", file=sys.stderr)
        return 2
    from .app import run_console

    return run_console(args)


def main_node(argv: list[str] | None = None) -> int:
    args = node_parser().parse_args(argv)
    from .node.server import serve

    return serve(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main_tui())
