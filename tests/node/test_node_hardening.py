"""Regressions from contract fuzzing (schemathesis against /openapi.json): bad input of every
kind gets a 4xx in the error envelope with a sentence a person can act on, never a 500."""

from __future__ import annotations

import httpx
import pytest
from node_helpers import error_code, initiate

BODY_CALLS = [
    ("POST", "/connections"),
    ("POST", "/destinations/check"),
    ("POST", "/invitations/inspect"),
    ("POST", "/invitations/accept"),
    ("PATCH", "/connections/{cid}"),
    ("PUT", "/connections/{cid}/rules"),
    ("POST", "/connections/{cid}/rules/check"),
]


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from exalate_tui.node.launcher import NodeSpec, NodeThread

    spec = NodeSpec(
        platform="jira-onprem", name="Hardened", data_dir=tmp_path_factory.mktemp("hardened")
    )
    n = NodeThread(spec).start()
    yield n
    n.stop()


def envelope(r: httpx.Response) -> dict:
    assert r.headers["content-type"].startswith("application/json"), r.text
    body = r.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    assert body["error"]["message"].endswith("."), body
    return body["error"]


def test_unreadable_bodies_are_422_with_a_sentence(node):
    c = node.client()
    cid = initiate(c, None, mode="basic").json()["connection"]["id"]
    raw_bodies = {
        b"\xff\xfe{": "not UTF-8",
        b'{"url": "\\ud800", "code": "\\udfff", "name": "\\ud800"}': "surrogate",
        b"[" * 100_000 + b"]" * 100_000: "nested too deeply",
        b'{"url": ': "not valid JSON",
    }
    for method, path in BODY_CALLS:
        for raw, words in raw_bodies.items():
            r = c.request(
                method,
                path.format(cid=cid),
                content=raw,
                headers={"content-type": "application/json"},
            )
            assert r.status_code == 422, (method, path, words, r.text)
            error = envelope(r)
            assert error["code"] == "validation_error" and words in error["message"]
    r = c.post("/destinations/check", content=b"x" * 1_100_000)
    assert r.status_code == 413 and envelope(r)["code"] == "payload_too_large"
    r = c.post("/destinations/check")
    assert r.status_code == 422 and "body is required" in envelope(r)["message"]
    # the node is unharmed and still lists its connections
    assert c.get("/connections").status_code == 200


def test_surrogates_never_reach_the_store_nor_break_the_list(node):
    c = node.client()
    r = c.post(
        "/connections",
        content=b'{"destination_url": null, "mode": "basic", "local_short_name": "A", '
        b'"remote_short_name": "B", "name": "bad \\ud83d name", "project": "DEMO"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    r = c.get("/connections")
    assert r.status_code == 200 and all("bad" not in x["name"] for x in r.json()["connections"])


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "two\nlines"),
        ("name", "nul\x00byte"),
        ("local_short_name", "Alpha\n"),
        ("remote_short_name", "Be\tta"),
        ("description", "bell\x07"),
    ],
)
def test_control_characters_are_refused_naming_the_field(node, field, value):
    r = initiate(node.client(), None, mode="basic", **{field: value})
    assert r.status_code == 422, r.text
    error = envelope(r)
    assert error["code"] == "validation_error" and error["field"] == field
    assert "control character" in error["message"] or "may contain only" in error["message"]


def test_description_keeps_line_breaks_and_patch_refuses_control_characters(node):
    c = node.client()
    r = initiate(c, None, mode="basic", description="first line\nsecond\tline")
    assert r.status_code == 201
    cid = r.json()["connection"]["id"]
    r = c.patch(f"/connections/{cid}", json={"description": "nul\x00"})
    assert r.status_code == 422 and envelope(r)["field"] == "description"


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://user:secret@127.0.0.1:7700", "user name or password"),
        ("http://127.0.0.1:7700/peer/v1/info?x=1", "'?' or '#'"),
        ("http://127.0.0.1:7700#top", "'?' or '#'"),
        ("http://999.999.999.999", "not a valid URL"),
        ("http://\x00", "not a valid URL"),
    ],
)
def test_bad_destination_urls_are_explained(node, url, words):
    c = node.client()
    r = c.post("/destinations/check", json={"url": url})
    assert r.status_code == 200 and r.json()["reachable"] is False
    assert words in r.json()["error"] and "secret" not in r.json()["error"]
    r = initiate(c, url, mode="basic")
    assert r.status_code == 422 and error_code(r) == "destination_unreachable"
    assert words in envelope(r)["message"]


def test_own_url_with_credentials_is_not_taken_for_local(node):
    url = node.public_url.replace("http://", "http://u:p@")
    check = node.client().post("/destinations/check", json={"url": url}).json()
    assert check["reachable"] is False and check["local"] is False


