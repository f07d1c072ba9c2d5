"""A few sample items per platform, so a Test run can start from a tracker key."""

from __future__ import annotations

from typing import Any

_COMMON: dict[str, Any] = {
    "labels": ["customer", "sync"],
    "priority": {"name": "High"},
    "status": {"name": "Open"},
    "reporter": {"displayName": "Ada Admin", "email": "ada@example.com"},
    "assignee": {"displayName": "Sam Support", "email": "sam@example.com"},
    "comments": [
        {"id": "1", "body": "Seen on two laptops.", "author": {"displayName": "Ada Admin"}},
        {"id": "2", "body": "Customer confirmed.", "author": {"displayName": "Sam Support"}},
    ],
    "attachments": [{"id": "a1", "filename": "screenshot.png", "filesize": 48213}],
    "created": "2026-11-02T09:15:00Z",
    "updated": "2026-11-20T16:40:00Z",
}

_ITEMS: dict[str, list[dict[str, Any]]] = {
    "jira-onprem": [
        {
            "key": "DEMO-1",
            "id": "10001",
            "summary": "Login fails after password reset",
            "description": "Users cannot log in after resetting their password.",
            "type": {"name": "Bug"},
            "projectKey": "DEMO",
        },
        {
            "key": "SUP-7",
            "id": "10007",
            "summary": "Export to CSV is slow",
            "description": "Exports of more than 5,000 rows take minutes.",
            "type": {"name": "Task"},
            "projectKey": "SUP",
        },
    ],
    "azure-devops": [
        {
            "key": "42",
            "id": "42",
            "summary": "Checkout button unresponsive",
            "description": "<p>Clicking <b>Checkout</b> does nothing on Safari.</p>",
            "type": {"name": "Bug"},
            "projectKey": "Fabrikam Fiber",
        },
    ],
    "azure-devops-server": [
        {
            "key": "317",
            "id": "317",
            "summary": "Nightly build breaks on agent 3",
            "description": "The build agent runs out of disk space.",
            "type": {"name": "Task"},
            "projectKey": "Tailspin Toys",
        },
    ],
    "servicenow": [
        {
            "key": "INC0010023",
            "id": "INC0010023",
            "summary": "Email delivery delayed",
            "description": "Outbound email is delayed by up to an hour.",
            "type": {"name": "incident"},
        },
    ],
    "xurrent": [
        {
            "key": "70512",
            "id": "70512",
            "summary": "New laptop for onboarding",
            "description": "A new starter needs a laptop on Monday.",
            "type": {"name": "rfc"},
        },
    ],
}


def sample_items(platform: str) -> list[dict[str, Any]]:
    return [{**_COMMON, **item} for item in _ITEMS.get(platform, [])]


def sample_item(platform: str, key: str) -> dict[str, Any] | None:
    return next((item for item in sample_items(platform) if item["key"] == key), None)
