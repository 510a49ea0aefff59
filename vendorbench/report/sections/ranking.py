"""Ranking: the table of totals, knockouts and legal risk, and the totals chart."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from .. import charts, theme
from ..document import Para
from ..fonts import BOLD
from ..theme import Styles as S
from . import glossary
from .base import Context, pct, total_text

KEY = "ranking"  # its contents line and outline entry
TITLE = "Ranking"


def build(ctx: Context) -> list:
    res = ctx.res
    story: list = [ctx.section(KEY, TITLE),
                   Para("Totals out of 100 from the weighted scorecard. Vendors knocked out on a must-have "
                             "criterion rank after all others. The legal risk rating comes from the contract "
                             "review; a BLOCKER (a missing critical item) excludes a vendor from the "
                             "recommendation until it is fixed.", S.lead)]
    if not res.vendors:
        return story + [Para("No vendors yet.", S.body), PageBreak()]
    rows: list[list] = [[ctx.head(h, right=h in ("Total", "Scored", "Reviewed"))
                         for h in ("#", "Vendor", "Total", "Scored", "Knockouts", "Legal risk", "Reviewed")]]
    extra: list = []
    for r, v in enumerate(res.vendors, start=1):
        s, lg = v.score, v.legal
        if s.knockouts:
            ko = ctx.p("; ".join(res.scorecard.criterion(c).title for c in s.knockouts), S.cell)
        elif s.pending_knockouts:
            ko = Para(f"none yet; {len(s.pending_knockouts)} pending", S.cell)
        else:
            ko = Para("none", S.cell)
        fill, ink, word = theme.RATING[lg.rating]
        name = ctx.m(ctx.vendor_label(v))
        if v is ctx.pick:
            name += "<br/><b>recommended</b>" + (" (conditional)" if res.recommendation.conditional else "")
            extra.append(("BACKGROUND", (0, r), (4, r), theme.ACCENT_LIGHT))
        rows.append([str(v.rank), Para(name, S.cell), total_text(s.total), pct(s.completeness), ko,
                     ctx.tag(word, ink, f"exposure {float(lg.exposure):.1f}"), pct(lg.coverage)])
        extra.append(("BACKGROUND", (5, r), (5, r), fill))
    extra += [("ALIGN", (2, 1), (3, -1), "RIGHT"), ("ALIGN", (6, 1), (6, -1), "RIGHT"),
              ("FONT", (2, 1), (2, -1), BOLD, theme.BODY_MIN)]
    widths = [9 * mm, 0, 15 * mm, 16 * mm, 38 * mm, 26 * mm, 22 * mm]
    widths[1] = ctx.width - sum(widths)
    story += [ctx.table(rows, widths, grid=True, zebra=False, extra=extra), Spacer(1, 6 * mm)]

    story.append(Para("Totals", S.h2))
    bars = []
    for v in res.vendors:
        status, note = ctx.standing(v)
        bars.append(charts.Bar(ctx.vendor_label(v), None if v.score.total is None else float(v.score.total),
                               status, note))
    story.append(charts.totals_chart(bars, ctx.width, ctx.w))
    story.append(Para("Dark bar: the recommended vendor. Light grey bars: excluded (knocked out or a "
                           "legal blocker), whatever their total. The scale is fixed at 0–100.", S.small))
    story += [CondPageBreak(40 * mm), *glossary.build(), PageBreak()]
    return story

