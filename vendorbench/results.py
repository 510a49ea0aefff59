"""One results document for a workspace: ranking, scores, legal risk, recommendation.

The CLI, the TUI and the PDF report all read this; nothing else computes a figure
a user sees. compute() is pure; load() reads a workspace and calls it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .analysis import agreement as _agreement
from .analysis import sensitivity as _sensitivity
from .analysis import sla as _sla
from .analysis import tco as _tco
from .legal import LegalRisk, assess
from .models import Finding, LegalChecklist, Scorecard, Vendor, Weights
from .scoring import EffectiveWeights, VendorScore, Votes, effective_weights, rank, score_vendor


@dataclass(frozen=True)
class VendorResult:
    vendor: Vendor
    rank: int
    score: VendorScore
    legal: LegalRisk


@dataclass(frozen=True)
class Recommendation:
    vendor: Vendor | None
    conditional: bool
    reasons: tuple[str, ...]


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
    # Decision analysis (vendorbench.analysis); None / empty when computed with analysis=False.
    agreement: _agreement.Agreement | None = None
    sensitivity: _sensitivity.Sensitivity | None = None
    sla: dict[str, _sla.SlaCheck] = field(default_factory=dict)  # vendor id -> terms and findings
    tco: dict[str, _tco.Tco] = field(default_factory=dict)  # vendor id -> inputs and figures
    warnings: tuple[_tco.AnalysisWarning, ...] = ()

    def vendor(self, vendor_id: str) -> VendorResult:
        return next(v for v in self.vendors if v.vendor.id == vendor_id)

    def to_json(self) -> dict[str, Any]:
        rec = self.recommendation
        return {
            "workspace": self.workspace,
            "scorecard": self.scorecard.ref,
            "legal": self.checklist.ref,
            "evaluators": list(self.evaluators),
            "reviewers": list(self.reviewers),
            "weights": {c.id: self.weights.category_share(c.id) for c in self.scorecard.categories},
            "vendors": [_vendor_json(v) for v in self.vendors],
            "recommendation": {
                "vendor": rec.vendor.name if rec.vendor else None,
                "conditional": rec.conditional,
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
                "disagreements": [{"vendor": name[d.vendor_id], "criterion": d.criterion, "spread": d.spread,
                                   "scores": d.scores} for d in a.disagreements],
            },
            "sensitivity": None if s is None else {
                "leader": name[s.leader] if s.leader else None,
                "categories": {cid: _sensitivity_json(c, name) for cid, c in s.categories.items()},
                "rank1_probability": {name[vid]: float(p) for vid, p in s.rank1.items()},
                "draws": _sensitivity.DRAWS,
                "summary": list(s.summary),
            },
            "sla": {name[vid]: {"terms": c.terms, "findings": [{"rule": f.rule, "severity": f.severity,
                                                                 "message": f.message} for f in c.findings]}
                    for vid, c in self.sla.items()},
            "tco": {name[vid]: tco_json(t) for vid, t in self.tco.items()},
            "warnings": [{"rule": w.rule, "message": w.message} for w in self.warnings],
        }


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def tco_json(t: _tco.Tco) -> dict[str, Any]:
    return {"inputs": t.inputs, "service_monthly": _num(t.service_monthly), "tco": _num(t.tco),
            "cost_per_contact": _num(t.cost_per_contact),
            "cost_per_resolved_contact": _num(t.cost_per_resolved_contact),
            "missing": list(t.missing), "undefined": t.undefined}


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
        "knockouts": list(s.knockouts),
        "pending_knockouts": list(s.pending_knockouts),
        "legal": {
            "rating": v.legal.rating,
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
            bids: Mapping[str, Any] | None = None) -> Results:
    """votes: vendor id -> criterion id -> evaluator -> 0..5 or "na" (scoring.tally builds it from answers).

    sla_terms and tco_inputs: vendor id -> validated terms (store.Workspace.sla_terms / tco_inputs).
    bids: vendor id -> staffing.BidCheck (operations.bid_checks): the cost-only guard compares
    vendors on the TCO corrected to the required staffing.
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
                            conditions_off.get(s.vendor_id, ())))
        for r, s in ranked
    )
    evaluators = sorted({e for vid, crits in votes.items() if vid in by_id for people in crits.values()
                         for e in people}, key=str.casefold)
    reviewers = sorted({f.reviewer for f in findings if f.vendor_id in by_id and f.status is not None},
                       key=str.casefold)
    base = Results(workspace, scorecard, checklist, weights, results,
                   recommend(results, scorecard), tuple(evaluators), tuple(reviewers))
    if not analysis:
        return base
    names = {v.id: v.name for v in vendors}
    in_order = [r.score for r in results]
    sla_terms, tco_inputs = sla_terms or {}, tco_inputs or {}
    return replace(
        base,
        agreement=_agreement.agreement(scorecard, in_order),
        sensitivity=_sensitivity.sensitivity(scorecard, weights, in_order, names),
        sla={r.vendor.id: _sla.check(sla_terms.get(r.vendor.id, {})) for r in results},
        tco={r.vendor.id: _tco.compute(tco_inputs.get(r.vendor.id, {})) for r in results},
        warnings=tuple(_tco.cost_only_warnings(scorecard, weights, in_order, names,
                                               {vid: b for vid, b in (bids or {}).items() if vid in names})),
    )


