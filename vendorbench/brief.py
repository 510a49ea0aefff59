"""The executive brief: one plain data object built once from the results document.

Everything an executive reads on the brief's page, in plain words (vendor,
criterion and contract-item titles, never ids): the decision requested, the
recommendation and runner-up, the margin and what would change it, cost over
the term and per resolved contact in the workspace currency, the SLA balance,
evaluator agreement, and the conditions to sign as next steps.

Next steps (`Step`) for the recommended vendor, each with the ask, an owner and
a due date (set per point with `vendorbench steps`; a point is keyed by its
legal item id or by a risk key below):

- every open contract item (missing first, then negotiate, by severity): the
  ask is the reviewers' note, else the checklist requirement; key = item id;
- critical contract items not yet reviewed (key = item id);
- low scores on heavy criteria: a consensus of LOW_SCORE or less on a criterion
  carrying at least HEAVY_SHARE of the total weight; the ask is the
  evaluators' notes (key "low:<criterion id>");
- criteria nobody has scored yet, with the score that would change the
  recommendation where one would (key "unscored:<criterion id>");
- categories scored by one evaluator only (key "one-evaluator:<category id>");
- evidence (vendorbench.rfp.evidence, judged on the results' day): a knockout
  criterion scored on evidence that has expired, or expires before the planned
  contract start, is a condition to sign (kind "condition"); other such evidence
  is stale (kind "stale evidence"); key "evidence:<criterion or item id>". Once
  the workspace has evidence records, a scored knockout criterion with none is
  missing evidence (key "no-evidence:<criterion id>").

Pure: build() reads only the results and the evaluators' notes it is given;
load() reads a workspace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from . import summary
from .models import Answer
from .results import CONDITIONAL, NONE, NOT_READY, Results, named

LOW_SCORE = 3  # the rubric's middle anchor: meets the basics, no more
HEAVY_SHARE = Fraction(1, 100)  # a criterion carrying at least 1% of the total weight

# the order of the next steps: conditions to sign first
KINDS = ("condition", "contract", "review", "stale evidence", "missing evidence", "low score", "unscored",
         "one evaluator")

Notes = Mapping[str, Sequence[tuple[str, str]]]  # criterion id -> (evaluator, note) for the recommended vendor


@dataclass(frozen=True)
class Step:
    key: str  # what `vendorbench steps --key` sets the owner and due date of (not shown to executives)
    kind: str  # one of KINDS
    title: str  # the point, in plain words
    ask: str  # what to ask for or do
    owner: str  # "" while nobody is named
    due: str  # YYYY-MM-DD, "" while not set


@dataclass(frozen=True)
class Brief:
    event: str
    status: str  # ready | not ready | conditional | none (results.Recommendation.status)
    decision: str  # the decision requested, one sentence
    headline: str  # "Recommendation: X" and the like
    recommended: str | None
    runner_up: str | None
    why: tuple[str, ...]  # the recommendation's reasons
    margin: str | None  # one sentence
    what_changes_it: tuple[str, ...]
    key_changes: tuple[str, ...]  # the shortest version for page 1: nearest weight flips, unscored criteria, evaluators
    cost: tuple[str, ...]
    sla: tuple[str, ...]
    agreement: str
    steps: tuple[Step, ...]
    currency: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The brief as plain text lines (the CLI prints these)."""
        out = [self.headline, "", "Decision requested: " + self.decision]
        sections = [("Why", self.why), ("Margin", (self.margin,) if self.margin else ()),
                    ("What would change it", self.what_changes_it), ("Cost", self.cost),
                    ("Service levels", self.sla), ("Evaluator agreement", (self.agreement,))]
        for title, items in sections:
            if items:
                out += ["", title] + [f"- {x}" for x in items]
        if self.steps:
            out += ["", "Conditions to sign and next steps"]
            for i, s in enumerate(self.steps, start=1):
                who = s.owner or "owner not set"
                out.append(f"{i}. {s.title} — {s.ask} ({who}; due {s.due or 'not set'})")
        return out


def money(x: Fraction, currency: str, cents: bool = False) -> str:
    return f"{currency} {float(x):,.2f}" if cents else f"{currency} {round(x):,}"


