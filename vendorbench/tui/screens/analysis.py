"""Decision analysis: agreement, weight sensitivity, SLA check, TCO and warnings, in full.

The figures are the core's (Results.agreement, .sensitivity, .decision, .sla, .tco,
.warnings), laid out by vendorbench.rendering exactly as the CLI prints them, but
in full: every item listed (the screen scrolls), where the CLI cuts lists short.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...rendering import analysis_parts
from ..plain import PlainStatic
from .base import BaseScreen


class AnalysisScreen(BaseScreen):
    HELP_TITLE = "Decision analysis"
    HELP_TEXT = ("a on Results: evaluator agreement (Krippendorff's alpha and every score to calibrate, by criterion "
                 "title), weight sensitivity, the balanced-SLA check, total cost of ownership and the cost-only "
                 "warnings: the same figures as vendorbench results, listed in full (arrows and page keys scroll).")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="an-back", tooltip="Back to the ranking")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="analysis-scroll"):
            yield PlainStatic(id="analysis")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#analysis-scroll").focus()  # arrow and page keys scroll at once

    def refresh_data(self) -> None:
        parts = analysis_parts(self.session.results, full=True)
        self.query_one("#analysis", Static).update(Group(*parts) if parts else Text("Nothing to show yet."))
