"""The results document: ranking + legal risk -> recommendation."""

from __future__ import annotations

import json

import pytest

from vendorbench import results
from vendorbench.scoring import tally
from vendorbench.settings import Settings
from vendorbench.vendors import Vendor

from .helpers import ans, find

VENDORS = [Vendor(id="a", name="Alpha"), Vendor(id="b", name="Beta"), Vendor(id="c", name="Gamma")]


def all_scores(vendor, values):
    return [ans("e1", vendor, c, v) for c, v in zip(["a.one", "a.two", "b.one"], values)]


def compute(scorecard, checklist, answers, findings=(), vendors=VENDORS, **kw):
    return results.compute("Event", scorecard, checklist, vendors, tally(answers), findings, **kw)


def test_recommends_best_vendor_free_of_knockouts_and_blockers(scorecard, checklist):
    answers = all_scores("a", [5, 1, 5]) + all_scores("b", [5, 5, 5]) + all_scores("c", [3, 3, 3])
    findings = [find("dana", "b", "C1", "missing"), find("dana", "c", "C1", "ok")]
    r = compute(scorecard, checklist, answers, findings)
    assert [v.vendor.name for v in r.vendors] == ["Beta", "Gamma", "Alpha"]
    rec = r.recommendation
    assert rec.vendor.name == "Gamma" and not rec.conditional and rec.status == "ready"
    assert rec.label == "Recommendation" and rec.missing == ()
    text = " ".join(rec.reasons)
    assert "Beta scores higher but has a legal blocker: critical thing." in text
    assert "C1" not in text  # names, not ids


def test_conditional_recommendation_when_every_vendor_is_knocked_out_or_blocked(scorecard, checklist):
    answers = all_scores("a", [5, 1, 5]) + all_scores("b", [4, 4, 4])
    findings = [find("dana", "b", "C1", "missing")]
    r = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:2])
    rec = r.recommendation
    assert rec.vendor.name == "Beta" and rec.conditional and rec.status == "conditional"
    assert "Legal blocker: critical thing (missing, critical)." in rec.reasons
    assert rec.label == "Recommendation (conditional)"
    r = compute(scorecard, checklist, all_scores("a", [5, 1, 5]), vendors=VENDORS[:1])
    assert r.recommendation.conditional
    assert any("Knocked out on A two (must-have): consensus 1.00, needs at least 2" in line
               for line in r.recommendation.reasons)


def test_no_recommendation_before_any_score(scorecard, checklist):
    r = compute(scorecard, checklist, [])
    assert r.recommendation.vendor is None
    assert r.to_json()["recommendation"] == {"vendor": None, "status": "none", "conditional": False,
                                             "missing": [], "reasons": ["No vendor has been scored yet."]}


def test_json_document_shape_and_unrounded_floats(scorecard, checklist):
    answers = [ans("e1", "a", "a.one", 4), ans("e2", "a", "a.one", 3), ans("e1", "a", "a.two", 5),
               ans("e2", "a", "a.two", 4), ans("e1", "a", "b.one", 2)]
    r = compute(scorecard, checklist, answers, [find("dana", "a", "H1", "missing")], vendors=VENDORS[:1])
    doc = json.loads(json.dumps(r.to_json()))
    assert doc["workspace"] == "Event"
    assert doc["scorecard"] == "small@1" and doc["legal"] == "small-legal@1"
    v = doc["vendors"][0]
    assert v["name"] == "Alpha" and v["rank"] == 1
    assert v["total"] == 73.75
    assert v["categories"] == {"a": 4.25, "b": 2.0}
    assert v["completeness"] == 1.0
    assert v["knocked_out"] is False and v["knockouts"] == []
    assert v["legal"]["rating"] == "high"  # 100 * 4 / 4 = 100 exposure
    assert v["legal"]["exposure"] == 100.0
    assert v["legal"]["coverage"] == 1 / 6
    assert v["legal"]["blockers"] == []
    assert doc["recommendation"]["vendor"] == "Alpha"
    assert doc["evaluators"] == ["e1", "e2"] and doc["reviewers"] == ["dana"]


