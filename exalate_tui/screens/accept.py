"""Accept invitation: paste a code → preview → project (where needed) → confirm → Active."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    LoadingIndicator,
    Static,
    TextArea,
)

from ..client import NodeError
from ..domain.models import Connection, InvitationPreview, Project
from ..domain.platforms import PLATFORMS
from ..widgets.project_picker import FilterInput, ProjectPicker
from .initiate.flow import as_node_error
from .initiate.note import Note

# A short title for each refusal; the node's own sentence follows it.
ERROR_HEADINGS = {
    "invalid_code": "Not a valid invitation code",
    "expired_code": "Invitation expired",
    "own_invitation": "Issued by this instance",
    "code_already_used": "Already accepted",
    "connection_not_found": "Connection no longer exists",
    "initiator_unreachable": "Initiator unreachable",
    "name_taken": "Name already in use",
    "project_required": "Project needed",
    "unknown_project": "Unknown project",
    "mode_not_available": "Configuration type not available here",
    "license_required": "Licence does not allow this configuration type",
    "node_unreachable": "This instance's node does not answer",
}


def clean_code(text: str) -> str:
    """Whitespace and line breaks are not part of a code."""
    return "".join(text.split())


class CodeInput(TextArea):
    """Where the code is pasted; enter asks for the preview instead of adding a line."""

    class Submitted(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        await super()._on_key(event)

    def __repr__(self) -> str:
        return f"CodeInput(id={self.id!r})"


class Previewed(Message):
    def __init__(self, code: str, preview: InvitationPreview | None, error: NodeError | None):
        super().__init__()
        self.code = code
        self.preview = preview
        self.error = error


class ProjectsLoaded(Message):
    def __init__(self, projects: list[Project] | None, error: str | None) -> None:
        super().__init__()
        self.projects = projects
        self.error = error


class Accepted(Message):
    def __init__(self, connection: Connection | None, error: NodeError | None) -> None:
        super().__init__()
        self.connection = connection
        self.error = error


class AcceptScreen(Screen):
    """Dismissed with the accepted ``Connection`` (or None when cancelled)."""

    TITLE = "Accept invitation"

    BINDINGS = [
        # Priority, so the Footer shows them while the code field has focus (and enter never
        # adds a line break to the code).
        Binding("enter", "preview", "Preview", priority=True),
        Binding("enter", "confirm", "Accept", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.initial_code = code or ""
        self.preview: InvitationPreview | None = None
        self.previewed_code: str | None = None
        self.project: str | None = None
        self.busy: str | None = None  # "preview" | "accept" while a call is in flight
        self._projects_loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="accept"):
            yield Static("Accept invitation", id="accept-title")
            with VerticalScroll(id="accept-body"):
                yield Label("Paste the invitation code you received", classes="field-label")
                yield CodeInput(
                    self.initial_code, soft_wrap=True, tab_behavior="focus", id="accept-code"
                )
                yield Static("Spaces and line breaks in the code are ignored.", classes="hint")
                yield Note(id="accept-error", classes="step-error")
                yield Note(id="preview")
                yield ProjectPicker("", id="accept-project")
            with HorizontalGroup(id="accept-bar"):
                yield LoadingIndicator(id="accept-busy")
                yield Static("", id="accept-status-line")
                yield Button("Cancel", id="accept-cancel", compact=True)
                yield Button("Preview", id="accept-preview", compact=True)
                yield Button("Accept", id="accept-confirm", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#accept-project").display = False
        self.query_one("#accept-code").focus()
        self._refresh()
        if clean_code(self.initial_code):
            self.action_preview()

    @property
    def code(self) -> str:
        return clean_code(self.query_one(CodeInput).text)

    @property
    def needs_project(self) -> bool:
        return self.preview is not None and self.preview.needs_project

    @property
    def ready(self) -> bool:
        return (
            self.preview is not None
            and self.previewed_code == self.code
            and (not self.needs_project or bool(self.project))
        )

    def _refresh(self) -> None:
        busy = self.busy is not None
        self.query_one("#accept-busy").display = busy
        status = self.query_one("#accept-status-line", Static)
        if self.busy == "preview":
            status.update("Reading the invitation…")
        elif self.busy == "accept":
            status.update("Accepting…")
        elif self.preview is not None and self.previewed_code == self.code:
            if self.needs_project and not self.project:
                status.update("Choose a project, then press enter.")
            else:
                status.update("Press enter to accept.")
        else:
            status.update("Paste the code, then press enter.")
        self.query_one("#accept-preview", Button).disabled = busy or not self.code
        self.query_one("#accept-confirm", Button).disabled = busy or not self.ready
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        previewed = self.preview is not None and self.previewed_code == self.code
        if action in ("preview", "confirm") and isinstance(self.focused, Button):
            return False  # enter presses the focused button
        if action == "preview":
            return (None if self.busy else True) if not previewed else False
        if action == "confirm":
            if not previewed:
                return False
            return True if (self.ready and not self.busy) else None
        return True

    # --- preview ------------------------------------------------------------------------

    def _after_typing(self, callback) -> None:
        """Run ``callback`` once the focused field has taken every key already sent.

        enter is a priority binding: it is handled as soon as it arrives, while the characters
        pasted just before it (a paste without bracketed paste, or one ending in a line break)
        may still wait in the field's queue. Reading the code then would read part of it."""
        focused = self.focused
        if focused is not None and focused is not self:
            focused.call_later(callback)
        else:
            callback()

    def action_preview(self) -> None:
        self._after_typing(self._preview_now)

    def _preview_now(self) -> None:
        code = self.code
        if self.busy or not code:
            if not code:
                self._error(None, "Paste an invitation code first.")
            return
        self.busy = "preview"
        self._error(None, "")
        self._refresh()
        self._inspect(code)

    @work(exit_on_error=False, group="accept", exclusive=True)
    async def _inspect(self, code: str) -> None:
        try:
            preview = await self.app.client.inspect(code)  # type: ignore[attr-defined]
        except Exception as exc:  # shown to the user, never a stuck screen
            exc = as_node_error(exc)
            self.post_message(Previewed(code, None, exc))
            return
        self.post_message(Previewed(code, preview, None))

    def on_previewed(self, message: Previewed) -> None:
        self.busy = None
        if message.error is not None:
            self.preview = None
            self.previewed_code = None
            self._show_preview()
            self._error(message.error.code, message.error.message)
        else:
            self.preview = message.preview
            self.previewed_code = message.code
            self._show_preview()
            if self.needs_project:
                picker = self.query_one("#accept-project", ProjectPicker)
                picker.display = True
                if not self._projects_loaded:
                    self._load_projects()
                picker.focus_filter()
        self._refresh()

    def _show_preview(self) -> None:
        preview = self.preview
        box = self.query_one("#preview", Note)
        picker = self.query_one("#accept-project", ProjectPicker)
        if preview is None:
            box.update("")
            picker.display = False
            return
        platform = PLATFORMS.get(preview.initiator_platform)
        label = platform.label if platform else preview.initiator_platform
        expires = preview.expires_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
        words = self._local_platform_words()
        lines = [
            f"Connection:  {preview.connection_name}",
            f"From:        {preview.initiator_name}"
            + ("" if preview.initiator_name == label else f" ({label})"),
            f"Address:     {preview.initiator_url}",
            f"Type:        {preview.type.value}   Mode: {preview.mode.value}",
            f"Short names: {preview.remote_short_name} (this side) · "
            f"{preview.local_short_name} (initiator)",
            f"Expires:     {expires}",
        ]
        box.update("\n".join(lines))
        box.border_title = "Invitation"
        picker.query_one(".field-label", Label).update(
            f"Project where {words} received from {preview.initiator_name} are created*"
        )

    def _local_platform_words(self) -> str:
        """What this instance calls its work items (issues, work items, …)."""
        app = self.app
        info = getattr(app, "node_info", None)
        platform_id = getattr(info, "platform", None) or getattr(app.instance, "platform", None)
        here = PLATFORMS.get(platform_id or "")
        return here.work_items if here else "items"

    def _error(self, code: str | None, message: str) -> None:
        heading = ERROR_HEADINGS.get(code or "")
        text = f"✕ {heading}: {message}" if heading and message else message
        self.query_one("#accept-error", Note).update(text)

    # --- projects -----------------------------------------------------------------------

    @work(exit_on_error=False, group="accept-projects")
    async def _load_projects(self) -> None:
        try:
            projects = await self.app.client.projects()  # type: ignore[attr-defined]
        except Exception as exc:  # shown to the user, never a stuck screen
            exc = as_node_error(exc)
            self.post_message(ProjectsLoaded(None, exc.message))
            return
        self.post_message(ProjectsLoaded(projects, None))

    def on_projects_loaded(self, message: ProjectsLoaded) -> None:
        picker = self.query_one("#accept-project", ProjectPicker)
        if message.projects is None:
            self._error(None, f"Could not load this instance's projects: {message.error}")
            picker.set_projects([])
        else:
            self._projects_loaded = True
            picker.set_projects(message.projects)
        self._refresh()

    @on(ProjectPicker.Changed, "#accept-project")
    def _picked(self, event: ProjectPicker.Changed) -> None:
        event.stop()
        self.project = event.key
        self._refresh()
        if event.submit and self.ready:
            self._confirm()

    # --- accept -------------------------------------------------------------------------

    def action_confirm(self) -> None:
        self._after_typing(self._confirm_now)

    def _confirm_now(self) -> None:
        focused = self.focused
        if isinstance(focused, FilterInput) and not self.busy:
            # enter in the project filter chooses the highlighted project, then accepts.
            focused.post_message(Input.Submitted(focused, focused.value))
            return
        self._confirm()

    def _confirm(self) -> None:
        if self.busy or not self.ready:
            return
        self.busy = "accept"
        self._error(None, "")
        self._refresh()
        self._accept(self.code, self.project if self.needs_project else None)

    @work(exit_on_error=False, group="accept", exclusive=True)
    async def _accept(self, code: str, project: str | None) -> None:
        try:
            connection = await self.app.client.accept(code, project)  # type: ignore[attr-defined]
        except Exception as exc:  # shown to the user, never a stuck screen
            exc = as_node_error(exc)
            self.post_message(Accepted(None, exc))
            return
        self.post_message(Accepted(connection, None))

    def on_accepted(self, message: Accepted) -> None:
        self.busy = None
        if message.error is not None:
            self._error(message.error.code, message.error.message)
            self._refresh()
            return
        connection = message.connection
        assert connection is not None
        status = connection.status.value.title()
        self.notify(f"{connection.name} is now {status}.", title="Invitation accepted")
        self.dismiss(connection)

    # --- keys and buttons ---------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.busy != "accept":
            self.dismiss(None)

    @on(CodeInput.Submitted)
    def _code_submitted(self) -> None:
        if self.ready:
            self._confirm()
        elif self.preview is None or self.previewed_code != self.code:
            self.action_preview()

    @on(TextArea.Changed, "#accept-code")
    def _code_changed(self) -> None:
        if self.previewed_code is not None and self.previewed_code != self.code:
            self.preview = None
            self.previewed_code = None
            self._show_preview()
        self._error(None, "")
        self._refresh()

    @on(Button.Pressed, "#accept-preview")
    def _preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#accept-confirm")
    def _confirm_pressed(self) -> None:
        self._confirm()

    @on(Button.Pressed, "#accept-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
