"""The Connections screen's header line (which instance, where, licence, online or not) and the
banner shown while the node cannot be reached."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..config import Instance
from ..domain.models import NodeInfo
from ..domain.platforms import PLATFORMS


def platform_label(platform_id: str | None) -> str:
    if not platform_id:
        return "unknown platform"
    platform = PLATFORMS.get(platform_id)
    return platform.label if platform else platform_id


class InstanceHeader(Static):
    """One line: name · platform · URL (or private) · licence · online/offline."""

    DEFAULT_CSS = """
    InstanceHeader { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, instance: Instance, **kwargs) -> None:
        super().__init__(**kwargs)
        self.instance = instance
        self.info: NodeInfo | None = None
        self.online: bool | None = None

    def on_mount(self) -> None:
        self._redraw()

    def show(self, info: NodeInfo | None = None, online: bool | None = None) -> None:
        if info is not None:
            self.info = info
        if online is not None:
            self.online = online
        self._redraw()

    def _redraw(self) -> None:
        info = self.info
        name = info.name if info else self.instance.name
        platform = platform_label(info.platform if info else self.instance.platform)
        if info:
            where = info.url or "private (no URL)"
            licence = f"licence: {info.license.value}"
        else:
            where = "private (no URL)" if self.instance.private else "…"
            licence = "licence: …"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(name, style="bold")
        text.append(f" · {platform} · " if platform != name else " · ")
        text.append(where, style="underline" if info and info.url else "")
        text.append(f" · {licence} · ")
        if self.online is None:
            text.append("connecting…", style="dim")
        elif self.online:
            text.append("● online", style="bold green")
        else:
            text.append("● offline", style="bold red")
        self.update(text)


class OfflineBanner(Static):
    """Says the node cannot be reached and that the console keeps retrying by itself."""

    DEFAULT_CSS = """
    OfflineBanner {
        display: none; height: auto; padding: 0 1;
        background: $error; color: $text;
    }
    OfflineBanner.-shown { display: block; }
    """

    def show_problem(self, message: str, retry_in: float, attempt: int) -> None:
        self.update(
            f"{message}\nRetrying by itself (attempt {attempt}, next in {retry_in:.0f} s); "
            "press r to retry now."
        )
        self.add_class("-shown")

    def clear_problem(self) -> None:
        self.remove_class("-shown")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")
