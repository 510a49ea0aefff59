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
