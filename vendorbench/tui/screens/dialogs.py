"""Small modal dialogs: vendor details (validated by the core) and yes/no confirmation."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...vendors import REGIONS
from ..plain import PlainStatic

# submit(name, region, website) -> an error message to show, or None when saved
SubmitVendor = Callable[[str, str | None, str], str | None]


class VendorDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel", tooltip="Close without saving")]

    def __init__(self, title: str, submit: SubmitVendor, name: str = "", region: str | None = None,
                 website: str = ""):
        super().__init__()
        self.title_text = title
        self.submit = submit
        self.initial = (name, region, website)

    def compose(self) -> ComposeResult:
        name, region, website = self.initial
        with Vertical(id="dialog"):
            yield PlainStatic(self.title_text, classes="dialog-title")
            yield Label("Name")
            # no max_length: it would cut a long paste silently; the core refuses it with a message
            yield Input(name, id="vendor-name", placeholder="e.g. Northwind Contact")
            yield Label("Region")
            yield Select([(r, r) for r in REGIONS], value=region if region else Select.NULL, id="vendor-region",
                         prompt="not set")
            yield Label("Website")
            yield Input(website, id="vendor-website", placeholder="https://...")
            yield PlainStatic("", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def _save(self) -> None:
        name = self.query_one("#vendor-name", Input).value
        region = self.query_one("#vendor-region", Select).value
        website = self.query_one("#vendor-website", Input).value
        error = self.submit(name, region if isinstance(region, str) else None, website)
        if error:
            self.query_one("#dialog-error", Static).update(error)
            self.query_one("#vendor-name", Input).focus()
        else:
            self.dismiss(True)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", "No", id="confirm-no", tooltip="Keep everything as it is"),
                Binding("y", "yes", "Yes", id="confirm-yes", tooltip="Go ahead")]

    def __init__(self, question: str, yes_label: str = "Yes", danger: bool = False):
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainStatic(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, variant="error" if self.danger else "primary", id="yes")
                yield Button("No", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ValueDialog(ModalScreen[str | None]):
    """Ask for one value; validate(text) returns an error message or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="value-cancel", tooltip="Close without changing")]

    def __init__(self, question: str, value: str, validate: Callable[[str], str | None]):
        super().__init__()
        self.question = question
        self.value = value
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainStatic(self.question)
            yield Input(self.value, id="value")
            yield PlainStatic("", id="dialog-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        error = self.validate(event.value)
        if error:
            self.query_one("#dialog-error", Static).update(error)
        else:
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
