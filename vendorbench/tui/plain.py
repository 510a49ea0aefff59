"""User text is shown as typed, never parsed as Textual markup.

Textual reads a plain str as content markup in notifications, the command palette
(titles, help and the fuzzy-match highlight), DataTable cells and column labels,
OptionList prompts and Static. Vendor, person and criterion names, notes and error
messages that quote them come from people (and from workspace files that may arrive
via git): "Crash [/nope] Test" raises MarkupError, "[red]x[/red]" renders as colour.
The one rule of this app: a str from a user reaches Textual only as a Content (or
rich Text) object, which Textual shows literally. The widgets and the palette
provider here enforce it at the boundary, so a screen cannot forget.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static

from .cell_render import one_line_cell


def literal(value: Any) -> Any:
    """A str becomes literal Content; anything else (Text, Content, numbers) is already safe."""
    return Content(value) if isinstance(value, str) else value


class PlainStatic(Static):
    """A Static whose str content is literal text."""

    def __init__(self, content: Any = "", **kwargs: Any):
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)


class PlainDataTable(DataTable):  # type: ignore[type-arg]
    """A DataTable whose str cells and column labels are literal text (Textual parses them as markup)."""

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> Any:
        return super().add_column(_cell(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*[_cell(c) for c in cells], **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Any:
        """Textual's own cell rendering, with one-line Text cells drawn by cell_render.one_line_cell.

        The fast lines go into the DataTable's own cell cache under the key Textual's
        _render_cell (textual 8.2.8) looks up, which then returns them; were that key ever to
        change, Textual would simply draw the cell itself.
        """
        if column_index >= 0:  # row labels (column -1) take Textual's path
            self._cache_one_line_cell(row_index, column_index, base_style, width, cursor, hover)
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _cache_one_line_cell(
        self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool, hover: bool
    ) -> None:
        is_header = row_index == -1
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        if key in self._cell_render_cache:
            return
        if is_header:
            height = self.header_height
        else:
            row = self.rows.get(row_key)  # type: ignore[arg-type]
            height = 0 if row is None or row.auto_height else row.height
        if height != 1:
            return
        cells = self._get_row_renderables(row_index).cells
        if column_index >= len(cells):
            return
        is_fixed = not is_header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component_style, post_style = self._get_styles_to_render_cell(
            is_header,
            False,
            is_fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        app = self.app
        lines = one_line_cell(
            app.console, app.console_options, cells[column_index], width, self.cell_padding, pre_style, post_style
        )
        if lines is not None:
            self._cell_render_cache[key] = lines


def _cell(value: Any) -> Any:
    return Text(value, end="") if isinstance(value, str) else value


class PlainOptionList(OptionList):
    """An OptionList whose str prompts are literal text."""

    def __init__(self, *content: Any, **kwargs: Any):
        kwargs.setdefault("markup", False)
        super().__init__(*content, **kwargs)


class PlainCommands(Provider):
    """The app's palette commands (App.get_system_commands), matched and shown as literal text.

    Textual's own system-commands provider highlights the fuzzy match with
    Content.from_markup(title): a vendor named "Bad [/x] Vendor" raises there and can
    never be found; "[red]x[/red]" shows in colour. Here titles and help are Content.
    """

    def _commands(self) -> Iterable[Any]:
        return self.app.get_system_commands(self.screen)

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in sorted(self._commands(), key=lambda c: c[0]):
            if discover:
                yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                shown = Content(title)
                for offset in offsets:
                    if not title[offset].isspace():
                        shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, callback, text=title, help=Content(help_text))  # type: ignore[arg-type]
