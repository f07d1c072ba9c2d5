"""Pick a project from a list you can narrow by typing (key or name)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..domain.models import Project


def project_label(project: Project) -> str:
    if project.name and project.name != project.key:
        return f"{project.key} — {project.name}"
    return project.key


class FilterInput(Input):
    """The filter field: up/down move through the list below it."""

    BINDINGS = [
        Binding("down", "move(1)", "Next project", show=False),
        Binding("up", "move(-1)", "Previous project", show=False),
    ]

    def action_move(self, delta: int) -> None:
        picker = next(a for a in self.ancestors if isinstance(a, ProjectPicker))
        picker.move(delta)


class ProjectPicker(Vertical):
    """A filter field over an option list; the highlighted project is the choice."""

    DEFAULT_CSS = """
    ProjectPicker { height: auto; }
    ProjectPicker OptionList { height: auto; max-height: 7; }
    ProjectPicker .picked { color: $text-muted; }
    """

    class Changed(Message):
        """The chosen project changed (``key`` None when nothing matches the filter)."""

        def __init__(self, picker: ProjectPicker, key: str | None, submit: bool) -> None:
            super().__init__()
            self.picker = picker
            self.key = key
            self.submit = submit

        @property
        def control(self) -> ProjectPicker:
            return self.picker

    class FilterChanged(Message):
        def __init__(self, picker: ProjectPicker, text: str) -> None:
            super().__init__()
            self.picker = picker
            self.text = text

        @property
        def control(self) -> ProjectPicker:
            return self.picker

    def __init__(
        self,
        label: str,
        *,
        selected: str | None = None,
        filter_text: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.projects: list[Project] = []
        self.selected = selected
        self.filter_text = filter_text
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield FilterInput(
            self.filter_text, placeholder="Type to filter projects", classes="filter", compact=True
        )
        yield OptionList(classes="projects", compact=True)
        yield Label("Loading projects…", classes="picked")

    def set_projects(self, projects: list[Project]) -> None:
        self.projects = list(projects)
        self.loaded = True
        self._fill()

    def _matches(self) -> list[Project]:
        text = self.filter_text.strip().lower()
        if not text:
            return self.projects
        return [p for p in self.projects if text in p.key.lower() or text in p.name.lower()]

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        matches = self._matches()
        options.set_options(Option(project_label(p), id=p.key) for p in matches)
        keys = [p.key for p in matches]
        if self.selected in keys:
            options.highlighted = keys.index(self.selected)
        elif keys and self.filter_text.strip():
            # Typing narrows the list; the first match becomes the choice.
            options.highlighted = 0
            self._choose(keys[0], submit=False)
        elif self.selected is not None and self.loaded:
            self._choose(None, submit=False)  # never keep a choice the list no longer shows
        self._show_picked()

    def _show_picked(self) -> None:
        label = self.query_one(".picked", Label)
        if not self.loaded:
            label.update("Loading projects…")
        elif not self.projects:
            label.update("This instance has no projects.")
        elif not self._matches():
            label.update("No project matches the filter.")
        elif self.selected:
            project = next((p for p in self.projects if p.key == self.selected), None)
            label.update(f"Selected: {project_label(project) if project else self.selected}")
        else:
            label.update("Nothing selected yet: ↑/↓ to move, enter to choose.")

    def _choose(self, key: str | None, submit: bool) -> None:
        changed = key != self.selected
        self.selected = key
        self._show_picked()
        if changed or submit:
            self.post_message(self.Changed(self, key, submit))

    def move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count == 0:
            return
        if options.highlighted is None:
            options.highlighted = 0
        else:
            options.highlighted = max(0, min(options.option_count - 1, options.highlighted + delta))

    def on_descendant_focus(self) -> None:
        self.add_class("-active")  # marks the picker that takes the keys (see wizard.tcss)

    def on_descendant_blur(self) -> None:
        self.remove_class("-active")

    def focus_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self.post_message(self.FilterChanged(self, event.value))
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            key = options.get_option_at_index(options.highlighted).id
            self._choose(key, submit=True)
        else:
            self.post_message(self.Changed(self, self.selected, True))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._choose(event.option_id, submit=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_id, submit=True)
