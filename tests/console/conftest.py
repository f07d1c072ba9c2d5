"""Console test fixtures: real nodes started once per session (subprocesses, in parallel)."""

from __future__ import annotations

import pytest

from exalate_tui.node.launcher import NodeSpec, start_nodes

SESSION_NODES = {
    # key: (platform, display name)
    "jira": ("jira-onprem", "Console Jira"),
    "ado": ("azure-devops", "Console ADO"),
}


@pytest.fixture(scope="session")
def console_nodes(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("console-nodes")
    specs = [
        NodeSpec(platform, name, base / key, poll_interval=2.0)
        for key, (platform, name) in SESSION_NODES.items()
    ]
    started = start_nodes(specs, timeout=60)
    nodes = dict(zip(SESSION_NODES, started, strict=True))
    yield nodes
    for node in started:
        node.stop()
