"""Contract-risk rules, checked by hand on a six-item checklist.

Severity weights in the small checklist: C1 8, H1 4, H2 4, M1 2, M2 2, L1 1
(L1 applies only with card data)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from vendorbench.legal import assess, combined_status
from vendorbench.settings import Settings

from .helpers import find

ALL_OK = {"C1": "ok", "H1": "ok", "H2": "ok", "M1": "ok", "M2": "ok", "L1": "ok"}


def risk(checklist, statuses, off=(), reviewer="dana"):
    return assess(checklist, "v", [find(reviewer, "v", i, s) for i, s in statuses.items()], off)


def test_nothing_reviewed_has_zero_exposure_and_zero_coverage_and_is_not_reviewed_not_low(checklist):
    r = risk(checklist, {})
    assert r.exposure == 0
    assert r.coverage == 0
    assert r.rating == "not reviewed"
    assert not r.review_complete
    assert r.blockers == ()


def test_unreviewed_critical_item_turns_low_into_not_reviewed(checklist):
    everything_but_c1 = {k: v for k, v in ALL_OK.items() if k != "C1"}
    r = risk(checklist, everything_but_c1)
    assert r.exposure == 0 and r.coverage == Fraction(5, 6)
    assert r.rating == "not reviewed"
    assert [s.item.id for s in r.unreviewed("critical")] == ["C1"]
    # only C1 reviewed: the default threshold (every critical item) is met, so low is low
    r = risk(checklist, {"C1": "ok"})
    assert r.review_complete and r.rating == "low"


def test_higher_ratings_stay_while_the_review_is_incomplete(checklist):
    # H1 missing alone: exposure 100 -> high, even though C1 is not reviewed yet
    r = risk(checklist, {"H1": "missing"})
    assert not r.review_complete and r.rating == "high"


def test_coverage_threshold_and_critical_setting_come_from_the_workspace_settings(checklist):
    strict = Settings(min_legal_coverage=50)
    r = assess(checklist, "v", [find("dana", "v", "C1", "ok")], settings=strict)
    assert r.coverage == Fraction(1, 6) and r.rating == "not reviewed"
    three = [find("dana", "v", i, "ok") for i in ("C1", "H1", "H2")]
    assert assess(checklist, "v", three, settings=strict).rating == "low"  # exactly 50% passes
    lax = Settings(critical_reviewed=False)
    assert assess(checklist, "v", [], settings=lax).rating == "low"


def test_all_ok_is_low_with_full_coverage(checklist):
    r = risk(checklist, ALL_OK)
    assert (r.rating, r.exposure, r.coverage) == ("low", 0, 1)


def test_missing_critical_item_is_a_blocker(checklist):
    r = risk(checklist, {**ALL_OK, "C1": "missing"})
    assert r.rating == "blocker"
    assert r.blockers == ("C1",)
    assert r.exposure == Fraction(100 * 8, 21)


def test_critical_item_at_negotiate_is_high(checklist):
    r = risk(checklist, {**ALL_OK, "C1": "negotiate"})
    assert r.rating == "high"
    assert r.exposure == Fraction(100 * 4, 21)  # below 40: high because of the critical item


def test_exposure_of_exactly_40_is_high_without_a_critical_item(checklist):
    # reviewed: H1 missing (4 * 1), H2 ok (4 * 0), M1 ok (2 * 0) -> 100 * 4 / 10 = 40
    r = risk(checklist, {"H1": "missing", "H2": "ok", "M1": "ok"})
    assert r.exposure == 40
    assert r.rating == "high"


def test_exposure_just_below_40_is_medium(checklist):
    # H1 missing (4), H2 ok, M1 ok, M2 ok: 100 * 4 / 12 = 33.3
    r = risk(checklist, {"H1": "missing", "H2": "ok", "M1": "ok", "M2": "ok"})
    assert r.exposure == Fraction(100, 3)
    assert r.rating == "medium"


def test_exposure_of_exactly_15_is_medium_and_just_below_is_low(checklist):
    # reviewed C1 ok, H1 ok, H2 ok, M1 negotiate (1), M2 missing (2): 100 * 3 / 20 = 15
    r = risk(checklist, {"C1": "ok", "H1": "ok", "H2": "ok", "M1": "negotiate", "M2": "missing"}, off={"card data"})
    assert r.exposure == 15
    assert r.rating == "medium"
    r = risk(checklist, {"C1": "ok", "H1": "ok", "H2": "ok", "M1": "negotiate", "M2": "ok", "L1": "missing"})
    assert r.exposure == Fraction(200, 21)  # 9.52
    assert r.rating == "low"


def test_worst_status_among_reviewers_counts(checklist):
    findings = [find("dana", "v", "C1", "ok"), find("eli", "v", "C1", "missing"),
                find("dana", "v", "H1", "negotiate"), find("eli", "v", "H1", "ok")]
    r = assess(checklist, "v", findings)
    assert r.items["C1"].status == "missing"
    assert r.items["H1"].status == "negotiate"
    assert r.rating == "blocker"


@pytest.mark.parametrize("statuses,expected", [
    (["ok", "na"], "ok"),
    (["na", "na"], "na"),
    (["negotiate", "ok", "missing"], "missing"),
    ([], None),
])
def test_combined_status(statuses, expected):
    assert combined_status(statuses) == expected


def test_na_items_are_not_applicable(checklist):
    r = risk(checklist, {**ALL_OK, "H1": "na"})
    assert not r.items["H1"].applicable
    assert r.coverage == 1
    findings = [find("dana", "v", "H1", "na"), find("eli", "v", "H1", "missing")]
    r = assess(checklist, "v", findings)
    assert r.items["H1"].status == "missing"  # N/A only when every reviewer said N/A


def test_switched_off_condition_makes_item_not_applicable(checklist):
    r = risk(checklist, {**ALL_OK, "L1": "missing"}, off={"card data"})
    assert not r.items["L1"].applicable and r.items["L1"].switched_off
    assert r.exposure == 0
    r = risk(checklist, {"C1": "ok"}, off={"card data"})
    assert r.coverage == Fraction(1, 5)
    r = risk(checklist, {"C1": "ok"})
    assert r.coverage == Fraction(1, 6)


def test_open_items_list_missing_first_then_by_severity(checklist):
    r = risk(checklist, {"C1": "negotiate", "H1": "missing", "M1": "missing", "H2": "negotiate", "L1": "ok"})
    assert [s.item.id for s in r.open_items()] == ["H1", "M1", "C1", "H2"]


def test_findings_of_other_vendors_are_ignored(checklist):
    r = assess(checklist, "v", [find("dana", "w", "C1", "missing")])
    assert r.rating == "not reviewed" and r.coverage == 0
