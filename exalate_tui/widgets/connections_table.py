"""The connections table: rows keyed by connection id, updated cell by cell in place.

Only what changed is redrawn: a new answer from the node is diffed against what is shown and
``update_cell`` is called for the cells that differ, so the cursor and the scroll position stay
where the user left them. A filter rebuilds the visible rows from the model kept here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.widgets import DataTable

from ..domain.models import Connection, Status

try:  # DataTable internals used by the bulk path; fall back to add_row without them.
    from textual.widgets._data_table import DuplicateKey, Row, RowKey

    _BULK = True
except ImportError:  # pragma: no cover - a Textual that moved them
    _BULK = False

STATUS_STYLE = {
    Status.PENDING: "bold yellow",
    Status.ACTIVE: "bold green",
    Status.DEACTIVATED: "dim",
    Status.ERROR: "bold red",
}
FLASH_STYLE = "reverse"
FLASH_SECONDS = 1.5

# key, wide label, compact label, wide width, compact width (compact fits 80 columns).
# The name column's width (None here) is whatever the terminal leaves for it.
COLUMNS = (
    ("name", "Connection", "Connection", None, None),
    ("type", "Type", "Type", 7, 7),
    ("mode", "Mode", "Mode", 6, 6),
    ("remote", "Remote", "Remote", 22, 15),
    ("items", "Work items under sync", "Items", 21, 5),
    ("last_sync", "Last sync", "Last sync", 16, 9),
    ("status", "Status", "Status", 11, 11),
)
COLUMN_KEYS = tuple(c[0] for c in COLUMNS)
NAME_MIN, NAME_MAX = 10, 48
# The wide labels ("Work items under sync") only when the name still gets this much: default
# names are "<local>_to_<remote>", so the name matters more than long headings.
NAME_WIDE_MIN = 32
SCROLLBAR = 2


def status_label(status: Status) -> str:
    return status.value.capitalize()


def status_text(status: Status) -> Text:
    return Text(status_label(status), style=STATUS_STYLE.get(status, ""))


def remote_text(connection: Connection) -> Text:
    if not connection.remote_url:
        return Text("unknown", style="italic dim")
    url = connection.remote_url
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return Text(url.rstrip("/"))


def last_sync_text(value: datetime | None, compact: bool) -> str:
    if value is None:
        return "never"
    local = value.astimezone() if value.tzinfo else value
    if compact:
        return local.strftime("%H:%M:%S" if local.date() == datetime.now().date() else "%y-%m-%d")
    return local.strftime("%Y-%m-%d %H:%M")


def row_cells(connection: Connection, compact: bool) -> tuple:
    return (
        Text(connection.name),
        connection.type.value,
        connection.mode.value,
        remote_text(connection),
        str(connection.items_under_sync),
        last_sync_text(connection.last_sync, compact),
        status_text(connection.status),
    )


def matches(connection: Connection, needle: str) -> bool:
    if not needle:
        return True
    haystack = " ".join(
        str(part or "")
        for part in (
            connection.name,
            connection.description,
            connection.type.value,
            connection.mode.value,
            connection.status.value,
            connection.local_short_name,
            connection.remote_short_name,
            connection.remote_url or "unknown",
            connection.project,
        )
    ).lower()
    return all(word in haystack for word in needle.lower().split())


def _fingerprint(c: Connection) -> tuple:
    """Everything the table shows or the user is told about; cheaper than model equality
    (which matters when 10,000 connections are compared on every answer)."""
    return (c.status, c.updated_at, c.items_under_sync, c.last_sync, c.error, c.remote_url)


@dataclass
class Changes:
    added: list[Connection] = field(default_factory=list)
    removed: list[Connection] = field(default_factory=list)
    status_changed: list[tuple[Connection, Status]] = field(default_factory=list)
    updated: int = 0


class ConnectionsTable(DataTable):
    """A DataTable that knows connections. Call ``sync()`` with each answer from the node."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.model: dict[str, Connection] = {}
        self.filter_text = ""
        self.compact = True
        self.name_width = 12
        self._cells: dict[str, tuple] = {}  # what each visible row shows now
        self._prints: dict[str, tuple] = {}  # fingerprint of each connection in the model
        self._flashing: set[str] = set()

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for key, wide, compact, wide_width, compact_width in COLUMNS:
            label = compact if self.compact else wide
            width = compact_width if self.compact else wide_width
            self.add_column(label, width=width or self.name_width, key=key)

    @staticmethod
    def layout_for(total_width: int) -> tuple[bool, int]:
        """(compact, name width) for a table ``total_width`` cells wide."""
        padding = 2 * len(COLUMNS)
        wide_fixed = sum(c[3] or 0 for c in COLUMNS)
        compact = total_width - SCROLLBAR - padding - wide_fixed < NAME_WIDE_MIN
        fixed = sum((c[4] if compact else c[3]) or 0 for c in COLUMNS)
        name = total_width - SCROLLBAR - padding - fixed
        return compact, max(NAME_MIN, min(NAME_MAX, name))

    def _update_dimensions(self, new_rows) -> None:
        """Every column has a fixed width and every row is one line high, so there is
        nothing to measure: skip DataTable's per-cell measuring (seconds for 10,000 rows)."""
        if any(column.auto_width for column in self.columns.values()) or any(
            self.rows[key].label is not None for key in new_rows if key in self.rows
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, len(self.rows) + header)

    # -- what the user sees ---------------------------------------------------------------

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        except Exception:
            return None
        return key.value

    def selected(self) -> Connection | None:
        selected = self.selected_id()
        return self.model.get(selected) if selected else None

    @property
    def visible_count(self) -> int:
        return self.row_count

    # -- feeding it -----------------------------------------------------------------------

    def sync(self, connections: list[Connection]) -> Changes:
        """Make the table show ``connections``; return what changed (for toasts).

        The loop is the hot path with 10,000 connections: one fingerprint per connection,
        compared with the one kept from the last answer; only differing rows are touched."""
        changes = Changes()
        prints = self._prints
        changed: list[Connection] = []
        added: list[Connection] = []
        seen = 0
        for connection in connections:
            old = prints.get(connection.id)
            if old is None:
                added.append(connection)
            else:
                seen += 1
                if old != _fingerprint(connection):
                    changed.append(connection)
        if seen != len(self.model):
            keep = self.selected_id()
            present = {c.id for c in connections}
            for gone_id in [i for i in self.model if i not in present]:
                changes.removed.append(self.discard(gone_id))
            self._keep_cursor_on(keep)
        new_rows: list[Connection] = []
        for connection in changed:
            self._upsert(connection, changes, new_rows)
        for connection in added:
            self._upsert(connection, changes, new_rows)
        self._append(new_rows)
        return changes

    def upsert(self, connection: Connection) -> Changes:
        """One connection changed (e.g. the node's answer to an action): show it now."""
        changes = Changes()
        new_rows: list[Connection] = []
        self._upsert(connection, changes, new_rows)
        self._append(new_rows)
        return changes

    def discard(self, connection_id: str) -> Connection | None:
        """Forget a connection and drop its row (the cursor stays on the same connection)."""
        keep = self.selected_id()
        if keep == connection_id:
            keep = None
        gone = self.model.pop(connection_id, None)
        self._prints.pop(connection_id, None)
        if connection_id in self._cells:
            del self._cells[connection_id]
            self._flashing.discard(connection_id)
            self.remove_row(connection_id)
            self._keep_cursor_on(keep)
        return gone

    def _keep_cursor_on(self, connection_id: str | None) -> None:
        """Rows above the cursor went away: keep the cursor on the same connection."""
        if connection_id and connection_id in self._cells:
            row = self.get_row_index(connection_id)
            if row != self.cursor_row:
                self.move_cursor(row=row, animate=False, scroll=False)

    def _upsert(self, connection: Connection, changes: Changes, new_rows: list) -> None:
        old = self.model.get(connection.id)
        self.model[connection.id] = connection
        fingerprint = _fingerprint(connection)
        old_print = self._prints.get(connection.id)
        self._prints[connection.id] = fingerprint
        if old is None:
            changes.added.append(connection)
            if matches(connection, self.filter_text):
                new_rows.append(connection)
            return
        if old.status != connection.status:
            changes.status_changed.append((connection, old.status))
        if old_print == fingerprint:
            return
        changes.updated += 1
        self._update_row(connection)

    def _append(self, connections: list[Connection]) -> None:
        compact = self.compact
        items = []
        for connection in connections:
            cells = row_cells(connection, compact)
            self._cells[connection.id] = cells
            items.append((connection.id, cells))
        if len(items) > 50 and _BULK:
            self._add_rows_bulk(items)
        else:
            for key, cells in items:
                self.add_row(*cells, key=key)

    def _add_rows_bulk(self, items: list[tuple[str, tuple]]) -> None:
        """DataTable.add_row for many rows at once: the same bookkeeping, but the cursor is
        re-validated and the idle pass scheduled once instead of once per row."""
        was_empty = self.row_count == 0
        keys = [column.key for column in self.ordered_columns]
        for key, cells in items:
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip(keys, cells, strict=True))
            self.rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.row_count and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_row(self, connection: Connection) -> None:
        visible = connection.id in self._cells
        wanted = matches(connection, self.filter_text)
        if not visible:
            if wanted:
                self._append([connection])
            return
        cells = row_cells(connection, self.compact)
        old_cells = self._cells[connection.id]
        self._cells[connection.id] = cells
        if connection.id in self._flashing:
            cells = tuple(_flashed(c) for c in cells)
        for key, old, new in zip(COLUMN_KEYS, old_cells, cells, strict=True):
            if old != new or connection.id in self._flashing:
                self.update_cell(connection.id, key, new)

    def set_filter(self, text: str) -> None:
        text = text.strip()
        if text == self.filter_text:
            return
        self.filter_text = text
        self._rebuild()

    def fit_width(self, total_width: int) -> None:
        """Choose columns for this width (rebuilds only when the layout changes)."""
        compact, name_width = self.layout_for(total_width)
        if (compact, name_width) == (self.compact, self.name_width) and self.columns:
            return
        self.compact, self.name_width = compact, name_width
        self._rebuild(columns=True)

    def _rebuild(self, columns: bool = False) -> None:
        keep = self.selected_id()
        self.clear(columns=columns)
        self._cells.clear()
        self._flashing.clear()
        if columns:
            self._add_columns()
        self._append([c for c in self.model.values() if matches(c, self.filter_text)])
        if keep and keep in self._cells:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    # -- drawing attention ------------------------------------------------------------------

    def flash(self, connection_id: str) -> None:
        """Highlight a row briefly (a status change), then draw it normally again."""
        if connection_id not in self._cells:
            return
        self._flashing.add(connection_id)
        for key, cell in zip(COLUMN_KEYS, self._cells[connection_id], strict=True):
            self.update_cell(connection_id, key, _flashed(cell))
        self.set_timer(FLASH_SECONDS, lambda: self._unflash(connection_id))

    def _unflash(self, connection_id: str) -> None:
        self._flashing.discard(connection_id)
        cells = self._cells.get(connection_id)
        if cells is None:
            return
        for key, cell in zip(COLUMN_KEYS, cells, strict=True):
            self.update_cell(connection_id, key, cell)

    def is_flashing(self, connection_id: str) -> bool:
        return connection_id in self._flashing


def _flashed(cell: object) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
    text.stylize(FLASH_STYLE)
    return text
