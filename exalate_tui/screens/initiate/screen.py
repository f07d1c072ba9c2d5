"""The Initiate connection wizard: one screen, one state object, one step shown at a time."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    LoadingIndicator,
    OptionList,
    Static,
)

from ...client import NodeError
from ...clipboard import copy_hint, save_code
from ...domain.models import Connection, InitiateResult, NodeInfo
from ...widgets.mode_card import ModeCards
from ...widgets.project_picker import FilterInput
from .access import AccessStep
from .destination import DestinationStep
from .flow import STEP_TITLES, Step, WizardState, as_node_error, place_error
from .info import InfoStep
from .invitation import ResultStep
from .messages import RequestNext, StepUpdated
from .project import ProjectStep


class NodeLoaded(Message):
    def __init__(self, info: NodeInfo | None) -> None:
        super().__init__()
        self.info = info


class InitiateDone(Message):
    def __init__(
        self,
        result: InitiateResult | None,
        error: NodeError | None,
        remote: Connection | None = None,
        remote_error: str | None = None,
    ) -> None:
        super().__init__()
        self.result = result
        self.error = error
        self.remote = remote
        self.remote_error = remote_error


class InitiateScreen(Screen):
    """Push it to initiate a connection from the current instance; dismissed with the
    new ``Connection`` (or None when cancelled)."""

    TITLE = "Initiate connection"

    BINDINGS = [
        # Priority, so the Footer shows them even while a field has focus; ``action_next``
        # hands the key to the focused control where it means "choose this".
        Binding("enter", "next", "Next", priority=True),
        Binding("enter", "initiate", "Initiate", priority=True),
        Binding("enter", "done", "Done", priority=True),
        Binding("escape", "back", "Back"),
        Binding("escape", "cancel", "Cancel"),
        Binding("escape", "done", "Done", show=False),
        Binding("c", "copy", "Copy code"),
        Binding("s", "save", "Save to file"),
        Binding("g", "go_remote", "Go to remote"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: WizardState | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="wizard"):
            yield Static("Initiate connection", id="wizard-title")
            with ContentSwitcher(id="steps"):
                yield Static("Asking the node about itself…", id="loading-step")
            with HorizontalGroup(id="wizard-bar"):
                yield LoadingIndicator(id="busy")
                yield Static("", id="status-line")
                yield Button("◀ Previous", id="previous", compact=True)
                yield Button("Next ▶", id="next", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#busy").display = False
        self.query_one(ContentSwitcher).current = "loading-step"
        self._load_node()

    @work(exit_on_error=False, group="node-info")
    async def _load_node(self) -> None:
        app = self.app
        info = getattr(app, "node_info", None)
        if info is None:
            info = await app.info_for(app.instance)  # type: ignore[attr-defined]
        self.post_message(NodeLoaded(info))

    async def on_node_loaded(self, message: NodeLoaded) -> None:
        if message.info is None:
            self.query_one("#loading-step", Static).update(
                "The node of this instance does not answer, so no connection can be "
                "initiated now. Press escape to go back."
            )
            return
        self.state = WizardState.for_node(message.info)
        switcher = self.query_one(ContentSwitcher)
        steps = [
            DestinationStep(self.state),
            AccessStep(self.state),
            InfoStep(self.state),
            ProjectStep(self.state),
            ResultStep(self.state),
        ]
        for step in steps:
            step.display = False
        await switcher.mount_all(steps)
        self._show(Step.DESTINATION)

    # --- navigation ---------------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        current = self.query_one(ContentSwitcher).current
        return Step(current) if current in Step.__members__.values() else None

    def _show(self, step: Step, focus: bool = True) -> None:
        assert self.state is not None
        self.query_one(ContentSwitcher).current = step.value
        widget = self.query_one(f"#{step.value}")
        widget.scroll_home(animate=False)
        if hasattr(widget, "load"):
            widget.load()
        if isinstance(widget, AccessStep):
            widget.refresh_view()
        if focus:
            self._focus_step(step)
            # Once laid out: from the top, then only as far as the focused field needs.
            self.call_after_refresh(self._settle_scroll, widget)
        self._refresh_chrome()

    def _settle_scroll(self, widget) -> None:
        widget.scroll_home(animate=False, immediate=True)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    def _focus_step(self, step: Step) -> None:
        if step is Step.DESTINATION:
            url = self.query_one("#url", Input)
            # No centring (Textual centres a newly focused widget): the step starts at its top.
            if url.disabled:
                self.query_one(ModeCards).focus(scroll_visible=False)
            else:
                url.focus(scroll_visible=False)
        elif step is Step.ACCESS:
            self.query_one("#access-answer").focus()
        elif step is Step.INFO:
            self.query_one(InfoStep).focus_first()
        elif step is Step.PROJECT:
            self.query_one(ProjectStep).focus_first()
        else:
            self.query_one("#code").focus()

    def _neighbour(self, delta: int) -> Step | None:
        assert self.state is not None
        steps = self.state.steps()
        if self.step not in steps:
            return None
        index = steps.index(self.step) + delta
        return steps[index] if 0 <= index < len(steps) else None

    def _is_last_input_step(self) -> bool:
        return self._neighbour(1) is Step.RESULT

    def _problem(self) -> str | None:
        state = self.state
        if state is None:
            return "Still loading."
        if self.step is Step.DESTINATION:
            return state.destination_problem()
        if self.step is Step.ACCESS and state.admin_access is None:
            return "Answer the question first."
        if self.step is Step.INFO and state.info_errors():
            return "Fix the fields marked in red."
        if self.step is Step.PROJECT:
            return state.project_problem()
        return None

    def _refresh_chrome(self) -> None:
        state = self.state
        if state is None or self.step is None:
            return
        steps = state.steps()
        number = steps.index(self.step) + 1 if self.step in steps else len(steps)
        title = STEP_TITLES[self.step]
        if self.step is Step.RESULT and (
            not state.invitation_code or state.remote_connection is not None
        ):
            title = "Connection created"
        self.query_one("#wizard-title", Static).update(
            f"Initiate connection · step {number} of {len(steps)} · {title}"
        )
        busy = state.busy
        self.query_one("#busy").display = busy
        previous = self.query_one("#previous", Button)
        nxt = self.query_one("#next", Button)
        previous.disabled = busy
        previous.display = self.step is not Step.RESULT
        previous.label = "✕ Cancel" if self.step is Step.DESTINATION else "◀ Previous"
        if self.step is Step.RESULT:
            nxt.label = "Done"
            nxt.disabled = False
        else:
            nxt.label = "Initiate ▶" if self._is_last_input_step() else "Next ▶"
            nxt.disabled = busy or self._problem() is not None
        status = self.query_one("#status-line", Static)
        if busy:
            status.update("Initiating…")
        elif self.step is not Step.RESULT and self.step is not Step.INFO:
            problem = self._problem()
            status.update(problem or "")
        else:
            status.update("")
        self.refresh_bindings()

    def on_step_updated(self, message: StepUpdated) -> None:
        self._refresh_chrome()

    def on_request_next(self, message: RequestNext) -> None:
        self._advance()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        state = self.state
        busy = state is not None and state.busy
        on_result = step is Step.RESULT
        if action in ("next", "initiate", "done") and isinstance(self.focused, (Button, Checkbox)):
            return False  # enter presses the button / ticks the box
        if action == "next":
            if step is None or on_result or self._is_last_input_step():
                return False
            return None if busy else True
        if action == "initiate":
            if step is None or on_result or not self._is_last_input_step():
                return False
            return None if busy else True
        if action == "done":
            return on_result
        if action == "back":
            return False if step in (None, Step.DESTINATION, Step.RESULT) else (not busy or None)
        if action == "cancel":
            return step in (None, Step.DESTINATION)
        if action in ("copy", "save"):
            return on_result and self.query_one(ResultStep).shows_code
        if action == "go_remote":
            return on_result and self.query_one(ResultStep).can_go_remote
        return True

    def action_next(self) -> None:
        """enter: first let the focused control take its choice, then advance.

        enter is a priority binding, handled as soon as it arrives: characters typed or
        pasted just before it may still wait in the field's queue. So the step goes on only
        after the field has taken them, with its value read into the state."""
        focused = self.focused
        if isinstance(focused, Input) and not isinstance(focused, FilterInput):
            focused.call_later(self._next_after_typing, focused)
        else:
            self._next_now()

    def _next_after_typing(self, field: Input) -> None:
        if self.focused is not field or not self.is_current:
            return
        if field.id == "url":
            self.query_one(DestinationStep)._url_changed(Input.Changed(field, field.value))
        elif field.id and field.id.startswith("f-"):
            self.query_one(InfoStep)._changed(Input.Changed(field, field.value))
        self._next_now()

    def _next_now(self) -> None:
        focused = self.focused
        if isinstance(focused, ModeCards):
            focused.action_choose(True)  # posts Chosen → RequestNext when enabled
            return
        if isinstance(focused, OptionList) and focused.id == "access-answer":
            focused.action_select()  # → RequestNext
            return
        if isinstance(focused, FilterInput):
            focused.post_message(Input.Submitted(focused, focused.value))
            return
        if isinstance(focused, Input) and focused.id == "url":
            focused.post_message(Input.Submitted(focused, focused.value))
            return
        self._advance()

    def _advance(self) -> None:
        if self.state is None or self.state.busy or self.step in (None, Step.RESULT):
            return
        if self.step is Step.INFO and not self.query_one(InfoStep).reveal_errors():
            return
        problem = self._problem()
        if problem is not None:
            self.query_one("#status-line", Static).update(problem)
            if self.step is Step.DESTINATION and self.state.mode is None:
                self.query_one(ModeCards).focus()
            return
        following = self._neighbour(1)
        if following is Step.RESULT:
            self._start_initiate()
        elif following is not None:
            self._show(following)

    def action_initiate(self) -> None:
        self.action_next()

    def action_back(self) -> None:
        if self.state is None or self.state.busy:
            return
        previous = self._neighbour(-1)
        if previous is None:
            self.dismiss(None)
        else:
            self._show(previous)

    def action_cancel(self) -> None:
        if self.state is None or not self.state.busy:
            self.dismiss(None)

    def action_done(self) -> None:
        self.dismiss(self.state.connection if self.state else None)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        if self.step is Step.RESULT:
            self.action_done()
        else:
            self._advance()

    @on(Button.Pressed, "#previous")
    def _previous_pressed(self) -> None:
        self.action_back()

    # --- initiating ---------------------------------------------------------------------

    def _start_initiate(self) -> None:
        assert self.state is not None
        self.state.busy = True
        self.state.node_errors.clear()
        self._refresh_chrome()
        self._initiate()

    @work(exit_on_error=False, group="initiate", exclusive=True)
    async def _initiate(self) -> None:
        state = self.state
        assert state is not None
        app = self.app
        try:
            result = await app.client.initiate(state.request())  # type: ignore[attr-defined]
        except Exception as exc:  # shown to the user, never a stuck screen
            exc = as_node_error(exc)
            self.post_message(InitiateDone(None, exc))
            return
        remote = remote_error = None
        if state.completes_remotely and result.invitation_code and state.known is not None:
            client = app.client_for(state.known)  # type: ignore[attr-defined]
            project = state.remote_project if state.asks_remote_project else None
            try:
                remote = await client.accept(result.invitation_code, project)
                result.connection = await app.client.connection(result.connection.id)  # type: ignore[attr-defined]
            except Exception as exc:  # shown to the user, never a stuck screen
                exc = as_node_error(exc)
                remote_error = exc.message
        self.post_message(InitiateDone(result, None, remote, remote_error))

    def on_initiate_done(self, message: InitiateDone) -> None:
        state = self.state
        assert state is not None
        state.busy = False
        if message.error is not None:
            error = message.error
            step, field = place_error(error.code, error.field)
            if step not in state.steps():
                step = Step.DESTINATION
            key = field if field else f"step:{step.value}"
            state.node_errors[key] = error.message
            self._show(step)
            if step is Step.DESTINATION:
                self.query_one(DestinationStep).refresh_view()
            elif step is Step.INFO:
                self.query_one(InfoStep).refresh_view()
            elif step is Step.PROJECT:
                self.query_one(ProjectStep).refresh_view()
            self.query_one("#status-line", Static).update(error.message)
            return
        assert message.result is not None
        state.connection = message.result.connection
        state.invitation_code = message.result.invitation_code
        state.remote_connection = message.remote
        state.remote_error = message.remote_error
        self._show(Step.RESULT)

    # --- the code ---------------------------------------------------------------------

    def action_copy(self) -> None:
        if self.state and self.query_one(ResultStep).shows_code:
            self.app.copy_to_clipboard(self.state.invitation_code)
            self.notify(copy_hint(), title="Invitation code")

    def action_save(self) -> None:
        if not (
            self.state and self.state.invitation_code and self.query_one(ResultStep).shows_code
        ):
            return
        try:
            path = save_code(self.state.invitation_code, self.state.name or "connection")
        except OSError as exc:
            self.notify(f"Could not save the code: {exc.strerror}", severity="error")
            return
        self.notify(f"Saved the invitation code to {path} (readable only by you).")

    def action_go_remote(self) -> None:
        state = self.state
        if not (state and state.invitation_code and state.known is not None):
            return
        name, code = state.known.name, state.invitation_code
        self.dismiss(state.connection)
        self.app.go_to_remote(name, code)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#go-remote")
    def _go_pressed(self) -> None:
        self.action_go_remote()
