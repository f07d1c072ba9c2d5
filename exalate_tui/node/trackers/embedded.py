"""The built-in tracker, so a node runs with nothing external: a few demo projects."""

from __future__ import annotations

from ...domain.models import Project
from ...domain.platforms import get_platform

DEMO_PROJECTS: dict[str, list[tuple[str, str]]] = {
    "jira-onprem": [("DEMO", "Demo project"), ("SUP", "Support"), ("DEV", "Development")],
    "azure-devops": [
        ("Fabrikam Fiber", "Fabrikam Fiber"),
        ("Parts Unlimited", "Parts Unlimited"),
        ("Contoso Web", "Contoso Web"),
    ],
    "azure-devops-server": [
        ("Fabrikam Fiber", "Fabrikam Fiber"),
        ("Parts Unlimited", "Parts Unlimited"),
        ("Tailspin Toys", "Tailspin Toys"),
    ],
}


class EmbeddedTracker:
    def __init__(self, platform: str):
        self.platform = platform
        has = get_platform(platform).has_projects
        pairs = DEMO_PROJECTS.get(platform, []) if has else []
        self._projects = [Project(key=k, name=n) for k, n in pairs]
        self._keys = {p.key for p in self._projects}

    def projects(self) -> list[Project]:
        return list(self._projects)

    def has_project(self, key: str) -> bool:
        return key in self._keys


def tracker_for(platform: str) -> EmbeddedTracker:
    return EmbeddedTracker(platform)
