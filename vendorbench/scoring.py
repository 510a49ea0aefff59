"""Scorecard arithmetic: pure functions, exact (Fraction) arithmetic.

The method, as shown to users:
- Consensus of a criterion for a vendor: the mean of the evaluators' numeric
  scores (N/A and unanswered excluded); with no numeric score it is N/A if
  anyone answered N/A, else unscored.
- Category score (0..5) = sum(w * s) / sum(w) over its criteria that have a
  consensus score.
- Total (0..100) = 20 * sum(W * S) / sum(W) over the categories that have a score.
- Completeness = share of criteria that have a consensus score or are N/A.
- Knockout: a consensus below the criterion's knockout_below disqualifies the
  vendor; an unscored knockout criterion is pending, never a knockout.
- Ranking: vendors not knocked out first, by total descending, then knocked-out
  vendors by total descending, then vendors not scored at all (an unscored
  vendor never ranks above a scored one, knocked out or not); totals equal to
  two decimals share a rank.

Fractions keep every figure exact (no float drift between runs or when all
weights are scaled); callers convert to float only for display and JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from .models import Answer, Scorecard, Weights


@dataclass(frozen=True)
class EffectiveWeights:
    """Category and criterion weights after workspace overrides."""

    categories: dict[str, Fraction]
    criteria: dict[str, Fraction]
    overridden: frozenset[str] = frozenset()

    @cached_property
    def integral_criteria(self) -> dict[str, int]:
        """Criterion weights times one common factor, as integers: a category score is
        a ratio of weighted sums, so the common factor cancels and the sums stay
        integer (fast) while the result stays exact."""
        scale = math.lcm(*(w.denominator for w in self.criteria.values())) if self.criteria else 1
        return {cid: int(w * scale) for cid, w in self.criteria.items()}

    def category_share(self, category_id: str) -> float:
        total = sum(self.categories.values())
        return float(self.categories[category_id] / total) if total else 0.0

    def criterion_share_in_category(self, scorecard: Scorecard, criterion_id: str) -> float:
        cat = scorecard.category_of(criterion_id)
        assert cat is not None
        total = sum(self.criteria[c.id] for c in cat.criteria)
        return float(self.criteria[criterion_id] / total)

    def criterion_share(self, scorecard: Scorecard, criterion_id: str) -> float:
        """Nominal share of the total: category share x share within the category."""
        cat = scorecard.category_of(criterion_id)
        assert cat is not None
        return self.category_share(cat.id) * self.criterion_share_in_category(scorecard, criterion_id)


def effective_weights(scorecard: Scorecard, overrides: Weights | None = None) -> EffectiveWeights:
    overrides = overrides or Weights()
    cats = {c.id: Fraction(overrides.categories.get(c.id, c.weight)) for c in scorecard.categories}
    crits = {k.id: Fraction(overrides.criteria.get(k.id, k.weight)) for k in scorecard.criteria()}
    overridden = frozenset(
        [c for c in overrides.categories if c in cats] + [k for k in overrides.criteria if k in crits])
    return EffectiveWeights(cats, crits, overridden)


Vote = int | str  # 0..5 or "na"
Votes = Mapping[str, Mapping[str, Vote]]  # criterion id -> evaluator -> vote


def tally(answers: Iterable[Answer]) -> dict[str, dict[str, dict[str, Vote]]]:
    """Group answers as vendor id -> criterion id -> evaluator -> vote (answers without a score drop out)."""
    out: dict[str, dict[str, dict[str, Vote]]] = {}
    for a in answers:
        if a.value is not None:
            out.setdefault(a.vendor_id, {}).setdefault(a.criterion, {})[a.evaluator] = a.value
    return out


@dataclass(frozen=True)
class Consensus:
    """The team's view of one criterion for one vendor."""

    scores: dict[str, int] = field(default_factory=dict)  # evaluator -> 0..5
    na_by: tuple[str, ...] = ()

    @property
    def mean(self) -> Fraction | None:
        if not self.scores:
            return None
        return Fraction(sum(self.scores.values()), len(self.scores))

    @property
    def state(self) -> str:
        """'scored', 'na' or 'unscored'."""
        if self.scores:
            return "scored"
        return "na" if self.na_by else "unscored"

    @property
    def spread(self) -> int | None:
        """Max minus min of the numeric scores (None with fewer than two)."""
        if len(self.scores) < 2:
            return None
        return max(self.scores.values()) - min(self.scores.values())


