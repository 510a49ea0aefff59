"""The TUI's Operations screen (issue 13): what it shows comes from the core, per vendor."""

from __future__ import annotations

import asyncio
import datetime as _dt

import pytest
from textual.widgets import Sparkline, Static

from vendorbench import operations
from vendorbench.rendering import money
from vendorbench.store import Workspace

from .tui_helpers import demo_copy, make_app, settle

BRIGHTLINE = "v2"  # the demo's chosen vendor: six months of KPI, weekly pilot data, a staffed bid
SUMMIT = "v1"  # no KPI and no pilot plan
MARKUP_NAME = "Crash [/nope] [red]Red[/red] & Co"


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def run(coro):
    return asyncio.run(coro)


def text_of(app, selector: str) -> str:
    """A section's text as laid out at the widget's width (empty when the section is hidden)."""
    return plain(app.screen.query_one(selector, Static))


def plain(widget: Static) -> str:
    from rich.console import Console

    if not widget.display:
        return ""
    console = Console(width=widget.size.width or 200, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def flat(text: str) -> str:
    """The words as read, whatever the line breaks."""
    return " ".join(text.split())


async def open_operations(pilot, vendor_id: str):
    await settle(pilot)
    pilot.app.action_show("operations", vendor_id)
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "OperationsScreen"
    return pilot.app.screen


def test_the_demo_vendor_shows_scorecard_credits_warnings_trends_pilot_and_staffing(ws_path):
    ws = Workspace(ws_path)
    _, sc = operations.vendor_scorecard(ws, BRIGHTLINE)
    req = operations.requirement(ws)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_operations(pilot, BRIGHTLINE)
            texts = {s: text_of(app, s) for s in ("#vendor-bar", "#ops-scorecard", "#ops-notes", "#ops-pilot",
                                                   "#ops-staffing", "#ops-actions", "#trend-text-cost_per_resolved")}
            sparks = {s.id: list(s.data or []) for s in screen.query(Sparkline) if s.parent.display}
            return texts, sparks

    texts, sparks = run(scenario())
    assert "Brightline São Paulo" in texts["#vendor-bar"]
    assert f"credits due {money(sc.credit_due)}, claimed {money(sc.credit_claimed)}" in texts["#vendor-bar"]
    card = texts["#ops-scorecard"]
    for period in ("2027-01", "2027-06"):
        assert period in card
    fcr = next(line for line in card.splitlines() if line.strip().startswith("FCR"))
    assert ">= 70%" in fcr and "64 ✗" in fcr  # April missed, marked in words, not only colour
    assert "credit due" in card and "QA alpha" in card and "0.09" in card
    assert "2027-04: Speed targets met" in texts["#ops-notes"] and "speed bought with quality" in texts["#ops-notes"]
    assert "earned back" in texts["#ops-notes"]
    cost = texts["#trend-text-cost_per_resolved"]
    assert "8.32 → 7.62" in cost and "better" in cost
    assert sparks["spark-cost_per_resolved"] and sparks["spark-fcr_pct"]
    # the FCR line goes month by month through the core's values (each repeated to fill the width)
    fcr_values = [float(v) for _, v in next(t for t in sc.trends if t.metric == "fcr_pct").values]
    assert list(dict.fromkeys(sparks["spark-fcr_pct"])) == list(dict.fromkeys(fcr_values))
    assert "Decision: GO" in texts["#ops-pilot"]
    assert f"{req.agents} ({req.fte:.1f})" in texts["#ops-staffing"]
    assert "Calibration session on the 2027-04 QA sample" in texts["#ops-actions"]


def test_a_vendor_without_kpi_explains_what_to_import_and_with_which_command(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_operations(pilot, SUMMIT)
            shown_trends = [row.id for row in screen.query(".ops-trend") if row.display]
            return text_of(app, "#ops-scorecard"), text_of(app, "#ops-pilot"), shown_trends

    card, pilot_text, trends = run(scenario())
    card, pilot_text = flat(card), flat(pilot_text)
    assert "No monthly KPI periods for Summit Ridge Support yet" in card
    assert "vendorbench kpi" in card and "import --vendor 'Summit Ridge Support' FILE.csv" in card
    assert "No pilot plan for Summit Ridge Support" in pilot_text and "--start YYYY-MM-DD" in pilot_text
    assert trends == []


def test_vendor_keys_switch_the_vendor_and_keep_the_screen(ws_path):
    names = {v.id: v.name for v in Workspace(ws_path).vendors()}
    ids = list(names)

    async def scenario():
        app = make_app(ws_path)
        seen = []
        async with app.run_test(size=(100, 30)) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            for key in (">", ">", "<", "<", "<"):
                await pilot.press(key)
                await pilot.pause()
                seen.append((type(app.screen).__name__, app.screen.vendor_id, text_of(app, "#vendor-bar")))
        return seen

    seen = run(scenario())
    at = ids.index(BRIGHTLINE)
    expected = [ids[(at + step) % len(ids)] for step in (1, 2, 1, 0, -1)]
    assert [vid for _, vid, _ in seen] == expected
    assert all(screen == "OperationsScreen" for screen, _, _ in seen)
    assert all(names[vid] in bar for _, vid, bar in seen)


def test_a_vendor_name_with_markup_characters_is_shown_literally(ws_path):
    Workspace(ws_path).rename_vendor(BRIGHTLINE, MARKUP_NAME)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            return text_of(app, "#vendor-bar"), titles

    bar, titles = run(scenario())
    assert MARKUP_NAME in bar
    assert f"Operations: {MARKUP_NAME}" in titles


def test_a_vendor_without_kpi_shows_its_name_with_markup_in_the_empty_state(ws_path):
    Workspace(ws_path).rename_vendor(SUMMIT, MARKUP_NAME)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_operations(pilot, SUMMIT)
            return text_of(app, "#ops-scorecard") + text_of(app, "#ops-pilot")

    shown = flat(run(scenario()))
    assert f"No monthly KPI periods for {MARKUP_NAME} yet" in shown
    assert f"No pilot plan for {MARKUP_NAME}" in shown


def test_f8_and_the_overview_key_and_the_palette_reach_the_screen(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await pilot.pause()
            by_f8 = type(app.screen).__name__
            await pilot.press("escape")
            await pilot.pause()
            back = type(app.screen).__name__
            await pilot.press("o")
            await pilot.pause()
            by_o = type(app.screen).__name__
            titles = [c.title for c in app.get_system_commands(app.screen)]
            return by_f8, back, by_o, titles

    by_f8, back, by_o, titles = run(scenario())
    assert (by_f8, back, by_o) == ("OperationsScreen", "OverviewScreen", "OperationsScreen")
    assert "Screen: Operations" in titles and "Operations: Brightline São Paulo" in titles


def test_the_pilot_decision_is_the_cores_on_the_screens_day(ws_path):
    ws = Workspace(ws_path)
    operations.set_pilot(ws, BRIGHTLINE, thresholds=[("fcr_pct", 99.0, True)])  # unreachable: not go
    after_end = _dt.date(2027, 1, 15)
    _, _, _, decision = operations.pilot_decision(ws, BRIGHTLINE, after_end)

    async def scenario():
        from vendorbench.tui.screens.operations import OperationsScreen

        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.push_screen(OperationsScreen(BRIGHTLINE, today=after_end))
            await pilot.pause()
            return text_of(app, "#ops-pilot")

    shown = flat(run(scenario()))
    assert decision.decision == "stop"
    assert "Decision: STOP" in shown and "FCR >= 99 % (plan)" in shown
    assert flat(decision.reasons[0]) in shown


def test_b_writes_the_qbr_pdf_into_the_workspace_exports(ws_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the workspace: the default is the workspace's own exports/

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return text_of(app, "#save-status")

    status = run(scenario())
    pdfs = list((ws_path / "exports").glob("*qbr-2027-q2.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "exports").exists()
    assert "QBR 2027-Q2 written" in status


def test_b_without_kpi_says_why_no_qbr_was_written(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await open_operations(pilot, SUMMIT)
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return text_of(app, "#save-status"), [n.message for n in app._notifications]

    status, notes = run(scenario())
    assert "QBR not written" in status
    assert any("has no monthly KPI periods" in n for n in notes)
    assert not (ws_path / "exports").exists() or not list((ws_path / "exports").glob("*.pdf"))


def test_help_lists_the_operations_keys(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            await pilot.press("f1")
            await pilot.pause()
            return "\n".join(plain(s) for s in app.screen.query(Static))

    shown = flat(run(scenario()))
    assert "Operations (f8)" in shown and "quarterly business review" in shown


async def open_pilot_form(pilot, vendor_id: str):
    await open_operations(pilot, vendor_id)
    await pilot.press("p")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "PilotScreen"
    return pilot.app.screen


def test_the_pilot_form_saves_through_the_core_and_the_decision_follows(ws_path):
    async def scenario():
        from textual.widgets import Checkbox, Input

        app = make_app(ws_path)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_pilot_form(pilot, BRIGHTLINE)
            form.query_one("#pilot-weeks", Input).value = "3"
            form.query_one("#pilot-fcr_pct", Input).value = "99"
            form.query_one("#pilot-advisory-csat_pct", Checkbox).value = True  # the SLA's 88, as advice
            await pilot.press("ctrl+s")
            await pilot.pause()
            return type(app.screen).__name__, flat(text_of(app, "#ops-pilot"))

    screen, shown = run(scenario())
    plan = operations.pilot(Workspace(ws_path), BRIGHTLINE)
    assert plan is not None and plan.weeks == 3
    assert [(t.metric, t.value, t.must_pass) for t in plan.thresholds] == [("fcr_pct", 99.0, True),
                                                                           ("csat_pct", 88.0, False)]
    assert screen == "OperationsScreen"  # back where the decision is shown
    assert "FCR >= 99 % (plan)" in shown and "CSAT >= 88 % (advisory) (plan)" in shown
    assert "last 3 weeks" in shown and "Decision: GO" not in shown


def test_the_pilot_form_refuses_bad_values_and_saves_nothing(ws_path):
    ws = Workspace(ws_path)
    path = operations.ops_path(ws, f"pilot-{BRIGHTLINE}.json")
    before = path.read_bytes()

    async def scenario():
        from textual.widgets import Input

        app = make_app(ws_path)
        errors = []
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            form = await open_pilot_form(pilot, BRIGHTLINE)
            form.query_one("#pilot-start", Input).value = "2026-02-30"
            form.query_one("#pilot-weeks", Input).value = "four"
            form.query_one("#pilot-fcr_pct", Input).value = "7o"
            await pilot.press("ctrl+s")
            await pilot.pause()
            errors.append(flat(text_of(app, "#dialog-error")))
            form.query_one("#pilot-start", Input).value = "2027-03-01"  # after the end: the core refuses it
            form.query_one("#pilot-weeks", Input).value = "4"
            form.query_one("#pilot-fcr_pct", Input).value = "70"
            await pilot.press("ctrl+s")
            await pilot.pause()
            errors.append(flat(text_of(app, "#dialog-error")))
            return type(app.screen).__name__, errors

    screen, (first, second) = run(scenario())
    assert "starts: '2026-02-30' is not a date" in first
    assert "weeks: 'four' is not a whole number" in first and "FCR: '7o' is not a number" in first
    assert "the pilot ends (2026-12-27) before it starts (2027-03-01)" in second
    assert screen == "PilotScreen"  # still on the form, with what was typed
    assert path.read_bytes() == before


def test_the_pilot_form_plans_a_vendor_without_a_plan_and_resets_an_emptied_threshold(ws_path):
    async def scenario(values):
        from textual.widgets import Input

        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            form = await open_pilot_form(pilot, SUMMIT)
            for field, value in values.items():
                form.query_one(f"#pilot-{field}", Input).value = value
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario({"start": "2027-01-04", "end": "2027-02-28", "qa_score_pct": "90"}))
    plan = operations.pilot(Workspace(ws_path), SUMMIT)
    assert plan is not None and (plan.start, plan.end, plan.weeks) == (_dt.date(2027, 1, 4), _dt.date(2027, 2, 28), 4)
    assert [t.metric for t in plan.thresholds] == ["qa_score_pct"]
    run(scenario({"qa_score_pct": ""}))  # emptied: back to the SLA target
    plan = operations.pilot(Workspace(ws_path), SUMMIT)
    assert plan is not None and plan.thresholds == []


def test_many_months_scroll_sideways_instead_of_squeezing_the_columns(ws_path, tmp_path):
    months = [f"{2027 + i // 12}-{i % 12 + 1:02d}" for i in range(14)]
    csv = tmp_path / "kpi.csv"
    csv.write_text("period,fcr_pct,csat_pct\n" + "".join(f"{m},{70 + i / 2},88\n" for i, m in enumerate(months)),
                   encoding="utf-8")
    operations.import_kpi(Workspace(ws_path), SUMMIT, csv)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_operations(pilot, SUMMIT)
            card = screen.query_one("#ops-scorecard", Static)
            scroll = screen.query_one("#ops-scroll")
            return card.size.width, scroll.max_scroll_x, text_of(app, "#ops-scorecard")

    width, max_scroll_x, card = run(scenario())
    assert width > 80 and max_scroll_x > 0
    header = next(line for line in card.splitlines() if "SLA term" in line)
    assert header.split()[-len(months):] == months  # every month whole, none cut to "20…"


def test_b_asks_before_replacing_an_existing_review(ws_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()
            [pdf] = list((ws_path / "exports").glob("*.pdf"))
            pdf.write_bytes(b"kept")
            await pilot.press("b")
            await pilot.pause()
            asked = type(app.screen).__name__
            await pilot.press("escape")  # no: keep the file
            await pilot.pause()
            kept = pdf.read_bytes()
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return asked, kept, pdf.read_bytes()

    asked, kept, replaced = run(scenario())
    assert asked == "ConfirmDialog"
    assert kept == b"kept" and replaced.startswith(b"%PDF")


def test_the_palette_offers_the_screens_own_commands(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            return [c.title for c in app.get_system_commands(app.screen)]

    titles = run(scenario())
    assert "Write the QBR PDF" in titles and "Edit the pilot plan" in titles


def test_a_vendor_removed_by_a_teammate_sends_the_screen_back_to_the_overview(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await open_operations(pilot, BRIGHTLINE)
            Workspace(ws_path).remove_vendor(BRIGHTLINE, force=True)  # a teammate, meanwhile
            await pilot.press("ctrl+r")
            await settle(pilot)
            return type(app.screen).__name__, [n.message for n in app._notifications]

    screen, notes = run(scenario())
    assert screen == "OverviewScreen"
    assert any("no longer in the workspace" in n for n in notes)
