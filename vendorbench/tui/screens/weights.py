"""Weights: category and criterion weights with normalised shares; changes re-rank live."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Static

from ... import display, governance
from ...errors import VendorbenchError
from ...store import check_weight
from ..plain import PlainDataTable, PlainStatic
from .base import BaseScreen
from .dialogs import ConfirmDialog, ValueDialog


class WeightsScreen(BaseScreen):
    HELP_TITLE = "Weights"
    HELP_TEXT = ("Category weights are relative and normalised over the categories; criterion weights are relative "
                 "within their category. + and - change the highlighted weight, e types an exact value, r restores "
                 "the questionnaire's defaults. The ranking on the right follows every change.")
    BINDINGS = [
        Binding("plus,equals_sign", "step(1)", "+1", key_display="+", id="wt-plus", tooltip="Increase the weight by 1"),
        Binding("minus", "step(-1)", "-1", key_display="-", id="wt-minus", tooltip="Decrease the weight by 1"),
        Binding("e", "edit", "Edit", id="wt-edit", tooltip="Type an exact weight"),
        Binding("r", "reset", "Reset", id="wt-reset", tooltip="Back to the questionnaire's weights"),
        Binding("escape", "app.show('overview')", "Back", id="wt-back", tooltip="Back to the overview"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="weights-title")
        with Horizontal(id="weights-body"):
            yield PlainDataTable(id="weights", cursor_type="row")
            yield PlainDataTable(id="live-ranking", cursor_type="none")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#weights", DataTable).focus()

    def refresh_data(self) -> None:
        res = self.session.results
        sc, w = res.scorecard, res.weights
        overrides = self.session.ws.weights()
        self.query_one("#weights-title", Static).update(Text(
            "Weights" + (" · * = changed in this workspace" if w.overridden else " · questionnaire defaults"),
            style="bold"))
        table = self.query_one("#weights", DataTable)
        keep = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        # the live ranking keeps ~34 columns; the criterion titles take what is left
        table.add_column("Category / criterion", width=max(18, self.size.width - 34 - 36))
        table.add_column("Weight", width=8)
        table.add_column("Share", width=6)
        table.add_column("In cat.", width=7)
        for cat in sc.categories:
            mark = "*" if cat.id in overrides.categories else ""
            table.add_row(Text(cat.title, style="bold"), f"{float(w.categories[cat.id]):g}{mark}",
                          Text(f"{w.category_share(cat.id):.1%}", style="bold"), "", key=f"cat:{cat.id}")
            for crit in cat.criteria:
                mark = "*" if crit.id in overrides.criteria else ""
                table.add_row(Text("  " + crit.title), f"{float(w.criteria[crit.id]):g}{mark}",
                              f"{w.criterion_share(sc, crit.id):.1%}",
                              f"{w.criterion_share_in_category(sc, crit.id):.0%}", key=crit.id)
        table.move_cursor(row=min(keep, table.row_count - 1))
        ranking = self.query_one("#live-ranking", DataTable)
        ranking.clear(columns=True)
        ranking.add_column("#", width=2)
        ranking.add_column("Vendor", width=20)
        ranking.add_column("Total", width=5)
        for v in res.vendors:
            ranking.add_row(str(v.rank), Text(v.vendor.name, overflow="ellipsis"), display.total(v.score.total))

    def on_resize(self) -> None:
        self.refresh_data()

    def _row(self) -> tuple[str, str] | None:
        table = self.query_one("#weights", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return ("category", key[4:]) if key.startswith("cat:") else ("criterion", key)

    def _current_weight(self, kind: str, ident: str) -> float:
        w = self.session.results.weights
        return float(w.categories[ident] if kind == "category" else w.criteria[ident])

    def _set(self, kind: str, ident: str, value: float) -> None:
        key = "categories" if kind == "category" else "criteria"
        self._change({key: {ident: value}})

    def _change(self, change: dict, done_note: str = "") -> None:  # type: ignore[type-arg]
        """Apply a weight change; once scoring opened (governance), ask the lead for the reason first:
        the core refuses a change without one, and records it for the report."""
        def apply(reason: str | None) -> None:
            if self.vb.run_core(self.session.ws.set_weights, **change, by=self.session.user,
                                reason=reason) is not None:
                self.refresh_data()
                if done_note:
                    self.notify(done_note, timeout=3)

        if not governance.stored_stage(self.session.ws).weights_locked:
            apply(None)
            return

        def given(text: str | None) -> None:
            if text is not None:
                apply(text)

        self.app.push_screen(ValueDialog("Weights are locked since scoring opened: why change them? (recorded "
                                         "and shown in the report)", "",
                                         lambda text: None if text.strip() else "say why"), given)

    def action_step(self, delta: int) -> None:
        row = self._row()
        if row is None:
            return
        current = self._current_weight(*row)
        new = current + delta
        if new <= 0:
            new = current / 2  # weights must stay above 0: halve instead of reaching it
        self._set(*row, round(new, 6))

    def action_edit(self) -> None:
        row = self._row()
        if row is None:
            return
        kind, ident = row

        def validate(text: str) -> str | None:
            try:
                check_weight(float(text), f"{kind} {ident}")
            except ValueError:
                return f"{text!r} is not a number"
            except VendorbenchError as exc:
                return str(exc)
            return None

        def done(value: str | None) -> None:
            if value is not None:
                self._set(kind, ident, float(value))

        self.app.push_screen(ValueDialog(f"Weight of {kind} {ident}", f"{self._current_weight(kind, ident):g}",
                                         validate), done)

    def action_reset(self) -> None:
        def done(ok: bool | None) -> None:
            if ok:
                self._change({"reset": True}, "Weights are back to the questionnaire's defaults.")

        self.app.push_screen(ConfirmDialog("Restore every weight to the questionnaire's default?", "Reset"), done)
