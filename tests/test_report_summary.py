"""Derived facts for the executive summary (vendorbench.summary), on the small questionnaires."""

from __future__ import annotations

from fractions import Fraction

from vendorbench import results, summary
from vendorbench.scoring import DISAGREEMENT_SPREAD, tally
from vendorbench.vendors import Vendor

from .helpers import ans, find

VENDORS = [Vendor(id="a", name="Alpha"), Vendor(id="b", name="Beta"), Vendor(id="c", name="Gamma"),
           Vendor(id="d", name="Delta")]
CRITERIA = ["a.one", "a.two", "b.one"]


def scores(vendor, values, evaluator="e1"):
    return [ans(evaluator, vendor, c, v) for c, v in zip(CRITERIA, values)]


def compute(scorecard, checklist, answers, findings=(), vendors=VENDORS):
    return results.compute("Event", scorecard, checklist, vendors, tally(answers), findings)


def test_runner_up_is_the_next_eligible_vendor_and_margin_is_the_difference(scorecard, checklist):
    # Beta scores best but is a legal blocker; Alpha is recommended; Gamma is the next eligible.
    answers = scores("a", [4, 4, 4]) + scores("b", [5, 5, 5]) + scores("c", [3, 3, 3]) + scores("d", [1, 1, 1])
    res = compute(scorecard, checklist, answers, [find("dana", "b", "C1", "missing")])
    assert summary.recommended(res).vendor.name == "Alpha"
    mg = summary.margin(res)
    assert mg.runner_up.vendor.name == "Gamma"
    assert mg.points == res.vendor("a").score.total - res.vendor("c").score.total == 20


def test_conditional_recommendation_takes_the_next_scored_vendor_as_runner_up(scorecard, checklist):
    answers = scores("a", [5, 1, 5]) + scores("b", [4, 4, 4])
    res = compute(scorecard, checklist, answers, [find("dana", "b", "C1", "missing")], vendors=VENDORS[:2])
    assert res.recommendation.conditional
    assert summary.runner_up(res).vendor.name == "Alpha"  # knocked out, so not eligible either
    assert summary.margin(res).points == 80 - 55


def test_no_margin_without_a_second_scored_vendor(scorecard, checklist):
    res = compute(scorecard, checklist, scores("a", [4, 4, 4]), vendors=VENDORS[:2])
    assert summary.margin(res) is None
    assert summary.margin(compute(scorecard, checklist, [])) is None


def test_why_not_chosen_names_knockout_blocker_and_score(scorecard, checklist):
    answers = scores("a", [4, 4, 4]) + scores("b", [5, 5, 5]) + scores("c", [5, 1, 5])
    res = compute(scorecard, checklist, answers, [find("dana", "b", "C1", "missing")])
    why = {nc.vendor.vendor.name: nc.reasons for nc in summary.why_not_chosen(res)}
    assert set(why) == {"Beta", "Gamma", "Delta"}
    assert [r.kind for r in why["Beta"]] == ["blocker", "higher"]
    assert why["Beta"][0].text == "legal blocker: critical thing"
    assert why["Gamma"][0].kind == "knockout" and "A two (must-have)" in why["Gamma"][0].text
    assert "consensus 1.00, needs at least 2" in why["Gamma"][0].text
    assert [r.kind for r in why["Delta"]] == ["unscored"]


def test_incomplete_vendor_gets_a_caveat(scorecard, checklist):
    answers = scores("a", [4, 4, 4]) + [ans("e1", "b", "b.one", 3)]
    res = compute(scorecard, checklist, answers, vendors=VENDORS[:2])
    (beta,) = summary.why_not_chosen(res)
    kinds = [r.kind for r in beta.reasons]
    assert kinds[0] == "lower" and "incomplete" in kinds
    assert any("33% scored" in r.text for r in beta.reasons)
    assert any("1 knockout criteria not yet scored" in r.text for r in beta.reasons)


def test_strongest_and_weakest_never_overlap_and_carry_the_field_place(scorecard, checklist):
    answers = scores("a", [5, 5, 2]) + scores("b", [3, 3, 4])
    res = compute(scorecard, checklist, answers, vendors=VENDORS[:2])
    strong, weak = summary.strongest_and_weakest(res, "a")
    assert [s.category.id for s in strong] == ["a"] and [s.category.id for s in weak] == ["b"]
    assert (strong[0].score, strong[0].place, strong[0].field) == (5, 1, 2)
    assert (weak[0].score, weak[0].place) == (2, 2)


def test_conditions_to_sign_are_the_open_items_blockers_first(scorecard, checklist):
    answers = scores("a", [4, 4, 4])
    findings = [find("dana", "a", "H1", "negotiate"), find("dana", "a", "M1", "missing"),
                find("dana", "a", "C1", "ok")]
    res = compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1])
    assert [s.item.id for s in summary.conditions_to_sign(res)] == ["M1", "H1"]
    assert [s.item.id for s in summary.unreviewed_items(res.vendor("a").legal)] == ["H2", "M2", "L1"]


