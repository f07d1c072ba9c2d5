"""Step 3 (where the platform has projects): the project for the incoming sync."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static

from ...domain.models import Project
from ...domain.platforms import ConnectionType
from ...widgets.project_picker import ProjectPicker
from .flow import WizardState, as_node_error
from .messages import RequestNext, StepUpdated
from .note import Note


def default_rules_line(work_items: str) -> str:
    return (
        f"The default sync rules keep the basic fields of {work_items} in step — summary, "
        "description, comments, labels and attachments. You can adjust the rules later."
    )


class ProjectsLoaded(Message):
    def __init__(self, which: str, projects: list[Project] | None, error: str | None) -> None:
        super().__init__()
        self.which = which
        self.projects = projects
        self.error = error


class ProjectStep(VerticalScroll):
    def __init__(self, state: WizardState) -> None:
        super().__init__(id="project", classes="wizard-step")
        self.state = state
        self.filters = {"local": "", "remote": ""}
        self._loaded: dict[str, str] = {}  # which → the instance the list came from

    def compose(self) -> ComposeResult:
        yield Label("Select a project for the incoming sync", classes="step-heading")
        yield Static("", id="rules-line", classes="hint")
        yield Note(id="project-error", classes="step-error")
        yield ProjectPicker("", selected=self.state.project, id="pick-local")
        yield ProjectPicker("", selected=self.state.remote_project, id="pick-remote")

    def load(self) -> None:
        """Entering the step: set labels for this flow and fetch the lists needed."""
        state = self.state
        local_picker = self.query_one("#pick-local", ProjectPicker)
        remote_picker = self.query_one("#pick-remote", ProjectPicker)
        local_picker.display = state.asks_local_project
        remote_picker.display = state.asks_remote_project
        items = state.local.work_items
        remote = state.remote_platform
        rules_items = items if state.asks_local_project or remote is None else remote.work_items
        self.query_one("#rules-line", Static).update(default_rules_line(rules_items))
        local_label = f"Project where {items} received from the other side are created*"
        if state.connection_type is ConnectionType.LOCAL:
            local_label = f"One project of this instance (its {items} sync with the other)*"
        local_picker.query_one(".field-label", Label).update(local_label)
        if state.connection_type is ConnectionType.LOCAL:
            remote_label = f"The other project (where its {items} are synced to)*"
        else:
            where = state.known.name if state.known else "the destination"
            words = remote.work_items if remote else "items"
            remote_label = f"Project on '{where}' where {words} from this side are created*"
        remote_picker.query_one(".field-label", Label).update(remote_label)
        if state.asks_local_project and "local" not in self._loaded:
            self._loaded["local"] = "this"
            self._fetch("local")
        source = state.known.name if state.known and state.completes_remotely else "this"
        if state.asks_remote_project and self._loaded.get("remote") != source:
            self._loaded["remote"] = source
            self._fetch("remote")
        self.refresh_view()

    def focus_first(self) -> None:
        for picker_id, asked, value in (
            ("#pick-local", self.state.asks_local_project, self.state.project),
            ("#pick-remote", self.state.asks_remote_project, self.state.remote_project),
        ):
            if asked and not value:
                self.query_one(picker_id, ProjectPicker).focus_filter()
                return
        picker = "#pick-local" if self.state.asks_local_project else "#pick-remote"
        self.query_one(picker, ProjectPicker).focus_filter()

    @work(exit_on_error=False, group="projects")
    async def _fetch(self, which: str) -> None:
        app = self.app
        try:
            if which == "remote" and self.state.connection_type is not ConnectionType.LOCAL:
                client = app.client_for(self.state.known)  # type: ignore[attr-defined]
            else:
                client = app.client  # type: ignore[attr-defined]
            self.post_message(ProjectsLoaded(which, await client.projects(), None))
        except Exception as exc:  # shown to the user, never a stuck screen
            exc = as_node_error(exc)
            self.post_message(ProjectsLoaded(which, None, exc.message))

    def on_projects_loaded(self, message: ProjectsLoaded) -> None:
        picker = self.query_one(f"#pick-{message.which}", ProjectPicker)
        if message.projects is None:
            self._loaded.pop(message.which, None)
            self.state.node_errors["step:project"] = f"Could not load the projects: {message.error}"
            picker.set_projects([])
        else:
            picker.set_projects(message.projects)
        self.refresh_view()

    @on(ProjectPicker.Changed)
    def _picked(self, event: ProjectPicker.Changed) -> None:
        event.stop()
        if event.picker.id == "pick-local":
            self.state.project = event.key
            self.state.node_errors.pop("project", None)
        else:
            self.state.remote_project = event.key
            self.state.node_errors.pop("remote_project", None)
        self.refresh_view()
        if event.submit:
            if (
                event.picker.id == "pick-local"
                and self.state.asks_remote_project
                and not self.state.remote_project
            ):
                self.query_one("#pick-remote", ProjectPicker).focus_filter()
                return
            self.post_message(RequestNext())

    def refresh_view(self) -> None:
        errors = self.state.node_errors
        message = (
            errors.get("project") or errors.get("remote_project") or errors.get("step:project")
        )
        self.query_one("#project-error", Note).update(message or "")
        self.post_message(StepUpdated())
