"""A one-row table cell drawn without Rich's generic pipeline: the same segments, a fraction of the time.

Textual's DataTable draws every cell it has not drawn before as
console.render_lines(Styled(Padding(cell, (0, padding)), pre, post), options): three nested
renderables, each through Console.render's dispatch and a line split. For the short one-line
Text cells of the overview and results tables that generic path is most of a frame's cost
(about 70 microseconds a cell; the results table's first frame draws 168 of them).

one_line_cell produces the same lines for a rich Text cell in a row one line high. The Text
still lays itself out with its own wrap (justify, overflow, tabs, wide characters and newlines
are Rich's code, unchanged); what is done here directly is what the three wrappers add: crop
and pad to the inner width, the padding spaces, the pre and post styles, crop and pad to the
cell's width. A text of one style that fits its cell (most cells: a name, a figure, a word) needs
none of that: it becomes at most three segments directly. tests/test_tui_cell_render.py compares
both with the generic path on random cells, as the terminal shows them (runs of one style merged).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

_NO_STYLE = Style.null()  # what Padding's default style "none" resolves to
_JOIN = Text("\n")


def one_line_cell(
    console: Console,
    options: ConsoleOptions,
    cell: Text,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[list[Segment]] | None:
    """The lines (exactly one) of a cell one row high; None where only the generic path applies.

    options are the app's console options before DataTable narrows them to the cell (it keeps
    their justify and overflow and sets no_wrap for one-line rows, as done here).
    """
    inner_width = width - 2 * padding
    if type(cell) is not Text or inner_width < 1:
        return None
    justify = cell.justify or options.justify or DEFAULT_JUSTIFY
    overflow = cell.overflow or options.overflow or DEFAULT_OVERFLOW
    plain = cell.plain
    if not cell.spans and justify in ("default", "left") and "\n" not in plain and "\t" not in plain:
        free = inner_width - cell_len(plain)
        if free >= 0:  # it fits: no overflow to handle
            pads_itself = justify == "left" and overflow != "ignore"
            return [_one_style_cell(console, cell, plain, free, pads_itself, padding, pre_style, post_style)]
    tab_size = console.tab_size if cell.tab_size is None else cell.tab_size
    lines = cell.wrap(
        console,
        inner_width,
        justify=justify,
        overflow=overflow,
        tab_size=tab_size or 8,
        no_wrap=True if cell.no_wrap is None else cell.no_wrap,
    )
    segments = _JOIN.join(lines).render(console, end=cell.end)
    inner = _first_line(segments, inner_width, _NO_STYLE)
    if padding:
        edge = Segment(" " * padding, _NO_STYLE)
        row = [edge, *inner, edge, Segment.line()]
    else:
        row = [*inner, Segment.line()]
    styled = Segment.apply_style(row, pre_style, post_style)
    return [_first_line(styled, width, None)]


def _one_style_cell(
    console: Console, cell: Text, plain: str, free: int, pads_itself: bool, padding: int, pre: Style, post: Style
) -> list[Segment]:
    """A text of one style that fits its cell: at most three segments, no layout to do.

    What the generic path gives, segment runs of one style merged: the padding takes pre + post; the
    text takes pre + its style + post (Segment.apply_style's sums, in its order); the free space is the
    text's own (pads_itself: Text pads itself when justified "left", unless its overflow is "ignore")
    or the padding's."""
    blank = _styled(_NO_STYLE, pre, post)
    shown = _styled(console.get_style(cell.style), pre, post) if cell.style else blank
    edge = " " * padding
    if pads_itself:
        body, tail = plain + " " * free, edge
    else:
        body, tail = plain, " " * free + edge
    if shown == blank:
        return [Segment(edge + body + tail, blank)]
    return [segment for segment in (Segment(edge, blank), Segment(body, shown), Segment(tail, blank)) if segment.text]


def _styled(style: Style, pre: Style, post: Style) -> Style:
    """A segment's style after Segment.apply_style(pre, post)."""
    style = pre + style if pre else style
    return style + post if style else post


def _first_line(segments: object, width: int, style: Style | None) -> list[Segment]:
    """The first line cropped and padded to width, or a blank one (Console.render_lines, height 1)."""
    for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=True, style=style):  # type: ignore[arg-type]
        return line
    return [Segment(" " * width, style)]
