"""Evaluator agreement: Krippendorff's alpha and every disagreement of two points or more."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from ... import summary
from ...scoring import DISAGREEMENT_SPREAD
from .. import theme
from ..document import Para
from ..fonts import BOLD
from ..theme import Styles as S
from .base import Context, alpha_text, capital, consensus_text

KEY = "agreement"  # its contents line and outline entry
TITLE = "Evaluator agreement"


def build(ctx: Context) -> list:
    res = ctx.res
    story: list = [ctx.section(KEY, TITLE),
                   Para(f"Criteria where evaluators' scores for the same vendor differ by "
                             f"{DISAGREEMENT_SPREAD} points or more. A wide spread usually means evaluators saw "
                             "different evidence or read the rubric differently: worth a short calibration "
                             "before the decision. The consensus is the mean of the scores.", S.lead)]
    story += _alpha(ctx)
    if res.agreement is not None:
        story.append(Para(f"Disagreements of {DISAGREEMENT_SPREAD} points or more", S.h2))
    found = {v.vendor.id: summary.disagreements(res, v.vendor.id) for v in res.vendors}
    rows: list[list] = [[ctx.head("Vendor")] + [ctx.head(h, right=True) for h in (
        "Criteria with 2+ scores", f"Spread of {DISAGREEMENT_SPREAD}+", "Widest spread")]]
    for v in res.vendors:
        multi = sum(1 for cid in v.score.votes if len(v.score.consensus(cid).scores) >= 2)
        d = found[v.vendor.id]
        rows.append([ctx.name_cell(v), str(multi), str(len(d)), str(d[0].spread) if d else "–"])
    widths = [ctx.width - 96 * mm, 36 * mm, 30 * mm, 30 * mm]
    story += [ctx.table(rows, widths, extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")]), Spacer(1, 3 * mm)]
    widths = [ctx.width - 100 * mm, 20 * mm, 14 * mm, 66 * mm]
    head = [ctx.head(h, w) for h, w in zip(("Criterion", "Consensus", "Spread", "Scores"), widths)]
    style = [("ALIGN", (1, 0), (2, -1), "RIGHT"), ("FONT", (1, 1), (1, -1), BOLD, theme.BODY_MIN, theme.CELL_LEADING)]
    for v in res.vendors:
        d = found[v.vendor.id]
        if not d:
            continue
        story += [CondPageBreak(30 * mm),
                  ctx.heading(v.vendor.name, S.h2, level=1, outline=f"Agreement: {v.vendor.name}")]
        rows = []
        for item in d:
            rows.append([ctx.text_cell(item.criterion.title, widths[0]),
                         consensus_text(item.consensus), str(item.spread),
                         ctx.text_cell(ctx.scores_text(item.consensus), widths[3])])
        story += ctx.tables(head, rows, widths, extra=style)
    story.append(PageBreak())
    return story


def _alpha(ctx: Context) -> list:
    a = ctx.res.agreement
    if a is None:
        return []
    story: list = [Para("Krippendorff's alpha", S.h2),
                   Para(f"Overall alpha <b>{alpha_text(a.alpha)}</b>: "
                        f"{ctx.m(summary.alpha_reading(a.alpha))}.", S.body),
                   Para("Ordinal alpha over every (vendor, criterion) with two or more scores: 1 is full "
                        "agreement, 0 agreement by chance. Krippendorff's convention: 0.80 and above good "
                        "(reliable), 0.667 to 0.80 tentative, below 0.667 weak. – means undefined.", S.small)]
    widths = [ctx.width - 106 * mm, 16 * mm, 90 * mm]
    head = [ctx.head(h, w) for h, w in zip(("Category", "Alpha", "Reading"), widths)]
    rows = []
    for cat in ctx.res.scorecard.categories:
        if cat.id not in a.categories:
            continue
        x = a.categories[cat.id]
        rows.append([ctx.text_cell(cat.title, widths[0]), alpha_text(x),
                     ctx.text_cell(capital(summary.alpha_reading(x).split(":")[0]), widths[2])])
    story += ctx.tables(head, rows, widths, extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")])
    story.append(Spacer(1, 3 * mm))
    return story

