"""The scorecard method, checked against small hand-computed examples."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from vendorbench import questionnaires
from vendorbench.models import Weights
from vendorbench.scoring import consensus, effective_weights, rank, score_vendor, tally

from .helpers import SMALL_SCORECARD, ans

# Hand computation for the "full" case used below (category A weight 3, B weight 1):
#   a.one: e1=4, e2=3, e3=N/A        -> consensus 3.5   (N/A excluded)
#   a.two: e1=5, e2=4                -> consensus 4.5
#   A = (1*3.5 + 3*4.5) / (1+3)      = 4.25
#   b.one: e1=2                      -> B = 2
#   total = 20 * (3*4.25 + 1*2) / 4  = 73.75
FULL = [
    ans("e1", "v", "a.one", 4), ans("e2", "v", "a.one", 3), ans("e3", "v", "a.one", "na"),
    ans("e1", "v", "a.two", 5), ans("e2", "v", "a.two", 4),
    ans("e1", "v", "b.one", 2),
]


def score(scorecard, answers, weights=None, vendor="v"):
    return score_vendor(scorecard, effective_weights(scorecard, weights), vendor, tally(answers).get(vendor, {}))


def test_consensus_is_mean_of_numeric_scores_excluding_na():
    c = consensus([ans("e1", "v", "x", 4), ans("e2", "v", "x", 3), ans("e3", "v", "x", "na")])
    assert c.mean == Fraction(7, 2)
    assert c.state == "scored"
    assert c.na_by == ("e3",)


def test_consensus_is_na_only_when_nobody_scored_and_someone_said_na():
    assert consensus([ans("e1", "v", "x", "na")]).state == "na"
    assert consensus([ans("e1", "v", "x", "na")]).mean is None
    assert consensus([]).state == "unscored"


def test_answer_without_score_but_with_note_counts_as_unanswered():
    c = consensus([ans("e1", "v", "x", None)])
    assert c.state == "unscored"


def test_spread_is_max_minus_min():
    c = consensus([ans("e1", "v", "x", 1), ans("e2", "v", "x", 4), ans("e3", "v", "x", 3)])
    assert c.spread == 3
    assert consensus([ans("e1", "v", "x", 1)]).spread is None


def test_category_and_total_by_hand(scorecard):
    s = score(scorecard, FULL)
    assert s.categories == {"a": Fraction(17, 4), "b": Fraction(2)}
    assert s.total == Fraction(7375, 100)
    assert s.completeness == 1


def test_unscored_category_is_left_out_of_the_total(scorecard):
    s = score(scorecard, [a for a in FULL if a.criterion != "b.one"])
    assert s.categories["b"] is None
    assert s.total == 85  # 20 * 4.25
    assert s.completeness == Fraction(2, 3)


def test_na_criterion_counts_as_complete_but_not_in_the_score(scorecard):
    answers = [a for a in FULL if a.criterion != "b.one"] + [ans("e1", "v", "b.one", "na")]
    s = score(scorecard, answers)
    assert s.categories["b"] is None
    assert s.total == 85
    assert s.completeness == 1


def test_nothing_scored_has_no_total(scorecard):
    s = score(scorecard, [])
    assert s.total is None
    assert s.completeness == 0
    assert s.pending_knockouts == ("a.two",)


def test_knockout_below_threshold(scorecard):
    answers = [a for a in FULL if a.criterion != "a.two"] + [ans("e1", "v", "a.two", 1), ans("e2", "v", "a.two", 2)]
    s = score(scorecard, answers)  # consensus 1.5 < 2
    assert s.knockouts == ("a.two",)
    assert s.knocked_out


def test_consensus_equal_to_threshold_is_not_a_knockout(scorecard):
    answers = [a for a in FULL if a.criterion != "a.two"] + [ans("e1", "v", "a.two", 1), ans("e2", "v", "a.two", 3)]
    s = score(scorecard, answers)
    assert not s.knocked_out
    assert s.pending_knockouts == ()


def test_unscored_knockout_criterion_is_pending_never_a_knockout(scorecard):
    s = score(scorecard, [a for a in FULL if a.criterion != "a.two"])
    assert s.knockouts == ()
    assert s.pending_knockouts == ("a.two",)


def test_na_knockout_criterion_is_neither_knockout_nor_pending(scorecard):
    answers = [a for a in FULL if a.criterion != "a.two"] + [ans("e1", "v", "a.two", "na")]
    s = score(scorecard, answers)
    assert s.knockouts == () and s.pending_knockouts == ()


def test_weight_overrides_change_the_total(scorecard):
    # B's weight 1 -> 3: total = 20 * (3*4.25 + 3*2) / 6 = 62.5
    s = score(scorecard, FULL, Weights(categories={"b": 3}))
    assert s.total == Fraction(125, 2)
    # a.one weight 1 -> 3: A = (3*3.5 + 3*4.5)/6 = 4; total = 20*(3*4 + 2)/4 = 70
    s = score(scorecard, FULL, Weights(criteria={"a.one": 3}))
    assert s.categories["a"] == 4
    assert s.total == 70


def test_effective_weight_shares(scorecard):
    w = effective_weights(scorecard, Weights(categories={"b": 3}))
    assert w.category_share("a") == 0.5
    assert w.criterion_share_in_category(scorecard, "a.two") == 0.75
    assert w.criterion_share(scorecard, "a.two") == 0.375
    assert w.overridden == {"b"}


def _vs(scorecard, vendor, values):
    """A vendor scored with every criterion at the given values (one evaluator)."""
    ids = ["a.one", "a.two", "b.one"]
    return score(scorecard, [ans("e1", vendor, c, v) for c, v in zip(ids, values)], vendor=vendor)


def test_ranking_puts_knocked_out_vendors_last_even_with_a_higher_total(scorecard):
    strong_but_out = _vs(scorecard, "ko", [5, 1, 5])  # a.two = 1 < 2
    weaker = _vs(scorecard, "ok", [3, 3, 3])
    ranked = rank([strong_but_out, weaker], {"ko": "Knocked", "ok": "Fine"})
    assert [(r, s.vendor_id) for r, s in ranked] == [(1, "ok"), (2, "ko")]


def test_ranking_ties_at_two_decimals_share_a_rank(scorecard):
    a = _vs(scorecard, "a", [5, 5, 5])
    b = _vs(scorecard, "b", [5, 5, 5])
    c = _vs(scorecard, "c", [4, 4, 4])
    d = _vs(scorecard, "d", [3, 3, 3])
    ranked = rank([d, c, b, a], {"a": "A", "b": "B", "c": "C", "d": "D"})
    assert [r for r, _ in ranked] == [1, 1, 3, 4]


def test_ranking_tie_uses_totals_rounded_to_two_decimals(scorecard):
    from dataclasses import replace

    base = _vs(scorecard, "x", [3, 3, 3])
    a = replace(base, vendor_id="a", total=Fraction("80.004"))
    b = replace(base, vendor_id="b", total=Fraction("80.001"))
    c = replace(base, vendor_id="c", total=Fraction("79.996"))
    d = replace(base, vendor_id="d", total=Fraction("79.994"))
    ranked = rank([a, b, c, d], {"a": "A", "b": "B", "c": "C", "d": "D"})
    assert [(r, s.vendor_id) for r, s in ranked] == [(1, "a"), (1, "b"), (1, "c"), (4, "d")]


def test_unscored_vendors_rank_after_scored_ones(scorecard):
    none = score(scorecard, [], vendor="none")
    some = _vs(scorecard, "some", [1, 2, 1])
    ranked = rank([none, some], {"none": "A", "some": "B"})
    assert [s.vendor_id for _, s in ranked] == ["some", "none"]


scores = st.one_of(st.integers(0, 5), st.just("na"), st.none())
# Integer weights times an integer factor, or any weight times a power of two,
# are exact in binary floating point, so the scaled weights are exactly proportional.
int_weights = st.integers(1, 1000)
float_weights = st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False)
SCORECARD = questionnaires.parse(SMALL_SCORECARD, "small.toml")


@settings(max_examples=150, deadline=None)
@given(
    answers=st.lists(st.tuples(st.sampled_from(["v1", "v2", "v3"]), st.sampled_from(["e1", "e2", "e3"]),
                               st.sampled_from(["a.one", "a.two", "b.one"]), scores), max_size=30),
    weights_and_factor=st.one_of(
        st.tuples(st.lists(int_weights, min_size=5, max_size=5), st.integers(1, 1000)),
        st.tuples(st.lists(float_weights, min_size=5, max_size=5), st.sampled_from([2.0 ** k for k in range(-8, 9)])),
    ),
)
def test_totals_stay_in_range_and_ranking_is_invariant_to_scaling_weights(answers, weights_and_factor):
    scorecard = SCORECARD
    (c1, c2, k1, k2, k3), factor = weights_and_factor
    cat_w, crit_w = (c1, c2), (k1, k2, k3)
    from vendorbench import results as res_mod
    from vendorbench.models import LegalChecklist
    from vendorbench.vendors import Vendor

    dedup = {(v, e, c): val for v, e, c, val in answers}
    rows = [ans(e, v, c, val) for (v, e, c), val in dedup.items()]
    vendors = [Vendor(id=v, name=v.upper()) for v in ("v1", "v2", "v3")]
    empty_legal = LegalChecklist.model_construct(id="l", title="l", version="1", kind="legal", areas=[])

    def outcome(scale):
        w = Weights(categories={"a": cat_w[0] * scale, "b": cat_w[1] * scale},
                    criteria={"a.one": crit_w[0] * scale, "a.two": crit_w[1] * scale, "b.one": crit_w[2] * scale})
        r = res_mod.compute("p", scorecard, empty_legal, vendors, tally(rows), [], w)
        return [(v.vendor.id, v.rank, v.score.total) for v in r.vendors]

    base = outcome(1.0)
    for _, _, total in base:
        assert total is None or 0 <= total <= 100
    scaled = outcome(factor)
    assert [(v, r) for v, r, _ in scaled] == [(v, r) for v, r, _ in base]
    for (_, _, t1), (_, _, t2) in zip(base, scaled):
        assert t1 == t2
