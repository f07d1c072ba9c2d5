"""Public, private and local connection lifecycles between real nodes on loopback."""

from __future__ import annotations

import threading
import time

import pytest
from node_helpers import error_code, initiate, status_of, wait_for


def connect(initiator, acceptor, *, private=False, project="Fabrikam Fiber", **kw):
    ca, cb = initiator.client(), acceptor.client()
    r = initiate(ca, None if private else acceptor.public_url, **kw)
    assert r.status_code == 201, r.text
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    r = cb.post("/invitations/accept", json={"code": code, "project": project})
    assert r.status_code == 201, r.text
    return ca, cb, cid


def test_public_lifecycle(pair):
    jira, ado = pair
    ca, cb = jira.client(), ado.client()
    r = initiate(ca, ado.public_url, name="Jira_to_ADO", description="hello", mode="visual")
    assert r.status_code == 201, r.text
    conn, code = r.json()["connection"], r.json()["invitation_code"]
    assert conn["status"] == "pending" and conn["type"] == "public" and conn["role"] == "initiator"
    assert conn["remote_url"] == ado.public_url and conn["remote_platform"] == "azure-devops"
    assert code.startswith("EXL1.")
    assert ca.get(f"/connections/{conn['id']}/invitation").json()["invitation_code"] == code

    preview = cb.post("/invitations/inspect", json={"code": code}).json()
    assert preview["initiator_name"] == "Jira" and preview["mode"] == "visual"
    assert preview["needs_project"] is True and preview["type"] == "public"
    assert cb.get("/connections").json()["connections"] == []  # inspect changes nothing

    r = cb.post("/invitations/accept", json={"code": code, "project": "Parts Unlimited"})
    assert r.status_code == 201, r.text
    mine = r.json()["connection"]
    assert mine["id"] == conn["id"] and mine["role"] == "acceptor" and mine["status"] == "active"
    assert mine["remote_url"] == jira.public_url and mine["remote_platform"] == "jira-onprem"
    assert (mine["local_short_name"], mine["remote_short_name"]) == ("Beta", "Alpha")
    assert mine["project"] == "Parts Unlimited" and mine["name"] == "Jira_to_ADO"
    assert mine["remote_project"] == "DEMO"

    theirs = ca.get(f"/connections/{conn['id']}").json()
    assert theirs["status"] == "active" and theirs["remote_project"] == "Parts Unlimited"
    listed = {c["id"]: c for c in ca.get("/connections").json()["connections"]}
    assert listed[conn["id"]] == theirs  # the list and the single answer agree exactly
    assert theirs["description"] == "hello"
    r = ca.get(f"/connections/{conn['id']}/invitation")
    assert r.status_code == 409 and error_code(r) == "not_pending"

    # deactivate on the initiator → the acceptor follows; activate on the acceptor → back
    r = ca.patch(f"/connections/{conn['id']}", json={"status": "deactivated"})
    assert r.json()["status"] == "deactivated"
    wait_for(lambda: status_of(cb, conn["id"]) == "deactivated", 5)
    cb.patch(f"/connections/{conn['id']}", json={"status": "active"})
    wait_for(lambda: status_of(ca, conn["id"]) == "active", 5)

    # delete on the acceptor → the initiator shows an error saying so
    assert cb.delete(f"/connections/{conn['id']}").status_code == 204
    assert cb.get(f"/connections/{conn['id']}").status_code == 404
    gone = wait_for(
        lambda: (
            ca.get(f"/connections/{conn['id']}").json()["status"] == "error"
            and ca.get(f"/connections/{conn['id']}").json()
        ),
        5,
    )
    assert gone["error"].startswith("Deleted on the remote side (ADO")
    r = ca.patch(f"/connections/{conn['id']}", json={"status": "active"})
    assert r.status_code == 409 and error_code(r) == "remote_deleted"


def test_delete_on_initiator_reaches_acceptor(pair):
    jira, ado = pair
    ca, cb, cid = connect(jira, ado)
    ca.delete(f"/connections/{cid}")
    wait_for(lambda: status_of(cb, cid) == "error", 5)
    assert "Deleted on the remote side (Jira" in cb.get(f"/connections/{cid}").json()["error"]


