"""What would change the decision: the recommended vendor against its runner-up.

The decision is which recommendable vendor (scored, not knocked out, no legal
blocker) ranks first; it changes when another one would rank first instead
(higher exact total; equal totals: the name first in alphabetical order, as in
the ranking).

- Weight: the nearest flip point over all categories of the sensitivity
  computed among the recommendable vendors (analysis.sensitivity): the
  smallest change of one category's share of the weight that changes it.
- Unscored criteria: for each criterion nobody has scored yet for the
  recommended vendor or the runner-up, the score (a consensus of 0..5, whole
  numbers) at which the decision changes: for the recommended vendor the
  highest score that still changes it (every lower score does too, a score
  below a knockout threshold knocks it out), for the runner-up the lowest score
  that makes it first. The same for all of a vendor's unscored criteria at once,
  each at that score. None when no score 0..5 changes the decision.
  A vendor's total is linear in a new score, so the figures come from each
  category's weighted sum (exact) instead of rescoring the vendor six times;
  tests check them against the scoring functions.
- Evaluators: for each evaluator, the margin between the recommended vendor and
  the runner-up with that evaluator's scores left out (leave-one-out), and
  whether the runner-up would then lead (or one of them be knocked out).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .sensitivity import CategorySensitivity

if TYPE_CHECKING:
    from ..models import Scorecard
    from ..scoring import EffectiveWeights, VendorScore

SCORES = range(6)


@dataclass(frozen=True)
class WeightFlip:
    category: str
    current: Fraction  # its share of the total weight now
    share: Fraction  # the share at which another vendor would be recommended
    leader: str  # vendor id recommended past it
    current_weight: Fraction  # the category's weight now
    weight: Fraction  # the weight giving that share with every other weight unchanged
    up: bool  # the change is an increase (on an exact tie at the current share, either side can flip)


@dataclass(frozen=True)
class ScoreFlip:
    vendor: str  # whose unscored criteria these are (the recommended vendor or the runner-up)
    criteria: tuple[str, ...]  # one criterion, or all of the vendor's unscored criteria together
    score: int | None  # see the module docstring; None: no score 0..5 changes the decision
    leader: str | None  # vendor id recommended at that score


@dataclass(frozen=True)
class EvaluatorEffect:
    evaluator: str
    margin: Fraction | None  # recommended minus runner-up total without this evaluator (None: one has no total)
    leader: str | None  # which of the two would rank first without them (None: neither can)


@dataclass(frozen=True)
class Decision:
    pick: str
    runner_up: str | None
    margin: Fraction | None
    weights: tuple[WeightFlip, ...]  # the nearest flip of each category that has one, nearest first
    score_flips: tuple[ScoreFlip, ...]  # per vendor: each criterion, then all together (when more than one)
    evaluators: tuple[EvaluatorEffect, ...]  # largest move of the margin first

    @property
    def weight(self) -> WeightFlip | None:
        """The smallest change of one category's weight that changes the recommendation."""
        return self.weights[0] if self.weights else None


# --- a vendor's total with extra scores, exactly -----------------------------------------------------


class Parts:
    """One vendor's category sums, so that its total with new scores on unscored criteria is exact and
    costs one pass over the categories: S_c = num_c / den_c with integral criterion weights."""

    def __init__(self, scorecard: Scorecard, weights: EffectiveWeights, vs: VendorScore):
        self.scorecard, self.weights = scorecard, weights
        iw = weights.integral_criteria
        self.num: dict[str, Fraction] = {}
        self.den: dict[str, int] = {}
        for cat in scorecard.categories:
            den = sum(iw[c.id] for c in cat.criteria if any(v != "na" for v in vs.votes.get(c.id, {}).values()))
            score = vs.categories.get(cat.id)
            self.num[cat.id] = Fraction(0) if score is None else score * den
            self.den[cat.id] = den

    def total(self, extra: Mapping[str, int]) -> Fraction | None:
        num, den = dict(self.num), dict(self.den)
        iw = self.weights.integral_criteria
        for cid, s in extra.items():
            cat = self.scorecard.category_of(cid)
            assert cat is not None
            num[cat.id] += iw[cid] * s
            den[cat.id] += iw[cid]
        top = bottom = Fraction(0)
        for cid, d in den.items():
            if d:
                w = self.weights.categories[cid]
                top += w * num[cid] / d
                bottom += w
        return 20 * top / bottom if bottom else None


