"""Executive summary: the verdict, why, the margin, conditions to sign and why not the others."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table

from ... import summary
from ...legal import ItemState
from .. import theme
from ..document import Para
from ..theme import Styles as S
from .base import Context, capital, ordinal, pct, plural, score_text, total_text

SUMMARY_CONDITIONS = 8  # open contract items listed on the summary page (all are in Contract risk)

KEY = "summary"  # its contents line and outline entry
TITLE = "Executive summary"


def build(ctx: Context) -> list:
    res, pick = ctx.res, ctx.pick
    story: list = [ctx.section(KEY, TITLE), ctx.verdict_box(), Spacer(1, 4 * mm)]
    if pick is None:
        story.append(PageBreak())
        return story
    story.append(Para("Why", S.h3))
    story += ctx.bullets(res.recommendation.reasons)

    rows = []
    mg = summary.margin(res)
    if mg is not None:
        points = f"{abs(float(mg.points)):.1f}"
        lead = ("level with" if points == "0.0" else
                f"{points} points {'ahead of' if mg.points > 0 else 'behind'}")
        rows.append(("Margin over the runner-up",
                     f"{lead} {mg.runner_up.vendor.name} ({total_text(mg.runner_up.score.total)})"))
    strong, weak = summary.strongest_and_weakest(res, pick.vendor.id)
    for label, group in (("Strongest categories", strong), ("Weakest categories", weak)):
        if group:
            rows.append((label, "; ".join(f"{c.category.title} {score_text(c.score)} "
                                          f"({ordinal(c.place)} of {c.field})" for c in group)))
    rows.append(("Completeness", f"scorecard {pct(pick.score.completeness)} scored; "
                                 f"{pct(pick.legal.coverage)} of applicable contract items reviewed"))
    sensitive = summary.recommended_sensitivity(res)
    if sensitive:
        rows.append(("Weight sensitivity", sensitive))
    if res.warnings:
        rows.append(("Cost-only warning", f"{plural(len(res.warnings), 'warning')} that the choice may rest "
                                          "on cost alone: see Decision analysis."))
    cells = [[Para(label, S.cell_bold), ctx.p(value, S.cell)] for label, value in rows]
    story += [Spacer(1, 3 * mm), ctx.table(cells, [42 * mm, ctx.width - 42 * mm], header=0)]

    conditions = summary.conditions_to_sign(res)
    story.append(Para("Conditions to sign", S.h3))
    if conditions:
        story.append(_conditions_table(ctx, conditions[:SUMMARY_CONDITIONS]))
        if len(conditions) > SUMMARY_CONDITIONS:
            story.append(Para(f"…and {len(conditions) - SUMMARY_CONDITIONS} more, listed under "
                                   "Contract risk.", S.small))
    else:
        story.append(Para("No contract item is open (missing or to negotiate).", S.body))
    unreviewed = summary.unreviewed_items(pick.legal)
    if unreviewed:
        story.append(Para(f"{plural(len(unreviewed), 'applicable contract item')} not reviewed yet.",
                               S.small))

    others = summary.why_not_chosen(res)
    if others:
        story.append(Para("Why not the others", S.h3))
        rows = [[ctx.head("Vendor"), ctx.head("Total"), ctx.head("Why not chosen")]]
        for nc in others:
            first, *rest = nc.reasons
            text = f"<b>{ctx.m(capital(first.text), bold=True)}</b>"
            if rest:
                text += "; " + ctx.m("; ".join(r.text for r in rest))
            rows.append([ctx.name_cell(nc.vendor, S.cell),
                         Para(total_text(nc.vendor.score.total), S.cell),
                         Para(text, S.cell)])
        story.append(ctx.table(rows, [52 * mm, 13 * mm, ctx.width - 65 * mm]))
    story.append(PageBreak())
    return story


def _conditions_table(ctx: Context, items: Sequence[ItemState]) -> Table:
    rows, extra = [], []
    for r, st in enumerate(items):
        fill, ink, word = theme.STATUS["blocker" if st.status == "missing" and st.item.severity == "critical"
                                      else st.status]
        area = ctx.res.checklist.area_of(st.item.id)
        rows.append([ctx.tag(word, ink, theme.SEVERITY_WORD[st.item.severity].lower()),
                     Para(ctx.m(st.item.label, True), S.cell),
                     ctx.p(area.title if area else "", S.cell_muted)])
        extra.append(("BACKGROUND", (0, r), (0, r), fill))
    return ctx.table(rows, [24 * mm, ctx.width - 74 * mm, 50 * mm], header=0, zebra=False, extra=extra)

