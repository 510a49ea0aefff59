"""Evaluator agreement: Krippendorff's alpha (ordinal) by hand and against the krippendorff
package, and the disagreements that make the calibration agenda."""

from __future__ import annotations

import math
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorbench import questionnaires
from vendorbench.analysis.agreement import agreement, ordinal_alpha
from vendorbench.scoring import (
    DISAGREEMENT_SPREAD,
    consensus_of,
    effective_weights,
    score_vendor,
    tally,
)

from .helpers import SMALL_SCORECARD, ans

NAN = math.nan


def package_alpha(units: list[list[int]]) -> float:
    """The krippendorff package on the same units: coders as rows, missing as NaN."""
    coders = max(len(u) for u in units)
    data = [[u[i] if i < len(u) else NAN for u in units] for i in range(coders)]
    return krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="ordinal")


def scores_of(scorecard, answers, vendors=("v",)):
    w = effective_weights(scorecard)
    votes = tally(answers)
    return [score_vendor(scorecard, w, v, votes.get(v, {})) for v in vendors]


# --- alpha by hand ----------------------------------------------------------------------------


def test_alpha_two_values_by_hand():
    # units [1,1] [1,2] [2,2] [3]; [3] has one value and drops out.
    # coincidences: o11 = 2*1/(2-1) = 2, o12 = o21 = 1, o22 = 2  ->  n1 = 3, n2 = 3, n = 6
    # ordinal delta2(1,2) = (n1 + n2 - (n1 + n2)/2)^2 = (6 - 3)^2 = 9
    # alpha = 1 - (n-1) * sum(o delta2) / sum(n_c n_k delta2) = 1 - 5 * 18 / 162 = 4/9
    assert ordinal_alpha([[1, 1], [1, 2], [2, 2], [3]]) == Fraction(4, 9)


def test_alpha_three_values_uses_ordinal_distances():
    # units [1,2] [2,3] [1,3] [3,3]: n1 = 2, n2 = 2, n3 = 4, n = 8
    # delta2(1,2) = (4 - 2)^2 = 4; delta2(2,3) = (6 - 3)^2 = 9; delta2(1,3) = (8 - 3)^2 = 25
    # sum(o delta2) = 2 * (4 + 9 + 25) = 76; sum(n_c n_k delta2) = 2 * (2*2*4 + 2*4*9 + 2*4*25) = 576
    # alpha = 1 - 7 * 76 / 576 = 11/144
    assert ordinal_alpha([[1, 2], [2, 3], [1, 3], [3, 3]]) == Fraction(11, 144)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_pairs_or_variation():
    assert ordinal_alpha([[1, 1], [4, 4], [2, 2, 2]]) == 1
    assert ordinal_alpha([[1], [2], [3]]) is None  # one coder per unit: nothing to pair
    assert ordinal_alpha([[3, 3], [3, 3, 3]]) is None  # no variation: expected disagreement is 0
    assert ordinal_alpha([]) is None


# --- alpha against the krippendorff package ---------------------------------------------------------

# Krippendorff (2011) / the package's own example (4 coders, 12 units, ordinal alpha 0.815)
KRIPPENDORFF_2011 = [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
                     [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]]
FIXED = [
    KRIPPENDORFF_2011,
    [[0, 5, 3], [4, 4], [2, 1, 5, 5], [0, 0, 1], [3], [5, 4, 4, 4]],
    [[1, 2], [2, 3], [1, 3], [3, 3]],
    [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0]],
]


@pytest.mark.parametrize("units", FIXED)
def test_alpha_matches_the_krippendorff_package_on_fixed_data(units):
    assert float(ordinal_alpha(units)) == pytest.approx(package_alpha(units), abs=1e-12)


def test_krippendorff_2011_example_is_0_815():
    assert round(float(ordinal_alpha(KRIPPENDORFF_2011)), 3) == 0.815


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), min_size=2, max_size=5), min_size=2, max_size=15))
def test_alpha_matches_the_krippendorff_package_on_random_data(units):
    mine = ordinal_alpha(units)
    if mine is None:  # the package raises or returns NaN where alpha is undefined
        return
    assert float(mine) == pytest.approx(package_alpha(units), abs=1e-9)


# --- agreement over a workspace's votes ---------------------------------------------------------------


