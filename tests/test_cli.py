"""The command line as a user drives it: workflows, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vendorbench import __version__
from vendorbench.cli import main
from vendorbench.store import Workspace


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Acme 2027", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    return d


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def files_snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"vendorbench {__version__}"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["weights", "x", "--category", "security"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "vendorbench", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_init_with_builtins_pins_copies(tmp_path, capsys):
    code, out, _ = run(capsys, "init", tmp_path / "w", "--name", "Event")
    assert code == 0 and "60 criteria" in out
    pinned = (tmp_path / "w" / "questionnaires" / "scorecard.toml").read_bytes()
    from vendorbench.questionnaires import builtin_dir
    assert pinned == (builtin_dir() / "bpo-scorecard.toml").read_bytes()


def test_init_refuses_existing_workspace_and_non_empty_folder(ws, tmp_path, capsys):
    code, _, err = run(capsys, "init", ws, "--name", "Again")
    assert code == 1 and "already a workspace" in err
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    code, _, err = run(capsys, "init", other, "--name", "X")
    assert code == 1 and "not empty" in err
    assert (other / "keep.txt").read_text() == "mine"


def test_init_with_invalid_questionnaire_lists_problems(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nkind = "scorecard"\n')
    code, _, err = run(capsys, "init", tmp_path / "w", "--name", "E", "--scorecard", bad)
    assert code == 1 and f"{bad}:" in err and "required key missing" in err
    assert not (tmp_path / "w").exists()


def test_init_refuses_legal_checklist_as_scorecard(tmp_path, small_files, capsys):
    _, lg = small_files
    code, _, err = run(capsys, "init", tmp_path / "w", "--name", "E", "--scorecard", lg)
    assert code == 1 and "expected kind" in err


@pytest.mark.parametrize("name", [
    "AT&T Contact, Inc.", "<b>Bold</b> & <i>co</i>", "Łódź Kontakt Sp. z o.o.", "Ελληνική Υποστήριξη",
    "Контакт-центр «Восток»", "東京サポート", "[bold red]not markup[/]", "x" * 200,
])
def test_vendor_names_are_free_unicode_text(ws, capsys, name):
    code, _, _ = run(capsys, "vendor", "add", ws, name)
    assert code == 0
    code, out, _ = run(capsys, "vendor", "list", ws, "--json")
    assert [v["name"] for v in json.loads(out)] == [name]


def test_vendor_list_prints_markup_literally(ws, capsys):
    run(capsys, "vendor", "add", ws, "[bold]Acme[/bold]")
    _, out, _ = run(capsys, "vendor", "list", ws)
    assert "[bold]Acme[/bold]" in out


def test_duplicate_vendor_is_refused_ignoring_case(ws, capsys):
    assert run(capsys, "vendor", "add", ws, "Northwind")[0] == 0
    before = files_snapshot(ws)
    code, _, err = run(capsys, "vendor", "add", ws, "  NORTHWIND ")
    assert code == 1 and "already exists" in err
    assert files_snapshot(ws) == before


@pytest.mark.parametrize("name,message", [("", "must not be empty"), ("   ", "must not be empty"),
                                          ("a\nb", "control characters"), ("x" * 201, "limit is 200")])
def test_bad_vendor_names_are_refused(ws, capsys, name, message):
    code, _, err = run(capsys, "vendor", "add", ws, name)
    assert code == 1 and message in err


def test_rename_and_remove(ws, capsys):
    run(capsys, "vendor", "add", ws, "Old Name", "--region", "offshore")
    run(capsys, "vendor", "add", ws, "Other")
    code = run(capsys, "score", ws, "--as", "maya", "--vendor", "Old Name", "--criterion", "a.one", "--value", "4")[0]
    assert code == 0
    code, _, err = run(capsys, "vendor", "rename", ws, "Old Name", "other")
    assert code == 1 and "already exists" in err
    assert run(capsys, "vendor", "rename", ws, "old name", "New Name")[0] == 0
    answers = Workspace(ws).answers()
    assert [(a.vendor_id, a.value) for a in answers] == [(Workspace(ws).vendor("New Name").id, 4)]
    code, _, err = run(capsys, "vendor", "remove", ws, "New Name")
    assert code == 1 and "has answers from maya" in err and "--force" in err
    assert run(capsys, "vendor", "remove", ws, "Other")[0] == 0
    assert run(capsys, "vendor", "remove", ws, "New Name", "--force")[0] == 0
    assert Workspace(ws).vendors() == [] and Workspace(ws).answers() == []
    assert not list((ws / "answers").rglob("*.json"))


def test_unknown_vendor_criterion_item(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    before = files_snapshot(ws)
    code, _, err = run(capsys, "score", ws, "--vendor", "Nope", "--criterion", "a.one", "--value", "3")
    assert code == 1 and "unknown vendor 'Nope'" in err and "'Acme'" in err
    code, _, err = run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "zz", "--value", "3")
    assert code == 1 and "unknown criterion 'zz'" in err
    code, _, err = run(capsys, "legal", ws, "--vendor", "Acme", "--item", "ZZ-1", "--status", "ok")
    assert code == 1 and "unknown legal item 'ZZ-1'" in err
    assert files_snapshot(ws) == before


@pytest.mark.parametrize("value", ["6", "-1", "3.5", "five", ""])
def test_score_out_of_range_is_refused(ws, capsys, value):
    run(capsys, "vendor", "add", ws, "Acme")
    before = files_snapshot(ws)
    code, _, err = run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "a.one", "--value", value)
    assert code == 1 and "0..5" in err
    assert files_snapshot(ws) == before


def test_bad_legal_status_is_refused(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    code, _, err = run(capsys, "legal", ws, "--vendor", "Acme", "--item", "C1", "--status", "fine")
    assert code == 1 and "ok, negotiate, missing, na" in err


def test_score_note_evidence_na_and_clear(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    s = ["score", ws, "--as", "Maya", "--vendor", "Acme", "--criterion", "a.one"]
    assert run(capsys, *s, "--value", "3", "--note", "Pilot <b>&</b> calls")[0] == 0
    assert run(capsys, *s, "--evidence", "RFP 4.2")[0] == 0  # keeps value and note
    (a,) = Workspace(ws).answers()
    assert (a.value, a.note, a.evidence, a.evaluator) == (3, "Pilot <b>&</b> calls", "RFP 4.2", "Maya")
    assert run(capsys, *s, "--value", "NA")[0] == 0
    assert Workspace(ws).answers()[0].value == "na"
    assert run(capsys, *s, "--value", "clear")[0] == 0
    (a,) = Workspace(ws).answers()
    assert a.value is None and a.note  # note kept
    assert run(capsys, *s, "--value", "clear", "--note", "", "--evidence", "")[0] == 0
    assert Workspace(ws).answers() == []
    code, _, err = run(capsys, *s)
    assert code == 1 and "nothing to set" in err


def test_identity_from_environment(ws, capsys, monkeypatch):
    run(capsys, "vendor", "add", ws, "Acme")
    monkeypatch.setenv("VENDORBENCH_USER", "Env Person")
    run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "a.one", "--value", "2")
    run(capsys, "score", ws, "--as", "Flag Person", "--vendor", "Acme", "--criterion", "a.one", "--value", "4")
    assert sorted(a.evaluator for a in Workspace(ws).answers()) == ["Env Person", "Flag Person"]


def test_same_person_in_different_case_is_one_evaluator(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    run(capsys, "score", ws, "--as", "Maya", "--vendor", "Acme", "--criterion", "a.one", "--value", "2")
    run(capsys, "score", ws, "--as", "maya", "--vendor", "Acme", "--criterion", "a.one", "--value", "5")
    (a,) = Workspace(ws).answers()
    assert a.value == 5


def test_huge_note_is_kept_whole_and_over_limit_is_refused(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    note = ("Zażółć gęślą jaźń <b>&amp; " * 2000)[:50_000]
    assert run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "a.one", "--value", "1", "--note", note)[0] == 0
    assert Workspace(ws).answers()[0].note == note.strip()
    code, _, err = run(capsys, "score", ws, "--vendor", "Acme", "--criterion", "a.one", "--note", "x" * 100_001)
    assert code == 1 and "limit" in err


def test_weights_show_override_and_reset(ws, capsys):
    code, out, _ = run(capsys, "weights", ws)
    assert code == 0 and "75.0%" in out and "25.0%" in out
    code, out, _ = run(capsys, "weights", ws, "--category", "b=3", "--criterion", "a.one=3")
    assert code == 0 and "50.0%" in out and "*" in out
    w = Workspace(ws).weights()
    assert w.categories == {"b": 3.0} and w.criteria == {"a.one": 3.0}
    code, _, err = run(capsys, "weights", ws, "--category", "zz=3")
    assert code == 1 and "unknown category 'zz'" in err
    code, _, err = run(capsys, "weights", ws, "--category", "a=0")
    assert code == 1 and "greater than 0" in err
    code, _, err = run(capsys, "weights", ws, "--criterion", "a.one=-2")
    assert code == 1
    assert Workspace(ws).weights().categories == {"b": 3.0}
    assert run(capsys, "weights", ws, "--reset")[0] == 0
    assert Workspace(ws).weights().categories == {}


def test_applies_switches_conditions(ws, capsys):
    run(capsys, "vendor", "add", ws, "Acme")
    code, out, _ = run(capsys, "applies", ws, "--vendor", "Acme", "--set", "card data=no")
    assert code == 0 and "no   card data" in out
    assert Workspace(ws).conditions_off() == {"v1": {"card data"}}
    code, _, err = run(capsys, "applies", ws, "--vendor", "Acme", "--set", "cards=no")
    assert code == 1 and "unknown condition" in err
    run(capsys, "applies", ws, "--vendor", "Acme", "--set", "card data=yes")
    assert Workspace(ws).conditions_off() == {}


def test_results_table_and_json(ws, capsys):
    for name in ("Alpha", "Beta"):
        run(capsys, "vendor", "add", ws, name)
    for crit, a, b in [("a.one", 4, 2), ("a.two", 5, 1), ("b.one", 2, 5)]:
        run(capsys, "score", ws, "--as", "e1", "--vendor", "Alpha", "--criterion", crit, "--value", a)
        run(capsys, "score", ws, "--as", "e1", "--vendor", "Beta", "--criterion", crit, "--value", b)
    run(capsys, "legal", ws, "--as", "dana", "--vendor", "Alpha", "--item", "H1", "--status", "negotiate")
    run(capsys, "legal", ws, "--as", "dana", "--vendor", "Alpha", "--item", "C1", "--status", "ok")
    code, out, _ = run(capsys, "results", ws, "--json")
    doc = json.loads(out)
    assert code == 0
    ranking = [(v["name"], v["rank"], v["knocked_out"]) for v in doc["vendors"]]
    assert ranking == [("Alpha", 1, False), ("Beta", 2, True)]
    # Alpha: A = (4 + 3*5)/4 = 4.75, B = 2 -> 20 * (3*4.75 + 2) / 4 = 81.25
    assert doc["vendors"][0]["total"] == 81.25
    assert doc["recommendation"]["vendor"] == "Alpha"
    code, out, _ = run(capsys, "results", ws)
    assert code == 0 and "Alpha" in out and "81.2" in out and "Recommendation: Alpha" in out


def test_commands_on_a_missing_or_foreign_folder(tmp_path, capsys):
    code, _, err = run(capsys, "results", tmp_path / "nope")
    assert code == 1 and "no such workspace" in err
    code, _, err = run(capsys, "results", tmp_path)
    assert code == 1 and "not a vendorbench workspace" in err


def test_pinned_questionnaire_edited_badly_is_reported(ws, capsys):
    pinned = ws / "questionnaires" / "scorecard.toml"
    pinned.write_text(pinned.read_text().replace("weight = 3", 'weight = "3"', 1))
    code, _, err = run(capsys, "results", ws)
    assert code == 1 and f"{pinned}:" in err and "expected a number" in err


def test_plain_vendorbench_opens_the_workspace_it_is_run_in(ws, capsys, monkeypatch):
    opened = []
    import vendorbench.tui as tui

    monkeypatch.setattr(tui, "run", lambda path, user: opened.append((str(path), user)) or 0)
    monkeypatch.chdir(ws)
    assert main([]) == 0
    assert opened == [(".", "tester")]


def test_plain_vendorbench_outside_a_workspace_explains_and_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    assert "not inside a workspace" in capsys.readouterr().err


def test_open_refuses_a_missing_workspace_before_starting_the_ui(tmp_path, capsys):
    code, _, err = run(capsys, "open", tmp_path / "nope")
    assert code == 1 and "no such workspace" in err


def test_settings_command_shows_sets_and_refuses_bad_values(ws, capsys):
    code, out, _ = run(capsys, "settings", ws)
    assert code == 0 and "min_completeness     80 (default)" in out and "currency             USD (default)" in out
    code, out, _ = run(capsys, "settings", ws, "--set", "min_completeness=90", "--set", "currency=brl")
    assert code == 0 and "Saved: min_completeness=90, currency=BRL" in out
    code, out, err = run(capsys, "settings", ws, "--set", "min_completeness=90", "--set", "critical_reviewed=perhaps")
    assert code == 1 and "critical_reviewed" in err and "Traceback" not in err
    code, out, _ = run(capsys, "settings", ws, "--json")
    assert json.loads(out) == {"min_completeness": 90, "knockouts_scored": True, "critical_reviewed": True,
                               "min_legal_coverage": 0, "currency": "BRL", "contract_start": None}


def test_results_say_not_ready_and_name_what_is_missing(ws, capsys):
    run(capsys, "vendor", "add", ws, "Cape Lantern CX")
    run(capsys, "score", ws, "--as", "e1", "--vendor", "Cape Lantern CX", "--criterion", "a.one", "--value", "5")
    code, out, _ = run(capsys, "results", ws)
    assert code == 0 and "Recommendation (not ready): Cape Lantern CX" in out
    assert "A two (must-have)" in out and "critical thing" in out and "not reviewed" in out
    code, out, _ = run(capsys, "results", ws, "--json")
    assert json.loads(out)["recommendation"]["status"] == "not ready"


def test_removing_a_vendor_keeps_its_responses_evidence_and_kpis_unless_forced(ws, capsys):
    assert main(["vendor", "add", str(ws), "Acme"]) == 0 and main(["vendor", "add", str(ws), "Beta"]) == 0
    for rel in ("responses/v1/round-1.json", "evidence/v1/records.json", "operations/kpi-v1.json",
                "responses/v2/round-1.json"):
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text("{}")
    code, _, err = run(capsys, "vendor", "remove", ws, "Acme")
    assert code == 1 and "responses/v1" in err and "--force" in err
    assert (ws / "responses/v1/round-1.json").exists() and [v.name for v in Workspace(ws).vendors()] == ["Acme", "Beta"]
    assert run(capsys, "vendor", "remove", ws, "Acme", "--force")[0] == 0
    assert not (ws / "responses/v1").exists() and not (ws / "evidence/v1").exists()
    assert not (ws / "operations/kpi-v1.json").exists()
    assert (ws / "responses/v2/round-1.json").exists()  # the other vendor's data stays
