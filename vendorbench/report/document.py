"""The page machinery: cover and body pages, header and footer, outline, page numbers.

Page numbers that are only known at the end (the total in "Page 3 of 31", the
page of each section in the cover's contents) are PDF forms: every page draws
the form by name, and the form is filled in once the last page exists. One
layout pass, however long the report.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.flowables import Flowable

from . import theme
from .fonts import BOLD, REGULAR

Fit = Callable[[str, float, float], tuple[str, str]]  # text, size, width -> (fitted text, font)

TOTAL_FORM = "vbPageTotal"
MARGIN_X = 18 * mm
MARGIN_TOP = 21 * mm
MARGIN_BOTTOM = 18 * mm
DECOR_SIZE = theme.BODY_MIN  # running header and footer
FOOTER = "Confidential · decision support, not legal advice."
HEADER_SHARE = 0.5  # of a continued page's header line for the event name; the rest names what continues


def _page_form(key: str) -> str:
    return f"vbPageOf-{key}"


def _header_form(page: int) -> str:
    return f"vbHeader-{page}"


class Para(Paragraph):
    """A Paragraph that remembers its line breaks for the width it was last wrapped to.

    A table wraps every cell to measure it, again for each part when it splits
    across pages, and again to draw it: the same width each time, so the work is
    done once."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth == self._wrapped_at and hasattr(self, "blPara"):  # split() drops blPara when it fails
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


class Heading(Para):
    """A heading that is also an outline (bookmark) entry, and with a key, a contents line.
    Outline titles are plain text (never markup)."""

    def __init__(self, markup: str, style, outline: str, level: int = 0, key: str | None = None):
        super().__init__(markup, style)
        self.outline = (outline, level)
        self.key = key


class ContentsLine(Flowable):
    """"Title ....... 12" on the cover; the number is the page the heading with this key lands on."""

    def __init__(self, title: str, key: str, size: float = 10):
        super().__init__()
        self.title, self.key, self.size = title, key, size

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.size * 1.75

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setFont(REGULAR, self.size)
        canv.setFillColor(theme.INK)
        canv.drawString(0, 4, self.title)
        start = stringWidth(self.title, REGULAR, self.size) + 6
        end = self.width - 26
        if end > start:  # a dotted leader drawn as a line, so copied text stays clean
            canv.setStrokeColor(theme.RULE)
            canv.setLineWidth(0.9)
            canv.setLineCap(1)
            canv.setDash([0.01, 3.5])
            canv.line(start, 5, end, 5)
        canv.translate(self.width, 4)
        canv.doForm(_page_form(self.key))
        canv.restoreState()


class FlowTable(Table):
    """A table that breaks between rows, and inside a row only when the row is tall
    (over KEEP_WHOLE of a page): a short row moves to the next page whole.

    ReportLab's splitInRow=1 splits inside a row whenever that fills the page, which
    strands a status tag on one page and its explanation on the next.
    """

    KEEP_WHOLE = 0.4

    def __init__(self, data, page_height: float = 0, **kw):
        kw.setdefault("splitByRow", 1)
        kw.setdefault("splitInRow", 1)
        # A lone flowable in a cell is dropped when ReportLab splits its row; in a list it splits.
        data = [[[c] if isinstance(c, Flowable) else c for c in row] for row in data]
        super().__init__(data, **kw)
        self.page_height = page_height

    def split(self, availWidth, availHeight):
        parts = self._split(availWidth, availHeight)
        for part in parts:
            part.page_height = self.page_height  # ReportLab builds the parts without it
        return parts

    def _split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=0)
        if parts:
            return parts
        header = self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1
        if header < len(self._rowHeights) and self._rowHeights[header] <= self.page_height * self.KEEP_WHOLE:
            return []  # a short row: move it to the next page whole
        return self._splitRows(availHeight, doInRowSplit=1)


@dataclass(frozen=True)
class Decor:
    """What the page header and footer say (plain strings, drawn literally). fit shortens a
    label to a width and picks its font (Writer.fit): the running header is user text."""

    header: str
    draft: bool
    date: _dt.date | None
    date_text: str
    fit: Fit
    mark: str = ""  # the status mark when governance is on: FINAL, DRAFT or APPROVAL VOID

    @property
    def status(self) -> str:
        return self.mark or ("DRAFT" if self.draft else "")


