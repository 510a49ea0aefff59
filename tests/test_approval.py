"""Sign-off (vendorbench.governance.approve): who may approve, the digest of the decision
state, the approval made void by any later material change, and where that shows (results,
report, TUI)."""

from __future__ import annotations

import asyncio
import datetime as _dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from vendorbench import governance as gov
from vendorbench.cli import main
from vendorbench.report import build_report
from vendorbench.store import Workspace

from .test_governance import APP, EVA, LEAD, LEX, refused, run, tree

DAY = _dt.date(2027, 3, 14)


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Acme 2027", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    assert main(["vendor", "add", str(d), "Acme"]) == 0
    assert main(["vendor", "add", str(d), "Beta"]) == 0
    return d


@pytest.fixture
def review(ws: Path, capsys) -> Path:
    """A team that scored and reviewed; the lead moved to review: ready for sign-off."""
    for name, role in ((LEAD, "lead"), (EVA, "evaluator"), (LEX, "legal"), (APP, "approver")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "people", ws, "set", LEX, "--role", "legal", "--role", "approver", "--as", LEAD)[0] == 0
    assert run(capsys, "stage", ws, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--none")[0] == 0
    for vendor, value in (("Acme", "4"), ("Beta", "2")):
        for criterion in ("a.one", "a.two", "b.one"):
            assert run(capsys, "score", ws, "--as", EVA, "--vendor", vendor, "--criterion", criterion,
                       "--value", value)[0] == 0
    assert run(capsys, "legal", ws, "--as", LEX, "--vendor", "Acme", "--item", "C1", "--status", "ok")[0] == 0
    assert run(capsys, "stage", ws, "review", "--as", LEAD)[0] == 0
    return ws


def approve(capsys, root: Path, decision: str = "approve", note: str = "fits the brief") -> int:
    return run(capsys, "approve", root, "--as", APP, "--decision", decision, "--note", note)[0]


# --- who may approve, and when --------------------------------------------------------------


def test_approver_signs_off_in_review(review, capsys):
    code, out, _ = run(capsys, "approve", review, "--as", APP, "--decision", "approve", "--note", "fits the brief")
    assert code == 0 and "Decision digest (SHA-256): " in out
    w = Workspace(review)
    [a] = gov.approvals(w)
    assert (a.approver, a.decision, a.note) == (APP, "approve", "fits the brief")
    assert a.digest == gov.decision_digest(w) and len(a.digest) == 64
    assert (review / "answers" / w.person_dir(APP) / "governance.json").is_file()  # the approver's own file
    state = gov.approval_state(w)
    assert state.final and state.status == "approve"
    assert gov.stage(w).stage == "approved"


def test_only_approvers_approve(review, capsys):
    err = refused(capsys, review, "approve", review, "--as", LEAD, "--decision", "approve", "--note", "x")
    assert "not an approver" in err


def test_nobody_approves_what_they_scored_or_reviewed(review, capsys):
    err = refused(capsys, review, "approve", review, "--as", LEX, "--decision", "approve", "--note", "x")
    assert "has scored or reviewed" in err


def test_approval_needs_the_review_stage(review, capsys):
    assert run(capsys, "stage", review, "reopen", "--as", LEAD, "--reason", "late evidence")[0] == 0
    assert "review stage" in refused(capsys, review, "approve", review, "--as", APP, "--decision", "approve",
                                     "--note", "x")


def test_approval_needs_roles(ws, capsys):
    assert "single-team mode" in refused(capsys, ws, "approve", ws, "--as", APP, "--decision", "approve",
                                         "--note", "x")


def test_approval_needs_a_note(review, capsys):
    assert "note" in refused(capsys, review, "approve", review, "--as", APP, "--decision", "reject", "--note", "  ")


def test_reject_is_recorded_and_not_final(review, capsys):
    assert approve(capsys, review, "reject", "too risky") == 0
    state = gov.approval_state(Workspace(review))
    assert state.status == "reject" and not state.final and "rejected by" in state.line
    assert gov.stage(Workspace(review)).stage == "review"


# --- the digest -----------------------------------------------------------------------------


def test_digest_is_stable_for_the_same_state(ws):
    w = Workspace(ws)
    w.set_answer("x", "v1", "a.one", 3)
    first = gov.decision_digest(w)
    assert gov.decision_digest(Workspace(ws)) == first
    w.set_answer("x", "v1", "a.one", 3)  # saved again, same content: only a timestamp changes
    assert gov.decision_digest(Workspace(ws)) == first


def test_digest_is_canonical_json_sha256():
    assert gov.digest_of({"b": 1, "a": [1, "é"]}) == gov.digest_of({"a": [1, "é"], "b": 1})
    import hashlib

    assert gov.digest_of({"a": 1}) == hashlib.sha256(b'{"a":1}').hexdigest()


CHANGES = {
    "answer": lambda w: w.set_answer("x", "v1", "a.one", 4),
    "answer note": lambda w: w.set_answer("x", "v1", "a.one", note="checked on site"),
    "finding": lambda w: w.set_finding("x", "v1", "C1", "missing"),
    "weight": lambda w: w.set_weights(categories={"a": 9}),
    "vendor": lambda w: w.add_vendor("Gamma"),
    "vendor renamed": lambda w: w.update_vendor("v2", name="Beta Ltd"),
    "applicability": lambda w: w.set_condition("v1", w.legal.conditions()[0], False),
    "sla": lambda w: w.set_sla("v1", {"fcr_target_pct": 75}),
    "tco": lambda w: w.set_tco("v1", {"price_per_contact": 4.2}),
    "settings": lambda w: w.set_settings({"currency": "EUR"}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_digest_changes_with_each_material_change(ws, change):
    w = Workspace(ws)
    w.set_answer("x", "v1", "a.one", 3)
    before = gov.decision_digest(w)
    CHANGES[change](w)
    assert gov.decision_digest(Workspace(ws)) != before


# --- void, and where it shows ---------------------------------------------------------------


def test_a_later_change_voids_the_approval_visibly(review, capsys):
    assert approve(capsys, review) == 0
    assert run(capsys, "legal", review, "--as", LEX, "--vendor", "Beta", "--item", "H1", "--status", "missing")[0] == 0
    w = Workspace(review)
    state = gov.approval_state(w)
    assert state.void and not state.final
    day = gov.approvals(w)[0].at[:10]
    assert state.line == f"approval void: the decision changed after {APP} approved on {day}"
    assert gov.stage(w).stage == "review"

    code, out, _ = run(capsys, "results", review)
    assert code == 0 and f"approval void: the decision changed after {APP} approved on {day}" in out
    doc = json.loads(run(capsys, "results", review, "--json")[1])
    assert doc["approval"]["status"] == "void" and doc["approval"]["void"] is True
    assert doc["approval"]["approval"]["approver"] == APP


def test_weight_change_after_approval_voids_and_reapproval_restores(review, capsys):
    assert approve(capsys, review) == 0
    assert run(capsys, "weights", review, "--category", "a=9", "--as", LEAD, "--reason", "board")[0] == 0
    assert gov.approval_state(Workspace(review)).void
    assert approve(capsys, review, "approve-with-conditions", "subject to DPA changes") == 0
    state = gov.approval_state(Workspace(review))
    assert state.final and state.status == "approve-with-conditions"


def test_results_show_the_valid_approval(review, capsys):
    assert approve(capsys, review) == 0
    out = run(capsys, "results", review)[1]
    assert f"approved by {APP}" in out
    doc = json.loads(run(capsys, "results", review, "--json")[1])
    assert doc["approval"]["final"] is True and doc["approval"]["digest"] == doc["approval"]["approval"]["digest"]


# --- the report ------------------------------------------------------------------------------


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _cover(path: Path) -> str:
    return PdfReader(str(path)).pages[0].extract_text()


def test_report_is_draft_until_approved(review, tmp_path):
    info = build_report(Workspace(review), tmp_path / "r.pdf", date=DAY)
    cover = _cover(info.path)
    assert info.draft and info.mark == "DRAFT"
    assert "DRAFT" in cover and "FINAL" not in cover and "not yet approved" in cover


def test_report_is_final_when_approved_and_unchanged(review, capsys, tmp_path):
    assert approve(capsys, review, note="fits the brief") == 0
    w = Workspace(review)
    [a] = gov.approvals(w)
    info = build_report(w, tmp_path / "r.pdf", date=DAY)
    cover, text = _cover(info.path), _text(info.path)
    assert not info.draft and info.mark == "FINAL"
    assert "FINAL" in cover and "DRAFT" not in cover
    assert a.digest in cover.replace("\n", "")  # the approval block carries the digest
    assert f"{APP}: Approved" in cover
    assert "fits the brief" in text and "Conflict-of-interest declarations" in text
    assert f"{EVA}" in text and "no conflict of interest" in text
    # its own pages before the appendix, not run on under the appendix's last vendor header
    pages = [page.extract_text() for page in PdfReader(str(info.path)).pages]
    governance = next(i for i, page in enumerate(pages) if "Conflict-of-interest declarations" in page)
    assert "Appendix" not in pages[governance]
    assert any("Appendix" in page for page in pages[governance + 1:])


def test_report_says_approval_void_after_a_change(review, capsys, tmp_path):
    assert approve(capsys, review) == 0
    assert run(capsys, "weights", review, "--category", "a=9", "--as", LEAD, "--reason", "board asked")[0] == 0
    info = build_report(Workspace(review), tmp_path / "r.pdf", date=DAY)
    cover, text = _cover(info.path), _text(info.path)
    assert info.mark == "APPROVAL VOID" and "APPROVAL VOID" in cover and "FINAL" not in cover
    assert "Weight changes after scoring opened" in text and "board asked" in text and "a=9" in text


def test_report_without_roles_has_no_governance(ws, tmp_path):
    info = build_report(Workspace(ws), tmp_path / "r.pdf", date=DAY)
    text = _text(info.path)
    assert info.mark == "" and "Governance" not in text and "FINAL" not in text


# --- the TUI ---------------------------------------------------------------------------------


def test_approver_signs_off_from_the_tui(review):
    from .tui_helpers import make_app, settle

    async def scenario() -> tuple[str, str]:
        app = make_app(review, APP)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            before = str(app.screen.query_one("#governance").render())
            app.action_approve()
            await pilot.pause()
            app.screen.query_one("#approval-note").value = "Approved [b]as[/b] scored"
            await pilot.press("enter")
            await settle(pilot)
            return before, str(app.screen.query_one("#governance").render())

    before, after = asyncio.run(scenario())
    assert "Stage: review" in before and "not yet approved" in before
    [a] = gov.approvals(Workspace(review))
    assert (a.approver, a.decision, a.note) == (APP, "approve", "Approved [b]as[/b] scored")
    assert "Stage: approved" in after and f"approved by {APP}" in after


def test_tui_form_shows_refusal_and_records_nothing(review):
    from .tui_helpers import make_app, settle

    async def scenario() -> str:
        app = make_app(review, LEAD)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.action_approve()
            await pilot.pause()
            app.screen.query_one("#approval-note").value = "ok"
            await pilot.press("enter")
            await pilot.pause()
            return str(app.screen.query_one("#dialog-error").render())

    assert "not an approver" in asyncio.run(scenario())
    assert gov.approvals(Workspace(review)) == []


@pytest.mark.parametrize("void", [False, True])
def test_demo_cover_with_approval_stays_one_page(tmp_path, capsys, void):
    from vendorbench import demo

    root = tmp_path / "demo"
    demo.ensure(root)
    for name, role in ((LEAD, "lead"), (demo.MAYA, "evaluator"), (APP, "approver")):
        assert run(capsys, "people", root, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "stage", root, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "stage", root, "review", "--as", LEAD)[0] == 0
    assert approve(capsys, root, "approve-with-conditions", "subject to the DPA changes listed") == 0
    if void:
        assert run(capsys, "weights", root, "--category", "qa=14", "--as", LEAD, "--reason", "pilot lessons")[0] == 0
    info = build_report(Workspace(root), tmp_path / "r.pdf", date=DAY)
    assert info.mark == ("APPROVAL VOID" if void else "FINAL")
    assert "Cover, continued" not in PdfReader(str(info.path)).pages[1].extract_text()


def test_an_evaluator_does_not_score_a_vendor_they_declared_a_conflict_with(ws, capsys):
    for name, role in ((LEAD, "lead"), (EVA, "evaluator")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "stage", ws, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--vendor", "Beta", "--text", "my brother runs Beta's QA")[0] == 0
    assert run(capsys, "score", ws, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one", "--value", "3")[0] == 0
    before = tree(ws)
    for extra in (["--value", "3"], ["--note", "looked fine"], ["--evidence", "demo call"]):
        code, _, err = run(capsys, "score", ws, "--as", EVA, "--vendor", "Beta", "--criterion", "a.one", *extra)
        assert code != 0 and "declared a conflict of interest with 'Beta'" in err and "recusal" in err
    assert tree(ws) == before  # nothing written, not even to the audit log
    csv = ws.parent / "scores.csv"
    csv.write_text("evaluator,vendor,criterion,score,note\n"
                   f"{EVA},Acme,a.two,4,\n{EVA},Beta,a.two,4,\n{EVA},Beta,b.one,5,\n{EVA},Beta,a.one,,\n",
                   encoding="utf-8")
    code, _, err = run(capsys, "import", ws, str(csv), "--as", EVA)
    assert code != 0 and "'Beta'" in err and tree(ws) == before  # all or nothing: Acme's row is not kept either
    # the file and the first line the rule stops, once (not once per row); clearing (line 5) is not scoring
    assert f"{csv}:3: {EVA!r} declared a conflict of interest with 'Beta'" in err
    assert err.count("declared a conflict of interest") == 1 and f"{csv}:4:" not in err and f"{csv}:5:" not in err


def test_the_tui_scorecard_says_recused_before_the_first_key_and_saves_nothing(ws, capsys):
    from textual.widgets import Static

    from .tui_helpers import make_app, settle

    for name, role in ((LEAD, "lead"), (EVA, "evaluator")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "stage", ws, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--vendor", "Beta", "--text", "my brother runs Beta's QA")[0] == 0
    before = tree(ws)

    async def scenario() -> tuple[str, str, list[str]]:
        app = make_app(ws, EVA)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.action_show("scorecard", "v1")  # Acme: no conflict
            await settle(pilot)
            acme = str(app.screen.query_one("#vendor-bar", Static).render())
            app.pop_screen()
            app.action_show("scorecard", "v2")  # Beta
            await settle(pilot)
            beta = str(app.screen.query_one("#vendor-bar", Static).render())
            await pilot.press("4")
            await settle(pilot)
            return acme, beta, [n.message for n in app._notifications]

    acme, beta, notices = asyncio.run(scenario())
    assert "blind scoring" in acme and "recused" not in acme
    assert "recused (conflict)" in beta
    assert any("declared a conflict of interest with 'Beta'" in n for n in notices)
    assert tree(ws) == before


def test_a_score_given_before_a_conflict_was_declared_can_be_withdrawn(ws, capsys):
    for name, role in ((LEAD, "lead"), (EVA, "evaluator")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "stage", ws, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--none")[0] == 0
    assert run(capsys, "score", ws, "--as", EVA, "--vendor", "Beta", "--criterion", "a.one", "--value", "3")[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--vendor", "Beta", "--text", "my brother joined Beta")[0] == 0
    assert gov.summary(Workspace(ws)).conflicted == ((EVA, "Beta"),)
    assert run(capsys, "score", ws, "--as", EVA, "--vendor", "Beta", "--criterion", "a.one", "--value", "clear")[0] == 0
    assert gov.summary(Workspace(ws)).conflicted == ()


def test_report_names_scores_given_despite_a_declared_conflict(ws, capsys, tmp_path):
    for name, role in ((LEAD, "lead"), (EVA, "evaluator")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    assert run(capsys, "stage", ws, "open-scoring", "--as", LEAD)[0] == 0
    # scores given first, the conflict declared afterwards (scoring after it is refused: recusal)
    assert run(capsys, "declare", ws, "--as", EVA, "--none")[0] == 0
    for vendor in ("Acme", "Beta"):
        assert run(capsys, "score", ws, "--as", EVA, "--vendor", vendor, "--criterion", "a.one", "--value", "3")[0] == 0
    assert run(capsys, "declare", ws, "--as", EVA, "--vendor", "Beta", "--text", "my brother runs Beta's QA")[0] == 0
    summary = gov.summary(Workspace(ws))
    assert summary is not None and summary.conflicted == ((EVA, "Beta"),)
    text = " ".join(_text(build_report(Workspace(ws), tmp_path / "r.pdf", date=DAY).path).split())
    assert f"Scored a vendor they declared a conflict of interest with: {EVA} (Beta)" in text


def test_someone_who_scored_without_a_role_or_declaration_is_listed_as_undeclared(ws, capsys):
    assert run(capsys, "score", ws, "--as", "Early Bird", "--vendor", "Acme", "--criterion", "a.one",
               "--value", "3")[0] == 0  # single-team mode, before governance started
    assert run(capsys, "people", ws, "add", LEAD, "--role", "lead", "--as", LEAD)[0] == 0
    summary = gov.summary(Workspace(ws))
    assert summary is not None and "Early Bird" in summary.undeclared
