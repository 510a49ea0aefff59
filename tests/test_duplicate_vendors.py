"""The same vendor listed twice (added in two clones before a sync): neither entry is ready to
recommend, the report is a draft that says why on its cover, and the cover stays one page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorbench import results, summary
from vendorbench.report import build_report

from .test_report import pdf_text, small_workspace


def add_twin(ws, of: str, new_id: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """A second entry for a vendor, as a teammate's clone brings it through git (add_vendor refuses one)."""
    folder = Path(ws.root) / "vendors"
    doc = json.loads((folder / f"{of}.json").read_text(encoding="utf-8"))
    doc.update(id=new_id, name=name)
    (folder / f"{new_id}.json").write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def twins(tmp_path):  # type: ignore[no-untyped-def]
    ws = small_workspace(tmp_path, "Twins", [("Acme Support", ""), ("Beta Care", "")])
    acme = next(v.id for v in ws.vendors() if v.name == "Acme Support")
    add_twin(ws, acme, "v90", "ACME  support")  # reads the same: case and spacing
    return ws


def test_each_entry_of_a_vendor_listed_twice_knows_the_other_and_is_not_ready(twins):
    res = results.load(twins)
    by_name = {r.vendor.name: r for r in res.vendors}
    first, second, other = by_name["Acme Support"], by_name["ACME  support"], by_name["Beta Care"]
    assert [t.id for t in first.twins] == ["v90"] and [t.id for t in second.twins] == [first.vendor.id]
    assert other.twins == ()
    for entry in (first, second):
        assert not entry.ready
        assert any(g.startswith("Listed more than once:") for g in entry.gaps)
    assert other.ready, "a vendor not listed twice is judged as before"
    assert res.recommendation.vendor is not None and res.recommendation.vendor.name == "Beta Care"
    assert any("Listed more than once" in g for g in res.to_json()["vendors"][0]["readiness_gaps"]
               + res.to_json()["vendors"][1]["readiness_gaps"] + res.to_json()["vendors"][2]["readiness_gaps"])


def test_distinct_names_are_not_twins(tmp_path):
    ws = small_workspace(tmp_path, "Distinct", [("Acme Support", ""), ("Acme Support Ltd", "")])
    res = results.load(ws)
    assert all(r.twins == () and r.ready for r in res.vendors)
    assert summary.readiness(res).duplicated == () and not summary.readiness(res).draft


def test_the_report_is_a_draft_whose_cover_names_the_vendor_listed_twice(twins, tmp_path):
    ready = summary.readiness(results.load(twins))
    assert ready.scorecard < 1 and ready.draft  # the twin has no answers yet
    assert ready.duplicated == (f"Acme Support (id:{_id(twins, 'Acme Support')}, id:v90)",)
    info = build_report(twins, tmp_path / "r.pdf")
    pages = pdf_text(tmp_path / "r.pdf")
    assert info.draft
    assert any("listed more than once" in w and "id:v90" in w for w in info.warnings)
    cover = " ".join(pages[0].split())
    assert "Listed more than once, its evaluation split between the entries: Acme Support" in cover
    assert "Cover, continued" not in pages[1]


def test_a_fully_scored_twin_still_makes_the_report_a_draft(twins, tmp_path):
    """Both entries evaluated in full (by different people, say): the figures are still split."""
    from vendorbench.models import Answer

    crits = [c.id for c in twins.scorecard.criteria()]
    twins.import_answers([Answer(evaluator="Ewa Żak", vendor_id="v90", criterion=c, value=3) for c in crits]
                         + [Answer(evaluator="Jiří Král", vendor_id="v90", criterion=c, value=4) for c in crits])
    from vendorbench.models import Finding

    twins.import_findings([Finding(reviewer="Zoë Müller", vendor_id="v90", item=it.id, status="ok")
                           for it in twins.legal.items()])
    ready = summary.readiness(results.load(twins))
    assert ready.scorecard == 1 and ready.legal == 1
    assert ready.draft, "complete figures of a vendor listed twice are still not the team's"


