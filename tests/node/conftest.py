"""Node fixtures: real nodes on loopback ports (in-process uvicorn threads unless a test needs
a real process, e.g. for kill -9)."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

import pytest

from exalate_tui.node.launcher import NodeProcess, NodeSpec, NodeThread

FAST = {"poll_interval": 2.0, "retry_base": 0.05, "retry_max": 0.3}
_counter = itertools.count()


@pytest.fixture
def node_factory(tmp_path: Path):
    started: list = []

    def make(
        platform: str = "jira-onprem",
        name: str | None = None,
        *,
        process: bool = False,
        fault: str | None = None,
        env: dict | None = None,
        **kwargs,
    ):
        name = name or f"Node{next(_counter)}"
        options = {
            **FAST,
            **{k: v for k, v in kwargs.items() if k in NodeSpec.__dataclass_fields__},
        }
        overrides = {k: v for k, v in kwargs.items() if k not in NodeSpec.__dataclass_fields__}
        spec = NodeSpec(platform=platform, name=name, data_dir=tmp_path / name, **options)
        if process:
            env = dict(env or {})
            if fault:
                env["EXALATE_NODE_FAULT"] = fault
            node = NodeProcess(spec, env=env)
        else:
            node = NodeThread(spec, fault=fault, **overrides)
        node.start()
        started.append(node)
        return node

    yield make
    for node in started:
        with contextlib.suppress(Exception):
            node.stop()


@pytest.fixture
def pair(node_factory):
    """A public Jira node and a public Azure DevOps node."""
    return node_factory("jira-onprem", "Jira"), node_factory("azure-devops", "ADO")