def test_results_are_identical_across_runs(scorecard, checklist):
    answers = all_scores("a", [5, 2, 1]) + all_scores("b", [3, 4, 5])
    first = json.dumps(compute(scorecard, checklist, answers).to_json())
    assert all(json.dumps(compute(scorecard, checklist, answers).to_json()) == first for _ in range(3))


# --- readiness (workspace settings) -----------------------------------------------------------
# Small scorecard: total = 20 * (3 * A + B) / 4; A = (a.one + 3 * a.two) / 4; a.two is a knockout (< 2).

CAPE = Vendor(id="cape", name="Cape Lantern CX")
SUMMIT = Vendor(id="summit", name="Summit Ridge")


def test_cape_lantern_case_a_barely_scored_leader_is_not_ready_and_says_what_is_missing(scorecard, checklist):
    # Cape Lantern: only a.one = 5 -> A = 5, total 100, 1 of 3 criteria (33%), the knockout unscored,
    # nothing reviewed. Summit Ridge: 3s everywhere -> 60, complete, C1 reviewed ok.
    answers = [ans("maya", "cape", "a.one", 5)] + all_scores("summit", [3, 3, 3])
    r = compute(scorecard, checklist, answers, [find("dana", "summit", "C1", "ok")], vendors=[CAPE, SUMMIT])
    totals = [(v.vendor.name, float(v.score.total)) for v in r.vendors]
    assert totals == [("Cape Lantern CX", 100), ("Summit Ridge", 60)]
    rec = r.recommendation
    assert rec.vendor.name == "Cape Lantern CX"
    assert rec.status == "not ready" and rec.conditional and rec.label == "Recommendation (not ready)"
    assert rec.missing == (
        "Must-have (knockout) criteria not yet scored: A two (must-have).",
        "Scorecard 33% complete, needs 80%: 2 criteria not yet scored.",
        "Critical contract items not yet reviewed: critical thing.",
    )
    assert rec.reasons[0] == ("Cape Lantern CX leads on what has been scored so far but is not ready to "
                              "recommend; still missing:")
    assert "Summit Ridge is the best-ranked vendor ready to recommend (60.0/100)." in rec.reasons
    cape = r.vendor("cape")
    assert cape.legal.rating == "not reviewed" and not cape.ready
    assert r.vendor("summit").ready
    doc = r.to_json()
    assert doc["recommendation"]["status"] == "not ready"
    assert doc["vendors"][0]["legal"]["rating"] == "not reviewed"
    assert doc["vendors"][0]["readiness_gaps"] == list(rec.missing) and doc["vendors"][1]["ready"] is True


def test_completeness_threshold_is_a_workspace_setting_and_its_boundary_passes(scorecard, checklist):
    answers = [ans("e1", "a", "a.one", 4), ans("e1", "a", "a.two", 4)]  # 2 of 3 settled: 66.7%
    findings = [find("dana", "a", "C1", "ok")]
    strict = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1],
                     settings=Settings(min_completeness=67))
    assert strict.recommendation.status == "not ready"
    assert strict.recommendation.missing == ("Scorecard 66% complete, needs 67%: 1 criterion not yet scored.",)
    lax = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1], settings=Settings(min_completeness=66))
    assert lax.recommendation.status == "ready"
    assert "Scorecard 66% complete; not yet scored: B one." in lax.recommendation.reasons
    # N/A settles a criterion: 3 of 3
    full = compute(scorecard, checklist, answers + [ans("e1", "a", "b.one", "na")], findings, vendors=VENDORS[:1])
    assert full.recommendation.status == "ready"


def test_default_completeness_is_80_percent(scorecard, checklist):
    answers = [ans("e1", "a", "a.one", 4), ans("e1", "a", "a.two", 4)]
    r = compute(scorecard, checklist, answers, [find("dana", "a", "C1", "ok")], vendors=VENDORS[:1])
    assert r.settings.min_completeness == 80 and r.recommendation.status == "not ready"


