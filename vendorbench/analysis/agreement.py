"""Evaluator agreement: Krippendorff's alpha (ordinal) and the calibration agenda.

Krippendorff's alpha, coincidence-matrix form (Krippendorff 2011, "Computing
Krippendorff's alpha-reliability"): units are (vendor, criterion) pairs, coders
are evaluators, values are the scores 0..5; N/A and unanswered are missing.
A unit with m_u >= 2 pairable values adds n_uc * n_uk / (m_u - 1) to the
coincidence o_ck (n_uc: how many evaluators gave value c in unit u); units with
fewer than two values drop out. With n_c = sum_k o_ck and n = sum_c n_c:

    ordinal distance  delta2(c, k) = (sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2
    alpha = 1 - D_o / D_e = 1 - (n - 1) * sum o_ck delta2 / sum n_c n_k delta2

alpha is None (undefined) with no pairable unit or no variation at all (D_e = 0),
e.g. a single evaluator; `single` names the categories exactly one evaluator scored,
so they read "one evaluator" instead of an undefined alpha. Arithmetic is exact: integer sums (numpy int64 for the
per-unit products, Python integers after), one Fraction at the end.

A disagreement is a unit whose Consensus.spread (max minus min of the numeric
scores) is at least scoring.DISAGREEMENT_SPREAD.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import accumulate, chain, repeat
from operator import add, methodcaller, mul
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ..models import Scorecard
from ..scoring import DISAGREEMENT_SPREAD, VendorScore, Vote, consensus_of

if TYPE_CHECKING:
    import numpy as np

SCORES = 6  # the values 0..5
_VALUES = methodcaller("values")
_CODE: dict[Vote, bytes] = {v: bytes([v]) for v in range(SCORES)}
_CODE["na"] = bytes([SCORES])  # a column of its own, dropped: N/A is missing


@cache
def _spread_table() -> tuple[np.ndarray, np.ndarray]:
    """Max minus min of the scores present, for every 6-bit mask of present scores; and the bits."""
    import numpy as np

    def spread(mask: int) -> int:
        present = [v for v in range(SCORES) if mask >> v & 1]
        return present[-1] - present[0] if present else 0

    return np.array([spread(m) for m in range(1 << SCORES)]), 1 << np.arange(SCORES)


class Disagreement(NamedTuple):
    """One (vendor, criterion) whose evaluators' scores are DISAGREEMENT_SPREAD or more apart."""

    vendor_id: str
    criterion: str
    spread: int
    votes: Mapping[str, Vote]

    @property
    def scores(self) -> dict[str, int]:
        """Evaluator -> numeric score (N/A left out, as in the consensus)."""
        return consensus_of(self.votes).scores


@dataclass(frozen=True)
class Agreement:
    alpha: Fraction | None
    categories: dict[str, Fraction | None]  # category id -> alpha over its criteria
    disagreements: tuple[Disagreement, ...]  # widest spread first, then rank order, then questionnaire order
    single: frozenset[str] = frozenset()  # categories in which exactly one evaluator gave scores

    def single_rater(self, category_id: str) -> bool:
        """Scored by one evaluator only: alpha is undefined because nobody else looked, not for lack
        of variation."""
        return category_id in self.single


Parts = tuple[list[int], dict[int, list[int]]]  # n_c; per unit size m: sum of n_uc * n_uk, flat (c * values + k)


def _parts(counts: np.ndarray) -> Parts:
    """From a units x values matrix of counts: the integer sums alpha needs."""
    import numpy as np

    return _parts_by_group(counts, np.zeros(len(counts), dtype=np.int64), 1)[0]


def _parts_by_group(counts: np.ndarray, group: np.ndarray, groups: int) -> list[Parts]:
    """_parts for each group 0..groups-1 of units (units in group -1 are left out), in one sort."""
    import numpy as np

    values = counts.shape[1]
    out: list[Parts] = [([0] * values, {}) for _ in range(groups)]
    m = counts.sum(axis=1)
    keep = np.flatnonzero((group >= 0) & (m >= 2))
    if not keep.size:
        return out
    top = int(m.max()) + 1
    key = group[keep] * top + m[keep]
    order = np.argsort(key, kind="stable")
    key, c = key[order], counts[keep[order]]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    n_sums = np.add.reduceat(c, starts, axis=0).tolist()
    ends = [*starts[1:].tolist(), len(c)]
    for k, ns, start, end in zip(key[starts].tolist(), n_sums, starts.tolist(), ends):
        g, size = divmod(k, top)
        n, pairs = out[g]
        n[:] = map(add, n, ns)
        block = c[start:end]
        pairs[size] = (block.T @ block).ravel().tolist()  # sum over the group's units of n_uc * n_uk
    return out


def _merge(parts: Iterable[Parts], values: int) -> Parts:
    n = [0] * values
    pairs: dict[int, list[int]] = {}
    for pn, pp in parts:
        n = list(map(add, n, pn))
        for size, flat in pp.items():
            pairs[size] = list(map(add, pairs.get(size, repeat(0)), flat))
    return n, pairs


