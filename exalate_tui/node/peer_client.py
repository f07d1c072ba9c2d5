"""Outgoing node-to-node HTTP calls (httpx), each carrying a fresh per-request JWT."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit, urlunsplit

import httpx

from . import tokens

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "ip6-localhost"}


def normalise_url(url: str) -> str:
    """Canonical form for comparing node URLs: scheme://host[:port][/path], lower-case host,
    default ports dropped, loopback names unified, no trailing slash."""
    text = (url or "").strip()
    if text and "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if host in LOOPBACK:
        host = "127.0.0.1"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    else:
        netloc = host
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def display_url(url: str) -> str:
    text = (url or "").strip()
    if text and "://" not in text:
        text = "http://" + text
    return text.rstrip("/")


def url_problem(url: str) -> str | None:
    """A sentence when `url` cannot be a node address at all, else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"'{url}' is not a valid URL — enter an address like http://host:7700."
    if parts.scheme not in ("http", "https"):
        return f"'{url}' is not an http:// or https:// address — enter one like http://host:7700."
    if not parts.hostname or " " in url or any(ord(ch) < 32 for ch in url):
        return f"'{url}' is not a valid URL — enter an address like http://host:7700."
    if parts.username is not None or parts.password is not None:
        return (
            f"'{parts.scheme}://…@{parts.hostname}' holds a user name or password; enter the "
            "node's address without them (nodes authenticate each other themselves)."
        )
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return (
            f"'{url}' has a '?' or '#' part; enter only the node's address, like http://host:7700."
        )
    return None


class PeerUnreachable(Exception):
    """A transport-level failure, with a sentence a person can act on."""


def explain(exc: Exception, url: str, timeout: float) -> str:
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        s in text
        for s in (
            "name or service not known",
            "nodename nor servname",
            "name resolution",
            "getaddrinfo",
            "no address associated",
        )
    ):
        return f"The host name '{host}' could not be found — check the spelling of the URL."
    if isinstance(exc, httpx.TimeoutException):
        return (
            f"{url} did not answer within {timeout:g} seconds — check the URL, that the node "
            "is running and that no firewall is in the way."
        )
    if "refused" in text or isinstance(exc, httpx.ConnectError):
        return f"Nothing is listening at {url} — check the URL and that the node is running."
    return f"Could not talk to {url} ({exc.__class__.__name__}) — check the URL and the network."


class PeerClient:
    def __init__(self, node_id: str, timeout: float):
        self.node_id = node_id
        self.timeout = timeout
        self.http = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def info(self, url: str, timeout: float) -> dict:
        """GET URL/peer/v1/info; raises PeerUnreachable with an actionable message."""
        base = display_url(url)
        problem = url_problem(base)
        if problem:
            raise PeerUnreachable(problem)
        try:
            resp = await self.http.get(f"{base}/peer/v1/info", timeout=timeout)
        except httpx.InvalidURL:
            raise PeerUnreachable(
                f"'{base}' is not a valid URL — enter an address like http://host:7700."
            ) from None
        except httpx.HTTPError as exc:
            raise PeerUnreachable(explain(exc, base, timeout)) from None
        not_node = (
            f"{base} answers, but it is not an exalate node (it has no node information at "
            "/peer/v1/info) — check the URL."
        )
        if resp.status_code != 200:
            raise PeerUnreachable(not_node)
        try:
            data = resp.json()
        except ValueError:
            raise PeerUnreachable(not_node) from None
        if not isinstance(data, dict) or not {"platform", "name", "modes", "node_id"} <= set(data):
            raise PeerUnreachable(not_node)
        return data

    async def call(
        self,
        method: str,
        url: str,
        path: str,
        *,
        secret: str,
        connection_id: str,
        receiver_role: str,
        json: dict | None = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        base = display_url(url)
        token = tokens.mint(secret, connection_id, self.node_id, receiver_role)
        try:
            return await self.http.request(
                method,
                f"{base}{path}",
                json=json,
                params=params,
                headers={"Authorization": f"Bearer {token}"},
                timeout=timeout or self.timeout,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise PeerUnreachable(explain(exc, f"{base}{path}", timeout or self.timeout)) from None
