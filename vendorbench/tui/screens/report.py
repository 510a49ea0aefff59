"""Build the executive PDF report from the TUI: choose date, paper and file, then a progress bar.

The core builds it (vendorbench.report.build_report); this screen only gathers the options
the CLI takes (--date, --paper, -o) and asks before replacing an existing file.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from ..plain import PlainStatic
from .dialogs import ConfirmDialog


def parse_date(text: str) -> _dt.date | None:
    """YYYY-MM-DD, or empty for an undated report (the same file for the same workspace)."""
    text = text.strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"{text!r}: expected a date as YYYY-MM-DD, e.g. 2027-03-14, or nothing for no date")


class ReportScreen(ModalScreen[None]):
    HELP_TITLE = "Executive report (f7)"
    HELP_TEXT = ("Builds the executive PDF: ranking, recommendation, legal blockers and the decision analysis, "
                 "from the same figures as every screen. Choose the date (empty: undated), the paper size and the "
                 "file (default: the workspace's exports/ folder); an existing file is replaced only after you "
                 "confirm. The build runs in the background.")
    BINDINGS = [Binding("escape", "close", "Close", id="report-close", tooltip="Close (a running build goes on)")]

    def __init__(self, out_path: Path, paper: str = "a4"):
        super().__init__()
        self.out_path = out_path
        self.paper = paper

    def compose(self) -> ComposeResult:
        from ...report import PAPERS

        with Vertical(id="dialog"):
            yield PlainStatic("Executive report", classes="dialog-title")
            yield Label("Date on the cover (YYYY-MM-DD; empty: no date)")
            yield Input(_dt.date.today().isoformat(), id="report-date")
            yield Label("Paper")
            yield Select([(p.upper() if p == "a4" else p.capitalize(), p) for p in PAPERS], value=self.paper,
                         allow_blank=False, id="report-paper")
            yield Label("Write to (a relative path is inside the workspace folder)")
            yield Input(self._shown_path(), id="report-path")
            yield PlainStatic("", id="dialog-error")
            yield ProgressBar(total=100, show_eta=False, id="report-progress")
            yield PlainStatic("", id="report-stage")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Build", variant="primary", id="build")
                yield Button("Close", id="close")

    def _shown_path(self) -> str:
        root = Path(self.app.session.ws.root)  # type: ignore[attr-defined]
        try:
            return str(self.out_path.relative_to(root))
        except ValueError:
            return str(self.out_path)

    def on_mount(self) -> None:
        self.query_one("#report-progress").display = False
        self.query_one("#build", Button).focus()

    def on_input_submitted(self) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "build":
            self._start()
        else:
            self.dismiss(None)

    def _error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(message)

    def _start(self) -> None:
        try:
            date = parse_date(self.query_one("#report-date", Input).value)
        except ValueError as exc:
            self._error(str(exc))
            return
        raw = self.query_one("#report-path", Input).value.strip()
        if not raw:
            self._error("Say where to write the report (a .pdf file).")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = Path(self.app.session.ws.root) / path  # type: ignore[attr-defined]
        if path.suffix.lower() != ".pdf":
            self._error(f"{path}: the report is a PDF; give a file name ending in .pdf")
            return
        if path.is_dir():
            self._error(f"{path} is a folder; give a file name ending in .pdf")
            return
        paper = str(self.query_one("#report-paper", Select).value)
        self._error("")
        if path.exists():
            self.app.push_screen(ConfirmDialog(f"{path} exists. Replace it?", "Replace"),
                                 lambda ok: self._run(path, paper, date) if ok else None)
        else:
            self._run(path, paper, date)

    def _run(self, path: Path, paper: str, date: _dt.date | None) -> None:
        self.out_path = path
        self.query_one("#build", Button).disabled = True
        self.query_one("#report-progress").display = True
        self.query_one("#report-stage", Static).update(Text(f"Writing {path}", style="dim"))
        self.build(path, paper, date)

    @work(thread=True, exclusive=True, group="report")
    def build(self, path: Path, paper: str, date: _dt.date | None) -> None:
        from ...errors import VendorbenchError
        from ...report import build_report

        def progress(fraction: float, label: str) -> None:
            self.app.call_from_thread(self._progress, fraction, label)

        try:
            info = build_report(self.app.session.ws, path, paper=paper, date=date,  # type: ignore[attr-defined]
                                progress=progress)
        except VendorbenchError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"{exc.filename or path}: {exc.strerror or exc}")
            return
        self.app.call_from_thread(self._done, info)

    def _progress(self, fraction: float, label: str) -> None:
        self.query_one("#report-progress", ProgressBar).update(progress=round(fraction * 100))
        self.query_one("#report-stage", Static).update(Text(label, style="dim"))

    def _done(self, info) -> None:  # type: ignore[no-untyped-def]
        self.query_one("#report-progress", ProgressBar).update(progress=100)
        self.query_one("#build", Button).disabled = False
        self.query_one("#build", Button).focus()  # Enter builds again (and asks), it does not close
        text = Text("✓ Written: ", style="bold green")
        text.append(str(info.path.resolve()))
        text.append(f"\n{info.pages} pages" + (", marked DRAFT (scorecards or legal review incomplete)"
                                               if info.draft else ""))
        for warning in info.warnings:
            text.append(f"\n⚠ {warning}", style="yellow")
        self.query_one("#report-stage", Static).update(text)
        self.app.notify(f"Report written to {info.path}", timeout=8)

    def _failed(self, message: str) -> None:
        self.query_one("#build", Button).disabled = False
        self.query_one("#report-stage", Static).update(Text(f"✗ {message}", style="bold red"))
        self.app.notify(message, title="Report not written", severity="error", timeout=10)

    def action_close(self) -> None:
        self.dismiss(None)
