"""TUI workflows driven with Textual's Pilot; each checks what was saved through the core."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from vendorbench import results
from vendorbench.storage import file_lock
from vendorbench.store import Workspace, person_dir_name

from .tui_helpers import USER, demo_copy, make_app, settle

SIZE = (100, 30)


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def run(coro):
    return asyncio.run(coro)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_scorecard(pilot, criterion: str):
    await settle(pilot)  # the overview has its results
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    criteria = screen.query_one("#criteria", OptionList)
    criteria.highlighted = criteria.get_option_index(criterion)
    await pilot.pause()
    return screen


def first_vendor(path):
    ws = Workspace(path)
    return ws, results.load(ws).vendors[0].vendor  # the overview's first row


def test_score_a_criterion_is_saved_and_shown(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_scorecard(pilot, "security.encryption")
            await pilot.press("2")
            await settle(pilot)
            assert "Your score: 2" in text_of(app, "#team")
            criteria = screen.query_one("#criteria", OptionList)
            row = criteria.get_option_index("security.encryption")
            shown = "".join(seg.text for seg in criteria.render_line(row - criteria.scroll_offset.y))
            assert shown.lstrip().startswith("2 ◆ Is buyer data encrypted")  # the new score; ◆ marks a must-have
            assert "saved" in text_of(app, "#save-status")
            await pilot.press("n")
            await settle(pilot)
            assert Workspace(ws_path).answers_of(USER, vendor.id)["security.encryption"].value == "na"
            await pilot.press("backspace")
            await settle(pilot)
            assert screen.current == "security.encryption"

    run(scenario())
    answer = Workspace(ws_path).answers_of(USER, vendor.id).get("security.encryption")
    assert answer is None or answer.value is None


def test_score_keys_save_the_value_through_the_core(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_scorecard(pilot, "security.certifications")
            await pilot.press("4")
            await settle(pilot)

    run(scenario())
    assert Workspace(ws_path).answers_of(USER, vendor.id)["security.certifications"].value == 4


def test_note_and_evidence_are_saved(ws_path):
    ws, vendor = first_vendor(ws_path)
    note = "SOC 2 Type II seen <b>&</b> [bold]Kraków[/bold]\nBridge letter due in March."

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_scorecard(pilot, "security.certifications")
            screen.query_one("#evidence", Input).focus()
            await pilot.press(*"RFP 4.2")
            screen.query_one("#note", TextArea).focus()
            screen.query_one("#note", TextArea).insert(note)
            await pilot.press("3")  # typed into the note, not a score
            await pilot.press("escape")  # back to the list: saves the edits
            await settle(pilot)

    run(scenario())
    answer = Workspace(ws_path).answers_of(USER, vendor.id)["security.certifications"]
    assert answer.evidence == "RFP 4.2"
    assert answer.note == note + "3"
    assert answer.value is None  # the "3" went into the note


def test_next_unanswered_jumps_to_an_open_criterion(ws_path):
    ws, vendor = first_vendor(ws_path)
    mine = Workspace(ws_path).answers_of(USER, vendor.id)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_scorecard(pilot, ws.scorecard.criteria()[0].id)
            await pilot.press("right_square_bracket")
            await pilot.pause()
            first = screen.current
            assert first is not None and (first not in mine or mine[first].value is None)
            await pilot.press("3", "right_square_bracket")
            await settle(pilot)
            assert screen.current != first

    run(scenario())


def test_blind_scoring_hides_teammates_until_revealed(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_scorecard(pilot, "sector.industry-tenure")
            team = text_of(app, "#team")
            assert "scores hidden" in team and "Tomás" not in team
            await pilot.press("v")
            await pilot.pause()
            assert "Tomás Rivera" in text_of(app, "#team")

    run(scenario())


def test_legal_status_is_saved_and_rating_updates(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("l")
            await pilot.pause()
            screen = app.screen
            items = screen.query_one("#items", OptionList)
            items.highlighted = items.get_option_index("DP-02")
            await pilot.pause()
            await pilot.press("m")
            await settle(pilot)
            assert "blocker" in text_of(app, "#vendor-bar")
            assert "DP-02" in text_of(app, "#vendor-bar")
            assert "not legal advice" in text_of(app, "#disclaimer")

    run(scenario())
    findings = {(f.reviewer, f.item): f.status for f in Workspace(ws_path).findings_for(vendor.id)}
    assert findings[(USER, "DP-02")] == "missing"
    r = results.load(Workspace(ws_path)).vendor(vendor.id)
    assert "DP-02" in r.legal.blockers


def test_legal_screen_rates_with_the_workspace_thresholds_like_results(ws_path):
    ws = Workspace(ws_path)
    vendor = results.load(ws).vendors[1].vendor  # the overview's second row: reviewed, rated low
    low = next(f for f in ws.findings_for(vendor.id) if ws.legal.item(f.item).severity != "critical" and f.status)
    ws.set_finding(low.reviewer, vendor.id, low.item, status=None)  # a non-critical item back to unreviewed
    ws.set_settings({"min_legal_coverage": 100})
    expected = results.load(Workspace(ws_path)).vendor(vendor.id).legal.rating

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("down", "l")
            await pilot.pause()
            assert app.screen.vendor_id == vendor.id
            return app.screen._risk().rating

    assert expected == "not reviewed"
    assert run(scenario()) == expected


def test_add_rename_remove_vendor_with_validated_dialogs(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"Summit Ridge Support", "enter")  # a duplicate
            await settle(pilot)
            assert "already exists" in text_of(app, "#dialog-error")
            name_input = app.screen.query_one("#vendor-name", Input)
            name_input.value = "Nordlicht <GmbH> & Co"
            await pilot.press("enter")
            await settle(pilot)
            assert "Nordlicht <GmbH> & Co" in [v.name for v in Workspace(ws_path).vendors()]
            table = app.screen.query_one("#vendors", DataTable)
            vid = Workspace(ws_path).vendor("Nordlicht <GmbH> & Co").id
            table.move_cursor(row=table.get_row_index(vid))
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#vendor-name", Input).value = "   "
            await pilot.press("enter")
            await pilot.pause()
            assert "must not be empty" in text_of(app, "#dialog-error")
            app.screen.query_one("#vendor-name", Input).value = "Nordlicht Kontakt"
            await pilot.press("enter")
            await settle(pilot)
            assert Workspace(ws_path).vendor(vid).name == "Nordlicht Kontakt"
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert vid not in [v.id for v in Workspace(ws_path).vendors()]

    run(scenario())


def test_weight_change_reranks_live(ws_path):
    before = [v.vendor.name for v in results.load(Workspace(ws_path)).vendors]

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f6")
            await pilot.pause()
            table = app.screen.query_one("#weights", DataTable)
            table.move_cursor(row=table.get_row_index("cat:commercials"))
            await pilot.press("plus")
            await pilot.pause()
            assert Workspace(ws_path).weights().categories["commercials"] == 13
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#value", Input).value = "60"
            await pilot.press("enter")
            await pilot.pause()
            ranking = app.screen.query_one("#live-ranking", DataTable)
            return [str(ranking.get_row_at(i)[1]) for i in range(ranking.row_count)]

    shown = run(scenario())
    after = [v.vendor.name for v in results.load(Workspace(ws_path)).vendors]
    assert Workspace(ws_path).weights().categories["commercials"] > 40
    assert after != before  # commercials at ~40% of the weight changes the order
    assert after == shown


def test_help_opens_and_lists_keys(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f1")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen).__name__ == "OverviewScreen"
            await pilot.press("question_mark")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"

    run(scenario())


def test_quit_saves_a_note_still_being_typed(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_scorecard(pilot, "security.certifications")
            screen.query_one("#note", TextArea).focus()
            screen.query_one("#note", TextArea).insert("typed just before quitting")
            # ctrl+q before the typing pause would have saved it. Posted, not pilot.press:
            # press then waits for the animator, and a scroll queued before the quit (the
            # focus above) that runs after shutdown stopped the animator leaves it waiting forever
            app.post_message(events.Key("ctrl+q", None))
            await pilot.pause()

    run(scenario())
    assert Workspace(ws_path).answers_of(USER, vendor.id)["security.certifications"].note == \
        "typed just before quitting"


def test_a_locked_file_is_a_notification_not_a_crash(ws_path, monkeypatch):
    monkeypatch.setenv("VENDORBENCH_LOCK_TIMEOUT", "0.2")
    ws, vendor = first_vendor(ws_path)
    lock = ws_path / "answers" / person_dir_name(USER) / ".lock"

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_scorecard(pilot, "security.certifications")
            with file_lock(lock, "test"):
                await pilot.press("5")
                await settle(pilot)
            assert "not saved" in text_of(app, "#save-status")
            assert any("another vendorbench process" in n.message for n in app._notifications)

    run(scenario())
    answer = Workspace(ws_path).answers_of(USER, vendor.id).get("security.certifications")
    assert answer is None or answer.value != 5


def test_teammates_new_answers_appear_after_refresh(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_scorecard(pilot, "security.certifications")
            await pilot.press("v")
            Workspace(ws_path).set_answer("Zoe Newcomer", vendor.id, "security.certifications", 1)
            assert "Zoe Newcomer" not in text_of(app, "#team")
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert "Zoe Newcomer 1" in text_of(app, "#team")

    run(scenario())


def test_palette_offers_context_commands(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_scorecard(pilot, "security.certifications")
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert any(t.startswith("Scorecard: Summit Ridge Support") for t in titles)
            assert any(t.startswith("Criterion: ") for t in titles)
            assert "Screen: Results" in titles

    run(scenario())


def test_results_drill_down_highlights_disagreements(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "VendorDetailScreen"
            table = app.screen.query_one("#criteria-table", DataTable)
            rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            return rows, text_of(app, "#detail-title")

    rows, title = run(scenario())
    assert "disagreement" in title
    assert any(r.startswith("≠ ") for r in rows) == ("0 disagreement" not in title)


def test_report_screen_builds_into_the_workspace_exports_and_asks_before_replacing(ws_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the workspace: the default is the workspace's own exports/

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f7")
            await pilot.pause()
            app.screen.query_one("#report-date", Input).value = "2027-02-30"
            app.screen.query_one("#build").press()
            await pilot.pause()
            assert "expected a date as YYYY-MM-DD" in text_of(app, "#dialog-error")
            app.screen.query_one("#report-date", Input).value = "2027-03-14"
            app.screen.query_one("#report-paper").value = "letter"
            app.screen.query_one("#build").press()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            first = text_of(app, "#report-stage")
            app.screen.query_one("#build").press()  # again: the file exists now
            await pilot.pause()
            asked = type(app.screen).__name__
            await pilot.press("escape")  # no: keep the file
            await pilot.pause()
            return first, asked

    stage, asked = run(scenario())
    pdfs = list((ws_path / "exports").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "exports").exists()
    assert "Written:" in stage and str(pdfs[0].name) in stage
    assert asked == "ConfirmDialog"
    from pypdf import PdfReader

    box = PdfReader(pdfs[0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US letter


def test_analysis_screen_shows_agreement_sensitivity_sla_and_tco(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f5", "a")
            await pilot.pause()
            import io

            from rich.console import Console

            console = Console(width=200, file=io.StringIO(), record=True)
            console.print(app.screen.query_one("#analysis", Static).content)
            return console.export_text()

    shown = run(scenario())
    res = results.load(Workspace(ws_path))
    assert f"Krippendorff's alpha {float(res.agreement.alpha):.2f}" in shown
    assert " ".join(res.sensitivity.summary[0].split()) in " ".join(shown.split())  # may wrap at 200
    assert "SLA check" in shown
    # the same sentences as the CLI, from the same rendering: what would change the recommendation
    from vendorbench import summary

    decision = summary.decision_sentences(res)
    assert decision and "What would change the decision" in shown
    assert all(" ".join(line.split()[:6]) in " ".join(shown.split()) for line in decision)


def test_analysis_screen_names_sla_findings_by_title_not_rule_id(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f5", "a")
            await pilot.pause()
            import io

            from rich.console import Console

            console = Console(width=200, file=io.StringIO(), record=True)
            console.print(app.screen.query_one("#analysis", Static).content)
            return console.export_text()

    shown = run(scenario())
    from vendorbench.analysis import sla

    assert "Summit Ridge Support: FCR target out of range (medium), fee at risk out of range (medium)" in shown
    assert "Cape Lantern CX: speed-only SLA (high)" in shown
    assert not any(rule in shown for rule in sla.RULES)  # no fcr_target_range and the like


def test_a_key_right_after_an_arrow_acts_on_the_row_the_user_sees(ws_path):
    ws, vendor = first_vendor(ws_path)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_scorecard(pilot, "security.certifications")
            criteria = screen.query_one("#criteria", OptionList)
            # move the highlight and score before the highlight message is handled
            criteria.highlighted = criteria.get_option_index("security.encryption")
            screen.action_score(1)
            await settle(pilot)

    run(scenario())
    mine = Workspace(ws_path).answers_of(USER, vendor.id)
    assert mine["security.encryption"].value == 1
    assert "security.certifications" not in mine or mine["security.certifications"].value != 1


def test_a_corrupt_file_is_a_notification_not_a_crash(ws_path):
    ws, vendor = first_vendor(ws_path)
    damaged = next((ws_path / "answers").rglob("scores-*.json"))

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            damaged.write_bytes(damaged.read_bytes()[:20])  # a teammate's file is torn
            await pilot.press("ctrl+r")
            await settle(pilot)
            await pilot.press("f3")
            await pilot.pause()
            assert type(app.screen).__name__ == "OverviewScreen"  # stayed, did not crash
            return [n.message for n in app._notifications]

    messages = run(scenario())
    assert any(str(damaged) in m and "corrupt" in m for m in messages)


def test_locked_weights_ask_the_lead_for_a_reason_and_record_it(ws_path):
    from vendorbench import governance

    ws = Workspace(ws_path)
    governance.add_person(ws, USER, USER, ["lead", "evaluator"])
    governance.open_scoring(ws, USER)

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f6")
            await pilot.pause()
            table = app.screen.query_one("#weights", DataTable)
            table.move_cursor(row=table.get_row_index("cat:commercials"))
            await pilot.press("plus")
            await pilot.pause()
            assert Workspace(ws_path).weights().categories.get("commercials") is None  # not before the reason
            app.screen.query_one("#value", Input).value = "Board asked [red]why[/red]"
            await pilot.press("enter")
            await pilot.pause()

    run(scenario())
    ws = Workspace(ws_path)
    assert ws.weights().categories["commercials"] == 13
    [change] = governance.weight_changes(ws)
    assert (change.by, change.reason) == (USER, "Board asked [red]why[/red]")
