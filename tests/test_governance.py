"""Roles, stages, the weight lock and conflict-of-interest declarations (vendorbench.governance),
driven through the command line as a team would; every refusal exits 1 and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorbench import governance as gov
from vendorbench.cli import main
from vendorbench.store import Workspace

LEAD, EVA, LEX, APP = "Lea Lead", "Eve Eval", "Lex Legal", "Abe Approver"


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Acme 2027", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    assert main(["vendor", "add", str(d), "Acme"]) == 0
    assert main(["vendor", "add", str(d), "Beta"]) == 0
    return d


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (content) and folder (None) of a workspace, lock files aside."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))
            if not p.name.endswith(".lock")}


def refused(capsys, root: Path, *args: str) -> str:
    """Run a command that must be refused: exit 1, nothing written; returns the message."""
    before = tree(root)
    code, out, err = run(capsys, *args)
    assert code == 1, (out, err)
    assert tree(root) == before
    assert "Traceback" not in err
    return err


@pytest.fixture
def team(ws: Path, capsys) -> Path:
    """A lead, an evaluator, a legal reviewer and an approver; still in setup."""
    for name, roles in ((LEAD, ["lead"]), (EVA, ["evaluator"]), (LEX, ["legal"]), (APP, ["approver"])):
        role_args = [x for r in roles for x in ("--role", r)]
        assert run(capsys, "people", ws, "add", name, *role_args, "--as", LEAD)[0] == 0
    return ws


@pytest.fixture
def scoring(team: Path, capsys) -> Path:
    assert run(capsys, "stage", team, "open-scoring", "--as", LEAD)[0] == 0
    assert run(capsys, "declare", team, "--as", EVA, "--none")[0] == 0
    return team


# --- single-team mode ---------------------------------------------------------------------


def test_without_roles_anyone_scores_reviews_and_changes_weights(ws, capsys):
    assert run(capsys, "score", ws, "--as", "anyone", "--vendor", "Acme", "--criterion", "a.one",
               "--value", "3")[0] == 0
    assert run(capsys, "legal", ws, "--as", "anyone", "--vendor", "Acme", "--item", "C1", "--status", "ok")[0] == 0
    assert run(capsys, "weights", ws, "--category", "a=5")[0] == 0
    w = Workspace(ws)
    assert gov.stage(w).stage == "single-team"
    assert gov.approval_state(w).status == "off"


def test_without_roles_results_json_has_no_approval_key(ws, capsys):
    code, out, _ = run(capsys, "results", ws, "--json")
    assert code == 0 and "approval" not in json.loads(out)


def test_people_list_without_roles_says_single_team_mode(ws, capsys):
    code, out, _ = run(capsys, "people", ws, "list")
    assert code == 0 and "single-team mode" in out


# --- people and roles ---------------------------------------------------------------------


def test_first_roles_must_include_a_lead(ws, capsys):
    err = refused(capsys, ws, "people", ws, "add", EVA, "--role", "evaluator", "--as", EVA)
    assert "first person given roles must be a lead" in err


def test_first_lead_may_be_added_by_anyone(ws, capsys):
    assert run(capsys, "people", ws, "add", LEAD, "--role", "lead", "--role", "approver", "--as", "someone")[0] == 0
    assert gov.roles_of(Workspace(ws), LEAD) == ("lead", "approver")


def test_only_the_lead_manages_people_once_roles_exist(team, capsys):
    err = refused(capsys, team, "people", team, "add", "New Person", "--role", "evaluator", "--as", EVA)
    assert "only the lead may add people" in err and LEAD in err
    refused(capsys, team, "people", team, "set", EVA, "--role", "lead", "--as", EVA)
    refused(capsys, team, "people", team, "remove", LEX, "--as", APP)


def test_lead_sets_and_removes_roles(team, capsys):
    assert run(capsys, "people", team, "set", LEX, "--role", "legal", "--role", "evaluator", "--as", LEAD)[0] == 0
    assert gov.roles_of(Workspace(team), LEX) == ("evaluator", "legal")
    assert run(capsys, "people", team, "remove", APP, "--as", LEAD)[0] == 0
    assert [p.name for p in gov.people(Workspace(team))] == [LEAD, EVA, LEX]


def test_the_only_lead_cannot_be_removed_or_demoted(team, capsys):
    assert "only lead" in refused(capsys, team, "people", team, "remove", LEAD, "--as", LEAD)
    assert "only lead" in refused(capsys, team, "people", team, "set", LEAD, "--role", "evaluator", "--as", LEAD)


def test_unknown_role_and_duplicate_person_are_refused(team, capsys):
    assert "not known" in refused(capsys, team, "people", team, "add", "X", "--role", "boss", "--as", LEAD)
    assert "already has roles" in refused(capsys, team, "people", team, "add", "eve  EVAL", "--role", "legal",
                                          "--as", LEAD)


def test_lookalike_person_name_is_refused(team, capsys):
    err = refused(capsys, team, "people", team, "add", "Еve Eval", "--role", "legal", "--as", LEAD)  # Cyrillic Е
    assert "look-alike" in err


def test_people_list_shows_roles_and_declaration_state(scoring, capsys):
    code, out, _ = run(capsys, "people", scoring, "list")
    assert code == 0
    assert f"{EVA}: evaluator  (declared)" in out and f"{LEAD}: lead" in out
    doc = json.loads(run(capsys, "people", scoring, "list", "--json")[1])
    assert {"name": EVA, "roles": ["evaluator"], "declared": True} in doc


# --- stages -------------------------------------------------------------------------------


def test_stage_moves_are_lead_only(team, capsys):
    assert "only the lead" in refused(capsys, team, "stage", team, "open-scoring", "--as", EVA)


def test_stage_needs_roles(ws, capsys):
    assert "single-team mode" in refused(capsys, ws, "stage", ws, "open-scoring", "--as", LEAD)


def test_stage_moves_in_order(team, capsys):
    assert "setup stage" in refused(capsys, team, "stage", team, "review", "--as", LEAD)
    assert run(capsys, "stage", team, "open-scoring", "--as", LEAD)[0] == 0
    assert "scoring stage" in refused(capsys, team, "stage", team, "open-scoring", "--as", LEAD)
    assert run(capsys, "stage", team, "review", "--as", LEAD)[0] == 0
    assert "reason" in refused(capsys, team, "stage", team, "reopen", "--as", LEAD)
    assert run(capsys, "stage", team, "reopen", "--as", LEAD, "--reason", "new evidence from Acme")[0] == 0
    w = Workspace(team)
    assert gov.stage(w).stage == "scoring"
    assert [(c.old, c.new) for c in gov.stage_changes(w)] == [("setup", "scoring"), ("scoring", "review"),
                                                                ("review", "scoring")]
    assert gov.stage_changes(w)[-1].reason == "new evidence from Acme"


def test_open_scoring_needs_an_evaluator(ws, capsys):
    assert run(capsys, "people", ws, "add", LEAD, "--role", "lead", "--as", LEAD)[0] == 0
    assert "evaluator" in refused(capsys, ws, "stage", ws, "open-scoring", "--as", LEAD)


def test_stage_show_reports_stage_lock_and_approval(scoring, capsys):
    code, out, _ = run(capsys, "stage", scoring)
    assert code == 0
    assert "Stage: scoring" in out and "Weights: locked since scoring opened" in out and "not yet approved" in out


# --- who scores, who reviews, when --------------------------------------------------------


def test_scoring_is_closed_in_setup(team, capsys):
    run(capsys, "declare", team, "--as", EVA, "--none")
    err = refused(capsys, team, "score", team, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one", "--value", "3")
    assert "scoring is not open" in err and "open-scoring" in err


def test_only_evaluators_score(scoring, capsys):
    err = refused(capsys, scoring, "score", scoring, "--as", LEX, "--vendor", "Acme", "--criterion", "a.one",
                  "--value", "3")
    assert "not an evaluator" in err


def test_score_without_declaration_is_refused_with_how_to_declare(team, capsys):
    assert run(capsys, "stage", team, "open-scoring", "--as", LEAD)[0] == 0
    err = refused(capsys, team, "score", team, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one", "--value", "3")
    assert "has not declared conflicts of interest" in err and f'vendorbench declare DIR --as "{EVA}" --none' in err


def test_declared_evaluator_scores_in_the_scoring_stage(scoring, capsys):
    assert run(capsys, "score", scoring, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one",
               "--value", "4")[0] == 0
    assert Workspace(scoring).votes()["v1"]["a.one"] == {EVA: 4}


def test_scores_are_frozen_in_review(scoring, capsys):
    assert run(capsys, "stage", scoring, "review", "--as", LEAD)[0] == 0
    err = refused(capsys, scoring, "score", scoring, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one",
                  "--value", "4")
    assert "review stage" in err and "reopen" in err


def test_only_legal_records_findings_and_not_in_setup(team, capsys):
    assert "setup stage" in refused(capsys, team, "legal", team, "--as", LEX, "--vendor", "Acme", "--item", "C1",
                                    "--status", "ok")
    assert run(capsys, "stage", team, "open-scoring", "--as", LEAD)[0] == 0
    assert "legal role" in refused(capsys, team, "legal", team, "--as", EVA, "--vendor", "Acme", "--item", "C1",
                                   "--status", "ok")
    assert run(capsys, "legal", team, "--as", LEX, "--vendor", "Acme", "--item", "C1", "--status", "ok")[0] == 0
    assert run(capsys, "stage", team, "review", "--as", LEAD)[0] == 0
    assert run(capsys, "legal", team, "--as", LEX, "--vendor", "Acme", "--item", "H1", "--status", "missing")[0] == 0


def test_import_obeys_the_same_rules(scoring, capsys, tmp_path):
    csv = tmp_path / "scores.csv"
    csv.write_text(f"evaluator,vendor,criterion,score,note\n{LEX},Acme,a.one,3,\n", encoding="utf-8")
    assert "not an evaluator" in refused(capsys, scoring, "import", scoring, str(csv))


def test_scoring_refused_when_questionnaire_changed_after_lock(scoring, capsys):
    pinned = scoring / "questionnaires" / "scorecard.toml"
    pinned.write_text(pinned.read_text(encoding="utf-8").replace('title = "A one"', 'title = "A uno"'),
                      encoding="utf-8")
    err = refused(capsys, scoring, "score", scoring, "--as", EVA, "--vendor", "Acme", "--criterion", "a.one",
                  "--value", "3")
    assert "questionnaires/scorecard.toml changed since scoring opened" in err


# --- the weight lock ----------------------------------------------------------------------


def test_weights_free_in_setup(team, capsys):
    assert run(capsys, "weights", team, "--category", "a=5")[0] == 0
    assert gov.weight_changes(Workspace(team)) == []


def test_weights_locked_after_scoring_opens(scoring, capsys):
    assert "locked" in refused(capsys, scoring, "weights", scoring, "--category", "a=5")
    assert "only the lead" in refused(capsys, scoring, "weights", scoring, "--category", "a=5", "--as", EVA,
                                      "--reason", "x")
    assert "needs a reason" in refused(capsys, scoring, "weights", scoring, "--category", "a=5", "--as", LEAD)


def test_weights_locked_also_for_direct_core_calls(scoring):
    with pytest.raises(Exception, match="locked"):
        Workspace(scoring).set_weights(categories={"a": 5})


def test_lead_changes_locked_weights_with_a_reason_and_it_is_recorded(scoring, capsys):
    assert run(capsys, "weights", scoring, "--category", "a=5", "--as", LEAD, "--reason", "board request")[0] == 0
    assert run(capsys, "weights", scoring, "--criterion", "a.one=2", "--as", LEAD, "--reason", "second")[0] == 0
    changes = gov.weight_changes(Workspace(scoring))
    assert [(c.by, c.reason) for c in changes] == [(LEAD, "board request"), (LEAD, "second")]
    assert changes[0].old == {"categories": {}, "criteria": {}}
    assert changes[0].new == {"categories": {"a": 5.0}, "criteria": {}}
    assert changes[1].old == changes[0].new and changes[1].new["criteria"] == {"a.one": 2.0}
    assert changes[0].at


# --- declarations -------------------------------------------------------------------------


def test_declare_conflicts_per_vendor_in_the_persons_own_file(scoring, capsys):
    code, out, _ = run(capsys, "declare", scoring, "--as", EVA, "--vendor", "Acme", "--text", "my brother works there",
                       "--vendor", "Beta", "--text", "former employer")
    assert code == 0 and "Acme: my brother works there" in out
    w = Workspace(scoring)
    found = gov.declarations_of(w, EVA)
    assert [(d.vendor_id, d.text) for d in found] == [("v1", "my brother works there"), ("v2", "former employer")]
    own = scoring / "answers" / w.person_dir(EVA) / "governance.json"
    assert own.is_file() and "former employer" in own.read_text(encoding="utf-8")
    assert w.people() == []  # the file is not mistaken for an answers file
    assert w.answers() == []


def test_declare_refusals(team, capsys):
    assert "either --none" in refused(capsys, team, "declare", team, "--as", EVA)
    assert "one --text for each --vendor" in refused(capsys, team, "declare", team, "--as", EVA, "--vendor", "Acme")
    assert "no role" in refused(capsys, team, "declare", team, "--as", "Stranger", "--none")
    assert "unknown vendor" in refused(capsys, team, "declare", team, "--as", EVA, "--vendor", "Zeta", "--text", "x")


def test_hand_damaged_declaration_file_names_the_file(scoring, capsys):
    w = Workspace(scoring)
    path = scoring / "answers" / w.person_dir(EVA) / "governance.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["declarations"]["1"]["vendor_id"] = 7
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "people", scoring, "list")
    assert code == 1 and "governance.json" in err and "declarations" in err


@pytest.mark.parametrize("args", [
    ("sla", "--vendor", "Acme", "--set", "fcr_target_pct=75"),
    ("tco", "--vendor", "Acme", "--set", "contract_months=24"),
    ("settings", "--set", "currency=EUR"),
    ("evidence", "contract-start", "2027-06-01"),
])
def test_the_leads_shared_settings_are_refused_to_others_once_roles_exist(ws, capsys, args):
    """With roles, SLA terms, TCO inputs and the settings are the lead's (one writer of workspace.json)."""
    for name, role in ((LEAD, "lead"), (EVA, "evaluator")):
        assert run(capsys, "people", ws, "add", name, "--role", role, "--as", LEAD)[0] == 0
    command = [args[0], *args[1:2], ws, *args[2:]] if args[0] == "evidence" else [args[0], ws, *args[1:]]
    err = refused(capsys, ws, *command, "--as", EVA)
    assert "only the lead may change" in err
    assert run(capsys, *command, "--as", LEAD)[0] == 0
