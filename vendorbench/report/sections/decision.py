"""Decision analysis: the cost-only check, weight sensitivity, the balanced-SLA check and TCO."""

from __future__ import annotations

from fractions import Fraction

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from ... import summary
from ...analysis.sensitivity import DRAWS
from ...analysis.tco import SCHEMA
from .. import charts, theme
from ..document import Para
from ..theme import Styles as S
from .base import Context, share_text

KEY = "decision"  # its contents line and outline entry
TITLE = "Decision analysis"


def build(ctx: Context) -> list:
    story: list = [ctx.section(KEY, TITLE),
                   Para("How fragile the ranking is, whether the choice rests on cost alone, whether each "
                        "proposed SLA balances speed with quality, and what each vendor costs over the "
                        "contract. Every figure is the one the results command of vendorbench prints.", S.lead)]
    story += _cost_warnings(ctx) + _sensitivity(ctx) + _sla(ctx) + _tco(ctx) + cost_quality(ctx)
    story.append(PageBreak())
    return story


def _cost_warnings(ctx: Context) -> list:
    warnings = ctx.res.warnings
    if not warnings:
        return [Para("Cost-only check: no warning (commercial categories carry at most a quarter of the "
                     "weight, and the leader does not lead only because of them).", S.body)]
    content = [Para("COST-ONLY WARNING", ctx.status_style(S.kicker, theme.DRAFT))]
    content += [Para(ctx.m(w.message), ctx.status_style(S.body, theme.DRAFT)) for w in warnings]
    return [ctx.box(content, theme.DRAFT), Spacer(1, 3 * mm)]


