"""Step 1: the destination instance URL (or none) and the configuration type cards."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Static

from ...client import NodeError
from ...config import Instance
from ...domain.models import DestinationCheck, NodeInfo
from ...domain.platforms import PLATFORMS, ConnectionType
from ...widgets.mode_card import ModeCards
from .flow import WizardState
from .messages import RequestNext, StepUpdated
from .note import Note

CHECK_DELAY = 0.4  # seconds of quiet typing before the node is asked about the URL

MODE_REMINDER = (
    "The configuration type is fixed once the connection exists: to switch later you create "
    "a new connection."
)


class CheckDone(Message):
    """The node answered (or could not be asked) about a destination URL."""

    def __init__(
        self,
        url: str,
        check: DestinationCheck | None,
        known: Instance | None,
        known_info: NodeInfo | None,
        error: str | None,
    ) -> None:
        super().__init__()
        self.url = url
        self.check = check
        self.known = known
        self.known_info = known_info
        self.error = error


class DestinationStep(VerticalScroll):
    """Destination URL with a live check, the no-URL checkbox and the mode cards."""

    def __init__(self, state: WizardState) -> None:
        super().__init__(id="destination", classes="wizard-step")
        self.state = state
        self._timer: Timer | None = None
        self._in_flight = False
        self._again = False

    def compose(self) -> ComposeResult:
        state = self.state
        if not state.can_initiate:
            yield Static(state.destination_problem() or "", id="private-node", classes="blocker")
        yield Label("Destination instance URL", classes="field-label")
        with HorizontalGroup(id="url-row"):
            yield Input(
                state.url,
                placeholder="The other instance's public URL (its node address)",
                id="url",
                compact=True,
                disabled=state.no_url or not state.can_initiate,
            )
        yield Note(id="url-status", classes="field-status")
        yield Checkbox(
            "I don't have a URL (private destination)",
            state.no_url,
            id="no-url",
            compact=True,
            disabled=not state.can_initiate,
        )
        yield Note(id="type-note", classes="hint")
        yield Label(
            "Choose the configuration type  [dim](←/→ move · enter or space chooses)[/]",
            classes="field-label",
        )
        yield ModeCards(state.local, id="modes")
        yield Note(id="mode-note", classes="hint")
        yield Static(MODE_REMINDER, id="mode-reminder", classes="reminder")

    def on_mount(self) -> None:
        self.refresh_view()
        if self.state.url.strip() and not self.state.check_for_current_url:
            self.request_check()

    # --- reading the user's input into the state ------------------------------------------

    @on(Input.Changed, "#url")
    def _url_changed(self, event: Input.Changed) -> None:
        if event.value == self.state.url:
            return
        self.state.url = event.value
        self.state.check_failed = None
        self.state.node_errors.pop("url", None)
        self._schedule_check()
        self.refresh_view()

    @on(Input.Blurred, "#url")
    def _url_left(self) -> None:
        if self.state.url.strip() and not self.state.check_for_current_url:
            self.request_check()

    @on(Input.Submitted, "#url")
    def _url_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state.url.strip() and not self.state.check_for_current_url:
            self.request_check()
        if self.state.destination_problem() is None:
            self.post_message(RequestNext())
        else:
            self.query_one(ModeCards).focus()

    @on(Checkbox.Changed, "#no-url")
    def _no_url_changed(self, event: Checkbox.Changed) -> None:
        self.state.no_url = event.value
        self.query_one("#url", Input).disabled = event.value
        self.refresh_view()

    @on(ModeCards.Chosen)
    def _mode_chosen(self, event: ModeCards.Chosen) -> None:
        event.stop()
        note = self.query_one("#mode-note", Note)
        if not event.choice.enabled:
            note.update(f"{event.choice.mode.value.title()}: {event.choice.reason}")
            return
        self.state.mode = event.choice.mode
        self.state.node_errors.pop("step:destination", None)
        self.refresh_view()
        if event.advance:
            self.post_message(RequestNext())

    # --- the destination check --------------------------------------------------------

    def _schedule_check(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = None
        if self.state.url.strip():
            self._timer = self.set_timer(CHECK_DELAY, self.request_check)

    def request_check(self) -> None:
        """Ask the node about the current URL; never more than one check in flight."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        url = self.state.url.strip()
        if not url:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self.state.checking = True
        self.refresh_view()
        self._check(url)

    @work(exit_on_error=False, group="destination-check")
    async def _check(self, url: str) -> None:
        app = self.app
        check = known = info = error = None
        try:
            check = await app.client.check_destination(url)  # type: ignore[attr-defined]
            if check.reachable and not check.local:
                known = await app.instance_for_url(check.url)  # type: ignore[attr-defined]
                if known is not None:
                    info = await app.info_for(known)  # type: ignore[attr-defined]
        except NodeError as exc:
            if exc.field in ("url", "destination_url") or exc.code == "validation_error":
                check = DestinationCheck(reachable=False, url=url, error=exc.message)
            else:
                error = exc.message
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            error = f"The destination check failed: {exc.__class__.__name__}"
        self.post_message(CheckDone(url, check, known, info, error))

    def on_check_done(self, message: CheckDone) -> None:
        self._in_flight = False
        state = self.state
        state.checking = False
        if message.url == state.url.strip():
            state.check = message.check or DestinationCheck(reachable=False, url=message.url)
            state.check_url = message.url
            state.check_failed = message.error
            state.known = message.known
            state.known_info = message.known_info
            if state.check.reachable:
                state.prefill_names()
        if self._again or (state.url.strip() and not state.check_for_current_url):
            self._again = False
            self.request_check()
        self.refresh_view()

    # --- drawing the state ------------------------------------------------------------

    def refresh_view(self) -> None:
        state = self.state
        status = self.query_one("#url-status", Note)
        status.remove_class("-ok", "-error")
        error = state.node_errors.get("url")
        if state.no_url or not state.url.strip():
            status.update(error or "")
        elif state.checking or not state.check_for_current_url:
            status.update("checking…")
        elif state.check_failed:
            status.update(f"✕ {state.check_failed}")
            status.add_class("-error")
        elif state.check and not state.check.reachable:
            status.update(f"✕ {state.check.error or 'The destination did not answer.'}")
            status.add_class("-error")
        elif state.check:
            platform = PLATFORMS.get(state.check.platform or "")
            label = platform.label if platform else (state.check.platform or "unknown platform")
            if state.connection_type is ConnectionType.LOCAL:
                name = (
                    state.check.name
                    if state.check.name == label
                    else f"{state.check.name} ({label})"
                )
                text = f"✓ {name} — this instance itself: a local connection"
            else:
                name = state.check.name or state.check.url
                text = f"✓ {name}" if name == label else f"✓ {name} · {label}"
                if state.known is not None:
                    known = state.known.name
                    text += (
                        " · an instance this console manages"
                        if known == name
                        else f" · managed here as '{known}'"
                    )
            status.update(error or text)
            status.add_class("-error" if error else "-ok")
        self.query_one("#type-note", Note).update(self._type_note())
        cards = self.query_one(ModeCards)
        cards.set_choices(state.choices(), state.mode)
        note = state.node_errors.get("step:destination", "")
        chosen = state.chosen()
        if not note and chosen is not None and not chosen.enabled:
            note = f"{chosen.mode.value.title()} is no longer available: {chosen.reason}"
        self.query_one("#mode-note", Note).update(note)
        self.post_message(StepUpdated())

    def _type_note(self) -> str:
        state = self.state
        kind = state.connection_type
        if kind is ConnectionType.PRIVATE:
            return (
                "Private connection: the destination has no URL, so it shows as 'unknown' "
                "until your partner accepts. Only their side opens network requests."
            )
        if kind is ConnectionType.LOCAL:
            if not state.local.local_connections:
                return (
                    f"That is this instance's own URL, and {state.local.label} does not offer "
                    "local connections."
                )
            what = "two projects of" if state.local.has_projects else "work items within"
            return f"Local connection: {what} this instance, no invitation code needed."
        return ""
