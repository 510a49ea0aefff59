"""Help: every key, per screen, built from the bindings themselves (one source of truth)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from ..plain import PlainStatic


def _key_label(b: Binding) -> str:
    if b.key_display:
        return b.key_display
    return ", ".join(k.replace("_", " ") for k in b.key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "app.pop_screen", "Close", id="help-close",
                        tooltip="Close the help")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        from ..app import VendorbenchApp
        from .analysis import AnalysisScreen
        from .legal import LegalScreen
        from .operations import OperationsScreen
        from .overview import OverviewScreen
        from .pilot import PilotScreen
        from .report import ReportScreen
        from .results import (
            CalibrationScreen,
            CompletionScreen,
            ResultsScreen,
            VendorDetailScreen,
        )
        from .scorecard import ScorecardScreen
        from .terms import TermsScreen
        from .weights import WeightsScreen

        screens = [OverviewScreen, ScorecardScreen, LegalScreen, ResultsScreen, VendorDetailScreen, CalibrationScreen,
                   CompletionScreen, AnalysisScreen, WeightsScreen, TermsScreen, ReportScreen, OperationsScreen,
                   PilotScreen]
        screens.sort(key=lambda cls: not isinstance(self.under, cls))  # the current screen first
        everywhere = ("ctrl+p opens the command palette: go to a vendor, a criterion or a screen, reveal scores, "
                      "change the theme.")
        sections = [(cls.HELP_TITLE, cls.HELP_TEXT, cls.BINDINGS) for cls in screens]
        sections.append(("Everywhere", everywhere, VendorbenchApp.BINDINGS))
        # the key column fits the longest label ("f1, question mark"), so none is cut
        key_width = max(len(_key_label(b)) for _, _, bindings in sections for b in bindings if isinstance(b, Binding))
        with VerticalScroll(id="help"):
            yield PlainStatic(Text("vendorbench keys", style="bold"))
            for title, text, bindings in sections:
                yield PlainStatic(self._section(title, text, bindings, key_width))
            yield PlainStatic(Text("vendorbench is decision support, not legal advice.", style="dim"))

    @staticmethod
    def _section(title: str, text: str, bindings: list, key_width: int) -> Table:  # type: ignore[type-arg]
        table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None,
                      padding=(0, 2), expand=True)
        table.add_column("key", style="bold cyan", no_wrap=True, width=key_width)
        table.add_column("does")
        if text:
            table.add_row("", Text(text, style="dim"))
        seen = set()
        for b in bindings:
            if isinstance(b, Binding) and b.tooltip and b.action not in seen:
                seen.add(b.action)
                table.add_row(Text(_key_label(b)), Text(b.tooltip or b.description))
        return table