class ReportDoc(BaseDocTemplate):
    def __init__(self, target, pagesize, decor: Decor, on_flowable: Callable[[], None], **meta: str):
        super().__init__(target, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, invariant=1,
                         initialFontName=REGULAR, initialFontSize=9,  # not Helvetica, even unused
                         creator="vendorbench", **meta)
        self.decor = decor
        self.on_flowable = on_flowable
        self._outlines = 0
        # The running header names where a continued page picks up ("Contract risk: Brightline,
        # continued"): the last section or vendor heading laid out, unless the page opens with one.
        self._running: str | None = None
        self._continued: dict[int, str | None] = {}  # body page -> the heading it continues
        self.section_pages: dict[str, int] = {}
        self.contents_keys: set[str] = set()
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # below the cover's band, with room for a contents line per section (the brief's included)
        cover = Frame(self.leftMargin, self.bottomMargin, self.width, self.height - 12 * mm, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self._cover_page),
                               PageTemplate("body", [body], onPage=self._body_page)])

    def beforeDocument(self) -> None:
        if self.decor.date:
            # The PDF's creation date: the date asked for, else ReportLab's fixed invariant date.
            stamp = f"D:{self.decor.date:%Y%m%d}000000+00'00'"
            self.canv.setDateFormatter(lambda *_: stamp)

    # -- outline, contents and progress

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, ContentsLine):
            self.contents_keys.add(flowable.key)
        outline = getattr(flowable, "outline", None)
        if outline:
            title, level = outline
            self._outlines += 1
            key = f"o{self._outlines}"
            top = self.frame._y + flowable.height + 4  # the heading's top edge
            self.canv.bookmarkHorizontalAbsolute(key, top)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
            if flowable.key:
                self.section_pages.setdefault(flowable.key, self.page)
            self._running = title
            if self._curPageFlowableCount == 1:  # the page opens with this heading: not a continuation
                self._continued[self.page] = None
        self.on_flowable()

    # -- page decoration

    def _cover_page(self, canv, doc) -> None:
        w, h = doc.pagesize
        canv.saveState()
        canv.setFillColor(theme.ACCENT)
        canv.rect(0, h - 16 * mm, w, 16 * mm, stroke=0, fill=1)
        canv.setFillColor(theme.WHITE)
        canv.setFont(BOLD, 9)
        canv.drawString(MARGIN_X, h - 10 * mm, "VENDOR SELECTION REPORT")
        if self.decor.status:
            canv.drawRightString(w - MARGIN_X, h - 10 * mm, self.decor.status)
        canv.setFont(REGULAR, DECOR_SIZE)
        canv.setFillColor(theme.MUTED)
        canv.drawString(MARGIN_X, 9 * mm, FOOTER)
        canv.restoreState()
        canv.showOutline()

    def _body_page(self, canv, doc) -> None:
        w, h = doc.pagesize
        d = self.decor
        left, right = MARGIN_X, w - MARGIN_X
        canv.saveState()
        # Whether this page continues a section or vendor is known once its first flowable lands,
        # so the header line is a form, filled in at the end.
        self._continued[doc.page] = self._running
        canv.saveState()
        canv.translate(left, h - 12 * mm)
        canv.doForm(_header_form(doc.page))
        canv.restoreState()
        if d.status:
            canv.setFillColor(theme.ACCENT if d.status == "FINAL" else theme.DRAFT)
            canv.setFont(BOLD, DECOR_SIZE)
            canv.drawRightString(right, h - 12 * mm, d.status)
        canv.setStrokeColor(theme.RULE)
        canv.setLineWidth(0.4)
        canv.line(left, h - 14 * mm, right, h - 14 * mm)
        canv.line(left, 13 * mm, right, 13 * mm)
        canv.setFillColor(theme.MUTED)
        canv.setFont(REGULAR, DECOR_SIZE)
        canv.drawString(left, 9 * mm, FOOTER)
        total_w = stringWidth("000", REGULAR, DECOR_SIZE)  # room for the total, drawn at the end
        canv.drawRightString(right - total_w - 3, 9 * mm, f"{d.date_text} · Page {doc.page} of" if d.date_text
                             else f"Page {doc.page} of")
        canv.translate(right - total_w, 9 * mm)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()

    def _endBuild(self) -> None:
        canv = self.canv
        w = self.pagesize[0]
        canv.beginForm(TOTAL_FORM)
        canv.setFillColor(theme.MUTED)
        canv.setFont(REGULAR, DECOR_SIZE)
        canv.drawString(0, 0, str(self.page))
        canv.endForm()
        d = self.decor
        room = w - 2 * MARGIN_X - (stringWidth(d.status, BOLD, DECOR_SIZE) + 12 if d.status else 0)
        for page, running in self._continued.items():
            canv.beginForm(_header_form(page), lowerx=0, lowery=-4, upperx=room, uppery=12)
            header, font = d.fit(d.header, DECOR_SIZE, room * HEADER_SHARE if running else room)
            canv.setFillColor(theme.MUTED)
            canv.setFont(font, DECOR_SIZE)
            canv.drawString(0, 0, header)
            if running:
                rest = room - stringWidth(header, font, DECOR_SIZE) - 18
                text, font = d.fit(f"{running}, continued", DECOR_SIZE, rest)
                canv.setFillColor(theme.INK)
                canv.setFont(font, DECOR_SIZE)
                canv.drawRightString(room, 0, text)
            canv.endForm()
        for key in sorted(self.contents_keys):
            canv.beginForm(_page_form(key), lowerx=-60, lowery=-4, upperx=0, uppery=14)
            canv.setFillColor(theme.INK)
            canv.setFont(REGULAR, 10)
            canv.drawRightString(0, 0, str(self.section_pages.get(key, "–")))
            canv.endForm()
        super()._endBuild()