def test_units_are_vendor_criterion_pairs_and_na_is_missing(scorecard):
    # units: (v, a.one) [4, 3] + e3 N/A; (v, a.two) [5, 4]; (v, b.one) [2] alone; (w, a.one) [1, 1]
    answers = [ans("e1", "v", "a.one", 4), ans("e2", "v", "a.one", 3), ans("e3", "v", "a.one", "na"),
               ans("e1", "v", "a.two", 5), ans("e2", "v", "a.two", 4), ans("e1", "v", "b.one", 2),
               ans("e1", "w", "a.one", 1), ans("e2", "w", "a.one", 1)]
    a = agreement(scorecard, scores_of(scorecard, answers, ("v", "w")))
    units_a = [[4, 3], [5, 4], [1, 1]]
    assert a.categories["a"] == ordinal_alpha(units_a)
    assert a.categories["b"] is None  # a single score: no pair
    assert a.alpha == ordinal_alpha(units_a + [[2]])
    assert float(a.alpha) == pytest.approx(package_alpha(units_a))


def test_single_evaluator_gives_null_alpha_everywhere(scorecard):
    answers = [ans("e1", "v", c, s) for c, s in [("a.one", 1), ("a.two", 4), ("b.one", 5)]]
    a = agreement(scorecard, scores_of(scorecard, answers))
    assert a.alpha is None and a.categories == {"a": None, "b": None}
    assert a.disagreements == ()


def test_disagreements_list_spreads_of_two_or_more_with_each_score(scorecard):
    answers = [ans("e1", "v", "a.one", 1), ans("e2", "v", "a.one", 3),   # spread 2: listed
               ans("e1", "v", "a.two", 2), ans("e2", "v", "a.two", 3),   # spread 1: not listed
               ans("e1", "v", "b.one", 0), ans("e2", "v", "b.one", 5), ans("e3", "v", "b.one", "na"),  # 5
               ans("e1", "w", "a.one", 5), ans("e2", "w", "a.one", 2)]   # 3
    a = agreement(scorecard, scores_of(scorecard, answers, ("v", "w")))
    listed = [(d.vendor_id, d.criterion, d.spread, d.scores) for d in a.disagreements]
    # widest first, then rank order (the order given), then questionnaire order
    assert listed == [("v", "b.one", 5, {"e1": 0, "e2": 5}),
                      ("w", "a.one", 3, {"e1": 5, "e2": 2}),
                      ("v", "a.one", 2, {"e1": 1, "e2": 3})]
    assert DISAGREEMENT_SPREAD == 2


VOTES = st.dictionaries(st.sampled_from(["e1", "e2", "e3", "e4"]),
                        st.one_of(st.integers(0, 5), st.just("na")), max_size=4)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(["a.one", "a.two", "b.one"]), VOTES, min_size=1))
def test_disagreements_are_exactly_the_units_whose_consensus_spread_reaches_the_threshold(votes):
    scorecard = questionnaires.parse(SMALL_SCORECARD, "small.toml")
    vs = score_vendor(scorecard, effective_weights(scorecard), "v", votes)
    found = {d.criterion: d.spread for d in agreement(scorecard, [vs]).disagreements}
    expected = {cid: c.spread for cid, v in votes.items()
                if (c := consensus_of(v)).spread is not None and c.spread >= DISAGREEMENT_SPREAD}
    assert found == expected


def test_votes_for_criteria_outside_the_scorecard_are_ignored(scorecard):
    votes = {"gone.criterion": {"e1": 0, "e2": 5}, "a.one": {"e1": 2, "e2": 2}}
    vs = score_vendor(scorecard, effective_weights(scorecard), "v", votes)
    a = agreement(scorecard, [vs])
    assert a.disagreements == () and a.alpha is None  # one unit, no variation


def test_categories_scored_by_one_evaluator_are_named_as_such(scorecard):
    from vendorbench.scoring import effective_weights, score_vendor

    w = effective_weights(scorecard)
    votes = {
        "v1": {"a.one": {"priya": 4}, "a.two": {"priya": 3}, "b.one": {"maya": 2}},
        "v2": {"a.one": {"priya": 5}, "b.one": {"tomas": 4, "maya": "na"}},
    }
    a = agreement(scorecard, [score_vendor(scorecard, w, vid, v) for vid, v in votes.items()])
    # A: Priya alone on every unit -> one evaluator; B: Maya on v1 and Tomás on v2, never the same unit,
    # so alpha is undefined but two people looked (Maya's N/A on v2 is no score)
    assert a.categories == {"a": None, "b": None}
    assert a.single == frozenset({"a"})
    assert a.single_rater("a") and not a.single_rater("b")
