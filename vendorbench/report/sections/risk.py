"""Contract risk: the area-by-vendor matrix, then every open item per vendor."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from ... import summary
from ...legal import ItemState
from ...results import VendorResult
from .. import theme
from ..document import Para
from ..richtext import RichText
from ..theme import Styles as S
from .base import Context, pct, plural

KEY = "risk"  # its contents line and outline entry
TITLE = "Contract risk"


def build(ctx: Context) -> list:
    res = ctx.res
    story: list = [ctx.section(KEY, TITLE),
                   Para("Each cell names the worst state of the legal area's applicable checklist items for "
                        "that vendor (BLOCKER: a critical item missing; MISSING; NEGOTIATE; NOT REVIEWED: some "
                        "items not reviewed yet; OK: everything reviewed is acceptable; N/A: no item applies) "
                        "and counts the items in each state. Below the matrix, every open item per vendor, "
                        "blockers first.", S.lead)]
    label_w = 40 * mm
    for chunk in ctx.vendor_chunks():
        if not chunk:
            story.append(Para("No vendors yet.", S.body))
            break
        col = (ctx.width - label_w) / len(chunk)
        rows: list[list] = [[ctx.head("Legal area")] +
                            [Para(ctx.m(ctx.vendor_label(v, 60), bold=True), S.head_cell) for v in chunk]]
        extra: list = []
        statuses = [summary.area_statuses(v.legal, res.checklist) for v in chunk]
        for r, area in enumerate(res.checklist.areas, start=1):
            row: list = [ctx.p(area.title, S.cell)]
            for c, st in enumerate(s[area.id] for s in statuses):
                fill, ink, word = theme.STATUS[st.status]
                row.append(ctx.tag(word, ink, area_counts(st)))
                extra.append(("BACKGROUND", (c + 1, r), (c + 1, r), fill))
            rows.append(row)
        rating_row: list = [Para("<b>Rating</b> (exposure)", S.cell)]
        reviewed_row: list = [Para("<b>Reviewed</b>", S.cell)]
        r = len(rows)
        for c, v in enumerate(chunk, start=1):
            fill, ink, word = theme.RATING[v.legal.rating]
            rating_row.append(ctx.tag(word, ink, f"exposure {float(v.legal.exposure):.1f}"))
            extra.append(("BACKGROUND", (c, r), (c, r), fill))
            reviewed_row.append(Para(f"{pct(v.legal.coverage)} of applicable", S.cell))
        rows += [rating_row, reviewed_row]
        extra += [("GRID", (1, 1), (-1, -3), 0.6, theme.WHITE), ("LINEABOVE", (0, -2), (-1, -2), 0.8, theme.INK),
                  ("BOX", (1, 1), (-1, -3), 0.4, theme.RULE)]
        story += [ctx.table(rows, [label_w] + [col] * len(chunk), zebra=False, extra=extra), Spacer(1, 5 * mm)]

    for v in res.vendors:
        story += _vendor_risk(ctx, v)
    story.append(PageBreak())
    return story


def _vendor_risk(ctx: Context, v: VendorResult) -> list:
    lg = v.legal
    fill, ink, word = theme.RATING[lg.rating]
    story: list = [CondPageBreak(75 * mm),  # room for the heading and the first open item together
                   ctx.heading(v.vendor.name, S.h2, level=1, outline=f"Contract risk: {v.vendor.name}"),
                   Para(f"Rating <b>{word}</b> · exposure {float(lg.exposure):.1f} of 100 · "
                             f"{pct(lg.coverage)} of applicable items reviewed", S.body)]
    open_items = lg.open_items()
    if open_items:
        rows, extra = [], []
        for r, st in enumerate(open_items):
            status = "blocker" if st.status == "missing" and st.item.severity == "critical" else st.status
            f, k, wd = theme.STATUS[status]
            rows.append([ctx.tag(wd, k, theme.SEVERITY_WORD[st.item.severity].lower() + " severity"),
                         _item_text(ctx, st)])
            extra.append(("BACKGROUND", (0, r), (0, r), f))
        story.append(ctx.table(rows, [26 * mm, ctx.width - 26 * mm], header=0, zebra=False, extra=extra))
    else:
        story.append(Para("No open items: nothing reviewed so far is missing or to negotiate.", S.body))
    story.append(Spacer(1, 1.5 * mm))
    unreviewed = summary.unreviewed_items(lg)
    if unreviewed:
        story.append(Para(f"{plural(len(unreviewed), 'applicable item')} not reviewed yet, listed in the "
                          "appendix.", S.small))
    off = sorted({s.item.applies_when for s in lg.items.values() if s.switched_off and s.item.applies_when})
    if off:
        story.append(Para("Switched off for this vendor (items do not apply): " +
                               ctx.m("; ".join(off)) + ".", S.small))
    return story


def _item_text(ctx: Context, st: ItemState) -> RichText:
    item = st.item
    area = ctx.res.checklist.area_of(item.id)
    parts = [(item.label, "bold")]
    if area:
        parts.append((f"  {area.title}", "muted"))
    parts += [("\nThe contract must: ", "bold"), (item.requirement, "text"),
              ("\nSource: ", "bold"), (item.source, "text"),
              ("\nRed flag wording: ", "bold"), (item.red_flag, "text")]
    for reviewer, f in st.by.items():
        if f.status in ("missing", "negotiate") or f.note or f.clause:
            parts += [("\n" + reviewer, "bold"), (f" ({f.status or 'not reviewed'})", "text")]
            if f.note:
                parts.append((": " + f.note, "text"))
            if f.clause:
                parts += [(" Clause: ", "bold"), (f.clause, "text")]
    return ctx.rich(parts)


# Count order and words in a matrix cell; "critical missing" is what makes a BLOCKER.
COUNT_WORDS = (("blocker", "critical missing"), ("missing", "missing"), ("negotiate", "negotiate"),
               ("ok", "ok"), ("unreviewed", "not reviewed"))


def area_counts(status: summary.AreaStatus) -> str:
    """The area's applicable items by state: "1 critical missing, 2 negotiate, 3 ok"; "" when none applies."""
    # a no-break space after each number, so a narrow cell never leaves it alone at a line end
    return ", ".join(f"{status.counts[k]}\u00a0{word}" for k, word in COUNT_WORDS if status.counts.get(k))
