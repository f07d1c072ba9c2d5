"""Instances: the nodes this console knows, with platform and online state; enter switches."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..config import Instance
from ..domain.models import NodeInfo
from ..widgets.keys_footer import KeysFooter
from ..widgets.status_bar import platform_label


def _short_url(url: str) -> str:
    for prefix in ("http://", "https://"):
        if url.startswith(prefix):
            return url[len(prefix) :]
    return url


class InstancesScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="instances.back"),
        Binding(
            "enter",
            "switch",
            "Switch",
            id="instances.switch",
            priority=True,  # shown in the Footer even while the table has focus
            tooltip="Switch to the selected instance",
        ),
        Binding(
            "r", "refresh", "Refresh", id="instances.refresh", tooltip="Ask every instance again"
        ),
    ]

    class Probed(Message):
        def __init__(self, instance: Instance, info: NodeInfo | None) -> None:
            super().__init__()
            self.instance = instance
            self.info = info

    def compose(self) -> ComposeResult:
        yield Static(
            "Instances this console knows — enter switches, Esc goes back", id="instances-title"
        )
        yield DataTable(id="instances", cursor_type="row")
        yield KeysFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#instances", DataTable)

    def on_mount(self) -> None:
        table = self.table
        url_width = max(12, self.size.width - 2 - 2 * 4 - 24 - 20 - 8)
        table.add_column("Instance", key="name", width=24)
        table.add_column("Platform", key="platform", width=20)
        table.add_column("URL", key="url", width=url_width)
        table.add_column("State", key="state", width=8)
        current = self.app.instance
        for index, instance in enumerate(self.app.instances):
            mark = current is not None and instance.name == current.name
            table.add_row(
                Text(("● " if mark else "  ") + instance.name),
                platform_label(instance.platform),
                "private" if instance.private else "…",
                Text("checking", style="dim"),
                key=instance.name,
            )
            if mark:
                table.move_cursor(row=index, animate=False)
        table.focus()
        self.probe()

    @work(exclusive=True, group="probe", exit_on_error=False)
    async def probe(self) -> None:
        async def one(instance: Instance) -> None:
            info = await self.app.info_for(instance, refresh=True)
            self.post_message(self.Probed(instance, info))

        await asyncio.gather(*(one(i) for i in self.app.instances))

    def on_instances_screen_probed(self, message: Probed) -> None:
        key, info, table = message.instance.name, message.info, self.table
        if info is None:
            table.update_cell(key, "state", Text("offline", style="bold red"))
            return
        table.update_cell(key, "platform", platform_label(info.platform))
        url = Text(_short_url(info.url)) if info.url else Text("private", "italic")
        table.update_cell(key, "url", url)
        table.update_cell(key, "state", Text("online", style="bold green"))

    def selected_name(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    @on(DataTable.RowSelected, "#instances")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_switch()

    def action_switch(self) -> None:
        name = self.selected_name()
        if name:
            self.app.switch_instance(name)

    def action_refresh(self) -> None:
        for instance in self.app.instances:
            self.table.update_cell(instance.name, "state", Text("checking", style="dim"))
        self.probe()

    def action_back(self) -> None:
        self.dismiss()
