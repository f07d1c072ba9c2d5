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
    InstanceHeader { height: auto; max-height: 2; padding: 0 1; background: $panel; }
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

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        # The online state goes first: a narrow terminal must never hide it. When the line is
        # too long for the terminal the words shrink, and as a last resort it wraps.
        info = self.info
        name = info.name if info else self.instance.name
        platform = platform_label(info.platform if info else self.instance.platform)
        width = self.content_size.width or self.app.size.width - 2
        for compact in (False, True):
            text = Text(overflow="fold")
            if self.online is None:
                text.append("connecting…", style="dim")
            elif self.online:
                text.append("● online", style="bold green")
            else:
                text.append("● offline", style="bold red")
            text.append(" · ")
            text.append(name, style="bold")
            if platform != name:
                text.append(f" · {platform}")
            if info and info.url:
                url = info.url.split("://", 1)[-1] if compact else info.url
                text.append(" · ")
                text.append(url, style="underline")
            elif info or self.instance.private:
                text.append(" · private" if compact else " · private (no URL)")
            if info:  # nothing known yet: no placeholders
                licence = info.license.value
                text.append(f" · {licence}" if compact else f" · licence: {licence}")
            if text.cell_len <= width:
                break
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