def test_pending_knockout_blocks_readiness_unless_the_setting_is_off(scorecard, checklist):
    answers = [ans("e1", "a", "a.one", 4), ans("e1", "a", "b.one", 4)]  # a.two (knockout) unscored
    findings = [find("dana", "a", "C1", "ok")]
    settings = Settings(min_completeness=60)
    r = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1], settings=settings)
    assert r.recommendation.missing == ("Must-have (knockout) criteria not yet scored: A two (must-have).",)
    r = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1],
                settings=Settings(min_completeness=60, knockouts_scored=False))
    assert r.recommendation.status == "ready"


def test_unreviewed_critical_items_block_readiness_by_name(scorecard, checklist):
    r = compute(scorecard, checklist, all_scores("a", [4, 4, 4]), [find("dana", "a", "H1", "ok")],
                vendors=VENDORS[:1])
    assert r.recommendation.missing == ("Critical contract items not yet reviewed: critical thing.",)
    assert r.vendor("a").legal.rating == "not reviewed"
    r = compute(scorecard, checklist, all_scores("a", [4, 4, 4]), [find("dana", "a", "H1", "ok")],
                vendors=VENDORS[:1], settings=Settings(critical_reviewed=False))
    assert r.recommendation.status == "ready" and r.vendor("a").legal.rating == "low"


def test_legal_coverage_threshold_names_the_shortfall(scorecard, checklist):
    findings = [find("dana", "a", "C1", "ok")]  # 1 of 6 applicable items: 16%
    r = compute(scorecard, checklist, all_scores("a", [4, 4, 4]), findings, vendors=VENDORS[:1],
                settings=Settings(min_legal_coverage=50))
    assert r.recommendation.missing == ("Contract review 16% complete, needs 50%.",)


def test_unscored_vendor_ranks_after_a_fully_scored_knocked_out_vendor(scorecard, checklist):
    answers = all_scores("a", [5, 1, 5])  # knocked out, total 20 * (3 * 2 + 5) / 4 = 55
    r = compute(scorecard, checklist, answers, vendors=VENDORS[:2])
    assert [(v.vendor.name, v.rank) for v in r.vendors] == [("Alpha", 1), ("Beta", 2)]
    assert r.vendor("a").score.knocked_out and r.vendor("b").score.total is None


def test_a_ready_vendor_below_an_unready_leader_is_named(scorecard, checklist):
    answers = all_scores("b", [4, 4, 4])  # Beta only: ready when C1 is reviewed
    r = compute(scorecard, checklist, answers, [find("dana", "b", "C1", "ok")], vendors=VENDORS[:2])
    assert r.recommendation.vendor.name == "Beta" and r.recommendation.status == "ready"


def test_settings_are_stored_in_the_workspace_and_checked(tmp_path, small_files):
    from vendorbench.errors import VendorbenchError
    from vendorbench.store import Workspace

    sc, lg = small_files
    ws = Workspace.create(tmp_path / "ws", "Event", str(sc), str(lg))
    assert ws.settings() == Settings()
    ws.set_settings({"min_completeness": "90%", "currency": "eur", "critical_reviewed": "no"})
    assert ws.settings() == Settings(min_completeness=90, critical_reviewed=False, currency="EUR")
    for key, bad in [("min_completeness", "101"), ("min_completeness", "8.5"), ("currency", "euro"),
                     ("knockouts_scored", "maybe"), ("colour", "red")]:
        with pytest.raises(VendorbenchError, match=key):
            ws.set_settings({key: bad})
    assert ws.settings().min_completeness == 90  # nothing saved by a refused value
    text = ws.file.read_text().replace('"min_completeness": 90', '"min_completeness": "lots"')
    ws.file.write_text(text)
    with pytest.raises(VendorbenchError, match=r"workspace\.json: settings: setting min_completeness"):
        ws.settings()
