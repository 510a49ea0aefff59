"""Operations after signing, for one vendor: the monthly SLA scorecard, trends, pilot and staffing.

Every figure is the core's: vendorbench.operations.vendor_scorecard (what `vendorbench kpi
show` prints), pilot_decision (`vendorbench pilot`), requirement and bid_checks (`vendorbench
staffing`), and analysis.performance.actions (the QBR's follow-ups). This screen only lays
them out; an empty section says which command fills it. A file that cannot be read is
named in its own section, so a corrupt pilot plan does not hide the scorecard.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Sparkline, Static

from ... import operations
from ...analysis import performance
from ...errors import VendorbenchError
from ...rendering import item, money
from ..plain import PlainStatic
from .base import BaseScreen
from .dialogs import ConfirmDialog

TREND_LABELS = {"volume": "volume", "first_response_hours": "first response, h", "resolution_hours": "resolution, h",
                "fcr_pct": "FCR, %", "csat_pct": "CSAT, %", "reopen_pct": "reopen rate, %",
                "qa_score_pct": "QA score, %", "aht_seconds": "AHT, s", "attrition_pct": "attrition, %",
                "fee_invoiced": "fee invoiced", "cost_per_resolved": "cost per resolved contact"}
TREND_ORDER = ("cost_per_resolved", *performance.TREND_METRICS)  # the cost trend first: the headline
SPARK_WIDTH = 18  # cells at most; with more months than that, Sparkline shows the highest of each group
DECISION_STYLE = {"go": "bold green", "extend": "bold yellow", "stop": "bold red"}
DIRECTION_STYLE = {"better": "green", "worse": "red"}


def _num(x: Any) -> str:
    """A KPI value as typed: thousands separated, no trailing zeros."""
    text = f"{float(x):,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _whole(x: Any) -> str:
    return f"{float(x):,.0f}"


def _unit(m: performance.Metric) -> str:
    return "%" if m.unit == "%" else f" {m.unit}"


class OperationsScreen(BaseScreen):
    HELP_TITLE = "Operations (f8)"
    HELP_TEXT = ("After signing, per vendor: each SLA term met or missed per month, service credits due against "
                 "claimed, paired-metric warnings, QA calibration alpha, the trend of every metric (the cost per "
                 "resolved contact first), the pilot decision with its reasons and the staffing check against "
                 "the bid. The same figures as vendorbench kpi show, pilot and staffing; arrows and page keys "
                 "scroll (left and right too, for many months).")
    BINDINGS = [
        Binding("greater_than_sign", "vendor(1)", "Vendor", key_display=">", id="op-next-vendor",
                tooltip="Same screen, next vendor"),
        Binding("less_than_sign", "vendor(-1)", "Prev vendor", key_display="<", id="op-prev-vendor", show=False,
                tooltip="Same screen, previous vendor"),
        Binding("p", "pilot_plan", "Pilot plan", id="op-pilot",
                tooltip="Edit the pilot plan: dates, the decision rule's weeks, thresholds (validated form)"),
        Binding("b", "qbr", "QBR PDF", id="op-qbr",
                tooltip="Write the quarterly business review PDF of the latest quarter to exports/"),
        Binding("escape", "back", "Back", id="op-back", show=False, tooltip="Back to the overview"),
    ]

    def __init__(self, vendor_id: str, today: _dt.date | None = None):
        super().__init__()
        self.vendor_id = vendor_id
        self.today = today  # the pilot decision's day (None: today); tests fix it

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="vendor-bar")
        with VerticalScroll(id="ops-scroll"):
            yield PlainStatic(id="ops-scorecard", classes="ops-wide")
            yield PlainStatic(id="ops-notes", classes="ops-section")
            yield PlainStatic(id="ops-trends-title", classes="ops-section")
            for key in TREND_ORDER:
                with Horizontal(id=f"trend-{key}", classes="ops-trend"):
                    yield PlainStatic(TREND_LABELS[key], classes="trend-label")
                    yield Sparkline([], id=f"spark-{key}", classes="trend-spark")
                    yield PlainStatic(id=f"trend-text-{key}", classes="trend-text")
            yield PlainStatic(id="ops-actions", classes="ops-section")
            yield PlainStatic(id="ops-pilot", classes="ops-section")
            yield PlainStatic(id="ops-staffing", classes="ops-section")
        yield PlainStatic(id="save-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#ops-scroll").focus()  # arrow and page keys scroll at once

    # -- drawing

    def refresh_data(self) -> None:
        ws = self.session.ws
        try:
            vendor = ws.vendor(self.vendor_id)
        except VendorbenchError:
            self.notify("That vendor is no longer in the workspace: a teammate removed it.", severity="warning")
            self.vb.action_show("overview")
            return
        self.vendor = vendor
        self.quarter: str | None = None  # the latest quarter with KPI months: what b writes
        try:
            _, sc = operations.vendor_scorecard(ws, vendor.id)
            weekly = len(operations.kpi_rows(operations.kpi(ws, vendor.id), weekly=True))
            problem = None
        except VendorbenchError as exc:
            sc, weekly, problem = None, 0, str(exc)
        self._bar(sc)
        self._scorecard(sc, weekly, problem)
        self._trends(sc)
        self._text("#ops-actions", self._actions(sc))
        self._text("#ops-pilot", self._pilot())
        self._text("#ops-staffing", self._staffing())

    def _text(self, selector: str, content: RenderableType) -> None:
        widget = self.query_one(selector, Static)
        widget.display = content != ""  # an empty section takes no lines
        widget.update(content)

    def _bar(self, sc: performance.Scorecard | None) -> None:
        bar = Text()
        bar.append(self.vendor.name, style="bold")
        if sc is not None and sc.periods:
            bar.append(f"   {len(sc.periods)} months {sc.periods[0].period} to {sc.periods[-1].period}")
            bar.append(f" · credits due {money(sc.credit_due)}, claimed {money(sc.credit_claimed)}")
            if sc.unclaimed > 0:
                bar.append(f", unclaimed {money(sc.unclaimed)}", style="bold yellow")
        self._text("#vendor-bar", bar)

    def _command(self, *words: str) -> RenderableType:
        """A command line to copy, on its own indented lines, the workspace folder and vendor name
        quoted as the shell needs."""
        import shlex

        line = " ".join(["vendorbench", words[0], shlex.quote(str(self.session.ws.root)), *words[1:]])
        return item(Text(line, style="bold"), indent=2, bullet="")

    def _vendor_arg(self) -> str:
        import shlex

        return f"--vendor {shlex.quote(self.vendor.name)}"

    def _scorecard(self, sc: performance.Scorecard | None, weekly: int, problem: str | None) -> None:
        title = Text("Monthly scorecard against the SLA", style="bold")
        card = self.query_one("#ops-scorecard", Static)
        card.styles.width = "100%"
        if problem is not None:
            card.update(Group(title, Text(problem, style="bold red")))
            self._text("#ops-notes", "")
            return
        assert sc is not None
        if not sc.periods:
            hint: list[RenderableType] = [
                Text(f"No monthly KPI periods for {self.vendor.name} yet. Import a CSV of months (columns period, "
                     "volume, first_response_hours, resolution_hours, fcr_pct, csat_pct, reopen_pct, qa_score_pct, "
                     "qa_sample_size, aht_seconds, attrition_pct, fee_invoiced, credit_claimed) with:"),
                self._command("kpi", "import", self._vendor_arg(), "FILE.csv")]
            if weekly:
                hint.append(Text(f"It has {weekly} weekly period(s): the pilot below uses them.", style="dim"))
            card.update(Group(title, *hint))
            self._text("#ops-notes", "")
            return
        t = Table(box=None, padding=(0, 0, 0, 1), show_edge=False)
        t.add_column("SLA term", no_wrap=True)
        t.add_column("target", justify="right", no_wrap=True)
        for p in sc.periods:
            t.add_column(p.period, justify="right", no_wrap=True)
        for i, term in enumerate(sc.periods[0].terms):
            m = term.metric
            cells: list[Text] = []
            for p in sc.periods:
                r = p.terms[i]
                if r.met is None:
                    cells.append(Text("-", style="dim"))
                else:  # a mark, not only colour: "✗" is a miss
                    cells.append(Text(_num(r.value) + ("" if r.met else " ✗"), style="green" if r.met else "bold red"))
            op = ">=" if m.higher_is_better else "<="
            t.add_row(m.label, f"{op} {_num(term.target)}{_unit(m)}", *cells)
        t.add_section()
        t.add_row("credit due", "", *(Text("-" if p.credit_due is None else _whole(p.credit_due)
                                           + ("*" if p.capped else "")) for p in sc.periods))
        t.add_row("claimed", "", *(Text("-" if p.credit_claimed is None else _whole(p.credit_claimed),
                                        style="yellow" if p.unclaimed and p.unclaimed > 0 else "")
                                   for p in sc.periods))
        low = performance.LOW_ALPHA
        t.add_row("QA alpha", "", *(Text("-" if p.qa_alpha is None else f"{float(p.qa_alpha):.2f}",
                                         style="bold red" if p.qa_alpha is not None and p.qa_alpha < low else "")
                                    for p in sc.periods))
        table = Group(title, t)
        # as wide as the table, so many months scroll sideways instead of squeezing the columns
        console = self.app.console
        card.styles.width = Measurement.get(console, console.options.update_width(10_000), table).maximum
        card.update(table)
        self._text("#ops-notes", Group(*self._notes(sc)))

    def _notes(self, sc: performance.Scorecard) -> list[RenderableType]:
        out: list[RenderableType] = [
            Text("✗ missed · * capped: credits shared pro rata up to the cap · credits in whole units (the totals "
                 "above are exact) · QA alpha: Krippendorff's alpha between the buyer's and the vendor's QA scores "
                 f"of the same tickets; below {float(performance.LOW_ALPHA):.2f} they do not grade alike",
                 style="dim")]
        if not sc.terms:
            out.append(Text("No SLA terms set for this vendor, so no term is judged: set them with i on the "
                            "overview, or:", style="yellow"))
            out.append(self._command("sla", self._vendor_arg(), "--set fcr_target_pct=70 ..."))
        for p in sc.periods:
            for w in p.warnings:
                out.append(item(Text(f"{p.period}: {w}", style="yellow"), indent=0, bullet="! "))
        for p in sc.periods:
            for status, why in (("earned back", "waived: the target was met the following months"),
                                ("open", "due unless the target is met the next months")):
                credits = [c for c in p.credits if c.status == status]
                if credits:
                    out.append(item(Text(f"{p.period}: credits {status} ({why}): " + ", ".join(
                        f"{performance.BY_KPI[c.metric].label} {money(c.amount)}" for c in credits), style="dim"),
                        indent=0))
        if not any(p.warnings for p in sc.periods):
            out.append(Text("No paired-metric warning: no month met the speed targets while FCR or CSAT fell.",
                            style="dim"))
        return out

    def _trends(self, sc: performance.Scorecard | None) -> None:
        trends = {t.metric: t for t in sc.trends} if sc is not None else {}
        shown = [k for k in TREND_ORDER if k in trends and trends[k].first is not None]
        title = Text("Trends", style="bold")
        if shown and sc is not None:
            title.append(f"  {sc.periods[0].period} to {sc.periods[-1].period}, first month → last", style="dim")
        self._text("#ops-trends-title", title if shown else "")
        for key in TREND_ORDER:
            row = self.query_one(f"#trend-{key}")
            row.display = key in shown
            if key not in shown:
                continue
            trend = trends[key]
            spark = self.query_one(f"#spark-{key}", Sparkline)
            # the months reported, in order, each as wide as fits: Sparkline splits its data into one
            # bucket per cell, unevenly when there are more cells than values, so values are repeated
            values = [float(v) for _, v in trend.values if v is not None]
            spark.data = [v for v in values for _ in range(max(1, SPARK_WIDTH // len(values)))]
            spark.styles.width = min(SPARK_WIDTH, len(spark.data))
            better = performance.HIGHER_IS_BETTER.get(key) if key != "cost_per_resolved" else False
            spark.set_class(better is True, "high-is-good")
            spark.set_class(better is False, "low-is-good")
            fmt = money if key in ("cost_per_resolved", "fee_invoiced") else _num
            text = Text(f"{fmt(trend.first)} → {fmt(trend.last)}  ")
            text.append(trend.direction, style=DIRECTION_STYLE.get(trend.direction, "dim"))
            self._text(f"#trend-text-{key}", text)

    def _actions(self, sc: performance.Scorecard | None) -> RenderableType:
        if sc is None or not sc.periods:
            return ""
        which, months = performance.quarter(sc)
        self.quarter = which
        acts = performance.actions(months)
        title = Text("Actions for the review of ", style="bold") + Text(which, style="bold")
        title.append("  (b writes the QBR PDF)", style="dim")
        if not acts:
            return Group(title, Text("None: every term met, no warning, every credit claimed.", style="dim"))
        return Group(title, *(item(Text(a.text) + Text(f"  owner: {a.owner}", style="dim"), indent=0) for a in acts))

    def _pilot(self) -> RenderableType:
        title = Text("Pilot", style="bold")
        ws = self.session.ws
        try:
            plan = operations.pilot(ws, self.vendor.id)
            if plan is None:
                return Group(title, Text(f"No pilot plan for {self.vendor.name}. Plan one (thresholds default to the "
                                         "signed SLA targets) with p here, or:"),
                             self._command("pilot", self._vendor_arg(), "--start YYYY-MM-DD --end YYYY-MM-DD"))
            _, plan, ts, decision = operations.pilot_decision(ws, self.vendor.id, self.today)
        except VendorbenchError as exc:
            return Group(title, Text(str(exc), style="bold red"))
        title.append(f"  {plan.start.isoformat()} to {plan.end.isoformat()}; rule: every must-pass threshold met "
                     f"in each of the last {plan.weeks} weeks (p edits the plan)", style="dim")
        own = {t.metric for t in plan.thresholds}
        lines: list[RenderableType] = [title]
        if ts:
            lines.append(Text("Thresholds: " + "; ".join(
                t.describe() + ("" if t.must_pass else " (advisory)") + (" (plan)" if t.metric in own else "")
                for t in ts) + ". Defaults come from the SLA; (plan) marks the plan's own.", style="dim"))
        lines.append(Text("Decision: ", style="bold") + Text(decision.decision.upper(),
                                                             style=DECISION_STYLE[decision.decision]))
        lines.extend(item(Text(r), indent=0) for r in decision.reasons)
        return Group(*lines)

    def _staffing(self) -> RenderableType:
        title = Text("Staffing check", style="bold")
        ws = self.session.ws
        try:
            missing = operations.missing_demand(operations.demand(ws))
            req = operations.requirement(ws)
            check = operations.bid_checks(ws, req).get(self.vendor.id) if req is not None else None
        except VendorbenchError as exc:
            return Group(title, Text(str(exc), style="bold red"))
        if req is None:
            return Group(title, Text("The demand is incomplete; missing: " + ", ".join(missing) + ". Set it with:"),
                         self._command("staffing", "--set channel=voice --set aht_seconds=300 ..."))
        title.append(f"  {req.channel}, {req.weekly_contacts:,.0f} contacts a week", style="dim")
        t = Table(box=None, padding=(0, 0, 0, 1), show_edge=False)
        for col in ("", "required", "bid"):
            t.add_column(col, justify="left" if not col else "right", no_wrap=True)

        def bid(x: float | None) -> str:
            return "-" if x is None else f"{x:g}"

        t.add_row("agents (FTE)", f"{req.agents} ({req.fte:.1f})", bid(check.agents if check else None))
        t.add_row("team leads", str(req.team_leads), bid(check.team_leads if check else None))
        t.add_row("QA analysts", str(req.qa_analysts), bid(check.qa_analysts if check else None))
        if check is not None:
            t.add_row("TCO", "-" if check.corrected.tco is None else money(check.corrected.tco),
                      "-" if check.as_bid.tco is None else money(check.as_bid.tco))
        parts: list[RenderableType] = [title, t]
        unstaffed = check is None or (check.agents, check.team_leads, check.qa_analysts) == (None, None, None)
        if check is not None:
            parts.append(Text("TCO required: the bid's TCO with its staffing raised to the requirement.", style="dim"))
        if check is not None and check.flags:
            parts.extend(item(Text(f, style="yellow"), indent=0, bullet="! ") for f in check.flags)
        elif unstaffed:
            parts.append(Text(f"The bid of {self.vendor.name} names no staffing to check: set its agents, team_leads "
                              "and qa_analysts with i on the overview, or:", style="yellow"))
            parts.append(self._command("tco", self._vendor_arg(), "--set agents=... --set team_leads=... "
                                       "--set qa_analysts=..."))
        else:
            parts.append(Text("The bid is staffed at or above the requirement.", style="green"))
        if check is not None:
            parts.extend(item(Text(n, style="dim"), indent=0) for n in check.corrections)
            if check.as_bid.missing:
                parts.append(item(Text("TCO inputs missing: " + ", ".join(check.as_bid.missing), style="dim"),
                                  indent=0))
        return Group(*parts)

    # -- keys

    def action_vendor(self, step: int) -> None:
        ids = [v.id for v in self.session.ws.vendors()]
        if self.vendor_id in ids and len(ids) > 1:
            self.vb.action_show("operations", ids[(ids.index(self.vendor_id) + step) % len(ids)])

    def action_back(self) -> None:
        self.vb.action_show("overview")

    def highlighted_vendor(self) -> str | None:
        return self.vendor_id

    def palette_commands(self) -> Any:
        from textual.app import SystemCommand

        yield SystemCommand("Write the QBR PDF", f"Quarterly business review of {self.vendor.name}", self.action_qbr)
        yield SystemCommand("Edit the pilot plan", f"Dates, rule and thresholds of {self.vendor.name}'s pilot",
                            self.action_pilot_plan)

    def action_pilot_plan(self) -> None:
        from .pilot import PilotScreen

        self.app.push_screen(PilotScreen(self.vendor_id))

    def action_qbr(self) -> None:
        from pathlib import Path

        from ...report.qbr import default_qbr_path

        ws = self.session.ws
        if self.quarter is None:  # no KPI months: the core says so in its own words
            self._write_qbr(None)
            return
        # the workspace's own exports/ folder, as for the executive report
        path = default_qbr_path(ws.meta.name, self.vendor.name, self.quarter, Path(ws.root))
        if path.exists():
            self.app.push_screen(ConfirmDialog(f"{path} exists. Replace it with the review of {self.quarter}?",
                                               "Replace"), lambda ok: self._write_qbr(path) if ok else None)
        else:
            self._write_qbr(path)

    def _write_qbr(self, path: Any) -> None:
        self._text("#save-status", Text(f"Writing the QBR of {self.vendor.name}…", style="yellow"))
        self.write_qbr(self.vendor_id, path, self.quarter)

    @work(thread=True, exclusive=True, group="qbr")
    def write_qbr(self, vendor_id: str, path: Any, quarter: str | None) -> None:
        from ...report.qbr import build_qbr

        ws = self.session.ws
        try:
            info = build_qbr(ws, vendor_id, path, quarter)
        except VendorbenchError as exc:
            self.app.call_from_thread(self._qbr_failed, str(exc))
            return
        except OSError as exc:
            self.app.call_from_thread(self._qbr_failed, f"{exc.filename or 'QBR'}: {exc.strerror or exc}")
            return
        self.app.call_from_thread(self._qbr_done, info)

    def _qbr_done(self, info: Any) -> None:
        pages = f"{info.pages} page{'s' if info.pages != 1 else ''}"
        self._text("#save-status", Text(f"✓ QBR {info.quarter} written: {info.path} ({pages})", style="green"))
        self.notify(f"QBR {info.quarter} written to {info.path} ({pages})", timeout=8)

    def _qbr_failed(self, message: str) -> None:
        self._text("#save-status", Text("✗ QBR not written: see the message", style="bold red"))
        self.notify(message, title="QBR not written", severity="error", timeout=10)
