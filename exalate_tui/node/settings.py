"""The node's runtime settings, built from `exalate-node serve` flags (or directly in tests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.platforms import Platform, get_platform

DEFAULT_INVITATION_TTL = 7 * 24 * 3600.0
DEFAULT_POLL_INTERVAL = 20.0

# Test hook: EXALATE_NODE_FAULT=crash_after_accept_confirm makes an acceptor exit abruptly
# (os._exit(70)) after the initiator confirmed an accept and before the acceptor's own commit.
FAULT_ENV = "EXALATE_NODE_FAULT"
FAULT_CRASH_AFTER_ACCEPT_CONFIRM = "crash_after_accept_confirm"


@dataclass
class NodeSettings:
    platform: str
    name: str
    data_dir: Path
    token: str
    host: str = "127.0.0.1"
    port: int = 0
    url: str | None = None  # public URL; None = private node
    private: bool = False
    license: str = "evaluation"
    invitation_ttl: float = DEFAULT_INVITATION_TTL
    poll_interval: float = DEFAULT_POLL_INTERVAL
    # Outbox retry backoff: first retry after retry_base seconds, doubling up to retry_max.
    retry_base: float = 0.5
    retry_max: float = 30.0
    peer_timeout: float = 5.0
    check_timeout: float = 3.0
    token_file: Path | None = None  # where the admin token lives, when generated
    fault: str | None = field(default_factory=lambda: os.environ.get(FAULT_ENV) or None)

    @property
    def platform_info(self) -> Platform:
        return get_platform(self.platform)

    @property
    def admin_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "::") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "node.db"