def _sensitivity(ctx: Context) -> list:
    res, s = ctx.res, ctx.res.sensitivity
    story: list = [Para("Weight sensitivity", S.h2)]
    if s is None or s.leader is None:
        return story + [Para("Not available: no vendor that is not knocked out has a score yet.", S.body)]
    name = {v.vendor.id: ctx.vendor_label(v) for v in res.vendors}
    story.append(Para("Among the vendors that can be recommended (not knocked out, no legal blocker and, the "
                      f"runner-up aside, ready to recommend), <b>{ctx.m(name[s.leader], True)}</b> leads. Giving "
                      "one category a different share of the weight, the others keeping their proportions:", S.body))
    story += ctx.bullets(summary.compared_sentences(res))
    story += ctx.bullets(s.summary)
    widths = [ctx.width - 108 * mm, 20 * mm, 32 * mm, 56 * mm]
    head = [ctx.head(h, w) for h, w in zip(("Category", "Share now", "Lead changes at", "New leader"),
                                             widths)]
    rows = []
    for cat in res.scorecard.categories:
        c = s.categories.get(cat.id)
        if c is None:
            continue
        near = c.nearest
        rows.append([ctx.text_cell(cat.title, widths[0]), share_text(c.current),
                     "never" if near is None else share_text(near.share),
                     "–" if near is None else ctx.text_cell(name[near.leader], widths[3])])
    story += ctx.tables(head, rows, widths, extra=[("ALIGN", (1, 0), (2, -1), "RIGHT")])
    story += [Spacer(1, 1.5 * mm),
              Para("Lead changes at: the share of the total weight, nearest the current one, at which "
                   "another vendor takes the lead; never: no share from 0% to 100% changes it.", S.small)]

    story += [CondPageBreak(35 * mm), Para("Rank-1 probability", S.h3),
              Para(f"The share of {DRAWS:,} random weightings around the configured ones (fixed seed) in "
                   "which each vendor that can be recommended ranks first.", S.small)]
    widths = [ctx.width - 40 * mm, 40 * mm]
    rows = [[ctx.head("Vendor", widths[0]), ctx.head("Ranks first in", widths[1])]]
    for v in res.vendors:
        if v.vendor.id in s.rank1:
            rows.append([ctx.name_cell(v, S.cell), f"{float(s.rank1[v.vendor.id]):.1%}"])
    story.append(ctx.table(rows, widths, extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    return story


def _sla(ctx: Context) -> list:
    res = ctx.res
    story: list = [CondPageBreak(40 * mm), Para("Balanced SLA check", S.h2),
                   Para("A speed-only SLA teaches agents to send fast, empty replies: each proposed SLA is "
                        "checked for quality terms (FCR, CSAT, reopen rate, QA and calibration) and a fee at "
                        "risk. A balanced SLA has no findings.", S.small)]
    widths = [46 * mm, 22 * mm, ctx.width - 68 * mm]
    head = [ctx.head(h, w) for h, w in zip(("Vendor", "Severity", "Finding"), widths)]
    rows: list[list] = []
    extra: list = []
    for v in res.vendors:
        check = res.sla.get(v.vendor.id)
        if check is None:
            continue
        if not check.findings:
            note = "balanced: no findings" if check.terms else "no SLA terms entered"
            rows.append([ctx.name_cell(v, S.cell), "–", ctx.text_cell(note, widths[2])])
            continue
        for i, f in enumerate(check.findings):
            fill, ink, word = theme.RATING.get(f.severity, (theme.WHITE, theme.INK, f.severity.upper()))
            rows.append([ctx.name_cell(v, S.cell) if i == 0 else "", ctx.tag(word, ink), ctx.p(f.message, S.cell)])
            extra.append(("BACKGROUND", (1, len(rows)), (1, len(rows)), fill))
    if not rows:
        return story + [Para("No vendors yet.", S.body)]
    story.append(ctx.table([head] + rows, widths, zebra=False, extra=extra))
    return story


def _tco(ctx: Context) -> list:
    res = ctx.res
    story: list = [CondPageBreak(40 * mm), Para("Total cost of ownership", S.h2),
                   Para("Service, vendor management and the buyer's own oversight over the contract, plus "
                        f"onboarding, integration and exit, in {ctx.currency}. Cost per resolved contact "
                        "divides by the first-contact resolution rate: repeat contacts are paid for twice. A "
                        "figure with an input not entered is incomplete, never a guess.", S.small)]
    widths = [ctx.width - 128 * mm, 16 * mm, 36 * mm, 38 * mm, 38 * mm]
    head = [ctx.head(h, w) for h, w in zip(("Vendor", "Months", f"TCO ({ctx.currency})",
                                              f"Cost per contact ({ctx.currency})",
                                              f"Cost per resolved contact ({ctx.currency})"), widths)]
    rows: list[list] = []
    for v in res.vendors:
        t = res.tco.get(v.vendor.id)
        if t is None:
            continue
        months = t.inputs.get("contract_months")
        cells = [_money(ctx, t, "tco", t.tco, 0, widths[2]),
                 _money(ctx, t, "cost_per_contact", t.cost_per_contact, 2, widths[3]),
                 _money(ctx, t, "cost_per_resolved_contact", t.cost_per_resolved_contact, 2, widths[4])]
        rows.append([ctx.name_cell(v, S.cell), "–" if months is None else f"{months:g}", *cells])
    if not rows:
        return story + [Para("No vendors yet.", S.body)]
    story += ctx.tables(head, rows, widths, extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")])
    return story


def cost_quality(ctx: Context) -> list:
    """Total score against cost per resolved contact: the chart and what it leaves out."""
    res = ctx.res
    points, left_out = [], []
    for v in res.vendors:
        t = res.tco.get(v.vendor.id)
        cost = None if t is None else t.cost_per_resolved_contact
        if cost is None or v.score.total is None:
            left_out.append(ctx.vendor_label(v))
            continue
        points.append(charts.Point(ctx.vendor_label(v), float(cost), float(v.score.total), ctx.standing(v)[0],
                                   ctx.incomplete(v)))
    story: list = [CondPageBreak(85 * mm), Para("Cost against quality", S.h2)]
    if not points:
        return story + [Para("No vendor has both a total score and a cost per resolved contact yet.", S.body)]
    story.append(charts.cost_quality(points, ctx.width, ctx.w, ctx.currency))
    note = ("Up and to the left is better and cheaper. Large dark marker: the recommended vendor; light grey: "
            f"excluded (knocked out or a legal blocker); hollow: under {ctx.res.settings.min_completeness}% of its "
            "scorecard scored, so its total may still move. Scores on a fixed 0–100 scale.")
    if left_out:
        note += " Not shown (no total or no cost per resolved contact yet): " + "; ".join(left_out) + "."
    story.append(ctx.p(note, S.small))
    return story


def _money(ctx: Context, t, figure: str, x: Fraction | None, places: int, width: float) -> str | Paragraph:
    if x is not None:
        return f"{float(x):,.{places}f}"
    if figure in t.undefined:
        return ctx.text_cell("cannot be computed: a volume or resolution rate is 0", width)
    missing = [SCHEMA.keys[k].help if k in SCHEMA.keys else k for k in t.missing]
    return ctx.text_cell("incomplete: " + ("; ".join(missing) or "inputs missing") + " not entered", width)

