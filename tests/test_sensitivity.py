"""Weight sensitivity: exact flip points (hand-computed), plain sentences, rank acceptability."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest

from vendorbench import questionnaires, results
from vendorbench.analysis.sensitivity import DRAWS, sensitivity
from vendorbench.models import Weights
from vendorbench.scoring import tally
from vendorbench.vendors import Vendor

from .helpers import ans

VENDORS = [Vendor(id="v1", name="Alpha"), Vendor(id="v2", name="Beta"), Vendor(id="v3", name="Gamma"),
           Vendor(id="v4", name="Delta")]

THREE = """\
id = "three"
title = "Three categories"
version = "1"
kind = "scorecard"
""" + "".join(f"""
[[categories]]
id = "{c}"
title = "Category {c.upper()}"
weight = 1
  [[categories.criteria]]
  id = "{c}.k"
  title = "{c} criterion"
  weight = 1
  guidance = "g"
  rubric = {{ "0" = "none", "3" = "some", "5" = "all" }}
""" for c in "xyz")


def compute(scorecard, answers, vendors=VENDORS, checklist=None, **kw):
    checklist = checklist or questionnaires.parse(_LEGAL, "l.toml")
    return results.compute("Event", scorecard, checklist, vendors, tally(answers), [], **kw)


_LEGAL = """\
id = "l"
title = "L"
version = "1"
kind = "legal"
[[areas]]
id = "p"
title = "P"
  [[areas.items]]
  id = "C1"
  requirement = "r"
  source = "s"
  severity = "low"
  red_flag = "r"
