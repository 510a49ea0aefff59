"""Colours, type and the words that always travel with a colour.

Colours never carry meaning alone: every coloured cell also prints its status
word, and the fills step in lightness (blocker darkest, ok lightest) so a
grayscale print keeps them apart and in order.
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

# fill, text colour, word. Every fill has its own grayscale lightness (0.299 R + 0.587 G + 0.114 B),
# at least MIN_GRAY_STEP apart and in order of gravity, so a grayscale print tells them apart:
# white 255 (not reviewed, N/A), OK 236, LOW 216, NEGOTIATE 198, MEDIUM 180, MISSING 160, HIGH 141,
# BLOCKER 58. Each text colour keeps a contrast of 5:1 or more on its fill.
MIN_GRAY_STEP = 15
_BLOCKER = (colors.HexColor("#7E1D1D"), WHITE, "BLOCKER")
STATUS = {
    "blocker": _BLOCKER,
    "missing": (colors.HexColor("#E78479"), colors.HexColor("#4A0B0B"), "MISSING"),
    "negotiate": (colors.HexColor("#F2C45B"), colors.HexColor("#4D3300"), "NEGOTIATE"),
    "unreviewed": (colors.HexColor("#FFFFFF"), MUTED, "NOT REVIEWED"),
    "ok": (colors.HexColor("#E2F3E1"), colors.HexColor("#173F1B"), "OK"),
    "na": (colors.HexColor("#FFFFFF"), MUTED, "N/A"),
}
RATING = {
    "blocker": _BLOCKER,
    "high": (colors.HexColor("#DC6C68"), colors.HexColor("#3A0808"), "HIGH"),
    "medium": (colors.HexColor("#F0AB45"), colors.HexColor("#3D2800"), "MEDIUM"),
    "low": (colors.HexColor("#C3E7C3"), colors.HexColor("#173F1B"), "LOW"),
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


BODY_MIN = 8.5  # points: the smallest type outside the appendix
CELL_LEADING = 10.8
FINE = 7  # the appendix's table text
FINE_LEADING = 8.8
FINE_HEAD = 7.5


def _style(name: str, size: float, leading: float, font: str = REGULAR, **kw) -> ParagraphStyle:
    kw.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, bulletFontName=font, **kw)


class Styles:
    # Everything an executive reads is at least BODY_MIN points; only the appendix (a reference
    # listing of every score and note) uses the FINE sizes.
    body = _style("body", 9, 12.6, spaceAfter=5)
    body_bold = _style("body_bold", 9, 12.6, BOLD, spaceAfter=5)
    lead = _style("lead", 9.5, 13.5, spaceAfter=8, textColor=MUTED)
    small = _style("small", BODY_MIN, 11, textColor=MUTED, spaceAfter=4)
    bullet = _style("bullet", 9, 12.4, leftIndent=11, bulletIndent=0, spaceAfter=2.5)
    cell = _style("cell", BODY_MIN, CELL_LEADING)
    cell_bold = _style("cell_bold", BODY_MIN, CELL_LEADING, BOLD)
    cell_muted = _style("cell_muted", BODY_MIN, CELL_LEADING, textColor=MUTED)
    head_cell = _style("head_cell", BODY_MIN, CELL_LEADING, BOLD, textColor=WHITE)
    head_cell_right = _style("head_cell_right", BODY_MIN, CELL_LEADING, BOLD, textColor=WHITE, alignment=TA_RIGHT)
    fine_cell = _style("fine_cell", FINE, FINE_LEADING)
    fine_head = _style("fine_head", FINE_HEAD, FINE_HEAD * 1.23, BOLD, textColor=WHITE)
    fine_note = _style("fine_note", FINE_HEAD, 9.8, textColor=MUTED, spaceAfter=4)
    h1 = _style("h1", 17, 21, BOLD, textColor=ACCENT, spaceAfter=8)
    h2 = _style("h2", 11.5, 14.5, BOLD, spaceBefore=10, spaceAfter=5, keepWithNext=1)
    h3 = _style("h3", 10, 12.5, BOLD, spaceBefore=7, spaceAfter=3, keepWithNext=1)
    h3_split = _style("h3_split", 10, 12.5, BOLD, spaceBefore=7, spaceAfter=3)  # before a table that may split
    kicker = _style("kicker", BODY_MIN, 10.5, BOLD, textColor=ACCENT, spaceAfter=3)
    verdict = _style("verdict", 16, 20, BOLD, spaceAfter=4)
    cover_title = _style("cover_title", 26, 31, BOLD, textColor=ACCENT, spaceAfter=10, alignment=TA_LEFT)
    cover_sub = _style("cover_sub", 11, 15, textColor=MUTED, spaceAfter=12)
