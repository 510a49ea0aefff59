"""Decision analysis: agreement, weight sensitivity, SLA check, TCO and warnings, in full.

The figures are the core's (Results.agreement, .sensitivity, .sla, .tco, .warnings);
here they are only laid out: criteria named by title, every item listed (the screen
scrolls), where the CLI's compact summary cuts lists short.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ..plain import PlainStatic
from .base import BaseScreen


def _bullet(text: Text, indent: int = 2) -> Table:
    """A list item whose wrapped lines stay under its first word."""
    grid = Table.grid(padding=0)
    grid.add_column(width=indent + 2, no_wrap=True)
    grid.add_column()
    grid.add_row(" " * indent + "- ", text)
    return grid


def _heading(title: str, hint: str = "") -> Text:
    text = Text("\n" + title, style="bold")
    if hint:
        text.append("  " + hint, style="dim")
    return text


def _money(x: Any) -> str:
    return f"{float(x):,.2f}"


def analysis_view(res: Any) -> list[Any]:
    name = {v.vendor.id: v.vendor.name for v in res.vendors}
    cat_title = {c.id: c.title for c in res.scorecard.categories}
    crit_title = {c.id: c.title for c in res.scorecard.criteria()}
    out: list[Any] = []
    a = res.agreement
    if a is not None:
        out.append(_heading("Evaluator agreement", "Krippendorff's alpha: 0.80+ reliable, 0.67+ tentative"))
        if a.alpha is None:
            out.append(_bullet(Text("not measurable yet (needs two evaluators scoring the same criteria)")))
        else:
            out.append(_bullet(Text(f"Krippendorff's alpha {float(a.alpha):.2f} overall")))
            for cid, x in sorted(a.categories.items(), key=lambda kv: (kv[1] is None, kv[1] or 0)):
                out.append(_bullet(Text(f"{cat_title[cid]}: " + ("not measurable (one evaluator, or no variation)"
                                                                 if x is None else f"{float(x):.2f}")), indent=4))
        if a.disagreements:
            out.append(_heading(f"{len(a.disagreements)} score(s) 2+ points apart, to calibrate",
                                "Results, Enter on the vendor, Enter on the criterion: notes side by side"))
            for d in a.disagreements:
                scores = ", ".join(f"{e} {s}" for e, s in d.scores.items())
                line = Text(f"{name.get(d.vendor_id, d.vendor_id)} · ", style="bold")
                line.append(crit_title.get(d.criterion, d.criterion))
                line.append(f": {scores}", style="dim")
                out.append(_bullet(line))
    s = res.sensitivity
    if s is not None and s.leader is not None:
        from ...analysis.sensitivity import DRAWS

        out.append(_heading("Weight sensitivity"))
        out.extend(_bullet(Text(line)) for line in s.summary)
        shares = [f"{name[v]} " + ("<1%" if p < 0.005 else ">99%" if 0.995 <= p < 1 else f"{float(p):.0%}")
                  for v, p in sorted(s.rank1.items(), key=lambda kv: -kv[1]) if p]
        out.append(_bullet(Text(f"First in {DRAWS:,} random weightings around yours: " + ", ".join(shares))))
    if any(c.terms for c in res.sla.values()):
        out.append(_heading("SLA check"))
        for vid, c in res.sla.items():
            if c.terms:
                line = Text(f"{name[vid]}: ", style="bold")
                if c.findings:
                    line.append(", ".join(f"{f.rule} ({f.severity})" for f in c.findings), style="yellow")
                else:
                    line.append("balanced", style="green")
                out.append(_bullet(line))
        bare = [name[vid] for vid, c in res.sla.items() if not c.terms]
        if bare:
            out.append(_bullet(Text("no terms recorded: " + ", ".join(bare), style="dim")))
    if any(t.inputs for t in res.tco.values()):
        out.append(_heading("Total cost of ownership", "cost per resolved contact = cost per contact / FCR"))
        t = Table("vendor", "TCO", "months", "per contact", "per resolved", box=None, padding=(0, 1, 0, 2))
        for col in t.columns[1:]:
            col.justify = "right"
        for vid, f in res.tco.items():
            if f.inputs:
                months = f.inputs.get("contract_months")
                t.add_row(Text(name[vid]), "-" if f.tco is None else _money(f.tco),
                          "-" if months is None else f"{months:g}",
                          "-" if f.cost_per_contact is None else _money(f.cost_per_contact),
                          "-" if f.cost_per_resolved_contact is None else _money(f.cost_per_resolved_contact))
        out.append(t)
        bare = [name[vid] for vid, f in res.tco.items() if not f.inputs]
        if bare:
            out.append(_bullet(Text("no inputs recorded: " + ", ".join(bare), style="dim")))
    if res.warnings:
        out.append(Text(""))
        for w in res.warnings:
            out.append(Text("Warning: ", style="bold red") + Text(w.message))
    return out


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
        parts = analysis_view(self.session.results)
        self.query_one("#analysis", Static).update(Group(*parts) if parts else Text("Nothing to show yet."))
