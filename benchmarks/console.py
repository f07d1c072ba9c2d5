"""Console benchmark (median of N runs, default 5). Run from the repository root:

    .venv/bin/python benchmarks/console.py            # full (about 2 minutes)
    .venv/bin/python benchmarks/console.py --idle 20  # shorter idle window

Figures (targets on a 2-core machine in brackets):
1. start to first painted table: `exalate-tui --node URL --token T` in a pseudo-terminal,
   from spawning the process to the first connection row written to the terminal [≤ 0.8 s];
2. with 10,000 connections on the node: from starting the app to a fully filled table
   (headless, every row in the DataTable, then one screen refresh) [≤ 1.5 s]; one warm-up
   run is not counted (it pays for the node's first list of 10,000 and Python's imports,
   which figure 1 measures for real);
3. applying 10 status changes: the time the console spends turning a node answer that carries
   10 changed statuses into updated rows (diff + update_cell + refresh) [≤ 50 ms]; the
   end-to-end time from the last PATCH to all 10 rows showing it is printed too;
4. requests per minute while idle (5 consoles side by side over the idle window) [≤ 2];
   also the bytes the console writes to its terminal in 3 idle seconds (nothing animates);
5. a remote accept: from the acceptor node's 201 to the initiator's console showing the row
   Active, without a key press [≤ 1 s].
Everything runs against real node subprocesses on loopback; nothing touches the user's
config (XDG dirs point at a temporary directory).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="exalate-console-bench-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(TMP / _var.lower())
os.environ.pop("TMUX", None)
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from exalate_tui.config import Instance  # noqa: E402
from exalate_tui.node.launcher import NodeProcess, NodeSpec  # noqa: E402
from exalate_tui.node.store import Store  # noqa: E402


def instance(node: NodeProcess, name: str) -> Instance:
    return Instance(name=name, url=node.admin_url, token=SecretStr(node.token))


def local_connection(node: NodeProcess, http, name: str) -> dict:
    projects = [p["key"] for p in http.get("/projects").json()["projects"]]
    body = {
        "destination_url": node.public_url,
        "mode": "basic",
        "local_short_name": "here",
        "remote_short_name": "there",
        "name": name,
        "project": projects[0],
        "remote_project": projects[1],
    }
    answer = http.post("/connections", json=body)
    answer.raise_for_status()
    return answer.json()["connection"]


def seeded_node(rows: int) -> NodeProcess:
    """A Jira node holding ``rows`` active local connections (bulk-inserted while stopped)."""
    node = NodeProcess(NodeSpec("jira-onprem", "Bench Jira", TMP / "bench-jira"))
    node.start()
    with node.client() as http:
        template = local_connection(node, http, "bench-00000")
    node.stop()
    store = Store(Path(node.spec.data_dir) / "node.db")
    row = store.get(template["id"])
    with store.tx() as db:
        revision = store.bump(db)
        existing = store_count(store)
        for index in range(existing, rows):
            copy = dict(row, id=uuid.uuid4().hex, name=f"bench-{index:05d}", revision=revision)
            copy["items_under_sync"] = index % 97
            store.insert_connection(db, copy)
    store.close()
    node.restart()
    return node


def store_count(store: Store) -> int:
    return len(store.live())


# -- 1. first paint in a real terminal --------------------------------------------------


def first_paint(node: NodeProcess, marker: bytes, idle: float = 0.0) -> tuple[float, int]:
    """Seconds to the first row on screen, and bytes written in the ``idle`` seconds after."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    command = [
        str(Path(sys.executable).with_name("exalate-tui")),
        "--node",
        node.admin_url,
        "--token",
        node.token,
    ]
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    seen = b""
    elapsed = float("nan")
    deadline = started + 20
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    elapsed = time.perf_counter() - started
                    break
        # Let the first screen settle (1 s), then count what is written while nothing happens.
        quiet_bytes = 0
        settle_until = time.perf_counter() + 1.0
        idle_until = settle_until + idle
        while idle and time.perf_counter() < idle_until:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if time.perf_counter() > settle_until:
                    quiet_bytes += len(chunk)
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
        os.close(leader)
    return elapsed, quiet_bytes


