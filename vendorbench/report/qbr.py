"""The quarterly business review PDF: one vendor's quarter against its SLA.

    from vendorbench.report.qbr import build_qbr
    info = build_qbr(ws, "Brightline", out_path, quarter="2027-Q2", extra_actions=[("text", "owner")])

Scorecard table, credits due and claimed, the warnings, trend charts from the first
month to the end of the quarter, and the actions with their owners. Every figure
comes from vendorbench.operations.vendor_scorecard (what `vendorbench kpi show`
prints). ReportLab is imported only when a review is built; fonts, colours and the
escaping of user text are the executive report's (fonts.FontBook, theme, text.Writer).
The same input gives a byte-identical file (invariant=1, no clock read).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import VendorbenchError

# the review holds invoiced fees and credits: commercial terms, kept to the people in the review
QBR_FOOTER = "Confidential · vendor performance against the contract"

TREND_CHARTS = (("fcr_pct", "FCR, %"), ("csat_pct", "CSAT, %"), ("first_response_hours", "First response, hours"),
                ("cost_per_resolved", "Cost per resolved contact"))


@dataclass(frozen=True)
class QbrInfo:
    path: Path
    pages: int
    quarter: str


def default_qbr_path(workspace_name: str, vendor_name: str, quarter: str, folder: str | Path | None = None) -> Path:
    """exports/<workspace>-<vendor>-qbr-<quarter>.pdf under folder (default: the current directory)."""
    from . import EXPORTS_DIR, slug

    return (Path(folder if folder is not None else Path.cwd()) / EXPORTS_DIR
            / f"{slug(workspace_name)}-{slug(vendor_name)}-qbr-{quarter.lower()}.pdf")


def build_qbr(ws: Any, vendor: str, out_path: str | Path | None = None, quarter: str | None = None,
              extra_actions: Sequence[tuple[str, str]] = ()) -> QbrInfo:
    """Write the review of one vendor's quarter (YYYY-Qn; default the latest) to out_path, atomically
    (default: default_qbr_path in the current folder; the TUI passes the one in the workspace folder).
    extra_actions: (text, owner) pairs the review adds to the derived actions."""
    from .. import operations
    from ..analysis import performance
    from ..storage import atomic_write, make_dir

    if quarter is not None and not re.fullmatch(r"\d{4}-Q[1-4]", quarter):
        raise VendorbenchError(f"quarter {quarter!r} is not valid: use YYYY-Q1..Q4, e.g. 2027-Q2")
    if out_path is not None and Path(out_path).is_dir():
        raise VendorbenchError(f"{out_path}: is a folder; give a file name such as {Path(out_path) / 'qbr.pdf'}")
    v, sc = operations.vendor_scorecard(ws, vendor)
    if not sc.periods:
        raise VendorbenchError(f"{v.name} has no monthly KPI periods yet: vendorbench kpi DIR import --vendor ...")
    which, months = performance.quarter(sc, quarter)
    if not months:
        known = sorted({performance.quarter_of(p.period) for p in sc.periods})
        raise VendorbenchError(f"{v.name} has no KPI months in {which}; quarters with data: {', '.join(known)}")
    upto = [p for p in sc.periods if p.period <= months[-1].period]
    actions = [*performance.actions(months), *(performance.Action(t, o) for t, o in extra_actions)]
    data, pages = _render(ws.meta.name, v.name, which, sc, months, upto, actions, ws.settings().currency)
    out_path = Path(out_path) if out_path is not None else default_qbr_path(ws.meta.name, v.name, which)
    if not out_path.parent.exists():
        make_dir(out_path.parent)
    atomic_write(out_path, data)
    return QbrInfo(out_path, pages, which)


def _render(workspace: str, vendor: str, which: str, sc: Any, months: Sequence[Any], upto: Sequence[Any],
            actions: Sequence[Any], currency: str = "USD") -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from . import theme
    from .fonts import REGULAR, FontBook
    from .text import Writer

    w = Writer(FontBook())
    s = theme.Styles
    width = A4[0] - 36 * mm - 12  # the frame's own 6 pt padding on each side
    header, header_font = w.fit(f"{workspace} · quarterly business review · {vendor}", 7.5, width)
    story: list[Any] = [
        Paragraph(w.markup(f"Quarterly business review {which}"), s.kicker),
        Paragraph(w.markup(vendor), s.h1),
        Paragraph(w.markup(f"{workspace}. Months {months[0].period} to {months[-1].period} against the signed "
                           "SLA terms; trends from the first reported month."), s.lead),
        Paragraph(w.markup(_headline(months, currency)), s.body),
        Paragraph("Scorecard", s.h2), _scorecard_table(w, sc.terms, months, width),
        Paragraph(f"Service credits ({currency})", s.h2), _credits_table(w, months, width),
        Paragraph(w.markup(_credit_note(sc.terms)), s.small),
    ]
    notes = [(p.period, text) for p in months for text in p.warnings]
    notes += [(p.period, f"QA calibration alpha {float(p.qa_alpha):.2f} over {p.qa_tickets} tickets graded by both "
               "sides: below 0.67 the two do not grade alike.") for p in months
              if p.qa_alpha is not None and p.qa_alpha < Fraction(2, 3)]
    if notes:
        story.append(Paragraph("Warnings", s.h2))
        story += [Paragraph(w.markup(f"{period}: {text}"), s.bullet, bulletText="•") for period, text in notes]
    story += [Paragraph(f"Trends, {upto[0].period} to {upto[-1].period}", s.h2), _trend_grid(w, sc, upto, width),
              Spacer(0, 4), Paragraph("Actions", s.h2), _actions_table(w, actions, width)]

    def decorate(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFont(header_font, 7.5)
        canv.setFillColor(theme.MUTED)
        canv.drawString(18 * mm, A4[1] - 12 * mm, header)
        canv.setFont(REGULAR, 7.5)
        canv.drawString(18 * mm, 10 * mm, QBR_FOOTER)
        canv.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canv.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=16 * mm, invariant=1, title=f"Quarterly business review {which}: {vendor}",
                            author="vendorbench", subject="Vendor performance against the SLA")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue(), doc.page


def _headline(months: Sequence[Any], currency: str) -> str:
    judged = [t for p in months for t in p.terms if t.met is not None]
    met = sum(1 for t in judged if t.met)
    due = sum((p.credit_due or Fraction(0) for p in months), Fraction(0))
    claimed = sum((p.credit_claimed or Fraction(0) for p in months), Fraction(0))
    line = (f"{met} of {len(judged)} SLA results met this quarter. Credits due {currency} {_money(due)}, "
            f"claimed {currency} {_money(claimed)}")
    return line + (f", unclaimed {currency} {_money(due - claimed)}." if due > claimed else ".")


def _money(x: Any) -> str:
    return f"{float(x):,.2f}"


def _num(x: Any) -> str:
    text = f"{float(x):,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _table(rows: list[list[Any]], widths: list[float], styles: list[tuple], right_from: int = 1) -> Any:
    from reportlab.platypus import Table, TableStyle

    from . import theme
    from .fonts import BOLD, REGULAR

    t = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 8), ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), theme.WHITE), ("BACKGROUND", (0, 0), (-1, 0), theme.ACCENT),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, theme.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *styles]))
    return t


def _scorecard_table(w: Any, terms: dict[str, Any], months: Sequence[Any], width: float) -> Any:
    from reportlab.platypus import Paragraph

    from . import theme

    s = theme.Styles
    label_w, target_w = 110.0, 60.0
    col = (width - label_w - target_w) / len(months)
    rows: list[list[Any]] = [["SLA term", "target", *(p.period for p in months)]]
    styles: list[tuple] = []
    metrics = [t.metric for t in months[0].terms]
    if not metrics:
        return Paragraph(w.markup("No SLA terms are set for this vendor: nothing to judge the months against."),
                         s.body)
    ok_fill, ok_ink, _ = theme.STATUS["ok"]
    miss_fill, miss_ink, _ = theme.STATUS["missing"]
    for r, m in enumerate(metrics, start=1):
        op = ">=" if m.higher_is_better else "<="
        unit = "%" if m.unit == "%" else f" {m.unit}"
        row = [m.label, f"{op} {_num(terms[m.sla])}{unit}"]
        for c, p in enumerate(months, start=2):
            t = next(t for t in p.terms if t.metric.kpi == m.kpi)
            if t.value is None:
                row.append("not reported")
                continue
            row.append(f"{_num(t.value)}  {'MET' if t.met else 'MISSED'}")  # the word, not only the colour
            fill, ink = (ok_fill, ok_ink) if t.met else (miss_fill, miss_ink)
            styles += [("BACKGROUND", (c, r), (c, r), fill), ("TEXTCOLOR", (c, r), (c, r), ink)]
        rows.append(row)
    return _table(rows, [label_w, target_w, *([col] * len(months))], styles)


def _credits_table(w: Any, months: Sequence[Any], width: float) -> Any:
    from reportlab.platypus import Paragraph

    from ..analysis.performance import BY_KPI
    from . import theme

    s = theme.Styles
    rows: list[list[Any]] = [["month", "fee invoiced", "credit due", "claimed", "unclaimed", "note"]]
    for p in months:
        fee = p.values.get("fee_invoiced")
        note = []
        if p.capped:
            note.append("capped, shared pro rata")
        for status in ("earned back", "open"):
            names = [BY_KPI[c.metric].label for c in p.credits if c.status == status]
            if names:
                note.append(f"{status}: {', '.join(names)}")
        rows.append([p.period, "-" if fee is None else _money(fee),
                     "-" if p.credit_due is None else _money(p.credit_due),
                     "-" if p.credit_claimed is None else _money(p.credit_claimed),
                     "-" if p.unclaimed is None else _money(p.unclaimed),
                     Paragraph(w.markup("; ".join(note)), s.cell_muted)])
    return _table(rows, [52, 72, 66, 60, 66, width - 316], [("ALIGN", (5, 0), (5, -1), "LEFT")])


def _credit_note(terms: dict[str, Any]) -> str:
    if "fee_at_risk_pct" not in terms:
        return "No fee at risk is agreed: no service credit is due."
    parts = [f"Fee at risk {_num(terms['fee_at_risk_pct'])}% of the invoice"]
    if "credit_cap_pct" in terms:
        parts.append(f"credits capped at {_num(terms['credit_cap_pct'])}% of the invoice")
    if terms.get("earn_back_months", "0") != "0":
        parts.append(f"a credit is earned back when its target is met the next {terms['earn_back_months']} months")
    return "; ".join(parts) + "."


def _trend_grid(w: Any, sc: Any, upto: Sequence[Any], width: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    from ..analysis.performance import BY_KPI

    gap = 10.0
    cell = (width - gap) / 2
    charts = []
    for kpi, title in TREND_CHARTS:
        values = [p.values.get(kpi) for p in upto]
        metric = BY_KPI.get(kpi)
        target = sc.terms.get(metric.sla) if metric else None
        charts.append(_trend_chart(w, title, [p.period for p in upto], values,
                                   target if isinstance(target, (int, float)) else None, cell, 130))
    grid = Table([charts[:2], charts[2:]], colWidths=[cell + gap, cell])
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return grid


def _trend_chart(w: Any, title: str, periods: list[str], values: list[Any], target: float | None,
                 width: float, height: float) -> Any:
    """A line of the monthly values with a dashed target line; the y axis spans the values and the
    target (padded), so a small change is visible and the target is always on the chart."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String

    from . import theme
    from .fonts import BOLD, REGULAR

    d = Drawing(width, height)
    d.add(String(0, height - 10, title, fontName=BOLD, fontSize=8, fillColor=theme.INK))
    if target is not None:
        d.add(String(width - 8, height - 10, f"- - target {_num(target)}", fontName=REGULAR, fontSize=7,
                     fillColor=theme.DRAFT, textAnchor="end"))
    left, right, bottom, top = 30.0, width - 8, 18.0, height - 20
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if not points:
        d.add(String(left, (bottom + top) / 2, "not reported", fontName=REGULAR, fontSize=7.5,
                     fillColor=theme.MUTED))
        return d
    ys = [y for _, y in points] + ([float(target)] if target is not None else [])
    low, high = min(ys), max(ys)
    pad = (high - low) * 0.15 or max(abs(high) * 0.05, 1)
    low, high = low - pad, high + pad

    def x_at(i: int) -> float:
        return left + (right - left) * (i / max(len(values) - 1, 1))

    def y_at(v: float) -> float:
        return bottom + (top - bottom) * (v - low) / (high - low)

    d.add(Line(left, bottom, right, bottom, strokeColor=theme.RULE, strokeWidth=0.6))
    for v in (low + pad, high - pad):
        d.add(String(left - 3, y_at(v) - 2.5, _num(v), fontName=REGULAR, fontSize=6.5, fillColor=theme.MUTED,
                     textAnchor="end"))
    if target is not None:
        d.add(Line(left, y_at(float(target)), right, y_at(float(target)), strokeColor=theme.DRAFT,
                   strokeWidth=0.8, strokeDashArray=[3, 2]))
    d.add(PolyLine([c for i, y in points for c in (x_at(i), y_at(y))], strokeColor=theme.ACCENT, strokeWidth=1.4))
    for i, y in points:
        d.add(Circle(x_at(i), y_at(y), 2, fillColor=theme.ACCENT, strokeColor=theme.WHITE, strokeWidth=0.5))
    step = max(1, (len(periods) + 5) // 6)  # at most about six month labels
    for i in range(0, len(periods), step):
        d.add(String(x_at(i), 6, periods[i], fontName=REGULAR, fontSize=6.5, fillColor=theme.MUTED,
                     textAnchor="middle"))
    return d


def _actions_table(w: Any, actions: Sequence[Any], width: float) -> Any:
    from reportlab.platypus import Paragraph

    from . import theme

    s = theme.Styles
    if not actions:
        return Paragraph(w.markup("No follow-up actions: every target met and every credit settled."), s.body)
    rows: list[list[Any]] = [["#", "action", "owner"]]
    for n, a in enumerate(actions, start=1):
        rows.append([str(n), Paragraph(w.markup(a.text), s.cell), Paragraph(w.markup(a.owner), s.cell)])
    return _table(rows, [18, width - 18 - 130, 130], [("ALIGN", (0, 0), (-1, -1), "LEFT")])
