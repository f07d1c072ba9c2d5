"""Sync rules through the node: syntax gate on PUT, /rules/check, and the Test run."""

from __future__ import annotations

import httpx
from node_helpers import error_code, initiate


def _script_connection(node, mode="script"):
    client = node.client()
    r = initiate(client, None, mode=mode, name=f"rules-{mode}")
    assert r.status_code == 201, r.text
    return client, r.json()["connection"]["id"]


def test_put_refuses_a_script_that_does_not_parse_and_keeps_the_old_rules(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    before = client.get(f"/connections/{cid}/rules").json()
    broken = {"outgoing": before["outgoing"], "incoming": "issue.summary = \n\nif (x {\n}"}
    r = client.put(f"/connections/{cid}/rules", json=broken)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "rules_syntax_error"
    assert error["script"] == "incoming"
    assert (error["line"], error["column"]) >= (1, 1)
    assert f"line {error['line']}" in error["message"]
    assert client.get(f"/connections/{cid}/rules").json() == before


def test_put_accepts_valid_rules(node_factory):
    client, cid = _script_connection(node_factory("servicenow"))
    rules = {"outgoing": "replica.summary = entity.summary", "incoming": "issue.summary = 'x'"}
    r = client.put(f"/connections/{cid}/rules", json=rules)
    assert r.status_code == 200, r.text
    assert client.get(f"/connections/{cid}/rules").json() == rules


def test_check_reports_every_problem_without_saving(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    before = client.get(f"/connections/{cid}/rules").json()
    body = {"outgoing": "replica.summary = issue.summary", "incoming": "trait Foo {}"}
    answer = client.post(f"/connections/{cid}/rules/check", json=body).json()
    assert answer["ok"] is False
    assert [e["script"] for e in answer["errors"]] == ["incoming"]
    assert "trait" in answer["errors"][0]["message"]
    assert client.get(f"/connections/{cid}/rules").json() == before
    ok = client.post(f"/connections/{cid}/rules/check", json={}).json()
    assert ok == {"ok": True, "errors": []}  # the saved default rules are fine


def test_test_run_with_saved_default_rules_and_a_sample_item(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    item = {"key": "X-1", "summary": "Printer offline", "description": "Floor 3", "labels": ["hw"]}
    answer = client.post(f"/connections/{cid}/rules/test", json={"issue": item}).json()
    assert answer["ok"] is True, answer["errors"]
    assert answer["replica"]["summary"] == "Printer offline"
    assert answer["issue"]["summary"] == "Printer offline"
    assert answer["issue"]["labels"] == ["hw"]


def test_test_run_from_a_tracker_key_with_unsaved_scripts(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    body = {
        "key": "DEMO-1",
        "outgoing": "replica.summary = issue.summary.toUpperCase()",
        "incoming": 'issue.summary = "[${replica.summary}]"',
    }
    answer = client.post(f"/connections/{cid}/rules/test", json=body).json()
    assert answer["ok"] is True, answer["errors"]
    assert answer["issue"]["summary"] == "[LOGIN FAILS AFTER PASSWORD RESET]"


def test_test_run_reports_runtime_errors_at_their_line(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    body = {"issue": {"summary": "s"}, "outgoing": "def a = 1\ndef b = a / 0\n", "incoming": ""}
    answer = client.post(f"/connections/{cid}/rules/test", json=body).json()
    assert answer["ok"] is False
    assert answer["errors"][0]["script"] == "outgoing"
    assert answer["errors"][0]["line"] == 2


def test_test_run_unknown_key_lists_the_items_there_are(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"))
    r = client.post(f"/connections/{cid}/rules/test", json={"key": "NOPE-9"})
    assert r.status_code == 404 and error_code(r) == "unknown_item"
    assert "DEMO-1" in r.json()["error"]["message"]
    r = client.post(f"/connections/{cid}/rules/test", json={})
    assert r.status_code == 422 and error_code(r) == "validation_error"


def test_rules_routes_need_the_admin_token(node_factory):
    node = node_factory("jira-onprem")
    client, cid = _script_connection(node)
    bare = httpx.Client(base_url=client.base_url)
    r = bare.post(f"/connections/{cid}/rules/check", json={})
    assert r.status_code == 401 and error_code(r) == "unauthorized"


def test_put_on_basic_is_still_refused_before_parsing(node_factory):
    client, cid = _script_connection(node_factory("jira-onprem"), mode="basic")
    r = client.put(f"/connections/{cid}/rules", json={"outgoing": "((", "incoming": ""})
    assert r.status_code == 409
