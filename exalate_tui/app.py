"""The Textual application. Kept small: it wires screens, the node client and the config."""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from .resources import stylesheet


class ExalateApp(App):
    CSS_PATH = [stylesheet("app.tcss")]
    TITLE = "exalate-tui"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("No console screens yet.", id="placeholder")
        yield Footer()


def run_console(args: argparse.Namespace) -> int:
    ExalateApp().run()
    return 0
