"""The demo sourcing event: content that tells the intended story, and safe create/reuse/reset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorbench import demo, questionnaires, results
from vendorbench.errors import VendorbenchError
from vendorbench.store import WORKSPACE_FILE, Workspace


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, results.Results]:
    ws, created = demo.ensure(tmp_path_factory.mktemp("demo") / "event")
    assert created
    return ws, results.load(ws)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- content ----------------------------------------------------------------------------


def test_demo_has_vendors_evaluators_and_a_reviewer(built):
    ws, res = built
    assert ws.meta.demo is True
    assert ws.meta.name == demo.DEMO_NAME
    vendors = ws.vendors()
    assert len(vendors) >= 4
    assert any("&" in v.name and not v.name.isascii() for v in vendors)
    assert all(v.region and v.website and v.notes for v in vendors)
    assert set(res.evaluators) == {demo.MAYA, demo.TOMAS, demo.PRIYA}
    assert res.reviewers == (demo.DANA,)


def test_recommendation_knockout_blocker_and_disagreement(built):
    _, res = built
    rec = res.recommendation
    assert rec.vendor is not None and not rec.conditional
    assert rec.vendor.name == "Brightline São Paulo"
    by_name = {v.vendor.name: v for v in res.vendors}
    cheap = by_name["Kestrel Global Services"]
    assert cheap.score.knockouts == ("qa.audit-coverage",)
    assert cheap.score.categories["commercials"] == max(
        v.score.categories["commercials"] for v in res.vendors if v.score.categories["commercials"] is not None)
    gap = by_name["Łukasiewicz & Partners Contact"]
    assert gap.legal.rating == "blocker" and "AI-02" in gap.legal.blockers
    assert gap.rank == 1  # the best score, stopped by the contract
    assert not by_name["Summit Ridge Support"].score.knocked_out
    assert by_name["Cape Lantern CX"].score.pending_knockouts  # shortlisted late, security not scored
    spreads = [c.spread for v in res.vendors for cid in v.score.votes
               if (c := v.score.consensus(cid)).spread is not None]
    assert sum(s >= 2 for s in spreads) >= 3


def test_answers_look_like_real_evaluator_work(built):
    ws, res = built
    answers = ws.answers()
    noted = sum(bool(a.note) for a in answers) / len(answers)
    assert 0.15 <= noted <= 0.25
    assert any(a.evidence for a in answers)
    assert any(a.value == "na" for a in answers)
    assert any(v.score.consensus(c).state == "na" for v in res.vendors for c in v.score.votes)
    scores = [a.value for a in answers if isinstance(a.value, int)]
    assert min(scores) <= 1 and max(scores) == 5


def test_legal_review_partly_finished(built):
    ws, res = built
    coverage = {v.vendor.name: v.legal.coverage for v in res.vendors}
    assert sum(c == 1 for c in coverage.values()) >= 2
    assert any(c < 1 for c in coverage.values())
    statuses = {f.status for f in ws.findings()}
    assert statuses == {"ok", "negotiate", "missing", "na"}
    assert any(f.clause for f in ws.findings())
    conditions = ws.legal.conditions()
    card = next(c for c in conditions if "card data" in c)
    regulated = next(c for c in conditions if "regulated financial" in c)
    off = ws.conditions_off()
    assert all(regulated in off.get(v.id, set()) for v in ws.vendors())
    assert any(card in off.get(v.id, set()) for v in ws.vendors())
    assert any(card not in off.get(v.id, set()) for v in ws.vendors())


def test_every_id_the_demo_names_exists_in_the_builtin_questionnaires():
    sc = questionnaires.load(questionnaires.resolve(questionnaires.BUILTIN_SCORECARD))
    lg = questionnaires.load(questionnaires.resolve(questionnaires.BUILTIN_LEGAL))
    known = {"criterion": {c.id for c in sc.criteria()}, "category": {c.id for c in sc.categories},
             "item": {i.id for i in lg.items()}}
    unknown = [(kind, ident) for kind, ident in demo.story_ids() if ident not in known[kind]]
    assert unknown == []
    assert any("card data" in c for c in lg.conditions())
    assert any("regulated financial" in c for c in lg.conditions())


def test_builds_deterministically(tmp_path: Path, built):
    ws, created = demo.ensure(tmp_path / "again")
    assert created
    assert json.dumps(results.load(ws).to_json()) == json.dumps(built[1].to_json())


# --- create, reuse, reset, refuse ---------------------------------------------------------


def test_rerun_reuses_the_demo_unchanged(tmp_path: Path):
    path = tmp_path / "demo"
    ws, created = demo.ensure(path)
    assert created
    ws.set_answer(demo.MAYA, "Summit Ridge Support", "qa.calibration", 0, note="my own edit")
    before = _snapshot(path)
    again, created = demo.ensure(path)
    assert created is False
    assert again.root == path
    assert _snapshot(path) == before
    assert any(a.note == "my own edit" for a in again.answers())


def test_reset_rebuilds(tmp_path: Path):
    path = tmp_path / "demo"
    ws, _ = demo.ensure(path)
    pristine = sorted(ws.answers(), key=lambda a: (a.evaluator, a.vendor_id, a.criterion))
    ws.set_answer(demo.MAYA, "Summit Ridge Support", "qa.calibration", 0, note="my own edit")
    ws.add_vendor("Extra BPO")
    (path / "stray.txt").write_text("left by the user")
    ws2, created = demo.ensure(path, reset=True)
    assert created
    assert sorted(ws2.answers(), key=lambda a: (a.evaluator, a.vendor_id, a.criterion)) == pristine
    assert "Extra BPO" not in [v.name for v in ws2.vendors()]
    assert not (path / "stray.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]  # no temporary folders left behind


def test_uses_an_existing_empty_folder(tmp_path: Path):
    path = tmp_path / "empty"
    path.mkdir()
    ws, created = demo.ensure(path)
    assert created and ws.meta.demo
    assert (path / WORKSPACE_FILE).is_file()


def test_creates_missing_parent_folders(tmp_path: Path):
    ws, created = demo.ensure(tmp_path / "a" / "b" / "demo")
    assert created and len(ws.vendors()) >= 4


@pytest.mark.parametrize("reset", [False, True])
def test_refuses_a_folder_with_other_files(tmp_path: Path, reset: bool):
    path = tmp_path / "mine"
    path.mkdir()
    (path / "notes.txt").write_text("important")
    before = _snapshot(path)
    with pytest.raises(VendorbenchError, match="exists and is not a demo workspace; choose another folder"):
        demo.ensure(path, reset=reset)
    assert _snapshot(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


@pytest.mark.parametrize("reset", [False, True])
def test_refuses_a_real_workspace(tmp_path: Path, reset: bool):
    path = tmp_path / "real"
    ws = Workspace.create(path, "Real sourcing event")
    ws.add_vendor("Acme Contact")
    before = _snapshot(path)
    with pytest.raises(VendorbenchError, match="is not a demo workspace"):
        demo.ensure(path, reset=reset)
    assert _snapshot(path) == before


def test_refuses_a_file(tmp_path: Path):
    path = tmp_path / "file"
    path.write_text("not a folder")
    with pytest.raises(VendorbenchError, match="is not a demo workspace"):
        demo.ensure(path, reset=True)
    assert path.read_text() == "not a folder"


def test_refuses_a_folder_with_an_unreadable_workspace_file(tmp_path: Path):
    path = tmp_path / "broken"
    path.mkdir()
    (path / WORKSPACE_FILE).write_text("{not json")
    with pytest.raises(VendorbenchError, match="is not a demo workspace"):
        demo.ensure(path, reset=True)
    assert (path / WORKSPACE_FILE).read_text() == "{not json"


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    from vendorbench.cli import main

    path = tmp_path / "cli-demo"
    assert main(["demo", str(path), "--no-tui"]) == 0
    assert "Created demo workspace" in capsys.readouterr().out
    opened = []
    import vendorbench.tui as tui

    monkeypatch.setattr(tui, "run", lambda p, user: opened.append((p, user)) or 0)
    assert main(["demo", str(path)]) == 0  # without --no-tui it opens the TUI, as the demo evaluator
    out = capsys.readouterr().out
    assert "Using existing demo workspace" in out
    assert opened == [(path, "Maya Chen (Support Ops)")]
