"""One vendor's pilot plan as a validated form: dates, the decision rule's weeks, the thresholds.

The same core call as `vendorbench pilot --start --end --weeks --threshold --reset-threshold`:
operations.set_pilot checks every value (dates in order, weeks 1 to 52, known metrics, values
not negative) and writes nothing while any is wrong. This form only turns the typed text into
dates and numbers, reporting every field it cannot read at once.
"""

from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Static

from ... import operations
from ...analysis import pilot as pilot_rules
from ...errors import VendorbenchError
from ..plain import PlainStatic
from .base import BaseScreen


def _date(field: str, text: str, problems: list[str]) -> _dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    problems.append(f"{field}: {text!r} is not a date: use YYYY-MM-DD, e.g. 2027-03-01")
    return None


class PilotScreen(BaseScreen):
    HELP_TITLE = "Pilot plan (p on Operations)"
    HELP_TEXT = ("The highlighted vendor's pilot: start and end dates, the decision rule (every must-pass threshold "
                 "met in each of the last N weeks) and a threshold per metric. An empty threshold is the signed SLA "
                 "target (shown greyed); advisory thresholds never decide. ctrl+s saves: the same checks as "
                 "vendorbench pilot, and nothing is saved while any value is wrong.")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="pl-save", tooltip="Check and save the pilot plan"),
        Binding("escape", "app.pop_screen", "Back", id="pl-back",
                tooltip="Back to Operations (changes are kept only after ctrl+s)"),
    ]

    def __init__(self, vendor_id: str):
        super().__init__()
        self.vendor_id = vendor_id

    def compose(self) -> ComposeResult:
        ws = self.session.ws
        vendor = ws.vendor(self.vendor_id)
        plan = operations.pilot(ws, vendor.id)
        own = {t.metric: t for t in plan.thresholds} if plan else {}
        sla = {t.metric: t for t in pilot_rules.default_thresholds(ws.sla_terms().get(vendor.id, {}))}
        yield Header()
        yield PlainStatic(Text(vendor.name, style="bold") + Text(" · pilot plan"), id="vendor-bar")
        with VerticalScroll(id="pilot-form"):
            for field, label, value, hint in (
                    ("start", "Starts", plan.start.isoformat() if plan else "", "YYYY-MM-DD"),
                    ("end", "Ends", plan.end.isoformat() if plan else "", "YYYY-MM-DD"),
                    ("weeks", "Decide on the last N weeks", str(plan.weeks) if plan else "", "4")):
                with Horizontal(classes="pilot-row"):
                    yield Label(label, classes="pilot-label")
                    yield Input(value, id=f"pilot-{field}", placeholder=hint, classes="pilot-value")
            yield PlainStatic(Text("Thresholds", style="bold") + Text("  empty: the SLA target; the weekly KPI "
                                                                      "periods of the pilot are judged", style="dim"),
                              classes="terms-heading")
            for metric, spec in pilot_rules.PILOT_METRICS.items():
                op = ">=" if spec.higher_is_better else "<="
                default = sla.get(metric)
                mine = own.get(metric)
                with Horizontal(classes="pilot-row"):
                    yield Label(f"{spec.label} {op} ({spec.unit})", classes="pilot-label")
                    yield Input("" if mine is None else f"{mine.value:g}", id=f"pilot-{metric}",
                                placeholder=f"SLA {default.value:g}" if default else "not set", classes="pilot-value")
                    yield Checkbox("advisory", mine is not None and not mine.must_pass, id=f"pilot-advisory-{metric}")
            yield PlainStatic("", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#pilot-start", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save()

    def on_input_submitted(self) -> None:
        self.action_save()

    def _value(self, field: str) -> str:
        return self.query_one(f"#pilot-{field}", Input).value.strip()

    def action_save(self) -> None:
        ws = self.session.ws
        plan = operations.pilot(ws, self.vendor_id)
        own = {t.metric for t in plan.thresholds} if plan else set()
        sla = {t.metric: t for t in pilot_rules.default_thresholds(ws.sla_terms().get(self.vendor_id, {}))}
        problems: list[str] = []
        start = _date("starts", self._value("start"), problems)
        end = _date("ends", self._value("end"), problems)
        weeks = None
        if self._value("weeks"):
            try:
                weeks = int(self._value("weeks"))
            except ValueError:
                problems.append(f"weeks: {self._value('weeks')!r} is not a whole number of weeks (1 to 52)")
        thresholds: list[tuple[str, float, bool]] = []
        reset: list[str] = []
        for metric, spec in pilot_rules.PILOT_METRICS.items():
            typed = self._value(metric).removesuffix("%").strip()
            advisory = self.query_one(f"#pilot-advisory-{metric}", Checkbox).value
            if typed:
                try:
                    thresholds.append((metric, float(typed), not advisory))
                except ValueError:
                    problems.append(f"{spec.label}: {typed!r} is not a number")
            elif advisory and metric in sla:  # the SLA target itself, as advice only
                thresholds.append((metric, sla[metric].value, False))
            elif advisory:
                problems.append(f"{spec.label}: no SLA target to make advisory: type a value")
            elif metric in own:
                reset.append(metric)
        if problems:  # nothing is saved while any field cannot be read
            self._refuse("\n".join(problems))
            return
        try:
            operations.set_pilot(ws, self.vendor_id, start, end, weeks, thresholds, reset)
        except VendorbenchError as exc:
            self._refuse(str(exc))
            return
        self.session.invalidate()
        self.query_one("#dialog-error", Static).update("")
        self.notify(f"Pilot plan of {ws.vendor(self.vendor_id).name} saved.", timeout=3)
        self.app.pop_screen()  # Operations shows the decision under the new plan

    def _refuse(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(Text(message, style="bold red"))
        self.notify(message, title="Not saved", severity="error", timeout=10)
