"""Step 2: connection information, with the node's own field rules shown under each field."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static

from .flow import WizardState

FIELDS = (
    ("local_short_name", "Local instance short name*", "A short name for this instance"),
    ("remote_short_name", "Remote instance short name*", "A short name for the other instance"),
    ("name", "Connection name*", "Filled in as <local>_to_<remote> until you change it"),
    ("description", "Description", "Optional: what this connection is for"),
)


class InfoStep(VerticalScroll):
    def __init__(self, state: WizardState) -> None:
        super().__init__(id="info", classes="wizard-step")
        self.state = state
        self.touched: set[str] = set()
        self.show_all = False

    def compose(self) -> ComposeResult:
        for field, label, placeholder in FIELDS:
            yield Label(label, classes="field-label")
            yield Input(
                getattr(self.state, field), placeholder=placeholder, id=f"f-{field}", compact=True
            )
            yield Static("", id=f"e-{field}", classes="field-error")

    def on_mount(self) -> None:
        self.refresh_view()

    def load(self) -> None:
        """Copy the state into the fields (on entering the step)."""
        self.state.prefill_names()
        for field, _, _ in FIELDS:
            widget = self.query_one(f"#f-{field}", Input)
            if widget.value != getattr(self.state, field):
                with widget.prevent(Input.Changed):
                    widget.value = getattr(self.state, field)
        self.refresh_view()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id is None or not event.input.id.startswith("f-"):
            return
        field = event.input.id[2:]
        if getattr(self.state, field) == event.value:
            return
        self.touched.add(field)
        self.state.node_errors.pop(field, None)
        if field == "remote_short_name":
            self.state.remote_short_auto = False
        if field == "name":
            self.state.set_name_by_hand(event.value)
        else:
            setattr(self.state, field, event.value)
            if field in ("local_short_name", "remote_short_name"):
                self.state.sync_name()
                name_input = self.query_one("#f-name", Input)
                if name_input.value != self.state.name:
                    with name_input.prevent(Input.Changed):
                        name_input.value = self.state.name
        self.refresh_view()

    def errors(self) -> dict[str, str]:
        errors = dict(self.state.info_errors())
        for field, _, _ in FIELDS:
            if field in self.state.node_errors and field not in errors:
                errors[field] = self.state.node_errors[field]
        return errors

    def refresh_view(self) -> None:
        errors = self.errors()
        for field, _, _ in FIELDS:
            visible = self.show_all or field in self.touched or field in self.state.node_errors
            message = errors.get(field, "") if visible else ""
            error = self.query_one(f"#e-{field}", Static)
            error.update(message)
            error.display = bool(message)
            self.query_one(f"#f-{field}", Input).set_class(bool(message), "-invalid-field")

    def reveal_errors(self) -> bool:
        """Show every error; focus the first invalid field. True when the step is valid."""
        self.show_all = True
        self.refresh_view()
        errors = self.errors()
        for field, _, _ in FIELDS:
            if field in errors:
                self.query_one(f"#f-{field}", Input).focus()
                return False
        return True

    def focus_first(self) -> None:
        """The first field in error (the node's or the rules'), else the first field."""
        errors = self.errors()
        for field, _, _ in FIELDS:
            if field in errors and (field in self.state.node_errors or getattr(self.state, field)):
                self.query_one(f"#f-{field}", Input).focus()
                return
        for field, _, _ in FIELDS[:3]:
            if not getattr(self.state, field):
                self.query_one(f"#f-{field}", Input).focus()
                return
        self.query_one("#f-local_short_name", Input).focus()
