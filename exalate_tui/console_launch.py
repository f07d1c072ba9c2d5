"""What `exalate-tui` runs: pick the instances (``--node``, ``--demo``, the config file, or an
embedded node), run the app, and stop every node it started when it exits — also when the
terminal goes away (SIGHUP)."""

from __future__ import annotations

import argparse
import logging
import sys

from pydantic import SecretStr

from .config import ConfigError, Instance, load_config
from .embedded import EmbeddedNodes, demo_plan, embedded_plan
from .logging_setup import setup_logging

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    from .app import ExalateApp

    log_path = setup_logging()
    embedded: EmbeddedNodes | None = None
    if args.node:
        instance = Instance(name=args.node, url=args.node, token=SecretStr(args.token))
        app = ExalateApp([instance])
        log.info("console started for the node at %s", args.node)
    elif args.demo:
        embedded = EmbeddedNodes(demo_plan())
        app = ExalateApp([], embedded=embedded, startup_title="Starting the demo nodes")
        log.info("console started in demo mode")
    else:
        try:
            config = load_config()
        except ConfigError as exc:
            print(f"exalate-tui: {exc}", file=sys.stderr)
            return 2
        default = config.default_instance()
        if default is not None:
            app = ExalateApp(config.instances, current=default.name)
            log.info("console started with %d configured instance(s)", len(config.instances))
        else:
            embedded = EmbeddedNodes(embedded_plan(args.platform))
            app = ExalateApp([], embedded=embedded)
            log.info("console started with an embedded %s node", args.platform)
    try:
        app.run()
    finally:
        if embedded is not None:
            embedded.stop()
        log.info("console exited (return code %s); log at %s", app.return_code, log_path)
    return app.return_code or 0
