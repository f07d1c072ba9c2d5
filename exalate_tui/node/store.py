"""SQLite storage (WAL). Every state change runs in one transaction via `Store.tx()`.

SQL stays portable (no SQLite-only syntax beyond the PRAGMAs) so PostgreSQL can follow.
All access happens on the node's event-loop thread; the lock guards the rare other callers.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..domain.models import Connection

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    type VARCHAR(16) NOT NULL,
    mode VARCHAR(16) NOT NULL,
    role VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    local_short_name VARCHAR(64) NOT NULL,
    remote_short_name VARCHAR(64) NOT NULL,
    remote_url TEXT,
    remote_platform VARCHAR(64),
    remote_name TEXT,
    remote_node_id VARCHAR(64),
    project VARCHAR(255),
    remote_project VARCHAR(255),
    items_under_sync INTEGER NOT NULL DEFAULT 0,
    last_sync VARCHAR(40),
    created_at VARCHAR(40) NOT NULL,
    updated_at VARCHAR(40) NOT NULL,
    error TEXT,
    secret TEXT,
    invitation_code TEXT,
    expires_at VARCHAR(40),
    accepted_by VARCHAR(64),
    polls INTEGER NOT NULL DEFAULT 0,
    remote_deleted INTEGER NOT NULL DEFAULT 0,
    outgoing_rules TEXT NOT NULL DEFAULT '',
    incoming_rules TEXT NOT NULL DEFAULT '',
    deleted_at VARCHAR(40),
    revision INTEGER NOT NULL DEFAULT 0,
    peer_seq INTEGER NOT NULL DEFAULT 0,
    status_at VARCHAR(40)
);
CREATE INDEX IF NOT EXISTS connections_name ON connections (name);
CREATE INDEX IF NOT EXISTS connections_revision ON connections (revision);
CREATE INDEX IF NOT EXISTS connections_order ON connections (created_at, id);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id VARCHAR(64) NOT NULL,
    peer_url TEXT,
    pull_node VARCHAR(64),
    kind VARCHAR(32) NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pull ON outbox (pull_node, id);
CREATE INDEX IF NOT EXISTS outbox_push ON outbox (peer_url, id);
CREATE TABLE IF NOT EXISTS seen_jti (jti VARCHAR(64) PRIMARY KEY, expires_at REAL NOT NULL);
"""

COLUMNS = [
    "id",
    "name",
    "description",
    "type",
    "mode",
    "role",
    "status",
    "local_short_name",
    "remote_short_name",
    "remote_url",
    "remote_platform",
    "remote_name",
    "remote_node_id",
    "project",
    "remote_project",
    "items_under_sync",
    "last_sync",
    "created_at",
    "updated_at",
    "error",
    "secret",
    "invitation_code",
    "expires_at",
    "accepted_by",
    "polls",
    "remote_deleted",
    "outgoing_rules",
    "incoming_rules",
    "deleted_at",
    "revision",
    "peer_seq",
    "status_at",
]

# What the admin API shows of a row: exactly the fields of the Connection model.
PUBLIC_FIELDS = list(Connection.model_fields)


def to_model(row: dict) -> Connection:
    return Connection.model_validate({k: row[k] for k in PUBLIC_FIELDS})


def now_iso() -> str:
    return iso(datetime.now(UTC))


def iso(moment: datetime) -> str:
    """UTC timestamps as stored and served: 2026-01-31T12:00:00.123456Z (sortable as text)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _private_file(path: Path) -> None:
    """The database holds shared secrets and invitation codes: owner-only (0600). SQLite gives
    its -wal and -shm files the database file's permissions."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if each.exists():
            os.chmod(each, 0o600)


