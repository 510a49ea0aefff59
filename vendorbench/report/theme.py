"""Colours, type and the words that always travel with a colour.

Colours never carry meaning alone: every coloured cell also prints its status
word, and the fills step in lightness (blocker darkest, ok lightest) so a
grayscale print keeps the order.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import BOLD, REGULAR

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#B8BEC6")
FAINT = colors.HexColor("#F2F4F7")
ACCENT = colors.HexColor("#1F3A5F")
ACCENT_LIGHT = colors.HexColor("#E3EAF3")
DRAFT = colors.HexColor("#A33A1E")
WHITE = colors.white

# fill, text colour, word
STATUS = {
    "blocker": (colors.HexColor("#7F1D1D"), WHITE, "BLOCKER"),
    "missing": (colors.HexColor("#F2B8B0"), colors.HexColor("#5C0F0F"), "MISSING"),
    "negotiate": (colors.HexColor("#F8DFA2"), colors.HexColor("#4D3300"), "NEGOTIATE"),
    "unreviewed": (colors.HexColor("#FFFFFF"), MUTED, "NOT REVIEWED"),
    "ok": (colors.HexColor("#D5EBD3"), colors.HexColor("#173F1B"), "OK"),
    "na": (colors.HexColor("#FFFFFF"), MUTED, "N/A"),
}
RATING = {
    "blocker": (colors.HexColor("#7F1D1D"), WHITE, "BLOCKER"),
    "high": (colors.HexColor("#F2B8B0"), colors.HexColor("#5C0F0F"), "HIGH"),
    "medium": (colors.HexColor("#F8DFA2"), colors.HexColor("#4D3300"), "MEDIUM"),
    "low": (colors.HexColor("#D5EBD3"), colors.HexColor("#173F1B"), "LOW"),
    "not reviewed": (WHITE, colors.HexColor("#333333"), "NOT REVIEWED"),
}
SEVERITY_WORD = {"critical": "CRITICAL", "high": "HIGH", "medium": "MEDIUM", "low": "LOW"}

# Bar fills in the totals chart: lightness separates them in grayscale too.
BAR_PICK = ACCENT
BAR_ELIGIBLE = colors.HexColor("#8FA3BC")
BAR_EXCLUDED = colors.HexColor("#D9D9D9")


def heat(score: float) -> tuple[colors.Color, colors.Color]:
    """Fill and text colour for a 0..5 score: one hue, darker is better (reads in grayscale)."""
    t = max(0.0, min(1.0, score / 5))
    light, dark = (0.96, 0.97, 0.99), (0.12, 0.23, 0.37)
    fill = colors.Color(*(a + (b - a) * t for a, b in zip(light, dark)))
    return fill, (WHITE if t > 0.62 else INK)


def _style(name: str, size: float, leading: float, font: str = REGULAR, **kw) -> ParagraphStyle:
    kw.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, bulletFontName=font, **kw)


class Styles:
    body = _style("body", 9, 12.6, spaceAfter=5)
    lead = _style("lead", 9.5, 13.5, spaceAfter=8, textColor=MUTED)
    small = _style("small", 7.5, 9.8, textColor=MUTED, spaceAfter=4)
    bullet = _style("bullet", 9, 12.4, leftIndent=11, bulletIndent=0, spaceAfter=2.5)
    cell = _style("cell", 8, 10.2)
    cell_bold = _style("cell_bold", 8, 10.2, BOLD)
    cell_small = _style("cell_small", 7, 8.8)
    cell_muted = _style("cell_muted", 7, 8.8, textColor=MUTED)
    cell_right = _style("cell_right", 8, 10.2, alignment=TA_RIGHT)
    head_cell = _style("head_cell", 7.5, 9.2, BOLD, textColor=WHITE)
    head_cell_right = _style("head_cell_right", 7.5, 9.2, BOLD, textColor=WHITE, alignment=TA_RIGHT)
    h1 = _style("h1", 17, 21, BOLD, textColor=ACCENT, spaceAfter=8)
    h2 = _style("h2", 11.5, 14.5, BOLD, spaceBefore=10, spaceAfter=5, keepWithNext=1)
    h3 = _style("h3", 9.5, 12.5, BOLD, spaceBefore=7, spaceAfter=3, keepWithNext=1)
    kicker = _style("kicker", 8, 10, BOLD, textColor=ACCENT, spaceAfter=3)
    verdict = _style("verdict", 16, 20, BOLD, spaceAfter=4)
    cover_title = _style("cover_title", 26, 31, BOLD, textColor=ACCENT, spaceAfter=10, alignment=TA_LEFT)
    cover_sub = _style("cover_sub", 11, 15, textColor=MUTED, spaceAfter=18)
