"""Results: the ranking with category scores; drill-down to every evaluator's score per criterion."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ... import display
from ...rendering import evidence_lines
from ...scoring import DISAGREEMENT_SPREAD
from ..plain import PlainDataTable, PlainStatic
from .base import BaseScreen
from .overview import _knockouts, _legal, _recommendation


class ResultsScreen(BaseScreen):
    HELP_TITLE = "Results"
    HELP_TEXT = ("The ranking: total 0-100, category scores 0-5, completeness, knockouts, legal rating. "
                 "Enter drills down to every evaluator's score per criterion; disagreements "
                 f"(spread >= {DISAGREEMENT_SPREAD}) are highlighted.")
    BINDINGS = [
        Binding("a", "analysis", "Analysis", id="rs-analysis",
                tooltip="Agreement, weight sensitivity, SLA check, total cost of ownership"),
        Binding("c", "completion", "Who is done", id="rs-completion",
                tooltip="Per person and vendor: what each evaluator and reviewer has not finished"),
        Binding("escape", "app.show('overview')", "Back", id="rs-back", tooltip="Back to the overview"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="results-title")
        yield PlainDataTable(id="ranking", cursor_type="row", zebra_stripes=True)
        yield PlainStatic(id="recommendation")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#ranking", DataTable).focus()

    def refresh_data(self) -> None:
        res = self.session.results
        self.query_one("#results-title", Static).update(Text(
            f"Ranking · {len(res.evaluators)} evaluator(s): {', '.join(res.evaluators) or 'none yet'}", style="bold"))
        table = self.query_one("#ranking", DataTable)
        keep = self.highlighted_vendor()
        table.clear(columns=True)
        # rank and name stay put when the table scrolls sideways; what decides comes first
        # (total, completeness, knockouts, legal), the twelve category scores after
        table.fixed_columns = 2
        width = max([12] + [min(len(v.vendor.name), 28) for v in res.vendors])
        table.add_column("#", width=3)
        table.add_column("Vendor", width=width)
        for label, w in [("Total", 6), ("Done", 5), ("Knockouts", 11), ("Legal", 15)]:
            table.add_column(label, width=w)
        for label in short_titles(res.scorecard.categories):
            table.add_column(Text(label, overflow="ellipsis"), width=max(5, len(label)))
        for v in res.vendors:
            cats = [display.score(v.score.categories[c.id]) for c in res.scorecard.categories]
            table.add_row(str(v.rank), Text(v.vendor.name, overflow="ellipsis"),
                          Text(display.total(v.score.total), style="bold"), display.percent(v.score.completeness),
                          _knockouts(v), _legal(v), *cats, key=v.vendor.id)
        if keep is not None and keep in {v.vendor.id for v in res.vendors}:
            table.move_cursor(row=table.get_row_index(keep))
        text = _recommendation(res, bool(res.vendors))
        heading, lines = evidence_lines(res)  # evidence that will not hold at signature, as `results` prints it
        if heading is not None:
            text.append("\n")
            text.append_text(heading)
        for line in lines:
            text.append("\n  - ")
            text.append_text(line)
        self.query_one("#recommendation", Static).update(text)

    def highlighted_vendor(self) -> str | None:
        table = self.query_one("#ranking", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(VendorDetailScreen(event.row_key.value))

    def action_analysis(self) -> None:
        from .analysis import AnalysisScreen

        self.app.push_screen(AnalysisScreen())

    def action_completion(self) -> None:
        self.app.push_screen(CompletionScreen())


def short_titles(categories: list) -> list[str]:  # type: ignore[type-arg]
    """Column labels: each category title's first word ("QA", "Security") when those are
    unique, else the whole title (the ids, capitalised, read "Qa")."""
    firsts = [c.title.split()[0] for c in categories]
    return firsts if len(set(firsts)) == len(firsts) else [c.title for c in categories]


class VendorDetailScreen(BaseScreen):
    HELP_TITLE = "Results: one vendor"
    HELP_TEXT = ("Each criterion's consensus, every evaluator's score and the spread. "
                 f"Rows marked ≠ have a spread of {DISAGREEMENT_SPREAD} or more: the agenda for a calibration meeting. "
                 "Enter on a row shows every evaluator's score, evidence and note side by side.")
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="vd-back", tooltip="Back to the ranking"),
        Binding("s", "score", "Score it", id="vd-score", tooltip="Open your scorecard for this vendor"),
    ]

    def __init__(self, vendor_id: str):
        super().__init__()
        self.vendor_id = vendor_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(id="detail-title")
        yield PlainDataTable(id="criteria-table", cursor_type="row")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#criteria-table", DataTable).focus()

    def refresh_data(self) -> None:
        res = self.session.results
        v = res.vendor(self.vendor_id)
        people = list(res.evaluators)
        disagreements = sum(1 for cid in v.score.votes
                            if (v.score.consensus(cid).spread or 0) >= DISAGREEMENT_SPREAD)
        title = Text(v.vendor.name, style="bold")
        title.append(f"   rank {v.rank} · total {display.total(v.score.total)} · "
                     f"{display.percent(v.score.completeness)} complete · ")
        title.append(f"{disagreements} disagreement(s)", style="bold yellow" if disagreements else "dim")
        self.query_one("#detail-title", Static).update(title)
        table = self.query_one("#criteria-table", DataTable)
        table.clear(columns=True)
        table.add_column("Criterion", width=38)
        table.add_column("Team", width=5)
        for p in people:
            table.add_column(Text(p[:10], overflow="ellipsis"), width=min(10, max(4, len(p))))
        table.add_column("Spread", width=7)
        for cat in res.scorecard.categories:
            table.add_row(Text(cat.title, style="bold"), Text(display.score(v.score.categories[cat.id]), style="bold"),
                          *[""] * len(people), "", key=f"cat:{cat.id}")
            for crit in cat.criteria:
                c = v.score.consensus(crit.id)
                votes = v.score.votes.get(crit.id, {})
                hot = (c.spread or 0) >= DISAGREEMENT_SPREAD
                style = "bold yellow" if hot else ""
                table.add_row(Text(("≠ " if hot else "  ") + crit.title, style=style),
                              "N/A" if c.state == "na" else display.score(c.mean),
                              *[display.vote(votes.get(p)) for p in people],
                              Text("-" if c.spread is None else str(c.spread), style=style), key=crit.id)

    def action_score(self) -> None:
        self.vb.action_show("scorecard", self.vendor_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and not key.startswith("cat:"):
            self.app.push_screen(CalibrationScreen(self.vendor_id, key))


class CalibrationScreen(BaseScreen):
    """One criterion of one vendor: every evaluator's score, evidence and note side by side."""

    HELP_TITLE = "Calibration: one criterion"
    HELP_TEXT = ("Enter on a drill-down row: every evaluator's score with their evidence and notes side by side, "
                 "under the rubric, to settle a disagreement in the calibration meeting.")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="cal-back", tooltip="Back to the drill-down")]

    def __init__(self, vendor_id: str, criterion: str):
        super().__init__()
        self.vendor_id, self.criterion = vendor_id, criterion

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        yield Header()
        with VerticalScroll(id="calibration-scroll"):
            yield PlainStatic(id="calibration")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        from rich.console import Group
        from rich.table import Table

        res, ws = self.session.results, self.session.ws
        v = res.vendor(self.vendor_id)
        crit = res.scorecard.criterion(self.criterion)
        assert crit is not None  # the row came from this scorecard
        c = v.score.consensus(self.criterion)
        head = Text(f"{v.vendor.name} · {crit.title}\n", style="bold")
        head.append(f"consensus {'N/A' if c.state == 'na' else display.score(c.mean)}"
                    + ("" if c.spread is None else f", spread {c.spread}"),
                    style="bold yellow" if (c.spread or 0) >= DISAGREEMENT_SPREAD else "dim")
        rubric = Text()
        for key in sorted(crit.rubric):
            rubric.append(f" {key} ", style="bold")
            rubric.append(crit.rubric[key] + "\n")
        table = Table(expand=True, show_lines=True)
        table.add_column("")
        answers = {p: ws.answers_of(p, self.vendor_id).get(self.criterion) for p in res.evaluators}
        for person in res.evaluators:
            table.add_column(Text(person), ratio=1)
        table.add_row(Text("Score", style="bold"),
                      *[Text(display.vote(a.value if a else None), style="bold") for a in answers.values()])
        table.add_row(Text("Evidence", style="bold"), *[Text(a.evidence if a else "") for a in answers.values()])
        table.add_row(Text("Note", style="bold"), *[Text(a.note if a else "") for a in answers.values()])
        self.query_one("#calibration", Static).update(Group(head, Text(""), table, Text(""), rubric))