def _alpha(parts: Parts) -> Fraction | None:
    n, pairs = parts
    total = sum(n)
    if total < 2:
        return None
    prefix = list(accumulate(n, initial=0))
    values = range(len(n))
    # 4 * delta2 as an integer: (2 * sum_{g=c..k} n_g - n_c - n_k) ** 2, flat like the pair sums
    delta4 = [(2 * (prefix[max(c, k) + 1] - prefix[min(c, k)]) - n[c] - n[k]) ** 2 for c in values for k in values]
    expected = sum(map(mul, [x * y for x in n for y in n], delta4))
    if expected == 0:
        return None
    common = math.lcm(*(size - 1 for size in pairs))  # o_ck divides each unit's products by m - 1
    observed = sum(sum(map(mul, flat, delta4)) * (common // (size - 1)) for size, flat in pairs.items())
    return 1 - Fraction((total - 1) * observed, common * expected)


def ordinal_alpha(units: Iterable[Iterable[Hashable]]) -> Fraction | None:
    """Krippendorff's alpha, ordinal metric, for units given as their values (missing values left out).

    Values must be mutually orderable; the value domain is the values that occur."""
    import numpy as np

    units = [list(u) for u in units]
    domain = sorted(cast("set[Any]", {v for u in units for v in u}))  # orderable, as documented
    index = {v: i for i, v in enumerate(domain)}
    counts = np.zeros((len(units), max(len(domain), 1)), dtype=np.int64)
    for row, u in enumerate(units):
        for v in u:
            counts[row, index[v]] += 1
    return _alpha(_parts(counts))


def agreement(scorecard: Scorecard, vendors: Sequence[VendorScore]) -> Agreement:
    """Alpha overall and per category, and the disagreements, from the votes of vendors (in rank order).

    One pass in Python turns every vote into one byte (its score, or 6 for N/A), unit
    after unit; numpy counts them into a units x values matrix, from which the
    coincidence sums and the spreads come in vectorised form.
    """
    import numpy as np

    crit_index = {c.id: i for i, c in enumerate(scorecard.criteria())}

    crit_category = np.array([i for i, cat in enumerate(scorecard.categories) for _ in cat.criteria] + [-1])
    code = _CODE.__getitem__
    chunks: list[bytes] = []
    sizes: list[int] = []
    cids: list[str] = []
    unit_votes: list[Mapping[str, Vote]] = []
    per_vendor: list[int] = []
    for vs in vendors:
        votes = vs.votes
        chunks.append(b"".join(map(code, chain.from_iterable(map(_VALUES, votes.values())))))
        sizes += map(len, votes.values())
        cids += votes
        unit_votes += votes.values()
        per_vendor.append(len(votes))

    units = len(sizes)
    codes = np.frombuffer(b"".join(chunks), dtype=np.uint8)
    unit = np.repeat(np.arange(units), sizes)
    counts = np.bincount(unit * (SCORES + 1) + codes, minlength=units * (SCORES + 1)).reshape(units, SCORES + 1)
    counts = counts[:, :SCORES]  # N/A dropped: missing
    crit = np.fromiter(map(crit_index.get, cids, repeat(-1)), dtype=np.int64, count=units)  # -1: not in the scorecard

    parts = _parts_by_group(counts, crit_category[crit], len(scorecard.categories))
    per_category = {cat.id: _alpha(p) for cat, p in zip(scorecard.categories, parts)}
    overall = _alpha(_merge(parts, SCORES))

    spread_of_mask, bits = _spread_table()
    spread = spread_of_mask[(counts > 0) @ bits]  # which scores occur, as a 6-bit mask -> max - min
    hits = np.flatnonzero((spread >= DISAGREEMENT_SPREAD) & (crit >= 0))
    owner = np.repeat(np.arange(len(per_vendor)), per_vendor)
    hits = hits[np.lexsort((crit[hits], owner[hits], -spread[hits]))]
    vendor_ids = [vs.vendor_id for vs in vendors]
    rows = zip(map(vendor_ids.__getitem__, owner[hits].tolist()), map(cids.__getitem__, hits.tolist()),
               spread[hits].tolist(), map(unit_votes.__getitem__, hits.tolist()))
    return Agreement(overall, per_category, tuple(map(tuple.__new__, repeat(Disagreement), rows)),
                     _single_rater(scorecard, vendors, counts, crit_category[crit]))


def _single_rater(scorecard: Scorecard, vendors: Sequence[VendorScore], counts: np.ndarray,
                  unit_category: np.ndarray) -> frozenset[str]:
    """Categories scored by exactly one evaluator. A category with a unit scored twice has two; only the
    others (usually none) need a look at who scored them."""
    import numpy as np

    scored = counts.sum(axis=1)
    most = np.zeros(len(scorecard.categories) + 1, dtype=np.int64)  # the last slot: units of no category
    np.maximum.at(most, unit_category, scored)
    suspects = {scorecard.categories[i].id for i in np.flatnonzero(most[:-1] == 1).tolist()}
    if not suspects:
        return frozenset()
    people: dict[str, set[str]] = {c: set() for c in suspects}
    for cat in scorecard.categories:
        if cat.id in suspects:
            for vs in vendors:
                for crit in cat.criteria:
                    people[cat.id].update(e for e, v in vs.votes.get(crit.id, {}).items() if v != "na")
    return frozenset(c for c, who in people.items() if len(who) == 1)