DISAGREEMENT_SPREAD = 2


def consensus_of(votes: Mapping[str, Vote]) -> Consensus:
    scores = {e: v for e, v in sorted(votes.items()) if v != "na"}
    return Consensus(scores, tuple(e for e, v in sorted(votes.items()) if v == "na"))  # type: ignore[arg-type]


def consensus(answers: Iterable[Answer]) -> Consensus:
    return consensus_of({a.evaluator: a.value for a in answers if a.value is not None})


@dataclass(frozen=True)
class VendorScore:
    vendor_id: str
    total: Fraction | None  # 0..100, None when nothing is scored
    categories: dict[str, Fraction | None]  # 0..5
    completeness: Fraction  # 0..1
    knockouts: tuple[str, ...]  # criterion ids whose consensus is below knockout_below
    pending_knockouts: tuple[str, ...]  # knockout criteria still unscored
    votes: Votes = field(default_factory=dict, repr=False)

    @property
    def knocked_out(self) -> bool:
        return bool(self.knockouts)

    def consensus(self, criterion_id: str) -> Consensus:
        return consensus_of(self.votes.get(criterion_id, {}))


def score_vendor(scorecard: Scorecard, weights: EffectiveWeights, vendor_id: str, votes: Votes) -> VendorScore:
    """Score one vendor from its votes (criterion -> evaluator -> 0..5 or "na").

    Integer arithmetic throughout: a category's weighted sum of means is kept per
    number of scorers n (sum of w * score-sum over criteria with n scores), then
    put over a common denominator once: one exact Fraction per category.
    """
    iw = weights.integral_criteria
    categories: dict[str, Fraction | None] = {}
    knockouts: list[str] = []
    pending: list[str] = []
    settled = count = 0
    weighted_total = Fraction(0)
    weight_sum = Fraction(0)
    for cat in scorecard.categories:
        by_n: dict[int, int] = {}
        w_scored = 0
        for crit in cat.criteria:
            count += 1
            vals = votes.get(crit.id)
            if not vals:
                if crit.knockout_below is not None:
                    pending.append(crit.id)
                continue
            settled += 1
            total = n = 0
            for v in vals.values():
                if v != "na":
                    total += v  # type: ignore[operator]
                    n += 1
            if not n:
                continue  # everyone said N/A
            w = iw[crit.id]
            by_n[n] = by_n.get(n, 0) + w * total
            w_scored += w
            if crit.knockout_below is not None:
                threshold = Fraction(crit.knockout_below)
                if total * threshold.denominator < threshold.numerator * n:  # mean < threshold
                    knockouts.append(crit.id)
        if w_scored:
            common = math.lcm(*by_n)
            score = Fraction(sum(v * (common // n) for n, v in by_n.items()), common * w_scored)
            categories[cat.id] = score
            weighted_total += weights.categories[cat.id] * score
            weight_sum += weights.categories[cat.id]
        else:
            categories[cat.id] = None
    return VendorScore(
        vendor_id=vendor_id,
        total=20 * weighted_total / weight_sum if weight_sum else None,
        categories=categories,
        completeness=Fraction(settled, count) if count else Fraction(0),
        knockouts=tuple(knockouts),
        pending_knockouts=tuple(pending),
        votes=votes,
    )


def rank(scores: Iterable[VendorScore], names: Mapping[str, str]) -> list[tuple[int, VendorScore]]:
    """Order vendors and give ranks (1, 2, 2, 4 for ties at two decimals).

    Vendors not knocked out come first, then knocked-out ones, each by total
    descending; vendors with no score at all last (nothing is known about them,
    so they rank after a vendor that was scored and knocked out); names break
    ties in the listing order only.
    """

    def key(s: VendorScore) -> tuple:
        return (s.total is None, s.knocked_out, -(s.total or 0), names.get(s.vendor_id, "").casefold())

    ordered = sorted(scores, key=key)
    out: list[tuple[int, VendorScore]] = []
    for position, s in enumerate(ordered, start=1):
        if out:
            prev_rank, prev = out[-1]
            if (prev.knocked_out, prev.total is None) == (s.knocked_out, s.total is None) \
                    and _two_decimals(prev.total) == _two_decimals(s.total):
                out.append((prev_rank, s))
                continue
        out.append((position, s))
    return out


def _two_decimals(total: Fraction | None) -> Fraction | None:
    return None if total is None else round(total, 2)