def test_disagreement_uses_the_scoring_threshold(scorecard, checklist):
    answers = [ans("e1", "a", "a.one", 1), ans("e2", "a", "a.one", 1 + DISAGREEMENT_SPREAD),
               ans("e1", "a", "a.two", 3), ans("e2", "a", "a.two", 3 + DISAGREEMENT_SPREAD - 1),
               ans("e1", "a", "b.one", 0), ans("e2", "a", "b.one", 5)]
    res = compute(scorecard, checklist, answers, vendors=VENDORS[:1])
    found = summary.disagreements(res, "a")
    assert [(d.criterion.id, d.spread) for d in found] == [("b.one", 5), ("a.one", DISAGREEMENT_SPREAD)]


def test_readiness_is_draft_until_everything_is_scored_and_reviewed(scorecard, checklist):
    answers = scores("a", [4, 4, 4])
    res = compute(scorecard, checklist, answers, vendors=VENDORS[:1])
    r = summary.readiness(res)
    assert r.scorecard == 1 and r.legal == 0 and r.draft
    findings = [find("dana", "a", i, "ok") for i in ("C1", "H1", "H2", "M1", "M2", "L1")]
    assert not summary.readiness(compute(scorecard, checklist, answers, findings, vendors=VENDORS[:1])).draft
    half = compute(scorecard, checklist, scores("a", [4, 4, 4]) + [ans("e1", "b", "a.one", 3)], findings,
                   vendors=VENDORS[:2])
    assert summary.readiness(half).scorecard == Fraction(2, 3)


def test_area_status_is_the_worst_item_with_a_missing_critical_item_a_blocker(scorecard, checklist):
    findings = [find("dana", "a", "C1", "missing"), find("dana", "a", "H1", "ok"), find("dana", "a", "M1", "ok"),
                find("dana", "a", "M2", "ok"), find("dana", "a", "L1", "na")]
    res = compute(scorecard, checklist, [], findings, vendors=VENDORS[:1])
    st = summary.area_statuses(res.vendor("a").legal, checklist)
    assert (st["privacy"].status, st["privacy"].count, st["privacy"].applicable, st["privacy"].reviewed) == \
        ("blocker", 1, 3, 2)
    assert (st["other"].status, st["other"].count) == ("ok", 2)
    assert st["privacy"].counts == {"blocker": 1, "ok": 1, "unreviewed": 1}  # what the risk matrix cell counts
    only_na = compute(scorecard, checklist, [], [find("dana", "a", i, "na") for i in ("M1", "M2", "L1")],
                      vendors=VENDORS[:1])
    assert summary.area_statuses(only_na.vendor("a").legal, checklist)["other"].status == "na"


def test_who_scored_and_reviewed_what(scorecard, checklist):
    answers = scores("a", [4, 4, "na"]) + [ans("e2", "b", "b.one", 2)]
    res = compute(scorecard, checklist, answers, [find("dana", "b", "C1", "ok")], vendors=VENDORS[:2])
    assert summary.answered_by(res) == {"e1": {"a": 3}, "e2": {"b": 1}}
    assert summary.reviewed_by(res) == {"dana": {"b": 1}}
    assert {e: [c.id for c in cats] for e, cats in summary.categories_by(res).items()} == \
        {"e1": ["a", "b"], "e2": ["b"]}


def test_short_labels_use_first_names_when_distinct_else_letters():
    assert summary.short_labels(["Maya Chen (Ops)", "Tomás Rivera"]) == {"Maya Chen (Ops)": "Maya",
                                                                        "Tomás Rivera": "Tomás"}
    people = ["Evaluator 01", "Evaluator 02"]
    assert summary.short_labels(people) == {"Evaluator 01": "A", "Evaluator 02": "B"}
    labels = summary.short_labels([f"Person {i}" for i in range(28)])
    assert (labels["Person 0"], labels["Person 25"], labels["Person 27"]) == ("A", "Z", "AB")


def test_alpha_reading_follows_krippendorffs_convention():
    assert summary.alpha_reading(Fraction(4, 5)).startswith("good")
    assert summary.alpha_reading(Fraction(799, 1000)).startswith("tentative")
    assert summary.alpha_reading(Fraction(667, 1000)).startswith("tentative")
    assert summary.alpha_reading(Fraction(666, 1000)).startswith("weak")
    assert summary.alpha_reading(None).startswith("undefined")


def test_sensitivity_follows_the_vendor_that_can_be_recommended(scorecard, checklist):
    answers = scores("a", [4, 4, 4]) + scores("b", [5, 5, 2]) + scores("c", [3, 3, 3])
    res = compute(scorecard, checklist, answers, vendors=VENDORS[:3])
    assert res.sensitivity.leader == summary.recommended(res).vendor.id
    blocked = compute(scorecard, checklist, answers, [find("dana", res.sensitivity.leader, "C1", "missing")],
                      vendors=VENDORS[:3])
    # the sensitivity follows the vendor that can be recommended; the leader on scores is kept apart
    assert blocked.sensitivity.leader == summary.recommended(blocked).vendor.id
    assert blocked.leader_sensitivity.leader == res.sensitivity.leader
