"""Category comparison: the dot plot and the heat-map table of category scores."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from .. import charts, theme
from ..document import Para
from ..fonts import BOLD
from ..theme import Styles as S
from .base import Context, score_text, total_text

KEY = "categories"  # its contents line and outline entry
TITLE = "Category comparison"


def build(ctx: Context) -> list:
    res = ctx.res
    story: list = [ctx.section(KEY, TITLE),
                   Para("Each category's score on the 0–5 scale: the weighted mean of its criteria's "
                             "consensus scores. Both views use a fixed 0–5 scale, so equal distances mean "
                             "equal differences.", S.lead)]
    plotted = [v for v in res.vendors if v.score.total is not None][:charts.MAX_SERIES]
    if plotted:
        cats = [(c.title, [None if (x := v.score.categories.get(c.id)) is None else float(x) for v in plotted])
                for c in res.scorecard.categories]
        story.append(charts.category_dots(cats, [ctx.vendor_label(v) for v in plotted], ctx.width, ctx.w))
        scored = sum(1 for v in res.vendors if v.score.total is not None)
        note = "Every marker shape stands for one vendor (see the legend)."
        if scored > len(plotted):
            note += f" The chart shows the {len(plotted)} best-ranked of {scored} scored vendors; " \
                    "the table below shows all."
        story += [Para(note, S.small), CondPageBreak(60 * mm)]
    story.append(Para("Category scores", S.h2))
    label_w, weight_w = 42 * mm, 16 * mm
    for chunk in ctx.vendor_chunks():
        if not chunk:
            break
        col = (ctx.width - label_w - weight_w) / len(chunk)
        rows: list[list] = [[ctx.head("Category"), ctx.head("Weight")] +
                            [Para(ctx.m(ctx.vendor_label(v, 60), bold=True), S.head_cell) for v in chunk]]
        extra: list = []
        for r, cat in enumerate(res.scorecard.categories, start=1):
            row: list = [ctx.p(cat.title, S.cell), f"{res.weights.category_share(cat.id):.0%}"]
            for c, v in enumerate(chunk, start=2):
                x = v.score.categories.get(cat.id)
                row.append(score_text(x))
                if x is not None:
                    fill, ink = theme.heat(float(x))
                    extra += [("BACKGROUND", (c, r), (c, r), fill), ("TEXTCOLOR", (c, r), (c, r), ink)]
            rows.append(row)
        rows.append([Para("<b>Total (0–100)</b>", S.cell), "100%"] +
                    [total_text(v.score.total) for v in chunk])
        extra += [("ALIGN", (1, 1), (-1, -1), "CENTER"), ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
                  ("FONT", (0, -1), (-1, -1), BOLD, theme.BODY_MIN), ("LINEABOVE", (0, -1), (-1, -1), 0.8, theme.INK),
                  ("GRID", (2, 1), (-1, -2), 0.5, theme.WHITE)]
        story += [ctx.table(rows, [label_w, weight_w] + [col] * len(chunk), zebra=False, extra=extra),
                  Spacer(1, 4 * mm)]
    story.append(Para("Darker cells are higher scores (one colour scale, so it also reads in grayscale); "
                           "– means nothing in the category is scored yet. Weight: the category's share of "
                           "the total.", S.small))
    story.append(PageBreak())
    return story

