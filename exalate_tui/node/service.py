"""Connection lifecycle: initiate, inspect, accept, status changes, delete, rules."""

from __future__ import annotations

import logging
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from .. import __version__
from ..domain import invitation as codec
from ..domain.models import (
    Connection,
    DestinationCheck,
    InitiateRequest,
    NodeInfo,
    Rules,
    Status,
)
from ..domain.platforms import ConnectionType, License, Mode, get_platform, mode_choices
from ..domain.validation import connection_info_errors
from .default_rules import default_rules
from .errors import ApiError, not_found
from .hardening import control_character_field
from .invitations import InvitationsMixin
from .notify import Notifier
from .peer_client import PeerClient, PeerUnreachable, display_url, normalise_url, url_problem
from .rules_gate import syntax_gate
from .settings import NodeSettings
from .store import Store, iso, now_iso, to_model
from .trackers import tracker_for

log = logging.getLogger("exalate.node")

INFO_CACHE_SECONDS = 5.0


def enabled_modes(choices) -> list[Mode]:
    return [c.mode for c in choices if c.enabled]


def _refuse_control_characters(values: dict[str, str | None]) -> None:
    field = control_character_field(values, text=("description",))
    if field:
        raise ApiError(
            422,
            "validation_error",
            f"The field '{field}' contains a control character (such as a NUL byte"
            f"{'' if field == 'description' else ' or a line break'}); remove it.",
            field,
        )


