"""Pydantic models of the node's admin API: the contract between console, node and other tools."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .platforms import ConnectionType, License, Mode


class Role(StrEnum):
    INITIATOR = "initiator"
    ACCEPTOR = "acceptor"


class Status(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    ERROR = "error"


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)


class NodeInfo(ApiModel):
    name: str
    platform: str
    url: str | None
    license: License
    version: str
    modes: list[Mode]
    has_projects: bool


class Project(ApiModel):
    key: str
    name: str


class ProjectList(ApiModel):
    projects: list[Project]


class DestinationCheckRequest(ApiModel):
    url: str


class DestinationCheck(ApiModel):
    reachable: bool
    url: str
    platform: str | None = None
    name: str | None = None
    modes: list[Mode] = Field(default_factory=list)
    local: bool = False
    error: str | None = None


class Connection(ApiModel):
    id: str
    name: str
    description: str = ""
    type: ConnectionType
    mode: Mode
    role: Role
    status: Status
    local_short_name: str
    remote_short_name: str
    remote_url: str | None = None
    remote_platform: str | None = None
    project: str | None = None
    remote_project: str | None = None
    items_under_sync: int = 0
    last_sync: datetime | None = None
    created_at: datetime
    updated_at: datetime
    error: str | None = None


class ConnectionList(ApiModel):
    revision: int
    connections: list[Connection]


class InitiateRequest(ApiModel):
    destination_url: str | None = None
    mode: Mode
    local_short_name: str
    remote_short_name: str
    name: str
    description: str = ""
    project: str | None = None
    # Local connections only: the second project, in the same instance.
    remote_project: str | None = None


class InitiateResult(ApiModel):
    connection: Connection
    invitation_code: str | None = None


class InvitationCode(ApiModel):
    invitation_code: str


class InspectRequest(ApiModel):
    code: str


class InvitationPreview(ApiModel):
    connection_name: str
    initiator_name: str
    initiator_platform: str
    initiator_url: str
    type: ConnectionType
    mode: Mode
    local_short_name: str
    remote_short_name: str
    expires_at: datetime
    needs_project: bool


class AcceptRequest(ApiModel):
    code: str
    project: str | None = None


class AcceptResult(ApiModel):
    connection: Connection


class ConnectionPatch(ApiModel):
    status: Status | None = None
    description: str | None = None


class Rules(ApiModel):
    outgoing: str
    incoming: str


class ErrorBody(ApiModel):
    code: str
    message: str
    field: str | None = None
    # rules_syntax_error: where the first problem is.
    script: str | None = None
    line: int | None = None
    column: int | None = None


class ErrorEnvelope(ApiModel):
    error: ErrorBody


class RuleProblem(ApiModel):
    """One problem in one sync script, at a 1-based line and column."""

    script: str
    line: int
    column: int
    message: str
    kind: str = "syntax"
    source_line: str = ""


class RulesCheck(ApiModel):
    ok: bool
    errors: list[RuleProblem] = Field(default_factory=list)


class RulesTestResult(ApiModel):
    ok: bool
    replica: dict | None = None
    issue: dict | None = None
    errors: list[RuleProblem] = Field(default_factory=list)
    logs: list[str] = Field(default_factory=list)
