"""Messages the wizard's steps send to the wizard screen."""

from __future__ import annotations

from textual.message import Message


class StepUpdated(Message):
    """A step changed the wizard state: the screen refreshes its buttons and footer."""


class RequestNext(Message):
    """The user chose something with enter: advance if the step is valid."""
