"""Final step: the invitation code (whole, selectable) — or, with no code needed, the outcome."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalScroll
from textual.widgets import Button, Label, Static

from ...domain.platforms import ConnectionType
from ...widgets.code_box import CodeBox
from .flow import WizardState
from .note import Note


class ResultStep(VerticalScroll):
    def __init__(self, state: WizardState) -> None:
        super().__init__(id="result", classes="wizard-step")
        self.state = state

    def compose(self) -> ComposeResult:
        yield Label("", id="result-heading", classes="step-heading")
        yield Static("", id="result-text")
        yield CodeBox(id="code")
        with HorizontalGroup(id="code-buttons"):
            yield Button("Copy invitation code (c)", id="copy", variant="primary", compact=True)
            yield Button("Save to file (s)", id="save", compact=True)
            yield Button("Go to remote (g)", id="go-remote", compact=True)
        yield Note(id="result-note", classes="hint")

    @property
    def has_code(self) -> bool:
        return bool(self.state.invitation_code)

    @property
    def shows_code(self) -> bool:
        """A code the user still has to hand over (not when both sides are already Active)."""
        return self.has_code and self.state.remote_connection is None

    @property
    def can_go_remote(self) -> bool:
        state = self.state
        return (
            self.has_code
            and state.known is not None
            and state.connection_type is ConnectionType.PUBLIC
            and state.remote_connection is None
        )

    def load(self) -> None:
        state = self.state
        connection = state.connection
        name = connection.name if connection else state.name
        code_box = self.query_one(CodeBox)
        heading = self.query_one("#result-heading", Label)
        text = self.query_one("#result-text", Static)
        note = self.query_one("#result-note", Note)
        show_code = self.shows_code
        code_box.display = show_code
        self.query_one("#code-buttons").display = show_code
        self.query_one("#go-remote", Button).display = self.can_go_remote
        if show_code:
            code_box.show(state.invitation_code or "")
        else:
            code_box.show("")
        remote = state.remote_short_name or "remote"
        if state.connection_type is ConnectionType.LOCAL:
            heading.update(f"{name} is {_status(connection)}")
            what = "two projects of" if state.local.has_projects else "work items within"
            text.update(
                f"A local connection links {what} this instance; no invitation code is needed."
            )
            note.update("Press enter to return to the connections.")
        elif state.remote_connection is not None:
            where = state.known.name if state.known else remote
            heading.update(f"{name} is Active on both sides")
            text.update(
                f"Initiated here and accepted on '{where}' with its own admin access: "
                f"this side is {_status(connection)}, '{where}' is "
                f"{_status(state.remote_connection)}."
            )
            note.update("Press enter to return to the connections.")
        elif state.connection_type is ConnectionType.PRIVATE:
            heading.update("Send this invitation code to your partner")
            text.update(
                f"The destination has no URL, so {name} shows its remote as 'unknown' and stays "
                "pending until your partner accepts. They accept this code on their own side "
                "(Connections → Accept invitation); their node then contacts this one. "
                "Treat the code like a password."
            )
            note.update(_done_hint(self))
        else:
            heading.update("Invitation code")
            lines = []
            if state.remote_error:
                where = state.known.name if state.known else remote
                lines.append(
                    f"Accepting on '{where}' did not work: {state.remote_error} "
                    f"{name} is pending here; accept the code on that side."
                )
            lines.append(
                f"On the '{remote}' side, an administrator accepts the invitation "
                "(Connections → Accept invitation) and pastes this code. Treat it like a "
                "password; it works once."
            )
            text.update("\n".join(lines))
            note.update(_done_hint(self))


def _status(connection) -> str:
    if connection is None:
        return "created"
    return connection.status.value.title()


def _done_hint(step: ResultStep) -> str:
    keys = "c copies the code, s saves it to a file"
    if step.can_go_remote:
        keys += ", g opens the remote's Accept invitation screen"
    return f"{keys}; enter when done."
