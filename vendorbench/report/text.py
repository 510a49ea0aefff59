"""User text into the PDF, safely.

Paragraph text is markup: unescaped, "Price < 5" raises, "AT&T" becomes
"AT&T;" and <img src="/local/file"> embeds a local file. So every piece of
text that did not come from this package goes through markup(): XML-escaped,
line breaks as <br/>, and runs the main font cannot draw wrapped in a
<font face> tag naming a font that can (the only markup that is ever added).
Plain strings (table cells, chart labels, page headers) are drawn literally
and are never escaped; plain() picks a font for them. Tabs become spaces
everywhere (spaces()).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import BOLD, REGULAR, FontBook


def spaces(text: str) -> str:
    """Tabs as spaces: no font has a glyph for a tab, and a cell has no tab stops."""
    return text.replace("\t", " ")


class Writer:
    def __init__(self, fonts: FontBook):
        self.fonts = fonts

    def markup(self, text: str, bold: bool = False) -> str:
        primary = BOLD if bold else REGULAR
        out = []
        for font, chunk in self.fonts.runs(spaces(text), primary):
            safe = escape(chunk).replace("\n", "<br/>")
            out.append(safe if font == primary else f'<font face="{font}">{safe}</font>')
        return "".join(out)

    def plain(self, text: str, bold: bool = False) -> str:
        """The font to draw a plain string with."""
        return self.fonts.single_font(text, BOLD if bold else REGULAR)

    def fit(self, text: str, size: float, width: float, bold: bool = False) -> tuple[str, str]:
        """A plain label shortened with "…" to fit width, and the font to draw it with."""
        text = spaces(text)
        font = self.plain(text, bold)
        if stringWidth(text, font, size) <= width:
            return text, font
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits with the ellipsis
            mid = (lo + hi + 1) // 2
            if stringWidth(text[:mid].rstrip() + "…", font, size) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…", font


def clip(text: str, limit: int) -> str:
    """Shorten text for a chart label or a page header (the full text appears in the tables)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
