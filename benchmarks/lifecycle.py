"""Connection lifecycle benchmark against real node processes on loopback.

Run: .venv/bin/python benchmarks/lifecycle.py [--runs 20] [--pairs 200] [--list-size 10000]

Prints, over --runs runs each:
- propagation: time from `accept` returning (on the acceptor) to the initiator's long-poll
  (`GET /connections?since=&wait=`) seeing the connection `active` — public and private;
- initiate+accept pairs per second (sequential, and 8 concurrent clients);
- status change propagation: PATCH on one side → the other side's long-poll sees it;
- `GET /connections` time with --list-size connections stored (after a change, and cached).
Targets on a 2-core machine: propagation p95 ≤ 1 s; ≥ 50 pairs/s; list ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exalate_tui.node.launcher import NodeSpec, start_nodes  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(label: str, values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    return (
        f"{label:<44} median {statistics.median(values) * scale:8.1f} {unit}   "
        f"p95 {pct(values, 95) * scale:8.1f} {unit}   (n={len(values)})"
    )


def body(dest: str | None, name: str, mode: str = "script") -> dict:
    return {
        "destination_url": dest,
        "mode": mode,
        "local_short_name": "A",
        "remote_short_name": "B",
        "name": name,
        "description": "",
        "project": "DEMO",
    }


def propagation(initiator, acceptor, private: bool, runs: int) -> list[float]:
    ca, cb = initiator.client(), acceptor.client()
    results, from_start = [], []
    project = "Fabrikam Fiber" if not private else None
    for _ in range(runs):
        r = ca.post(
            "/connections",
            json=body(None if private else acceptor.public_url, f"prop-{uuid.uuid4().hex[:8]}"),
        )
        code, cid = r.json()["invitation_code"], r.json()["connection"]["id"]
        rev = ca.get("/connections").json()["revision"]
        seen: dict = {}
        ready = threading.Event()

        def poll(rev=rev, cid=cid, seen=seen, ready=ready):
            with initiator.client() as c:
                since = rev
                ready.set()
                while True:
                    data = c.get("/connections", params={"since": since, "wait": 30}).json()
                    status = {x["id"]: x["status"] for x in data["connections"]}
                    if status.get(cid) == "active":
                        seen["at"] = time.perf_counter()
                        return
                    since = data["revision"]

        t = threading.Thread(target=poll)
        t.start()
        ready.wait()
        time.sleep(0.05)  # the long-poll is held by the node now
        sent = time.perf_counter()
        resp = cb.post("/invitations/accept", json={"code": code, "project": project})
        returned = time.perf_counter()
        assert resp.status_code == 201, resp.text
        t.join(30)
        # the initiator turns active before the acceptor's accept returns, hence max(0, …)
        results.append(max(0.0, seen["at"] - returned))
        from_start.append(seen["at"] - sent)
    return results, from_start


def status_propagation(source, target, cid: str, runs: int) -> list[float]:
    """PATCH the status on `source`; time until `target`'s long-poll shows the new status."""
    cs, ct = source.client(), target.client()
    results = []
    status = ct.get(f"/connections/{cid}").json()["status"]
    for _ in range(runs):
        status = "deactivated" if status == "active" else "active"
        rev = ct.get("/connections").json()["revision"]
        start = time.perf_counter()
        assert cs.patch(f"/connections/{cid}", json={"status": status}).status_code == 200
        since = rev
        while True:
            data = ct.get("/connections", params={"since": since, "wait": 30}).json()
            if {x["id"]: x["status"] for x in data["connections"]}.get(cid) == status:
                results.append(time.perf_counter() - start)
                break
            since = data["revision"]
    return results


def one_connection(initiator, acceptor, private: bool) -> str:
    ca, cb = initiator.client(), acceptor.client()
    r = ca.post(
        "/connections",
        json=body(None if private else acceptor.public_url, f"status-{uuid.uuid4().hex[:8]}"),
    )
    project = None if private else "Fabrikam Fiber"
    code = r.json()["invitation_code"]
    assert (
        cb.post("/invitations/accept", json={"code": code, "project": project}).status_code == 201
    )
    return r.json()["connection"]["id"]


async def pairs(initiator, acceptor, count: int, concurrency: int) -> float:
    headers_a = {"Authorization": f"Bearer {initiator.token}"}
    headers_b = {"Authorization": f"Bearer {acceptor.token}"}
    limits = httpx.Limits(max_connections=concurrency * 2)
    async with (
        httpx.AsyncClient(
            base_url=f"{initiator.admin_url}/api/v1",
            headers=headers_a,
            limits=limits,
            timeout=60,
            trust_env=False,
        ) as ca,
        httpx.AsyncClient(
            base_url=f"{acceptor.admin_url}/api/v1",
            headers=headers_b,
            limits=limits,
            timeout=60,
            trust_env=False,
        ) as cb,
    ):
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(count):
            queue.put_nowait(i)

        async def worker():
            while True:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                r = await ca.post(
                    "/connections", json=body(acceptor.public_url, f"pair-{uuid.uuid4().hex}")
                )
                assert r.status_code == 201, r.text
                r = await cb.post(
                    "/invitations/accept",
                    json={"code": r.json()["invitation_code"], "project": "Fabrikam Fiber"},
                )
                assert r.status_code == 201, r.text

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return count / (time.perf_counter() - start)


