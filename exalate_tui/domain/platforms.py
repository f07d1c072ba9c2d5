"""The platform capability table: the one place that says what each tracker can do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mode(StrEnum):
    BASIC = "basic"
    VISUAL = "visual"
    SCRIPT = "script"


class License(StrEnum):
    EVALUATION = "evaluation"
    PAID = "paid"
    EXPIRED = "expired"


class ConnectionType(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    LOCAL = "local"


@dataclass(frozen=True)
class Platform:
    id: str
    label: str
    modes: tuple[Mode, ...]
    has_projects: bool
    work_item: str
    work_items: str
    local_connections: bool
    script_badge: str | None = None

    @property
    def basic_scope_line(self) -> str | None:
        """The Basic card's 'what can be synced' bullet, where the platform has one."""
        if self.id in ("jira-onprem", "azure-devops", "azure-devops-server"):
            return "Only issues can be synced"
        if self.id == "xurrent":
            return "Only tickets can be synced"
        return None


_ALL = (Mode.BASIC, Mode.VISUAL, Mode.SCRIPT)
_NO_VISUAL = (Mode.BASIC, Mode.SCRIPT)

PLATFORMS: dict[str, Platform] = {
    p.id: p
    for p in (
        Platform("jira-onprem", "Jira on-premise", _ALL, True, "issue", "issues", True),
        Platform(
            "azure-devops", "Azure DevOps Service", _ALL, True, "work item", "work items", False
        ),
        Platform(
            "azure-devops-server",
            "Azure DevOps Server",
            _NO_VISUAL,
            True,
            "work item",
            "work items",
            False,
        ),
        Platform("servicenow", "ServiceNow", _NO_VISUAL, False, "incident", "incidents", True),
        Platform(
            "xurrent",
            "Xurrent",
            _NO_VISUAL,
            False,
            "request",
            "requests",
            False,
            script_badge="AI ASSIST",
        ),
    )
}

PLATFORM_IDS: tuple[str, ...] = tuple(PLATFORMS)
DEFAULT_PLATFORM = "jira-onprem"


def get_platform(platform_id: str) -> Platform:
    try:
        return PLATFORMS[platform_id]
    except KeyError:
        known = ", ".join(PLATFORM_IDS)
        raise ValueError(f"Unknown platform '{platform_id}'. Known platforms: {known}.") from None


@dataclass(frozen=True)
class ModeChoice:
    """One mode card: whether it can be chosen and, if not, why."""

    mode: Mode
    enabled: bool
    reason: str | None = None


def mode_choices(
    local: Platform,
    license: License | str,
    connection_type: ConnectionType | str,
    destination: Platform | None = None,
    destination_modes: tuple[str, ...] | list[str] | None = None,
) -> list[ModeChoice]:
    """The cards for a new connection, in display order (every card of the local platform).

    offered = local modes ∩ destination modes (no URL: local modes); visual only on public
    connections; script and visual need an evaluation or paid licence.
    """
    license = License(license)
    connection_type = ConnectionType(connection_type)
    remote_modes: set[str] | None = None
    if destination_modes is not None:
        remote_modes = {str(m) for m in destination_modes}
    elif destination is not None:
        remote_modes = {m.value for m in destination.modes}
    choices = []
    for mode in local.modes:
        reason = None
        if connection_type is ConnectionType.PRIVATE and mode is Mode.VISUAL:
            reason = "Not available for a private connection (no URL for the destination)"
        elif (
            connection_type is ConnectionType.PUBLIC
            and remote_modes is not None
            and mode.value not in remote_modes
        ):
            label = destination.label if destination else "the destination"
            reason = f"Not offered by {label}"
        elif connection_type is ConnectionType.LOCAL and mode is Mode.VISUAL:
            reason = "Not available for a local connection"
        elif mode is not Mode.BASIC and license is License.EXPIRED:
            reason = "Needs an evaluation or paid licence"
        choices.append(ModeChoice(mode, reason is None, reason))
    return choices


def mode_available(choices: list[ModeChoice], mode: Mode | str) -> ModeChoice | None:
    for choice in choices:
        if choice.mode == Mode(mode):
            return choice
    return None
