"""Invitation codes on the accepting side: inspect (no network, no state change) and accept."""

from __future__ import annotations

import os
import re

from ..domain import invitation as codec
from ..domain.models import Connection, InvitationPreview
from ..domain.platforms import ConnectionType, Mode
from ..domain.validation import connection_name_error, short_name_error
from .default_rules import default_rules
from .errors import ApiError
from .hardening import control_character_field
from .peer_client import PeerUnreachable, display_url, url_problem
from .settings import FAULT_CRASH_AFTER_ACCEPT_CONFIRM
from .store import now_iso, to_model

_CONNECTION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
MIN_SECRET_CHARS = 32


def _plausible(inv: codec.Invitation) -> bool:
    """The checksum only proves the code arrived as written; this checks that what it carries
    could have come from a node: a secret of full strength, a usable URL, valid names."""
    names = (
        short_name_error(inv.local_short_name),
        short_name_error(inv.remote_short_name),
        connection_name_error(inv.connection_name),
    )
    return (
        len(inv.secret or "") >= MIN_SECRET_CHARS
        and _CONNECTION_ID.fullmatch(inv.connection_id or "") is not None
        and inv.type is not ConnectionType.LOCAL
        and url_problem(display_url(inv.initiator_url)) is None
        and not any(names)
        and control_character_field(
            {"a": inv.local_short_name, "b": inv.remote_short_name, "c": inv.connection_name}
        )
        is None
        and bool((inv.initiator_name or "").strip())
    )


