"""What every section of the report shares: the Context (the results, the writer and the small
builders for paragraphs, tables and boxes) and the formatting of numbers.

Every figure comes from results.Results (the numbers of `vendorbench results`)
and every derived fact from vendorbench.summary; the sections only lay them out.
Text that did not come from this package enters a Paragraph only through
Writer.markup (escaped); plain strings in tables and charts are drawn literally.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from ... import brief, summary
from ...models import Answer
from ...results import CONDITIONAL, Results, VendorResult, scored_share, under_completeness
from ...rfp.view import ItemContext
from ...scoring import Consensus
from .. import theme
from ..document import FlowTable, Heading, Para
from ..fonts import BOLD, REGULAR
from ..richtext import RichText
from ..text import Writer, clip, spaces
from ..theme import Styles as S

MATRIX_VENDORS = 6  # vendor columns per heat-map / risk-matrix table
CHUNK_ROWS = 40  # long lists become several tables: ReportLab re-measures every remaining row at each split
PAD = 4  # cell padding, left and right
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(d: _dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def total_text(x: Fraction | None) -> str:
    return "–" if x is None else f"{float(x):.1f}"


def score_text(x: Fraction | None) -> str:
    return "–" if x is None else f"{float(x):.2f}"


def alpha_text(x: Fraction | None) -> str:
    return "–" if x is None else f"{float(x):.3f}"


def share_text(x: Fraction) -> str:
    return f"{float(x):.1%}"


def pct(x: Fraction) -> str:
    return f"{float(x):.0%}"


def consensus_text(c: Consensus) -> str:
    if c.state == "scored":
        return score_text(c.mean)
    return "N/A" if c.state == "na" else "–"


def vote_text(v: Any) -> str:
    return "–" if v is None else ("N/A" if v == "na" else str(v))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def duplicates_sentence(ready: summary.Readiness) -> str:
    """The cover status's first words when a vendor is listed twice ("" when none is)."""
    if not ready.duplicated:
        return ""
    listed = "; ".join(ready.duplicated)
    return (f"Listed more than once, its evaluation split between the entries: {listed}. "
            if len(ready.duplicated) == 1 else
            f"Listed more than once, their evaluations split between the entries: {listed}. ")


NOT_APPROVED = "not yet approved"
CONFIDENTIAL = ("Confidential: this report holds vendors' commercial terms and the gaps in their contracts. "
                "Share it only with the people taking part in this decision.")


@dataclass(frozen=True)
class Control:
    """The cover's document-control block. The approval stays "not yet approved" until a
    governance feature records one."""

    version: str = "–"
    author: str = "–"
    approved_by: str = NOT_APPROVED
    approved_on: str = NOT_APPROVED
    # with roles (vendorbench.governance): the sign-off and the digest of the state it approved
    decision: str = ""
    approval_note: str = ""
    digest: str = ""
    audit_heads: str = ""  # the audit log's chain heads, so a reader can check them with audit verify


