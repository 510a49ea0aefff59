"""RichText: wrapped text in a few fonts and colours, drawn literally.

For the table cells that hold most of a large report's words (evaluator notes,
contract items). A Paragraph parses markup and is several times slower to lay
out; this takes (text, font, colour) runs, so there is no markup to escape and
nothing typed can style, embed or link anything.

Lines break at spaces, inside a word only when the word alone is wider than the
cell, and at every "\\n". A cell taller than a page splits between lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from .fonts import REGULAR

Run = tuple[str, str, Color]  # text, font name, colour
_NO_COLOUR = Color(0, 0, 0)
SPLIT_SLACK = 4  # a table hands over the height above the cell's bottom padding: leave room for it
_TOKENS = re.compile(r"\n| +|[^ \n]+")


class RichText(Flowable):
    def __init__(self, runs: Sequence[Run], size: float, leading: float, lines: list[Line] | None = None,
                 width: float | None = None):
        super().__init__()
        self.runs = list(runs)
        self.size = size
        self.leading = leading
        self._lines = lines
        self._laid_out_at = width

    def wrap(self, availWidth, availHeight):
        if self._lines is None or availWidth != self._laid_out_at:
            self._lines = layout(self.runs, availWidth, self.size)
            self._laid_out_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        # A table asks for the split at the column's full width but draws at the width inside
        # its padding, where the cell was already laid out: split those lines.
        if self._lines is None:
            self.wrap(availWidth, availHeight)
        assert self._lines is not None
        n = int((availHeight - SPLIT_SLACK) // self.leading)
        if n <= 0 or n >= len(self._lines):
            return []
        head, tail = self._lines[:n], self._lines[n:]
        return [RichText(_rejoin(head), self.size, self.leading, head, self._laid_out_at),
                RichText(_rejoin(tail), self.size, self.leading, tail, self._laid_out_at)]

    def draw(self):
        canv = self.canv
        text = canv.beginText()
        y = self.height - self.leading + (self.leading - self.size) / 2 + self.size * 0.22
        font = colour = None
        for line in self._lines or ():
            text.setTextOrigin(0, y)
            for chunk, f, c in line.runs:
                if f != font:
                    text.setFont(f, self.size)
                    font = f
                if c is not colour:
                    text.setFillColor(c)
                    colour = c
                text.textOut(chunk)
            y -= self.leading
        canv.drawText(text)


class Line:
    __slots__ = ("runs", "soft")

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.soft = False  # ends where the text wrapped (not at a "\n" or the end)


def layout(runs: Sequence[Run], width: float, size: float) -> list[Line]:
    lines = [Line()]
    x = 0.0

    def put(chunk: str, font: str, colour: Color, w: float) -> None:
        nonlocal x
        line = lines[-1].runs
        if line and line[-1][1] == font and line[-1][2] is colour:  # Color.__eq__ is slow
            line[-1] = (line[-1][0] + chunk, font, colour)
        else:
            line.append((chunk, font, colour))
        x += w

    def newline(soft: bool) -> None:
        nonlocal x
        lines[-1].soft = soft
        lines.append(Line())
        x = 0.0

    for text, font, colour in runs:
        for token in _TOKENS.findall(text):
            if token == "\n":
                newline(soft=False)
                continue
            w = stringWidth(token, font, size)
            if token[0] == " ":
                if x > 0:
                    put(token, font, colour, w)
                continue
            if x + w > width and x > 0:
                newline(soft=True)
            while w > width:  # a word wider than the cell: break it where it reaches the edge
                cut = _fit(token, font, size, width)
                put(token[:cut], font, colour, 0)
                newline(soft=True)
                token = token[cut:]
                w = stringWidth(token, font, size)
            put(token, font, colour, w)
    for line in lines:
        if line.runs and line.runs[-1][0].endswith(" "):
            chunk, font, colour = line.runs[-1]
            line.runs[-1] = (chunk.rstrip(" "), font, colour)
    return lines


def _rejoin(lines: list[Line]) -> list[Run]:
    """Runs that lay out again as these lines (at another width, too)."""
    out: list[Run] = []
    for line in lines:
        out += line.runs
        out.append((" " if line.soft else "\n", REGULAR, _NO_COLOUR))  # breaks are never drawn
    return out[:-1]


def _fit(word: str, font: str, size: float, width: float) -> int:
    """How many leading characters of word fit in width (at least one)."""
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo
