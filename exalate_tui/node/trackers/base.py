"""The tracker interface: what the node needs from the system it stands beside."""

from __future__ import annotations

from typing import Protocol

from ...domain.models import Project


class Tracker(Protocol):
    platform: str

    def projects(self) -> list[Project]:
        """Projects an incoming sync can create items in (empty where the platform has none)."""
        ...

    def has_project(self, key: str) -> bool: ...
