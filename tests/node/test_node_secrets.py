"""Secrets never reach a node's output: not the admin token, not an invitation code, not a
connection's shared secret, not a peer JWT — through full public and private cycles, refused
requests and crafted codes, on real node processes whose stdout and stderr are captured."""

from __future__ import annotations

import base64
import json
import time

import httpx
from node_helpers import initiate, status_of, wait_for

from exalate_tui.domain import invitation as codec


def _cycle(ca, cb, cid):
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    wait_for(lambda: status_of(cb, cid) == "deactivated", 10)
    cb.patch(f"/connections/{cid}", json={"status": "active"})
    wait_for(lambda: status_of(ca, cid) == "active", 10)
    assert cb.delete(f"/connections/{cid}").status_code == 204
    wait_for(lambda: status_of(ca, cid) == "error", 10)
    assert ca.delete(f"/connections/{cid}").status_code == 204


def _crafted(code: str, **changes) -> str:
    """The same invitation with fields changed and a checksum that matches again."""
    body = code.split(".")[1]
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data.update(changes)
    payload = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    head = f"{codec.PREFIX}.{payload}"
    return f"{head}.{codec._checksum(head)}"


def test_no_secret_in_any_node_output(node_factory):
    jira = node_factory("jira-onprem", "Jira", process=True)
    ado = node_factory("azure-devops", "ADO", process=True)
    snow = node_factory("servicenow", "SNOW", process=True, private=True)
    ca, cb, cs = jira.client(), ado.client(), snow.client()
    secrets = {jira.token, ado.token, snow.token}

    r = initiate(ca, ado.public_url)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    secrets |= {code, codec.decode(code).secret}
    assert cb.post("/invitations/inspect", json={"code": code}).status_code == 200
    r = cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    assert r.status_code == 201
    _cycle(ca, cb, cid)

    r = initiate(ca, None)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    secrets |= {code, codec.decode(code).secret}
    assert cs.post("/invitations/accept", json={"code": code}).status_code == 201
    _cycle(ca, cs, cid)

    # refusals and crafted codes take the error paths, which must not echo secrets either
    r = initiate(ca, ado.public_url)
    code = r.json()["invitation_code"]
    secrets |= {code, codec.decode(code).secret}
    crafted = [
        _crafted(code, secret=""),  # once a 500 whose traceback went to stderr
        _crafted(code, secret="x" * 43),  # wrong secret: the initiator refuses it
        _crafted(code, initiator_url="http://user:pw@127.0.0.1:9"),
    ]
    secrets |= set(crafted)
    for bad in [*crafted, code[:-3], code.lower()]:
        r = cb.post("/invitations/accept", json={"code": bad, "project": "Fabrikam Fiber"})
        assert 400 <= r.status_code < 500, r.text
    for node in (jira, ado):
        r = httpx.get(
            f"{node.admin_url}/api/v1/connections?since=0&wait=0",
            headers={"Authorization": f"Bearer {jira.token}x"},
        )
        assert r.status_code == 401
    r = httpx.post(
        f"{jira.admin_url}/peer/v1/events",
        json={"kind": "status", "payload": {"secret": code}},
        headers={"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"},
    )
    assert r.status_code in (401, 404)

    time.sleep(0.2)  # let the drain threads take the last lines (no state is awaited here)
    for node in (jira, ado, snow):
        node.stop()
        output = "\n".join(node.stdout_lines + node.stderr_lines)
        assert node.stdout_lines, "the node printed its start line"
        for secret in secrets:
            assert secret not in output, f"{node.spec.name} printed a secret: {output[-2000:]}"
        assert "eyJ" not in output  # no JWT, whole or in part
        assert "Traceback" not in output, output[-3000:]
