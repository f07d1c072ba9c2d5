"""Background work: deliver queued peer events (durable outbox, exponential backoff) and,
on the private side of a connection, long-poll each public peer for its events."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time

from .peer import apply_event
from .peer_client import PeerUnreachable
from .service import NodeService
from .store import now_iso

log = logging.getLogger("exalate.node.outbox")

POLL_RETRY_MAX = 5.0  # a private node re-polls a peer that was down at least this often


def _backoff(svc: NodeService, attempts: int) -> float:
    return min(svc.s.retry_base * (2 ** max(attempts - 1, 0)), svc.s.retry_max)


class Deliverer:
    """Pushes outbox rows to public peers, in order per peer; retries with backoff."""

    def __init__(self, svc: NodeService):
        self.svc = svc
        self.tasks: dict[str, asyncio.Task] = {}

    async def run(self) -> None:
        """Keep one sender task per peer that has events waiting; peers do not wait for
        each other, and a notification that arrives mid-delivery is never lost."""
        wake = self.svc.outbox_wake
        try:
            while True:
                seen = wake.count
                for url in self.svc.store.push_peers():
                    task = self.tasks.get(url)
                    if task is None or task.done():
                        self.tasks[url] = asyncio.create_task(self.peer_loop(url))
                await wake.wait(30.0, since=seen)
        finally:
            for task in self.tasks.values():
                task.cancel()
            for task in self.tasks.values():
                with contextlib.suppress(BaseException):
                    await task

    async def peer_loop(self, url: str) -> None:
        wake = self.svc.outbox_wake
        while True:
            seen = wake.count
            rows = self.svc.store.push_rows(url)
            if not rows:
                return
            try:
                due = await self._deliver(rows)
            except Exception:  # keep delivering whatever happens to one attempt
                log.exception("delivering to %s failed", url)
                due = time.time() + 1.0
            if due is not None:
                await wake.wait(max(0.0, due - time.time()), since=seen)

    async def _deliver(self, rows: list[dict]) -> float | None:
        """Deliver in order; stop at the first row that must wait. Returns when to retry."""
        svc = self.svc
        for row in rows:
            if row["next_attempt_at"] > time.time():
                return row["next_attempt_at"]
            conn = svc.store.get(row["connection_id"], include_deleted=True)
            if conn is None or not conn["secret"]:
                with svc.store.tx() as db:
                    svc.store.delete_outbox(db, [row["id"]])
                continue
            peer_role = "acceptor" if conn["role"] == "initiator" else "initiator"
            try:
                resp = await svc.peers.call(
                    "POST",
                    row["peer_url"],
                    "/peer/v1/events",
                    secret=conn["secret"],
                    connection_id=conn["id"],
                    receiver_role=peer_role,
                    json={
                        "kind": row["kind"],
                        "payload": json.loads(row["payload"]),
                        "seq": row["id"],
                    },
                )
            except PeerUnreachable as exc:
                attempts = row["attempts"] + 1
                delay = _backoff(svc, attempts)
                svc.store.retry_later(row["id"], attempts, delay, str(exc))
                return time.time() + delay
            if resp.status_code >= 500:
                attempts = row["attempts"] + 1
                delay = _backoff(svc, attempts)
                svc.store.retry_later(row["id"], attempts, delay, f"HTTP {resp.status_code}")
                return time.time() + delay
            if resp.status_code != 200:
                log.warning(
                    "peer refused event %s (HTTP %s); dropped", row["kind"], resp.status_code
                )
                self._refused(conn, row, resp.status_code)
            with svc.store.tx() as db:
                svc.store.delete_outbox(db, [row["id"]])
                svc.store.purge_tombstone(db, row["connection_id"])
        return None

    def _refused(self, conn: dict, row: dict, status: int) -> None:
        """The peer answered but will never take this event: show why on our side."""
        if conn["deleted_at"] or row["kind"] == "deleted":
            return
        if status == 404:  # it no longer knows the connection
            apply_event(self.svc, conn["id"], "deleted", {})
            return
        if status == 401:
            with self.svc.change() as (db, rev):
                self.svc.store.update_connection(
                    db,
                    conn["id"],
                    status="error",
                    revision=rev,
                    updated_at=now_iso(),
                    error=f"The remote side refused this node's credentials (HTTP 401) at "
                    f"{now_iso()[:19]}Z; check both nodes' clocks, or recreate the connection.",
                )


class Poller:
    """On the private side: one long-poll loop per public peer URL."""

    def __init__(self, svc: NodeService):
        self.svc = svc
        self.tasks: dict[str, asyncio.Task] = {}

    def _polled(self, url: str | None = None, include_gone: bool = False) -> list[dict]:
        where = "polls = 1 AND remote_url IS NOT NULL"
        params: tuple = ()
        if not include_gone:
            where += " AND remote_deleted = 0"
        if url is not None:
            where += " AND remote_url = ?"
            params = (url,)
        return self.svc.store.live(where + " ORDER BY remote_deleted, created_at", params)

    async def run(self) -> None:
        try:
            while True:
                for url in {r["remote_url"] for r in self._polled()}:
                    task = self.tasks.get(url)
                    if task is None or task.done():
                        self.tasks[url] = asyncio.create_task(self.loop(url))
                await self.svc.poll_wake.wait(5.0)
        finally:
            for task in self.tasks.values():
                task.cancel()
            for task in self.tasks.values():
                with contextlib.suppress(BaseException):
                    await task

    async def loop(self, url: str) -> None:
        svc = self.svc
        ack = 0
        failures = 0
        while True:
            active = self._polled(url)
            if not active:
                if ack:  # acknowledge the last batch so the peer can forget it
                    gone = self._polled(url, include_gone=True)
                    if gone:
                        with contextlib.suppress(PeerUnreachable):
                            await self._poll(url, gone[0], ack, 0)
                return
            wait = svc.s.poll_interval
            try:
                resp = await self._poll(url, active[0], ack, wait)
            except PeerUnreachable:
                resp = None
            if resp is None or resp.status_code != 200:
                failures += 1
                if resp is not None and resp.status_code == 404:
                    # the peer no longer knows this connection; let it be shown as broken
                    apply_event(svc, active[0]["id"], "deleted", {})
                await svc.poll_wake.wait(min(_backoff(svc, failures), POLL_RETRY_MAX))
                continue
            if failures:  # the peer is back: push what waited for it now
                with svc.store.tx() as db:
                    if svc.store.reset_backoff(db, url):
                        svc.outbox_wake.notify()
            failures = 0
            try:
                events = list(resp.json().get("events", []))
            except (ValueError, AttributeError, TypeError):
                events = []
            for ev in events:
                apply_event(
                    svc, ev["connection_id"], ev["kind"], ev.get("payload") or {}, int(ev["id"])
                )
                ack = max(ack, int(ev["id"]))

    async def _poll(self, url: str, conn: dict, ack: int, wait: float):
        return await self.svc.peers.call(
            "GET",
            url,
            "/peer/v1/events",
            secret=conn["secret"],
            connection_id=conn["id"],
            receiver_role="initiator",
            params={"wait": wait, "ack": ack},
            timeout=wait + self.svc.s.peer_timeout,
        )
