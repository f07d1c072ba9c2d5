"""Every error code of the admin API, with its message, from real nodes."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from node_helpers import error_code, initiate, wait_for


def err(resp: httpx.Response) -> dict:
    return resp.json()["error"]


def test_unauthorized(pair):
    jira, _ = pair
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        r = httpx.get(f"{jira.admin_url}/api/v1/connections", headers=headers)
        assert r.status_code == 401 and error_code(r) == "unauthorized"
        assert "admin token" in err(r)["message"]


def test_node_and_projects_and_openapi(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW", private=True, license="paid")
    info = jira.client().get("/node").json()
    assert info == {
        "name": "Jira",
        "platform": "jira-onprem",
        "url": jira.public_url,
        "license": "evaluation",
        "version": info["version"],
        "modes": ["basic", "visual", "script"],
        "has_projects": True,
    }
    keys = [p["key"] for p in jira.client().get("/projects").json()["projects"]]
    assert keys == ["DEMO", "SUP", "DEV"]
    sinfo = snow.client().get("/node").json()
    assert sinfo["url"] is None and sinfo["has_projects"] is False and sinfo["license"] == "paid"
    assert snow.client().get("/projects").json() == {"projects": []}
    spec = httpx.get(f"{jira.admin_url}/openapi.json").json()
    for path in (
        "/api/v1/node",
        "/api/v1/projects",
        "/api/v1/destinations/check",
        "/api/v1/connections",
        "/api/v1/connections/{cid}",
        "/api/v1/connections/{cid}/invitation",
        "/api/v1/invitations/inspect",
        "/api/v1/invitations/accept",
        "/api/v1/connections/{cid}/rules",
        "/peer/v1/info",
    ):
        assert path in spec["paths"], path
    assert "Connection" in spec["components"]["schemas"]


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ({"local_short_name": "bad/name"}, "local_short_name", "may contain only"),
        ({"remote_short_name": "x" * 65}, "remote_short_name", "at most 64"),
        ({"local_short_name": ""}, "local_short_name", "required"),
        ({"name": ""}, "name", "required"),
        ({"name": "n" * 256}, "name", "at most 255"),
        ({"description": "d" * 2001}, "description", "at most 2000"),
        ({"mode": "turbo"}, "mode", "mode"),
    ],
)
def test_validation_errors_name_the_field(pair, override, field, words):
    jira, ado = pair
    r = initiate(jira.client(), ado.public_url, **override)
    assert r.status_code == 422 and error_code(r) == "validation_error"
    assert err(r)["field"] == field and words in err(r)["message"]


def test_validation_of_malformed_requests(pair):
    jira, _ = pair
    c = jira.client()
    r = c.post("/connections", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and error_code(r) == "validation_error"
    r = c.post("/connections", json={"mode": "basic"})
    assert r.status_code == 422 and err(r)["field"] == "local_short_name"
    assert "required" in err(r)["message"]
    r = c.get("/connections", params={"wait": "soon"})
    assert r.status_code == 422 and err(r)["field"] == "wait"
    r = c.patch("/connections/nope", json={"status": "active"})
    assert r.status_code == 404 and error_code(r) == "connection_not_found"
    r = c.get("/nothing-here")
    assert r.status_code == 404 and "error" in r.json()


def test_name_taken_project_rules(pair):
    jira, ado = pair
    c = jira.client()
    assert initiate(c, ado.public_url, name="same").status_code == 201
    r = initiate(c, ado.public_url, name="same")
    assert r.status_code == 409 and error_code(r) == "name_taken" and err(r)["field"] == "name"
    r = initiate(c, ado.public_url, project=None)
    assert r.status_code == 422 and error_code(r) == "project_required"
    assert "DEMO" in err(r)["message"]
    r = initiate(c, ado.public_url, project="NOPE")
    assert r.status_code == 422 and error_code(r) == "unknown_project"
    assert "NOPE" in err(r)["message"]


def test_mode_rules(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    server = node_factory("azure-devops-server", "ADOS")
    expired = node_factory("jira-onprem", "Old", license="expired")
    private = node_factory("servicenow", "Priv", private=True)
    r = initiate(jira.client(), server.public_url, mode="visual")
    assert r.status_code == 422 and error_code(r) == "mode_not_available"
    assert "Not offered by Azure DevOps Server" in err(r)["message"]
    r = initiate(jira.client(), None, mode="visual")
    assert r.status_code == 422 and error_code(r) == "mode_not_available"
    assert "private" in err(r)["message"]
    r = initiate(expired.client(), jira.public_url, mode="script")
    assert r.status_code == 403 and error_code(r) == "license_required"
    assert "licence" in err(r)["message"]
    assert initiate(expired.client(), jira.public_url, mode="basic").status_code == 201
    r = initiate(private.client(), jira.public_url, mode="basic", project=None)
    assert r.status_code == 403 and error_code(r) == "instance_private"
    r = initiate(server.client(), None, mode="visual", project="Fabrikam Fiber")
    assert r.status_code == 422 and error_code(r) == "mode_not_available"
    check = jira.client().post("/destinations/check", json={"url": server.public_url}).json()
    assert check["modes"] == ["basic", "script"] and check["platform"] == "azure-devops-server"
    check = expired.client().post("/destinations/check", json={"url": jira.public_url}).json()
    assert check["modes"] == ["basic"]


class _NotANode(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"<html>hello</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_destination_check_and_unreachable(node_factory):
    jira = node_factory("jira-onprem", "Jira", check_timeout=0.7)
    c = jira.client()
    # refused
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    r = c.post("/destinations/check", json={"url": f"http://127.0.0.1:{free}"}).json()
    assert r["reachable"] is False
    assert r["error"] == (
        f"Nothing is listening at http://127.0.0.1:{free} — check the URL and that the node "
        "is running."
    )
    r = initiate(c, f"http://127.0.0.1:{free}")
    assert r.status_code == 422 and error_code(r) == "destination_unreachable"
    assert "Nothing is listening" in err(r)["message"]
    # answers, but is not a node
    http = HTTPServer(("127.0.0.1", 0), _NotANode)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{http.server_address[1]}"
        r = c.post("/destinations/check", json={"url": url}).json()
        assert r["reachable"] is False and "not an exalate node" in r["error"]
    finally:
        http.shutdown()
    # does not resolve
    r = c.post("/destinations/check", json={"url": "http://no-such-host.invalid:7700"}).json()
    assert r["reachable"] is False and "could not be found" in r["error"]
    # accepts the connection but never answers → timeout
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        t = time.monotonic()
        r = c.post("/destinations/check", json={"url": url}).json()
        assert time.monotonic() - t < 5
        assert r["reachable"] is False and "did not answer within" in r["error"]
    # own URL, also spelt differently
    for own in (jira.public_url, jira.public_url.replace("127.0.0.1", "localhost") + "/"):
        r = c.post("/destinations/check", json={"url": own}).json()
        assert r["reachable"] is True and r["local"] is True and r["name"] == "Jira"
    r = c.post("/destinations/check", json={"url": ""}).json()
    assert r["reachable"] is False
    for garbage in ("http://", "ftp://example.com", "http://[::1", "not a url", "http://x:99999"):
        r = c.post("/destinations/check", json={"url": garbage})
        assert r.status_code == 200 and r.json()["reachable"] is False, garbage
        assert "http" in r.json()["error"]
        r = initiate(c, garbage)
        assert r.status_code == 422 and error_code(r) == "destination_unreachable"


def test_private_node_is_not_a_destination(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    private = node_factory("servicenow", "Priv", private=True)
    r = jira.client().post("/destinations/check", json={"url": private.admin_url}).json()
    assert r["reachable"] is False and "private node" in r["error"]
    r = initiate(jira.client(), private.admin_url, mode="basic")
    assert r.status_code == 422 and error_code(r) == "destination_unreachable"


def test_invalid_codes_and_whitespace(pair):
    jira, ado = pair
    code = initiate(jira.client(), ado.public_url).json()["invitation_code"]
    cb = ado.client()
    wrapped = "  " + "\n".join(code[i : i + 20] for i in range(0, len(code), 20)) + "\n"
    assert cb.post("/invitations/inspect", json={"code": wrapped}).status_code == 200
    i = len(code) // 2
    typo = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1 :]
    for bad, words in (
        (typo, "does not check out"),
        (code[:-15], "incomplete"),
        ("hello", "not an invitation code"),
        ("", "empty"),
    ):
        for path in ("/invitations/inspect", "/invitations/accept"):
            r = cb.post(path, json={"code": bad, "project": "Fabrikam Fiber"})
            assert r.status_code == 422 and error_code(r) == "invalid_code", (bad, r.text)
            assert words in err(r)["message"]
    assert cb.get("/connections").json()["connections"] == []


def test_own_invitation(pair):
    jira, ado = pair
    code = initiate(jira.client(), ado.public_url).json()["invitation_code"]
    for path in ("/invitations/inspect", "/invitations/accept"):
        r = jira.client().post(path, json={"code": code, "project": "DEMO"})
        assert r.status_code == 422 and error_code(r) == "own_invitation"


def test_expired_code(node_factory):
    jira = node_factory("jira-onprem", "Jira", invitation_ttl=0.3)
    ado = node_factory("azure-devops", "ADO")
    code = initiate(jira.client(), ado.public_url).json()["invitation_code"]
    cb = ado.client()
    r = wait_for(
        lambda: (
            (x := cb.post("/invitations/inspect", json={"code": code})).status_code == 410 and x
        ),
        5,
    )
    assert error_code(r) == "expired_code" and "expired" in err(r)["message"]
    r = cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    assert r.status_code == 410 and error_code(r) == "expired_code"


def test_code_already_used_by_second_acceptor(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    first = node_factory("azure-devops", "First")
    second = node_factory("jira-onprem", "Second")
    r = initiate(jira.client(), None)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    assert (
        first.client()
        .post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
        .status_code
        == 201
    )
    # the same acceptor again: idempotent
    again = first.client().post(
        "/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"}
    )
    assert again.status_code == 201 and again.json()["connection"]["id"] == cid
    r = second.client().post("/invitations/accept", json={"code": code, "project": "DEMO"})
    assert r.status_code == 409 and error_code(r) == "code_already_used"
    assert "already been used" in err(r)["message"]
    assert second.client().get("/connections").json()["connections"] == []


def test_connection_not_found_and_initiator_unreachable(pair):
    jira, ado = pair
    ca, cb = jira.client(), ado.client()
    r = initiate(ca, ado.public_url)
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    assert ca.delete(f"/connections/{cid}").status_code == 204
    r = cb.post("/invitations/accept", json={"code": code, "project": "Fabrikam Fiber"})
    assert r.status_code == 404 and error_code(r) == "connection_not_found"
    assert "deleted" in err(r)["message"]
    code2 = initiate(ca, ado.public_url).json()["invitation_code"]
    jira.stop()
    r = cb.post("/invitations/accept", json={"code": code2, "project": "Fabrikam Fiber"})
    assert r.status_code == 422 and error_code(r) == "initiator_unreachable"
    assert f"{jira.public_url}/peer/v1/accept" in err(r)["message"]
    assert cb.get("/connections").json()["connections"] == []


def test_rules_defaults_and_read_only(pair):
    jira, ado = pair
    ca, cb = jira.client(), ado.client()
    basic = initiate(ca, ado.public_url, mode="basic", project="SUP").json()["connection"]["id"]
    rules = ca.get(f"/connections/{basic}/rules").json()
    assert (
        "replica.summary" in rules["outgoing"] and 'issue.projectKey = "SUP"' in rules["incoming"]
    )
    assert "commentHelper.mergeComments(issue, replica)" in rules["incoming"]
    r = ca.put(f"/connections/{basic}/rules", json={"outgoing": "x", "incoming": "y"})
    assert r.status_code == 409 and error_code(r) == "rules_read_only"
    assert ca.get(f"/connections/{basic}/rules").json() == rules
    script = initiate(ca, ado.public_url, mode="script").json()
    cid = script["connection"]["id"]
    new = {"outgoing": "replica.summary = issue.summary", "incoming": "issue.summary = 'x'"}
    assert ca.put(f"/connections/{cid}/rules", json=new).json() == new
    assert ca.get(f"/connections/{cid}/rules").json() == new
    cb.post(
        "/invitations/accept",
        json={"code": script["invitation_code"], "project": "Parts Unlimited"},
    )
    theirs = cb.get(f"/connections/{cid}/rules").json()
    assert "workItem" in theirs["incoming"] and '"Parts Unlimited"' in theirs["incoming"]


def test_no_bare_500_for_bad_input(pair):
    jira, ado = pair
    c = jira.client()
    pending = initiate(c, ado.public_url).json()["connection"]["id"]
    r = c.patch(f"/connections/{pending}", json={"status": "active"})
    assert r.status_code == 409 and error_code(r) == "connection_pending"
    r = c.patch(f"/connections/{pending}", json={"status": "error"})
    assert r.status_code == 422 and error_code(r) == "validation_error"
    r = c.patch(f"/connections/{pending}", json={"status": "sleeping"})
    assert r.status_code == 422 and err(r)["field"] == "status"
    bodies = [[], 1, "x", None, {"code": 5}, {"url": ["x"]}, {"mode": None}, {"outgoing": 1}]
    calls = [
        ("POST", "/connections"),
        ("POST", "/destinations/check"),
        ("POST", "/invitations/inspect"),
        ("POST", "/invitations/accept"),
        ("PATCH", f"/connections/{pending}"),
        ("PUT", f"/connections/{pending}/rules"),
    ]
    for method, path in calls:
        for bad in bodies:
            r = c.request(method, path, json=bad)
            assert r.status_code < 500, (method, path, bad, r.text)
            if not isinstance(bad, dict):  # a dict with unknown fields may be a no-op
                assert r.status_code == 422, (method, path, bad)
            if r.status_code >= 400:
                assert set(r.json()["error"]) >= {"code", "message"}
    for method, path in [
        ("GET", "/connections/nope"),
        ("DELETE", "/connections/nope"),
        ("GET", "/connections/nope/rules"),
        ("GET", "/connections/nope/invitation"),
        ("PUT", "/connections/nope/rules"),
    ]:
        r = c.request(method, path, json={"outgoing": "", "incoming": ""})
        assert r.status_code == 404 and error_code(r) == "connection_not_found", (method, path)
    for bad in ({"Authorization": "Bearer x.y.z"}, {"Authorization": "Bearer"}):
        r = httpx.post(f"{jira.admin_url}/peer/v1/events", json={"kind": "x"}, headers=bad)
        assert r.status_code in (401, 404) and "error" in r.json()


def test_acceptor_must_offer_the_mode(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    expired = node_factory("jira-onprem", "Old", license="expired")
    server = node_factory("azure-devops-server", "ADOS")
    code = initiate(jira.client(), None, mode="script").json()["invitation_code"]
    r = expired.client().post("/invitations/accept", json={"code": code, "project": "DEMO"})
    assert r.status_code == 403 and error_code(r) == "license_required"
    code = initiate(
        jira.client(), server.public_url.replace("127.0.0.1", "localhost"), mode="script"
    ).json()["invitation_code"]
    assert (
        server.client()
        .post("/invitations/accept", json={"code": code, "project": "Tailspin Toys"})
        .status_code
        == 201
    )
    basic = initiate(jira.client(), None, mode="basic").json()["invitation_code"]
    r = expired.client().post("/invitations/accept", json={"code": basic, "project": "DEMO"})
    assert r.status_code == 201


def test_acceptor_without_the_mode(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    ado = node_factory("azure-devops", "ADO")
    server = node_factory("azure-devops-server", "ADOS")
    code = initiate(jira.client(), ado.public_url, mode="visual").json()["invitation_code"]
    r = server.client().post("/invitations/accept", json={"code": code, "project": "Tailspin Toys"})
    assert r.status_code == 422 and error_code(r) == "mode_not_available"
    assert "does not offer" in err(r)["message"]
