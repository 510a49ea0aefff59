"""The tables' fast cell drawing gives exactly the lines of Textual's own DataTable path."""

from __future__ import annotations

import asyncio
import random

import pytest
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from vendorbench.tui import cell_render
from vendorbench.tui.cell_render import one_line_cell
from vendorbench.tui.plain import PlainDataTable

# characters that exercise cell widths and Rich's layout: wide (2 cells), zero-width combining,
# emoji, tab, newline, spaces, markup look-alikes, control characters (Text strips them)
ALPHABET = list("abcXYZ 019.,/[]") + ["漢", "字", "é", "e\u0301", "😀", "\t", "\n", "  ", "\x07", "…"]
COLOURS = ["red", "green", "#336699", "bright_white", None]


def _style(rng: random.Random) -> Style:
    return Style(
        color=rng.choice(COLOURS),
        bgcolor=rng.choice(COLOURS),
        bold=rng.choice([None, True, False]),
        italic=rng.choice([None, True]),
        underline=rng.choice([None, True]),
        reverse=rng.choice([None, True]),
        meta=rng.choice([None, {"row": rng.randint(0, 3), "column": 1}]),
    )


def _text(rng: random.Random) -> Text:
    plain = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
    text = Text(
        plain,
        style=rng.choice(["", "bold", _style(rng)]),
        justify=rng.choice([None, "default", "left", "right", "center", "full"]),
        overflow=rng.choice([None, "fold", "crop", "ellipsis", "ignore"]),
        no_wrap=rng.choice([None, True, False]),
        end=rng.choice(["", "\n"]),
        tab_size=rng.choice([None, 2, 4]),
    )
    for _ in range(rng.choice([0, 0, 1, 3])):  # half without spans: the one-style path
        start = rng.randint(0, max(len(text), 1))
        text.stylize(_style(rng), start, start + rng.randint(0, 6))
    return text


def _shown(lines):
    """Lines as the terminal shows them: runs of one style merged, empty segments dropped (the fast
    path merges what the generic path leaves split; the characters and their styles must be equal)."""
    return [list(Segment.simplify(s for s in line if s.text)) for line in lines]


def _generic(console: Console, options, cell: Text, width: int, padding: int, pre: Style, post: Style):
    """Textual's DataTable._render_cell drawing for a row one line high (textual 8.2.8)."""
    opts = options.update_dimensions(width, 1).update(no_wrap=True)
    return console.render_lines(Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post), opts)


@pytest.mark.parametrize("seed", range(8))
def test_one_line_cells_match_the_generic_path(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    one_style = []  # the cells drawn by the shortest path (a text of one style that fits)
    real = cell_render._one_style_cell
    monkeypatch.setattr(cell_render, "_one_style_cell", lambda *a: one_style.append(a) or real(*a))
    console = Console(width=100, color_system="truecolor", force_terminal=True, legacy_windows=False)
    plain_options = console.options
    compared = 0
    for _ in range(400):
        cell = _text(rng)
        width = rng.randint(1, 24)
        padding = rng.choice([0, 1, 1, 2])
        pre, post = _style(rng), rng.choice([Style(), _style(rng)])
        options = plain_options.update(
            justify=rng.choice([None, None, "left", "right"]), overflow=rng.choice([None, None, "ellipsis"])
        )
        fast = one_line_cell(console, options, cell.copy(), width, padding, pre, post)
        if fast is None:
            assert width - 2 * padding < 1  # the only cells left to the generic path
            continue
        assert _shown(fast) == _shown(_generic(console, options, cell.copy(), width, padding, pre, post)), (
            repr(cell),
            width,
            padding,
        )
        compared += 1
    assert compared > 300 and len(one_style) > 25


def test_other_renderables_are_left_to_the_generic_path() -> None:
    console = Console(width=40)
    assert one_line_cell(console, console.options, "plain str", 10, 1, Style(), Style()) is None  # type: ignore[arg-type]

    class Subclassed(Text):
        pass

    assert one_line_cell(console, console.options, Subclassed("x"), 10, 1, Style(), Style()) is None


class _Tables(App[None]):
    def compose(self) -> ComposeResult:
        table = PlainDataTable(id="t", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(PlainDataTable)
        table.add_column("Vendor")
        table.add_column(Text("Score", justify="right"), width=6)
        table.add_column("Notes [x]", width=8)
        table.add_row("Acme [/b] 漢字", Text("4.25", justify="right", style="bold"), "a long note that overflows")
        table.add_row("Tall row", "2", Text("two\nlines"), height=2)
        table.add_row("", None, 3.5)
        table.add_row(Text("Styled", style="red on white"), Text("—"), "e\u0301\t😀")


def test_table_cells_match_textuals_own_drawing() -> None:
    """Every cell, under cursor and hover and without, is drawn as DataTable itself draws it."""
    asyncio.run(_compare_every_cell())


async def _compare_every_cell() -> None:
    app = _Tables()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainDataTable)
        base_styles = [Style(), Style(bgcolor="#202020", color="#e0e0e0"), table.rich_style]
        checked = 0
        for row_index in range(-1, table.row_count):
            for column_index in range(len(table.columns)):
                for base in base_styles:
                    for width in (1, 3, 8, 14):
                        for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                            table._cell_render_cache.clear()
                            fast = table._render_cell(row_index, column_index, base, width, cursor, hover)
                            table._cell_render_cache.clear()
                            textual = DataTable._render_cell(table, row_index, column_index, base, width, cursor, hover)
                            assert _shown(fast) == _shown(textual), (row_index, column_index, width, cursor, hover)
                            checked += 1
        assert checked == 5 * 3 * 3 * 4 * 4
        # the fast path is really taken for one-line rows: it fills the cache under the key Textual
        # looks up (a second entry would mean Textual drew the cell again itself)
        for cursor, hover in ((False, False), (True, True)):
            table._cell_render_cache.clear()
            table._cache_one_line_cell(0, 0, Style(), 14, cursor, hover)
            assert len(table._cell_render_cache) == 1
            DataTable._render_cell(table, 0, 0, Style(), 14, cursor, hover)
            assert len(table._cell_render_cache) == 1
        table._cell_render_cache.clear()
        table._cache_one_line_cell(1, 0, Style(), 14, False, False)  # the row two lines high
        assert len(table._cell_render_cache) == 0
