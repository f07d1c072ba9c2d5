"""A broadcast wake-up for long-polls: every waiter wakes when `notify()` is called."""

from __future__ import annotations

import asyncio


class Notifier:
    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.count = 0  # notifications so far: lets a waiter notice one it was not waiting for

    def notify(self) -> None:
        self.count += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float, since: int | None = None) -> bool:
        """True when notified before `timeout` seconds passed (or since `count` was `since`)."""
        if since is not None and since != self.count:
            return True
        event = self._event
        if timeout <= 0:
            return False
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            return False
