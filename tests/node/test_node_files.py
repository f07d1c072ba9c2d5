"""Files that hold secrets (database with shared secrets and codes, admin token) are 0600."""

from __future__ import annotations

import os
import stat

from node_helpers import initiate


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_and_token_are_owner_only(node_factory):
    node = node_factory("jira-onprem", process=True)
    r = initiate(node.client(), None, name="secret-holder")
    assert r.status_code == 201, r.text
    data_dir = node.spec.data_dir
    secret_files = [p for p in data_dir.iterdir() if p.name.startswith("node.db")]
    assert secret_files, list(data_dir.iterdir())
    for path in [*secret_files, data_dir / "admin-token"]:
        assert _mode(path) == 0o600, f"{path.name} is {oct(_mode(path))}"


def test_an_older_world_readable_database_is_tightened_at_start(node_factory):
    node = node_factory("servicenow", process=True)
    node.stop()
    db = node.spec.data_dir / "node.db"
    os.chmod(db, 0o644)
    node.restart()
    assert _mode(db) == 0o600