"""


def scored(vendor, a_one, a_two, b_one, evaluator="e1"):
    """Small scorecard: A = (1 * a.one + 3 * a.two) / 4, B = b.one; total = 20 * (3A + B) / 4."""
    out = [ans(evaluator, vendor, "a.one", a_one), ans(evaluator, vendor, "a.two", a_two)]
    if b_one is not None:
        out.append(ans(evaluator, vendor, "b.one", b_one))
    return out


# --- flip points by hand ----------------------------------------------------------------------------


def test_linear_flip_points_both_categories(scorecard):
    # Alpha: A = 4, B = 2; Beta: A = 3, B = 4. Share of A = t (now 3/4), of B = 1 - t.
    #   Alpha(t) = 20 * (4t + 2(1 - t)) = 20 * (2 + 2t) = 70 at t = 3/4
    #   Beta(t)  = 20 * (3t + 4(1 - t)) = 20 * (4 - t)  = 65 at t = 3/4
    #   equal where 2 + 2t = 4 - t: t = 2/3. Below it Beta leads; above, up to 1, Alpha stays first.
    # For B (share u = 1 - t): equal at u = 1/3 (now 1/4); above it Beta leads.
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v2", 3, 3, 4), VENDORS[:2])
    s = r.sensitivity
    assert s.leader == "v1"
    a, b = s.categories["a"], s.categories["b"]
    assert a.current == Fraction(3, 4) and a.below.share == Fraction(2, 3) and a.below.leader == "v2"
    assert a.above is None and a.nearest == a.below
    assert b.current == Fraction(1, 4) and b.above.share == Fraction(1, 3) and b.above.leader == "v2"
    assert b.below is None
    assert s.summary == (
        "Alpha stays first unless Category A falls below 66.7% of the weight (now 75%); then Beta leads.",
        "Alpha stays first unless Category B rises above 33.3% of the weight (now 25%); then Beta leads.")
    doc = json.loads(json.dumps(r.to_json()))["sensitivity"]
    assert doc["categories"]["a"] == {"current": 0.75, "flip_at": 2 / 3, "new_leader": "Beta",
                                      "below": {"share": 2 / 3, "leader": "Beta"}, "above": None}
    assert doc["summary"] == list(s.summary)


def test_vendor_without_a_score_in_the_category_does_not_move(scorecard):
    # Gamma has no B score: its total is 20 * A = 20 * (1 + 3*4)/4 = 65 whatever B's share.
    # Alpha(t) = 20 * (2 + 2t) = 65 at t = 5/8 (A's share): below it Gamma leads.
    # For B's share u: Alpha = 20 * (4 - 2u) = 65 at u = 3/8.
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v3", 1, 4, None), [VENDORS[0], VENDORS[2]])
    cats = r.sensitivity.categories
    assert cats["a"].below.share == Fraction(5, 8) and cats["a"].below.leader == "v3"
    assert cats["b"].above.share == Fraction(3, 8) and cats["b"].above.leader == "v3"


def test_vendor_missing_another_category_gives_an_exact_irrational_flip():
    # Three categories of equal weight; share of X = t, Y and Z (1 - t)/2 each.
    # P: X = 5, Y = 1, no Z -> P(t) = 20 * (5t + (1-t)/2) / (t + (1-t)/2) = 20 * (9t + 1) / (1 + t)
    # Q: X = 3, Y = 3, Z = 4 -> Q(t) = 20 * (3t + 3.5(1 - t)) = 20 * (3.5 - 0.5t); at t = 1/3 Q = 66.7 > P = 60
    # P = Q where 9t + 1 = (3.5 - 0.5t)(1 + t)  <=>  t^2 + 12t - 5 = 0  <=>  t = sqrt(41) - 6 = 0.40312...
    sc = questionnaires.parse(THREE, "three.toml")
    answers = [ans("e", "p", "x.k", 5), ans("e", "p", "y.k", 1),
               ans("e", "q", "x.k", 3), ans("e", "q", "y.k", 3), ans("e", "q", "z.k", 4)]
    r = compute(sc, answers, [Vendor(id="p", name="P"), Vendor(id="q", name="Q")])
    x = r.sensitivity.categories["x"]
    assert r.sensitivity.leader == "q" and x.current == Fraction(1, 3)
    assert x.above.leader == "p"
    assert float(x.above.share) == pytest.approx(math.sqrt(41) - 6, abs=1e-15)
    assert x.below is None


def test_vendor_scored_only_in_the_category_and_a_leader_nothing_overtakes():
    # S: only X = 4 -> 80 whatever the weights. Q: 3, 3, 4 -> at most 20 * 3.5 = 70. S always leads.
    sc = questionnaires.parse(THREE, "three.toml")
    answers = [ans("e", "s", "x.k", 4), ans("e", "q", "x.k", 3), ans("e", "q", "y.k", 3), ans("e", "q", "z.k", 4)]
    r = compute(sc, answers, [Vendor(id="s", name="Solo"), Vendor(id="q", name="Q")])
    assert all(c.below is None and c.above is None for c in r.sensitivity.categories.values())
    assert r.sensitivity.summary == ("Solo stays first whatever share of the weight any one category gets "
                                     "(0-100%, the others keeping their proportions).",)
    assert r.sensitivity.rank1 == {"s": 1, "q": 0}


def test_flips_in_both_directions_read_as_a_range():
    # Q = 3, 3, 4 (as above); R: X = 2, Y = 5, Z = 2 -> R(t) = 20 * (2t + 3.5(1 - t)) = 20 * (3.5 - 1.5t)
    # P: X = 5, Y = 1, Z = 4 -> P(t) = 20 * (5t + 2.5(1 - t)) = 20 * (2.5 + 2.5t)
    # at t = 1/3: Q = 66.67, R = 60, P = 66.67... make Q lead clearly: Z = 5 for Q
    # Q: 3, 3, 5 -> Q(t) = 20 * (3t + 4(1 - t)) = 20 * (4 - t) = 73.3 at 1/3
    # P(t) = Q(t) at 2.5 + 2.5t = 4 - t: t = 3/7 (above: P leads)
    # R(t) = Q(t) at 3.5 - 1.5t = 4 - t: t = -1 (outside 0..1): R never leads; below: nothing
    # So only above. Add S: X = 0, Y = 5, Z = 5 -> S(t) = 20 * 5(1 - t) = 100(1 - t): S = Q at
    # 5 - 5t = 4 - t: t = 1/4 (below 1/3: S leads)
    sc = questionnaires.parse(THREE, "three.toml")
    answers = [ans("e", "q", "x.k", 3), ans("e", "q", "y.k", 3), ans("e", "q", "z.k", 5),
               ans("e", "p", "x.k", 5), ans("e", "p", "y.k", 1), ans("e", "p", "z.k", 4),
               ans("e", "s", "x.k", 0), ans("e", "s", "y.k", 5), ans("e", "s", "z.k", 5)]
    vendors = [Vendor(id="q", name="Q"), Vendor(id="p", name="P"), Vendor(id="s", name="S")]
    r = compute(sc, answers, vendors)
    x = r.sensitivity.categories["x"]
    assert (x.below.share, x.below.leader, x.above.share, x.above.leader) == (Fraction(1, 4), "s", Fraction(3, 7), "p")
    assert x.nearest == x.below  # 1/3 - 1/4 = 1/12 < 3/7 - 1/3 = 2/21
    assert r.sensitivity.summary[0] == ("Q stays first while Category X carries 25% to 42.9% of the weight "
                                        "(now 33.3%); below that S leads, above it P.")


def test_knocked_out_and_unscored_vendors_never_lead(scorecard):
    # Gamma knocked out (a.two = 1 < 2) although its total would be the best at many shares.
    answers = scored("v1", 4, 4, 2) + scored("v2", 3, 3, 4) + scored("v3", 5, 1, 5)
    r = compute(scorecard, answers)  # Delta has no score at all
    s = r.sensitivity
    assert r.vendor("v3").score.knocked_out
    assert s.leader == "v1"
    assert "v3" not in s.rank1 and s.rank1["v4"] == 0
    assert {f.leader for c in s.categories.values() for f in (c.below, c.above) if f} == {"v2"}


def test_exact_tie_at_the_current_weights_flips_at_the_current_share(scorecard):
    # Alpha: A = 4, B = 2 -> 20 * (2 + 2t); Beta: A = 3, B = 5 -> 20 * (5 - 2t); both 70 at t = 3/4.
    # Alpha leads by name; any move up keeps Alpha ahead, any move down gives Beta the lead.
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v2", 3, 3, 5), VENDORS[:2])
    a = r.sensitivity.categories["a"]
    assert r.sensitivity.leader == "v1"
    assert a.below.share == Fraction(3, 4) and a.below.leader == "v2" and a.above is None


def test_single_category_scorecard_has_no_flip(tmp_path):
    one = THREE.split("\n[[categories]]")[0] + "\n[[categories]]" + THREE.split("\n[[categories]]")[1]
    sc = questionnaires.parse(one, "one.toml")
    r = compute(sc, [ans("e", "p", "x.k", 5), ans("e", "q", "x.k", 1)], [Vendor(id="p", name="P"),
                                                                        Vendor(id="q", name="Q")])
    x = r.sensitivity.categories["x"]
    assert x.current == 1 and x.below is None and x.above is None


def test_weight_overrides_move_the_current_share(scorecard):
    # B weight 3 (overridden) vs A 3: shares 1/2 each. Alpha(t) = 20 (2 + 2t) = 60; Beta = 20 (4 - t) = 70.
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v2", 3, 3, 4), VENDORS[:2],
                overrides=Weights(categories={"b": 3}))
    s = r.sensitivity
    assert s.leader == "v2" and s.categories["a"].current == Fraction(1, 2)
    assert s.categories["a"].above.share == Fraction(2, 3) and s.categories["a"].above.leader == "v1"


# --- rank acceptability --------------------------------------------------------------------------------


def test_a_vendor_better_everywhere_ranks_first_in_every_draw(scorecard):
    r = compute(scorecard, scored("v1", 5, 5, 5) + scored("v2", 3, 3, 4), VENDORS[:2])
    assert r.sensitivity.rank1 == {"v1": 1, "v2": 0}


def test_identical_vendors_split_every_draw(scorecard):
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v2", 4, 4, 2), VENDORS[:2])
    assert r.sensitivity.rank1 == {"v1": Fraction(1, 2), "v2": Fraction(1, 2)}


def test_rank_acceptability_sums_to_one_and_is_the_same_on_every_run(scorecard):
    # Alpha 20 * (2 + 2t); Beta (A = 3.25, B = 5) 20 * (5 - 1.75t): Beta leads now (t = 0.75), Alpha
    # above t = 0.8, within one standard deviation of A's share in the draws (about 0.09).
    answers = scored("v1", 4, 4, 2) + scored("v2", 4, 3, 5) + scored("v3", 3, 3, 4)
    first = compute(scorecard, answers).sensitivity.rank1
    assert sum(first.values()) == 1
    assert all(p * DRAWS == int(p * DRAWS) for p in first.values())  # whole draws (no ties here)
    assert 0 < first["v1"] < first["v2"] < 1 and first["v3"] == 0 and first["v4"] == 0
    for _ in range(3):
        assert compute(scorecard, answers).sensitivity.rank1 == first


def test_no_scored_vendor_no_leader(scorecard):
    s = compute(scorecard, []).sensitivity
    assert s.leader is None and s.summary == ()
    assert all(c.below is None and c.above is None for c in s.categories.values())
    assert s.rank1 == {v.id: 0 for v in VENDORS}


def test_one_vendor_in_the_running(scorecard):
    r = compute(scorecard, scored("v1", 4, 4, 2), VENDORS[:1])
    assert r.sensitivity.rank1 == {"v1": 1}
    assert r.sensitivity.summary == ("Alpha is the only vendor that can be recommended: no weight change alters "
                                     "the lead.",)
    assert r.leader_sensitivity == r.sensitivity  # no vendor is blocked: the same analysis


def test_direct_call_matches_results(scorecard):
    r = compute(scorecard, scored("v1", 4, 4, 2) + scored("v2", 3, 3, 4), VENDORS[:2])
    direct = sensitivity(scorecard, r.weights, [v.score for v in r.vendors], {"v1": "Alpha", "v2": "Beta"})
    assert direct == r.sensitivity