def build(res: Results, notes: Notes | None = None) -> Brief:
    notes = notes or {}
    rec = res.recommendation
    pick = summary.recommended(res)
    other = summary.runner_up(res)
    currency = res.settings.currency
    name = pick.vendor.name if pick else None
    if rec.status == NONE or pick is None:
        decision = "None yet: no vendor has been scored."
    elif rec.status == NOT_READY:
        decision = (f"None yet: finish the evaluation of {name} first (what is missing is listed below); "
                    "it leads on what has been scored so far.")
    elif rec.status == CONDITIONAL:
        decision = (f"Whether to pursue {name}, which no knockout-free and blocker-free vendor beats, only if "
                    "the knockouts and blockers below are resolved.")
    else:
        decision = (f"Approve {name} as the customer-support outsourcing vendor for {res.workspace}, "
                    "subject to the conditions to sign below.")
    margin = None
    d = res.decision
    gap = summary.margin(res)
    if gap is not None:
        assert pick is not None and pick.score.total is not None and gap.runner_up.score.total is not None
        margin = (f"{name} scores {float(pick.score.total):.1f} of 100, {float(gap.points):.2f} points ahead of "
                  f"{gap.runner_up.vendor.name} ({float(gap.runner_up.score.total):.1f}).")
    changes = tuple(summary.decision_sentences(res, weight_flips=3)[1:]) if d is not None else ()
    key: list[str] = []
    if d is not None:
        key += summary.compared_sentences(res)[:1]  # a higher scorer that cannot be recommended, and why
        key += [summary.weight_flip_sentence(res, f) for f in d.weights[:2]]
        key += summary.score_flip_sentences(res, titles=False)[:1]
        key += [line for line in summary.evaluator_sentences(res, limit=1)
                if other and other.vendor.name + " would lead" in line]
    return Brief(
        event=res.workspace, status=rec.status, decision=decision,
        headline=f"{rec.label}: {name}" if name else "Recommendation: none yet",
        recommended=name, runner_up=other.vendor.name if other else None,
        why=rec.reasons + tuple(_analysis_reasons(res)), margin=margin, what_changes_it=changes, key_changes=tuple(key),
        cost=tuple(_cost(res, currency)), sla=tuple(_sla(res)), agreement=summary.agreement_in_words(res),
        steps=tuple(_steps(res, notes)), currency=currency)


def _analysis_reasons(res: Results) -> list[str]:
    """What the analysis sections found that bears on the recommendation, in plain words: the cost-only
    warnings, and the recommended vendor's SLA findings (the service levels line gives their detail)."""
    out = [w.message for w in res.warnings]
    pick = summary.recommended(res)
    check = res.sla.get(pick.vendor.id) if pick else None
    if pick and check and check.findings:
        titles = [f"{f.title} ({f.severity})" for f in check.findings]
        out.append(f"{pick.vendor.name}'s proposed SLA is unbalanced: {named(titles)}; settle it in the contract.")
    return out


def _cost(res: Results, currency: str) -> list[str]:
    pick, other = summary.recommended(res), summary.runner_up(res)
    if pick is None:
        return []
    out = []
    mine = res.tco.get(pick.vendor.id)
    theirs = res.tco.get(other.vendor.id) if other else None
    for v, t in ((pick, mine), (other, theirs)):
        if v is None:
            continue
        if t is None or t.tco is None:
            missing = f" (inputs missing: {', '.join(k.replace('_', ' ') for k in t.missing)})" if t and t.missing \
                else ""
            out.append(f"{v.vendor.name}: total cost of ownership not known yet{missing}.")
            continue
        months = t.inputs.get("contract_months")
        line = f"{v.vendor.name}: {money(t.tco, currency)} over {months:g} months"
        if t.cost_per_resolved_contact is not None:
            line += f", {money(t.cost_per_resolved_contact, currency, cents=True)} per resolved contact"
        out.append(line + ".")
    if other and mine and theirs and mine.tco and theirs.tco is not None:
        diff = theirs.tco - mine.tco
        word = "more" if diff > 0 else "less"
        line = (f"{other.vendor.name} costs {money(abs(diff), currency)} ({float(abs(diff) / mine.tco):.0%}) {word} "
                f"than {pick.vendor.name} over the term")
        if mine.cost_per_resolved_contact and theirs.cost_per_resolved_contact is not None:
            per = theirs.cost_per_resolved_contact - mine.cost_per_resolved_contact
            line += (f" and {money(abs(per), currency, cents=True)} {'more' if per > 0 else 'less'} per resolved "
                     "contact")
        out.append(line + ".")
    return out


def _sla(res: Results) -> list[str]:
    out = []
    for v in (summary.recommended(res), summary.runner_up(res)):
        if v is None:
            continue
        check = res.sla.get(v.vendor.id)
        if check is None or not check.terms:
            out.append(f"{v.vendor.name}: no SLA terms recorded yet.")
        elif not check.findings:
            out.append(f"{v.vendor.name}: balanced (quality terms alongside speed).")
        else:
            points = "; ".join(f.message.split(": ")[0].rstrip(".") for f in check.findings)
            out.append(f"{v.vendor.name}: unbalanced, {points}.")
    return out