def _knocks_out(scorecard: Scorecard, extra: Mapping[str, int]) -> bool:
    for cid, s in extra.items():
        crit = scorecard.criterion(cid)
        if crit is not None and crit.knockout_below is not None and s < crit.knockout_below:
            return True
    return False


def _ahead(a: tuple[Fraction, str], b: tuple[Fraction, str]) -> bool:
    """a ranks before b: higher total, or the same total and the name first (scoring.rank)."""
    return a[0] > b[0] or (a[0] == b[0] and a[1].casefold() < b[1].casefold())


# --- together ---------------------------------------------------------------------------------------


def decide(scorecard: Scorecard, weights: EffectiveWeights, candidates: Sequence[VendorScore], pick: str,
           runner_up: str | None, names: Mapping[str, str],
           categories: Mapping[str, CategorySensitivity]) -> Decision:
    """candidates: the recommendable vendors in rank order (pick among them); categories: their flip points."""
    by_id = {s.vendor_id: s for s in candidates}
    me = by_id[pick]
    other = by_id.get(runner_up) if runner_up else None
    assert me.total is not None
    margin = None if other is None or other.total is None else me.total - other.total
    return Decision(pick, runner_up, margin, tuple(_weight_flips(weights, categories)),
                    tuple(_score_flips(scorecard, weights, candidates, pick, runner_up, names)),
                    tuple(_evaluator_effects(scorecard, weights, me, other, names)))


def _weight_flips(weights: EffectiveWeights, categories: Mapping[str, CategorySensitivity]) -> list[WeightFlip]:
    total = sum(weights.categories.values())
    out = []
    for c in categories.values():
        near = c.nearest
        if near is not None:
            others = total - weights.categories[c.category]
            out.append(WeightFlip(c.category, c.current, near.share, near.leader, weights.categories[c.category],
                                  near.share / (1 - near.share) * others, near is c.above))
    return sorted(out, key=lambda f: abs(f.share - f.current))  # stable: scorecard order among equals


def unscored(scorecard: Scorecard, vs: VendorScore) -> list[str]:
    """Criteria nobody has answered for the vendor (N/A counts as answered), in scorecard order."""
    return [c.id for c in scorecard.criteria() if not vs.votes.get(c.id)]


def _score_flips(scorecard: Scorecard, weights: EffectiveWeights, candidates: Sequence[VendorScore], pick: str,
                 runner_up: str | None, names: Mapping[str, str]) -> list[ScoreFlip]:
    key = {s.vendor_id: (s.total, names[s.vendor_id]) for s in candidates}
    me = next(s for s in candidates if s.vendor_id == pick)
    rivals = [s.vendor_id for s in candidates if s.vendor_id != pick]
    best_rival = None
    for vid in rivals:  # the vendor recommended if the pick dropped out or fell behind
        if best_rival is None or _ahead(key[vid], key[best_rival]):  # type: ignore[arg-type]
            best_rival = vid
    out: list[ScoreFlip] = []

    def groups(vs: VendorScore) -> list[tuple[str, ...]]:
        missing = unscored(scorecard, vs)
        return [(c,) for c in missing] + ([tuple(missing)] if len(missing) > 1 else [])

    mine_groups = groups(me)  # Parts only when there is something to try: most finished evaluations have none
    mine = Parts(scorecard, weights, me) if mine_groups else None
    for crits in mine_groups:
        assert mine is not None
        flip = None
        for s in reversed(SCORES):  # the highest score that still changes the decision
            extra = dict.fromkeys(crits, s)
            total = mine.total(extra)
            if _knocks_out(scorecard, extra) or (best_rival is not None and total is not None
                                                 and _ahead(key[best_rival], (total, names[pick]))):  # type: ignore[arg-type]
                flip = ScoreFlip(pick, crits, s, best_rival)
                break
        out.append(flip or ScoreFlip(pick, crits, None, None))

    if runner_up is not None:
        ru = next(s for s in candidates if s.vendor_id == runner_up)
        their_groups = groups(ru)
        theirs = Parts(scorecard, weights, ru) if their_groups else None
        for crits in their_groups:
            assert theirs is not None
            flip = None
            for s in SCORES:  # the lowest score that makes the runner-up first
                extra = dict.fromkeys(crits, s)
                total = theirs.total(extra)
                if not _knocks_out(scorecard, extra) and total is not None and _ahead(
                        (total, names[runner_up]), key[pick]):  # type: ignore[arg-type]
                    flip = ScoreFlip(runner_up, crits, s, runner_up)
                    break
            out.append(flip or ScoreFlip(runner_up, crits, None, None))
    return out


