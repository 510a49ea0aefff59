"""Charts: totals as horizontal bars, category scores as a dot plot on a fixed 0-5 scale, and total
score against cost per resolved contact.

Labels are plain strings drawn literally, each in a font that has its characters.
Meaning never rides on colour alone: bars carry their status in words, and the
dot plot gives every vendor its own marker shape as well as its own colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import theme
from .fonts import BOLD, REGULAR
from .text import Writer

LABEL = theme.BODY_MIN  # chart labels are read like body text


@dataclass(frozen=True)
class Bar:
    label: str
    total: float | None
    status: str  # "recommended" | "eligible" | "excluded"
    note: str  # words shown after the value, e.g. "KNOCKED OUT"


def totals_chart(bars: list[Bar], width: float, w: Writer) -> Drawing:
    slot = 17
    label_w = min(190.0, width * 0.38)
    plot_w = width - label_w - 118
    height = slot * len(bars) + 26
    d = Drawing(width, height, initialFontName=REGULAR, initialFontSize=LABEL)
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = label_w, 18, plot_w, slot * len(bars)
    bc.data = [[b.total or 0 for b in bars]]
    bc.barWidth = slot * 0.62
    bc.groupSpacing = slot * 0.38
    bc.strokeColor = None
    bc.bars.strokeColor = None
    fills = {"recommended": theme.BAR_PICK, "eligible": theme.BAR_ELIGIBLE, "excluded": theme.BAR_EXCLUDED}
    for i, b in enumerate(bars):
        bc.bars[(0, i)].fillColor = fills[b.status]
    ca = bc.categoryAxis
    ca.reverseDirection = 1  # first vendor at the top: HorizontalBarChart lists bottom-up otherwise
    labels = [w.fit(b.label, LABEL, label_w - 8) for b in bars]
    ca.categoryNames = [text for text, _ in labels]
    ca.labels.fontName, ca.labels.fontSize, ca.labels.fillColor = REGULAR, LABEL, theme.INK
    ca.labels.boxAnchor, ca.labels.dx = "e", -5
    for i, (_, font) in enumerate(labels):
        ca.labels[i].fontName = font
    ca.strokeColor = theme.RULE
    ca.visibleTicks = 0
    va = bc.valueAxis
    va.valueMin, va.valueMax, va.valueStep = 0, 100, 20  # pinned: totals are out of 100
    va.labels.fontName, va.labels.fontSize, va.labels.fillColor = REGULAR, LABEL, theme.MUTED
    va.strokeColor = theme.RULE
    va.visibleGrid, va.gridStrokeColor, va.gridStrokeWidth = 1, theme.FAINT, 0.6
    bc.barLabelFormat = "values"
    bc.barLabelArray = [[("not scored" if b.total is None else f"{b.total:.1f}") + (f"  {b.note}" if b.note else "")
                         for b in bars]]
    bc.barLabels.fontName, bc.barLabels.fontSize = BOLD, LABEL
    bc.barLabels.boxAnchor, bc.barLabels.dx = "w", 4
    bc.barLabels.fillColor = theme.INK
    d.add(bc)
    return d


# Okabe-Ito colours (distinguishable with colour-blindness) paired with distinct shapes.
SERIES = (
    (colors.HexColor("#0072B2"), "FilledCircle"),
    (colors.HexColor("#D55E00"), "FilledSquare"),
    (colors.HexColor("#009E73"), "FilledTriangle"),
    (colors.HexColor("#CC79A7"), "FilledDiamond"),
    (colors.HexColor("#E69F00"), "FilledStarFive"),
    (colors.HexColor("#000000"), "FilledCross"),
)
MAX_SERIES = len(SERIES)


def category_dots(categories: list[tuple[str, list[float | None]]], vendors: list[str], width: float,
                  w: Writer) -> Drawing:
    """One band per category, one row per vendor inside it, the score placed on a 0-5 axis."""
    n = len(vendors)
    row = 6.5
    band = n * row + 6
    label_w = min(170.0, width * 0.36)
    plot_x0, plot_x1 = label_w + 8, width - 16
    legend_rows = (n + 2) // 3
    top_pad = 14 + legend_rows * 12 + 14
    height = top_pad + band * len(categories) + 16
    d = Drawing(width, height, initialFontName=REGULAR, initialFontSize=LABEL)

    def x_of(score: float) -> float:
        return plot_x0 + (plot_x1 - plot_x0) * score / 5

    # legend: three per line
    col_w = width / 3
    for i, name in enumerate(vendors):
        colour, kind = SERIES[i]
        lx, ly = (i % 3) * col_w, height - 10 - (i // 3) * 12
        d.add(makeMarker(kind, x=lx + 5, y=ly + 2.5, size=6, fillColor=colour, strokeColor=colour))
        label, font = w.fit(name, LABEL, col_w - 18)
        d.add(String(lx + 13, ly, label, fontName=font, fontSize=LABEL, fillColor=theme.INK))

    plot_top = height - top_pad
    plot_bottom = plot_top - band * len(categories)
    for k, (title, _) in enumerate(categories):
        y1 = plot_top - k * band
        if k % 2 == 0:
            d.add(Rect(0, y1 - band, width, band, fillColor=theme.FAINT, strokeColor=None))
        label, font = w.fit(title, LABEL, label_w - 6)
        d.add(String(label_w, y1 - band / 2 - 2.5, label, fontName=font, fontSize=LABEL,
                     fillColor=theme.INK, textAnchor="end"))
    for tick in range(6):  # the scale is fixed at 0..5 whatever the scores are
        x = x_of(tick)
        d.add(Line(x, plot_bottom, x, plot_top, strokeColor=theme.RULE, strokeWidth=0.5,
                   strokeDashArray=None if tick in (0, 5) else [1.5, 1.5]))
        for y in (plot_top + 3, plot_bottom - 9):
            d.add(String(x, y, str(tick), fontName=REGULAR, fontSize=LABEL, fillColor=theme.MUTED, textAnchor="middle"))
    for k, (_, scores) in enumerate(categories):
        y1 = plot_top - k * band - 3
        for i, score in enumerate(scores):
            if score is None:
                continue
            colour, kind = SERIES[i]
            y = y1 - row * i - row / 2
            d.add(Line(x_of(0), y, x_of(score), y, strokeColor=colour, strokeWidth=0.5))
            d.add(makeMarker(kind, x=x_of(score), y=y, size=5.5, fillColor=colour, strokeColor=colour))
    return d


@dataclass(frozen=True)
class Point:
    label: str  # drawn next to the marker
    cost: float  # per resolved contact
    total: float  # 0-100
    status: str  # "recommended" | "eligible" | "excluded"
    incomplete: bool  # too little scored for the total to hold: a hollow marker


def _nice_step(span: float) -> float:
    """A round tick step giving about five ticks over span."""
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def cost_quality(points: list[Point], width: float, w: Writer, currency: str) -> Drawing:
    """Total score (fixed 0-100) against cost per resolved contact, one marker per vendor.

    The recommended vendor is the large dark marker and says so in its label; excluded vendors
    are light grey; a vendor scored on too little of its scorecard is hollow (its label says how
    much). Cheaper and better is up and to the left."""
    height = 195.0
    left, bottom, right, top = 34.0, 40.0, width - 8, height - 20
    d = Drawing(width, height, initialFontName=REGULAR, initialFontSize=LABEL)
    step = _nice_step(max(p.cost for p in points) * 1.15 if points else 1.0)
    x_max = step * math.ceil(max([p.cost for p in points] + [step]) * 1.15 / step)

    def xy(cost: float, total: float) -> tuple[float, float]:
        return left + (right - left) * cost / x_max, bottom + (top - bottom) * total / 100

    for i in range(6):  # the score axis is pinned at 0-100, as in the totals chart
        y = bottom + (top - bottom) * i / 5
        d.add(Line(left, y, right, y, strokeColor=theme.FAINT if i else theme.RULE, strokeWidth=0.6))
        d.add(String(left - 4, y - 3, str(i * 20), fontName=REGULAR, fontSize=LABEL, fillColor=theme.MUTED,
                     textAnchor="end"))
    ticks = int(round(x_max / step))
    for i in range(ticks + 1):
        x = left + (right - left) * i / ticks
        d.add(Line(x, bottom, x, bottom - 3, strokeColor=theme.RULE, strokeWidth=0.6))
        d.add(String(x, bottom - 12, f"{step * i:,.2f}".rstrip("0").rstrip("."), fontName=REGULAR,
                     fontSize=LABEL, fillColor=theme.MUTED, textAnchor="middle"))
    d.add(String((left + right) / 2, bottom - 25, f"Cost per resolved contact ({currency})", fontName=REGULAR,
                 fontSize=LABEL, fillColor=theme.INK, textAnchor="middle"))
    d.add(String(2, top + 10, "Total score (0–100)", fontName=REGULAR, fontSize=LABEL, fillColor=theme.INK))

    # Markers first (the recommended vendor last, on top), then labels, the recommended one first, each
    # in the first spot beside its marker that clears every marker and every label already placed.
    order = sorted(points, key=lambda p: (p.status != "recommended", -p.total))
    boxes: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1
    for p in reversed(order):
        x, y = xy(p.cost, p.total)
        fill = {"recommended": theme.BAR_PICK, "eligible": theme.BAR_ELIGIBLE, "excluded": theme.BAR_EXCLUDED}[p.status]
        size = 5.5 if p.status == "recommended" else 4
        stroke = theme.MUTED if p.incomplete else theme.INK if p.status == "recommended" else fill
        d.add(Circle(x, y, size, fillColor=theme.WHITE if p.incomplete else fill, strokeColor=stroke,
                     strokeWidth=1.4 if p.incomplete else 0.8))
        boxes.append((x - size, y - size, x + size, y + size))
    for p in order:
        x, y = xy(p.cost, p.total)
        text = p.label + ("  RECOMMENDED" if p.status == "recommended" else "")
        label, font = w.fit(text, LABEL, (right - left) * 0.55, bold=p.status == "recommended")
        lw = stringWidth(label, font, LABEL)
        spots = [(x + 8, y - 3), (x - 8 - lw, y - 3), (x + 6, y + 7), (x - 6 - lw, y + 7), (x + 6, y - 13),
                 (x - 6 - lw, y - 13), (x + 6, y - 23), (x + 6, y + 17)]
        inside = [(sx, sy) for sx, sy in spots if left <= sx and sx + lw <= right and bottom <= sy <= top]

        def clear(sx: float, sy: float) -> bool:
            return not any(a < sx + lw and sx < c and b < sy + LABEL * 0.8 and sy - 1 < e for a, b, c, e in boxes)

        sx, sy = next((s for s in inside if clear(*s)), (inside or spots)[0])
        boxes.append((sx, sy - 1, sx + lw, sy + LABEL * 0.8))
        d.add(String(sx, sy, label, fontName=font, fontSize=LABEL,
                     fillColor=theme.INK if p.status != "excluded" else theme.MUTED))
    return d
