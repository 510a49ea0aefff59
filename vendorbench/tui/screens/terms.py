"""One vendor's commercial terms: proposed SLA, TCO inputs and notes, as validated forms.

Every value goes through the same core rules as the CLI's `sla --set`, `tco --set` and
`vendor edit --notes`: Schema.parse_settings reports every problem at once and nothing
is half-applied; the store saves.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Static, TextArea

from ...errors import VendorbenchError
from ..plain import PlainStatic
from .base import BaseScreen


def _shown(value: Any) -> str:
    return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


class TermsScreen(BaseScreen):
    HELP_TITLE = "Terms and notes (i on the overview)"
    HELP_TEXT = ("The highlighted vendor's proposed SLA terms, total-cost-of-ownership inputs and notes. "
                 "Empty a field to remove the value. ctrl+s saves: every value is checked by the same rules as "
                 "the CLI, and nothing is saved while any value is wrong.")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="tm-save", tooltip="Check and save every field"),
        Binding("escape", "back", "Back", id="tm-back", tooltip="Back to the overview (unsaved changes are kept "
                                                               "only after ctrl+s)"),
    ]

    def __init__(self, vendor_id: str):
        super().__init__()
        self.vendor_id = vendor_id

    def _schemas(self) -> list[tuple[str, Any, dict[str, Any]]]:
        from ...analysis import sla, tco

        ws = self.session.ws
        return [("sla", sla.SCHEMA, ws.sla_terms().get(self.vendor_id, {})),
                ("tco", tco.SCHEMA, ws.tco_inputs().get(self.vendor_id, {}))]

    def compose(self) -> ComposeResult:
        vendor = self.session.ws.vendor(self.vendor_id)
        yield Header()
        yield PlainStatic(Text(f"{vendor.name} · terms and notes", style="bold"), id="vendor-bar")
        with VerticalScroll(id="terms"):
            for kind, schema, current in self._schemas():
                yield PlainStatic(Text("Proposed SLA terms" if kind == "sla" else "Total cost of ownership inputs",
                                       style="bold"), classes="terms-heading")
                for key, spec in schema.keys.items():
                    yield Label(Text(f"{key}", style="bold") + Text(f"  {spec.help} ({spec.rule})", style="dim"),
                                classes="field-label")
                    yield Input(_shown(current.get(key)), id=f"{kind}-{key}", placeholder="not set")
            yield PlainStatic(Text("Notes", style="bold"), classes="terms-heading")
            yield TextArea(vendor.notes, id="vendor-notes", soft_wrap=True, tab_behavior="focus")
            yield PlainStatic("", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
        yield Footer(compact=True, show_command_palette=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ws = self.session.ws
        problems: list[str] = []
        parsed = []
        for kind, schema, current in self._schemas():
            settings, unset = [], []
            for key in schema.keys:
                typed = self.query_one(f"#{kind}-{key}", Input).value.strip()
                if typed and typed != _shown(current.get(key)):
                    settings.append(f"{key}={typed}")
                elif not typed and key in current:
                    unset.append(key)
            try:
                parsed.append((kind, *schema.parse_settings(settings, unset)))
            except VendorbenchError as exc:
                problems.append(str(exc))
        notes = self.query_one("#vendor-notes", TextArea).text
        if problems:  # nothing is saved while any value is wrong
            self._refuse("\n".join(problems))
            return
        try:
            for kind, values, unset in parsed:
                if values or unset:
                    (ws.set_sla if kind == "sla" else ws.set_tco)(self.vendor_id, values, unset, by=self.session.user)
            if notes.strip() != ws.vendor(self.vendor_id).notes:
                ws.update_vendor(self.vendor_id, notes=notes, by=self.session.user)
        except VendorbenchError as exc:
            self._refuse(str(exc))
            return
        self.session.invalidate()
        self.query_one("#dialog-error", Static).update("")
        self.notify(f"Terms and notes of {ws.vendor(self.vendor_id).name} saved.", timeout=3)

    def _refuse(self, message: str) -> None:
        """Say why nothing was saved, where the user is looking (the form may be scrolled far up)."""
        error = self.query_one("#dialog-error", Static)
        error.update(message)
        self.notify(message, title="Not saved", severity="error", timeout=10)

    def action_back(self) -> None:
        self.vb.action_show("overview")
