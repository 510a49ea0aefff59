"""The decision analysis as Rich renderables, for the two terminal views.

The CLI prints these under the ranking (compact: a few lines per section) and
the TUI's analysis screen shows them in full in a scrolling pane, so both say
the same thing in the same words. Rich only: no Textual, no ReportLab; every
figure comes from the results document and vendorbench.summary.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from . import summary

COMPACT_LIMIT = 5  # list items per section in the compact (CLI) form


def money(x: Any) -> str:
    return f"{float(x):,.2f}"


def item(text: Text | str, indent: int = 2, bullet: str = "- ") -> Table:
    """One list item whose wrapped lines stay indented under its first word."""
    grid = Table.grid(padding=0)
    grid.add_column(width=indent + len(bullet), no_wrap=True)
    grid.add_column()
    grid.add_row(" " * indent + bullet, text if isinstance(text, Text) else Text(text))
    return grid


def _heading(title: str, rest: Text | None = None, hint: str = "") -> Text:
    out = Text(title, style="bold")
    if rest is not None:
        out.append(": ")
        out.append_text(rest)
    if hint:
        out.append(f"  ({hint})", style="dim")
    return out


def _more(shown: int, total: int, where: str) -> list[RenderableType]:
    return [item(Text(f"... and {total - shown} more ({where})", style="dim"), indent=4, bullet="")] \
        if total > shown else []


def evidence_lines(res: Any) -> tuple[Text | None, list[Text]]:
    """The heading and one line per flag: evidence that has expired or expires before the planned
    contract start, and the conditions to sign it makes; (None, []) when nothing is flagged."""
    ev = res.evidence
    if not ev.flags:
        return None, []
    day = ev.today.isoformat() if ev.today else "today"
    lines = []
    for v in res.vendors:
        for f in ev.flags_of(v.vendor.id):
            lines.append(Text(f"{v.vendor.name} · {_item_title(res, f.item)}: ") + Text(f.label, style="bold red")
                         + Text(f" · {f.message}"))
        for _, text in ev.conditions_of(v.vendor.id):
            lines.append(Text(f"{v.vendor.name}: ") + Text("condition to sign", style="bold yellow")
                         + Text(f" · {text}"))
    return Text(f"Evidence flags (as of {day})", style="bold"), lines


def _item_title(res: Any, ident: str) -> str:
    """A criterion's or checklist item's title for a reader; the id when the questionnaire lacks it."""
    criterion = res.scorecard.criterion(ident)
    if criterion is not None:
        return str(criterion.title)
    legal_item = res.checklist.item(ident)
    return str(legal_item.title) if legal_item is not None else ident


def rank1_text(rank1: Any, name: Any) -> str:
    return ", ".join(f"{name[v]} " + ("<1%" if p < 0.005 else ">99%" if 0.995 <= p < 1 else f"{float(p):.0%}")
                     for v, p in sorted(rank1.items(), key=lambda kv: -kv[1]) if p)


def analysis_parts(res: Any, full: bool = False) -> list[RenderableType]:
    """Agreement, weight sensitivity, what would change the decision, SLA, TCO and warnings.

    full=False is the CLI's compact form (long lists cut with "... and N more");
    full=True lists everything (the TUI scrolls)."""
    from .analysis.sensitivity import DRAWS

    limit = None if full else COMPACT_LIMIT
    name = {v.vendor.id: v.vendor.name for v in res.vendors}
    titles = {c.id: c.title for c in res.scorecard.categories}
    criterion_titles = {c.id: c.title for c in res.scorecard.criteria()}
    out: list[RenderableType] = []
    a = res.agreement
    if a is not None:
        out.append(Text(""))
        if a.alpha is None:
            out.append(_heading("Evaluator agreement",
                                Text("not measurable yet (needs two evaluators scoring the same criteria)")))
        else:
            out.append(_heading("Evaluator agreement", Text(f"Krippendorff's alpha {float(a.alpha):.2f}"),
                                "0.80+ reliable, 0.67+ tentative"))
            measured = sorted((x, cid) for cid, x in a.categories.items() if x is not None)
            if full:
                out.extend(item(f"{titles[cid]}: {float(x):.2f}") for x, cid in measured)
            elif measured:
                out.append(item("lowest: " + ", ".join(f"{titles[cid]} {float(x):.2f}" for x, cid in measured[:3])))
            single = [titles[cid] for cid in a.categories if a.single_rater(cid)]
            if single:
                out.append(item("one evaluator only (no second opinion): " + ", ".join(single)))
            blind = [titles[cid] for cid, x in a.categories.items() if x is None and not a.single_rater(cid)]
            if blind:
                out.append(item("not measurable (no criterion scored twice, or no variation): " + ", ".join(blind)))
        if a.disagreements:
            out.append(item(f"{len(a.disagreements)} score(s) 2+ points apart, to calibrate "
                            "(Results, Enter on the vendor, Enter on the criterion: notes side by side):"))
            for d in a.disagreements[:limit]:
                scores = ", ".join(f"{e} {s}" for e, s in d.scores.items())
                line = Text(f"{name.get(d.vendor_id, d.vendor_id)} · ", style="bold")
                line.append(criterion_titles.get(d.criterion, d.criterion))
                line.append(f": {scores}", style="dim")
                out.append(item(line, indent=4, bullet=""))
            out.extend(_more(len(a.disagreements[:limit]), len(a.disagreements), "results --json"))
    s = res.sensitivity
    if s is not None and s.leader is not None:
        out += [Text(""), _heading("Weight sensitivity")]
        out.extend(item(line) for line in s.summary[:limit])
        out.extend(_more(len(s.summary[:limit]), len(s.summary), "results --json"))
        out.append(item(f"First in {DRAWS:,} random weightings around yours, among the vendors that can be "
                        "recommended: " + rank1_text(s.rank1, name)))
    steps = summary.decision_sentences(res)
    if steps:
        out += [Text(""), _heading("What would change the decision")]
        out.extend(item(line) for line in steps)
    if any(c.terms for c in res.sla.values()):
        out += [Text(""), _heading("SLA check", hint="details: vendorbench sla DIR --vendor V")]
        for vid, c in res.sla.items():
            if c.terms:
                state = Text(", ".join(f"{f.title} ({f.severity})" for f in c.findings), style="yellow") \
                    if c.findings else Text("balanced", style="green")
                out.append(item(Text(f"{name[vid]}: ") + state))
        bare = [name[vid] for vid, c in res.sla.items() if not c.terms]
        if bare:
            out.append(item(Text("no terms recorded: " + ", ".join(bare), style="dim")))
    if any(t.inputs for t in res.tco.values()):
        out += [Text(""),
                _heading("Total cost of ownership", hint="cost per resolved contact = cost per contact / FCR")]
        t = Table("vendor", "TCO", "months", "per contact", "per resolved", box=None, padding=(0, 1, 0, 2))
        for col in t.columns[1:]:
            col.justify = "right"
        for vid, f in res.tco.items():
            if f.inputs:
                months = f.inputs.get("contract_months")
                t.add_row(Text(name[vid]), "-" if f.tco is None else money(f.tco),
                          "-" if months is None else f"{months:g}",
                          "-" if f.cost_per_contact is None else money(f.cost_per_contact),
                          "-" if f.cost_per_resolved_contact is None else money(f.cost_per_resolved_contact))
        out.append(t)
        if any(f.missing for f in res.tco.values() if f.inputs):
            out.append(item(Text("- = inputs missing (vendorbench tco DIR --vendor V lists them)", style="dim"),
                            bullet=""))
        bare = [name[vid] for vid, f in res.tco.items() if not f.inputs]
        if bare:
            out.append(item(Text("no inputs recorded: " + ", ".join(bare), style="dim"), bullet=""))
    if res.warnings:
        out.append(Text(""))
        out.extend(item(Text("Warning: ", style="bold red") + Text(w.message), indent=0, bullet="")
                   for w in res.warnings)
    return out
