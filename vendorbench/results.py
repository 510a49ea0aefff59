"""One results document for a workspace: ranking, scores, legal risk, recommendation.

The CLI, the TUI and the PDF report all read this; nothing else computes a figure
a user sees. compute() is pure; load() reads a workspace and calls it.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from .analysis import agreement as _agreement
from .analysis import decision as _decision
from .analysis import sensitivity as _sensitivity
from .analysis import sla as _sla
from .analysis import tco as _tco
from .legal import LegalRisk, assess
from .models import Finding, LegalChecklist, Scorecard, Weights
from .scoring import (
    EffectiveWeights,
    VendorScore,
    Votes,
    effective_weights,
    rank,
    score_vendor,
)
from .settings import DEFAULTS, Settings
from .vendors import Vendor

if TYPE_CHECKING:
    from .rfp.evidence import EvidenceFlag


@dataclass(frozen=True)
class VendorResult:
    vendor: Vendor
    rank: int
    score: VendorScore
    legal: LegalRisk
    gaps: tuple[str, ...] = ()  # what keeps it from being ready to recommend, by name (workspace settings)
    # the other vendors whose names read as this one's (store.name_key): the same vendor added twice,
    # in two clones before a sync, its answers split between the entries until a person keeps one
    twins: tuple[Vendor, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.gaps


READY, NOT_READY, CONDITIONAL, NONE = "ready", "not ready", "conditional", "none"


@dataclass(frozen=True)
class EvidenceCheck:
    """The evidence records as judged on one day (vendorbench.rfp.evidence's rules): what results,
    the brief and the report flag. The day is passed in, so a report dated --date flags as of that day."""

    today: _dt.date | None = None
    flags: tuple[EvidenceFlag, ...] = ()  # expired, or expiring before the planned contract start
    # (vendor id, criterion id, text): a knockout criterion scored on flagged evidence, a condition to sign
    conditions: tuple[tuple[str, str, str], ...] = ()
    evidenced: frozenset[tuple[str, str]] = frozenset()  # (vendor id, item id) with at least one record

    def flags_of(self, vendor_id: str) -> list[EvidenceFlag]:
        return [f for f in self.flags if f.vendor_id == vendor_id]

    def conditions_of(self, vendor_id: str) -> list[tuple[str, str]]:
        """(criterion id, text) of the vendor's conditions to sign."""
        return [(cid, text) for vid, cid, text in self.conditions if vid == vendor_id]


@dataclass(frozen=True)
class Recommendation:
    vendor: Vendor | None
    conditional: bool  # anything but a firm recommendation: not ready, or conditional on changes
    reasons: tuple[str, ...]
    status: str = NONE  # ready | not ready | conditional | none
    missing: tuple[str, ...] = ()  # what must change or be done first, by name (empty when ready)

    @property
    def label(self) -> str:
        return {READY: "Recommendation", NOT_READY: "Recommendation (not ready)",
                CONDITIONAL: "Recommendation (conditional)"}.get(self.status, "Recommendation")


@dataclass(frozen=True)
class Results:
    workspace: str
    scorecard: Scorecard
    checklist: LegalChecklist
    weights: EffectiveWeights
    vendors: tuple[VendorResult, ...]  # in rank order
    recommendation: Recommendation
    evaluators: tuple[str, ...]
    reviewers: tuple[str, ...]
    settings: Settings = DEFAULTS
    # (vendor id, point key) -> {"owner", "due"}: who settles each open point before signing (vendorbench.brief)
    steps: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    # Decision analysis (vendorbench.analysis); None / empty when computed with analysis=False.
    agreement: _agreement.Agreement | None = None
    # Among the recommendable vendors (the decision); leader_sensitivity: among all vendors not knocked
    # out, about the leader on scores alone (legal blockers ignored). The same when no vendor is blocked.
    sensitivity: _sensitivity.Sensitivity | None = None
    leader_sensitivity: _sensitivity.Sensitivity | None = None
    decision: _decision.Decision | None = None  # what would change the recommendation (ready or not ready)
    sla: dict[str, _sla.SlaCheck] = field(default_factory=dict)  # vendor id -> terms and findings
    tco: dict[str, _tco.Tco] = field(default_factory=dict)  # vendor id -> inputs and figures
    warnings: tuple[_tco.AnalysisWarning, ...] = ()
    evidence: EvidenceCheck = EvidenceCheck()

    def vendor(self, vendor_id: str) -> VendorResult:
        return next(v for v in self.vendors if v.vendor.id == vendor_id)

    @property
    def runner_up(self) -> str | None:
        """The vendor id the recommended one is compared with: the next recommendable vendor ready to
        recommend in rank order, else the next recommendable one; with none (or a conditional
        recommendation), the next scored vendor."""
        return runner_up(self.vendors, self.recommendation)

    def to_json(self) -> dict[str, Any]:
        rec = self.recommendation
        return {
            "workspace": self.workspace,
            "scorecard": self.scorecard.ref,
            "legal": self.checklist.ref,
            "evaluators": list(self.evaluators),
            "reviewers": list(self.reviewers),
            "weights": {c.id: self.weights.category_share(c.id) for c in self.scorecard.categories},
            "vendors": [{**_vendor_json(v), **_evidence_json(self.evidence, v.vendor.id)} for v in self.vendors],
            "settings": self.settings.to_json(),
            "recommendation": {
                "vendor": rec.vendor.name if rec.vendor else None,
                "status": rec.status,
                "conditional": rec.conditional,
                "missing": list(rec.missing),
                "reasons": list(rec.reasons),
            },
            **self._analysis_json(),
        }

    def _analysis_json(self) -> dict[str, Any]:
        name = {v.vendor.id: v.vendor.name for v in self.vendors}
        a, s = self.agreement, self.sensitivity
        return {
            "agreement": None if a is None else {
                "alpha": _num(a.alpha),
                "categories": {cid: _num(x) for cid, x in a.categories.items()},
                "single_rater": [cid for cid in a.categories if a.single_rater(cid)],
                "disagreements": [{"vendor": name[d.vendor_id], "criterion": d.criterion, "spread": d.spread,
                                   "scores": d.scores} for d in a.disagreements],
            },
            "sensitivity": None if s is None else _sensitivity_doc(s, name, "recommendable"),
            "leader_sensitivity": None if self.leader_sensitivity is None else _sensitivity_doc(
                self.leader_sensitivity, name, "not knocked out"),
            "decision": None if self.decision is None else _decision_json(self.decision, name),
            "sla": {name[vid]: {"terms": c.terms, "findings": [{"rule": f.rule, "severity": f.severity,
                                                                 "message": f.message} for f in c.findings]}
                    for vid, c in self.sla.items()},
            "tco": {name[vid]: tco_json(t) for vid, t in self.tco.items()},
            "warnings": [{"rule": w.rule, "message": w.message} for w in self.warnings],
        }


def _evidence_json(check: EvidenceCheck, vendor_id: str) -> dict[str, Any]:
    # the day itself stays out: the report's content check hashes this document, and two copies
    # dated differently say the same thing unless a flag changed
    return {
        "evidence_flags": [{"item": f.item, "record": f.record_id, "state": f.state,
                            "expires": f.expires.isoformat(), "message": f.message}
                           for f in check.flags_of(vendor_id)],
        "conditions_to_sign": [{"criterion": cid, "condition": text} for cid, text in check.conditions_of(vendor_id)],
    }


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def tco_json(t: _tco.Tco) -> dict[str, Any]:
    return {"inputs": t.inputs, "service_monthly": _num(t.service_monthly), "tco": _num(t.tco),
            "cost_per_contact": _num(t.cost_per_contact),
            "cost_per_resolved_contact": _num(t.cost_per_resolved_contact),
            "missing": list(t.missing), "undefined": t.undefined}


def _sensitivity_doc(s: _sensitivity.Sensitivity, name: Mapping[str, str], among: str) -> dict[str, Any]:
    return {
        "among": among,
        "leader": name[s.leader] if s.leader else None,
        "categories": {cid: _sensitivity_json(c, name) for cid, c in s.categories.items()},
        "rank1_probability": {name[vid]: float(p) for vid, p in s.rank1.items()},
        "draws": _sensitivity.DRAWS,
        "summary": list(s.summary),
    }


def _decision_json(d: _decision.Decision, name: Mapping[str, str]) -> dict[str, Any]:
    return {
        "recommended": name[d.pick],
        "runner_up": name[d.runner_up] if d.runner_up else None,
        "margin": _num(d.margin),
        "weight_flips": [{"category": w.category, "current": float(w.current), "share": float(w.share),
                          "current_weight": float(w.current_weight), "weight": float(w.weight),
                          "direction": "up" if w.up else "down", "new_leader": name[w.leader]} for w in d.weights],
        "score_flips": [{"vendor": name[f.vendor], "criteria": list(f.criteria), "score": f.score,
                         "new_leader": name[f.leader] if f.leader else None} for f in d.score_flips],
        "evaluators": [{"evaluator": e.evaluator, "margin": _num(e.margin),
                        "leader": name[e.leader] if e.leader else None} for e in d.evaluators],
    }


def _sensitivity_json(c: _sensitivity.CategorySensitivity, name: Mapping[str, str]) -> dict[str, Any]:
    def flip(f: _sensitivity.Flip | None) -> dict[str, Any] | None:
        return None if f is None else {"share": float(f.share), "leader": name[f.leader]}

    nearest = c.nearest
    return {"current": float(c.current), "flip_at": _num(nearest.share if nearest else None),
            "new_leader": name[nearest.leader] if nearest else None, "below": flip(c.below), "above": flip(c.above)}


def _vendor_json(v: VendorResult) -> dict[str, Any]:
    s = v.score
    return {
        "name": v.vendor.name,
        "id": v.vendor.id,
        "region": v.vendor.region,
        "rank": v.rank,
        "total": _num(s.total),
        "completeness": float(s.completeness),
        "categories": {cid: _num(val) for cid, val in s.categories.items()},
        "knocked_out": s.knocked_out,
        "ready": v.ready,
        "readiness_gaps": list(v.gaps),
        "knockouts": list(s.knockouts),
        "pending_knockouts": list(s.pending_knockouts),
        "legal": {
            "rating": v.legal.rating,
            "review_complete": v.legal.review_complete,
            "exposure": float(v.legal.exposure),
            "coverage": float(v.legal.coverage),
            "blockers": list(v.legal.blockers),
            "open_items": [{"item": st.item.id, "status": st.status, "severity": st.item.severity}
                           for st in v.legal.open_items()],
        },
    }


def compute(workspace: str, scorecard: Scorecard, checklist: LegalChecklist, vendors: Iterable[Vendor],
            votes: Mapping[str, Votes], findings: Iterable[Finding], overrides: Weights | None = None,
            conditions_off: Mapping[str, Iterable[str]] | None = None,
            sla_terms: Mapping[str, Mapping[str, Any]] | None = None,
            tco_inputs: Mapping[str, Mapping[str, Any]] | None = None, analysis: bool = True,
            settings: Settings = DEFAULTS, steps: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
            bids: Mapping[str, Any] | None = None, evidence: EvidenceCheck | None = None) -> Results:
    """votes: vendor id -> criterion id -> evaluator -> 0..5 or "na" (scoring.tally builds it from answers).

    sla_terms and tco_inputs: vendor id -> validated terms (store.Workspace.sla_terms / tco_inputs).
    bids: vendor id -> staffing.BidCheck (operations.bid_checks): the cost-only guard compares
    vendors on the TCO corrected to the required staffing.
    evidence: the evidence records checked on a day (load() builds it; empty when not given).
    analysis=False leaves out the decision analysis (agreement, sensitivity, SLA, TCO, warnings).
    """
    vendors = list(vendors)
    findings = list(findings)
    conditions_off = conditions_off or {}
    weights = effective_weights(scorecard, overrides)

    findings_by_vendor: dict[str, list[Finding]] = {}
    for f in findings:
        findings_by_vendor.setdefault(f.vendor_id, []).append(f)

    by_id = {v.id: v for v in vendors}
    scores = [score_vendor(scorecard, weights, v.id, votes.get(v.id, {})) for v in vendors]
    ranked = rank(scores, {v.id: v.name for v in vendors})
    results = tuple(
        VendorResult(by_id[s.vendor_id], r, s,
                     assess(checklist, s.vendor_id, findings_by_vendor.get(s.vendor_id, ()),
                            conditions_off.get(s.vendor_id, ()), settings))
        for r, s in ranked
    )
    results = _with_twins(results)
    results = tuple(replace(v, gaps=readiness(v, scorecard, settings).gaps) for v in results)
    evaluators = sorted({e for vid, crits in votes.items() if vid in by_id for people in crits.values()
                         for e in people}, key=str.casefold)
    reviewers = sorted({f.reviewer for f in findings if f.vendor_id in by_id and f.status is not None},
                       key=str.casefold)
    base = Results(workspace, scorecard, checklist, weights, results,
                   recommend(results, scorecard, settings), tuple(evaluators), tuple(reviewers), settings,
                   dict(steps or {}), evidence=evidence or EvidenceCheck())
    if not analysis:
        return base
    names = {v.id: v.name for v in vendors}
    in_order = [r.score for r in results]
    sla_terms, tco_inputs = sla_terms or {}, tco_inputs or {}
    rec = base.recommendation
    # who may lead the decision: the vendors the recommendation rule could pick instead (contenders: also
    # those not ready, which it would recommend as "not ready"); on scores alone: every vendor not knocked out
    can = [r.vendor.id for r in results if contender(r)]
    on_scores = [r.vendor.id for r in results if not r.score.knocked_out]
    # the sensitivity sentences name vendors for a reader: another vendor not ready to recommend says so
    # there (the recommendation itself already says whether the recommended one is ready)
    labels = {r.vendor.id: r.vendor.name + ("" if r.ready or r.score.total is None or r.vendor == rec.vendor
                                            else " (not ready to recommend)") for r in results}
    if can == on_scores:
        decided = leading = _sensitivity.sensitivity(scorecard, weights, in_order, labels, among=can)
    else:
        decided, leading = _sensitivity.sensitivities(scorecard, weights, in_order, labels, [can, None])
    decision = None
    if rec.vendor is not None and rec.status != CONDITIONAL:
        candidates = [r.score for r in results if r.score.total is not None and contender(r)]
        other = base.runner_up if any(c.vendor_id == base.runner_up for c in candidates) else None
        decision = _decision.decide(scorecard, weights, candidates, rec.vendor.id, other, names, decided.categories)
    return replace(
        base,
        agreement=_agreement.agreement(scorecard, in_order),
        sensitivity=decided,
        leader_sensitivity=leading,
        decision=decision,
        sla={r.vendor.id: _sla.check(sla_terms.get(r.vendor.id, {})) for r in results},
        tco={r.vendor.id: _tco.compute(tco_inputs.get(r.vendor.id, {})) for r in results},
        # about the vendor recommended, as the decision is: a blocked top scorer cheap on paper is no warning
        warnings=tuple(_tco.cost_only_warnings(scorecard, weights,
                                               [r.score for r in results if contender(r)], names,
                                               {vid: b for vid, b in (bids or {}).items() if vid in names})),
    )


def _with_twins(results: tuple[VendorResult, ...]) -> tuple[VendorResult, ...]:
    from .store import duplicate_groups

    group_of = {v.id: group for group in duplicate_groups(r.vendor for r in results) for v in group}
    return tuple(replace(r, twins=tuple(v for v in group_of.get(r.vendor.id, ()) if v is not r.vendor))
                 for r in results)


def runner_up(vendors: Sequence[VendorResult], rec: Recommendation) -> str | None:
    if rec.vendor is None:
        return None
    others = [v for v in vendors if v.vendor.id != rec.vendor.id and v.score.total is not None]
    if rec.status != CONDITIONAL:
        for able in ([v for v in others if recommendable(v) and v.ready], [v for v in others if recommendable(v)]):
            if able:
                return able[0].vendor.id
    return others[0].vendor.id if others else None


def recommendable(v: VendorResult) -> bool:
    """Can be recommended at all: scored, not knocked out, no legal blocker."""
    return v.score.total is not None and not v.score.knocked_out and v.legal.rating != "blocker"


def contender(v: VendorResult) -> bool:
    """Compared in the decision analysis: any vendor the recommendation rule (recommend) could pick
    after a change of weights or scores, so not knocked out and without a legal blocker. A vendor that
    is not ready to recommend stays in, because the rule would recommend it (as "not ready") if it led;
    the sentences say so whenever they name one. An unscored vendor stays in (it never ranks first)."""
    return not (v.score.knocked_out or v.legal.rating == "blocker")


@dataclass(frozen=True)
class Readiness:
    """Whether the team has looked at a vendor closely enough to recommend it (workspace settings)."""

    gaps: tuple[str, ...]  # what is missing, by name, one plain sentence each

    @property
    def ready(self) -> bool:
        return not self.gaps


MAX_NAMED = 6  # names listed in one sentence before "and N more"


def named(titles: Sequence[str], limit: int = MAX_NAMED) -> str:
    """'A, B and C'; past the limit 'A, B, ... and 4 more'."""
    titles = list(titles)
    if len(titles) > limit:
        return ", ".join(titles[:limit]) + f" and {len(titles) - limit} more"
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def readiness(v: VendorResult, scorecard: Scorecard, settings: Settings) -> Readiness:
    gaps = []
    s = v.score
    if settings.knockouts_scored and s.pending_knockouts:
        gaps.append("Must-have (knockout) criteria not yet scored: "
                    + _end(named(_titles(scorecard, s.pending_knockouts))))
    if under_completeness(v, settings):
        gaps.append(f"Scorecard {_pct_floor(s.completeness)} complete, needs {settings.min_completeness}%: "
                    f"{_count(unscored_criteria(v, scorecard), 'criterion', 'criteria')} not yet scored.")
    critical = v.legal.unreviewed("critical")
    if settings.critical_reviewed and critical:
        gaps.append("Critical contract items not yet reviewed: " + _end(named([st.item.label for st in critical])))
    if v.legal.coverage < settings.legal_coverage_threshold:
        gaps.append(f"Contract review {_pct_floor(v.legal.coverage)} complete, needs "
                    f"{settings.min_legal_coverage}%.")
    if v.twins:  # whichever entry leads, its figures are only part of the team's evaluation
        entries = " and ".join(f"{t.name!r} (id:{t.id})" for t in (v.vendor, *v.twins))
        gaps.append(f"Listed more than once: {entries} read as the same vendor, its answers split "
                    f"between the entries; join them (vendorbench vendor merge DIR id:{v.twins[-1].id} --into "
                    f"id:{v.vendor.id}).")
    return Readiness(tuple(gaps))


def under_completeness(v: VendorResult, settings: Settings) -> bool:
    """Too little of the vendor's scorecard is settled to recommend it (the workspace's min_completeness):
    the readiness rule, and the mark the report puts on the vendor's name in every chart and table."""
    return v.score.completeness < settings.completeness_threshold


def scored_share(v: VendorResult) -> str:
    """How much of the vendor's scorecard is settled, as a whole percentage rounded down (79.6% is not 80%)."""
    return _pct_floor(v.score.completeness)


def unscored_criteria(v: VendorResult, scorecard: Scorecard) -> list[str]:
    """Criterion ids with no consensus yet (no score and no N/A), in scorecard order."""
    return [c.id for c in scorecard.criteria() if not v.score.votes.get(c.id)]


def _end(text: str) -> str:
    """A sentence's full stop, unless the text already ends one (criterion titles are often questions)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _count(items: Sequence[Any], one: str, many: str) -> str:
    return f"{len(items)} {one if len(items) == 1 else many}"


def _pct_floor(x: Fraction) -> str:
    """A share as a whole percentage, rounded down: 79.6% complete must not read as 80%."""
    return f"{math.floor(x * 100)}%"


def recommend(ranked: tuple[VendorResult, ...], scorecard: Scorecard,
              settings: Settings = DEFAULTS) -> Recommendation:
    """The best-ranked recommendable vendor (scored, not knocked out, no legal blocker).

    It is a firm recommendation ("ready") only when the vendor passes the readiness
    thresholds; otherwise "not ready", with what is missing by name. With no
    recommendable vendor, the best-ranked scored one is named as "conditional", with
    the knockouts and blockers that must change.
    """
    scored = [v for v in ranked if v.score.total is not None]
    if not scored:
        return Recommendation(None, False, ("No vendor has been scored yet.",), NONE)
    clean = [v for v in scored if recommendable(v)]
    if clean:
        pick = clean[0]
        gaps = readiness(pick, scorecard, settings).gaps
        reasons = []
        if gaps:
            reasons.append(f"{pick.vendor.name} leads on what has been scored so far but is not ready to "
                           "recommend; still missing:")
            reasons.extend(gaps)
            ready = next((v for v in clean[1:] if readiness(v, scorecard, settings).ready), None)
            if ready is not None and ready.score.total is not None:
                reasons.append(f"{ready.vendor.name} is the best-ranked vendor ready to recommend "
                               f"({float(ready.score.total):.1f}/100).")
        reasons.append(f"Ranked {pick.rank} of {len(ranked)} with a total of "
                       f"{float(cast(Fraction, pick.score.total)):.1f}/100.")
        for other in scored:
            if other is pick:
                break
            reasons.append(_end(f"{other.vendor.name} scores higher but {_exclusion(other, scorecard)}"))
        reasons.append(_legal_line(pick))
        if not gaps:
            reasons.extend(_caveats(pick, scorecard))
        return Recommendation(pick.vendor, bool(gaps), tuple(reasons), NOT_READY if gaps else READY, gaps)

    pick = scored[0]
    reasons = [f"No vendor is free of knockouts and legal blockers; {pick.vendor.name} ranks best "
               f"with {float(cast(Fraction, pick.score.total)):.1f}/100 and is recommended only if these change:"]
    must = _knockout_lines(pick, scorecard)
    must += [f"Legal blocker: {pick.legal.items[i].item.label} (missing, critical)." for i in pick.legal.blockers]
    gaps = readiness(pick, scorecard, settings).gaps
    reasons += must
    if gaps:
        reasons.append("Also still missing:")
        reasons.extend(gaps)
    return Recommendation(pick.vendor, True, tuple(reasons), CONDITIONAL, tuple(must) + gaps)


def _exclusion(v: VendorResult, scorecard: Scorecard) -> str:
    parts = []
    if v.score.knocked_out:
        parts.append("is knocked out on " + named(_titles(scorecard, v.score.knockouts)))
    if v.legal.blockers:
        items = [v.legal.items[i].item.label for i in v.legal.blockers]
        parts.append(("has a legal blocker: " if len(items) == 1 else "has legal blockers: ") + "; ".join(items))
    return " and ".join(parts)


def _titles(scorecard: Scorecard, ids: Iterable[str]) -> list[str]:
    """Titles of criteria taken from this scorecard (knockouts, unscored ones)."""
    out = []
    for cid in ids:
        crit = scorecard.criterion(cid)
        assert crit is not None, cid
        out.append(crit.title)
    return out


def _knockout_lines(v: VendorResult, scorecard: Scorecard) -> list[str]:
    lines = []
    for cid in v.score.knockouts:
        crit = scorecard.criterion(cid)
        mean = v.score.consensus(cid).mean
        assert crit is not None and mean is not None  # a knockout is a scored criterion of this scorecard
        lines.append(f"Knocked out on {crit.title}: consensus {float(mean):.2f}, needs at least "
                     f"{crit.knockout_below:g}.")
    return lines


def _legal_line(v: VendorResult) -> str:
    open_items = v.legal.open_items()
    line = (f"Legal rating {v.legal.rating} (exposure {float(v.legal.exposure):.1f}, "
            f"{_pct_floor(v.legal.coverage)} of applicable items reviewed)")
    if open_items:
        line += f"; {_count(open_items, 'contract item', 'contract items')} to settle before signing"
    return line + "."


def _caveats(v: VendorResult, scorecard: Scorecard) -> list[str]:
    """What a ready vendor still lacks, below the thresholds' bar."""
    out = []
    unscored = unscored_criteria(v, scorecard)
    if unscored:
        out.append(f"Scorecard {_pct_floor(v.score.completeness)} complete; not yet scored: "
                   + _end(named(_titles(scorecard, unscored))))
    if v.legal.coverage < 1:
        out.append(f"Legal review {_pct_floor(v.legal.coverage)} complete; "
                   f"{_count(v.legal.unreviewed(), 'applicable item', 'applicable items')} not yet reviewed.")
    return out


def load(ws: Any, today: _dt.date | None = None, analysis: bool = True) -> Results:
    """Results for an open store.Workspace; evidence is judged as of today (default: the clock's today).

    analysis=False: without the decision analysis (see compute), and without reading the SLA terms, TCO
    inputs and bids only it uses."""
    from .operations import bid_checks

    votes = ws.votes()
    sla = tco = bids = None
    if analysis:
        sla, tco, bids = ws.sla_terms(), ws.tco_inputs(), bid_checks(ws)
    return compute(ws.meta.name, ws.scorecard, ws.legal, ws.vendors(), votes, ws.findings(),
                   ws.weights(), ws.conditions_off(), sla, tco, analysis=analysis, settings=ws.settings(),
                   steps=ws.steps(), bids=bids, evidence=evidence_check(ws, votes, today))


def evidence_check(ws: Any, votes: Mapping[str, Votes], today: _dt.date | None = None) -> EvidenceCheck:
    """The workspace's evidence records judged as of today: flags and conditions to sign."""
    from .rfp import evidence as _evidence

    today = today or _dt.date.today()
    records = _evidence.records(ws)
    flags = _evidence.expiry_flags(records, today, ws.contract_start())
    conditions = _evidence.knockout_conditions(ws.scorecard, votes, flags)
    return EvidenceCheck(today, tuple(flags), tuple(conditions), frozenset((r.vendor_id, r.item) for r in records))