def test_a_long_shortlist_keeps_the_cover_to_one_page(tmp_path):
    names = [f"Vendor {i:02d} Customer Care and Contact Centre Services Group" for i in range(40)]
    ws = small_workspace(tmp_path, "Long list", [(n, "") for n in names])
    build_report(ws, tmp_path / "r.pdf")
    pages = pdf_text(tmp_path / "r.pdf")
    assert "Cover, continued" not in pages[1]
    cover = " ".join(pages[0].split())
    assert "more (the Ranking lists them all)" in cover
    assert "Confidential: this report holds" in cover


def _id(ws, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(v.id for v in ws.vendors() if v.name == name)


# --- joining the two entries: vendor merge ------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def split(tmp_path):  # type: ignore[no-untyped-def]
    """Acme entered twice; Ewa and Jiří scored the first entry, Lena the second; Zoë reviewed both alike."""
    from vendorbench.models import Answer, Finding

    ws = small_workspace(tmp_path, "Split", [("Acme Support", ""), ("Beta Care", "")])
    acme = _id(ws, "Acme Support")
    add_twin(ws, acme, "v90", "ACME  support")
    crits = [c.id for c in ws.scorecard.criteria()]
    ws.import_answers([Answer(evaluator="Lena Berg", vendor_id="v90", criterion=c, value=5, note="strong")
                       for c in crits])
    ws.import_findings([Finding(reviewer=f.reviewer, vendor_id="v90", item=f.item, status=f.status, note=f.note,
                                clause=f.clause) for f in ws.findings() if f.vendor_id == acme])  # alike
    return ws, acme


def test_merge_gives_every_answer_to_the_kept_entry_and_removes_the_other(split):
    ws, acme = split
    before = {(a.evaluator, a.criterion): a for a in ws.answers() if a.vendor_id in (acme, "v90")}
    merged = ws.merge_vendor("v90", acme, by="Lead")
    assert merged.kept.id == acme and merged.removed.id == "v90"
    crits = len(ws.scorecard.criteria())
    assert merged.answers == crits  # Lena's
    assert merged.same == len(ws.legal.items()) and merged.findings == 0  # Zoë reviewed both entries alike
    assert [v.id for v in ws.vendors()] == [acme, _id(ws, "Beta Care")]
    after = {(a.evaluator, a.criterion): a for a in ws.answers() if a.vendor_id == acme}
    assert {k: (a.value, a.note) for k, a in after.items()} == {k: (a.value, a.note) for k, a in before.items()}
    res = results.load(ws)
    assert all(r.twins == () for r in res.vendors)
    kept = res.vendor(acme)
    assert set(kept.score.votes[ws.scorecard.criteria()[0].id]) == {"Ewa Żak", "Jiří Král", "Lena Berg"}
    assert not summary.readiness(res).duplicated


def test_merge_refuses_answers_that_differ_and_changes_nothing(split):
    from vendorbench.errors import VendorbenchError

    ws, acme = split
    first = ws.scorecard.criteria()[0].id
    ws.set_answer("Ewa Żak", "v90", first, 0)  # Ewa scored both entries, differently
    before = _tree(Path(ws.root))
    with pytest.raises(VendorbenchError) as exc:
        ws.merge_vendor("v90", acme, by="Lead")
    text = str(exc.value)
    assert "1 answer(s) differ" in text and f"Ewa Żak on {first}: 0 in id:v90" in text and "nothing was changed" in text
    assert _tree(Path(ws.root)) == before


def test_merge_refuses_two_different_vendors_and_the_same_entry(split):
    from vendorbench.errors import VendorbenchError

    ws, acme = split
    with pytest.raises(VendorbenchError, match="are two vendors"):
        ws.merge_vendor(_id(ws, "Beta Care"), acme)
    with pytest.raises(VendorbenchError, match="the same entry twice"):
        ws.merge_vendor(acme, acme)


def test_data_only_the_removed_entry_has_must_be_given_to_the_kept_one_first(split):
    from vendorbench.errors import VendorbenchError

    ws, acme = split
    ws.set_sla("v90", {"csat_min_pct": 80}, by="Lead")
    before = _tree(Path(ws.root))
    with pytest.raises(VendorbenchError, match=r"has SLA terms, which id:v\d+ does not have"):
        ws.merge_vendor("v90", acme, by="Lead")
    assert _tree(Path(ws.root)) == before
    ws.set_sla(acme, {"csat_min_pct": 85}, by="Lead")
    merged = ws.merge_vendor("v90", acme, by="Lead")
    assert merged.dropped == ("SLA terms",)
    assert ws.sla_terms()[acme]["csat_min_pct"] == 85


def test_the_cli_merges_and_says_what_it_did(split, capsys):
    from vendorbench.cli import main

    ws, acme = split
    assert main(["vendor", "merge", str(ws.root), "id:v90", "--into", f"id:{acme}", "--as", "Lead"]) == 0
    out = capsys.readouterr().out
    assert f"Merged 'ACME  support' (id:v90) into 'Acme Support' (id:{acme})" in out and "id:v90 removed" in out
    code = main(["vendor", "merge", str(ws.root), "id:v90", "--into", f"id:{acme}", "--as", "Lead"])
    err = capsys.readouterr().err
    assert code == 1 and "v90" in err and "Traceback" not in err


def test_the_duplicate_warning_names_the_merge_that_joins_them(twins):
    from vendorbench.store import duplicate_vendor_warnings

    (warning,) = duplicate_vendor_warnings(twins.vendors())
    assert f"vendorbench vendor merge DIR id:v90 --into id:{_id(twins, 'Acme Support')}" in warning


def test_with_roles_the_rules_of_a_save_apply_to_a_merge_before_anything_is_written(split, capsys):
    from vendorbench.cli import main
    from vendorbench.errors import VendorbenchError

    ws, acme = split
    assert main(["people", str(ws.root), "add", "Lead", "--role", "lead", "--as", "Lead"]) == 0
    capsys.readouterr()
    before = _tree(Path(ws.root))
    with pytest.raises(VendorbenchError, match="'Lena Berg' is not an evaluator"):
        ws.merge_vendor("v90", acme, by="Lead")
    assert _tree(Path(ws.root)) == before


def test_in_a_git_workspace_each_person_merges_their_own_and_the_last_removes_the_entry(split, capsys):
    from vendorbench.cli import main

    ws, acme = split  # Ewa and Jiří answered the first entry (no one else there); Lena and Zoë the second
    (Path(ws.root) / ".git").mkdir()  # shared through git: sync commits only each person's own files
    root = str(ws.root)
    assert main(["vendor", "merge", root, "id:v90", "--into", f"id:{acme}", "--as", "Lena Berg"]) == 0
    out = capsys.readouterr().out
    assert "Moved your answers" in out and "stays until Zoë Müller merge theirs" in out
    assert "v90" in {v.id for v in ws.vendors()}
    res = results.load(ws)
    twin, kept = res.vendor("v90"), res.vendor(acme)
    assert not any("Lena Berg" in people for people in twin.score.votes.values()), "cleared on the removed entry"
    assert all("Lena Berg" in kept.score.votes[c.id] for c in ws.scorecard.criteria())
    assert [f for f in ws.findings() if f.vendor_id == "v90" and f.status is not None], "Zoë's are still there"
    # the last one with answers on it: moves theirs (alike here) and removes the entry
    assert main(["vendor", "merge", root, "id:v90", "--into", f"id:{acme}", "--as", "Zoë Müller"]) == 0
    out = capsys.readouterr().out
    assert "id:v90 removed" in out and "v90" not in {v.id for v in ws.vendors()}
    assert all("Lena Berg" in results.load(ws).vendor(acme).score.votes[c.id] for c in ws.scorecard.criteria())


def test_the_tui_palette_merges_a_vendor_entered_twice_after_asking(split):
    import asyncio

    from .tui_helpers import make_app, palette_search, settle

    ws, acme = split
    root = Path(ws.root)

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(root, "Lead")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await palette_search(pilot, "Merge vendor: ACME  support (id:v90) into")
            await pilot.press("enter")
            await settle(pilot)
            asked = [str(w.render()) for w in app.screen.query("Static")]
            await pilot.press("y")
            await settle(pilot)
            told = [n.message for n in app._notifications]
            rows = app.screen.query_one("#vendors").row_count
            return asked, told, rows

    asked, told, rows = asyncio.run(scenario())
    assert any("Merge ACME  support (id:v90) into Acme Support" in a for a in asked)
    assert any(t.startswith("Merged 'ACME  support' (id:v90) into 'Acme Support'") for t in told)
    assert rows == 2 and [v.id for v in ws.vendors()] == [acme, _id(ws, "Beta Care")]
