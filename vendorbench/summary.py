"""Derived facts for the executive summary: who wins by how much, where, on what conditions.

Pure functions over a results.Results. Nothing here reads a workspace or computes
a score: it picks, compares and counts figures the results document already
holds, so the PDF report and the TUI state the same facts in the same words.

- Eligible: neither knocked out nor rated legal "blocker" (the rule
  results.recommend applies).
- Runner-up: results.Results.runner_up (the next recommendable vendor, ready ones first; with
  none, or a conditional recommendation, the next scored vendor).
- Margin: recommended total minus runner-up total, in points out of 100.
- Disagreement: a criterion whose evaluators' scores differ by
  scoring.DISAGREEMENT_SPREAD points or more.
- Draft: some scorecard is incomplete or some legal review is unfinished.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from .analysis import decision as _decision
from .legal import ItemState, LegalRisk
from .models import Category, Criterion, LegalChecklist
from .results import Results, VendorResult, recommendable
from .scoring import DISAGREEMENT_SPREAD, Consensus


def eligible(v: VendorResult) -> bool:
    return recommendable(v)


def recommended(res: Results) -> VendorResult | None:
    rec = res.recommendation.vendor
    return None if rec is None else res.vendor(rec.id)


# --- margin over the runner-up -------------------------------------------------------------


@dataclass(frozen=True)
class Margin:
    runner_up: VendorResult
    points: Fraction  # recommended total minus runner-up total (negative: the runner-up scores higher)


def runner_up(res: Results) -> VendorResult | None:
    rid = res.runner_up
    return None if rid is None else res.vendor(rid)


def margin(res: Results) -> Margin | None:
    pick, other = recommended(res), runner_up(res)
    if pick is None or other is None or pick.score.total is None or other.score.total is None:
        return None
    return Margin(other, pick.score.total - other.score.total)


# --- categories --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryStanding:
    category: Category
    score: Fraction  # 0..5
    place: int  # 1 = the best score of the field in this category (ties share a place)
    field: int  # vendors with a score in this category


def category_standings(res: Results, vendor_id: str) -> list[CategoryStanding]:
    """The vendor's scored categories, in scorecard order, with its place in the field."""
    me = res.vendor(vendor_id)
    out = []
    for cat in res.scorecard.categories:
        mine = me.score.categories.get(cat.id)
        if mine is None:
            continue
        field = [s for v in res.vendors if (s := v.score.categories.get(cat.id)) is not None]
        out.append(CategoryStanding(cat, mine, 1 + sum(1 for s in field if s > mine), len(field)))
    return out


