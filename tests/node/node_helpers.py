"""Helpers for node tests: bounded waits and short request builders (no mocks)."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.02):
    """Poll until predicate() is truthy; return its value or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s (last value: {last!r})")


def status_of(client: httpx.Client, cid: str) -> str | None:
    r = client.get(f"/connections/{cid}")
    return r.json()["status"] if r.status_code == 200 else None


def initiate(client: httpx.Client, destination_url: str | None, **overrides) -> httpx.Response:
    body = {
        "destination_url": destination_url,
        "mode": "script",
        "local_short_name": "Alpha",
        "remote_short_name": "Beta",
        "name": overrides.pop("name", f"conn-{time.monotonic_ns()}"),
        "description": "",
        "project": "DEMO",
    }
    body.update(overrides)
    return client.post("/connections", json=body)


def error_code(resp: httpx.Response) -> str:
    return resp.json()["error"]["code"]
