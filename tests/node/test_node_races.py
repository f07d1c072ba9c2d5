"""Concurrent requests a console can send (a double submit, two admins at once) and the order of
refusals: the admin token is checked before anything about the body is said."""

from __future__ import annotations

import threading

import httpx
from node_helpers import error_code, initiate


def _at_once(calls) -> list[httpx.Response]:
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_double_submitted_accept_stores_one_connection(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    snow = node_factory("servicenow", "SNOW")
    for _ in range(3):  # the race is narrow: give it a few chances
        code = initiate(jira.client(), snow.public_url, mode="basic").json()["invitation_code"]

        def accept(code=code):
            with snow.client() as c:
                return c.post("/invitations/accept", json={"code": code})

        results = _at_once([accept] * 4)
        assert [r.status_code for r in results] == [201] * 4, [r.text for r in results]
        assert len({r.json()["connection"]["id"] for r in results}) == 1
    assert len(snow.client().get("/connections").json()["connections"]) == 3


def test_concurrent_initiates_cannot_share_a_name(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    ado = node_factory("azure-devops", "ADO")

    def create():
        with jira.client() as c:
            return initiate(c, ado.public_url, name="only one", mode="basic")

    results = _at_once([create] * 4)
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409, 409, 409], [r.text for r in results]
    assert all(error_code(r) == "name_taken" for r in results if r.status_code == 409)


def test_admin_token_is_checked_before_the_body(node_factory):
    jira = node_factory("jira-onprem", "Jira")
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        for raw in (b"[", b"\xff", b'{"url": "\\ud800"}', b"x" * 1_100_000):
            r = httpx.post(
                f"{jira.admin_url}/api/v1/connections",
                content=raw,
                headers={"content-type": "application/json", **headers},
            )
            assert r.status_code == 401 and error_code(r) == "unauthorized", r.text
            assert "admin-token file" in r.json()["error"]["message"]
    # with the token, the same bodies get their own explanations
    r = jira.client().post("/connections", content=b"[", headers={"content-type": "x/json"})
    assert r.status_code == 422