def recommend(ranked: tuple[VendorResult, ...], scorecard: Scorecard) -> Recommendation:
    """The best-ranked vendor that is neither knocked out nor a legal blocker.

    With none, the best-ranked vendor is named as conditional, with what must change.
    """
    scored = [v for v in ranked if v.score.total is not None]
    if not scored:
        return Recommendation(None, False, ("No vendor has been scored yet.",))
    clean = [v for v in scored if not v.score.knocked_out and v.legal.rating != "blocker"]
    if clean:
        pick = clean[0]
        reasons = [f"Ranked {pick.rank} of {len(ranked)} with a total of {float(pick.score.total):.1f}/100."]
        for other in scored:
            if other is pick:
                break
            reasons.append(f"{other.vendor.name} scores higher but {_exclusion(other, scorecard)}.")
        reasons.append(_legal_line(pick))
        reasons.extend(_caveats(pick, scorecard))
        return Recommendation(pick.vendor, False, tuple(reasons))

    pick = scored[0]
    reasons = [f"No vendor is free of knockouts and legal blockers; {pick.vendor.name} ranks best "
               f"with {float(pick.score.total):.1f}/100 and is recommended only if these change:"]
    reasons.extend(_knockout_lines(pick, scorecard))
    reasons.extend(f"Legal blocker {i}: {pick.legal.items[i].item.label} (missing, critical)."
                   for i in pick.legal.blockers)
    reasons.extend(_caveats(pick, scorecard))
    return Recommendation(pick.vendor, True, tuple(reasons))


def _exclusion(v: VendorResult, scorecard: Scorecard) -> str:
    parts = []
    if v.score.knocked_out:
        parts.append("is knocked out on " + ", ".join(scorecard.criterion(c).title for c in v.score.knockouts))
    if v.legal.blockers:
        items = [f"{i} {v.legal.items[i].item.label}" for i in v.legal.blockers]
        parts.append(("has a legal blocker: " if len(items) == 1 else "has legal blockers: ") + "; ".join(items))
    return " and ".join(parts)


def _knockout_lines(v: VendorResult, scorecard: Scorecard) -> list[str]:
    lines = []
    for cid in v.score.knockouts:
        crit = scorecard.criterion(cid)
        mean = v.score.consensus(cid).mean
        lines.append(f"Knocked out on {crit.title}: consensus {float(mean):.2f}, needs at least "
                     f"{crit.knockout_below:g}.")
    return lines


def _legal_line(v: VendorResult) -> str:
    open_items = v.legal.open_items()
    line = (f"Legal rating {v.legal.rating} (exposure {float(v.legal.exposure):.1f}, "
            f"{float(v.legal.coverage):.0%} of applicable items reviewed)")
    if open_items:
        line += f"; {len(open_items)} contract item(s) to settle before signing"
    return line + "."


def _caveats(v: VendorResult, scorecard: Scorecard) -> list[str]:
    out = []
    if v.score.completeness < 1:
        out.append(f"Scorecard only {float(v.score.completeness):.0%} complete.")
    if v.score.pending_knockouts:
        out.append("Knockout criteria not yet scored: " +
                   ", ".join(scorecard.criterion(c).title for c in v.score.pending_knockouts) + ".")
    if v.legal.coverage < 1:
        out.append(f"Legal review only {float(v.legal.coverage):.0%} complete.")
    return out


def load(ws: Any) -> Results:
    """Results for an open store.Workspace."""
    from .operations import bid_checks

    return compute(ws.meta.name, ws.scorecard, ws.legal, ws.vendors(), ws.votes(), ws.findings(),
                   ws.weights(), ws.conditions_off(), ws.sla_terms(), ws.tco_inputs(), bids=bid_checks(ws))