def seed(data_dir: Path, count: int) -> None:
    """Store `count` connections directly through the node's own store (fast setup)."""
    from exalate_tui.node.default_rules import default_rules
    from exalate_tui.node.store import Store, now_iso

    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(data_dir / "node.db")
    out, inc = default_rules("jira-onprem", "DEMO")
    with store.tx() as db:
        rev = store.bump(db)
        for i in range(count):
            now = now_iso()
            store.insert_connection(
                db,
                {
                    "id": uuid.uuid4().hex,
                    "name": f"seeded-{i}",
                    "description": "seeded",
                    "type": "public",
                    "mode": "script",
                    "role": "initiator",
                    "status": "active",
                    "local_short_name": "A",
                    "remote_short_name": "B",
                    "remote_url": "http://127.0.0.1:9",
                    "remote_platform": "azure-devops",
                    "project": "DEMO",
                    "created_at": now,
                    "updated_at": now,
                    "secret": "x" * 43,
                    "outgoing_rules": out,
                    "incoming_rules": inc,
                    "revision": rev,
                },
            )
    store.close()


def list_times(node, runs: int) -> tuple[list[float], list[float], int]:
    c = node.client()
    first = c.get("/connections").json()
    cid = first["connections"][0]["id"]
    after_change, cached = [], []
    for i in range(runs):
        c.patch(f"/connections/{cid}", json={"description": f"run {i}"})
        t = time.perf_counter()
        r = c.get("/connections")
        after_change.append(time.perf_counter() - t)
        assert r.status_code == 200
        t = time.perf_counter()
        c.get("/connections")
        cached.append(time.perf_counter() - t)
    return after_change, cached, len(first["connections"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--list-size", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seed(root / "big", args.list_size)
        nodes = start_nodes(
            [
                NodeSpec("jira-onprem", "Bench Jira", root / "jira"),
                NodeSpec("azure-devops", "Bench ADO", root / "ado"),
                NodeSpec("servicenow", "Bench private", root / "priv", private=True),
                NodeSpec("jira-onprem", "Bench big", root / "big"),
            ]
        )
        jira, ado, priv, big = nodes
        try:
            print(f"exalate-tui node lifecycle benchmark — {args.runs} runs each\n")
            pub, pub_start = propagation(jira, ado, False, args.runs)
            print(summary("propagation, public (accept returned → seen)", pub))
            print(summary("  public, accept sent → seen", pub_start))
            prv, prv_start = propagation(jira, priv, True, args.runs)
            print(summary("propagation, private (accept returned → seen)", prv))
            print(summary("  private, accept sent → seen", prv_start))
            cid = one_connection(jira, ado, False)
            print(
                summary(
                    "status change, public, initiator → acceptor",
                    status_propagation(jira, ado, cid, args.runs),
                )
            )
            print(
                summary(
                    "status change, public, acceptor → initiator",
                    status_propagation(ado, jira, cid, args.runs),
                )
            )
            cid = one_connection(jira, priv, True)
            print(
                summary(
                    "status change, private, public → private",
                    status_propagation(jira, priv, cid, args.runs),
                )
            )
            print(
                summary(
                    "status change, private, private → public",
                    status_propagation(priv, jira, cid, args.runs),
                )
            )
            seq = asyncio.run(pairs(jira, ado, args.pairs // 2, 1))
            print(f"{'initiate+accept pairs/s, sequential':<44} {seq:8.1f} pairs/s")
            con = asyncio.run(pairs(jira, ado, args.pairs, 8))
            print(f"{'initiate+accept pairs/s, 8 concurrent':<44} {con:8.1f} pairs/s")
            changed, cached, n = list_times(big, args.runs)
            print(summary(f"GET /connections, {n} stored, after a change", changed))
            print(summary(f"GET /connections, {n} stored, cached", cached))
            ok = (
                pct(pub, 95) <= 1
                and pct(prv, 95) <= 1
                and max(seq, con) >= 50
                and pct(changed, 95) <= 0.1
            )
            print("\ntargets (p95 ≤ 1 s, ≥ 50 pairs/s, list ≤ 100 ms):", "met" if ok else "NOT met")
        finally:
            for node in nodes:
                node.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
