"""Configuration-type cards (Basic / Visual / Script): arrow keys move, enter or space chooses.

A card that cannot be chosen stays on screen, dimmed, with the reason underneath.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..domain.platforms import Mode, ModeChoice, Platform

MODE_TITLES = {Mode.BASIC: "Basic", Mode.VISUAL: "Visual", Mode.SCRIPT: "Script"}


def mode_bullets(mode: Mode, platform: Platform) -> list[str]:
    """What each configuration type means, in our own words."""
    if mode is Mode.BASIC:
        bullets = ["Fields mapped for you", "Fixed rules, not editable"]
        if platform.basic_scope_line:
            bullets.append(platform.basic_scope_line)
        bullets.append("For simple use cases")
        return bullets
    if mode is Mode.VISUAL:
        return [
            "Low-code visual editor",
            "Both sides set up in one place",
            "For simple to medium use cases",
        ]
    return [
        "Rules written as scripts",
        "Each side edits its own rules",
        "For simple to advanced use cases",
    ]


class ModeCard(Static):
    """One card. Rendering only; ``ModeCards`` owns focus and keys."""

    def __init__(self, choice: ModeChoice, platform: Platform) -> None:
        super().__init__(id=f"mode-{choice.mode.value}", classes="mode-card")
        self.choice = choice
        self.platform = platform
        self.update_choice(choice, selected=False, highlighted=False)

    def update_choice(self, choice: ModeChoice, *, selected: bool, highlighted: bool) -> None:
        self.choice = choice
        self.set_class(not choice.enabled, "-disabled")
        self.set_class(selected, "-selected")
        self.set_class(highlighted, "-highlighted")
        mark = "● " if selected else "○ "
        title = Content.from_markup("[b]$mark$title[/]", mark=mark, title=MODE_TITLES[choice.mode])
        parts = [title]
        if choice.mode is Mode.SCRIPT and self.platform.script_badge:
            badge = self.platform.script_badge
            parts.append(Content.from_markup(" [reverse] $badge [/]", badge=badge))
        lines = [Content("").join(parts)]
        lines += [Content(f"• {b}") for b in mode_bullets(choice.mode, self.platform)]
        if not choice.enabled and choice.reason:
            lines.append(Content.from_markup("[i]✕ $reason[/]", reason=choice.reason))
        self.update(Content("\n").join(lines))


class ModeCards(HorizontalGroup, can_focus=True):
    """The row of cards. Keeps a highlighted index; posts ``Chosen`` on enter or space."""

    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous card", show=False),
        Binding("right,down", "move(1)", "Next card", show=False),
        Binding("space", "choose(False)", "Choose", show=True),
        Binding("enter", "choose(True)", "Choose", show=False),
    ]

    class Chosen(Message):
        def __init__(self, cards: ModeCards, choice: ModeChoice, advance: bool) -> None:
            super().__init__()
            self.cards = cards
            self.choice = choice
            self.advance = advance

        @property
        def control(self) -> ModeCards:
            return self.cards

    def __init__(self, platform: Platform, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.platform = platform
        self.choices: list[ModeChoice] = []
        self.selected: Mode | None = None
        self.highlighted = 0

    def set_choices(self, choices: list[ModeChoice], selected: Mode | None) -> None:
        modes = [c.mode for c in choices]
        if modes != [c.mode for c in self.choices]:
            self.remove_children()
            self.mount_all([ModeCard(c, self.platform) for c in choices])
        self.choices = choices
        self.selected = selected
        if selected in modes:
            self.highlighted = modes.index(selected)
        else:
            self.highlighted = min(self.highlighted, max(len(choices) - 1, 0))
        self.call_after_refresh(self._refresh_cards)

    def _refresh_cards(self) -> None:
        for index, card in enumerate(self.query(ModeCard)):
            if index < len(self.choices):
                card.update_choice(
                    self.choices[index],
                    selected=self.choices[index].mode == self.selected,
                    highlighted=index == self.highlighted,  # drawn only while focused (CSS)
                )

    def action_move(self, delta: int) -> None:
        if self.choices:
            self.highlighted = (self.highlighted + delta) % len(self.choices)
            self._refresh_cards()
            cards = list(self.query(ModeCard))
            if self.highlighted < len(cards):
                cards[self.highlighted].scroll_visible()

    def action_choose(self, advance: bool) -> None:
        if not self.choices:
            return
        choice = self.choices[self.highlighted]
        if choice.enabled:
            self.selected = choice.mode
            self._refresh_cards()
        self.post_message(self.Chosen(self, choice, advance))

    def on_click(self, event) -> None:
        for index, card in enumerate(self.query(ModeCard)):
            if card is event.widget or card in event.widget.ancestors_with_self:
                self.highlighted = index
                self.action_choose(False)
                break
