"""Why this recommendation: page 2, the brief continued.

Page 1 (report/brief_page) states the decision, the margin, what would change
it, cost, SLA balance, agreement and the first next steps. This page adds what
an approver asks next, without repeating page 1: the reasons (with any
cost-only warning and SLA finding), where the vendor is strong and weak, the
next steps page 1 had no room for, and why not each of the other vendors.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from ... import summary
from .. import brief_page
from ..document import Para
from ..theme import Styles as S
from .base import Context, capital, ordinal, score_text, total_text

KEY = "summary"  # its contents line and outline entry
TITLE = "Why this recommendation"


def build(ctx: Context) -> list:
    res, pick = ctx.res, ctx.pick
    story: list = [ctx.section(KEY, TITLE)]
    if pick is None:
        story += [ctx.verdict_box(), PageBreak()]
        return story
    story.append(Para("Why", S.h3))
    story += ctx.bullets(ctx.brief.why)  # the recommendation's reasons and what the analysis found

    rows = []
    strong, weak = summary.strongest_and_weakest(res, pick.vendor.id)
    for label, group in (("Strongest categories", strong), ("Weakest categories", weak)):
        if group:
            rows.append((label, "; ".join(f"{c.category.title} {score_text(c.score)} "
                                          f"({ordinal(c.place)} of {c.field})" for c in group)))
    cells = [[Para(label, S.cell_bold), ctx.p(value, S.cell)] for label, value in rows]
    story += [Spacer(1, 3 * mm), ctx.table(cells, [42 * mm, ctx.width - 42 * mm], header=0)]

    later = brief_page.after_page(ctx.brief)
    if later:
        # keepWithNext would bind the heading to the whole table and push both to the next page even when
        # most of this page is free; a conditional break keeps the heading with at least a few rows instead
        story += [CondPageBreak(30 * mm), Para("Next steps, continued", S.h3_split)]
        story.append(brief_page.steps_table(later, len(ctx.brief.steps) - len(later) + 1, ctx.w, ctx.width))

    others = summary.why_not_chosen(res)
    if others:
        story += [CondPageBreak(40 * mm), Para("Why not the others", S.h3)]
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
