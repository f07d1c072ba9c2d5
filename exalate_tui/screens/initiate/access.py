"""Basic mode only: does the user have admin access to the destination instance?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from .flow import WizardState
from .messages import RequestNext


class AccessStep(VerticalScroll):
    def __init__(self, state: WizardState) -> None:
        super().__init__(id="access", classes="wizard-step")
        self.state = state

    def compose(self) -> ComposeResult:
        yield Label("Do you have admin access to the destination instance?", classes="field-label")
        yield OptionList(
            Option("Yes, I administer it too", id="yes"),
            Option("No, someone else accepts the invitation", id="no"),
            id="access-answer",
            compact=True,
        )
        yield Static("", id="access-note", classes="hint")

    def refresh_view(self) -> None:
        answers = self.query_one("#access-answer", OptionList)
        if self.state.admin_access is None:
            self.state.admin_access = self.state.known is not None
        answers.highlighted = 0 if self.state.admin_access else 1
        self._note()

    def _note(self) -> None:
        state = self.state
        known = state.known
        destination = state.check.name if state.check else "the destination"
        if state.admin_access and known is not None:
            text = (
                f"After initiating, this console accepts the invitation on '{known.name}' "
                "itself, so both sides end up Active."
            )
        elif state.admin_access:
            text = (
                f"This console does not know {destination}, so it cannot accept there for "
                "you: you get an invitation code to accept on that side."
            )
        else:
            text = f"You get an invitation code for the admin of {destination}."
        self.query_one("#access-note", Static).update(text)

    @on(OptionList.OptionHighlighted, "#access-answer")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.state.admin_access = event.option_id == "yes"
        self._note()

    @on(OptionList.OptionSelected, "#access-answer")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.state.admin_access = event.option_id == "yes"
        self._note()
        self.post_message(RequestNext())