# -- 2 & 3. a big table, in process ------------------------------------------------------


async def big_table(node: NodeProcess, rows: int) -> tuple[float, float, float]:
    import httpx

    from exalate_tui.app import ExalateApp
    from exalate_tui.screens.connections import ConnectionsScreen

    started = time.perf_counter()
    app = ExalateApp([instance(node, "Bench Jira")])
    async with app.run_test(size=(120, 40)) as pilot:
        while not (
            isinstance(app.screen, ConnectionsScreen) and app.screen.table.row_count >= rows
        ):
            await pilot.pause(0.005)
            if time.perf_counter() - started > 60:
                raise RuntimeError("the table did not fill in 60 s")
        await pilot.pause()
        filled = time.perf_counter() - started
        screen = app.screen
        table = screen.table

        # Time what the console does with the answer that carries the changes.
        applied: list[float] = []
        original_sync = table.sync

        def timed_sync(connections):
            t0 = time.perf_counter()
            changes = original_sync(connections)
            applied.append(time.perf_counter() - t0)
            return changes

        table.sync = timed_sync  # type: ignore[method-assign]
        targets = list(table.model.values())[100:110]
        wanted = {}
        async with httpx.AsyncClient(
            base_url=f"{node.admin_url}/api/v1",
            headers={"Authorization": f"Bearer {node.token}"},
        ) as http:
            for connection in targets:
                status = "deactivated" if connection.status.value == "active" else "active"
                wanted[connection.id] = status
            t_changes = time.perf_counter()
            await asyncio.gather(
                *(
                    http.patch(f"/connections/{cid}", json={"status": s})
                    for cid, s in wanted.items()
                )
            )
            t_last_patch = time.perf_counter()

        def done() -> bool:
            return all(table.model[cid].status.value == s for cid, s in wanted.items())

        while not done():
            await pilot.pause(0.002)
            if time.perf_counter() - t_changes > 30:
                raise RuntimeError("the changes did not arrive in 30 s")
        await pilot.pause()
        end_to_end = time.perf_counter() - t_last_patch
        # Put them back for the next run (outside the measurement).
        async with httpx.AsyncClient(
            base_url=f"{node.admin_url}/api/v1",
            headers={"Authorization": f"Bearer {node.token}"},
        ) as http:
            for cid, status in wanted.items():
                back = "active" if status == "deactivated" else "deactivated"
                await http.patch(f"/connections/{cid}", json={"status": back})
        print(f"  (changes arrived in {len(applied)} answer(s))", flush=True)
        return filled, sum(applied), end_to_end


# -- 5. a remote accept ------------------------------------------------------------------


async def remote_accept(initiator: NodeProcess, acceptor: NodeProcess, runs: int) -> list[float]:
    """From the acceptor's 201 to the initiator's console showing the row Active."""
    import httpx

    from exalate_tui.app import ExalateApp
    from exalate_tui.screens.connections import ConnectionsScreen

    app = ExalateApp([instance(initiator, "Initiator")])
    results = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, ConnectionsScreen) and app.screen.loaded):
            await pilot.pause(0.01)
        table = app.screen.table
        auth = {"Authorization": f"Bearer {initiator.token}"}
        other = {"Authorization": f"Bearer {acceptor.token}"}
        async with (
            httpx.AsyncClient(base_url=f"{initiator.admin_url}/api/v1", headers=auth) as a,
            httpx.AsyncClient(
                base_url=f"{acceptor.admin_url}/api/v1", headers=other, timeout=30
            ) as b,
        ):
            project = (await b.get("/projects")).json()["projects"][0]["key"]
            mine = (await a.get("/projects")).json()["projects"][0]["key"]
            for index in range(runs):
                answer = await a.post(
                    "/connections",
                    json={
                        "destination_url": acceptor.public_url,
                        "mode": "script",
                        "local_short_name": "left",
                        "remote_short_name": "right",
                        "name": f"accept-{uuid.uuid4().hex[:6]}-{index}",
                        "project": mine,
                    },
                )
                data = answer.json()
                cid = data["connection"]["id"]
                while cid not in table.model:
                    await pilot.pause(0.01)
                accepted = await b.post(
                    "/invitations/accept",
                    json={"code": data["invitation_code"], "project": project},
                )
                accepted.raise_for_status()
                t0 = time.perf_counter()
                while table.model[cid].status.value != "active":
                    await pilot.pause(0.002)
                    if time.perf_counter() - t0 > 10:
                        raise RuntimeError("the accept never showed")
                await pilot.pause()
                results.append(time.perf_counter() - t0)
    return results


