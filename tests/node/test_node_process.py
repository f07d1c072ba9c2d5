"""Real node processes: kill -9 persistence, the accept crash hook, CLI errors, admin token."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys

import httpx
from node_helpers import initiate, status_of, wait_for

from exalate_tui.node.launcher import NodeProcess, NodeSpec, NodeStartError, start_nodes


def test_kill_9_keeps_every_connection_and_queued_event(node_factory, tmp_path):
    jira = node_factory("jira-onprem", "Jira", process=True)
    ado = node_factory("azure-devops", "ADO")
    ca, cb = jira.client(), ado.client()
    pending = initiate(ca, ado.public_url, name="pending one", description="waits").json()
    r = initiate(ca, ado.public_url, name="active one", mode="basic")
    cid = r.json()["connection"]["id"]
    cb.post(
        "/invitations/accept",
        json={"code": r.json()["invitation_code"], "project": "Fabrikam Fiber"},
    )
    initiate(ca, jira.public_url, name="local one", remote_project="DEV")
    ca.put(
        f"/connections/{pending['connection']['id']}/rules",
        json={"outgoing": "a = 1", "incoming": "b = 2"},
    )
    before = ca.get("/connections").json()
    rules_before = ca.get(f"/connections/{pending['connection']['id']}/rules").json()
    ado.stop()  # the peer is down: the next event must wait in the outbox
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    before = ca.get("/connections").json()
    jira.kill()
    assert not jira.is_running()
    jira.restart()
    ca = jira.client()
    assert ca.get("/connections").json() == before
    assert ca.get(f"/connections/{pending['connection']['id']}/rules").json() == rules_before
    code = ca.get(f"/connections/{pending['connection']['id']}/invitation").json()
    assert code["invitation_code"] == pending["invitation_code"]
    ado.restart()
    cb = ado.client()
    wait_for(lambda: status_of(cb, cid) == "deactivated", 15)


def test_crash_after_initiator_confirmed_then_retry(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    ado = node_factory("azure-devops", "ADO", process=True, fault="crash_after_accept_confirm")
    ca = jira.client()
    r = initiate(ca, ado.public_url)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    try:
        ado.client().post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
        raise AssertionError("the acceptor should have crashed")
    except httpx.HTTPError:
        pass
    wait_for(lambda: not ado.is_running(), 10)
    assert ado.proc.returncode == 70
    assert status_of(ca, cid) == "active"  # the initiator confirmed
    ado.extra_env = {}  # restart without the fault
    ado.restart()
    cb = ado.client()
    assert cb.get("/connections").json()["connections"] == []  # nothing half-created
    r = cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    assert r.status_code == 201 and r.json()["connection"]["status"] == "active"
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    wait_for(lambda: status_of(cb, cid) == "deactivated", 10)


def test_admin_token_file_is_private_and_never_printed(node_factory, tmp_path):
    node = node_factory("jira-onprem", "Tok", process=True)
    path = node.spec.data_dir / "admin-token"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    output = "\n".join(node.stdout_lines + node.stderr_lines)
    assert str(path) in output and node.token not in output
    assert node.client().get("/node").status_code == 200
    node.stop()
    node.restart()  # the same token is kept across restarts
    assert node.client().get("/node").status_code == 200


def test_token_from_environment(tmp_path):
    spec = NodeSpec("servicenow", "EnvTok", tmp_path / "env")
    node = NodeProcess(spec, env={"EXALATE_NODE_TOKEN": "from-env-123"}).start()
    try:
        ok = httpx.get(
            f"{node.admin_url}/api/v1/node", headers={"Authorization": "Bearer from-env-123"}
        )
        assert ok.status_code == 200
        assert not (tmp_path / "env" / "admin-token").exists()
        assert "from-env-123" not in "\n".join(node.stdout_lines + node.stderr_lines)
    finally:
        node.stop()


def run_cli(*args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exalate_tui.node", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_cli_errors_exit_2_with_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = run_cli(
            "serve",
            "--platform",
            "jira-onprem",
            "--name",
            "X",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "x"),
        )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "already in use" in lines[0] and str(port) in lines[0]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run_cli(
        "serve",
        "--platform",
        "jira-onprem",
        "--name",
        "X",
        "--port",
        "0",
        "--data-dir",
        str(blocker / "sub"),
    )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "not writable" in lines[0]
    r = run_cli("serve", "--platform", "nope", "--name", "X")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_default_data_dir_and_start_nodes(tmp_path, isolated_dirs):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exalate_tui.node",
            "serve",
            "--platform",
            "xurrent",
            "--name",
            "My Xurrent",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "listening on http://127.0.0.1:" in line
        expected = isolated_dirs / "xdg_data_home" / "exalate-tui" / "nodes" / "my-xurrent"
        assert str(expected) in line
        assert (expected / "admin-token").exists()
    finally:
        proc.terminate()
        proc.wait(10)
    nodes = start_nodes(
        [
            NodeSpec("jira-onprem", "P1", tmp_path / "p1"),
            NodeSpec("servicenow", "P2", tmp_path / "p2", private=True),
        ]
    )
    try:
        assert nodes[0].public_url == nodes[0].admin_url and nodes[1].public_url is None
        assert nodes[1].client().get("/node").json()["url"] is None
    finally:
        for n in nodes:
            n.stop()


def test_private_node_kill_9_resumes_polling(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True, process=True)
    ca, cp = jira.client(), snow.client()
    r = initiate(ca, None)
    cid = r.json()["connection"]["id"]
    cp.post("/invitations/accept", json={"code": r.json()["invitation_code"]})
    snow.kill()
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    snow.restart()
    cp = snow.client()
    wait_for(lambda: status_of(cp, cid) == "deactivated", 10)
    assert cp.get(f"/connections/{cid}").json()["remote_url"] == jira.public_url


def test_launcher_reports_the_node_error_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        spec = NodeSpec("jira-onprem", "Busy", tmp_path / "busy", port=busy.getsockname()[1])
        try:
            NodeProcess(spec).start()
            raise AssertionError("should not start")
        except NodeStartError as exc:
            assert "already in use" in str(exc)


def test_sigterm_is_clean_even_with_long_polls_held(node_factory):
    import threading
    import time

    jira = node_factory("jira-onprem", "Jira", process=True, poll_interval=30)
    snow = node_factory("servicenow", "SNOW", private=True, poll_interval=30)
    r = initiate(jira.client(), None)
    snow.client().post("/invitations/accept", json={"code": r.json()["invitation_code"]})
    rev = jira.client().get("/connections").json()["revision"]
    answered = threading.Event()

    def hold():
        with jira.client() as c:
            c.get("/connections", params={"since": rev, "wait": 60})
            answered.set()

    threading.Thread(target=hold, daemon=True).start()
    time.sleep(0.3)  # the admin long-poll and the private node's poll are both held now
    t = time.monotonic()
    jira.stop(timeout=10)
    assert time.monotonic() - t < 6
    assert jira.proc.returncode in (0, -15)  # uvicorn re-raises the SIGTERM it handled
    assert answered.wait(5)
    assert not any("Traceback" in line for line in jira.stderr_lines), jira.stderr_lines
