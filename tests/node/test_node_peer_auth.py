"""Peer authentication: per-request JWTs from the shared secret; replays, wrong secrets and
expired tokens are refused with 401 and change nothing."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt
from node_helpers import error_code, initiate, status_of, wait_for

from exalate_tui.domain.invitation import decode
from exalate_tui.node import tokens


def setup_connection(jira, ado):
    ca, cb = jira.client(), ado.client()
    r = initiate(ca, ado.public_url)
    code = r.json()["invitation_code"]
    assert cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    inv = decode(code)
    jira_id = httpx.get(f"{jira.admin_url}/peer/v1/info").json()["node_id"]
    return cb, inv, jira_id


def send(node, token, status):
    return httpx.post(
        f"{node.admin_url}/peer/v1/events",
        json={"kind": "status", "payload": {"status": status}},
        headers={"Authorization": f"Bearer {token}"},
    )


def status(client, cid):
    return client.get(f"/connections/{cid}").json()["status"]


def test_info_needs_no_auth(pair):
    jira, _ = pair
    info = httpx.get(f"{jira.admin_url}/peer/v1/info").json()
    assert info["platform"] == "jira-onprem" and info["name"] == "Jira"
    assert info["modes"] == ["basic", "visual", "script"] and info["url"] == jira.public_url
    assert info["node_id"] and "version" in info


def test_replayed_token_is_refused(pair):
    jira, ado = pair
    cb, inv, jira_id = setup_connection(jira, ado)
    token = tokens.mint(inv.secret, inv.connection_id, jira_id, "acceptor")
    assert send(ado, token, "deactivated").status_code == 200
    assert status(cb, inv.connection_id) == "deactivated"
    r = send(ado, token, "active")  # the same token id again
    assert r.status_code == 401 and error_code(r) == "unauthorized"
    assert status(cb, inv.connection_id) == "deactivated"  # nothing changed


def test_wrong_secret_expired_reflected_and_wrong_sender(pair):
    jira, ado = pair
    cb, inv, jira_id = setup_connection(jira, ado)
    cid = inv.connection_id
    bad = [
        tokens.mint("not-the-secret-" * 4, cid, jira_id, "acceptor"),
        tokens.mint(inv.secret, cid, jira_id, "initiator"),  # meant for the other side
        tokens.mint(inv.secret, cid, "someone-else", "acceptor"),
    ]
    now = int(time.time())
    bad.append(
        jwt.encode(
            {
                "cid": cid,
                "sub": jira_id,
                "aud": tokens.audience(cid, "acceptor"),
                "iat": now - 120,
                "exp": now - 60,
                "jti": uuid.uuid4().hex,
            },
            inv.secret,
            algorithm="HS256",
        )
    )
    bad.append(  # lives longer than the protocol allows
        jwt.encode(
            {
                "cid": cid,
                "sub": jira_id,
                "aud": tokens.audience(cid, "acceptor"),
                "iat": now,
                "exp": now + 3600,
                "jti": uuid.uuid4().hex,
            },
            inv.secret,
            algorithm="HS256",
        )
    )
    bad.append("garbage")
    for token in bad:
        r = send(ado, token, "deactivated")
        assert r.status_code == 401 and error_code(r) == "unauthorized", token
    r = httpx.post(f"{ado.admin_url}/peer/v1/events", json={"kind": "status", "payload": {}})
    assert r.status_code == 401
    assert status(cb, cid) == "active"


def test_replayed_accept_is_refused(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    r = initiate(jira.client(), None)
    inv = decode(r.json()["invitation_code"])
    token = tokens.mint(inv.secret, inv.connection_id, "intruder", "initiator")
    body = {"node_id": "intruder", "name": "X", "platform": "jira-onprem", "url": None}
    headers = {"Authorization": f"Bearer {token}"}
    wrong = tokens.mint("nope" * 12, inv.connection_id, "intruder", "initiator")
    r = httpx.post(
        f"{jira.admin_url}/peer/v1/accept", json=body, headers={"Authorization": f"Bearer {wrong}"}
    )
    assert r.status_code == 401
    assert jira.client().get(f"/connections/{inv.connection_id}").json()["status"] == "pending"
    assert (
        httpx.post(f"{jira.admin_url}/peer/v1/accept", json=body, headers=headers).status_code
        == 200
    )
    r = httpx.post(f"{jira.admin_url}/peer/v1/accept", json=body, headers=headers)
    assert r.status_code == 401 and error_code(r) == "unauthorized"


def test_redelivered_old_event_cannot_undo_a_newer_one(pair):
    jira, ado = pair
    cb, inv, jira_id = setup_connection(jira, ado)

    def event(status, seq):
        token = tokens.mint(inv.secret, inv.connection_id, jira_id, "acceptor")
        at = f"2099-01-01T00:00:{seq % 60:02d}+00:00"
        return httpx.post(
            f"{ado.admin_url}/peer/v1/events",
            json={"kind": "status", "payload": {"status": status, "at": at}, "seq": seq},
            headers={"Authorization": f"Bearer {token}"},
        )

    assert event("deactivated", 10_020).status_code == 200
    assert status(cb, inv.connection_id) == "deactivated"
    assert event("active", 10_019).status_code == 200  # an older event arriving late
    assert status(cb, inv.connection_id) == "deactivated"
    assert event("active", 10_021).status_code == 200
    assert status(cb, inv.connection_id) == "active"


def test_store_adds_new_columns_to_old_databases(tmp_path):
    import sqlite3

    from exalate_tui.node.store import SCHEMA, Store

    path = tmp_path / "node.db"
    db = sqlite3.connect(path)
    old_schema = SCHEMA.replace(
        ",\n    peer_seq INTEGER NOT NULL DEFAULT 0,\n    status_at VARCHAR(40)", ""
    )
    assert old_schema != SCHEMA
    db.executescript(old_schema)
    db.commit()
    db.close()
    store = Store(path)
    store.db.execute("SELECT peer_seq FROM connections")
    store.close()


def test_pending_code_opens_nothing_but_accept(node_factory):
    """Holding a not-yet-accepted code must not let anyone read or acknowledge the events
    queued for another (private) node."""
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp = jira.client(), snow.client()
    r = initiate(ca, None)
    cid = r.json()["connection"]["id"]
    cp.post("/invitations/accept", json={"code": r.json()["invitation_code"]})
    snow.stop()
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})  # queued for SNOW
    snow.restart()
    snow_id = httpx.get(f"{snow.admin_url}/peer/v1/info").json()["node_id"]
    snow.stop()
    pending = decode(initiate(ca, None).json()["invitation_code"])
    for path, method in (("/peer/v1/events", "GET"), ("/peer/v1/events", "POST")):
        token = tokens.mint(pending.secret, pending.connection_id, snow_id, "initiator")
        r = httpx.request(
            method,
            f"{jira.admin_url}{path}",
            params={"wait": 0, "ack": 10**9} if method == "GET" else None,
            json={"kind": "status", "payload": {"status": "active"}} if method == "POST" else None,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 401, (method, r.text)
    snow.restart()  # the queued event was neither read nor acknowledged by the intruder
    wait_for(lambda: status_of(snow.client(), cid) == "deactivated", 10)
