"""Build the executive PDF report from the TUI, with a progress bar; the core builds it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from ..plain import PlainStatic


class ReportScreen(ModalScreen[None]):
    HELP_TITLE = "Executive report (f7)"
    HELP_TEXT = ("Builds the executive PDF: ranking, recommendation, legal blockers and the decision analysis, "
                 "from the same figures as every screen. The build runs in the background.")
    BINDINGS = [Binding("escape", "close", "Close", id="report-close", tooltip="Close (the build goes on)")]

    def __init__(self, out_path: Path):
        super().__init__()
        self.out_path = out_path

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainStatic("Executive report", classes="dialog-title")
            yield PlainStatic(Text(f"Writing {self.out_path}"), id="report-target")
            yield ProgressBar(total=100, show_eta=False, id="report-progress")
            yield PlainStatic("", id="report-stage")
            yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, group="report")
    def build(self) -> None:
        from ...errors import VendorbenchError
        from ...report import build_report

        def progress(fraction: float, label: str) -> None:
            self.app.call_from_thread(self._progress, fraction, label)

        try:
            info = build_report(self.app.session.ws, self.out_path, progress=progress)  # type: ignore[attr-defined]
        except VendorbenchError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, info)

    def _progress(self, fraction: float, label: str) -> None:
        self.query_one("#report-progress", ProgressBar).update(progress=round(fraction * 100))
        self.query_one("#report-stage", Static).update(Text(label, style="dim"))

    def _done(self, info) -> None:  # type: ignore[no-untyped-def]
        self.query_one("#report-progress", ProgressBar).update(progress=100)
        text = Text("✓ Written: ", style="bold green")
        text.append(str(info.path.resolve()))
        text.append(f"\n{info.pages} pages" + (", marked DRAFT (scorecards or legal review incomplete)"
                                               if info.draft else ""))
        for warning in info.warnings:
            text.append(f"\n⚠ {warning}", style="yellow")
        self.query_one("#report-stage", Static).update(text)
        self.app.notify(f"Report written to {info.path}", timeout=8)

    def _failed(self, message: str) -> None:
        self.query_one("#report-stage", Static).update(Text(f"✗ {message}", style="bold red"))
        self.app.notify(message, title="Report not written", severity="error", timeout=10)

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
