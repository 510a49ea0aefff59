"""Overview: every vendor with progress, total, rank, knockouts, legal rating; the recommendation."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from ... import display
from ...errors import VendorbenchError
from ...store import duplicate_vendor_warnings
from ...vendors import Vendor
from ..plain import PlainDataTable, PlainStatic
from .base import BaseScreen

if TYPE_CHECKING:  # the results are computed (and their module imported) after the first paint
    import datetime as _dt

    from ...results import Results, VendorResult
    from ...store import Workspace
    from ..overview_cache import Row, View
    from ..prefetch import Prefetch

# the start-up child computes what this process would, and started earlier: a child that has not
# answered by then is stuck, and the overview computes the figures itself
PREFETCH_TIMEOUT = 15.0
FRAME_WAIT = 1.0  # seconds; a screen that does not repaint (being closed, say) holds nothing up


class OverviewScreen(BaseScreen):
    HELP_TITLE = "Overview"
    HELP_TEXT = ("Every shortlisted vendor. Enter opens its scorecard; "
                 "the first line under the table is the recommendation.")
    BINDINGS = [
        Binding("s", "open('scorecard')", "Score", id="ov-score", tooltip="Score the highlighted vendor"),
        Binding("l", "open('legal')", "Legal", id="ov-legal", tooltip="Legal checklist of the highlighted vendor"),
        Binding("a", "add_vendor", "Add", id="ov-add", tooltip="Add a vendor"),
        Binding("e", "rename_vendor", "Rename", id="ov-rename", tooltip="Rename or edit the highlighted vendor"),
        Binding("delete,d", "remove_vendor", "Remove", id="ov-remove", tooltip="Remove the highlighted vendor"),
        Binding("i", "terms", "Terms", id="ov-terms",
                tooltip="SLA terms, TCO inputs and notes of the highlighted vendor"),
        Binding("o", "open('operations')", "Operations", id="ov-operations", show=False,
                tooltip="After signing: SLA scorecard, credits, pilot and staffing of the highlighted vendor"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="event")
        yield PlainStatic(id="governance")  # stage, weight lock, approval: shown only when roles are set
        yield PlainDataTable(id="vendors", cursor_type="row", zebra_stripes=True)
        yield PlainStatic(id="recommendation")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    def on_mount(self) -> None:
        self.query_one("#governance", Static).display = False
        self.query_one("#vendors", DataTable).focus()

    def refresh_data(self) -> None:
        """Draw now from the results if they are current, else draw the vendors and compute
        the results in the background (a large event takes a moment): the screen never waits."""
        res = self.session.cached_results
        if res is None:
            self._draw_pending()
            # after the frame showing the vendors: the computation's thread would otherwise
            # share the interpreter with that first paint and slow it down
            self.call_after_refresh(self._compute, self.vb.prefetch)
            return
        self._show(build_view(res, self.session.ws, self.session.user))

    @work(thread=True, exclusive=True, group="overview-results")
    def _compute(self, prefetch: Prefetch | None = None) -> None:
        """Compute the results and draw them; first, while the placeholder shows, draw the view the
        start-up's child computed (prefetch) or, failing that, the one cached for this very state."""
        from ...errors import VendorbenchError
        from .. import overview_cache

        session, worker = self.session, get_current_worker()
        if prefetch is not None:
            early = prefetch.wait(PREFETCH_TIMEOUT, lambda: worker.is_cancelled)
            if early is not None and not worker.is_cancelled:
                self._show_and_wait(early)
        folder = self.vb.overview_cache_dir
        state = overview_cache.key(session.ws, session.user, session.day())  # before the files are read
        if state is not None and getattr(self, "_placeholder", False):
            cached = overview_cache.load(folder, session.ws, session.user, state)
            if cached is not None and not worker.is_cancelled:
                self._show_and_wait(cached)  # what it showed for this very state
        try:
            res = session.results
            view = build_view(res, session.ws, session.user)
        except VendorbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="vendorbench", severity="error", timeout=15)
            return
        if not worker.is_cancelled:  # a newer computation (after a change) draws instead
            self.app.call_from_thread(self._show, view)
            if state is not None:
                overview_cache.save(folder, session.ws, session.user, state, view)

    def _show_and_wait(self, early: View) -> None:
        """From the worker: draw an early view (see _show) and return once it is on screen; the
        computation that follows would otherwise share the interpreter with that frame and delay it."""
        painted = threading.Event()

        def show() -> None:
            self._show(early, True)
            self.call_after_refresh(painted.set)

        self.app.call_from_thread(show)
        painted.wait(FRAME_WAIT)

    def _draw_pending(self) -> None:
        vendors = self.session.ws.vendors()
        self.query_one("#event", Static).update(f"{self.session.ws.meta.name} · {_count(len(vendors))}")
        table = self.query_one("#vendors", DataTable)
        if table.row_count:
            return  # keep showing the previous figures until the new ones are ready
        self._columns(table, [v.name for v in vendors])
        self._placeholder = True
        for v in vendors:
            table.add_row("…", Text(v.name, overflow="ellipsis"), *([v.region or "-"] if self._wide else []),
                          "…", "…", "…", "…", "…", key=v.id)
        self.query_one("#recommendation", Static).update(Text("Computing results…", style="dim"))

    @property
    def _wide(self) -> bool:
        return self.size.width >= 100

    def _columns(self, table: DataTable, names: list[str], rows: Iterable[Sequence[str | Text]] = ()) -> None:
        """rows: each row's cells of the fixed columns (_fixed_cells); a column is at least as wide as
        its longest ("300/300" on a 300-criterion scorecard, "not reviewed" in the legal column)."""
        table.clear(columns=True)
        # fit 80 columns: the vendor name takes what is left; region only when there is room
        fixed = [("#", 2), ("Mine", 5), ("Team", 4), ("Total", 5), ("Knockouts", 9), ("Legal   seen", 13)]
        for cells in rows:
            fixed = [(label, max(w, cell_len(str(c)))) for (label, w), c in zip(fixed, cells, strict=True)]
        used = sum(w + 2 for _, w in fixed) + (11 if self._wide else 0) + 4
        longest = max([6] + [len(n) for n in names])
        columns = fixed[:1] + [("Vendor", max(12, min(longest, self.size.width - used)))]
        columns += [("Region", 9)] if self._wide else []
        columns += fixed[1:]
        for label, w in columns:
            table.add_column(label, width=w, key=label)
        self._drawn_wide = self._wide

    def _show(self, view: View, from_cache: bool = False) -> None:
        """Draw the figures (from_cache: those drawn last time for this same workspace state; the
        computation that follows draws again). Only while the placeholder shows, for a cached view."""
        if not self.is_mounted or (from_cache and not getattr(self, "_placeholder", False)):
            return
        self.query_one("#event", Static).update(view.event)
        table = self.query_one("#vendors", DataTable)
        # keep the user's row; the placeholder's cursor (vendor order, not rank) is not a choice
        keep = None if getattr(self, "_placeholder", False) else self.highlighted_vendor()
        self._placeholder = False
        cells = [_fixed_cells(r) for r in view.rows]
        self._columns(table, [r.name for r in view.rows], cells)
        for r, (rank, *figures) in zip(view.rows, cells, strict=True):
            row: list[str | Text] = [rank, Text(r.name, overflow="ellipsis")]
            row += [r.region] if self._wide else []
            table.add_row(*row, *figures, key=r.vendor_id)
        keep = getattr(self, "_select_after_draw", None) or keep
        self._select_after_draw = None
        if keep is not None and keep in {r.vendor_id for r in view.rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#recommendation", Static).update(view.recommendation)
        widget = self.query_one("#governance", Static)
        widget.display = view.governance is not None
        if view.governance is not None:
            widget.update(view.governance)

    def on_resize(self) -> None:
        if getattr(self, "_drawn_wide", None) not in (None, self._wide):
            self.refresh_data()

    def highlighted_vendor(self) -> str | None:
        table = self.query_one("#vendors", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.vb.action_show("scorecard", event.row_key.value)

    def action_open(self, name: str) -> None:
        self.vb.action_show(name)

    # -- vendors

    def action_add_vendor(self) -> None:
        from .dialogs import VendorDialog

        def submit(name: str, region: str | None, website: str) -> str | None:
            try:
                vendor = self.session.ws.add_vendor(name, region=region, website=website, by=self.session.user)
            except VendorbenchError as exc:
                return str(exc)
            self.vb.vendor_id = vendor.id
            self.session.invalidate()
            return None

        self.app.push_screen(VendorDialog("Add a vendor", submit), lambda ok: self._after_change(ok, self.vb.vendor_id))

    def action_rename_vendor(self) -> None:
        from .dialogs import VendorDialog

        vid = self.highlighted_vendor()
        vendor = self._still_there(vid)
        if vendor is None:
            return

        def submit(name: str, region: str | None, website: str) -> str | None:
            try:
                self.session.ws.update_vendor(vid, name=name, region=region, website=website,
                                                by=self.session.user)
            except VendorbenchError as exc:
                return str(exc)
            self.session.invalidate()
            return None

        self.app.push_screen(VendorDialog(f"Edit {vendor.name}", submit, vendor.name, vendor.region, vendor.website),
                             lambda ok: self._after_change(ok, vid))

    def action_remove_vendor(self) -> None:
        from .dialogs import ConfirmDialog

        vid = self.highlighted_vendor()
        vendor = self._still_there(vid)
        if vendor is None:
            return
        ws = self.session.ws
        people = ws._people_with_answers(vid)  # noqa: SLF001 - the same check the core's remove uses
        question = f"Remove {vendor.name}?"
        if people:
            question += (f"\n\nThis also deletes every answer and finding for it, from {', '.join(people)}. "
                         "This cannot be undone.")

        def confirmed(ok: bool | None) -> None:
            if ok and self.vb.run_core(ws.remove_vendor, vid, force=True, by=self.session.user) is not None:
                self.notify(f"Removed {vendor.name}.", timeout=3)
                if self.vb.vendor_id == vid:
                    remaining = ws.vendors()
                    self.vb.vendor_id = remaining[0].id if remaining else None
            self.refresh_data()

        self.app.push_screen(ConfirmDialog(question, "Remove", danger=True), confirmed)

    def action_terms(self) -> None:
        from .terms import TermsScreen

        vendor = self._still_there(self.highlighted_vendor())
        if vendor is not None:
            self.vb.vendor_id = vendor.id
            self.app.push_screen(TermsScreen(vendor.id))

    def palette_commands(self) -> Any:
        """A vendor entered twice (two clones each added it): merge one entry into the other, either way."""
        from textual.app import SystemCommand

        from ...store import duplicate_groups

        for group in duplicate_groups(self.session.ws.vendors()):
            for source in group:
                for kept in group:
                    if source is not kept:
                        yield SystemCommand(f"Merge vendor: {source.name} (id:{source.id}) into id:{kept.id}",
                                            "A vendor entered twice: its answers go to the kept entry",
                                            lambda s=source, k=kept: self.merge_vendor(s, k))

    def merge_vendor(self, source: Vendor, kept: Vendor) -> None:
        from .dialogs import ConfirmDialog

        ws = self.session.ws
        question = (f"Merge {source.name} (id:{source.id}) into {kept.name} (id:{kept.id})?\n\n"
                    f"The answers and findings on id:{source.id} go to id:{kept.id}, then id:{source.id} is "
                    "removed. Nothing changes if a person answered a question differently in the two: they "
                    "are listed, to settle first.")

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            merged = self.vb.run_core(ws.merge_vendor, source.id, kept.id, by=self.session.user)
            if merged is not None:
                self.notify(" ".join([merged.summary(), *(n[0].upper() + n[1:] + "." for n in merged.notes())]),
                            timeout=12)
                if self.vb.vendor_id == source.id and not merged.waiting:
                    self.vb.vendor_id = kept.id
                self._select_after_draw = kept.id
            self.refresh_data()

        self.app.push_screen(ConfirmDialog(question, "Merge"), confirmed)

    def _still_there(self, vid: str | None) -> Vendor | None:
        """The highlighted vendor, or None (said plainly) when a teammate has removed it."""
        if vid is None:
            return None
        for vendor in self.session.ws.vendors():
            if vendor.id == vid:
                return vendor
        self.notify("That vendor is no longer in the workspace: a teammate removed it.", severity="warning")
        self.session.invalidate()
        self.refresh_data()
        return None

    def _after_change(self, changed: bool | None, vendor_id: str | None) -> None:
        """Redraw with the cursor on the vendor just added or edited, so the next key acts on it."""
        if changed:
            self._select_after_draw = vendor_id
            self.refresh_data()


def _fixed_cells(r: Row) -> tuple[str | Text, ...]:
    """A row's cells of the overview's fixed columns, in their order (#, Mine, Team, Total, Knockouts, Legal)."""
    return r.rank, r.progress, r.completeness, r.total, r.knockouts, r.legal


def results_for_view(ws: Workspace, day: _dt.date) -> Results:
    """The results build_view reads: the decision analysis only where governance's approval state needs
    it (roles on). The start-up's child computes these: the figures come sooner without it."""
    from ... import governance, results

    return results.load(ws, day, analysis=governance.roles_on(ws))


def build_view(res: Results, ws: Workspace, user: str) -> View:
    """What the overview shows of the results, for this user (plain data: built in the worker,
    drawn on the UI thread, kept for the next start by overview_cache)."""
    from ... import governance
    from ..overview_cache import Row, View

    n_criteria = len(res.scorecard.criteria())
    # a lawyer's own progress is the contract review, not the scorecard
    legal_role = user in res.reviewers and user not in res.evaluators
    event = (f"{res.workspace} · {_count(len(res.vendors))}"
             + (" · Mine = contract items you reviewed / items to review" if legal_role else ""))
    rows = tuple(Row(vendor_id=v.vendor.id, rank=str(v.rank), name=v.vendor.name, region=v.vendor.region or "-",
                     progress=_legal_progress(v, user) if legal_role else _score_progress(v, user, n_criteria),
                     completeness=display.percent(v.score.completeness), total=display.total(v.score.total),
                     knockouts=_knockouts(v), legal=_legal(v)) for v in res.vendors)
    recommendation = Text()
    for warning in duplicate_vendor_warnings(v.vendor for v in res.vendors):  # may name the recommended one
        recommendation.append("Warning: " + warning + "\n", style="bold red")
    recommendation += _recommendation(res, bool(res.vendors))
    try:
        gov = governance.summary(ws, res)
    except VendorbenchError as exc:
        return View(event, rows, recommendation, Text(str(exc), style="bold red"))
    if gov is None:
        return View(event, rows, recommendation, None)
    approver = "approver" in governance.roles_of(ws, user)
    hint = " · ctrl+p: Approve the decision" if approver and not gov.state.final else ""
    line = Text(gov.line[0].upper() + gov.line[1:] + hint,
                style="bold red" if gov.state.void else "bold" if gov.state.final else "")
    return View(event, rows, recommendation, line)


def _score_progress(v: VendorResult, user: str, n_criteria: int) -> str:
    mine = sum(1 for people in v.score.votes.values() if user in people)
    return f"{mine}/{n_criteria}"


def _legal_progress(v: VendorResult, user: str) -> str:
    to_review = [s for s in v.legal.items.values() if not s.switched_off]
    return f"{sum(1 for s in to_review if user in s.by)}/{len(to_review)}"


def _count(n: int) -> str:
    return f"{n} vendor" if n == 1 else f"{n} vendors"


def _knockouts(v: VendorResult) -> Text:
    if v.score.knockouts:
        return Text(f"{len(v.score.knockouts)} failed", style="bold red")
    if v.score.pending_knockouts:
        return Text(f"{len(v.score.pending_knockouts)} pending", style="dim")
    return Text("none", style="green")


def _legal(v: VendorResult) -> Text:
    text = Text(f"{v.legal.rating:<8}", style=display.RATING_STYLE[v.legal.rating])
    text.append(f"{display.percent(v.legal.coverage):>5}", style="dim")
    return text


def _recommendation(res, has_vendors: bool) -> Text:  # type: ignore[no-untyped-def]
    if not has_vendors:
        return Text("No vendors yet: press a to add the first one.", style="bold")
    rec = res.recommendation
    text = Text()
    if rec.vendor is None:
        text.append("Recommendation: none yet", style="bold")
    else:
        text.append(rec.label + ": ", style="bold")  # "(not ready)", "(conditional)": the CLI's and the report's words
        text.append(rec.vendor.name, style="bold yellow" if rec.conditional else "bold green")
    for reason in rec.reasons:
        text.append("\n  · " + reason)
    return text