class CompletionScreen(BaseScreen):
    """Who has not finished what: per person and vendor, what they scored or reviewed."""

    HELP_TITLE = "Who is done"
    HELP_TEXT = ("c on Results: for each evaluator, criteria scored per vendor; for each legal reviewer, contract "
                 "items reviewed per vendor. Unfinished cells are yellow.")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="cm-back", tooltip="Back to the ranking")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlainStatic(Text("Who has finished what (scored or reviewed / to do)", style="bold"),
                          id="results-title")
        yield PlainDataTable(id="completion", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#completion", DataTable).focus()

    def refresh_data(self) -> None:
        res = self.session.results
        table = self.query_one("#completion", DataTable)
        table.clear(columns=True)
        table.fixed_columns = 2
        table.add_column("Person", width=max([10] + [min(len(p), 30) for p in (*res.evaluators, *res.reviewers)]))
        table.add_column("Role", width=9)
        for v in res.vendors:
            table.add_column(Text(v.vendor.name, overflow="ellipsis"), width=max(7, min(14, len(v.vendor.name))))
        n_criteria = len(res.scorecard.criteria())

        def cell(done: int, total: int) -> Text:
            return Text(f"{done}/{total}", style="green" if done == total else "yellow")

        for person in res.evaluators:
            table.add_row(Text(person, overflow="ellipsis"), "scoring",
                          *[cell(sum(1 for votes in v.score.votes.values() if person in votes), n_criteria)
                            for v in res.vendors])
        for person in res.reviewers:
            cells = []
            for v in res.vendors:
                to_review = [s for s in v.legal.items.values() if not s.switched_off]
                cells.append(cell(sum(1 for s in to_review if person in s.by), len(to_review)))
            table.add_row(Text(person, overflow="ellipsis"), "legal", *cells)
