"""The cover: title, draft notice, the recommendation in brief, contents and the facts of the event."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.doctemplate import NextPageTemplate

from .. import theme
from ..document import ContentsLine, Heading, Para
from ..theme import Styles as S
from .base import CONFIDENTIAL, Context, long_date, plural


def build(ctx: Context, notices: Sequence[str], contents: Sequence[tuple[str, str]]) -> list:
    """contents: (key, title) of each section, in order. One page: a long shortlist (or a long
    notice) names fewer vendors there, the rest counted (the Ranking lists them all), rather than
    leaving a page that holds only the cover's last line."""
    n = len(ctx.res.vendors)
    for limit in range(n, MIN_NAMED - 1, -1):
        story = _story(ctx, notices, contents, limit)
        if _height(story, ctx.width) <= ctx.page_height - COVER_BAND:
            return story
    return _story(ctx, notices, contents, min(n, MIN_NAMED))


MIN_NAMED = 3  # vendors the cover names however long the rest is
COVER_BAND = 12 * mm  # the cover frame is this much shorter than a body page (report/document)


def _height(story: list, width: float) -> float:
    """The height the flowables take stacked in a frame of this width (their spacing included)."""
    total = 0.0
    for f in story:
        if isinstance(f, (PageBreak, NextPageTemplate)):
            continue
        total += f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _vendors_named(ctx: Context, limit: int) -> str:
    labels = [ctx.vendor_label(v) for v in ctx.res.vendors]
    if not labels:
        return "none yet"
    if len(labels) <= limit:
        return "; ".join(labels)
    return "; ".join(labels[:limit]) + f"; and {len(labels) - limit} more (the Ranking lists them all)"


def _story(ctx: Context, notices: Sequence[str], contents: Sequence[tuple[str, str]], limit: int) -> list:
    res = ctx.res
    story: list = [NextPageTemplate("body"), Spacer(1, 4 * mm),
                   Heading(ctx.m(res.workspace, bold=True), S.cover_title, "Cover", 0),
                   Para("Customer-support outsourcing (BPO): vendor comparison, recommendation and "
                             "contract risk", S.cover_sub)]
    if ctx.governance is not None:  # roles set: FINAL only when approved and unchanged since
        from .governance import status_box

        story += [status_box(ctx, ctx.governance), Spacer(1, 3 * mm)]
    elif ctx.ready.draft:
        story += [ctx.draft_box(), Spacer(1, 5 * mm)]
    # with roles the contents has one more line (Governance): tighter spacing keeps the cover one page
    gap = 6 * mm if ctx.governance is None else 3 * mm
    story += [ctx.verdict_box(compact=True), Spacer(1, gap), Para("CONTENTS", S.kicker)]
    story += [ContentsLine(title, key) for key, title in contents]
    story.append(Spacer(1, 5 * mm))

    sc, lg = res.scorecard, res.checklist
    facts: list[tuple[str, str]] = []
    if ctx.date:
        facts.append(("Date", long_date(ctx.date)))
    facts += [
        (f"Vendors compared ({len(res.vendors)})", _vendors_named(ctx, limit)),
        ("Evaluators", "; ".join(res.evaluators) or "nobody has scored yet"),
        ("Legal review", "; ".join(res.reviewers) or "not started"),
        ("Scorecard", f"{sc.title}: {plural(len(sc.categories), 'category', 'categories')}, "
                      f"{plural(len(sc.criteria()), 'criterion', 'criteria')}"),
        ("Contract checklist", f"{lg.title}: {plural(len(lg.areas), 'area')}, {plural(len(lg.items()), 'item')}"),
    ]
    c = ctx.control
    control = [("Version", c.version), ("Prepared by", c.author), ("Approved by", c.approved_by),
               ("Approval date", c.approved_on)]
    rows = [[Para(label, S.cell_bold), ctx.p(value, S.cell)] for label, value in facts + control]
    story += [ctx.table(rows, [42 * mm, ctx.width - 42 * mm], header=0, zebra=False,
                        extra=[("LINEABOVE", (0, len(facts)), (-1, len(facts)), 0.8, theme.INK)]),
              Spacer(1, 2 * mm), Para(CONFIDENTIAL, S.small)]
    for notice in notices:
        story += [Spacer(1, 5 * mm), ctx.box([ctx.p(notice, S.cell)], theme.DRAFT)]
    story.append(PageBreak())
    return story


