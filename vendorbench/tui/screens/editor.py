"""What the scorecard and legal screens share: a list of rows on the left, the
highlighted row's details and two typed fields (a reference and a note) on the
right, keys that save at once, typed text that saves when typing pauses."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.timer import Timer
from textual.visual import visualize
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import OptionDoesNotExist

from .base import BaseScreen

EDIT_DELAY = 0.6  # seconds of quiet typing before typed text is saved


class EditorScreen(BaseScreen):
    LIST_ID = ""  # "#criteria" / "#items"
    HEADER_PREFIX = ""  # option ids of group headers: "cat:" / "area:"
    FIELD = ""  # the reference field beside the note: "evidence" / "clause"
    SCREEN = ""  # the app's name for this screen: "scorecard" / "legal"
    ALL_DONE = ""  # said when no open row is left
    KEY_ACTIONS: frozenset[str] = frozenset()  # actions that must not fire while typing

    def __init__(self, vendor_id: str):
        super().__init__()
        self.vendor_id = vendor_id
        self.current: str | None = None
        self._timer: Timer | None = None
        self._gone = False  # the vendor was removed by a teammate

    # -- to provide

    def _saved_record(self, ident: str) -> Any:
        """The record on disk (as last known) for a row: has .note and .<FIELD>, or None."""
        raise NotImplementedError

    def _save_fields(self, ident: str, **changes: Any) -> None:
        raise NotImplementedError

    def _show_detail(self, load_fields: bool = False) -> None:
        raise NotImplementedError

    def _groups(self) -> list[tuple[Any, list[tuple[Any, str]]]]:
        """The list as (header option, [(row option, text the filter searches)]) groups."""
        raise NotImplementedError

    def _open_rows(self) -> set[str]:
        """Ids of the rows the user has not answered yet."""
        raise NotImplementedError

    # -- shared

    def on_mount(self) -> None:
        # Tab goes from the list straight to the fields: a focused detail pane would
        # turn typed text into keys (the mouse wheel still scrolls it)
        self.query_one("#detail").can_focus = False
        self._load()
        rows = self._list()
        rows.focus()
        first_open = self._find_open(-1, 1)
        if first_open is not None:
            rows.highlighted = rows.get_option_index(first_open)

    def _load(self) -> None:
        raise NotImplementedError

    def _list(self) -> OptionList:
        return self.query_one(self.LIST_ID, OptionList)

    # -- the list, filtered by the words typed after /

    def _build_list(self) -> None:
        words = self.query_one("#filter", Input).value.casefold().split()
        options = []
        for header, rows in self._groups():
            shown = [option for option, text in rows if all(w in text.casefold() for w in words)]
            if shown:
                options += [header, *shown]
        rows_list = self._list()
        keep = self.current
        rows_list.clear_options()
        rows_list.add_options(options)
        if keep is None:
            return  # first draw: on_mount highlights the first open row
        if self._has(keep):
            rows_list.highlighted = rows_list.get_option_index(keep)
        elif options:  # the filter hides the current row: the first one shown
            rows_list.highlighted = next(i for i, o in enumerate(options) if not o.disabled)

    def _has(self, ident: str) -> bool:
        try:
            self._list().get_option_index(ident)
        except OptionDoesNotExist:
            return False
        return True

    def _replace_prompt(self, ident: str, prompt: Any) -> None:
        if self._has(ident):  # a row the filter hides is drawn when it shows again
            self._list().replace_option_prompt(ident, prompt)

    def action_filter(self) -> None:
        # "/" is a priority binding and the focus moves now, not after a refresh: the
        # words typed right after it go into the filter, not to the list as keys
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)

    def _filter_changed(self) -> None:
        self._build_list()
        if self._list().option_count == 0:
            self._status("nothing matches the filter", "yellow")
        else:
            self._status("", "")

    def _sync_current(self) -> str | None:
        """The highlighted row, now: a key pressed right after an arrow key can arrive
        before the highlight message, and must act on the row the user sees."""
        option = self._list().highlighted_option
        if option is not None and option.id and not option.id.startswith(self.HEADER_PREFIX) \
                and option.id != self.current:
            self._open_row(option.id)
        return self.current

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and not event.option.id.startswith(self.HEADER_PREFIX):
            self._open_row(event.option.id)

    def _open_row(self, ident: str) -> None:
        self.commit_edits()
        self.current = ident
        self._show_detail(load_fields=True)
        # a new row's details start at its title, not where the last row's were scrolled to
        self.query_one("#detail").scroll_home(animate=False, immediate=True)

    def _show(self, selector: str, content: Any) -> None:
        """Show content in a detail Static, at the least cost: nothing when it is already shown,
        a repaint of that widget alone when it keeps its height (a score key restyles the rubric
        and rewrites one line), a layout of the screen only when its height changes."""
        widget = self.query_one(selector, Static)
        if widget.content == content:
            return
        width = widget.content_size.width
        same_height = width > 0 and (widget.visual.get_height(widget.styles, width)
                                     == visualize(widget, content, markup=False).get_height(widget.styles, width))
        widget.update(content, layout=not same_height)

    def _status(self, message: str, style: str) -> None:
        self.query_one("#save-status", Static).update(Text(message, style=style), layout=False)

    def _saved(self) -> None:
        if self.vb.pending_saves == 0:
            self._status("✓ saved", "green")

    def vendor_gone(self) -> bool:
        """A teammate removed this vendor: say so plainly and go back to the overview."""
        if self._gone or any(v.id == self.vendor_id for v in self.session.ws.vendors()):
            return self._gone
        self._gone = True
        self.notify(f"{self.vendor.name} was removed from the workspace by a teammate; "
                    "its answers are gone with it.", title="Vendor removed", severity="warning", timeout=10)
        self.vb.vendor_id = None
        self.vb.action_show("overview")
        return True

    def refresh_data(self) -> None:
        if not self.is_mounted or self.vendor_gone():
            return
        self.commit_edits()
        keep = self.current
        self._load()
        if keep:
            self._list().highlighted = self._list().get_option_index(keep)
        self._show_detail()

    # -- typed fields

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._schedule_commit_if_edited()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == self.FIELD:
            self._schedule_commit_if_edited()
        elif event.input.id == "filter":
            self._filter_changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self._list().focus()
            return
        self.commit_edits()
        self.query_one("#note", TextArea).focus()

    def _edits(self) -> dict[str, str]:
        """The note and reference as typed, where they differ from what is saved."""
        if self.current is None or not self.is_mounted:
            return {}
        saved = self._saved_record(self.current)
        typed = {"note": self.query_one("#note", TextArea).text.strip(),
                 self.FIELD: self.query_one(f"#{self.FIELD}", Input).value.strip()}
        return {k: v for k, v in typed.items() if v != (getattr(saved, k) if saved else "")}

    def _schedule_commit_if_edited(self) -> None:
        # Changed also fires when a row's saved text is loaded into the fields
        if self._edits():
            if self._timer is not None:
                self._timer.stop()
            self._status("editing…", "yellow")
            self._timer = self.set_timer(EDIT_DELAY, self.commit_edits)

    def commit_edits(self) -> None:
        """Save the current row's typed text if it changed (also before leaving or quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._gone:
            return
        changes = self._edits()
        if changes:
            self._save_fields(self.current, **changes)  # type: ignore[arg-type]

    # -- navigation

    def action_next_open(self, step: int) -> None:
        rows = self._list()
        found = self._find_open(rows.highlighted if rows.highlighted is not None else -1, step)
        if found is None:
            self.notify(self.ALL_DONE, timeout=3)
            return
        rows.highlighted = rows.get_option_index(found)
        rows.focus()

    def _find_open(self, start: int, step: int) -> str | None:
        rows = self._list()
        count = rows.option_count
        open_rows = self._open_rows()
        for offset in range(1, count + 1):
            option = rows.get_option_at_index((start + step * offset) % count)
            if option.id in open_rows:
                return option.id
        return None

    def action_vendor(self, step: int) -> None:
        ids = [v.id for v in self.session.ws.vendors()]
        if self.vendor_id in ids and len(ids) > 1:
            self.vb.action_show(self.SCREEN, ids[(ids.index(self.vendor_id) + step) % len(ids)])

    def action_back(self) -> None:
        field = self.query_one("#filter", Input)
        if field.has_focus or (self._list().has_focus and field.value):
            field.value = ""  # Escape clears the filter first, then leaves
            field.display = False
            self._list().focus()
        elif not self._list().has_focus:
            self.commit_edits()
            self._list().focus()
        else:
            self.vb.action_show("overview")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # typing digits or letters into the note or reference must not act as keys
        if action in self.KEY_ACTIONS:
            return not isinstance(self.focused, (Input, TextArea))
        return True

    def _goto(self, ident: str) -> None:
        if not self._has(ident):  # chosen in the palette but hidden by the filter
            self.query_one("#filter", Input).value = ""
            self._build_list()
        rows = self._list()
        rows.highlighted = rows.get_option_index(ident)
        rows.focus()
