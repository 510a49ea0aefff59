"""The report's content, section by section.

Every figure comes from results.Results (the numbers of `vendorbench results`)
and every derived fact from vendorbench.summary; this module only lays them out.
Text that did not come from this package enters a Paragraph only through
Writer.markup (escaped); plain strings in tables and charts are drawn literally.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import NextPageTemplate

from .. import summary
from ..analysis.sensitivity import DRAWS
from ..legal import HIGH_EXPOSURE, MEDIUM_EXPOSURE, SEVERITY_WEIGHT, STATUS_FACTOR, ItemState
from ..models import Answer
from ..results import Results, VendorResult
from ..scoring import DISAGREEMENT_SPREAD, Consensus
from . import charts, theme
from .document import ContentsLine, FlowTable, Heading, Para
from .fonts import BOLD, REGULAR
from .richtext import RichText
from .text import Writer, clip
from .theme import Styles as S

MATRIX_VENDORS = 6  # vendor columns per heat-map / risk-matrix table
SUMMARY_CONDITIONS = 8  # open contract items listed on the summary page (all are in Contract risk)
PER_EVALUATOR_COLUMNS = 6  # up to this many evaluators get a score column each in the appendix
CHUNK_ROWS = 40  # long lists become several tables: ReportLab re-measures every remaining row at each split
PAD = 4  # cell padding, left and right
SECTIONS = {"summary": "Executive summary", "ranking": "Ranking", "categories": "Category comparison",
            "decision": "Decision analysis", "risk": "Contract risk", "agreement": "Evaluator agreement", "methodology": "Methodology",
            "appendix": "Appendix: every score and note"}
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


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


class Content:
    def __init__(self, res: Results, answers: Iterable[Answer], w: Writer, width: float, page_height: float,
                 date: _dt.date | None = None):
        self.res = res
        self.w = w
        self.width = width
        self.page_height = page_height
        self.date = date
        self.pick = summary.recommended(res)
        self.ready = summary.readiness(res)
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

    def section(self, key: str) -> Heading:
        return Heading(SECTIONS[key], S.h1, SECTIONS[key], 0, key)

    def status_style(self, base, colour) -> Any:
        key = (base.name, colour.hexval())
        if key not in self._styles:
            self._styles[key] = base.clone(f"{base.name}-{colour.hexval()}", textColor=colour)
        return self._styles[key]

    def tag(self, word: str, colour, detail: str = "") -> Paragraph:
        """A status word (bold) with an optional second line, in the given text colour."""
        text = f"<b>{word}</b>" + (f"<br/>{self.m(detail)}" if detail else "")
        return Para(text, self.status_style(S.cell_small, colour))

    def table(self, rows: list[list], widths: Sequence[float], header: int = 1, extra: Iterable = (),
              zebra: bool = True, grid: bool = False, size: float = 8) -> Table:
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
                     ("FONT", (0, 0), (-1, header - 1), BOLD, 7.5, 9.2),
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

    def text_cell(self, text: str, width: float, size: float = 7, bold: bool = False) -> str | Paragraph:
        """Wrapped plain text when the main font has every character (cheap to lay out and
        drawn literally), else an escaped Paragraph. The table must set that font and size."""
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
        style = S.head_cell if bold else (S.cell_small if size < 8 else S.cell)
        return Para(self.m(text, bold), style)

    def rich(self, parts: Iterable[tuple[str, str]], size: float = 7, leading: float = 8.8) -> RichText:
        """Text drawn literally in plain, "bold" or "muted" runs (see richtext)."""
        runs = []
        for text, kind in parts:
            colour = theme.MUTED if kind == "muted" else theme.INK
            for font, chunk in self.w.fonts.runs(text, BOLD if kind == "bold" else REGULAR):
                runs.append((chunk, font, colour))
        return RichText(runs, size, leading)

    def head(self, text: str, width: float | None = None, right: bool = False) -> str | Paragraph:
        """A header cell: plain text when a width is given and it fits, else a Paragraph."""
        if width is not None:
            return self.text_cell(text, width, 7.5, bold=True)
        return Para(self.m(text, bold=True), S.head_cell_right if right else S.head_cell)

    def name_cell(self, v: VendorResult, style=S.cell) -> Paragraph:
        return Para(self.m(v.vendor.name, bold=style.fontName == BOLD), style)

    def bullets(self, lines: Iterable[str], style=S.bullet) -> list[Paragraph]:
        return [Para(self.m(line), style, bulletText="•") for line in lines]

    def vendor_chunks(self) -> list[tuple[VendorResult, ...]]:
        vs = self.res.vendors
        return [vs[i:i + MATRIX_VENDORS] for i in range(0, len(vs), MATRIX_VENDORS)] or [()]

    # -- 1. cover ---------------------------------------------------------------------------

    def cover(self, notices: Sequence[str]) -> list:
        res = self.res
        story: list = [NextPageTemplate("body"), Spacer(1, 10 * mm),
                       Heading(self.m(res.workspace, bold=True), S.cover_title, "Cover", 0),
                       Para("Customer-support outsourcing (BPO): vendor comparison, recommendation and "
                                 "contract risk", S.cover_sub)]
        if self.ready.draft:
            story += [self._draft_box(), Spacer(1, 6 * mm)]
        story += [self._verdict_box(compact=True), Spacer(1, 7 * mm), Para("CONTENTS", S.kicker)]
        story += [ContentsLine(title, key) for key, title in SECTIONS.items()]
        story.append(Spacer(1, 7 * mm))

        sc, lg = res.scorecard, res.checklist
        facts: list[tuple[str, str]] = []
        if self.date:
            facts.append(("Date", long_date(self.date)))
        facts += [
            (f"Vendors compared ({len(res.vendors)})", "; ".join(v.vendor.name for v in res.vendors) or "none yet"),
            ("Evaluators", "; ".join(res.evaluators) or "nobody has scored yet"),
            ("Legal review", "; ".join(res.reviewers) or "not started"),
            ("Scorecard", f"{sc.title} ({sc.ref}): {_plural(len(sc.categories), 'category', 'categories')}, "
                          f"{_plural(len(sc.criteria()), 'criterion', 'criteria')}"),
            ("Contract checklist", f"{lg.title} ({lg.ref}): {_plural(len(lg.areas), 'area')}, "
                                   f"{_plural(len(lg.items()), 'item')}"),
        ]
        rows = [[Para(label, S.cell_bold), self.p(value, S.cell)] for label, value in facts]
        story.append(self.table(rows, [42 * mm, self.width - 42 * mm], header=0, zebra=False))
        for notice in notices:
            story += [Spacer(1, 5 * mm), self._box([self.p(notice, S.cell)], theme.DRAFT)]
        story.append(PageBreak())
        return story

    def _box(self, content: list, border, fill=theme.WHITE) -> Table:
        t = Table([[c] for c in content], colWidths=[self.width], hAlign="LEFT")
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9),  # a table sets a font even for paragraphs
                               ("BOX", (0, 0), (-1, -1), 1, border), ("BACKGROUND", (0, 0), (-1, -1), fill),
                               ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                               ("TOPPADDING", (0, 0), (0, 0), 7), ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
                               ("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -2), 1)]))
        return t

    def _draft_box(self) -> Table:
        r = self.ready
        parts = []
        if r.scorecard < 1:
            parts.append(f"scorecards are {pct(r.scorecard)} complete")
        if r.legal < 1:
            parts.append(f"{pct(r.legal)} of the applicable contract items are reviewed")
        text = _capital(" and ".join(parts)) + ": figures and the recommendation may still change."
        return self._box([Para("DRAFT", self.status_style(S.verdict, theme.DRAFT)),
                          Para(text, self.status_style(S.body, theme.DRAFT))], theme.DRAFT)

    def _verdict_box(self, compact: bool = False) -> Table:
        rec, pick = self.res.recommendation, self.pick
        if pick is None:
            content = [Para("RECOMMENDATION", S.kicker), Para("None yet", S.verdict),
                       self.p(" ".join(rec.reasons), S.body)]
            return self._box(content, theme.RULE, theme.FAINT)
        kicker = "CONDITIONAL RECOMMENDATION" if rec.conditional else "RECOMMENDATION"
        s, lg = pick.score, pick.legal
        open_items = len(lg.open_items())
        line = (f"{total_text(s.total)} / 100 · rank {pick.rank} of {len(self.res.vendors)} · legal risk "
                f"{theme.RATING[lg.rating][2]} · {_plural(open_items, 'contract item')} to settle before signing")
        if lg.coverage < 1:
            line += f" · contract review {pct(lg.coverage)} done"
        content = [Para(kicker, self.status_style(S.kicker, theme.DRAFT if rec.conditional else theme.ACCENT)),
                   self.p(pick.vendor.name, S.verdict, bold=True), self.p(line, S.body)]
        if rec.conditional and not compact:
            content.append(Para("Recommended only if what follows changes.", S.body))
        return self._box(content, theme.DRAFT if rec.conditional else theme.ACCENT, theme.ACCENT_LIGHT)

    # -- 2. executive summary -----------------------------------------------------------------

    def executive_summary(self) -> list:
        res, pick = self.res, self.pick
        story: list = [self.section("summary"), self._verdict_box(), Spacer(1, 4 * mm)]
        if pick is None:
            story.append(PageBreak())
            return story
        story.append(Para("Why", S.h3))
        story += self.bullets(res.recommendation.reasons)

        rows = []
        mg = summary.margin(res)
        if mg is not None:
            points = f"{abs(float(mg.points)):.1f}"
            lead = ("level with" if points == "0.0" else
                    f"{points} points {'ahead of' if mg.points > 0 else 'behind'}")
            rows.append(("Margin over the runner-up",
                         f"{lead} {mg.runner_up.vendor.name} ({total_text(mg.runner_up.score.total)})"))
        strong, weak = summary.strongest_and_weakest(res, pick.vendor.id)
        for label, group in (("Strongest categories", strong), ("Weakest categories", weak)):
            if group:
                rows.append((label, "; ".join(f"{c.category.title} {score_text(c.score)} "
                                              f"({_ordinal(c.place)} of {c.field})" for c in group)))
        rows.append(("Completeness", f"scorecard {pct(pick.score.completeness)} scored; "
                                     f"{pct(pick.legal.coverage)} of applicable contract items reviewed"))
        sensitive = summary.recommended_sensitivity(res)
        if sensitive:
            rows.append(("Weight sensitivity", sensitive))
        if res.warnings:
            rows.append(("Cost-only warning", f"{_plural(len(res.warnings), 'warning')} that the choice may rest "
                                              "on cost alone: see Decision analysis."))
        cells = [[Para(label, S.cell_bold), self.p(value, S.cell)] for label, value in rows]
        story += [Spacer(1, 3 * mm), self.table(cells, [42 * mm, self.width - 42 * mm], header=0)]

        conditions = summary.conditions_to_sign(res)
        story.append(Para("Conditions to sign", S.h3))
        if conditions:
            story.append(self._conditions_table(conditions[:SUMMARY_CONDITIONS]))
            if len(conditions) > SUMMARY_CONDITIONS:
                story.append(Para(f"…and {len(conditions) - SUMMARY_CONDITIONS} more, listed under "
                                       "Contract risk.", S.small))
        else:
            story.append(Para("No contract item is open (missing or to negotiate).", S.body))
        unreviewed = summary.unreviewed_items(pick.legal)
        if unreviewed:
            story.append(Para(f"{_plural(len(unreviewed), 'applicable contract item')} not reviewed yet.",
                                   S.small))

        others = summary.why_not_chosen(res)
        if others:
            story.append(Para("Why not the others", S.h3))
            rows = [[self.head("Vendor"), self.head("Total"), self.head("Why not chosen")]]
            for nc in others:
                first, *rest = nc.reasons
                text = f"<b>{self.m(_capital(first.text), bold=True)}</b>"
                if rest:
                    text += "; " + self.m("; ".join(r.text for r in rest))
                rows.append([self.name_cell(nc.vendor, S.cell_small),
                             Para(total_text(nc.vendor.score.total), S.cell_small),
                             Para(text, S.cell_small)])
            story.append(self.table(rows, [52 * mm, 13 * mm, self.width - 65 * mm]))
        story.append(PageBreak())
        return story

    def _conditions_table(self, items: Sequence[ItemState]) -> Table:
        rows, extra = [], []
        for r, st in enumerate(items):
            fill, ink, word = theme.STATUS["blocker" if st.status == "missing" and st.item.severity == "critical"
                                          else st.status]
            area = self.res.checklist.area_of(st.item.id)
            rows.append([self.tag(word, ink, theme.SEVERITY_WORD[st.item.severity].lower()),
                         Para(f"<b>{self.m(st.item.id, True)}</b> {self.m(st.item.label)}", S.cell_small),
                         self.p(area.title if area else "", S.cell_muted)])
            extra.append(("BACKGROUND", (0, r), (0, r), fill))
        return self.table(rows, [24 * mm, self.width - 74 * mm, 50 * mm], header=0, zebra=False, extra=extra)

    # -- 3. ranking -------------------------------------------------------------------------------

    def ranking(self) -> list:
        res = self.res
        story: list = [self.section("ranking"),
                       Para("Totals out of 100 from the weighted scorecard. Vendors knocked out on a must-have "
                                 "criterion rank after all others. The legal risk rating comes from the contract "
                                 "review; a BLOCKER (a missing critical item) excludes a vendor from the "
                                 "recommendation until it is fixed.", S.lead)]
        if not res.vendors:
            return story + [Para("No vendors yet.", S.body), PageBreak()]
        rows: list[list] = [[self.head(h, right=h in ("Total", "Scored", "Reviewed"))
                             for h in ("#", "Vendor", "Total", "Scored", "Knockouts", "Legal risk", "Reviewed")]]
        extra: list = []
        for r, v in enumerate(res.vendors, start=1):
            s, lg = v.score, v.legal
            if s.knockouts:
                ko = self.p("; ".join(res.scorecard.criterion(c).title for c in s.knockouts), S.cell_small)
            elif s.pending_knockouts:
                ko = Para(f"none yet; {len(s.pending_knockouts)} pending", S.cell_small)
            else:
                ko = Para("none", S.cell_small)
            fill, ink, word = theme.RATING[lg.rating]
            name = self.m(v.vendor.name)
            if v is self.pick:
                name += "<br/><b>recommended</b>" + (" (conditional)" if res.recommendation.conditional else "")
                extra.append(("BACKGROUND", (0, r), (4, r), theme.ACCENT_LIGHT))
            rows.append([str(v.rank), Para(name, S.cell), total_text(s.total), pct(s.completeness), ko,
                         self.tag(word, ink, f"exposure {float(lg.exposure):.1f}"), pct(lg.coverage)])
            extra.append(("BACKGROUND", (5, r), (5, r), fill))
        extra += [("ALIGN", (2, 1), (3, -1), "RIGHT"), ("ALIGN", (6, 1), (6, -1), "RIGHT"),
                  ("FONT", (2, 1), (2, -1), BOLD, 8)]
        widths = [9 * mm, 0, 15 * mm, 15 * mm, 38 * mm, 26 * mm, 19 * mm]
        widths[1] = self.width - sum(widths)
        story += [self.table(rows, widths, grid=True, zebra=False, extra=extra), Spacer(1, 6 * mm)]

        story.append(Para("Totals", S.h2))
        bars = []
        for v in res.vendors:
            if v is self.pick:
                status, note = "recommended", "RECOMMENDED" + (" (CONDITIONAL)" if res.recommendation.conditional
                                                               else "")
            elif not summary.eligible(v):
                status = "excluded"
                note = " + ".join(w for w, on in (("KNOCKED OUT", v.score.knocked_out),
                                                  ("LEGAL BLOCKER", v.legal.rating == "blocker")) if on)
            else:
                status, note = "eligible", ""
            bars.append(charts.Bar(v.vendor.name, None if v.score.total is None else float(v.score.total),
                                   status, note))
        story.append(charts.totals_chart(bars, self.width, self.w))
        story.append(Para("Dark bar: the recommended vendor. Light grey bars: excluded (knocked out or a "
                               "legal blocker), whatever their total. The scale is fixed at 0–100.", S.small))
        story.append(PageBreak())
        return story

    # -- 4. category comparison -----------------------------------------------------------------

    def categories(self) -> list:
        res = self.res
        story: list = [self.section("categories"),
                       Para("Each category's score on the 0–5 scale: the weighted mean of its criteria's "
                                 "consensus scores. Both views use a fixed 0–5 scale, so equal distances mean "
                                 "equal differences.", S.lead)]
        plotted = [v for v in res.vendors if v.score.total is not None][:charts.MAX_SERIES]
        if plotted:
            cats = [(c.title, [None if (x := v.score.categories.get(c.id)) is None else float(x) for v in plotted])
                    for c in res.scorecard.categories]
            story.append(charts.category_dots(cats, [v.vendor.name for v in plotted], self.width, self.w))
            scored = sum(1 for v in res.vendors if v.score.total is not None)
            note = "Every marker shape stands for one vendor (see the legend)."
            if scored > len(plotted):
                note += f" The chart shows the {len(plotted)} best-ranked of {scored} scored vendors; " \
                        "the table below shows all."
            story += [Para(note, S.small), CondPageBreak(60 * mm)]
        story.append(Para("Category scores", S.h2))
        label_w, weight_w = 52 * mm, 14 * mm
        for chunk in self.vendor_chunks():
            if not chunk:
                break
            col = (self.width - label_w - weight_w) / len(chunk)
            rows: list[list] = [[self.head("Category"), self.head("Weight")] +
                                [Para(self.m(clip(v.vendor.name, 60), bold=True), S.head_cell) for v in chunk]]
            extra: list = []
            for r, cat in enumerate(res.scorecard.categories, start=1):
                row: list = [self.p(cat.title, S.cell_small), f"{res.weights.category_share(cat.id):.0%}"]
                for c, v in enumerate(chunk, start=2):
                    x = v.score.categories.get(cat.id)
                    row.append(score_text(x))
                    if x is not None:
                        fill, ink = theme.heat(float(x))
                        extra += [("BACKGROUND", (c, r), (c, r), fill), ("TEXTCOLOR", (c, r), (c, r), ink)]
                rows.append(row)
            rows.append([Para("<b>Total (0–100)</b>", S.cell_small), "100%"] +
                        [total_text(v.score.total) for v in chunk])
            extra += [("ALIGN", (1, 1), (-1, -1), "CENTER"), ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
                      ("FONT", (0, -1), (-1, -1), BOLD, 8), ("LINEABOVE", (0, -1), (-1, -1), 0.8, theme.INK),
                      ("GRID", (2, 1), (-1, -2), 0.5, theme.WHITE)]
            story += [self.table(rows, [label_w, weight_w] + [col] * len(chunk), zebra=False, extra=extra),
                      Spacer(1, 4 * mm)]
        story.append(Para("Darker cells are higher scores (one colour scale, so it also reads in grayscale); "
                               "– means nothing in the category is scored yet. Weight: the category's share of "
                               "the total.", S.small))
        story.append(PageBreak())
        return story

    # -- 4b. decision analysis --------------------------------------------------------------------

    def decision_analysis(self) -> list:
        story: list = [self.section("decision"),
                       Para("How fragile the ranking is, whether the choice rests on cost alone, whether each "
                            "proposed SLA balances speed with quality, and what each vendor costs over the "
                            "contract. Every figure is the one the results command of vendorbench prints.", S.lead)]
        story += self._cost_warnings() + self._sensitivity() + self._sla() + self._tco()
        story.append(PageBreak())
        return story

    def _cost_warnings(self) -> list:
        warnings = self.res.warnings
        if not warnings:
            return [Para("Cost-only check: no warning (commercial categories carry at most a quarter of the "
                         "weight, and the leader does not lead only because of them).", S.body)]
        content = [Para("COST-ONLY WARNING", self.status_style(S.kicker, theme.DRAFT))]
        content += [Para(self.m(w.message), self.status_style(S.body, theme.DRAFT)) for w in warnings]
        return [self._box(content, theme.DRAFT), Spacer(1, 3 * mm)]

    def _sensitivity(self) -> list:
        res, s = self.res, self.res.sensitivity
        story: list = [Para("Weight sensitivity", S.h2)]
        if s is None or s.leader is None:
            return story + [Para("Not available: no vendor that is not knocked out has a score yet.", S.body)]
        name = {v.vendor.id: v.vendor.name for v in res.vendors}
        story.append(Para(f"The leader on scores (legal blockers aside) is <b>{self.m(name[s.leader], True)}</b>. "
                          "Giving one category a different share of the weight, the others keeping their "
                          "proportions:", S.body))
        story += self.bullets(s.summary)
        widths = [self.width - 108 * mm, 20 * mm, 32 * mm, 56 * mm]
        head = [self.head(h, w) for h, w in zip(("Category", "Share now", "Lead changes at", "New leader"),
                                                 widths)]
        rows = []
        for cat in res.scorecard.categories:
            c = s.categories.get(cat.id)
            if c is None:
                continue
            near = c.nearest
            rows.append([self.text_cell(cat.title, widths[0]), share_text(c.current),
                         "never" if near is None else share_text(near.share),
                         "–" if near is None else self.text_cell(name[near.leader], widths[3])])
        story += self.tables(head, rows, widths, size=7, extra=[("ALIGN", (1, 0), (2, -1), "RIGHT")])
        story += [Spacer(1, 1.5 * mm), Para("Lead changes at: the share of the total weight, nearest the current one, at which "
                          "another vendor takes the lead; never: no share from 0% to 100% changes it.", S.small)]

        story += [CondPageBreak(35 * mm), Para("Rank-1 probability", S.h3),
                  Para(f"The share of {DRAWS:,} random weightings around the configured ones (fixed seed) in "
                       "which each vendor not knocked out ranks first.", S.small)]
        widths = [self.width - 40 * mm, 40 * mm]
        rows = [[self.head("Vendor", widths[0]), self.head("Ranks first in", widths[1])]]
        for v in res.vendors:
            if v.vendor.id in s.rank1:
                rows.append([self.name_cell(v, S.cell_small), f"{float(s.rank1[v.vendor.id]):.1%}"])
        story.append(self.table(rows, widths, size=7, extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")]))
        return story

    def _sla(self) -> list:
        res = self.res
        story: list = [CondPageBreak(40 * mm), Para("Balanced SLA check", S.h2),
                       Para("A speed-only SLA teaches agents to send fast, empty replies: each proposed SLA is "
                            "checked for quality terms (FCR, CSAT, reopen rate, QA and calibration) and a fee at "
                            "risk. A balanced SLA has no findings.", S.small)]
        widths = [42 * mm, 30 * mm, 20 * mm, self.width - 92 * mm]
        head = [self.head(h, w) for h, w in zip(("Vendor", "Rule", "Severity", "Finding"), widths)]
        rows: list[list] = []
        extra: list = []
        for v in res.vendors:
            check = res.sla.get(v.vendor.id)
            if check is None:
                continue
            if not check.findings:
                note = "balanced: no findings" if check.terms else "no SLA terms entered"
                rows.append([self.name_cell(v, S.cell_small), "–", "–", self.text_cell(note, widths[3])])
                continue
            for i, f in enumerate(check.findings):
                fill, ink, word = theme.RATING.get(f.severity, (theme.WHITE, theme.INK, f.severity.upper()))
                rows.append([self.name_cell(v, S.cell_small) if i == 0 else "", self.text_cell(f.rule, widths[1]),
                             self.tag(word, ink), self.p(f.message, S.cell_small)])
                extra.append(("BACKGROUND", (2, len(rows)), (2, len(rows)), fill))
        if not rows:
            return story + [Para("No vendors yet.", S.body)]
        story.append(self.table([head] + rows, widths, size=7, zebra=False, extra=extra))
        return story

    def _tco(self) -> list:
        res = self.res
        story: list = [CondPageBreak(40 * mm), Para("Total cost of ownership", S.h2),
                       Para("Service, vendor management and the buyer's own oversight over the contract, plus "
                            "onboarding, integration and exit, in the currency entered. Cost per resolved contact "
                            "divides by the first-contact resolution rate: repeat contacts are paid for twice. A "
                            "figure with an input not entered is incomplete, never a guess.", S.small)]
        widths = [self.width - 128 * mm, 16 * mm, 36 * mm, 38 * mm, 38 * mm]
        head = [self.head(h, w) for h, w in zip(("Vendor", "Months", "TCO", "Cost per contact",
                                                  "Cost per resolved contact"), widths)]
        rows: list[list] = []
        for v in res.vendors:
            t = res.tco.get(v.vendor.id)
            if t is None:
                continue
            months = t.inputs.get("contract_months")
            cells = [self._money(t, "tco", t.tco, 0, widths[2]),
                     self._money(t, "cost_per_contact", t.cost_per_contact, 2, widths[3]),
                     self._money(t, "cost_per_resolved_contact", t.cost_per_resolved_contact, 2, widths[4])]
            rows.append([self.name_cell(v, S.cell_small), "–" if months is None else f"{months:g}", *cells])
        if not rows:
            return story + [Para("No vendors yet.", S.body)]
        story += self.tables(head, rows, widths, size=7, extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")])
        return story

    def _money(self, t, figure: str, x: Fraction | None, places: int, width: float) -> str | Paragraph:
        if x is not None:
            return f"{float(x):,.{places}f}"
        if figure in t.undefined:
            return self.text_cell(f"undefined: {t.undefined[figure]}", width)
        return self.text_cell("incomplete: " + (", ".join(t.missing) or "inputs missing"), width)

    # -- 5. contract risk ---------------------------------------------------------------------------

    def contract_risk(self) -> list:
        res = self.res
        story: list = [self.section("risk"),
                       Para("Each cell shows the worst state of the legal area's applicable checklist items "
                                 "for that vendor: BLOCKER (a critical item missing), MISSING, NEGOTIATE, NOT "
                                 "REVIEWED (some items not reviewed yet), OK (everything reviewed is acceptable) "
                                 "or N/A (no item applies). Below the matrix, every open item per vendor, "
                                 "blockers first.", S.lead)]
        label_w = 48 * mm
        for chunk in self.vendor_chunks():
            if not chunk:
                story.append(Para("No vendors yet.", S.body))
                break
            col = (self.width - label_w) / len(chunk)
            rows: list[list] = [[self.head("Legal area")] +
                                [Para(self.m(clip(v.vendor.name, 60), bold=True), S.head_cell) for v in chunk]]
            extra: list = []
            statuses = [summary.area_statuses(v.legal, res.checklist) for v in chunk]
            for r, area in enumerate(res.checklist.areas, start=1):
                row: list = [self.p(area.title, S.cell_small)]
                for c, st in enumerate(s[area.id] for s in statuses):
                    fill, ink, word = theme.STATUS[st.status]
                    row.append(self.tag(word, ink, _area_detail(st)))
                    extra.append(("BACKGROUND", (c + 1, r), (c + 1, r), fill))
                rows.append(row)
            rating_row: list = [Para("<b>Rating</b> (exposure)", S.cell_small)]
            reviewed_row: list = [Para("<b>Reviewed</b>", S.cell_small)]
            r = len(rows)
            for c, v in enumerate(chunk, start=1):
                fill, ink, word = theme.RATING[v.legal.rating]
                rating_row.append(self.tag(word, ink, f"exposure {float(v.legal.exposure):.1f}"))
                extra.append(("BACKGROUND", (c, r), (c, r), fill))
                reviewed_row.append(Para(f"{pct(v.legal.coverage)} of applicable", S.cell_small))
            rows += [rating_row, reviewed_row]
            extra += [("GRID", (1, 1), (-1, -3), 0.6, theme.WHITE), ("LINEABOVE", (0, -2), (-1, -2), 0.8, theme.INK),
                      ("BOX", (1, 1), (-1, -3), 0.4, theme.RULE)]
            story += [self.table(rows, [label_w] + [col] * len(chunk), zebra=False, extra=extra), Spacer(1, 5 * mm)]

        for v in res.vendors:
            story += self._vendor_risk(v)
        story.append(PageBreak())
        return story

    def _vendor_risk(self, v: VendorResult) -> list:
        lg = v.legal
        fill, ink, word = theme.RATING[lg.rating]
        story: list = [CondPageBreak(40 * mm),
                       self.heading(v.vendor.name, S.h2, level=1, outline=f"Contract risk: {v.vendor.name}"),
                       Para(f"Rating <b>{word}</b> · exposure {float(lg.exposure):.1f} of 100 · "
                                 f"{pct(lg.coverage)} of applicable items reviewed", S.body)]
        open_items = lg.open_items()
        if open_items:
            rows, extra = [], []
            for r, st in enumerate(open_items):
                status = "blocker" if st.status == "missing" and st.item.severity == "critical" else st.status
                f, k, wd = theme.STATUS[status]
                rows.append([self.tag(wd, k, theme.SEVERITY_WORD[st.item.severity].lower() + " severity"),
                             self._item_text(st)])
                extra.append(("BACKGROUND", (0, r), (0, r), f))
            story.append(self.table(rows, [26 * mm, self.width - 26 * mm], header=0, zebra=False, extra=extra))
        else:
            story.append(Para("No open items: nothing reviewed so far is missing or to negotiate.", S.body))
        story.append(Spacer(1, 1.5 * mm))
        unreviewed = summary.unreviewed_items(lg)
        if unreviewed:
            story.append(Para(f"Not reviewed yet ({_plural(len(unreviewed), 'applicable item')}): " +
                                   self.m(", ".join(s.item.id for s in unreviewed)) + ".", S.small))
        off = sorted({s.item.applies_when for s in lg.items.values() if s.switched_off and s.item.applies_when})
        if off:
            story.append(Para("Switched off for this vendor (items do not apply): " +
                                   self.m("; ".join(off)) + ".", S.small))
        return story

    def _item_text(self, st: ItemState) -> RichText:
        item = st.item
        area = self.res.checklist.area_of(item.id)
        parts = [(f"{item.id} · {item.label}", "bold")]
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
        return self.rich(parts)

    # -- 6. evaluator agreement ---------------------------------------------------------------------

    def agreement(self) -> list:
        res = self.res
        story: list = [self.section("agreement"),
                       Para(f"Criteria where evaluators' scores for the same vendor differ by "
                                 f"{DISAGREEMENT_SPREAD} points or more. A wide spread usually means evaluators saw "
                                 "different evidence or read the rubric differently: worth a short calibration "
                                 "before the decision. The consensus is the mean of the scores.", S.lead)]
        story += self._alpha()
        if res.agreement is not None:
            story.append(Para(f"Disagreements of {DISAGREEMENT_SPREAD} points or more", S.h2))
        found = {v.vendor.id: summary.disagreements(res, v.vendor.id) for v in res.vendors}
        rows: list[list] = [[self.head("Vendor")] + [self.head(h, right=True) for h in (
            "Criteria with 2+ scores", f"Spread of {DISAGREEMENT_SPREAD}+", "Widest spread")]]
        for v in res.vendors:
            multi = sum(1 for cid in v.score.votes if len(v.score.consensus(cid).scores) >= 2)
            d = found[v.vendor.id]
            rows.append([self.name_cell(v), str(multi), str(len(d)), str(d[0].spread) if d else "–"])
        widths = [self.width - 96 * mm, 36 * mm, 30 * mm, 30 * mm]
        story += [self.table(rows, widths, extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")]), Spacer(1, 3 * mm)]
        widths = [self.width - 100 * mm, 20 * mm, 14 * mm, 66 * mm]
        head = [self.head(h, w) for h, w in zip(("Criterion", "Consensus", "Spread", "Scores"), widths)]
        style = [("ALIGN", (1, 0), (2, -1), "RIGHT"), ("FONT", (1, 1), (1, -1), BOLD, 7, 8.8)]
        for v in res.vendors:
            d = found[v.vendor.id]
            if not d:
                continue
            story += [CondPageBreak(30 * mm),
                      self.heading(v.vendor.name, S.h2, level=1, outline=f"Agreement: {v.vendor.name}")]
            rows = []
            for item in d:
                rows.append([self.text_cell(f"{item.criterion.title} · {item.criterion.id}", widths[0]),
                             consensus_text(item.consensus), str(item.spread),
                             self.text_cell(self._scores_text(item.consensus), widths[3])])
            story += self.tables(head, rows, widths, size=7, extra=style)
        story.append(PageBreak())
        return story

    def _alpha(self) -> list:
        a = self.res.agreement
        if a is None:
            return []
        story: list = [Para("Krippendorff's alpha", S.h2),
                       Para(f"Overall alpha <b>{alpha_text(a.alpha)}</b>: "
                            f"{self.m(summary.alpha_reading(a.alpha))}.", S.body),
                       Para("Ordinal alpha over every (vendor, criterion) with two or more scores: 1 is full "
                            "agreement, 0 agreement by chance. Krippendorff's convention: 0.80 and above good "
                            "(reliable), 0.667 to 0.80 tentative, below 0.667 weak. – means undefined.", S.small)]
        widths = [self.width - 106 * mm, 16 * mm, 90 * mm]
        head = [self.head(h, w) for h, w in zip(("Category", "Alpha", "Reading"), widths)]
        rows = []
        for cat in self.res.scorecard.categories:
            if cat.id not in a.categories:
                continue
            x = a.categories[cat.id]
            rows.append([self.text_cell(cat.title, widths[0]), alpha_text(x),
                         self.text_cell(_capital(summary.alpha_reading(x).split(":")[0]), widths[2])])
        story += self.tables(head, rows, widths, size=7, extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")])
        story.append(Spacer(1, 3 * mm))
        return story

    def _scores_text(self, c: Consensus) -> str:
        """Each evaluator's score: "Maya 4 · Tomás 2", or with letter labels "A=4 B=2 C=N/A"."""
        votes = [*c.scores.items(), *((e, "N/A") for e in c.na_by)]
        if all(len(self.labels.get(e, e)) == 1 for e, _ in votes):
            return " ".join(f"{self.labels[e]}={s}" for e, s in votes)
        return " · ".join(f"{self.labels.get(e, e)} {s}" for e, s in votes)

    # -- 7. methodology -------------------------------------------------------------------------------

    def methodology(self) -> list:
        res = self.res
        sc = res.scorecard
        story: list = [self.section("methodology")]
        story.append(Para("The 0–5 scale", S.h2))
        story.append(Para(
            "Every evaluator scores every criterion they can judge with a whole number from 0 to 5, or N/A when "
            "it does not apply. Each criterion carries anchored rubric text describing what a low, a middle and a "
            "top score look like, so that two evaluators mean the same thing by “3”. Evaluators score the "
            "evidence (documents, reference calls, the pilot), not the sales pitch.", S.body))
        example = next((c for c in sc.criteria() if len(c.rubric) >= 3), None)
        if example is not None:
            story.append(Para(f"Example: <b>{self.m(example.title)}</b>", S.small))
            rows = [[Para(f"<b>{self.m(k)}</b>", S.cell_small), self.p(t, S.cell_small)]
                    for k, t in sorted(example.rubric.items())]
            story.append(self.table(rows, [10 * mm, self.width - 10 * mm], header=0))

        story.append(Para("Scoring", S.h2))
        story += self.bullets([
            "Consensus of a criterion for a vendor: the mean of the evaluators' numeric scores (N/A and unanswered "
            "excluded). With no numeric score it is N/A if anyone answered N/A, else unscored.",
            "Category score (0–5) = Σ(w × s) / Σ(w) over the category's criteria that have a consensus score "
            "(w: criterion weight, s: consensus).",
            "Total (0–100) = 20 × Σ(W × S) / Σ(W) over the categories that have a score (W: category weight, "
            "S: category score).",
            "Completeness = share of the criteria that have a consensus score or are N/A.",
            "Knockout: a consensus below a criterion's knockout threshold knocks the vendor out; an unscored "
            "knockout criterion is pending, never a knockout.",
            "Ranking: vendors not knocked out first, by total descending, then knocked-out vendors by total; "
            "totals equal to two decimals share a rank.",
            f"Disagreement: evaluators' scores for one criterion differ by {DISAGREEMENT_SPREAD} points or more.",
            "Arithmetic is exact (rational numbers); figures are rounded only for display.",
        ])
        sev = ", ".join(f"{k} {v}" for k, v in SEVERITY_WEIGHT.items())
        f = ", ".join(f"f({k}) = {_frac(v)}" for k, v in STATUS_FACTOR.items())
        story.append(Para("Contract risk", S.h2))
        story += self.bullets([
            "Per vendor and item the worst status among reviewers counts (missing, then negotiate, then ok); N/A "
            "only when every reviewer said N/A. N/A items and items whose condition is switched off for the vendor "
            "are not applicable.",
            f"Severity weights: {sev}. Exposure (0–100) = 100 × Σ(weight × f) / Σ(weight) over the reviewed "
            f"applicable items, with {f} (0 when nothing is reviewed).",
            f"Rating: BLOCKER if any critical item is missing; else HIGH if any critical item is at negotiate or "
            f"exposure ≥ {HIGH_EXPOSURE}; else MEDIUM if exposure ≥ {MEDIUM_EXPOSURE}; else LOW.",
            "Coverage = reviewed applicable items / applicable items.",
            "Recommendation: the best-ranked vendor that is neither knocked out nor rated BLOCKER. If there is "
            "none, the best-ranked vendor is named as conditional, with what must change.",
        ])

        story.append(Para("Questionnaires and limits", S.h2))
        story += self.bullets([
            f"Scorecard: {sc.title}, {sc.ref}. Contract checklist: {res.checklist.title}, {res.checklist.ref}. "
            "The sourcing event keeps its own copy of both, so later edits or upgrades do not change these scores.",
            "Checklist items cite their legal source (GDPR, CCPA regulations, EU AI Act, PCI DSS, DORA and others); "
            "items marked “practice” rest on law-firm commentary, not statute.",
            "This report is decision support, not legal advice. It organises the evaluators' and reviewers' own "
            "judgements; contract positions must be confirmed by qualified counsel.",
        ])
        story += [CondPageBreak(50 * mm), Para("Weights", S.h2)]
        w = res.weights
        rows = [[self.head("Category")] + [self.head(h, right=True) for h in ("Criteria", "Weight", "Share of total")]]
        for cat in sc.categories:
            mark = " *" if cat.id in w.overridden else ""
            rows.append([self.p(cat.title, S.cell), str(len(cat.criteria)), f"{float(w.categories[cat.id]):g}{mark}",
                         f"{w.category_share(cat.id):.1%}"])
        story.append(self.table(rows, [self.width - 75 * mm, 20 * mm, 25 * mm, 30 * mm],
                                extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
        crit_over = [c for c in sc.criteria() if c.id in w.overridden]
        notes = ["Weights are relative: a category's share is its weight divided by the sum of all category "
                 "weights; a criterion's weight counts only against the other criteria of its category."]
        if w.overridden:
            notes.append("* changed for this sourcing event (the questionnaire's default differs).")
        for c in crit_over:
            notes.append(f"Criterion {c.id} ({c.title}): weight {float(w.criteria[c.id]):g} instead of "
                         f"{c.weight:g}, {w.criterion_share_in_category(sc, c.id):.1%} of its category.")
        story += [self.p(n, S.small) for n in notes]

        story += [CondPageBreak(50 * mm), Para("Completeness", S.h2)]
        rows = [[self.head("Vendor")] + [self.head(h, right=True) for h in (
            "Scorecard scored", "Knockout criteria pending", "Contract items reviewed")]]
        for v in res.vendors:
            rows.append([self.name_cell(v), pct(v.score.completeness), str(len(v.score.pending_knockouts)),
                         pct(v.legal.coverage)])
        story.append(self.table(rows, [self.width - 105 * mm, 33 * mm, 37 * mm, 35 * mm],
                                extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
        r = self.ready
        story.append(Para(f"Overall: scorecards {pct(r.scorecard)} complete; {pct(r.legal)} of applicable "
                               "contract items reviewed." + (" The report is marked DRAFT until both reach 100%."
                                                            if r.draft else ""), S.small))

        story += [CondPageBreak(50 * mm), Para("Who scored what", S.h2)]
        answered = summary.answered_by(res)
        cats = summary.categories_by(res)
        n_crit = len(sc.criteria())
        rows = [[self.head("Evaluator"), self.head("Categories scored"), self.head("Answers per vendor")]]
        for e in res.evaluators:
            cat_titles = [c.title for c in cats.get(e, [])]
            scope = ("all categories" if len(cat_titles) == len(sc.categories) else "; ".join(cat_titles))
            per_vendor = "; ".join(f"{v.vendor.name} {answered[e].get(v.vendor.id, 0)}/{n_crit}"
                                   for v in res.vendors)
            rows.append([self.p(e, S.cell_small), self.p(scope, S.cell_small), self.p(per_vendor, S.cell_small)])
        if res.evaluators:
            story.append(self.table(rows, [40 * mm, (self.width - 40 * mm) / 2, (self.width - 40 * mm) / 2]))
        else:
            story.append(Para("Nobody has scored yet.", S.body))
        reviewed = summary.reviewed_by(res)
        if res.reviewers:
            rows = [[self.head("Legal reviewer"), self.head("Items reviewed per vendor")]]
            for rv in res.reviewers:
                rows.append([self.p(rv, S.cell_small),
                             self.p("; ".join(f"{v.vendor.name} {reviewed[rv].get(v.vendor.id, 0)}"
                                              for v in res.vendors), S.cell_small)])
            story += [Spacer(1, 3 * mm), self.table(rows, [40 * mm, self.width - 40 * mm])]

        story.append(PageBreak())
        return story

    # -- 8. appendix -------------------------------------------------------------------------------------

    def appendix(self) -> list:
        res = self.res
        story: list = [self.section("appendix"),
                       Para("Per vendor, every criterion with its consensus, each evaluator's score and their "
                                 "notes and evidence. – means not answered; N/A means the evaluator judged the "
                                 "criterion not applicable.", S.lead)]
        if res.evaluators:
            legend = "; ".join(f"<b>{self.m(self.labels[e], True)}</b> = {self.m(e)}" for e in res.evaluators)
            story.append(Para("Evaluators: " + legend, S.small))
        for i, v in enumerate(res.vendors):
            if i:
                story.append(PageBreak())
            story += self._vendor_appendix(v)
        return story

    def _vendor_appendix(self, v: VendorResult) -> list:
        res = self.res
        s = v.score
        story: list = [self.heading(v.vendor.name, S.h2, level=1, outline=f"Appendix: {v.vendor.name}")]
        facts = [f"Rank {v.rank}", f"total {total_text(s.total)}", f"{pct(s.completeness)} scored"]
        if v.vendor.region:
            facts.append(v.vendor.region)
        line = " · ".join(facts)
        if v.vendor.website:
            line += " · " + v.vendor.website  # plain text: never a link
        story.append(self.p(line, S.small))
        if v.vendor.notes:
            story.append(self.p(v.vendor.notes, S.body))

        evaluators = list(res.evaluators)
        columns = len(evaluators) <= PER_EVALUATOR_COLUMNS
        consensus_w = 19 * mm
        if columns:
            score_w = max([10 * mm] + [stringWidth(self.labels[e], BOLD, 7.5) + 2 * PAD + 2 for e in evaluators])
            widths = [self.width - consensus_w - score_w * len(evaluators), consensus_w] + [score_w] * len(evaluators)
        else:
            widths = [self.width - consensus_w - 62 * mm, consensus_w, 62 * mm]
        style = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("FONT", (1, 1), (1, -1), BOLD, 7.5, 9.5)]
        if not columns:
            style.append(("ALIGN", (2, 0), (2, -1), "LEFT"))
        for cat in res.scorecard.categories:
            head: list = [self.head(f"{cat.title} · category score {score_text(s.categories.get(cat.id))}",
                                    widths[0]), self.head("Consensus", widths[1])]
            head += ([self.head(self.labels[e], widths[2]) for e in evaluators] if columns
                     else [self.head("Scores", widths[2])])
            rows: list[list] = []
            for crit in cat.criteria:
                c = s.consensus(crit.id)
                row: list = [self._criterion_cell(v, crit, widths[0]), consensus_text(c)]
                if columns:
                    votes = s.votes.get(crit.id, {})
                    row += [vote_text(votes.get(e)) for e in evaluators]
                else:
                    row.append(self.text_cell(self._scores_text(c), widths[2]))
                rows.append(row)
            story += self.tables(head, rows, widths, size=7, extra=style)
            story.append(Spacer(1, 2.5 * mm))
        return story

    def _criterion_cell(self, v: VendorResult, crit, width: float) -> str | RichText:
        notes = self.notes.get((v.vendor.id, crit.id), ())
        if crit.knockout_below is None and not notes:
            return self.text_cell(f"{crit.title} · {crit.id}", width)
        parts = [(f"{crit.title} · {crit.id}", "text")]
        if crit.knockout_below is not None:
            state = ("KNOCKED OUT" if crit.id in v.score.knockouts else
                     "pending" if crit.id in v.score.pending_knockouts else "passed")
            parts.append((f"\nKnockout below {crit.knockout_below:g}: {state}", "bold"))
        for a in notes:
            parts.append((f"\n{self.labels.get(a.evaluator, a.evaluator)}: ", "bold"))
            if a.note:
                parts.append((a.note, "text"))
            if a.evidence:
                parts.append(((" " if a.note else "") + f"Evidence: {a.evidence}", "muted"))
        return self.rich(parts)


def _area_detail(st: summary.AreaStatus) -> str:
    if st.status == "na":
        return ""
    if st.status == "ok":
        return f"{st.reviewed} of {st.applicable} ok"
    if st.status == "unreviewed":
        return f"{st.reviewed} of {st.applicable} reviewed"
    text = f"{st.count} of {st.applicable}"
    if st.reviewed < st.applicable:
        text += f"; {st.applicable - st.reviewed} not reviewed"
    return text


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _frac(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"

