"""Weight sensitivity: how far a category's weight can move before the leader changes,
and how often each vendor ranks first when the weights are uncertain.

The leader is the top vendor among those not knocked out that have a total (the
first of them in rank order: highest exact total, ties by name).

Flip points (exact, not sampled). Give category c the share t of the total
weight (0..1) and the other categories (1 - t), split in their current
proportions. A vendor's total is then

    T(t) = 20 * (t * S_c + (1 - t) * A) / (t + (1 - t) * R)

with S_c its category-c score, A = sum W_j S_j / K and R = sum W_j / K over its
other scored categories (K = the other categories' weight). With every category
scored R = 1 and T is linear in t; a vendor without a score in c has a total that
does not depend on t; one scored only in c has T = 20 * S_c. Another vendor
overtakes the leader where their totals cross: a root of
N_o(t) D_L(t) - N_L(t) D_o(t), a polynomial of degree <= 2 with integer
coefficients. The flip below (above) the current share is the largest (smallest)
crossing where another vendor gets ahead, kept only inside 0..1; the
category's flip_at is the nearer of the two (below on a tie). Rational crossings
are exact; irrational ones are accurate to 2**-64.

Rank acceptability: category weights drawn from a Dirichlet distribution
centred on the configured shares, alpha_c = CONCENTRATION_PER_CATEGORY * (number
of categories) * share_c (about 10 per category: for 12 equal categories a
share varies by about +-30% of itself, one standard deviation), DRAWS draws,
fixed SEED. Each draw's totals use the same formula as the scorecard (a vendor
is normalised over its scored categories). Vendors with identical scores split
their draws equally; different scores tie exactly only with probability zero.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # annotations only: `vendorbench --help` lists the keys without loading the models
    from ..models import Scorecard
    from ..scoring import EffectiveWeights, VendorScore

DRAWS = 10_000
SEED = 20270105
CONCENTRATION_PER_CATEGORY = 10
_ROOT_BITS = 64
_BLOCK = 1000  # draws per matrix product: small enough that BLAS runs it on one thread at usual sizes


@dataclass(frozen=True)
class Flip:
    share: Fraction  # the category's share of the total weight at which the lead changes
    leader: str  # vendor id leading past it


@dataclass(frozen=True)
class CategorySensitivity:
    category: str
    current: Fraction
    below: Flip | None  # moving the share down from current
    above: Flip | None  # moving it up

    @property
    def nearest(self) -> Flip | None:
        if self.below is None or self.above is None:
            return self.below or self.above
        return self.below if self.current - self.below.share <= self.above.share - self.current else self.above


@dataclass(frozen=True)
class Sensitivity:
    leader: str | None  # vendor id
    categories: dict[str, CategorySensitivity]
    rank1: dict[str, Fraction]  # vendor id (not knocked out) -> share of draws ranking first
    summary: tuple[str, ...]  # plain sentences for readers


# --- exact totals as integers ---------------------------------------------------------------


class ScoreTable:
    """The eligible vendors' category scores over integer denominators, so that totals with
    any subset of categories, or any reweighting, compare exactly in integers.

    omega[c]: category weights times one common factor. For a vendor v: tau[v] is the common
    denominator of its category scores and sigma[v][c] = S_vc * tau[v] (scored categories only).
    """

    def __init__(self, scorecard: Scorecard, weights: EffectiveWeights, eligible: Sequence[VendorScore]):
        self.categories = [c.id for c in scorecard.categories]
        scale = math.lcm(*(w.denominator for w in weights.categories.values()))
        self.omega = {c: int(weights.categories[c] * scale) for c in self.categories}
        self.vendors = [s.vendor_id for s in eligible]
        self.tau: dict[str, int] = {}
        self.sigma: dict[str, dict[str, int]] = {}
        self.full: dict[str, tuple[int, int]] = {}
        for s in eligible:
            scored = {c: v for c, v in s.categories.items() if v is not None}
            tau = math.lcm(*(v.denominator for v in scored.values()))
            sigma = {c: v.numerator * (tau // v.denominator) for c, v in scored.items()}
            self.tau[s.vendor_id], self.sigma[s.vendor_id] = tau, sigma
            self.full[s.vendor_id] = (sum(self.omega[c] * x for c, x in sigma.items()),
                                      tau * sum(self.omega[c] for c in sigma))

    def sums(self, vendor: str, without: frozenset[str] = frozenset()) -> tuple[int, int]:
        """(sum omega_c sigma_c, tau * sum omega_c) over the vendor's scored categories not in without:
        the vendor's total is 20 times their ratio."""
        num, den = self.full[vendor]
        sigma = self.sigma[vendor]
        for c in without:
            if c in sigma:
                num -= self.omega[c] * sigma[c]
                den -= self.tau[vendor] * self.omega[c]
        return num, den

    def leader(self, order: Mapping[str, int], without: frozenset[str] = frozenset()) -> str | None:
        """The vendor with the highest total over the categories not in without (ties: order)."""
        best: tuple[Fraction, int, str] | None = None
        for v in self.vendors:
            num, den = self.sums(v, without)
            if den == 0:
                continue
            cand = (Fraction(num, den), -order[v], v)
            if best is None or cand[:2] > best[:2]:
                best = cand
        return None if best is None else best[2]


