"""The results document: ranking + legal risk -> recommendation."""

from __future__ import annotations

import json

from vendorbench import results
from vendorbench.models import Vendor
from vendorbench.scoring import tally

from .helpers import ans, find

VENDORS = [Vendor(id="a", name="Alpha"), Vendor(id="b", name="Beta"), Vendor(id="c", name="Gamma")]


def all_scores(vendor, values):
    return [ans("e1", vendor, c, v) for c, v in zip(["a.one", "a.two", "b.one"], values)]


def compute(scorecard, checklist, answers, findings=(), vendors=VENDORS, **kw):
    return results.compute("Event", scorecard, checklist, vendors, tally(answers), findings, **kw)


def test_recommends_best_vendor_free_of_knockouts_and_blockers(scorecard, checklist):
    answers = all_scores("a", [5, 1, 5]) + all_scores("b", [5, 5, 5]) + all_scores("c", [3, 3, 3])
    findings = [find("dana", "b", "C1", "missing")]
    r = compute(scorecard, checklist, answers, findings)
    assert [v.vendor.name for v in r.vendors] == ["Beta", "Gamma", "Alpha"]
    rec = r.recommendation
    assert rec.vendor.name == "Gamma" and not rec.conditional
    text = " ".join(rec.reasons)
    assert "Beta scores higher but has a legal blocker: C1 critical thing" in text


def test_conditional_recommendation_when_every_vendor_is_knocked_out_or_blocked(scorecard, checklist):
    answers = all_scores("a", [5, 1, 5]) + all_scores("b", [4, 4, 4])
    findings = [find("dana", "b", "C1", "missing")]
    r = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:2])
    rec = r.recommendation
    assert rec.vendor.name == "Beta" and rec.conditional
    assert any("Legal blocker C1" in line for line in rec.reasons)
    r = compute(scorecard, checklist, all_scores("a", [5, 1, 5]), vendors=VENDORS[:1])
    assert r.recommendation.conditional
    assert any("Knocked out on A two (must-have): consensus 1.00, needs at least 2" in line
               for line in r.recommendation.reasons)


def test_no_recommendation_before_any_score(scorecard, checklist):
    r = compute(scorecard, checklist, [])
    assert r.recommendation.vendor is None
    assert r.to_json()["recommendation"] == {"vendor": None, "conditional": False,
                                             "reasons": ["No vendor has been scored yet."]}


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