class InvitationsMixin:
    """Part of NodeService (see service.py); split out to keep modules small."""

    # -- inspect / accept ----------------------------------------------------------------
    def decode(self, code: str) -> codec.Invitation:
        try:
            inv = codec.decode(code)
        except codec.InvalidCode as exc:
            raise ApiError(422, "invalid_code", str(exc), "code") from None
        if not _plausible(inv):
            raise ApiError(
                422,
                "invalid_code",
                "The invitation code is damaged or was made by an incompatible version; ask "
                "for the code again.",
                "code",
            )
        if self.is_own_url(inv.initiator_url) or self._initiated_here(inv.connection_id):
            raise ApiError(
                422,
                "own_invitation",
                "This invitation code was issued by this node; accept it on the other "
                "instance, the one it was meant for.",
                "code",
            )
        if inv.is_expired():
            raise ApiError(
                410,
                "expired_code",
                f"This invitation code expired on {inv.expires_at:%Y-%m-%d %H:%M} UTC; ask "
                f"the admin of {inv.initiator_name} for a new one.",
                "code",
            )
        return inv

    def _initiated_here(self, cid: str) -> bool:
        row = self.store.get(cid, include_deleted=True)
        return row is not None and row["role"] == "initiator"

    def inspect(self, code: str) -> InvitationPreview:
        inv = self.decode(code)
        return InvitationPreview(
            connection_name=inv.connection_name,
            initiator_name=inv.initiator_name,
            initiator_platform=inv.initiator_platform,
            initiator_url=inv.initiator_url,
            type=inv.type,
            mode=inv.mode,
            local_short_name=inv.local_short_name,
            remote_short_name=inv.remote_short_name,
            expires_at=inv.expires_at,
            needs_project=self.platform.has_projects,
        )

    def _unique_name(self, name: str) -> str:
        candidate, n = name, 2
        while self.store.name_taken(candidate):
            candidate = f"{name} ({n})"[:255]
            n += 1
        return candidate

    async def accept(self, code: str, project: str | None) -> Connection:
        inv = self.decode(code)
        self._check_accept_mode(inv)
        project = self._validate_project(project, "project")
        existing = self.store.get(inv.connection_id, include_deleted=True)
        if existing is not None:
            if existing["deleted_at"] is None:
                return to_model(existing)  # already accepted here: idempotent
            raise ApiError(
                409,
                "code_already_used",
                "This invitation code was already used on this node for a connection that has "
                "since been deleted; ask for a new invitation.",
                "code",
            )
        public_here = inv.type is ConnectionType.PUBLIC and not self.s.private
        my_url = self.s.url if public_here else None
        body = {
            "node_id": self.node_id,
            "name": self.s.name,
            "platform": self.s.platform,
            "url": my_url,
            "local_short_name": inv.remote_short_name,
            "remote_short_name": inv.local_short_name,
            "project": project,
        }
        tried = f"{display_url(inv.initiator_url)}/peer/v1/accept"
        try:
            resp = await self.peers.call(
                "POST",
                inv.initiator_url,
                "/peer/v1/accept",
                secret=inv.secret,
                connection_id=inv.connection_id,
                receiver_role="initiator",
                json=body,
            )
        except PeerUnreachable as exc:
            raise ApiError(
                422,
                "initiator_unreachable",
                f"Could not reach the initiating node at {tried}: {exc} Try again once it is "
                "reachable from here.",
            ) from None
        if resp.status_code != 200:
            self._raise_from_peer(resp, tried)
        try:
            answer = resp.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ApiError(
                422,
                "initiator_unreachable",
                f"{tried} answered, but not like an exalate node; check the invitation's URL.",
            )
        if self.s.fault == FAULT_CRASH_AFTER_ACCEPT_CONFIRM:
            # Test hook (EXALATE_NODE_FAULT): die after the initiator confirmed, before our commit.
            os._exit(70)
        again = self.store.get(inv.connection_id, include_deleted=True)
        if again is not None and again["deleted_at"] is None:
            # the same accept sent twice at once (a double submit): the first one stored it
            return to_model(again)
        now = now_iso()
        outgoing, incoming = default_rules(self.s.platform, project)
        row = {
            "id": inv.connection_id,
            "name": self._unique_name(inv.connection_name),
            "description": "",
            "type": inv.type.value,
            "mode": inv.mode.value,
            "role": "acceptor",
            "status": "active",
            "local_short_name": inv.remote_short_name,
            "remote_short_name": inv.local_short_name,
            "remote_url": display_url(inv.initiator_url),
            "remote_platform": answer.get("platform") or inv.initiator_platform,
            "remote_name": answer.get("name") or inv.initiator_name,
            "remote_node_id": answer.get("node_id"),
            "project": project,
            "remote_project": answer.get("project"),
            "created_at": now,
            "updated_at": now,
            "secret": inv.secret,
            "polls": 0 if my_url else 1,
            "outgoing_rules": outgoing,
            "incoming_rules": incoming,
        }
        with self.change() as (db, rev):
            row["revision"] = rev
            self.store.insert_connection(db, row)
        if row["polls"]:
            self.poll_wake.notify()
        return to_model(self.get(inv.connection_id))

    def _check_accept_mode(self, inv: codec.Invitation) -> None:
        """This side must offer the connection's mode, with a licence that allows it."""
        if inv.mode not in self.platform.modes:
            raise ApiError(
                422,
                "mode_not_available",
                f"This invitation is for a {inv.mode.value}-mode connection, which "
                f"{self.platform.label} does not offer. Ask for an invitation in another mode.",
                "code",
            )
        if inv.mode is not Mode.BASIC and self.s.license == "expired":
            raise ApiError(
                403,
                "license_required",
                f"This invitation is for a {inv.mode.value}-mode connection, which needs an "
                "evaluation or paid licence; this node's licence has expired.",
                "code",
            )

    def _raise_from_peer(self, resp, tried: str):
        try:
            err = resp.json()["error"]
            code, message = err["code"], err["message"]
        except (ValueError, KeyError, TypeError):
            code, message = None, None
        if resp.status_code == 401 or code == "unauthorized":
            raise ApiError(
                422,
                "invalid_code",
                "The initiating node did not accept this code's secret; the code may have been "
                "altered. Ask for the code again.",
                "code",
            )
        if code in ("connection_not_found", "code_already_used", "expired_code"):
            raise ApiError(resp.status_code, code, message)
        raise ApiError(
            422,
            "initiator_unreachable",
            f"The initiating node at {tried} answered with HTTP {resp.status_code}"
            f"{': ' + message if message else ''}; try again later.",
        )