# --- leave one evaluator out ------------------------------------------------------------------------


def totals_without_each(scorecard: Scorecard, weights: EffectiveWeights,
                        vs: VendorScore) -> dict[str, tuple[Fraction | None, bool]]:
    """Per evaluator who scored the vendor (one not knocked out): (its total, knocked out) with that
    evaluator's answers left out.

    One pass over the votes with integers: every mean is over a common denominator L (the lcm of the
    numbers of scorers, with and without one), so leaving one evaluator out adjusts integer sums; each
    total is then one Fraction."""
    iw = weights.integral_criteria
    votes = vs.votes
    # a common multiple of every number of scorers n and of n - 1: lcm(1..most answers on one criterion)
    big = math.lcm(*range(1, max(map(len, votes.values()), default=1) + 1))
    knocked: dict[str, bool] = {}
    # per category: the full sums, and per evaluator the change of the numerator and of the weight
    cats: list[tuple[str, int, int, dict[str, int], dict[str, int]]] = []
    for cat in scorecard.categories:
        num = den = 0
        d_num: dict[str, int] = {}
        d_den: dict[str, int] = {}
        for crit in cat.criteria:
            people = votes.get(crit.id)
            if not people:
                continue
            n = total = 0
            for v in people.values():
                if v != "na":
                    n += 1
                    total += v  # type: ignore[operator]
            if not n:
                continue
            w = iw[crit.id]
            full = total * (big // n)
            num += w * full
            den += w
            if n == 1:
                e = next(e for e, v in people.items() if v != "na")
                d_num[e] = d_num.get(e, 0) - w * full
                d_den[e] = d_den.get(e, 0) - w
                continue
            # without e: (total - v) * part instead of full, i.e. a change of w * (total * part - full - v * part)
            part = big // (n - 1)
            shift, step = w * (total * part - full), w * part
            for e, v in people.items():
                if v != "na":
                    d_num[e] = d_num.get(e, 0) + shift - step * v  # type: ignore[operator]
            threshold = crit.knockout_below
            if threshold is not None:
                for e, v in people.items():
                    if v != "na" and (total - v) < threshold * (n - 1):  # type: ignore[operator]
                        knocked[e] = True
        if den:
            cats.append((cat.id, num, den, d_num, d_den))
    evaluators = sorted({e for *_, d_num, _ in cats for e in d_num})
    omega_scale = math.lcm(*(w.denominator for w in weights.categories.values()))
    omega = {c: int(w * omega_scale) for c, w in weights.categories.items()}
    out: dict[str, tuple[Fraction | None, bool]] = {}
    for e in evaluators:
        terms = [(omega[cid], num + dn.get(e, 0), den + dd.get(e, 0)) for cid, num, den, dn, dd in cats]
        terms = [t for t in terms if t[2]]
        if not terms:
            out[e] = (None, knocked.get(e, False))
            continue
        common = math.lcm(*(d for _, _, d in terms))
        top = sum(w * n * (common // d) for w, n, d in terms)
        out[e] = (Fraction(20 * top, big * common * sum(w for w, _, _ in terms)), knocked.get(e, False))
    return out


def _evaluator_effects(scorecard: Scorecard, weights: EffectiveWeights, me: VendorScore,
                       other: VendorScore | None, names: Mapping[str, str]) -> list[EvaluatorEffect]:
    if other is None:
        return []
    mine = totals_without_each(scorecard, weights, me)
    theirs = totals_without_each(scorecard, weights, other)
    out = []
    for e in sorted(set(mine) | set(theirs), key=str.casefold):
        t_me, ko_me = mine.get(e, (me.total, me.knocked_out))
        t_ot, ko_ot = theirs.get(e, (other.total, other.knocked_out))
        margin = None if t_me is None or t_ot is None else t_me - t_ot
        able = [(t, names[vid], vid) for vid, t, ko in ((me.vendor_id, t_me, ko_me), (other.vendor_id, t_ot, ko_ot))
                if t is not None and not ko]
        leader = None
        if able:
            leader = able[0][2] if len(able) == 1 or _ahead(able[0][:2], able[1][:2]) else able[1][2]
        out.append(EvaluatorEffect(e, margin, leader))
    base = None if me.total is None or other.total is None else me.total - other.total
    # the evaluator whose scores move the decision most first; a lost total or a knockout is the largest move
    out.sort(key=lambda x: (x.leader == me.vendor_id and x.margin is not None,
                            -abs(x.margin - base) if x.margin is not None and base is not None else 0))
    return out
