"""Methodology: the scale, the scoring and risk rules, weights, completeness and who scored what."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from ... import summary
from ...legal import HIGH_EXPOSURE, MEDIUM_EXPOSURE, SEVERITY_WEIGHT, STATUS_FACTOR
from ...scoring import DISAGREEMENT_SPREAD
from ..document import Para
from ..theme import Styles as S
from .base import Context, frac, pct

KEY = "methodology"  # its contents line and outline entry
TITLE = "Methodology"


def build(ctx: Context) -> list:
    res = ctx.res
    sc = res.scorecard
    story: list = [ctx.section(KEY, TITLE)]
    story.append(Para("The 0–5 scale", S.h2))
    story.append(Para(
        "Every evaluator scores every criterion they can judge with a whole number from 0 to 5, or N/A when "
        "it does not apply. Each criterion carries anchored rubric text describing what a low, a middle and a "
        "top score look like, so that two evaluators mean the same thing by “3”. Evaluators score the "
        "evidence (documents, reference calls, the pilot), not the sales pitch.", S.body))
    example = next((c for c in sc.criteria() if len(c.rubric) >= 3), None)
    if example is not None:
        story.append(Para(f"Example: <b>{ctx.m(example.title)}</b>", S.small))
        rows = [[Para(f"<b>{ctx.m(k)}</b>", S.cell), ctx.p(t, S.cell)]
                for k, t in sorted(example.rubric.items())]
        story.append(ctx.table(rows, [10 * mm, ctx.width - 10 * mm], header=0))

    story.append(Para("Scoring", S.h2))
    story += ctx.bullets([
        "Consensus of a criterion for a vendor: the mean of the evaluators' numeric scores (N/A and unanswered "
        "excluded). With no numeric score it is N/A if anyone answered N/A, else unscored.",
        "Category score (0–5) = Σ(w × s) / Σ(w) over the category's criteria that have a consensus score "
        "(w: criterion weight, s: consensus).",
        "Total (0–100) = 20 × Σ(W × S) / Σ(W) over the categories that have a score (W: category weight, "
        "S: category score).",
        "Completeness = share of the criteria that have a consensus score or are N/A.",
        "Knockout: a consensus below a criterion's knockout threshold knocks the vendor out; an unscored "
        "knockout criterion is pending, never a knockout.",
        "Ranking: vendors not knocked out first, by total descending, then knocked-out vendors by total; "
        "totals equal to two decimals share a rank.",
        f"Disagreement: evaluators' scores for one criterion differ by {DISAGREEMENT_SPREAD} points or more.",
        "Arithmetic is exact (rational numbers); figures are rounded only for display.",
    ])
    sev = ", ".join(f"{k} {v}" for k, v in SEVERITY_WEIGHT.items())
    f = ", ".join(f"f({k}) = {frac(v)}" for k, v in STATUS_FACTOR.items())
    story.append(Para("Contract risk", S.h2))
    story += ctx.bullets([
        "Per vendor and item the worst status among reviewers counts (missing, then negotiate, then ok); N/A "
        "only when every reviewer said N/A. N/A items and items whose condition is switched off for the vendor "
        "are not applicable.",
        f"Severity weights: {sev}. Exposure (0–100) = 100 × Σ(weight × f) / Σ(weight) over the reviewed "
        f"applicable items, with {f} (0 when nothing is reviewed).",
        f"Rating: BLOCKER if any critical item is missing; else HIGH if any critical item is at negotiate or "
        f"exposure ≥ {HIGH_EXPOSURE}; else MEDIUM if exposure ≥ {MEDIUM_EXPOSURE}; else LOW.",
        "Coverage = reviewed applicable items / applicable items.",
        "Recommendation: the best-ranked vendor that is neither knocked out nor rated BLOCKER. If there is "
        "none, the best-ranked vendor is named as conditional, with what must change.",
    ])

    story.append(Para("Questionnaires and limits", S.h2))
    story += ctx.bullets([
        f"Scorecard: {sc.title}, version {sc.version}. Contract checklist: {res.checklist.title}, version "
            f"{res.checklist.version}. "
        "The sourcing event keeps its own copy of both, so later edits or upgrades do not change these scores.",
        "Checklist items cite their legal source (GDPR, CCPA regulations, EU AI Act, PCI DSS, DORA and others); "
        "items marked “practice” rest on law-firm commentary, not statute.",
        "This report is decision support, not legal advice. It organises the evaluators' and reviewers' own "
        "judgements; contract positions must be confirmed by qualified counsel.",
    ])
    story += [CondPageBreak(50 * mm), Para("Weights", S.h2)]
    w = res.weights
    rows = [[ctx.head("Category")] + [ctx.head(h, right=True) for h in ("Criteria", "Weight", "Share of total")]]
    for cat in sc.categories:
        mark = " *" if cat.id in w.overridden else ""
        rows.append([ctx.p(cat.title, S.cell), str(len(cat.criteria)), f"{float(w.categories[cat.id]):g}{mark}",
                     f"{w.category_share(cat.id):.1%}"])
    story.append(ctx.table(rows, [ctx.width - 75 * mm, 20 * mm, 25 * mm, 30 * mm],
                            extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    crit_over = [c for c in sc.criteria() if c.id in w.overridden]
    notes = ["Weights are relative: a category's share is its weight divided by the sum of all category "
             "weights; a criterion's weight counts only against the other criteria of its category."]
    if w.overridden:
        notes.append("* changed for this sourcing event (the questionnaire's default differs).")
    for c in crit_over:
        notes.append(f"Criterion {c.title}: weight {float(w.criteria[c.id]):g} instead of "
                     f"{c.weight:g}, {w.criterion_share_in_category(sc, c.id):.1%} of its category.")
    story += [ctx.p(n, S.small) for n in notes]

    story += [CondPageBreak(50 * mm), Para("Completeness", S.h2)]
    rows = [[ctx.head("Vendor")] + [ctx.head(h, right=True) for h in (
        "Scorecard scored", "Knockout criteria pending", "Contract items reviewed")]]
    for v in res.vendors:
        rows.append([ctx.name_cell(v), pct(v.score.completeness), str(len(v.score.pending_knockouts)),
                     pct(v.legal.coverage)])
    story.append(ctx.table(rows, [ctx.width - 105 * mm, 33 * mm, 37 * mm, 35 * mm],
                            extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    r = ctx.ready
    story.append(Para(f"Overall: scorecards {pct(r.scorecard)} complete; {pct(r.legal)} of applicable "
                           "contract items reviewed." + (" The report is marked DRAFT until both reach 100%."
                                                        if r.draft else ""), S.small))

    story += [CondPageBreak(50 * mm), Para("Who scored what", S.h2)]
    answered = summary.answered_by(res)
    cats = summary.categories_by(res)
    n_crit = len(sc.criteria())
    rows = [[ctx.head("Evaluator"), ctx.head("Categories scored"), ctx.head("Answers per vendor")]]
    for e in res.evaluators:
        cat_titles = [c.title for c in cats.get(e, [])]
        scope = ("all categories" if len(cat_titles) == len(sc.categories) else "; ".join(cat_titles))
        per_vendor = "; ".join(f"{v.vendor.name} {answered[e].get(v.vendor.id, 0)}/{n_crit}"
                               for v in res.vendors)
        rows.append([ctx.p(e, S.cell), ctx.p(scope, S.cell), ctx.p(per_vendor, S.cell)])
    if res.evaluators:
        story.append(ctx.table(rows, [40 * mm, (ctx.width - 40 * mm) / 2, (ctx.width - 40 * mm) / 2]))
    else:
        story.append(Para("Nobody has scored yet.", S.body))
    reviewed = summary.reviewed_by(res)
    if res.reviewers:
        rows = [[ctx.head("Legal reviewer"), ctx.head("Items reviewed per vendor")]]
        for rv in res.reviewers:
            rows.append([ctx.p(rv, S.cell),
                         ctx.p("; ".join(f"{v.vendor.name} {reviewed[rv].get(v.vendor.id, 0)}"
                                          for v in res.vendors), S.cell)])
        story += [Spacer(1, 3 * mm), ctx.table(rows, [40 * mm, ctx.width - 40 * mm])]

    story.append(PageBreak())
    return story