def eligible(vendors: Sequence[VendorScore]) -> list[VendorScore]:
    """Vendors that can lead: not knocked out and scored, in the given (rank) order."""
    return [s for s in vendors if not s.knocked_out and s.total is not None]


# --- flip points --------------------------------------------------------------------------------


Line = tuple[int, int, int, int]  # N(t) = n1 t + n0, D(t) = d1 t + d0, total = 20 N / D


def _line(table: ScoreTable, vendor: str, c: str, kappa: int) -> Line:
    num, den = table.sums(vendor)
    tau, sigma = table.tau[vendor], table.sigma[vendor]
    if c not in sigma:
        return 0, num, 0, den  # no score in c: the total does not depend on c's share
    a = num - table.omega[c] * sigma[c]  # the other categories, at their current weights
    r = den - tau * table.omega[c]
    if r == 0:
        return 0, sigma[c], 0, tau  # scored only in c
    return sigma[c] * kappa - a, a, tau * kappa - r, r


def _value(line: Line, t: Fraction) -> Fraction:
    n1, n0, d1, d0 = line
    return (n1 * t + n0) / (d1 * t + d0)


def _sqrt(x: int) -> tuple[Fraction, bool]:
    """sqrt(x) exactly when x is a perfect square, else to 2**-64."""
    root = math.isqrt(x)
    if root * root == x:
        return Fraction(root), True
    return Fraction(math.isqrt(x << (2 * _ROOT_BITS)), 1 << _ROOT_BITS), False


def _overtakes(lead: Line, other: Line, s: Fraction) -> tuple[Fraction | None, Fraction | None]:
    """Where `other` gets ahead of `lead` moving the share down from s, and up from s (inside 0..1).

    g(t) = N_o D_L - N_L D_o is positive where `other` is ahead; g(s) <= 0 because `lead` leads at s.
    """
    n1o, n0o, d1o, d0o = other
    n1l, n0l, d1l, d0l = lead
    a = n1o * d1l - n1l * d1o
    b = n1o * d0l + n0o * d1l - n1l * d0o - n0l * d1o
    c = n0o * d0l - n0l * d0o
    down = up = None
    if a == 0:
        if b == 0:
            return None, None  # always the same gap
        r = Fraction(-c, b)
        if b > 0:
            up = r
        else:
            down = r
    else:
        disc = b * b - 4 * a * c
        if disc < 0 or (disc == 0 and a < 0):
            return None, None  # never ahead
        if disc == 0:  # a > 0: level at s only, ahead on both sides
            down = up = Fraction(-b, 2 * a)
        else:
            root, _ = _sqrt(disc)
            r1, r2 = sorted(((-b - root) / (2 * a), (-b + root) / (2 * a)))
            if a > 0:  # ahead outside [r1, r2]; s is inside
                down, up = r1, r2
            elif s < Fraction(-b, 2 * a):  # ahead inside (r1, r2); s is left of it
                up = r1
            else:
                down = r2
    return (down if down is not None and down > 0 else None), (up if up is not None and up < 1 else None)