class Store:
    def __init__(self, path: Path):
        self.path = path
        _private_file(path)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.lock = threading.RLock()
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self._migrate()
        with self.tx() as db:
            if self._meta(db, "node_id") is None:
                self._set_meta(db, "node_id", uuid.uuid4().hex)
            if self._meta(db, "revision") is None:
                self._set_meta(db, "revision", "0")
        self.node_id = self.get_meta("node_id")
        self.revision = int(self.get_meta("revision"))
        self._list_cache: tuple[int, bytes] | None = None
        self._fragments: dict[str, bytes] = {}
        self._frag_revision = -1
        self._gone: set[str] = set()  # deleted since the last list (rows may be purged already)

    # Columns added after the first schema: (name, portable definition).
    _ADDED_COLUMNS = (("peer_seq", "INTEGER NOT NULL DEFAULT 0"), ("status_at", "VARCHAR(40)"))

    def _migrate(self) -> None:
        for column, definition in self._ADDED_COLUMNS:
            try:
                self.db.execute(f"SELECT {column} FROM connections WHERE 1 = 0")
            except sqlite3.OperationalError:
                self.db.execute(f"ALTER TABLE connections ADD COLUMN {column} {definition}")

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; commits on success, rolls back on any exception."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # -- meta / revision ---------------------------------------------------------------
    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        updated = db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key)).rowcount
        if not updated:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        with self.lock:
            return self._meta(self.db, key)

    def bump(self, db: sqlite3.Connection) -> int:
        """Next revision, inside the caller's transaction (memory is updated by `committed`)."""
        rev = int(self._meta(db, "revision")) + 1
        self._set_meta(db, "revision", str(rev))
        return rev

    def committed(self, revision: int) -> None:
        self.revision = max(self.revision, revision)

    # -- connections -------------------------------------------------------------------
    def insert_connection(self, db: sqlite3.Connection, row: dict) -> None:
        cols = [c for c in COLUMNS if c in row]
        marks = ", ".join("?" for _ in cols)
        db.execute(
            f"INSERT INTO connections ({', '.join(cols)}) VALUES ({marks})",
            [row[c] for c in cols],
        )

    def update_connection(self, db: sqlite3.Connection, cid: str, **fields) -> None:
        if fields.get("deleted_at"):
            self._gone.add(cid)
        sets = ", ".join(f"{k} = ?" for k in fields)
        db.execute(f"UPDATE connections SET {sets} WHERE id = ?", [*fields.values(), cid])

    def get(self, cid: str, *, include_deleted: bool = False) -> dict | None:
        with self.lock:
            row = self.db.execute("SELECT * FROM connections WHERE id = ?", (cid,)).fetchone()
        if row is None or (row["deleted_at"] and not include_deleted):
            return None
        return dict(row)

    def name_taken(self, name: str) -> bool:
        with self.lock:
            row = self.db.execute(
                "SELECT 1 FROM connections WHERE name = ? AND deleted_at IS NULL", (name,)
            ).fetchone()
        return row is not None

    def live(self, where: str = "1 = 1", params: tuple = ()) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                f"SELECT * FROM connections WHERE deleted_at IS NULL AND {where}", params
            ).fetchall()
        return [dict(r) for r in rows]

    def list_json(self) -> bytes:
        """`{revision, connections}` serialised, cached per revision. Each connection's JSON is
        kept too and rebuilt only when its row's revision moves, so a change to one of 10,000
        connections does not re-serialise the other 9,999."""
        cached = self._list_cache
        if cached and cached[0] == self.revision:
            return cached[1]
        with self.lock:
            revision = self.revision
            changed = self.db.execute(
                f"SELECT {', '.join(PUBLIC_FIELDS)}, deleted_at FROM connections "
                "WHERE revision > ? ORDER BY created_at, id",
                (self._frag_revision,),
            ).fetchall()
            gone, self._gone = self._gone, set()
            gone = {  # only what really is gone (a rolled-back delete leaves the row live)
                cid
                for cid in gone
                if (
                    r := self.db.execute(
                        "SELECT deleted_at FROM connections WHERE id = ?", (cid,)
                    ).fetchone()
                )
                is None
                or r[0]
            }
        # `frags` is kept in list order (created_at, id): new connections are the newest.
        frags = self._fragments
        for cid in gone:
            frags.pop(cid, None)
        for row in changed:
            if row["deleted_at"]:
                frags.pop(row["id"], None)
            else:
                data = {k: row[k] for k in PUBLIC_FIELDS}
                frags[row["id"]] = json.dumps(data, separators=(",", ":")).encode()
        self._frag_revision = revision
        body = b"".join(
            (
                b'{"revision":%d,"connections":[' % revision,
                b",".join(frags.values()),
                b"]}",
            )
        )
        self._list_cache = (revision, body)
        return body

    def purge_tombstone(self, db: sqlite3.Connection, cid: str) -> None:
        """Drop a deleted connection's row once no outbox event needs its secret."""
        row = db.execute("SELECT deleted_at FROM connections WHERE id = ?", (cid,)).fetchone()
        if not row or not row[0]:
            return
        pending = db.execute(
            "SELECT 1 FROM outbox WHERE connection_id = ? LIMIT 1", (cid,)
        ).fetchone()
        if not pending:
            db.execute("DELETE FROM connections WHERE id = ?", (cid,))

    # -- outbox ------------------------------------------------------------------------
    def enqueue(
        self,
        db: sqlite3.Connection,
        cid: str,
        kind: str,
        payload: dict,
        *,
        peer_url: str | None,
        pull_node: str | None,
    ) -> None:
        now = time.time()
        db.execute(
            "INSERT INTO outbox (connection_id, peer_url, pull_node, kind, payload, created_at, "
            "attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
            (cid, peer_url, pull_node, kind, json.dumps(payload), now, now),
        )

    def push_peers(self) -> list[str]:
        with self.lock:
            rows = self.db.execute(
                "SELECT DISTINCT peer_url FROM outbox WHERE peer_url IS NOT NULL"
            ).fetchall()
        return [r[0] for r in rows]

    def push_rows(self, peer_url: str, limit: int = 100) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT * FROM outbox WHERE peer_url = ? ORDER BY id LIMIT ?", (peer_url, limit)
            ).fetchall()
        return [dict(r) for r in rows]

    def pull_rows(self, node_id: str, limit: int = 200) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT * FROM outbox WHERE pull_node = ? ORDER BY id LIMIT ?", (node_id, limit)
            ).fetchall()
        return [dict(r) for r in rows]

    def delete_outbox(self, db: sqlite3.Connection, ids: list[int]) -> list[str]:
        """Remove delivered rows; returns their connection ids."""
        cids = []
        for oid in ids:
            row = db.execute("SELECT connection_id FROM outbox WHERE id = ?", (oid,)).fetchone()
            if row:
                cids.append(row[0])
                db.execute("DELETE FROM outbox WHERE id = ?", (oid,))
        return cids

    def ack_pull(self, db: sqlite3.Connection, node_id: str, upto: int) -> list[str]:
        rows = db.execute(
            "SELECT id FROM outbox WHERE pull_node = ? AND id <= ?", (node_id, upto)
        ).fetchall()
        return self.delete_outbox(db, [r[0] for r in rows])

    def retry_later(self, oid: int, attempts: int, delay: float, error: str) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                (attempts, time.time() + delay, error[:500], oid),
            )

    def reset_backoff(self, db: sqlite3.Connection, peer_url: str) -> int:
        """The peer was just heard from: retry what waits for it now. Returns rows touched."""
        now = time.time()
        return db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE peer_url = ? AND next_attempt_at > ?",
            (now, peer_url, now),
        ).rowcount

    # -- replay protection -------------------------------------------------------------
    def remember_jti(self, db: sqlite3.Connection, jti: str, expires_at: float) -> bool:
        """False when this token id was seen before (a replay)."""
        if db.execute("SELECT 1 FROM seen_jti WHERE jti = ?", (jti,)).fetchone():
            return False
        db.execute("INSERT INTO seen_jti (jti, expires_at) VALUES (?, ?)", (jti, expires_at))
        return True

    def purge_jtis(self) -> None:
        with self.tx() as db:
            # keep token ids while a token could still pass (expiry + clock-skew leeway)
            db.execute("DELETE FROM seen_jti WHERE expires_at < ?", (time.time() - 30,))
