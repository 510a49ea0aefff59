"""The vendorbench Textual app: navigation, global keys, the command palette, saving."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from ..store import Workspace
from .plain import PlainCommands
from .saver import Saver
from .session import Session

if TYPE_CHECKING:
    from .prefetch import Prefetch

SCREENS_BY_KEY = {"overview": "Overview", "scorecard": "Scorecard", "legal": "Legal checklist",
                  "results": "Results", "weights": "Weights", "operations": "Operations"}
VENDOR_SCREENS = ("scorecard", "legal", "operations")  # screens of one vendor


class VendorbenchApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "vendorbench"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {PlainCommands}  # Textual's own provider parses command titles as markup
    # The footer shows each screen's own keys, help and quit; the screen keys (f2-f8) and
    # refresh are in the help and the command palette (a footer with them is cut at 120 columns).
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Every key, per screen"),
        Binding("f2", "show('overview')", "Overview", id="overview", show=False,
                tooltip="Vendors, progress, recommendation"),
        Binding("f3", "show('scorecard')", "Scorecard", id="scorecard", show=False,
                tooltip="Score the current vendor"),
        Binding("f4", "show('legal')", "Legal", id="legal", show=False,
                tooltip="Contract-risk checklist of the current vendor"),
        Binding("f5", "show('results')", "Results", id="results", show=False,
                tooltip="Ranking and drill-down"),
        Binding("f6", "show('weights')", "Weights", id="weights", show=False,
                tooltip="Category and criterion weights"),
        Binding("f7", "report", "Report", id="report", show=False,
                tooltip="Build the executive PDF report"),
        Binding("f8", "show('operations')", "Operations", id="operations", show=False,
                tooltip="After signing: SLA scorecard, credits, trends, pilot and staffing of the current vendor"),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh", show=False,
                tooltip="Show teammates' new answers"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit (every answer is saved first)", priority=True),
    ]

    def __init__(self, ws: Workspace, user: str, prefs_path: Path | None = None,
                 overview_cache_dir: Path | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        from . import prefs

        self.prefs_path = prefs_path if prefs_path is not None else prefs.config_path()
        if overview_cache_dir is None:  # the figures drawn last time, per user (see overview_cache)
            from .overview_cache import cache_dir

            overview_cache_dir = cache_dir()
        self.overview_cache_dir = overview_cache_dir
        self.prefs, self._prefs_problem = prefs.load(self.prefs_path)
        self.session = Session(ws, user)
        self.vendor_id: str | None = None  # the vendor the scorecard and legal screens open on
        self.saver: Saver | None = None
        self.pending_saves = 0
        # the overview's first view, computed on a spare core (its first wait() takes it; later ones get None)
        self.prefetch: Prefetch | None = None

    # -- lifecycle

    def on_load(self) -> None:
        """The app runs, its terminal and its threads not yet started: the child starts on the figures
        now, while this process sets up and paints (and a fork with no other thread yet is the safest)."""
        from .prefetch import Prefetch

        self.prefetch = Prefetch.start(self.session.ws, self.session.user, self.session.day(),
                                       self.overview_cache_dir)

    def on_mount(self) -> None:
        from . import prefs
        from .screens.overview import OverviewScreen

        self.theme = self.prefs.theme if self.prefs.theme in self.available_themes else prefs.DEFAULT_THEME
        if self._prefs_problem:
            self.notify(self._prefs_problem, severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.sub_title = self.session.ws.meta.name
        loop = asyncio.get_running_loop()
        self.saver = Saver(loop.call_soon_threadsafe)
        vendors = self.session.ws.vendors()
        self.vendor_id = vendors[0].id if vendors else None
        self.push_screen(OverviewScreen())
        # Objects alive after start-up (questionnaires, widgets) live as long as the app:
        # keep them out of the cyclic GC's full collections, which otherwise cost ~80 ms
        # on a large workspace and land on a keypress.
        self.call_after_refresh(gc.freeze)

    def _remember_theme(self, theme: Any) -> None:
        """The theme chosen (palette: Change theme) is the one the next start uses."""
        from ..errors import VendorbenchError
        from . import prefs

        if theme.name == self.prefs.theme:
            return
        self.prefs.theme = theme.name
        try:
            prefs.save(self.prefs_path, self.prefs)
        except VendorbenchError as exc:
            self.notify(f"Theme not remembered: {exc}", severity="warning", timeout=10)

    def on_unmount(self) -> None:
        if self.prefetch is not None:
            self.prefetch.cancel()  # a child still computing is not left behind (its waiter returns)
        # however the app ends, queued saves reach the disk before the process exits
        if self.saver is not None:
            saver, self.saver = self.saver, None
            saver.flush()
            saver.stop()

    async def action_quit(self) -> None:
        await self._drain_focused()
        screen = self.screen
        if hasattr(screen, "commit_edits"):
            screen.commit_edits()
        if self.saver is not None:
            saver, self.saver = self.saver, None
            await asyncio.to_thread(saver.flush)  # every queued save reaches the disk first
            saver.stop()
        self.exit(0)

    def format_title(self, title: str, sub_title: str) -> Content:
        """Who is working comes first: at 80 columns a long event name must not hide it."""
        return Content.assemble((self.session.user, "bold"), (" · ", "dim"), Content(sub_title),
                                (" · ", "dim"), (title, "dim"))

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notice is literal text: messages quote vendor, person and criterion names."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def _drain_focused(self) -> None:
        """Let the focused widget handle keys and pastes already queued for it.

        ctrl+q is a priority binding: it runs as soon as the app sees it, while the
        text typed just before it (type-ahead, a paste) still waits in the focused
        widget's queue. call_later queues behind those, so when it runs, the typed text
        is in the field and commit_edits saves it."""
        widget = self.focused
        if widget is None:
            return
        drained = asyncio.Event()
        widget.call_later(drained.set)
        try:
            await asyncio.wait_for(drained.wait(), timeout=2)
        except TimeoutError:  # the widget is gone or stuck: quit with what is there
            pass

    # -- saving (every write goes through here, in order, off the UI thread)

    def save(self, job: Any, done: Any = None, failed: Any = None) -> None:
        """Run job() on the saver thread; done(result) / failed(message) run back on the UI thread.

        failed returns True when it has told the user what happened itself."""
        assert self.saver is not None
        self.pending_saves += 1

        def on_done(result: Any) -> None:
            self.pending_saves -= 1
            self.session.invalidate()
            if done:
                done(result)

        def on_failed(message: str) -> None:
            self.pending_saves -= 1
            if failed and failed(message):
                return  # the screen explained it in its own words
            self.notify(message, title="Not saved", severity="error", timeout=10)

        self.saver.submit(job, on_done, on_failed)

    def run_core(self, action: Any, *args: Any, **kwargs: Any) -> Any:
        """Call the core on the UI thread (quick settings changes); errors become notifications."""
        from ..errors import VendorbenchError

        try:
            result = action(*args, **kwargs)
        except VendorbenchError as exc:
            self.notify(str(exc), title="vendorbench", severity="error", timeout=10)
            return None
        self.session.invalidate()
        return result

    def core_ok(self, action: Any, *args: Any, **kwargs: Any) -> bool:
        """run_core for a core call that returns nothing: True when it succeeded."""
        def call() -> bool:
            action(*args, **kwargs)
            return True

        return self.run_core(call) is True

    # -- navigation

    def action_show(self, name: str, vendor_id: str | None = None) -> None:
        from .screens.legal import LegalScreen
        from .screens.operations import OperationsScreen
        from .screens.overview import OverviewScreen
        from .screens.results import ResultsScreen
        from .screens.scorecard import ScorecardScreen
        from .screens.weights import WeightsScreen

        if vendor_id is not None:
            self.vendor_id = vendor_id
        elif hasattr(self.screen, "highlighted_vendor"):
            self.vendor_id = self.screen.highlighted_vendor() or self.vendor_id
        if name in VENDOR_SCREENS and self.vendor_id is None:
            self.notify("Add a vendor first (a on the overview).", severity="warning")
            return
        if name in VENDOR_SCREENS and self.vendor_id not in {v.id for v in self.session.ws.vendors()}:
            # a stale row or palette entry: a teammate removed the vendor meanwhile
            self.notify("That vendor is no longer in the workspace: a teammate removed it.", severity="warning")
            self.vendor_id = None
            name = "overview"
        if name != "overview" and not self._results_readable():
            return
        if hasattr(self.screen, "commit_edits"):
            self.screen.commit_edits()
        # The overview is the base; every other screen sits directly on top of it.
        while not isinstance(self.screen, OverviewScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if name == "overview":
            return
        screens = {"scorecard": lambda: ScorecardScreen(self.vendor_id), "legal": lambda: LegalScreen(self.vendor_id),
                   "results": ResultsScreen, "weights": WeightsScreen,
                   "operations": lambda: OperationsScreen(self.vendor_id)}
        self.push_screen(screens[name]())

    def action_report(self) -> None:
        from ..report import default_path
        from .screens.report import ReportScreen

        if hasattr(self.screen, "commit_edits"):
            self.screen.commit_edits()
        # the workspace's own exports/ folder: the report lives with the event it describes
        out = default_path(self.session.ws.meta.name, self.session.ws.root)
        self.push_screen(ReportScreen(out))

    def action_approve(self) -> None:
        """The sign-off form (approvers, with roles set): governance.approve, as the CLI."""
        from .. import governance
        from ..errors import VendorbenchError
        from .screens.approval import ApprovalDialog

        ws, user = self.session.ws, self.session.user

        def submit(decision: str, note: str) -> str | None:
            try:
                governance.approve(ws, user, decision, note)
            except VendorbenchError as exc:
                return str(exc)
            self.session.invalidate()
            self._reload_screen()
            self.notify(governance.approval_state(ws).line, timeout=6)
            return None

        self.push_screen(ApprovalDialog(f"You: {user} · " + governance.approval_state(ws).line, submit))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def _results_readable(self) -> bool:
        """Compute the results now; a corrupt or unreadable file becomes a notification."""
        from ..errors import VendorbenchError

        try:
            self.session.results  # noqa: B018
        except VendorbenchError as exc:
            self.notify(str(exc), title="Cannot read the workspace", severity="error", timeout=15)
            return False
        return True

    def action_refresh(self) -> None:
        self.session.invalidate()
        if self._reload_screen():
            self.notify("Reloaded from disk: teammates' latest answers are shown.", timeout=3)

    def on_app_focus(self) -> None:
        # back from another window: a teammate may have saved meanwhile
        self.session.invalidate()
        self._reload_screen()

    def _reload_screen(self) -> bool:
        from ..errors import VendorbenchError
        from .screens.overview import OverviewScreen

        if not hasattr(self.screen, "refresh_data"):
            return True
        # the overview computes its results in a worker and reports errors itself
        if not isinstance(self.screen, OverviewScreen) and not self._results_readable():
            return False  # keep showing what is on screen; the notification says why
        try:
            self.screen.refresh_data()
        except VendorbenchError as exc:
            self.notify(str(exc), title="Cannot read the workspace", severity="error", timeout=15)
            return False
        return True

    # -- command palette: commands depend on the screen

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, title in SCREENS_BY_KEY.items():
            yield SystemCommand(f"Screen: {title}", f"Switch to the {title.lower()} screen",
                                lambda key=key: self.action_show(key))
        for v in self.session.ws.vendors():
            yield SystemCommand(f"Scorecard: {v.name}", "Score this vendor",
                                lambda vid=v.id: self.action_show("scorecard", vid), discover=False)
            yield SystemCommand(f"Legal: {v.name}", "Review this vendor's contract",
                                lambda vid=v.id: self.action_show("legal", vid), discover=False)
            yield SystemCommand(f"Operations: {v.name}", "SLA scorecard, credits, pilot and staffing of this vendor",
                                lambda vid=v.id: self.action_show("operations", vid), discover=False)
        if hasattr(screen, "palette_commands"):
            yield from screen.palette_commands()
        yield SystemCommand("Build the executive report", "PDF comparison and recommendation for executives",
                            self.action_report)
        from .. import governance

        if "approver" in governance.roles_of(self.session.ws, self.session.user):
            yield SystemCommand("Approve the decision", "Sign off: approve, approve with conditions or reject",
                                self.action_approve)
        yield SystemCommand("Refresh", "Reload teammates' answers from disk", self.action_refresh)
        yield SystemCommand("Help", "Every key, per screen", self.action_help)
        yield from super().get_system_commands(screen)