def _flip(candidates: list[tuple[Fraction, str]], lines: Mapping[str, Line], order: Mapping[str, int],
          up: bool) -> Flip | None:
    if not candidates:
        return None
    at = min(r for r, _ in candidates) if up else max(r for r, _ in candidates)
    tied = [v for r, v in candidates if r == at]
    if len(tied) > 1:  # several overtake at the same point: who is ahead just past it
        beyond = [r for r, _ in candidates if (r > at if up else r < at)]
        edge = min(beyond, default=Fraction(1)) if up else max(beyond, default=Fraction(0))
        probe = (at + edge) / 2
        tied.sort(key=lambda v: (-_value(lines[v], probe), order[v]))
    return Flip(at, tied[0])


def category_flips(table: ScoreTable, leader: str, order: Mapping[str, int]) -> dict[str, CategorySensitivity]:
    total = sum(table.omega.values())
    out = {}
    for c in table.categories:
        s = Fraction(table.omega[c], total)
        kappa = total - table.omega[c]
        below = above = None
        if kappa and len(table.vendors) > 1:
            lines = {v: _line(table, v, c, kappa) for v in table.vendors}
            downs, ups = [], []
            for v in table.vendors:
                if v != leader:
                    down, up = _overtakes(lines[leader], lines[v], s)
                    if down is not None:
                        downs.append((down, v))
                    if up is not None:
                        ups.append((up, v))
            below = _flip(downs, lines, order, up=False)
            above = _flip(ups, lines, order, up=True)
        out[c] = CategorySensitivity(c, s, below, above)
    return out


# --- rank acceptability ---------------------------------------------------------------------------


def rank_acceptability(table: ScoreTable, draws: int = DRAWS, seed: int = SEED,
                       among: Sequence[Sequence[str]] | None = None) -> list[dict[str, Fraction]]:
    """Share of Dirichlet weight draws in which each vendor ranks first (exact counts), once per group
    of the table's vendors in among (default: one group, all of them); the draws and totals are shared.

    numpy draws the weights and computes the totals in vectorised form (10,000 draws x
    categories x vendors); it is imported here only, so the CLI starts without it.
    """
    groups = [list(g) for g in among] if among is not None else [list(table.vendors)]
    if all(len(g) <= 1 for g in groups):
        return [{v: Fraction(1) for v in g} for g in groups]
    import numpy as np

    cats = table.categories
    total = sum(table.omega.values())
    concentration = CONCENTRATION_PER_CATEGORY * len(cats)
    alpha = np.array([concentration * table.omega[c] / total for c in cats], dtype=np.float64)
    weights = np.random.default_rng(seed).dirichlet(alpha, size=draws)

    # Vendors with identical scores tie in every draw: compute each distinct profile once.
    profiles: dict[tuple, list[str]] = {}
    for v in table.vendors:
        profiles.setdefault((table.tau[v], tuple(sorted(table.sigma[v].items()))), []).append(v)
    rows = list(profiles)
    column = {c: j for j, c in enumerate(cats)}
    scores = np.zeros((len(rows), len(cats)))
    scored = np.zeros((len(rows), len(cats)))
    for i, (tau, sigma) in enumerate(rows):
        for c, x in sigma:
            scores[i, column[c]] = x / tau
            scored[i, column[c]] = 1.0
    totals = _product(weights, scores)
    if not scored.all():  # each vendor over its own scored categories (a draw's weights sum to 1 otherwise)
        den = _product(weights, scored)
        # A draw can give a tiny category a weight of 0.0: a vendor scored only there has no total in it.
        totals = np.divide(totals, den, out=np.full_like(totals, -np.inf), where=den > 0)
    out = []
    for group in groups:
        if len(group) <= 1:
            out.append({v: Fraction(1) for v in group})
            continue
        members = set(group)
        keep = [i for i, p in enumerate(rows) if any(v in members for v in profiles[p])]
        # Distinct profiles tie exactly only on a set of weights of probability zero; argmax then takes
        # the first in rank order. Identical vendors share their profile's draws equally.
        chosen = totals if len(keep) == len(rows) else totals[:, keep]
        wins = np.bincount(chosen.argmax(axis=1), minlength=len(keep)).tolist()
        shares = {}
        for i, won in zip(keep, wins):
            inside = [v for v in profiles[rows[i]] if v in members]
            for v in inside:
                shares[v] = Fraction(won, draws * len(inside))
        out.append({v: shares[v] for v in group})
    return out