def _steps(res: Results, notes: Notes) -> list[Step]:
    pick = summary.recommended(res)
    if pick is None:
        return []
    vid = pick.vendor.id
    found: list[tuple[str, str, str, str]] = []  # key, kind, title, ask
    for st in summary.conditions_to_sign(res):
        said = [f.note for f in st.by.values() if f.status == st.status and f.note]
        verb = "Missing" if st.status == "missing" else "Negotiate"
        found.append((st.item.id, "contract", f"{verb}: {st.item.label}",
                      " ".join(said) if said else st.item.requirement))
    for st in pick.legal.unreviewed("critical"):
        found.append((st.item.id, "review", f"Review: {st.item.label}",
                      "A critical contract item nobody has reviewed yet."))
    found += _evidence_steps(res, vid)
    sc, weights = res.scorecard, res.weights
    for crit in sc.criteria():
        mean = pick.score.consensus(crit.id).mean
        if mean is not None and mean <= LOW_SCORE and weights.criterion_share(sc, crit.id) >= HEAVY_SHARE:
            said = [n for _, n in notes.get(crit.id, ()) if n]
            found.append((f"low:{crit.id}", "low score", f"Low score ({float(mean):.1f} of 5): {crit.title}",
                          " ".join(said) if said else "Agree how the vendor will close the gap, in the contract."))
    flips = {f.criteria[0]: f for f in (res.decision.score_flips if res.decision else ())
             if f.vendor == vid and len(f.criteria) == 1}
    for cid in (c.id for c in sc.criteria() if not pick.score.votes.get(c.id)):
        unscored = sc.criterion(cid)
        assert unscored is not None
        noted = " ".join(n for _, n in notes.get(cid, ()) if n)
        flip = flips.get(cid)
        stake = (f" A score of {flip.score}{'' if flip.score == 0 else ' or lower'} would change the recommendation."
                 if flip and flip.score is not None else "")
        found.append((f"unscored:{cid}", "unscored", f"Not scored yet: {unscored.title}",
                      (noted or "Score it before signing.") + stake))
    a = res.agreement
    for cat in sc.categories:
        if a is not None and a.single_rater(cat.id):
            who = sorted({e for c in cat.criteria for e in pick.score.votes.get(c.id, {})})
            by = f" (only {named(who)})" if who else ""
            found.append((f"one-evaluator:{cat.id}", "one evaluator", f"One evaluator only: {cat.title}",
                          f"Scored by one evaluator{by}; have a second evaluator score it."))
    out = []
    for key, kind, title, ask in found:
        plan = res.steps.get((vid, key), {})
        out.append(Step(key, kind, title, ask.strip(), plan.get("owner", ""), plan.get("due", "")))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(out, key=lambda s: order[s.kind])  # stable: contract items keep missing-first severity order


def _evidence_steps(res: Results, vid: str) -> list[tuple[str, str, str, str]]:
    """Conditions to sign and next steps from the recommended vendor's evidence: flagged records
    (one point per criterion or contract item), and must-haves scored with no evidence at all."""
    ev, sc = res.evidence, res.scorecard
    conditions = {cid for cid, _ in ev.conditions_of(vid)}
    flagged: dict[str, list[str]] = {}
    for f in ev.flags_of(vid):
        flagged.setdefault(f.item, []).append(f.message)
    out = []
    for item, messages in flagged.items():
        crit, legal_item = sc.criterion(item), res.checklist.item(item)
        title = crit.title if crit else legal_item.label if legal_item else item
        proof = "; ".join(messages)
        if item in conditions:
            out.append((f"evidence:{item}", "condition", f"Condition to sign: current evidence for {title}",
                        f"A must-have scored on {proof}. Get a current replacement before signing."))
        else:
            out.append((f"evidence:{item}", "stale evidence", f"Stale evidence: {title}",
                        f"{proof}. Ask the vendor for a current copy."))
    if ev.evidenced:  # the team records evidence: a must-have scored without any is a gap, not a habit
        pick = res.vendor(vid)
        for crit in sc.criteria():
            if (crit.knockout_below is not None and pick.score.consensus(crit.id).mean is not None
                    and (vid, crit.id) not in ev.evidenced):
                out.append((f"no-evidence:{crit.id}", "missing evidence", f"No evidence on record: {crit.title}",
                            "A must-have was scored without evidence; ask the vendor for proof (a report, "
                            "certificate or policy) and record it."))
    return out


def keys(res: Results) -> list[str]:
    """Every point key of the recommended vendor (what `vendorbench steps` accepts)."""
    return [s.key for s in _steps(res, {})]


def notes_of(res: Results, answers: Iterable[Answer]) -> dict[str, list[tuple[str, str]]]:
    """The evaluators' notes on the recommended vendor, by criterion (from the workspace's answers)."""
    pick = summary.recommended(res)
    out: dict[str, list[tuple[str, str]]] = {}
    if pick is not None:
        for a in answers:
            if a.vendor_id == pick.vendor.id and a.note:
                out.setdefault(a.criterion, []).append((a.evaluator, a.note))
    return out


def load(ws: Any, today: Any = None) -> Brief:
    """The brief for an open store.Workspace: its results (evidence judged as of today, a date; default the
    clock's), with the evaluators' notes on the recommended vendor."""
    from . import results

    res = results.load(ws, today)
    pick = summary.recommended(res)
    notes: dict[str, list[tuple[str, str]]] = {}
    if pick is not None:
        for person in res.evaluators:
            for cid, answer in ws.answers_of(person, pick.vendor.id).items():
                if answer.note:
                    notes.setdefault(cid, []).append((person, answer.note))
    return build(res, notes)

