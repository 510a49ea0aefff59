"""Legal checklist for one vendor: items by area, status keys, clause and note, live exposure.

Decision support, not legal advice: the screen says so.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Static, TextArea
from textual.widgets.option_list import Option

from ... import display
from ...legal import assess
from ...models import Finding, LegalItem
from ...rfp import view
from ..plain import PlainStatic
from .dialogs import ConfirmDialog
from .editor import EditorScreen
from .option_list import OneLineOptionList
from .vendor_response import load_context, response_text

STATUS_MARK = {"ok": "ok ", "negotiate": "neg", "missing": "MIS", "na": "n/a", None: " · "}
SEVERITY_WORD = {"critical": "crit", "high": "high", "medium": "med ", "low": "low "}  # colour is not enough


class LegalScreen(EditorScreen):
    LIST_ID, HEADER_PREFIX, FIELD, SCREEN = "#items", "area:", "clause", "legal"
    ALL_DONE = "You have reviewed every applicable item for this vendor."
    KEY_ACTIONS = frozenset({"status", "clear", "toggle_condition", "next_open", "vendor", "filter"})
    HELP_TITLE = "Legal checklist"
    HELP_TEXT = ("Mark each contract item for the highlighted vendor: o ok, g negotiate, m missing, n N/A. "
                 "The worst status among reviewers counts. t switches a conditional item's condition "
                 "(card data, EU end users...) off or on for this vendor. Decision support, not legal advice.")
    BINDINGS = [
        Binding("o", "status('ok')", "OK", id="lg-ok", tooltip="The draft says what it must"),
        Binding("g", "status('negotiate')", "Negotiate", id="lg-negotiate", tooltip="Present but must change"),
        Binding("m", "status('missing')", "Missing", id="lg-missing", tooltip="Not in the draft"),
        Binding("n", "status('na')", "N/A", id="lg-na", tooltip="Does not apply to this vendor"),
        Binding("backspace,x", "clear", "Clear", id="lg-clear", show=False, tooltip="Remove your status (note kept)"),
        Binding("t", "toggle_condition", "Applies?", id="lg-toggle",
                tooltip="Switch this item's condition off or on for this vendor"),
        Binding("right_square_bracket", "next_open(1)", "Next", key_display="]", id="lg-next",
                tooltip="Next item you have not reviewed"),
        Binding("left_square_bracket", "next_open(-1)", "Prev open", key_display="[", id="lg-prev", show=False,
                tooltip="Previous item you have not reviewed"),
        Binding("greater_than_sign", "vendor(1)", "Vendor", key_display=">", id="lg-next-vendor", show=False,
                tooltip="Same screen, next vendor"),
        Binding("less_than_sign", "vendor(-1)", "Prev vendor", key_display="<", id="lg-prev-vendor", show=False,
                tooltip="Same screen, previous vendor"),
        Binding("slash", "filter", "Filter", key_display="/", id="lg-filter", priority=True,
                tooltip="Filter the list by words in the title or id; Escape clears it"),
        Binding("escape", "back", "Back", id="lg-back", show=False, tooltip="Back to the list, or to the overview"),
    ]

    def __init__(self, vendor_id: str):
        super().__init__(vendor_id)
        self.findings: list[Finding] = []  # every reviewer's, for this vendor
        self.off: set[str] = set()
        self.changes: dict[str, dict[str, Any]] = {}  # condition -> who switched it, when
        self.context: dict[str, view.ItemContext] = {}  # the vendor's responses and evidence, per item

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="vendor-bar")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Input(id="filter", placeholder="filter: words in the item or id (Enter: list)")
                yield OneLineOptionList(id="items")
            with VerticalScroll(id="detail"):
                yield PlainStatic(id="item-title")
                yield PlainStatic(id="vendor-response")  # the vendor's position and clause, before the requirement
                yield PlainStatic(id="item-body")
                yield PlainStatic(id="reviewers")
                yield Label("Clause in the vendor's draft", classes="field-label")
                yield Input(id="clause", placeholder="e.g. DPA 7.2, MSA 12.3")
                yield Label("Note", classes="field-label")
                yield TextArea(id="note", soft_wrap=True, tab_behavior="focus")
        yield PlainStatic("Decision support, not legal advice.", id="disclaimer")
        yield PlainStatic(id="save-status")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    @property
    def checklist(self):  # type: ignore[no-untyped-def]
        return self.session.ws.legal

    def _mine(self) -> dict[str, Finding]:
        return {f.item: f for f in self.findings if f.reviewer == self.session.user}

    def _load(self) -> None:
        ws = self.session.ws
        self.vendor = ws.vendor(self.vendor_id)
        self.findings = ws.findings_for(self.vendor_id)
        self.off = set(ws.conditions_off().get(self.vendor_id, set()))
        self.changes = ws.condition_changes().get(self.vendor_id, {})
        self.settings = ws.settings()  # the workspace's readiness thresholds rate the live risk, as in Results
        # the vendor's positions and clause references: read once per vendor (and on refresh), not per key
        self.context = load_context(self, self.vendor_id, self.session.day())
        self._build_list()
        self._show_bar()

    def _risk(self):  # type: ignore[no-untyped-def]
        return assess(self.checklist, self.vendor_id, self.findings, self.off, self.settings)

    def _groups(self) -> list[tuple[Option, list[tuple[Option, str]]]]:
        risk = self._risk()
        return [(Option(self._area_prompt(area, risk), id=f"area:{area.id}", disabled=True),
                 [(Option(self._item_prompt(i, risk), id=i.id), f"{i.id} {i.label} {i.title}") for i in area.items])
                for area in self.checklist.areas]

    def _area_prompt(self, area: Any, risk: Any) -> Text:
        to_review = [i.id for i in area.items if not risk.items[i.id].switched_off]
        team = sum(1 for iid in to_review if risk.items[iid].by)
        mine = sum(1 for iid in to_review if self.session.user in risk.items[iid].by)
        # the counts first: a long area title is cut at the end, the counts must stay
        text = Text(f"me {mine}/{len(to_review)}", style="green" if mine == len(to_review) else "dim",
                    no_wrap=True, overflow="ellipsis")
        text.append(f" team {team}/{len(to_review)} ", style="dim")
        text.append(area.title, style="bold")
        return text

    def _item_prompt(self, item: LegalItem, risk: Any) -> Text:
        mine = self._mine().get(item.id)
        status = mine.status if mine else None
        state = risk.items[item.id]
        text = Text(f"{STATUS_MARK[status]} ", style=display.STATUS_STYLE[status])
        text.append(f"{SEVERITY_WORD[item.severity]} ", style=display.SEVERITY_STYLE[item.severity])
        text.append(f"{item.id} ", style="bold")
        text.append(item.label, style="dim strike" if state.switched_off else "")
        text.no_wrap, text.overflow = True, "ellipsis"
        if mine and (mine.note or mine.clause):
            text.append(" ✎", style="cyan")
        return text

    def _show_bar(self) -> None:
        risk = self._risk()
        bar = Text()
        bar.append(self.vendor.name, style="bold")
        bar.append("   legal risk ")
        bar.append(risk.rating, style=display.RATING_STYLE[risk.rating])
        bar.append(f" · exposure {float(risk.exposure):.1f} · reviewed {display.percent(risk.coverage)}")
        if risk.blockers:
            bar.append("   blockers: " + ", ".join(risk.blockers), style="bold red")
        self.query_one("#vendor-bar", Static).update(bar, layout=False)

    def _show_detail(self, load_fields: bool = False) -> None:
        if self.current is None:
            return
        item = self.checklist.item(self.current)
        assert item is not None
        risk = self._risk()
        state = risk.items[item.id]
        title = Text(f"{item.id}  ", style="bold")
        title.append(item.title or item.label, style="bold")
        title.append(f"   {item.severity.upper()}", style=display.SEVERITY_STYLE[item.severity])
        self.query_one("#item-title", Static).update(title)
        body = Text()
        body.append("The contract must: ", style="bold")
        body.append(item.requirement + "\n")
        body.append("Source: ", style="bold")
        body.append(item.source + "\n")
        body.append("Red flag: ", style="bold red")
        body.append(item.red_flag + "\n")
        if item.guidance:
            body.append("How to check: ", style="bold")
            body.append(item.guidance + "\n")
        if item.applies_when:
            body.append("Applies when: ", style="bold")
            body.append(item.applies_when)
            body.append("  [off for this vendor: t switches it on]" if state.switched_off
                        else "  [on: t switches it off for this vendor]",
                        style="yellow" if state.switched_off else "dim")
            change = self.changes.get(item.applies_when)
            if change:
                body.append(f"\nSwitched {'on' if change['applies'] else 'off'} by {change['by']} "
                            f"on {change['at'].replace('T', ' ')[:16]} UTC", style="italic")
            body.append("\n")
        self.query_one("#item-body", Static).update(body)
        self.query_one("#reviewers", Static).update(self._reviewers_text(item.id, state))
        self.query_one("#vendor-response", Static).update(response_text(self.context.get(item.id), legal=True))
        if load_fields:
            mine = self._mine().get(item.id)
            self.query_one("#clause", Input).value = mine.clause if mine else ""
            self.query_one("#note", TextArea).load_text(mine.note if mine else "")

    def _reviewers_text(self, item_id: str, state: Any) -> Text:
        text = Text("Status: ", style="bold")
        text.append(display.STATUS_LABEL[state.status], style=display.STATUS_STYLE[state.status])
        text.append(" (worst among reviewers)" if len(state.by) > 1 else "")
        for person, f in state.by.items():
            text.append(f"\n  {person}: ")
            text.append(display.STATUS_LABEL[f.status], style=display.STATUS_STYLE[f.status])
            if f.clause:
                text.append(f" · {f.clause}", style="dim")
        return text

    # -- statuses

    def action_status(self, status: str) -> None:
        if self._sync_current() is not None:
            self._save_fields(self.current, status=status)

    def action_clear(self) -> None:
        if self._sync_current() is not None:
            self._save_fields(self.current, status=None)

    def _save_fields(self, item_id: str, **changes: Any) -> None:
        """Show the change now (exposure and rating included), save it on the saver thread."""
        mine = self._mine().get(item_id) or Finding(reviewer=self.session.user, vendor_id=self.vendor_id, item=item_id)
        self.findings = [f for f in self.findings if not (f.reviewer == self.session.user and f.item == item_id)]
        self.findings.append(mine.model_copy(update=changes))
        self._redraw(item_id)
        self._status("saving…", "yellow")
        ws, user, vid = self.session.ws, self.session.user, self.vendor_id
        self.vb.save(lambda: ws.set_finding(user, vid, item_id, **changes),
                     done=lambda _: self._saved(), failed=lambda _: self._reload())

    def _redraw(self, item_id: str) -> None:
        risk = self._risk()
        item = self.checklist.item(item_id)
        area = self.checklist.area_of(item_id)
        self._replace_prompt(item_id, self._item_prompt(item, risk))
        self._replace_prompt(f"area:{area.id}", self._area_prompt(area, risk))
        self._show_bar()
        if item_id == self.current:
            self._show_detail()

    def _reload(self) -> bool:
        """A save failed: show what is really on disk (True: the vendor is gone, already said)."""
        if self.vendor_gone():
            return True
        self._load()
        self._show_detail(load_fields=True)
        self._status("✗ not saved: see the message", "bold red")
        return False

    def action_toggle_condition(self) -> None:
        self._sync_current()
        item = self.checklist.item(self.current) if self.current else None
        if item is None or not item.applies_when:
            self.notify("This item always applies.", timeout=3)
            return
        condition, applies = item.applies_when, item.applies_when in self.off
        affected = [i.id for i in self.checklist.items() if i.applies_when == condition]
        question = (f"{'Switch on' if applies else 'Switch off'} “{condition}” for {self.vendor.name}?\n\n"
                    f"{'It will apply to' if applies else 'It will no longer apply to'} {len(affected)} item(s): "
                    f"{', '.join(affected)}. Your name and the time are recorded on them.")

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            ws = self.session.ws
            if not self.vb.core_ok(ws.set_condition, self.vendor_id, condition, applies, by=self.session.user):
                return
            self.off = set(ws.conditions_off().get(self.vendor_id, set()))
            self.changes = ws.condition_changes().get(self.vendor_id, {})
            self._build_list()
            self._show_bar()
            self._show_detail()
            self.notify(f"“{condition}” {'applies' if applies else 'does not apply'} to {self.vendor.name}.",
                        timeout=3)

        self.app.push_screen(ConfirmDialog(question, "Switch on" if applies else "Switch off"), confirmed)

    # -- rows (the rest is EditorScreen's)

    def _saved_record(self, ident: str) -> Finding | None:
        return self._mine().get(ident)

    def _open_rows(self) -> set[str]:
        risk, mine = self._risk(), self._mine()
        return {iid for iid, state in risk.items.items() if iid not in mine and not state.switched_off}

    def palette_commands(self) -> Any:
        for item in self.checklist.items():
            yield SystemCommand(f"Legal item: {item.id} {item.label}", f"for {self.vendor.name}",
                                lambda iid=item.id: self._goto(iid), discover=False)