def test_private_lifecycle(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp = jira.client(), snow.client()
    r = initiate(ca, None, name="to_private", mode="script")
    assert r.status_code == 201, r.text
    conn = r.json()["connection"]
    assert conn["type"] == "private" and conn["remote_url"] is None
    assert conn["remote_platform"] is None and conn["status"] == "pending"
    code = r.json()["invitation_code"]
    assert cp.post("/invitations/inspect", json={"code": code}).json()["needs_project"] is False
    r = cp.post("/invitations/accept", json={"code": code})
    assert r.status_code == 201, r.text
    mine = r.json()["connection"]
    assert mine["type"] == "private" and mine["remote_url"] == jira.public_url
    theirs = ca.get(f"/connections/{conn['id']}").json()
    assert theirs["status"] == "active" and theirs["remote_url"] is None
    assert theirs["remote_platform"] == "servicenow"

    cid = conn["id"]
    t = time.monotonic()
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    wait_for(lambda: status_of(cp, cid) == "deactivated", 5)
    assert time.monotonic() - t < 2.0  # collected by the private side's long-poll, not a timer
    cp.patch(f"/connections/{cid}", json={"status": "active"})
    wait_for(lambda: status_of(ca, cid) == "active", 5)
    ca.delete(f"/connections/{cid}")
    wait_for(lambda: status_of(cp, cid) == "error", 5)
    assert "Deleted on the remote side (Jira" in cp.get(f"/connections/{cid}").json()["error"]


def test_private_side_delete_reaches_public(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp, cid = connect(jira, snow, private=True, project=None)
    cp.delete(f"/connections/{cid}")
    wait_for(lambda: status_of(ca, cid) == "error", 5)


def test_public_node_never_calls_private(node_factory):
    """The private node's only listener is its admin address; the public side has no URL to
    call, so its connection keeps remote_url null and events reach the private side by poll."""
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp, cid = connect(jira, snow, private=True, project=None)
    snow.stop()  # even with the private node down, the public side just queues
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    assert ca.get(f"/connections/{cid}").json()["remote_url"] is None
    snow.restart()
    cp = snow.client()
    wait_for(lambda: status_of(cp, cid) == "deactivated", 10)


def test_local_lifecycle(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    ca = jira.client()
    r = initiate(
        ca,
        jira.public_url.replace("127.0.0.1", "localhost") + "/",
        name="loc",
        mode="script",
        project="DEMO",
        remote_project="SUP",
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["invitation_code"] is None
    conn = body["connection"]
    assert conn["type"] == "local" and conn["status"] == "active"
    assert (conn["project"], conn["remote_project"]) == ("DEMO", "SUP")
    r = ca.get(f"/connections/{conn['id']}/invitation")
    assert r.status_code == 409
    assert (
        ca.patch(f"/connections/{conn['id']}", json={"status": "deactivated"}).json()["status"]
        == "deactivated"
    )
    r = initiate(ca, jira.public_url, mode="visual", remote_project="SUP")
    assert r.status_code == 422 and error_code(r) == "mode_not_available"
    r = initiate(ca, jira.public_url, remote_project=None)
    assert r.status_code == 422 and error_code(r) == "project_required"
    assert r.json()["error"]["field"] == "remote_project"
    assert ca.delete(f"/connections/{conn['id']}").status_code == 204


def test_local_refused_where_platform_has_none(node_factory):
    ado = node_factory("azure-devops", "ADO")
    r = initiate(ado.client(), ado.public_url, project="Fabrikam Fiber")
    assert r.status_code == 422 and error_code(r) == "validation_error"
    assert r.json()["error"]["field"] == "destination_url"
    assert "does not support local connections" in r.json()["error"]["message"]
    check = ado.client().post("/destinations/check", json={"url": ado.public_url}).json()
    assert check["local"] is True and check["modes"] == []
    assert "does not support local connections" in check["error"]
    snow = node_factory("servicenow", "SNOW")
    r = initiate(snow.client(), snow.public_url, project=None)
    assert r.status_code == 201 and r.json()["connection"]["type"] == "local"


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_long_poll_sees_accept_within_a_second(node_factory, private):
    jira = node_factory("jira-onprem", "Jira")
    ado = node_factory("azure-devops", "ADO", private=private)
    ca, cb = jira.client(), ado.client()
    r = initiate(ca, None if private else ado.public_url)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    rev = ca.get("/connections").json()["revision"]
    seen: dict = {}
    started = threading.Event()

    def poll():
        with jira.client() as c:
            started.set()
            answer = c.get("/connections", params={"since": rev, "wait": 30}).json()
            seen["at"] = time.monotonic()
            seen["answer"] = answer

    t = threading.Thread(target=poll)
    t.start()
    started.wait(5)
    time.sleep(0.2)  # let the long-poll reach the server before accepting
    assert "at" not in seen  # it is being held
    cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    accepted = time.monotonic()
    t.join(10)
    assert seen["at"] - accepted < 1.0
    assert seen["answer"]["revision"] > rev
    status = {c["id"]: c["status"] for c in seen["answer"]["connections"]}
    assert status[cid] == "active"


def test_long_poll_times_out_and_other_since(pair):
    jira, _ = pair
    ca = jira.client()
    rev = ca.get("/connections").json()["revision"]
    t = time.monotonic()
    r = ca.get("/connections", params={"since": rev, "wait": 0.5})
    assert 0.4 < time.monotonic() - t < 3 and r.json()["revision"] == rev
    t = time.monotonic()
    r = ca.get("/connections", params={"since": rev + 5, "wait": 10})  # not current: at once
    assert time.monotonic() - t < 1


def test_events_queue_while_public_peer_is_down(pair):
    jira, ado = pair
    ca, cb, cid = connect(jira, ado)
    ado.stop()
    ca.patch(f"/connections/{cid}", json={"status": "deactivated"})
    time.sleep(0.5)  # several retries fail meanwhile
    ado.restart()
    cb = ado.client()
    wait_for(lambda: status_of(cb, cid) == "deactivated", 10)
    # and the other way round, with a delete
    jira.stop()
    cb.delete(f"/connections/{cid}")
    jira.restart()
    ca = jira.client()
    wait_for(lambda: status_of(ca, cid) == "error", 10)


def test_private_side_pushes_while_public_peer_is_down(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp, cid = connect(jira, snow, private=True, project=None)
    jira.stop()
    cp.patch(f"/connections/{cid}", json={"status": "deactivated"})
    jira.restart()
    ca = jira.client()
    wait_for(lambda: status_of(ca, cid) == "deactivated", 10)
    ca.patch(f"/connections/{cid}", json={"status": "active"})
    wait_for(lambda: status_of(cp, cid) == "active", 10)


def test_deletes_while_peers_are_down_private(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    ca, cp, first = connect(jira, snow, private=True, project=None)
    _, _, second = connect(jira, snow, private=True, project=None)
    snow.stop()
    ca.delete(f"/connections/{first}")  # queued for the private side
    snow.restart()
    cp = snow.client()
    wait_for(lambda: status_of(cp, first) == "error", 10)
    assert status_of(cp, second) == "active"
    jira.stop()
    cp.delete(f"/connections/{second}")  # pushed once the public side is back
    jira.restart()
    ca = jira.client()
    wait_for(lambda: status_of(ca, second) == "error", 10)


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_rapid_changes_arrive_in_order(node_factory, private):
    jira = node_factory("jira-onprem", "Jira")
    other = node_factory("servicenow", "Other", private=private)
    ca, co, cid = connect(jira, other, private=private, project=None)
    for status in ("deactivated", "active", "deactivated", "active", "deactivated"):
        ca.patch(f"/connections/{cid}", json={"status": status})
    t = time.monotonic()
    wait_for(lambda: status_of(co, cid) == "deactivated", 5)
    assert time.monotonic() - t < 2.0
    time.sleep(0.3)  # nothing older arrives afterwards
    assert status_of(co, cid) == "deactivated"
    for status in ("active", "deactivated", "active"):
        co.patch(f"/connections/{cid}", json={"status": status})
    wait_for(lambda: status_of(ca, cid) == "active", 5)
    time.sleep(0.3)
    assert status_of(ca, cid) == "active"


def test_acceptor_keeps_names_unique_and_description_edits(node_factory):
    one = node_factory("jira-onprem", "One")
    two = node_factory("servicenow", "Two")
    ado = node_factory("azure-devops", "ADO")
    cb = ado.client()
    names = []
    for initiator, project in ((one, "DEMO"), (two, None)):
        code = initiate(initiator.client(), None, name="shared", project=project).json()[
            "invitation_code"
        ]
        r = cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
        assert r.status_code == 201, r.text
        names.append(r.json()["connection"]["name"])
    assert names == ["shared", "shared (2)"]
    cid = cb.get("/connections").json()["connections"][0]["id"]
    r = cb.patch(f"/connections/{cid}", json={"description": "edited"})
    assert r.json()["description"] == "edited" and r.json()["status"] == "active"
    r = cb.patch(f"/connections/{cid}", json={"description": "x" * 2001})
    assert r.status_code == 422 and error_code(r) == "validation_error"


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_simultaneous_changes_on_both_sides_converge(node_factory, private):
    jira = node_factory("jira-onprem", "Jira")
    other = node_factory("servicenow", "Other", private=private)
    ca, co, cid = connect(jira, other, private=private, project=None)
    for _ in range(3):
        barrier = threading.Barrier(2)

        def change(client, statuses, barrier=barrier):
            barrier.wait()
            for status in statuses:
                client.patch(f"/connections/{cid}", json={"status": status})

        threads = [
            threading.Thread(target=change, args=(jira.client(), ["deactivated"])),
            threading.Thread(target=change, args=(other.client(), ["deactivated", "active"])),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_for(lambda: status_of(ca, cid) == status_of(co, cid), 5)
        time.sleep(0.3)  # and they stay together
        assert status_of(ca, cid) == status_of(co, cid)
        ca.patch(f"/connections/{cid}", json={"status": "active"})
        wait_for(lambda: status_of(co, cid) == "active", 5)
