"""The Initiate wizard's state: one object that every step reads and writes.

Widgets never hold the truth: each step copies what the user types into ``WizardState`` as it
changes, so going back and forth (or rebuilding a step) never loses a value. No Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ...client import NodeError
from ...config import Instance
from ...domain.models import Connection, DestinationCheck, InitiateRequest, NodeInfo
from ...domain.platforms import (
    PLATFORMS,
    ConnectionType,
    License,
    Mode,
    ModeChoice,
    Platform,
    get_platform,
    mode_choices,
)
from ...domain.validation import connection_info_errors, default_connection_name


class Step(StrEnum):
    DESTINATION = "destination"
    ACCESS = "access"
    INFO = "info"
    PROJECT = "project"
    RESULT = "result"


STEP_TITLES = {
    Step.DESTINATION: "Destination and configuration type",
    Step.ACCESS: "Access to the destination",
    Step.INFO: "Connection information",
    Step.PROJECT: "Project for the incoming sync",
    Step.RESULT: "Invitation",
}

VISUAL_NEEDS_KNOWN = "Needs admin access to both sides (a destination managed here)"

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9 _.\-]+")


def suggested_short_name(name: str | None) -> str:
    """A node name turned into a valid short name ('' when nothing usable is left)."""
    if not name:
        return ""
    return _NOT_ALLOWED.sub("_", name).strip(" _")[:64]


@dataclass
class WizardState:
    local: Platform
    node_name: str
    license: License
    own_url: str | None
    # Step 1
    url: str = ""
    no_url: bool = False
    checking: bool = False
    check: DestinationCheck | None = None
    check_url: str = ""  # the URL the current check answered for
    check_failed: str | None = None  # the console could not ask the node at all
    known: Instance | None = None
    known_info: NodeInfo | None = None
    mode: Mode | None = None
    admin_access: bool | None = None
    # Step 2
    local_short_name: str = ""
    remote_short_name: str = ""
    remote_short_auto: bool = True  # filled in from the destination until edited by hand
    name: str = ""
    name_edited: bool = False
    description: str = ""
    # Step 3
    project: str | None = None
    remote_project: str | None = None
    # Errors the node gave, keyed by field (or "step:<step>" for a step-level message).
    node_errors: dict[str, str] = field(default_factory=dict)
    # Result
    busy: bool = False
    invitation_code: str | None = None
    connection: Connection | None = None
    remote_connection: Connection | None = None
    remote_error: str | None = None

    @classmethod
    def for_node(cls, info: NodeInfo) -> WizardState:
        return cls(
            local=get_platform(info.platform),
            node_name=info.name,
            license=License(info.license),
            own_url=info.url,
            local_short_name=suggested_short_name(info.name),
        )

    # --- step 1 -------------------------------------------------------------------------

    @property
    def can_initiate(self) -> bool:
        """A node started without a public URL can only accept invitations."""
        return self.own_url is not None

    @property
    def url_checked(self) -> bool:
        return (
            self.check is not None
            and self.check.reachable
            and self.url.strip() != ""
            and self.check_for_current_url
        )

    @property
    def check_for_current_url(self) -> bool:
        return self.check is not None and self._norm(self.check_url) == self._norm(self.url)

    @staticmethod
    def _norm(url: str) -> str:
        return url.strip().rstrip("/")

    @property
    def connection_type(self) -> ConnectionType:
        if self.no_url:
            return ConnectionType.PRIVATE
        if self.check is not None and self.check.local and self.check_for_current_url:
            return ConnectionType.LOCAL
        return ConnectionType.PUBLIC

    @property
    def destination(self) -> Platform | None:
        if self.connection_type is ConnectionType.LOCAL:
            return self.local
        if self.url_checked and self.check and self.check.platform in PLATFORMS:
            return PLATFORMS[self.check.platform]
        return None

    def choices(self) -> list[ModeChoice]:
        """Every card of the local platform, with the same rules the node applies.

        The destination's platform gives the reasons (licence, private, not offered); the
        node's own answer (``check.modes``, what it would accept) has the last word; Visual
        also needs a destination this console administers.
        """
        kind = self.connection_type
        checked = kind is ConnectionType.PUBLIC and self.url_checked and self.check
        choices = mode_choices(self.local, self.license, kind, self.destination)
        result = []
        for choice in choices:
            if choice.enabled and checked and choice.mode not in self.check.modes:
                label = self.destination.label if self.destination else "the destination"
                choice = ModeChoice(choice.mode, False, f"Not offered by {label}")
            if (
                choice.enabled
                and choice.mode is Mode.VISUAL
                and kind is ConnectionType.PUBLIC
                and self.known is None
            ):
                choice = ModeChoice(choice.mode, False, VISUAL_NEEDS_KNOWN)
            result.append(choice)
        return result

    def chosen(self) -> ModeChoice | None:
        return next((c for c in self.choices() if c.mode == self.mode), None)

    def destination_problem(self) -> str | None:
        """Why step 1 cannot be left yet (None when it can)."""
        if not self.can_initiate:
            return (
                f"{self.node_name} was started without a public URL (private), so it can only "
                "accept invitations. Start it with a URL to initiate connections."
            )
        if not self.no_url:
            if not self.url.strip():
                return "Enter the destination instance URL, or tick 'I don't have a URL'."
            if self.checking or not self.check_for_current_url:
                return "Waiting for the destination check…"
            if self.check_failed:
                return self.check_failed
            if self.check and not self.check.reachable:
                return self.check.error or "The destination did not answer."
            if self.connection_type is ConnectionType.LOCAL and not self.local.local_connections:
                return (
                    f"That URL is this instance's own; local connections are not available "
                    f"on {self.local.label}."
                )
        if self.mode is None:
            return "Choose a configuration type."
        chosen = self.chosen()
        if chosen is None or not chosen.enabled:
            return chosen.reason if chosen else "That configuration type is not offered."
        return None

    # --- access question --------------------------------------------------------------

    @property
    def asks_access(self) -> bool:
        return self.mode is Mode.BASIC and self.connection_type is ConnectionType.PUBLIC

    @property
    def completes_remotely(self) -> bool:
        """Initiate here, then accept on the destination through its own admin API."""
        if self.connection_type is not ConnectionType.PUBLIC or self.known is None:
            return False
        return self.mode is Mode.VISUAL or (self.mode is Mode.BASIC and bool(self.admin_access))

    @property
    def remote_platform(self) -> Platform | None:
        if self.connection_type is ConnectionType.LOCAL:
            return self.local
        if self.completes_remotely and self.known_info:
            return PLATFORMS.get(self.known_info.platform)
        return None

    # --- step 2 -------------------------------------------------------------------------

    def prefill_names(self) -> None:
        if not self.local_short_name:
            self.local_short_name = suggested_short_name(self.node_name)
        if self.remote_short_auto:
            if self.connection_type is ConnectionType.LOCAL:
                self.remote_short_name = self.local_short_name
            elif self.no_url:
                self.remote_short_name = ""
            elif self.check and self.check_for_current_url and self.check.name:
                self.remote_short_name = suggested_short_name(self.check.name)
        self.sync_name()

    def sync_name(self) -> None:
        if not self.name_edited:
            if self.local_short_name and self.remote_short_name:
                self.name = default_connection_name(self.local_short_name, self.remote_short_name)
            else:
                self.name = ""

    def set_name_by_hand(self, value: str) -> None:
        self.name = value
        auto = default_connection_name(self.local_short_name, self.remote_short_name)
        self.name_edited = value != auto

    def info_errors(self) -> dict[str, str]:
        return connection_info_errors(
            self.local_short_name, self.remote_short_name, self.name, self.description
        )

    # --- step 3 -------------------------------------------------------------------------

    @property
    def asks_local_project(self) -> bool:
        return self.local.has_projects

    @property
    def asks_remote_project(self) -> bool:
        remote = self.remote_platform
        return remote is not None and remote.has_projects

    def project_problem(self) -> str | None:
        if self.asks_local_project and not self.project:
            return "Choose the project where incoming items are created."
        if self.asks_remote_project and not self.remote_project:
            return "Choose the project on the other side too."
        return None

    # --- the sequence -------------------------------------------------------------------

    def steps(self) -> list[Step]:
        steps = [Step.DESTINATION]
        if self.asks_access:
            steps.append(Step.ACCESS)
        steps.append(Step.INFO)
        if self.asks_local_project or self.asks_remote_project:
            steps.append(Step.PROJECT)
        steps.append(Step.RESULT)
        return steps

    def request(self) -> InitiateRequest:
        local = self.connection_type is ConnectionType.LOCAL
        destination = None
        if not self.no_url:
            destination = (self.check.url if self.check else None) or self.url.strip()
        assert self.mode is not None
        return InitiateRequest(
            destination_url=destination,
            mode=self.mode,
            local_short_name=self.local_short_name.strip(),
            remote_short_name=self.remote_short_name.strip(),
            name=self.name.strip(),
            description=self.description,
            project=self.project if self.asks_local_project else None,
            remote_project=self.remote_project if local and self.asks_remote_project else None,
        )


# Where each node error code belongs: a field of step 2, or a step-level message.
FIELD_STEPS = {
    "destination_url": Step.DESTINATION,
    "url": Step.DESTINATION,
    "mode": Step.DESTINATION,
    "local_short_name": Step.INFO,
    "remote_short_name": Step.INFO,
    "name": Step.INFO,
    "description": Step.INFO,
    "project": Step.PROJECT,
    "remote_project": Step.PROJECT,
}

CODE_STEPS = {
    "name_taken": (Step.INFO, "name"),
    "destination_unreachable": (Step.DESTINATION, "url"),
    "license_required": (Step.DESTINATION, None),
    "mode_not_available": (Step.DESTINATION, None),
    "instance_private": (Step.DESTINATION, None),
    "project_required": (Step.PROJECT, "project"),
    "unknown_project": (Step.PROJECT, "project"),
}


def place_error(code: str, field_name: str | None) -> tuple[Step, str | None]:
    """The step (and field, if any) where a node error about initiating belongs."""
    if field_name and field_name in FIELD_STEPS:
        name = "url" if field_name == "destination_url" else field_name
        return FIELD_STEPS[field_name], name
    if code in CODE_STEPS:
        return CODE_STEPS[code]
    return Step.DESTINATION, None


def as_node_error(exc: Exception) -> NodeError:
    """Any failure in a worker, as something the screen can show (never a stuck spinner)."""
    if isinstance(exc, NodeError):
        return exc
    return NodeError(
        "console_error",
        f"Something went wrong in the console ({exc.__class__.__name__}); please try again.",
    )
