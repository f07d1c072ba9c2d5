"""Test run: the outgoing script on a sample item, then the incoming script on that replica as a
first sync — the replica and the resulting item side by side, with any errors at their line."""

from __future__ import annotations

import json

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from ..client import NodeError
from ..config import Instance
from ..domain.models import Connection, Rules, RulesTestResult
from ..widgets.keys_footer import KeysFooter


def _pruned(value):
    """Drop empty fields at every depth: the panes show what the scripts set."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _pretty(data: dict | None) -> str:
    return json.dumps(_pruned(data), indent=2, ensure_ascii=False, default=str) if data else ""


class RulesTestScreen(Screen):
    """Pushed from the details screen with the editors' current (possibly unsaved) scripts."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="rules_test.back"),
        Binding("ctrl+r", "run", "Run again", id="rules_test.run"),
    ]

    class Finished(Message):
        def __init__(self, result: RulesTestResult | None, error: str | None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    def __init__(self, instance: Instance, connection: Connection, rules: Rules) -> None:
        super().__init__()
        self.instance = instance
        self.connection = connection
        self.rules = rules

    def compose(self) -> ComposeResult:
        with Vertical(id="rules-test"):
            yield Static(
                Text.assemble(
                    ("Test run", "bold"),
                    f" · {self.connection.name} · outgoing on a sample item, then incoming "
                    "on its replica as a first sync (nothing is saved or sent)",
                ),
                id="rules-test-title",
            )
            yield Label("Tracker item key (empty: a built-in sample item) — enter runs")
            yield Input(id="rules-test-key", placeholder="e.g. DEMO-1")
            yield Static(id="rules-test-status")
            with Horizontal(id="rules-test-panes"):
                with Vertical():
                    yield Label("Replica (would be sent)", classes="pane-title")
                    yield TextArea(id="rules-test-replica", read_only=True, soft_wrap=True)
                with Vertical():
                    yield Label("Result (incoming script)", classes="pane-title")
                    yield TextArea(id="rules-test-issue", read_only=True, soft_wrap=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = False
        self.query_one(Input).cursor_blink = False
        self.action_run()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_run()

    def action_back(self) -> None:
        self.dismiss()

    def action_run(self) -> None:
        key = self.query_one("#rules-test-key", Input).value.strip()
        self.query_one("#rules-test-status", Static).update(Text("Running…", style="italic"))
        self._run(key)

    @work(exclusive=True, group="rules-test", exit_on_error=False)
    async def _run(self, key: str) -> None:
        client = self.app.client_for(self.instance)
        try:
            if key:
                result = await client.test_rules(self.connection.id, key=key, rules=self.rules)
            else:
                result = await client.test_rules(
                    self.connection.id, issue=sample_issue(), rules=self.rules
                )
        except NodeError as exc:
            self.post_message(self.Finished(None, exc.message))
            return
        self.post_message(self.Finished(result, None))

    def on_rules_test_screen_finished(self, message: Finished) -> None:
        status = self.query_one("#rules-test-status", Static)
        replica = self.query_one("#rules-test-replica", TextArea)
        issue = self.query_one("#rules-test-issue", TextArea)
        if message.result is None:
            status.update(Text(f"The node refused the Test run: {message.error}", style="red"))
            return
        result = message.result
        replica.load_text(_pretty(result.replica))
        issue.load_text(_pretty(result.issue))
        if result.ok:
            lines = Text("Both scripts ran without errors.", style="green")
        else:
            lines = Text()
            for problem in result.errors:
                lines.append(
                    f"{problem.script} line {problem.line}, column {problem.column}: "
                    f"{problem.message}\n",
                    style="red",
                )
                if problem.source_line:
                    lines.append(f"    {problem.source_line.strip()}\n", style="dim")
        for entry in result.logs[-5:]:
            lines.append(f"\nlog: {entry}", style="dim")
        status.update(lines)


def sample_issue() -> dict:
    """A small local item for a Test run when no tracker key is given."""
    return {
        "key": "SAMPLE-1",
        "id": "1",
        "summary": "Printer on floor 3 is offline",
        "description": "Nobody on floor 3 can print since this morning.",
        "labels": ["hardware", "floor-3"],
        "priority": {"name": "High"},
        "status": {"name": "Open"},
        "type": {"name": "Task"},
        "reporter": {"displayName": "Ada Admin", "email": "ada@example.com"},
        "comments": [{"id": "1", "body": "Restarted it, no change."}],
        "attachments": [],
    }