class Context:
    """One report's inputs and the builders every section uses."""

    def __init__(self, res: Results, answers: Iterable[Answer], w: Writer, width: float, page_height: float,
                 date: _dt.date | None = None, control: Control | None = None, currency: str = "USD",
                 responses: Mapping[str, Mapping[str, ItemContext]] | None = None):
        answers = list(answers)
        self.res = res
        # vendor id -> criterion or legal item id -> the vendor's response and evidence (rfp.view)
        self.responses = responses or {}
        # the executive brief, built once: page 1 lays it out and page 2 continues its next steps
        self.brief = brief.build(res, brief.notes_of(res, answers))
        self.control = control or Control()
        self.currency = currency
        self.w = w
        self.width = width
        self.page_height = page_height
        self.date = date
        self.pick = summary.recommended(res)
        self.ready = summary.readiness(res)
        self.governance: Any = None  # vendorbench.governance.Summary when roles are set (build.py)
        self.labels = summary.short_labels(list(res.evaluators))
        self.notes: dict[tuple[str, str], list[Answer]] = {}
        order = {e: i for i, e in enumerate(res.evaluators)}
        for a in sorted(answers, key=lambda a: (order.get(a.evaluator, len(order)), a.evaluator)):
            if a.note or a.evidence:
                self.notes.setdefault((a.vendor_id, a.criterion), []).append(a)
        self._styles: dict[tuple, Any] = {}
        self._wrapped: dict[tuple[str, float, float, bool], str | None] = {}

    # -- small builders ---------------------------------------------------------------------

    def m(self, text: str, bold: bool = False) -> str:
        """Safe markup for text that did not come from this package."""
        return self.w.markup(text, bold)

    def p(self, text: str, style=S.body, bold: bool = False) -> Paragraph:
        return Para(self.m(text, bold or style.fontName == BOLD), style)

    def heading(self, text: str, style=S.h1, level: int = 0, outline: str | None = None) -> Heading:
        return Heading(self.m(text, bold=True), style, outline or text, level)

    def section(self, key: str, title: str) -> Heading:
        """A section's first heading: an outline entry, and the page its contents line shows."""
        return Heading(title, S.h1, title, 0, key)

    def status_style(self, base, colour) -> Any:
        key = (base.name, colour.hexval())
        if key not in self._styles:
            self._styles[key] = base.clone(f"{base.name}-{colour.hexval()}", textColor=colour)
        return self._styles[key]

    def tag(self, word: str, colour, detail: str = "") -> Paragraph:
        """A status word (bold) with an optional second line, in the given text colour."""
        text = f"<b>{word}</b>" + (f"<br/>{self.m(detail)}" if detail else "")
        return Para(text, self.status_style(S.cell, colour))

    def table(self, rows: list[list], widths: Sequence[float], header: int = 1, extra: Iterable = (),
              zebra: bool = True, grid: bool = False, fine: bool = False) -> Table:
        """fine: the appendix's small type; every other table is at theme.BODY_MIN."""
        size, head_size = (theme.FINE, theme.FINE_HEAD) if fine else (theme.BODY_MIN, theme.BODY_MIN)
        t = FlowTable(rows, self.page_height, colWidths=list(widths), repeatRows=header, hAlign="LEFT")
        cmds: list = [
            ("FONT", (0, 0), (-1, -1), REGULAR, size, size * 1.26),
            ("TEXTCOLOR", (0, 0), (-1, -1), theme.INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            cmds += [("BACKGROUND", (0, 0), (-1, header - 1), theme.ACCENT),
                     ("TEXTCOLOR", (0, 0), (-1, header - 1), theme.WHITE),
                     ("FONT", (0, 0), (-1, header - 1), BOLD, head_size, head_size * 1.23),
                     ("VALIGN", (0, 0), (-1, header - 1), "BOTTOM")]
        if grid:
            cmds.append(("GRID", (0, 0), (-1, -1), 0.4, theme.RULE))
        else:
            cmds.append(("LINEBELOW", (0, header), (-1, -1), 0.3, theme.RULE))
        if zebra and len(rows) > header + 1:
            cmds.append(("ROWBACKGROUNDS", (0, header), (-1, -1), [theme.WHITE, theme.FAINT]))
        t.setStyle(TableStyle(cmds + list(extra)))
        return t

    def tables(self, head: list, rows: list[list], widths: Sequence[float], **kw) -> list[Table]:
        """A long list as tables of CHUNK_ROWS rows, each with the header row."""
        return [self.table([head] + rows[i:i + CHUNK_ROWS], widths, **kw) for i in range(0, len(rows), CHUNK_ROWS)]

    def text_cell(self, text: str, width: float, bold: bool = False, fine: bool = False) -> str | Paragraph:
        """Wrapped plain text when the main font has every character (cheap to lay out and
        drawn literally), else an escaped Paragraph. The table must set that font and size
        (bold: a header cell; fine: the appendix's small type)."""
        if bold:
            size = theme.FINE_HEAD if fine else theme.BODY_MIN
        else:
            size = theme.FINE if fine else theme.BODY_MIN
        text = spaces(text)
        key = (text, width, size, bold)
        if key not in self._wrapped:  # criterion titles repeat for every vendor
            wrapped = None
            font = BOLD if bold else REGULAR
            if self.w.plain(text, bold) == font:
                avail = width - 2 * PAD
                lines = simpleSplit(text, font, size, avail)
                if all(stringWidth(line, font, size) <= avail for line in lines):
                    wrapped = "\n".join(lines)
            self._wrapped[key] = wrapped
        if self._wrapped[key] is not None:
            return self._wrapped[key]
        if bold:
            style = S.fine_head if fine else S.head_cell
        else:
            style = S.fine_cell if fine else S.cell
        return Para(self.m(text, bold), style)

    def rich(self, parts: Iterable[tuple[str, str]], fine: bool = False) -> RichText:
        """Text drawn literally in plain, "bold" or "muted" runs (see richtext)."""
        size, leading = (theme.FINE, theme.FINE_LEADING) if fine else (theme.BODY_MIN, theme.CELL_LEADING)
        runs = []
        for text, kind in parts:
            colour = theme.MUTED if kind == "muted" else theme.INK
            for font, chunk in self.w.fonts.runs(spaces(text), BOLD if kind == "bold" else REGULAR):
                runs.append((chunk, font, colour))
        return RichText(runs, size, leading)

    def head(self, text: str, width: float | None = None, right: bool = False, fine: bool = False) -> str | Paragraph:
        """A header cell: plain text when a width is given and it fits, else a Paragraph."""
        if width is not None:
            return self.text_cell(text, width, bold=True, fine=fine)
        return Para(self.m(text, bold=True), S.head_cell_right if right else S.head_cell)

    def name_cell(self, v: VendorResult, style=S.cell) -> Paragraph:
        return Para(self.m(self.vendor_label(v), bold=style.fontName == BOLD), style)

    def incomplete(self, v: VendorResult) -> bool:
        """Marked wherever it is named: under the workspace's min_completeness (the readiness rule)."""
        return under_completeness(v, self.res.settings)

    def standing(self, v: VendorResult) -> tuple[str, str]:
        """How charts draw a vendor ("recommended", "eligible" or "excluded") and the words that say so."""
        if v is self.pick:
            rec = self.res.recommendation  # "not ready" or "conditional": the words Recommendation.label uses
            return "recommended", "RECOMMENDED" + (f" ({rec.status.upper()})" if rec.conditional else "")
        if not summary.eligible(v):
            return "excluded", " + ".join(w for w, on in (("KNOCKED OUT", v.score.knocked_out),
                                                          ("LEGAL BLOCKER", v.legal.rating == "blocker")) if on)
        return "eligible", ""

    def vendor_label(self, v: VendorResult, limit: int | None = None) -> str:
        """A vendor's name as every chart and table shows it (shortened to limit characters):
        marked when too little of its scorecard is scored for its figures to hold."""
        name = v.vendor.name if limit is None else clip(v.vendor.name, limit)
        if self.incomplete(v):
            return f"{name} (only {scored_share(v)} scored)"
        return name

    def bullets(self, lines: Iterable[str], style=S.bullet) -> list[Paragraph]:
        return [Para(self.m(line), style, bulletText="•") for line in lines]

    def vendor_chunks(self) -> list[tuple[VendorResult, ...]]:
        vs = self.res.vendors
        return [vs[i:i + MATRIX_VENDORS] for i in range(0, len(vs), MATRIX_VENDORS)] or [()]

    # -- boxes shared by the cover and the executive summary ----------------------------------

    def box(self, content: list, border, fill=theme.WHITE) -> Table:
        t = Table([[c] for c in content], colWidths=[self.width], hAlign="LEFT")
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9),  # a table sets a font even for paragraphs
                               ("BOX", (0, 0), (-1, -1), 1, border), ("BACKGROUND", (0, 0), (-1, -1), fill),
                               ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                               ("TOPPADDING", (0, 0), (0, 0), 7), ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
                               ("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -2), 1)]))
        return t

    def draft_box(self) -> Table:
        r = self.ready
        parts = []
        if r.scorecard < 1:
            parts.append(f"scorecards are {pct(r.scorecard)} complete")
        if r.legal < 1:
            parts.append(f"{pct(r.legal)} of the applicable contract items are reviewed")
        text = capital(" and ".join(parts)) + ": figures and the recommendation may still change."
        if not parts:
            text = "Figures and the recommendation may still change."
        text = duplicates_sentence(r) + text
        return self.box([Para("DRAFT", self.status_style(S.verdict, theme.DRAFT)),
                          Para(text, self.status_style(S.body, theme.DRAFT))], theme.DRAFT)

    def verdict_box(self, compact: bool = False) -> Table:
        rec, pick = self.res.recommendation, self.pick
        if pick is None:
            content = [Para("RECOMMENDATION", S.kicker), Para("None yet", S.verdict),
                       self.p(" ".join(rec.reasons), S.body)]
            return self.box(content, theme.RULE, theme.FAINT)
        kicker = rec.label.upper()  # the brief, the CLI and the TUI say the same words
        s, lg = pick.score, pick.legal
        open_items = len(lg.open_items())
        line = (f"{total_text(s.total)} / 100 · rank {pick.rank} of {len(self.res.vendors)} · legal risk "
                f"{theme.RATING[lg.rating][2]} · {plural(open_items, 'contract item')} to settle before signing")
        if lg.coverage < 1:
            line += f" · contract review {pct(lg.coverage)} done"
        content = [Para(kicker, self.status_style(S.kicker, theme.DRAFT if rec.conditional else theme.ACCENT)),
                   self.p(pick.vendor.name, S.verdict, bold=True), self.p(line, S.body)]
        if self.w.fonts.undrawable(pick.vendor.name):  # built with --allow-missing-glyphs: still say who
            content.append(Para(f"The name cannot be fully shown with the installed fonts: this is vendor "
                                f"{self.m(pick.vendor.id)} in the workspace (vendorbench vendor list).", S.body))
        if rec.conditional and not compact:
            content.append(Para("Recommended only if what follows changes." if rec.status == CONDITIONAL else
                                "Not ready to recommend until what follows is done.", S.body))
        return self.box(content, theme.DRAFT if rec.conditional else theme.ACCENT, theme.ACCENT_LIGHT)

    def scores_text(self, c: Consensus) -> str:
        """Each evaluator's score: "Maya 4 · Tomás 2", or with letter labels "A=4 B=2 C=N/A"."""
        votes = [*c.scores.items(), *((e, "N/A") for e in c.na_by)]
        if all(len(self.labels.get(e, e)) == 1 for e, _ in votes):
            return " ".join(f"{self.labels[e]}={s}" for e, s in votes)
        return " · ".join(f"{self.labels.get(e, e)} {s}" for e, s in votes)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def frac(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"

