"""The sign-off form: an approver records a decision and a note (vendorbench.governance.approve,
the same core function as `vendorbench approve`)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...governance import DECISIONS
from ..plain import PlainStatic

# submit(decision, note) -> an error message to show, or None when recorded
SubmitApproval = Callable[[str, str], str | None]
LABELS = {"approve": "Approve", "approve-with-conditions": "Approve with conditions", "reject": "Reject"}


class ApprovalDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="approval-cancel", tooltip="Close without signing off")]

    def __init__(self, state_line: str, submit: SubmitApproval):
        super().__init__()
        self.state_line = state_line
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainStatic("Sign off the decision as it stands", classes="dialog-title")
            yield PlainStatic(self.state_line)
            yield Label("Decision")
            yield Select([(LABELS[d], d) for d in DECISIONS], value="approve", allow_blank=False,
                         id="approval-decision")
            yield Label("Note (the reasons, or the conditions)")
            yield Input("", id="approval-note")
            yield PlainStatic("", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record", variant="primary", id="record")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#approval-note", Input).focus()

    def on_input_submitted(self) -> None:
        self._record()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "record":
            self._record()
        else:
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def _record(self) -> None:
        decision = self.query_one("#approval-decision", Select).value
        error = self.submit(str(decision), self.query_one("#approval-note", Input).value)
        if error:
            self.query_one("#dialog-error", Static).update(error)
        else:
            self.dismiss(True)
