"""Queued peer events survive a restart of the SENDING node while the receiver is down, on
public and private connections, both ways; plus the error messages not pinned elsewhere."""

from __future__ import annotations

from node_helpers import error_code, initiate, status_of, wait_for


def connect(initiator, acceptor, *, private=False, project=None):
    ca, cb = initiator.client(), acceptor.client()
    r = initiate(ca, None if private else acceptor.public_url)
    assert r.status_code == 201, r.text
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    r = cb.post("/invitations/accept", json={"code": code, "project": project})
    assert r.status_code == 201, r.text
    return cid


def test_public_sender_restarts_while_peer_is_down(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW")
    status_cid, delete_cid = connect(jira, snow), connect(jira, snow)
    snow.stop()
    jira.client().patch(f"/connections/{status_cid}", json={"status": "deactivated"})
    assert jira.client().delete(f"/connections/{delete_cid}").status_code == 204
    jira.stop()  # both queued events now live only in the initiator's database
    jira.restart()
    snow.restart()
    cs = snow.client()
    wait_for(lambda: status_of(cs, status_cid) == "deactivated", 10)
    wait_for(lambda: status_of(cs, delete_cid) == "error", 10)
    assert (
        "Deleted on the remote side (Jira" in cs.get(f"/connections/{delete_cid}").json()["error"]
    )
    # and the acceptor's own changes, queued while the initiator was down, across its restart
    jira.stop()
    cs.patch(f"/connections/{status_cid}", json={"status": "active"})
    snow.stop()
    snow.restart()
    jira.restart()
    wait_for(lambda: status_of(jira.client(), status_cid) == "active", 10)


def test_private_sender_restarts_while_peer_is_down(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True)
    status_cid = connect(jira, snow, private=True)
    delete_cid = connect(jira, snow, private=True)
    # the public side queues for the private side to collect; it restarts meanwhile
    snow.stop()
    jira.client().patch(f"/connections/{status_cid}", json={"status": "deactivated"})
    jira.client().delete(f"/connections/{delete_cid}")
    jira.stop()
    jira.restart()
    snow.restart()
    cp = snow.client()
    wait_for(lambda: status_of(cp, status_cid) == "deactivated", 10)
    wait_for(lambda: status_of(cp, delete_cid) == "error", 10)
    # the private side pushes; with the public side down it queues and restarts meanwhile
    jira.stop()
    cp.patch(f"/connections/{status_cid}", json={"status": "active"})
    snow.stop()
    snow.restart()
    jira.restart()
    wait_for(lambda: status_of(jira.client(), status_cid) == "active", 10)
    cp = snow.client()
    jira.stop()
    cp.delete(f"/connections/{status_cid}")
    snow.stop()
    snow.restart()
    jira.restart()
    ca = jira.client()
    wait_for(lambda: status_of(ca, status_cid) == "error", 10)
    assert (
        "Deleted on the remote side (SNOW" in ca.get(f"/connections/{status_cid}").json()["error"]
    )


def test_messages_of_the_remaining_error_codes(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    ado = node_factory("azure-devops", "ADO")
    private = node_factory("servicenow", "Priv", private=True)
    ca, cb = jira.client(), ado.client()
    assert initiate(ca, None, name="twice").status_code == 201
    r = initiate(ca, None, name="twice")
    assert r.status_code == 409 and error_code(r) == "name_taken"
    assert r.json()["error"]["message"] == (
        "A connection named 'twice' already exists on this node; choose another name."
    )
    code = initiate(ca, None).json()["invitation_code"]
    r = ca.post("/invitations/accept", json={"code": code, "project": "DEMO"})
    assert r.status_code == 422 and error_code(r) == "own_invitation"
    assert "issued by this node" in r.json()["error"]["message"]
    r = initiate(private.client(), jira.public_url, mode="basic", project=None)
    assert r.status_code == 403 and error_code(r) == "instance_private"
    assert "--private" in r.json()["error"]["message"]
    # the acceptor's own project rules, before any call to the initiator
    for project, expected in ((None, "project_required"), ("NOPE", "unknown_project")):
        r = cb.post("/invitations/accept", json={"code": code, "project": project})
        assert r.status_code == 422 and error_code(r) == expected
        assert r.json()["error"]["field"] == "project"
        assert "Fabrikam Fiber" in r.json()["error"]["message"]
    assert cb.get("/connections").json()["connections"] == []
    pending = [c for c in ca.get("/connections").json()["connections"] if c["status"] == "pending"]
    assert len(pending) == 2  # nothing was confirmed on the initiator either
