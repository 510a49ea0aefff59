"""Results: the ranking with category scores; drill-down to every evaluator's score per criterion."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ... import display
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
        for cat, label in zip(res.scorecard.categories, short_titles(res.scorecard.categories), strict=True):
            table.add_column(Text(label, overflow="ellipsis"), width=max(5, len(label)))
        for v in res.vendors:
            cats = [display.score(v.score.categories[c.id]) for c in res.scorecard.categories]
            table.add_row(str(v.rank), Text(v.vendor.name, overflow="ellipsis"),
                          Text(display.total(v.score.total), style="bold"), display.percent(v.score.completeness),
                          _knockouts(v), _legal(v), *cats, key=v.vendor.id)
        if keep is not None and keep in {v.vendor.id for v in res.vendors}:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#recommendation", Static).update(_recommendation(res, bool(res.vendors)))

    def highlighted_vendor(self) -> str | None:
        table = self.query_one("#ranking", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(VendorDetailScreen(event.row_key.value))

    def action_analysis(self) -> None:
        self.app.push_screen(AnalysisScreen())


def short_titles(categories: list) -> list[str]:  # type: ignore[type-arg]
    """Column labels: each category title's first word ("QA", "Security") when those are
    unique, else the whole title (the ids, capitalised, read "Qa")."""
    firsts = [c.title.split()[0] for c in categories]
    return firsts if len(set(firsts)) == len(firsts) else [c.title for c in categories]


class VendorDetailScreen(BaseScreen):
    HELP_TITLE = "Results: one vendor"
    HELP_TEXT = ("Each criterion's consensus, every evaluator's score and the spread. "
                 f"Rows marked ≠ have a spread of {DISAGREEMENT_SPREAD} or more: the agenda for a calibration meeting.")
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


class _Collect:
    """Stands in for a rich Console: keeps what is printed, to show it in a widget."""

    def __init__(self) -> None:
        self.items: list = []

    def print(self, *renderables: object) -> None:
        self.items.append(Text(" ").join(renderables) if renderables and all(  # type: ignore[arg-type]
            isinstance(r, Text) for r in renderables) else (renderables[0] if renderables else Text("")))


class AnalysisScreen(BaseScreen):
    HELP_TITLE = "Decision analysis"
    HELP_TEXT = ("Evaluator agreement (Krippendorff's alpha and the scores to calibrate), weight sensitivity "
                 "(which weight change would change the leader), the balanced-SLA check, total cost of "
                 "ownership and the cost-only warnings: the same figures as vendorbench results.")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="an-back", tooltip="Back to the ranking")]

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        yield Header()
        with VerticalScroll(id="analysis-scroll"):
            yield PlainStatic(id="analysis")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; f1 lists ctrl+p

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        from rich.console import Group

        from ...cli import (
            print_analysis,  # one presentation of the analysis, shared with the CLI
        )

        out = _Collect()
        print_analysis(out, self.session.results)
        self.query_one("#analysis", Static).update(Group(*out.items) if out.items else Text("Nothing to show yet."))
