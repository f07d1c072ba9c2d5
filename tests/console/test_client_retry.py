"""A pooled connection the node closes at the moment it is reused ("ReadError" in the Test run
pane) is not reported as "Cannot reach the node": requests that change nothing are sent again."""

from __future__ import annotations

import asyncio

import pytest

from exalate_tui.client import NodeClient, NodeUnreachable

BODY = b'{"revision": 1, "connections": []}'


async def flaky_server(drops: int):
    """Answers each request, except that the first ``drops`` connections are closed unanswered."""
    seen = {"connections": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen["connections"] += 1
        await reader.readuntil(b"\r\n\r\n")
        if seen["connections"] <= drops:
            writer.close()
            return
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(BODY)}\r\n\r\n".encode()
            + BODY
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}", seen


async def test_a_dropped_connection_is_retried_once_for_a_read():
    server, url, seen = await flaky_server(drops=1)
    async with server, NodeClient(url, "token") as client:
        answer = await client.connections()
    assert answer.revision == 1
    assert seen["connections"] == 2


async def test_a_node_that_keeps_dropping_is_unreachable():
    server, url, _ = await flaky_server(drops=5)
    async with server, NodeClient(url, "token") as client:
        with pytest.raises(NodeUnreachable):
            await client.connections()


async def test_a_change_is_never_sent_twice():
    server, url, seen = await flaky_server(drops=1)
    async with server, NodeClient(url, "token") as client:
        with pytest.raises(NodeUnreachable):
            await client.delete("abc")
    assert seen["connections"] == 1
