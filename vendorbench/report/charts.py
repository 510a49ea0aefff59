"""Charts: totals as horizontal bars, category scores as a dot plot on a fixed 0-5 scale.

Labels are plain strings drawn literally, each in a font that has its characters.
Meaning never rides on colour alone: bars carry their status in words, and the
dot plot gives every vendor its own marker shape as well as its own colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

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
