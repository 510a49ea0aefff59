"""Page 1: the executive brief (vendorbench.brief), laid out on one page.

It only lays out the precomputed brief: every sentence comes from the brief
object, so the page says what `vendorbench brief` says. All of it is user or
derived text, so it enters Paragraphs through Writer.markup (escaped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from ..brief import Brief, Step
from . import theme
from .document import Heading, Para
from .fonts import BOLD, REGULAR
from .text import Writer
from .theme import Styles as S

KEY = "brief"  # its contents line and outline entry
TITLE = "Executive brief"
CONTRACT_STEPS_ON_PAGE = 3  # contract items listed on page 1, then the first point of each other kind
# (the others continue on the next page, sections.executive_summary; every step is in `vendorbench brief`)
ASK_CHARS = 170  # an ask longer than this is shortened on page 1 (the stake of an unscored criterion ends it)

BODY = S.body.clone("brief_body", fontSize=9, leading=11.6, spaceAfter=2)
LABEL = S.body.clone("brief_label", fontName=BOLD, fontSize=9, leading=11.6, textColor=theme.ACCENT)
CELL = S.body.clone("brief_cell", fontSize=8.5, leading=10.6, spaceAfter=0)
CELL_BOLD = CELL.clone("brief_cell_bold", fontName=BOLD)
HEAD = CELL.clone("brief_head", fontName=BOLD, textColor=theme.WHITE)


def build(ctx: Any) -> list:
    """The brief as the report's first section (sections.PARTS): ctx is a sections.Context."""
    return story(ctx.brief, ctx.w, ctx.width)


def story(b: Brief, w: Writer, width: float) -> list:
    """The brief's flowables, ending with a page break."""
    m = w.markup
    tone = theme.ACCENT if b.status == "ready" else theme.DRAFT
    verdict = [Para("EXECUTIVE BRIEF", S.kicker), Para(m(b.headline, bold=True), S.verdict),
               Para("Decision requested", LABEL), Para(m(b.decision), BODY)]
    box = Table([[verdict]], colWidths=[width])
    # every table names its font: ReportLab's default (Helvetica) would otherwise enter the PDF
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9),
                             ("BACKGROUND", (0, 0), (-1, -1), theme.ACCENT_LIGHT),
                             ("LINEBEFORE", (0, 0), (0, -1), 3, tone),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    out: list = [Heading(m(b.event, bold=True), S.h1, TITLE, 0, KEY), box, Spacer(1, 3 * mm)]

    facts = [("Margin", [b.margin] if b.margin else []),
             ("What would change it", list(b.key_changes)),
             ("Cost", list(b.cost)), ("Service levels", list(b.sla)), ("Evaluator agreement", [b.agreement])]
    rows = [[Para(label, LABEL), [Para(m(x), BODY) for x in items]] for label, items in facts if items]
    if rows:
        t = Table(rows, colWidths=[32 * mm, width - 32 * mm])
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, theme.RULE)]))
        out += [t, Spacer(1, 3 * mm)]

    if b.steps:
        out.append(Para("CONDITIONS TO SIGN AND NEXT STEPS", S.kicker))
        out.append(steps_table(on_page(b), 1, w, width, ASK_CHARS))
        if len(b.steps) > len(on_page(b)):
            more = len(b.steps) - len(on_page(b))
            out.append(Para(f"… and {more} more next step{'s' if more > 1 else ''} on the next page.", S.small))
    return out + [PageBreak()]


def steps_table(steps: Sequence[Step], first: int, w: Writer, width: float, ask_chars: int | None = None) -> Table:
    """Next steps numbered from first: what, the ask (shortened past ask_chars), owner and due date."""
    m = w.markup
    head = [Para(x, HEAD) for x in ("#", "What", "The ask", "Owner", "Due")]
    body = []
    for i, s in enumerate(steps, start=first):
        ask = s.ask if ask_chars is None or len(s.ask) <= ask_chars else s.ask[:ask_chars - 1].rstrip() + "…"
        body.append([Para(str(i), CELL), Para(m(s.title, bold=True), CELL_BOLD), Para(m(ask), CELL),
                     Para(m(s.owner or "not set"), CELL), Para(m(s.due or "not set"), CELL)])
    widths = [6 * mm, 0.4 * (width - 44 * mm), 0.6 * (width - 44 * mm), 21 * mm, 17 * mm]
    t = Table([head] + body, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), theme.ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                           ("ROWBACKGROUNDS", (0, 1), (-1, -1), [theme.WHITE, theme.FAINT]),
                           ("LINEBELOW", (0, 1), (-1, -1), 0.3, theme.RULE),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                           ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return t


def after_page(b: Brief) -> list:
    """The steps page 1 has no room for, in the brief's order (the next page lists them)."""
    shown = {id(s) for s in on_page(b)}
    return [s for s in b.steps if id(s) not in shown]


def on_page(b: Brief) -> list:
    """The steps page 1 has room for: the conditions to sign and the first contract items (the brief lists
    them worst first), then the first point of each other kind, so non-contract risks are never crowded out.
    Evidence points count as one kind, which a condition to sign on the page already stands for."""
    must = ("condition", "contract", "review")
    contract = [s for s in b.steps if s.kind in must][:CONTRACT_STEPS_ON_PAGE]
    family = {"condition": "evidence", "stale evidence": "evidence", "missing evidence": "evidence"}
    seen = {family[s.kind] for s in contract if s.kind in family}
    others = []
    for s in b.steps:
        kind = family.get(s.kind, s.kind)
        if s.kind not in must and kind not in seen:
            seen.add(kind)
            others.append(s)
    return contract + others