# -- 4. idle requests --------------------------------------------------------------------


async def idle_requests(node: NodeProcess, seconds: float, consoles: int) -> list[float]:
    from exalate_tui.app import ExalateApp
    from exalate_tui.screens.connections import ConnectionsScreen

    async def one() -> float:
        app = ExalateApp([instance(node, "Idle Jira")])
        async with app.run_test(size=(120, 40)) as pilot:
            while not (isinstance(app.screen, ConnectionsScreen) and app.screen.loaded):
                await pilot.pause(0.01)
            screen = app.screen
            before = screen.requests
            await asyncio.sleep(seconds)
            return (screen.requests - before) * 60.0 / seconds

    return list(await asyncio.gather(*(one() for _ in range(consoles))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=60.0, help="idle window in seconds")
    args = parser.parse_args()

    print(f"setting up: a node with {args.rows} connections, a small node …", flush=True)
    big = seeded_node(args.rows)
    small = NodeProcess(NodeSpec("jira-onprem", "Small Jira", TMP / "small-jira"))
    small.start()
    try:
        with small.client() as http:
            for index in range(20):
                local_connection(small, http, f"first-paint-{index:02d}")
        painted = [first_paint(small, b"first-paint-00", idle=3.0) for _ in range(args.runs)]
        paints = [p for p, _ in painted]
        quiet = [float(b) for _, b in painted]
        fills, applies, ends = [], [], []
        asyncio.run(big_table(big, args.rows))  # warm-up, not counted (see the docstring)
        for _ in range(args.runs):
            filled, applied, end_to_end = asyncio.run(big_table(big, args.rows))
            fills.append(filled)
            applies.append(applied)
            ends.append(end_to_end)
        idle = asyncio.run(idle_requests(small, args.idle, args.runs))
        acceptor = NodeProcess(NodeSpec("azure-devops", "Bench ADO", TMP / "bench-ado"))
        acceptor.start()
        try:
            accepts = asyncio.run(remote_accept(small, acceptor, args.runs))
        finally:
            acceptor.stop()
    finally:
        big.stop()
        small.stop()

    def line(label: str, values: list[float], unit: str, scale: float, target: str) -> None:
        shown = ", ".join(f"{v * scale:.0f}" if scale != 1 else f"{v:.2f}" for v in values)
        median = statistics.median(values) * scale
        print(f"{label:<44} median {median:8.2f} {unit:<7} target {target:<9} runs: {shown}")

    print()
    line("start to first painted table", paints, "s", 1, "≤ 0.8 s")
    line(f"{args.rows} rows: start to filled table", fills, "s", 1, "≤ 1.5 s")
    line("10 status changes: applied to the table", applies, "ms", 1000, "≤ 50 ms")
    line("10 status changes: last PATCH to all shown", ends, "ms", 1000, "(info)")
    line(f"idle requests per minute ({args.idle:.0f} s window)", idle, "req/min", 1, "≤ 2")
    line("bytes written to the terminal in 3 s idle", quiet, "bytes", 1, "(≈ 0)")
    line("remote accept: acceptor's 201 to row Active", accepts, "ms", 1000, "≤ 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