def strongest_and_weakest(res: Results, vendor_id: str, n: int = 3) -> tuple[list[CategoryStanding],
                                                                           list[CategoryStanding]]:
    """Up to n highest-scoring categories (best first) and up to n lowest (worst first), never
    overlapping; equal scores are ordered by category weight, heavier first."""
    standings = category_standings(res, vendor_id)
    ordered = sorted(standings, key=lambda s: (-s.score, -res.weights.categories[s.category.id]))
    k = min(n, (len(ordered) + 1) // 2)
    strongest = ordered[:k]
    rest = ordered[k:]
    weakest = sorted(rest, key=lambda s: (s.score, -res.weights.categories[s.category.id]))[:min(n, len(rest))]
    return strongest, weakest


# --- conditions and reasons --------------------------------------------------------------------


def conditions_to_sign(res: Results) -> list[ItemState]:
    """The recommended vendor's open contract items (missing before negotiate, then by severity)."""
    pick = recommended(res)
    return pick.legal.open_items() if pick else []


def unreviewed_items(risk: LegalRisk) -> list[ItemState]:
    """Applicable checklist items nobody has reviewed yet, in checklist order."""
    return [s for s in risk.items.values() if s.applicable and not s.reviewed]


@dataclass(frozen=True)
class Reason:
    kind: str  # knockout | blocker | higher | lower | same | unscored | incomplete
    text: str


@dataclass(frozen=True)
class NotChosen:
    vendor: VendorResult
    reasons: tuple[Reason, ...]  # what excludes it first, then how its total compares, then caveats


def why_not_chosen(res: Results) -> list[NotChosen]:
    """One entry per vendor other than the recommended one, in rank order."""
    pick = recommended(res)
    if pick is None:
        return []
    out = []
    for v in res.vendors:
        if v is pick:
            continue
        reasons = [Reason("knockout", knockout_text(res, v, cid)) for cid in v.score.knockouts]
        reasons += [Reason("blocker", f"legal blocker: {v.legal.items[i].item.label}") for i in v.legal.blockers]
        reasons.append(_comparison(v, pick))
        if v.score.total is not None and v.score.completeness < 1:
            reasons.append(Reason("incomplete", f"only {float(v.score.completeness):.0%} scored, so its total "
                                                "may still change"))
        if v.score.total is not None and v.score.pending_knockouts:
            reasons.append(Reason("incomplete", f"{len(v.score.pending_knockouts)} knockout criteria not yet "
                                                "scored"))
        out.append(NotChosen(v, tuple(reasons)))
    return out


def knockout_text(res: Results, v: VendorResult, criterion_id: str) -> str:
    crit = res.scorecard.criterion(criterion_id)
    assert crit is not None and crit.knockout_below is not None
    mean = v.score.consensus(criterion_id).mean
    return (f"knocked out on {crit.title} (consensus {float(mean or 0):.2f}, "
            f"needs at least {crit.knockout_below:g})")


def _comparison(v: VendorResult, pick: VendorResult) -> Reason:
    if v.score.total is None:
        return Reason("unscored", "not scored yet")
    assert pick.score.total is not None
    diff = v.score.total - pick.score.total
    total = f"{float(v.score.total):.1f}"
    if round(diff, 2) == 0:
        return Reason("same", f"the same total ({total})")
    # two decimals, as the margin on page 1: "0.56 points ahead" must not read "0.6 points behind" here
    if diff > 0:
        return Reason("higher", f"scores {float(diff):.2f} points higher ({total})")
    return Reason("lower", f"lower total: {total}, {float(-diff):.2f} points behind")


# --- evaluator agreement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    criterion: Criterion
    consensus: Consensus

    @property
    def spread(self) -> int:
        assert self.consensus.spread is not None
        return self.consensus.spread


def disagreements(res: Results, vendor_id: str) -> list[Disagreement]:
    """Criteria whose evaluators differ by DISAGREEMENT_SPREAD points or more: widest first,
    then in scorecard order."""
    score = res.vendor(vendor_id).score
    found = []
    for crit in res.scorecard.criteria():
        if crit.id not in score.votes:
            continue
        c = score.consensus(crit.id)
        if c.spread is not None and c.spread >= DISAGREEMENT_SPREAD:
            found.append(Disagreement(crit, c))
    return sorted(found, key=lambda d: -d.spread)


# --- completeness and coverage -------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    scorecard: Fraction  # settled (vendor, criterion) pairs / all pairs
    legal: Fraction  # reviewed applicable (vendor, item) pairs / applicable pairs
    # each vendor listed more than once (results' twins), as "Name (id:v2, id:v9)": its evaluation is
    # split between the entries, so no figure of it is the team's yet
    duplicated: tuple[str, ...] = ()

    @property
    def draft(self) -> bool:
        return self.scorecard < 1 or self.legal < 1 or bool(self.duplicated)


def readiness(res: Results) -> Readiness:
    if not res.vendors:
        return Readiness(Fraction(0), Fraction(0))
    scorecard = sum((v.score.completeness for v in res.vendors), Fraction(0)) / len(res.vendors)
    applicable = sum(1 for v in res.vendors for s in v.legal.items.values() if s.applicable)
    reviewed = sum(1 for v in res.vendors for s in v.legal.items.values() if s.reviewed)
    return Readiness(scorecard, Fraction(reviewed, applicable) if applicable else Fraction(1),
                     tuple(duplicated(res)))


def duplicated(res: Results) -> list[str]:
    """Each vendor listed more than once, as "Name (id:v2, id:v9)", the better-ranked entry first."""
    out, seen = [], set()
    for v in res.vendors:  # in rank order
        group = (v.vendor, *v.twins)
        ids = frozenset(x.id for x in group)
        if v.twins and ids not in seen:
            seen.add(ids)
            out.append(f"{v.vendor.name} ({', '.join('id:' + x.id for x in group)})")
    return out


AREA_STATUSES = ("blocker", "missing", "negotiate", "unreviewed", "ok", "na")


@dataclass(frozen=True)
class AreaStatus:
    status: str  # one of AREA_STATUSES: the worst state of the area's applicable items
    count: int  # items in that state
    applicable: int
    reviewed: int
    counts: Mapping[str, int] = field(default_factory=dict)  # applicable items in each state, worst first


def area_statuses(risk: LegalRisk, checklist: LegalChecklist) -> dict[str, AreaStatus]:
    """Per legal area, its worst item: a missing critical item (blocker), missing, negotiate,
    not yet reviewed, ok; "na" when no item of the area applies."""
    out = {}
    for area in checklist.areas:
        states = [risk.items[i.id] for i in area.items if risk.items[i.id].applicable]
        counts: dict[str, int] = {}
        for s in states:
            kind = s.status if s.reviewed and s.status is not None else "unreviewed"
            if kind == "missing" and s.item.severity == "critical":
                kind = "blocker"
            counts[kind] = counts.get(kind, 0) + 1
        status = next((k for k in AREA_STATUSES if counts.get(k)), "na")
        out[area.id] = AreaStatus(status, counts.get(status, 0), len(states), sum(1 for s in states if s.reviewed),
                                  {k: counts[k] for k in AREA_STATUSES if counts.get(k)})
    return out


def answered_by(res: Results) -> dict[str, dict[str, int]]:
    """Per evaluator, per vendor id: how many criteria they answered (a score or N/A)."""
    out: dict[str, dict[str, int]] = {e: {} for e in res.evaluators}
    for v in res.vendors:
        for people in v.score.votes.values():
            for e in people:
                out.setdefault(e, {})[v.vendor.id] = out.get(e, {}).get(v.vendor.id, 0) + 1
    return out


def reviewed_by(res: Results) -> dict[str, dict[str, int]]:
    """Per legal reviewer, per vendor id: how many checklist items they gave a status."""
    out: dict[str, dict[str, int]] = {r: {} for r in res.reviewers}
    for v in res.vendors:
        for state in v.legal.items.values():
            for r, finding in state.by.items():
                if finding.status is not None:  # a note kept before the item is reviewed
                    out.setdefault(r, {})[v.vendor.id] = out.get(r, {}).get(v.vendor.id, 0) + 1
    return out


def categories_by(res: Results) -> dict[str, list[Category]]:
    """Per evaluator, the scorecard categories in which they answered anything, in scorecard order."""
    touched: dict[str, set[str]] = {e: set() for e in res.evaluators}
    for v in res.vendors:
        for cid, people in v.score.votes.items():
            cat = res.scorecard.category_of(cid)
            if cat is not None:
                for e in people:
                    touched.setdefault(e, set()).add(cat.id)
    return {e: [c for c in res.scorecard.categories if c.id in ids] for e, ids in touched.items()}


def short_labels(names: Sequence[str], max_len: int = 12) -> dict[str, str]:
    """Short, distinct column labels for people: first names when they are short and
    distinct, else letters A, B, ... Z, AA, AB ..."""
    firsts = [(re.split(r"[\s(,]+", n.strip(), maxsplit=1)[0] or n) for n in names]
    if all(len(f) <= max_len for f in firsts) and len({f.casefold() for f in firsts}) == len(firsts):
        return dict(zip(names, firsts))
    return {n: _letters(i) for i, n in enumerate(names)}


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


# --- decision analysis ---------------------------------------------------------------------------

ALPHA_RELIABLE = Fraction(4, 5)  # Krippendorff's guide: 0.80 and above reliable
ALPHA_TENTATIVE = Fraction(667, 1000)  # 0.667 to 0.80: tentative conclusions only


def alpha_reading(alpha: Fraction | None) -> str:
    """A plain-English reading of a Krippendorff's alpha on Krippendorff's own convention."""
    if alpha is None:
        return "undefined: no criterion scored by two or more evaluators, or no variation at all"
    if alpha >= ALPHA_RELIABLE:
        return "good: reliable agreement (Krippendorff: 0.80 and above)"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative: enough for tentative conclusions only (Krippendorff: 0.667 to 0.80)"
    return "weak: below Krippendorff's 0.667 minimum for even tentative conclusions"


def category_agreement(res: Results, category_id: str) -> str:
    """A category's evaluator agreement in words: 'one evaluator' when only one person scored it
    (alpha is then undefined because nobody else looked), else its alpha and reading."""
    a = res.agreement
    if a is None:
        return "not computed"
    if a.single_rater(category_id):
        return "one evaluator"
    alpha = a.categories.get(category_id)
    if alpha is None:
        return "not measurable (no criterion scored by two evaluators, or no variation)"
    return f"{float(alpha):.2f}, {alpha_reading(alpha).split(':')[0]}"


def agreement_in_words(res: Results) -> str:
    """Overall evaluator agreement as one plain sentence, with the categories one person scored."""
    a = res.agreement
    if a is None:
        return "Evaluator agreement was not computed."
    if a.alpha is None:
        text = "Evaluator agreement cannot be measured yet: no criterion was scored by two evaluators."
    else:
        word = {"good": "Evaluators agree well", "tentative": "Evaluators agree moderately",
                "weak": "Evaluators agree weakly"}[alpha_reading(a.alpha).split(":")[0]]
        text = f"{word} (Krippendorff's alpha {float(a.alpha):.2f}; 0.80 and above is reliable)."
    single = [c.title for c in res.scorecard.categories if a.single_rater(c.id)]
    if single:
        text += " Scored by one evaluator only: " + _named(single) + "."
    return text


def _named(titles: Sequence[str]) -> str:
    from .results import named

    return named(titles)


def toward(value: Fraction, current: Fraction, scale: int = 1000) -> Fraction:
    """A flip point rounded to 1/scale toward the current value, so a sentence about where the decision
    changes never claims more room than there is."""
    scaled = value * scale
    rounded = math.floor(scaled) if value > current else math.ceil(scaled)
    return Fraction(rounded, scale)


def _share(x: Fraction, current: Fraction) -> str:
    return _trim(f"{float(toward(x, current) * 100):.1f}") + "%"


def _weight(x: Fraction, current: Fraction) -> str:
    return _trim(f"{float(toward(x, current, 10)):.1f}")


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def weight_flip_sentence(res: Results, flip: _decision.WeightFlip) -> str:
    """'Summit Ridge would be recommended if Security posture rises above about 16.8% of the weight
    (now 14%; its weight from 14 to above 17.3, the other weights unchanged).'"""
    title = next(c.title for c in res.scorecard.categories if c.id == flip.category)
    up = flip.up
    return (f"{_would_lead(res, flip.leader)} if {title} {'rises above' if up else 'falls below'} about "
            f"{_share(flip.share, flip.current)} of the weight (now {_share(flip.current, flip.current)}; "
            f"its weight from {_weight(flip.current_weight, flip.current_weight)} to "
            f"{'above' if up else 'below'} {_weight(flip.weight, flip.current_weight)}, the other weights unchanged).")


def score_flip_sentences(res: Results, titles: bool = True) -> list[str]:
    """For the unscored criteria of the recommended vendor and the runner-up: the score that changes it
    (titles=False: all of a vendor's unscored criteria together without naming them, the short form)."""
    d = res.decision
    if d is None:
        return []
    title = {c.id: f"“{c.title}”" for c in res.scorecard.criteria()}
    out = []
    for vid in (d.pick, d.runner_up):
        if vid is None:
            continue
        flips = [f for f in d.score_flips if f.vendor == vid]
        if not flips:
            continue
        who = res.vendor(vid).vendor.name
        singles = [f for f in flips if len(f.criteria) == 1]
        together = next((f for f in flips if len(f.criteria) > 1), None)
        mine = vid == d.pick

        def at(score: int) -> str:
            edge = (score == 0) if mine else (score == 5)
            return f"{score}" if edge else f"{score} {'or lower' if mine else 'or higher'}"

        if together is not None:
            listed = f" ({_named([title[c] for c in together.criteria])})" if titles else ""
            if together.score is None:
                out.append(f"No scores on {who}'s {len(together.criteria)} unscored criteria{listed} "
                           "would change the recommendation.")
            else:
                out.append(f"If {who}'s {len(together.criteria)} unscored criteria{listed} all came in at "
                           f"{at(together.score)}, {_then(res, together.leader, vid)}.")
        for f in singles:
            if f.score is None:
                if together is None:
                    out.append(f"No score on {who}'s unscored {title[f.criteria[0]]} would change the "
                               "recommendation.")
                continue
            out.append(f"A score of {at(f.score)} on {who}'s unscored {title[f.criteria[0]]} alone: "
                       f"{_then(res, f.leader, vid)}.")
    return out


def _then(res: Results, leader: str | None, scored: str) -> str:
    """What a score flip leads to; scored is the vendor whose criteria the flip scores (its readiness
    changes with them, so it is not qualified by today's)."""
    if leader is None:  # the recommended vendor knocked out with no other vendor to recommend
        return "no vendor could be recommended (a knockout)"
    if leader == scored:
        return f"{res.vendor(leader).vendor.name} would be recommended"
    return _would_lead(res, leader, end=True)


def _would_lead(res: Results, vendor_id: str, end: bool = False) -> str:
    """'Summit Ridge would be recommended'; for a vendor not ready to recommend, what the rule would
    then say of it: it leads but is not ready (so the recommendation would be 'not ready')."""
    v = res.vendor(vendor_id)
    if v.ready:
        return f"{v.vendor.name} would be recommended"
    return (f"{v.vendor.name} would lead, though not ready to recommend ({_pct(v.score.completeness)} "
            f"scored){'' if end else ','}")


def evaluator_sentences(res: Results, limit: int = 3) -> list[str]:
    """Leave-one-evaluator-out: how much one person's scores move the recommended vendor's margin."""
    d = res.decision
    if d is None or d.runner_up is None or d.margin is None:
        return []
    pick, other = res.vendor(d.pick).vendor.name, res.vendor(d.runner_up).vendor.name
    out = []
    for e in d.evaluators[:limit]:
        if e.leader == d.runner_up and e.margin is not None:
            out.append(f"Without {e.evaluator}'s scores, {other} would lead by {float(-e.margin):.2f} points.")
        elif e.leader != d.pick or e.margin is None:
            out.append(f"Without {e.evaluator}'s scores, {pick} or {other} would lose its total or be "
                       "knocked out.")
        else:
            out.append(f"Without {e.evaluator}'s scores, {pick} would lead by {float(e.margin):.2f} points "
                       f"(now {float(d.margin):.2f}).")
    return out


def compared_sentences(res: Results) -> list[str]:
    """Who the decision analysis compares, in plain words: when the top scorer is not the recommended
    vendor, why (a knockout or a legal blocker), whether the runner-up is ready, and which scored vendors
    are compared though not ready to recommend."""
    d = res.decision
    if d is None:
        return []
    pick = res.vendor(d.pick)
    scored = [v for v in res.vendors if v.score.total is not None]
    out = []
    top = max(scored, key=lambda v: cast(Fraction, v.score.total))  # the ranking puts knockouts last; first of equals
    if top is not pick and top.score.total != pick.score.total:
        assert top.score.total is not None
        out.append(f"{top.vendor.name} scores highest ({float(top.score.total):.1f}) but cannot be recommended: "
                   f"{_why_out(res, top)}; the figures below compare {pick.vendor.name} with the vendors "
                   "that can be.")
    if d.runner_up is not None and not res.vendor(d.runner_up).ready:
        other = res.vendor(d.runner_up)
        out.append(f"{other.vendor.name}, the runner-up, is not ready to recommend"
                   f"{'' if pick.ready else ' either'} ({_pct(other.score.completeness)} scored).")
    unready = [v for v in scored if v is not top and v.vendor.id not in (d.pick, d.runner_up)
               and not v.score.knocked_out and v.legal.rating != "blocker" and not v.ready]
    if unready:
        out.append("Compared too, though not ready to recommend (the rule would recommend one as 'not ready' "
                   "if it led): " + _named([f"{v.vendor.name} ({_pct(v.score.completeness)} scored)"
                                             for v in unready]) + ".")
    return out


def _why_out(res: Results, v: VendorResult) -> str:
    """Why a higher scorer is not the recommended vendor: one ready or not would be the pick (results.recommend),
    so it is knocked out or has a legal blocker."""
    if v.score.knocked_out:
        return "it is " + knockout_text(res, v, v.score.knockouts[0])
    assert v.legal.blockers, v.vendor.id
    return "it has a legal blocker (" + "; ".join(v.legal.items[i].item.label for i in v.legal.blockers) + ")"


def _pct(x: Fraction) -> str:
    return f"{math.floor(x * 100)}%"  # rounded down, as the readiness rules print it: 79.6% is not 80%


def decision_sentences(res: Results, weight_flips: int = 3) -> list[str]:
    """What would change the recommendation, in plain sentences: margin, weights, unscored criteria,
    evaluators. Empty without a recommendation that can be analysed (none, or conditional)."""
    d = res.decision
    if d is None:
        return []
    pick = res.vendor(d.pick).vendor.name
    out = []
    if d.runner_up is None or d.margin is None:
        out.append(f"{pick} is the only vendor that can be recommended.")
    else:
        out.append(f"{pick} leads {res.vendor(d.runner_up).vendor.name}, the runner-up, by "
                   f"{float(d.margin):.2f} points out of 100.")
    out.extend(compared_sentences(res))
    if d.weights:
        out.extend(weight_flip_sentence(res, f) for f in d.weights[:weight_flips])
    elif d.runner_up is not None:
        out.append("No change of one category's share of the weight changes the recommendation.")
    out.extend(score_flip_sentences(res))
    out.extend(evaluator_sentences(res))
    return out