def _product(weights: Any, scores: Any) -> Any:
    """weights @ scores.T in blocks of _BLOCK draws: small enough for BLAS to run each on one thread,
    so every run sums in the same order (the same floats) and never waits for busy cores."""
    import numpy as np

    out = np.empty((len(weights), len(scores)))
    for start in range(0, len(weights), _BLOCK):
        np.matmul(weights[start:start + _BLOCK], scores.T, out=out[start:start + _BLOCK])
    return out


# --- together ---------------------------------------------------------------------------------------


def sensitivity(scorecard: Scorecard, weights: EffectiveWeights, vendors: Sequence[VendorScore],
                names: Mapping[str, str], draws: int = DRAWS, seed: int = SEED,
                among: Collection[str] | None = None) -> Sensitivity:
    """vendors in rank order (results order); among: only these vendor ids can lead (default: all)."""
    return sensitivities(scorecard, weights, vendors, names, [among], draws, seed)[0]


def sensitivities(scorecard: Scorecard, weights: EffectiveWeights, vendors: Sequence[VendorScore],
                  names: Mapping[str, str], groups: Sequence[Collection[str] | None], draws: int = DRAWS,
                  seed: int = SEED) -> list[Sensitivity]:
    """One Sensitivity per group of vendor ids that may lead (None: every vendor), sharing the draws."""
    able = eligible(vendors)
    subsets = [[s for s in able if g is None or s.vendor_id in g] for g in groups]
    rank1s = rank_acceptability(ScoreTable(scorecard, weights, able), draws, seed,
                                [[s.vendor_id for s in sub] for sub in subsets])
    out = []
    for group, sub, rank1 in zip(groups, subsets, rank1s):
        table = ScoreTable(scorecard, weights, sub)
        order = {s.vendor_id: i for i, s in enumerate(sub)}
        leader = sub[0].vendor_id if sub else None
        if leader is None:
            total = sum(weights.categories.values())
            cats = {c.id: CategorySensitivity(c.id, Fraction(weights.categories[c.id], total), None, None)
                    for c in scorecard.categories}
        else:
            cats = category_flips(table, leader, order)
        for s in vendors:  # every vendor that may lead is listed; an unscored one never ranks first
            if not s.knocked_out and (group is None or s.vendor_id in group):
                rank1.setdefault(s.vendor_id, Fraction(0))
        rank1 = {s.vendor_id: rank1[s.vendor_id] for s in vendors if s.vendor_id in rank1}
        out.append(Sensitivity(leader, cats, rank1, tuple(summarise(scorecard, leader, cats, len(sub), names,
                                                                    group is not None))))
    return out


def summarise(scorecard: Scorecard, leader: str | None, cats: Mapping[str, CategorySensitivity], able: int,
              names: Mapping[str, str], restricted: bool = False) -> list[str]:
    if leader is None:
        return []
    who = names[leader]
    if able == 1:
        among = "vendor that can be recommended" if restricted else "vendor not knocked out with a score"
        return [f"{who} is the only {among}: no weight change alters the lead."]
    titles = {c.id: c.title for c in scorecard.categories}
    fragile = sorted((c for c in cats.values() if c.nearest is not None),
                     key=lambda c: (abs(cast(Flip, c.nearest).share - c.current), list(titles).index(c.category)))
    if not fragile:
        return [f"{who} stays first whatever share of the weight any one category gets (0-100%, the others "
                "keeping their proportions)."]
    lines = []
    for c in fragile:
        title, now = titles[c.category], _pct(c.current)
        if c.below and c.above:
            lines.append(f"{who} stays first while {title} carries {_pct(c.below.share)} to "
                         f"{_pct(c.above.share)} of the weight (now {now}); below that {names[c.below.leader]} "
                         f"leads, above it {names[c.above.leader]}.")
        elif c.below:
            lines.append(f"{who} stays first unless {title} falls below {_pct(c.below.share)} of the weight "
                         f"(now {now}); then {names[c.below.leader]} leads.")
        else:
            assert c.above is not None
            lines.append(f"{who} stays first unless {title} rises above {_pct(c.above.share)} of the weight "
                         f"(now {now}); then {names[c.above.leader]} leads.")
    return lines


def _pct(x: Fraction) -> str:
    text = f"{float(x) * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"
