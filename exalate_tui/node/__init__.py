"""The node: the HTTP server that stands beside one tracker instance (no Textual here).

Modules
-------
server.py (flags → settings, port/data-dir checks, uvicorn) · app.py (FastAPI factory, error
envelope) · api.py (admin API, /api/v1) · peer.py (peer protocol, /peer/v1) · peer_client.py
(outgoing httpx calls) · tokens.py (admin token, HS256 peer JWTs) · store.py (SQLite, WAL) ·
service.py + invitations.py (lifecycle) · outbox.py (durable delivery, private long-poll) ·
default_rules.py · trackers/ (embedded tracker) · launcher.py (NodeProcess, NodeThread).

Peer protocol
-------------
``GET /peer/v1/info`` (no auth) · ``POST /peer/v1/accept`` · ``POST /peer/v1/events`` ·
``GET /peer/v1/events?wait=&ack=`` (a private node collects its events). Every call but
``info`` carries a per-request JWT minted from the connection's shared secret.

Test hook
---------
``EXALATE_NODE_FAULT=crash_after_accept_confirm`` (read at start-up) makes an accepting node
exit with status 70 after the initiator confirmed the accept and before its own commit.
"""