class NodeService(InvitationsMixin):
    def __init__(self, settings: NodeSettings, store: Store):
        self.s = settings
        self.store = store
        self.platform = get_platform(settings.platform)
        self.tracker = tracker_for(settings.platform)
        self.changes = Notifier()  # admin long-poll: a connection changed
        self.pulls = Notifier()  # private peers' long-poll: an event was queued for them
        self.outbox_wake = Notifier()  # the deliverer: an event was queued to push
        self.poll_wake = Notifier()  # the private poller: the set of polled peers changed
        self.peers = PeerClient(store.node_id, settings.peer_timeout)
        self._info_cache: dict[str, tuple[float, dict]] = {}
        self.closing = False  # set when the server shuts down: long-polls answer at once

    def begin_shutdown(self) -> None:
        self.closing = True
        for notifier in (self.changes, self.pulls, self.outbox_wake, self.poll_wake):
            notifier.notify()

    # -- helpers ---------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self.store.node_id

    @contextmanager
    def change(self):
        """One transaction that bumps the revision; waiters are woken after the commit."""
        with self.store.tx() as db:
            rev = self.store.bump(db)
            yield db, rev
        self.store.committed(rev)
        self.changes.notify()

    def is_own_url(self, url: str) -> bool:
        target = normalise_url(url)
        own = {normalise_url(self.s.admin_url)}
        if self.s.url:
            own.add(normalise_url(self.s.url))
        return target in own

    def get(self, cid: str) -> dict:
        row = self.store.get(cid)
        if row is None:
            raise not_found(cid)
        return row

    def node_info(self) -> NodeInfo:
        return NodeInfo(
            name=self.s.name,
            platform=self.s.platform,
            url=None if self.s.private else self.s.url,
            license=License(self.s.license),
            version=__version__,
            modes=list(self.platform.modes),
            has_projects=self.platform.has_projects,
        )

    def peer_info(self) -> dict:
        info = self.node_info()
        return {
            "platform": info.platform,
            "name": info.name,
            "version": info.version,
            "modes": [m.value for m in info.modes],
            "node_id": self.node_id,
            "url": info.url,
        }

    # -- destination check -------------------------------------------------------------
    async def check_destination(self, url: str) -> DestinationCheck:
        shown = display_url(url)
        if not url or not url.strip():
            return DestinationCheck(reachable=False, url="", error="Enter the destination URL.")
        problem = url_problem(shown)
        if problem:
            return DestinationCheck(reachable=False, url=shown, error=problem)
        if self.is_own_url(url):
            choices = mode_choices(self.platform, self.s.license, ConnectionType.LOCAL)
            supported = self.platform.local_connections
            return DestinationCheck(
                reachable=True,
                url=shown,
                platform=self.s.platform,
                name=self.s.name,
                modes=enabled_modes(choices) if supported else [],
                local=True,
                error=None if supported else self._no_local_message(),
            )
        try:
            info = await self.destination_info(url, fresh=True)
        except PeerUnreachable as exc:
            self._info_cache.pop(normalise_url(url), None)
            return DestinationCheck(reachable=False, url=shown, error=str(exc))
        modes = self._public_modes(info)
        return DestinationCheck(
            reachable=True, url=shown, platform=info["platform"], name=info["name"], modes=modes
        )

    def _no_local_message(self) -> str:
        return (
            f"{self.platform.label} does not support local connections (between two projects "
            "of the same instance); enter another instance's URL."
        )

    async def destination_info(self, url: str, fresh: bool = False) -> dict:
        """The destination's /peer/v1/info. A successful answer is reused for a few seconds,
        so the usual check-then-initiate sequence costs one round trip, not two."""
        key = normalise_url(url)
        cached = self._info_cache.get(key)
        if cached and cached[0] > time.monotonic() and not fresh:
            return cached[1]
        info = await self.peers.info(url, self.s.check_timeout)
        if not info.get("url"):
            raise PeerUnreachable(
                f"{display_url(url)} is a private node (it has no public URL), so nothing can "
                'connect to it. Tick "I don\'t have a URL" to create a private connection and '
                "let its admin accept the invitation there."
            )
        if len(self._info_cache) > 256:
            self._info_cache.clear()
        self._info_cache[key] = (time.monotonic() + INFO_CACHE_SECONDS, info)
        return info

    def _public_choices(self, info: dict):
        try:
            dest = get_platform(info["platform"])
        except ValueError:
            dest = None
        return mode_choices(
            self.platform, self.s.license, ConnectionType.PUBLIC, dest, list(info["modes"])
        )

    def _public_modes(self, info: dict) -> list[Mode]:
        return enabled_modes(self._public_choices(info))

    # -- initiate ----------------------------------------------------------------------
    def _validate_project(self, value: str | None, field: str) -> str | None:
        if not self.platform.has_projects:
            return None
        if not value:
            label = "the second project" if field == "remote_project" else "a project"
            raise ApiError(
                422,
                "project_required",
                f"{self.platform.label} needs {label} for incoming sync; choose one of "
                f"{', '.join(p.key for p in self.tracker.projects())}.",
                field,
            )
        if not self.tracker.has_project(value):
            raise ApiError(
                422,
                "unknown_project",
                f"There is no project '{value}' on {self.s.name}; choose one of "
                f"{', '.join(p.key for p in self.tracker.projects())}.",
                field,
            )
        return value

    def _check_mode(self, choices, mode: Mode) -> None:
        choice = next((c for c in choices if c.mode == mode), None)
        if choice is None:
            raise ApiError(
                422,
                "mode_not_available",
                f"{self.platform.label} does not offer the {mode.value} mode.",
                "mode",
            )
        if choice.enabled:
            return
        if "licence" in (choice.reason or ""):
            raise ApiError(
                403,
                "license_required",
                f"The {mode.value} mode needs an evaluation or paid licence; this node's licence "
                f"is {self.s.license}. Choose the basic mode or renew the licence.",
                "mode",
            )
        raise ApiError(
            422,
            "mode_not_available",
            f"The {mode.value} mode is not available here: {choice.reason}.",
            "mode",
        )

    async def initiate(self, req: InitiateRequest) -> tuple[Connection, str | None]:
        if self.s.private:
            raise ApiError(
                403,
                "instance_private",
                "This node was started with --private (it has no public URL), so it cannot "
                "initiate connections; it can only accept them. Initiate from the other node.",
            )
        errors = connection_info_errors(
            req.local_short_name, req.remote_short_name, req.name, req.description
        )
        if errors:
            field, message = next(iter(errors.items()))
            raise ApiError(422, "validation_error", message, field)
        _refuse_control_characters(
            {
                "local_short_name": req.local_short_name,
                "remote_short_name": req.remote_short_name,
                "name": req.name,
                "description": req.description,
            }
        )
        self._check_name_free(req.name)
        dest_url = (req.destination_url or "").strip() or None
        info = None
        problem = url_problem(display_url(dest_url)) if dest_url else None
        if problem:
            raise ApiError(422, "destination_unreachable", problem, "destination_url")
        if dest_url is None:
            ctype = ConnectionType.PRIVATE
        elif self.is_own_url(dest_url):
            ctype = ConnectionType.LOCAL
            if not self.platform.local_connections:
                raise ApiError(422, "validation_error", self._no_local_message(), "destination_url")
        else:
            ctype = ConnectionType.PUBLIC
            try:
                info = await self.destination_info(dest_url)
            except PeerUnreachable as exc:
                raise ApiError(
                    422, "destination_unreachable", str(exc), "destination_url"
                ) from None
        if info is not None:
            choices = self._public_choices(info)
        else:
            choices = mode_choices(self.platform, self.s.license, ctype)
        self._check_mode(choices, req.mode)
        project = self._validate_project(req.project, "project")
        remote_project = None
        if ctype is ConnectionType.LOCAL:
            remote_project = self._validate_project(req.remote_project, "remote_project")

        now = datetime.now(UTC)
        cid = uuid.uuid4().hex
        secret = codec.new_secret()
        expires = now + timedelta(seconds=self.s.invitation_ttl)
        outgoing, incoming = default_rules(self.s.platform, project)
        row = {
            "id": cid,
            "name": req.name,
            "description": req.description or "",
            "type": ctype.value,
            "mode": req.mode.value,
            "role": "initiator",
            "status": "pending",
            "local_short_name": req.local_short_name,
            "remote_short_name": req.remote_short_name,
            "project": project,
            "remote_project": remote_project,
            "created_at": iso(now),
            "updated_at": iso(now),
            "secret": secret,
            "expires_at": iso(expires),
            "outgoing_rules": outgoing,
            "incoming_rules": incoming,
        }
        code = None
        if ctype is ConnectionType.LOCAL:
            row.update(
                status="active",
                remote_url=self.s.url,
                remote_platform=self.s.platform,
                remote_name=self.s.name,
                remote_node_id=self.node_id,
                secret=None,
                expires_at=None,
            )
        else:
            if ctype is ConnectionType.PUBLIC:
                row.update(
                    remote_url=display_url(dest_url),
                    remote_platform=info["platform"],
                    remote_name=info["name"],
                )
            code = codec.encode(
                codec.Invitation(
                    connection_id=cid,
                    initiator_url=self.s.url,
                    initiator_platform=self.s.platform,
                    initiator_name=self.s.name,
                    local_short_name=req.local_short_name,
                    remote_short_name=req.remote_short_name,
                    connection_name=req.name,
                    type=ctype,
                    mode=req.mode,
                    expires_at=expires,
                    secret=secret,
                )
            )
            row["invitation_code"] = code
        # again: another initiate may have taken the name while this one awaited the
        # destination (nothing awaits between this check and the insert)
        self._check_name_free(req.name)
        with self.change() as (db, rev):
            row["revision"] = rev
            self.store.insert_connection(db, row)
        return to_model(self.get(cid)), code

    def _check_name_free(self, name: str) -> None:
        if self.store.name_taken(name):
            raise ApiError(
                409,
                "name_taken",
                f"A connection named '{name}' already exists on this node; choose another name.",
                "name",
            )

    def invitation(self, cid: str) -> str:
        row = self.get(cid)
        if row["role"] != "initiator" or row["status"] != "pending" or not row["invitation_code"]:
            raise ApiError(
                409,
                "not_pending",
                "There is no invitation code to show: the connection is not waiting for "
                "acceptance (it was accepted, or it is local).",
            )
        return row["invitation_code"]

    # -- status, delete, rules ---------------------------------------------------------
    def _enqueue(self, db, row: dict, kind: str, payload: dict) -> None:
        if row["type"] == "local" or row["remote_deleted"]:
            return
        if row["remote_url"]:
            self.store.enqueue(
                db, row["id"], kind, payload, peer_url=row["remote_url"], pull_node=None
            )
        elif row["remote_node_id"]:
            self.store.enqueue(
                db, row["id"], kind, payload, peer_url=None, pull_node=row["remote_node_id"]
            )

    def _after_enqueue(self) -> None:
        self.outbox_wake.notify()
        self.pulls.notify()

    def patch(self, cid: str, status: Status | None, description: str | None) -> Connection:
        row = self.get(cid)
        if description is not None and len(description) > 2000:
            raise ApiError(
                422,
                "validation_error",
                "Description must be at most 2000 characters.",
                "description",
            )
        _refuse_control_characters({"description": description})
        fields: dict = {}
        if description is not None and description != row["description"]:
            fields["description"] = description
        if status is not None and status.value != row["status"]:
            if status not in (Status.ACTIVE, Status.DEACTIVATED):
                raise ApiError(
                    422,
                    "validation_error",
                    "Status can only be set to active or deactivated.",
                    "status",
                )
            if row["status"] == "pending":
                raise ApiError(
                    409,
                    "connection_pending",
                    "This connection is waiting for the invitation to be accepted; "
                    "it can be activated or deactivated once accepted.",
                    "status",
                )
            if row["remote_deleted"]:
                raise ApiError(
                    409,
                    "remote_deleted",
                    "The remote side deleted this connection; it cannot be "
                    "reactivated. Delete it here and create a new one.",
                    "status",
                )
            fields.update(status=status.value, error=None, status_at=now_iso())
        if not fields:
            return to_model(row)
        with self.change() as (db, rev):
            fields.update(updated_at=now_iso(), revision=rev)
            self.store.update_connection(db, cid, **fields)
            if "status" in fields:
                payload = {"status": fields["status"], "at": fields["status_at"]}
                self._enqueue(db, row, "status", payload)
        self._after_enqueue()
        return to_model(self.get(cid))

    def delete(self, cid: str) -> None:
        row = self.get(cid)
        with self.change() as (db, rev):
            self.store.update_connection(
                db, cid, deleted_at=now_iso(), revision=rev, invitation_code=None
            )
            if row["status"] != "pending":
                self._enqueue(db, row, "deleted", {"at": now_iso(), "by": self.s.name})
            self.store.purge_tombstone(db, cid)
        self._after_enqueue()
        self.poll_wake.notify()

    def rules(self, cid: str) -> Rules:
        row = self.get(cid)
        return Rules(outgoing=row["outgoing_rules"], incoming=row["incoming_rules"])

    def put_rules(self, cid: str, rules: Rules) -> Rules:
        row = self.get(cid)
        if row["mode"] == Mode.BASIC.value:
            raise ApiError(
                409,
                "rules_read_only",
                "This connection uses the basic mode, whose sync rules are fixed and "
                "cannot be edited.",
            )
        syntax_gate(rules)
        with self.change() as (db, rev):
            self.store.update_connection(
                db,
                cid,
                outgoing_rules=rules.outgoing,
                incoming_rules=rules.incoming,
                updated_at=now_iso(),
                revision=rev,
            )
        return rules
