"""Scorecard for one vendor: criteria with progress marks, rubric anchors, score keys, note, evidence.

Keys set the score at once (shown immediately, saved on the saver thread);
notes and evidence save shortly after typing stops, and before leaving.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Static, TextArea
from textual.widgets.option_list import Option

from ... import display, governance
from ...models import Answer, Criterion
from ...rfp import view
from ...scoring import DISAGREEMENT_SPREAD, consensus_of, score_vendor
from ..plain import PlainStatic
from .editor import EditorScreen
from .option_list import OneLineOptionList
from .vendor_response import load_context, response_text


class ScorecardScreen(EditorScreen):
    LIST_ID, HEADER_PREFIX, FIELD, SCREEN = "#criteria", "cat:", "evidence", "scorecard"
    ALL_DONE = "You have answered every criterion for this vendor."
    KEY_ACTIONS = frozenset({"score", "clear", "next_open", "reveal", "vendor", "filter"})
    recused = False  # the user declared a conflict with this vendor (governance): set per vendor in _load
    HELP_TITLE = "Scorecard"
    HELP_TEXT = ("Score the highlighted criterion with 0-5 (the rubric anchor of your score is highlighted), "
                 "n for N/A. Tab moves to the evidence and note fields; Escape comes back to the list. "
                 "Teammates' scores stay hidden until you reveal them (blind scoring).")
    BINDINGS = [
        # one footer entry and one help line for the six score keys (help skips bindings without a tooltip)
        *[Binding(str(n), f"score({n})", "Score", key_display="0-5" if n == 0 else None, id=f"sc-score-{n}",
                  show=n == 0, tooltip="Set your score; the rubric anchor of the score is highlighted" if n == 0
                  else "") for n in range(6)],
        Binding("n", "score('na')", "N/A", id="sc-na", tooltip="Not applicable for this vendor"),
        Binding("backspace,x", "clear", "Clear", id="sc-clear", tooltip="Remove your score (note kept)"),
        Binding("right_square_bracket", "next_open(1)", "Next", key_display="]", id="sc-next",
                tooltip="Next criterion you have not answered"),
        Binding("left_square_bracket", "next_open(-1)", "Prev open", key_display="[", id="sc-prev", show=False,
                tooltip="Previous criterion you have not answered"),
        Binding("v", "reveal", "Reveal", id="sc-reveal", tooltip="Show or hide teammates' scores"),
        Binding("greater_than_sign", "vendor(1)", "Vendor", key_display=">", id="sc-next-vendor",
                tooltip="Same screen, next vendor"),
        Binding("less_than_sign", "vendor(-1)", "Prev vendor", key_display="<", id="sc-prev-vendor", show=False,
                tooltip="Same screen, previous vendor"),
        Binding("slash", "filter", "Filter", key_display="/", id="sc-filter", priority=True,
                tooltip="Filter the list by words in the title or id; Escape clears it"),
        Binding("escape", "back", "Back", id="sc-back", show=False, tooltip="Back to the list, or to the overview"),
    ]

    def __init__(self, vendor_id: str):
        super().__init__(vendor_id)
        self.mine: dict[str, Answer] = {}
        self.team: dict[str, dict[str, int | str]] = {}
        # blind scoring: teammates' scores stay hidden until revealed, for this vendor only;
        # the next vendor's scorecard starts hidden again
        self.reveal = False
        self.context: dict[str, view.ItemContext] = {}  # the vendor's responses and evidence, per criterion

    # -- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="vendor-bar")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Input(id="filter", placeholder="filter: words in the title or id (Enter: list)")
                yield OneLineOptionList(id="criteria")
            with VerticalScroll(id="detail"):
                yield PlainStatic(id="crit-title")
                yield PlainStatic(id="crit-meta")
                yield PlainStatic(id="team")
                yield PlainStatic(id="vendor-response")  # what the score judges, before the anchors
                yield PlainStatic(id="rubric")
                yield Label("Evidence (where the proof is)", classes="field-label")
                yield Input(id="evidence", placeholder="e.g. RFP answer 4.2, pilot week 2 QA sample")
                yield Label("Note", classes="field-label")
                yield TextArea(id="note", soft_wrap=True, tab_behavior="focus")
                yield Label("How to check", classes="field-label")
                yield PlainStatic(id="guidance")
        yield PlainStatic(id="save-status")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    # -- data

    @property
    def scorecard(self):  # type: ignore[no-untyped-def]
        return self.session.ws.scorecard

    def _load(self) -> None:
        ws = self.session.ws
        self.vendor = ws.vendor(self.vendor_id)
        self.mine = ws.answers_of(self.session.user, self.vendor_id)
        res = self.session.results
        self.weights = res.weights  # weights do not change while scoring: no full recompute per key
        votes = res.vendor(self.vendor_id).score.votes
        self.team = {cid: {p: v for p, v in people.items() if p != self.session.user} for cid, people in votes.items()}
        # read once per vendor (and on refresh), not per key: the files do not change while scoring
        self.context = load_context(self, self.vendor_id, self.session.day())
        self.recused = governance.recused_from(ws, self.session.user, self.vendor_id)
        self._build_list()
        self._show_bar()

    def _groups(self) -> list[tuple[Option, list[tuple[Option, str]]]]:
        return [(Option(self._category_prompt(cat), id=f"cat:{cat.id}", disabled=True),
                 [(Option(self._criterion_prompt(c), id=c.id), f"{c.id} {c.title}") for c in cat.criteria])
                for cat in self.scorecard.categories]

    def _category_prompt(self, cat: Any) -> Text:
        done = sum(1 for c in cat.criteria if self._value(c.id) is not None)
        text = Text(cat.title, style="bold", no_wrap=True, overflow="ellipsis")
        text.append(f"  {done}/{len(cat.criteria)}", style="green" if done == len(cat.criteria) else "dim")
        return text

    def _criterion_prompt(self, crit: Criterion) -> Text:
        value = self._value(crit.id)
        mark = Text(f" {display.vote(value):>3} ", style="bold green" if value is not None else "dim")
        if value is None:
            mark = Text("   · ", style="dim")
        # the must-have mark before the title: after it, the ellipsis of a long title hid it
        text = mark + Text("◆ " if crit.knockout_below is not None else "  ", style="red") + Text(crit.title)
        text.no_wrap, text.overflow = True, "ellipsis"  # one line each: the full title is on the right
        answer = self.mine.get(crit.id)
        if answer and (answer.note or answer.evidence):
            text.append(" ✎", style="cyan")
        return text

    def _value(self, cid: str) -> int | str | None:
        a = self.mine.get(cid)
        return a.value if a else None

    # -- display

    def _vendor_score(self):  # type: ignore[no-untyped-def]
        """This vendor scored by the core on the team's votes plus mine as shown (cheap: one vendor)."""
        votes = {cid: dict(people) for cid, people in self.team.items()}
        for cid, answer in self.mine.items():
            if answer.value is not None:
                votes.setdefault(cid, {})[self.session.user] = answer.value
        return score_vendor(self.scorecard, self.weights, self.vendor_id, votes)

    def _show_bar(self) -> None:
        total = len(self.scorecard.criteria())
        mine = sum(1 for c in self.scorecard.criteria() if self._value(c.id) is not None)
        score = self._vendor_score()
        bar = Text()
        bar.append(self.vendor.name, style="bold")
        if self.vendor.region:
            bar.append(f"  ({self.vendor.region})", style="dim")
        bar.append(f"   you {mine}/{total} · team {display.percent(score.completeness)} complete · "
                   f"total {display.total(score.total)}")
        bar.append("   ")
        if self.recused:  # the saves would be refused: say so before the first key, not after
            bar.append("recused (conflict)", style="bold red")
        else:
            bar.append("scores revealed" if self.reveal else "blind scoring",
                       style="yellow" if self.reveal else "dim")
        self.query_one("#vendor-bar", Static).update(bar, layout=False)

    def _show_detail(self, load_fields: bool = False) -> None:
        if self.current is None:
            return
        crit = self.scorecard.criterion(self.current)
        cat = self.scorecard.category_of(self.current)
        assert crit is not None and cat is not None
        weights = self.weights
        value = self._value(crit.id)
        self._show("#crit-title", Text(crit.title, style="bold"))
        meta = Text(f"{cat.title} · {crit.id} · {weights.criterion_share(self.scorecard, crit.id):.1%} of the total",
                    style="dim")
        if crit.knockout_below is not None:
            meta.append(f"\n◆ must-have: a team consensus below {crit.knockout_below:g} knocks the vendor out",
                        style="red")
        self._show("#crit-meta", meta)
        self._show("#guidance", Text(crit.guidance))
        rubric = Text()
        for key in sorted(crit.rubric):
            line = Text(f" {key} ", style="bold reverse" if str(value) == key else "bold")
            line.append(" " + crit.rubric[key], style="reverse" if str(value) == key else "")
            rubric.append_text(line)
            rubric.append("\n")
        self._show("#rubric", rubric)
        self._show("#vendor-response", response_text(self.context.get(crit.id)))
        yours = Text("Your score: ", style="bold")
        yours.append("N/A" if value == "na" else ("not scored yet" if value is None else str(value)),
                     style="bold green" if value is not None else "dim")
        if isinstance(value, int) and str(value) not in crit.rubric:
            yours.append("  (between anchors)", style="dim")
        yours.append("\n")
        self._show("#team", yours + self._team_text(crit.id))
        if load_fields:
            answer = self.mine.get(crit.id)
            self.query_one("#evidence", Input).value = answer.evidence if answer else ""
            self.query_one("#note", TextArea).load_text(answer.note if answer else "")

    def _team_text(self, cid: str) -> Text:
        others = self.team.get(cid, {})
        if not self.reveal:
            n = len(others)
            return Text(f"Teammates: {n} answered; scores hidden (v reveals)", style="dim")
        if not others:
            return Text("Teammates: nobody else has answered yet", style="dim")
        votes = dict(others)
        if self._value(cid) is not None:
            votes[self.session.user] = self._value(cid)  # type: ignore[assignment]
        c = consensus_of(votes)
        text = Text("Team: ")
        text.append(" · ".join(f"{p} {display.vote(v)}" for p, v in sorted(votes.items())))
        text.append(f"\nconsensus {display.score(c.mean)}")
        if c.spread is not None:
            text.append(f", spread {c.spread}")
            if c.spread >= DISAGREEMENT_SPREAD:
                text.append("  disagreement: discuss at calibration", style="bold yellow")
        return text

    # -- scoring

    def action_score(self, value: int | str) -> None:
        if self._sync_current() is not None:
            self._save_fields(self.current, value=value)

    def action_clear(self) -> None:
        if self._sync_current() is not None:
            self._save_fields(self.current, value=None)

    def _save_fields(self, cid: str, **changes: Any) -> None:
        """Show the change now, save it on the saver thread."""
        old = self.mine.get(cid)
        base = old or Answer(evaluator=self.session.user, vendor_id=self.vendor_id, criterion=cid)
        self.mine[cid] = base.model_copy(update=changes)
        self._redraw(cid)
        self._status("saving…", "yellow")
        ws, user, vid = self.session.ws, self.session.user, self.vendor_id
        self.vb.save(lambda: ws.set_answer(user, vid, cid, **changes),
                     done=lambda _: self._saved(),
                     failed=lambda _: self._reload(cid))

    def _redraw(self, cid: str) -> None:
        crit = self.scorecard.criterion(cid)
        cat = self.scorecard.category_of(cid)
        self._replace_prompt(cid, self._criterion_prompt(crit))
        self._replace_prompt(f"cat:{cat.id}", self._category_prompt(cat))
        self._show_bar()
        if cid == self.current:
            self._show_detail()

    def _reload(self, cid: str) -> bool:
        """A save failed: show what is really on disk (True: the vendor is gone, already said)."""
        if self.vendor_gone():
            return True
        self.mine = self.session.ws.answers_of(self.session.user, self.vendor_id)
        self._redraw(cid)
        self._status("✗ not saved: see the message", "bold red")
        return False

    # -- answers and navigation (the rest is EditorScreen's)

    def _saved_record(self, ident: str) -> Answer | None:
        return self.mine.get(ident)

    def _open_rows(self) -> set[str]:
        return {c.id for c in self.scorecard.criteria() if self._value(c.id) is None}

    def action_reveal(self) -> None:
        self.reveal = not self.reveal
        self.notify(f"Teammates' scores for {self.vendor.name} shown." if self.reveal
                    else "Blind scoring: teammates' scores hidden.", timeout=3)
        self._show_bar()
        self._show_detail()

    def palette_commands(self) -> Any:
        yield SystemCommand("Reveal or hide teammates' scores",
                            f"For {self.vendor.name} only: blind scoring resumes on the next vendor",
                            self.action_reveal)
        for crit in self.scorecard.criteria():
            yield SystemCommand(f"Criterion: {crit.title}", f"{crit.id} for {self.vendor.name}",
                                lambda cid=crit.id: self._goto(cid), discover=False)