def test_405_names_the_allowed_methods(node):
    r = httpx.request("TRACE", f"{node.admin_url}/api/v1/node", headers=node.client().headers)
    assert r.status_code == 405 and envelope(r)["code"] == "method_not_allowed"
    assert r.headers["allow"] == "GET"
    r = httpx.request(
        "OPTIONS", f"{node.admin_url}/api/v1/connections/x", headers=r.request.headers
    )
    assert r.status_code == 405 and r.headers["allow"] == "DELETE, GET, PATCH"


def test_openapi_documents_the_refusals_and_field_rules(node):
    doc = httpx.get(f"{node.admin_url}/openapi.json").json()
    for path in ("/peer/v1/events", "/peer/v1/accept", "/api/v1/connections/{cid}/rules/check"):
        for op in doc["paths"][path].values():
            assert {"401", "404", "422"} <= set(op["responses"]), path
    props = doc["components"]["schemas"]["InitiateRequest"]["properties"]
    assert props["local_short_name"]["maxLength"] == 64
    assert props["name"]["maxLength"] == 255 and props["name"]["minLength"] == 1
    code = doc["components"]["schemas"]["AcceptRequest"]["properties"]["code"]
    assert code["minLength"] == 1
    patch = doc["components"]["schemas"]["ConnectionPatch"]["properties"]["status"]["anyOf"]
    assert {"type": "string", "enum": ["active", "deactivated"]} in patch


def _recoded(code: str, **changes) -> str:
    """The same invitation with fields changed and a checksum that matches again (the
    checksum catches typos, not forgery)."""
    import base64
    import json

    from exalate_tui.domain import invitation as codec

    body = code.split(".")[1]
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data.update(changes)
    payload = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    head = f"{codec.PREFIX}.{payload}"
    return f"{head}.{codec._checksum(head)}"


@pytest.mark.parametrize(
    "changes",
    [
        {"secret": ""},  # was a 500: an empty HMAC key
        {"secret": "short"},
        {"type": "local"},
        {"initiator_url": "ftp://x"},
        {"initiator_url": "http://user:pw@127.0.0.1:9"},
        {"connection_id": "../../x"},
        {"connection_name": "two\nlines"},
        {"local_short_name": "bad/name"},
    ],
    ids=lambda c: next(iter(c)) + ":" + str(next(iter(c.values())))[:12],
)
def test_forged_codes_with_a_valid_checksum_are_invalid(node_factory, node, changes):
    other = node_factory("jira-onprem", "Other")
    code = initiate(other.client(), None).json()["invitation_code"]
    forged = _recoded(code, **changes)
    c = node.client()
    before = c.get("/connections").json()["connections"]
    for path in ("/invitations/inspect", "/invitations/accept"):
        r = c.post(path, json={"code": forged, "project": "DEMO"})
        assert r.status_code == 422 and error_code(r) == "invalid_code", r.text
        assert "ask for the code again" in envelope(r)["message"]
    assert c.get("/connections").json()["connections"] == before
    assert c.post("/invitations/inspect", json={"code": code}).status_code == 200


def test_authenticated_peer_input_out_of_range_is_a_4xx(node_factory, node):
    """A peer holding the right secret still cannot make the node fail with numbers SQLite
    cannot store or kinds that do not exist."""
    from exalate_tui.domain import invitation as codec
    from exalate_tui.node import tokens

    snow = node_factory("servicenow", "Peer", private=True)
    r = initiate(node.client(), None, mode="basic")
    code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
    assert snow.client().post("/invitations/accept", json={"code": code}).status_code == 201
    sender = httpx.get(f"{snow.admin_url}/peer/v1/info").json()["node_id"]
    secret = codec.decode(code).secret

    def auth() -> dict:
        return {"Authorization": f"Bearer {tokens.mint(secret, cid, sender, 'initiator')}"}

    url = f"{node.admin_url}/peer/v1/events"
    for body, field in (
        ({"kind": "status", "payload": {"status": "active"}, "seq": 2**70}, "seq"),
        ({"kind": "unheard-of", "payload": {}, "seq": 1}, "kind"),
    ):
        r = httpx.post(url, json=body, headers=auth())
        assert r.status_code == 422 and envelope(r)["field"] == field, r.text
    # without a valid token the body is not even looked at
    r = httpx.post(url, json={"kind": "x", "seq": 2**70}, headers={"Authorization": "Bearer a.b.c"})
    assert r.status_code == 401 and envelope(r)["code"] == "unauthorized"
    for ack in (2**63, 2**70):
        r = httpx.get(url, params={"ack": ack}, headers=auth())
        assert r.status_code == 422 and envelope(r)["field"] == "ack"
    r = httpx.post(url, json={"kind": "deleted", "payload": {"at": ["x"]}}, headers=auth())
    assert r.status_code == 200
    error = node.client().get(f"/connections/{cid}").json()["error"]
    assert error.startswith("Deleted on the remote side (Peer, 20") and "['x']" not in error
