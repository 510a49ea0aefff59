"""Appendix: per vendor, every criterion with its consensus, each evaluator's score and the notes,
and under each the vendor's own response (its latest round) and the evidence on record, flagged
when it has expired or expires before the planned contract start."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Spacer

from ... import summary
from ...results import VendorResult
from ...rfp.view import ItemContext
from ..document import Para
from ..fonts import BOLD
from ..richtext import RichText
from ..theme import Styles as S
from .base import PAD, Context, consensus_text, pct, score_text, total_text, vote_text

RESPONSE_CHARS = 600  # a vendor answer longer than this is trimmed in the appendix (a cell must stay readable)
TRIMMED = " … (trimmed; full text in the workspace)"
PER_EVALUATOR_COLUMNS = 6  # up to this many evaluators get a score column each in the appendix

KEY = "appendix"  # its contents line and outline entry
TITLE = "Appendix: every score and note"


def build(ctx: Context) -> list:
    res = ctx.res
    story: list = [ctx.section(KEY, TITLE),
                   Para("Per vendor, every criterion with its consensus, each evaluator's score and their "
                             "notes and evidence, with the vendor's own response and the evidence on record. – "
                             "means not answered; N/A means the evaluator judged the criterion not applicable.",
                        S.lead)]
    if res.evaluators:
        legend = "; ".join(f"<b>{ctx.m(ctx.labels[e], True)}</b> = {ctx.m(e)}" for e in res.evaluators)
        story.append(Para("Evaluators: " + legend, S.small))
    for i, v in enumerate(res.vendors):
        if i:
            story.append(PageBreak())
        story += _vendor_appendix(ctx, v)
    return story


def _vendor_appendix(ctx: Context, v: VendorResult) -> list:
    res = ctx.res
    s = v.score
    story: list = [ctx.heading(v.vendor.name, S.h2, level=1, outline=f"Appendix: {v.vendor.name}")]
    facts = [f"Rank {v.rank}", f"total {total_text(s.total)}", f"{pct(s.completeness)} scored"]
    if v.vendor.region:
        facts.append(v.vendor.region)
    line = " · ".join(facts)
    if v.vendor.website:
        line += " · " + v.vendor.website  # plain text: never a link
    story.append(ctx.p(line, S.small))
    if v.vendor.notes:
        story.append(ctx.p(v.vendor.notes, S.body))

    evaluators = list(res.evaluators)
    columns = len(evaluators) <= PER_EVALUATOR_COLUMNS
    consensus_w = 19 * mm
    if columns:
        score_w = max([10 * mm] + [stringWidth(ctx.labels[e], BOLD, 7.5) + 2 * PAD + 2 for e in evaluators])
        widths = [ctx.width - consensus_w - score_w * len(evaluators), consensus_w] + [score_w] * len(evaluators)
    else:
        widths = [ctx.width - consensus_w - 62 * mm, consensus_w, 62 * mm]
    style = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("FONT", (1, 1), (1, -1), BOLD, 7.5, 9.5)]
    if not columns:
        style.append(("ALIGN", (2, 0), (2, -1), "LEFT"))
    for cat in res.scorecard.categories:
        head: list = [ctx.head(f"{cat.title} · category score {score_text(s.categories.get(cat.id))}",
                                widths[0], fine=True), ctx.head("Consensus", widths[1], fine=True)]
        head += ([ctx.head(ctx.labels[e], widths[2], fine=True) for e in evaluators] if columns
                 else [ctx.head("Scores", widths[2], fine=True)])
        rows: list[list] = []
        for crit in cat.criteria:
            c = s.consensus(crit.id)
            row: list = [_criterion_cell(ctx, v, crit, widths[0]), consensus_text(c)]
            if columns:
                votes = s.votes.get(crit.id, {})
                row += [vote_text(votes.get(e)) for e in evaluators]
            else:
                row.append(ctx.text_cell(ctx.scores_text(c), widths[2], fine=True))
            rows.append(row)
        story += ctx.tables(head, rows, widths, fine=True, extra=style)
        story.append(Spacer(1, 2.5 * mm))
    unreviewed = summary.unreviewed_items(v.legal)
    if unreviewed:
        story.append(ctx.p(f"Contract items not reviewed yet ({len(unreviewed)}): " +
                           "; ".join(f"{st.item.id} {st.item.label}" for st in unreviewed) + ".", S.fine_note))
    return story


def _criterion_cell(ctx: Context, v: VendorResult, crit, width: float) -> str | RichText:
    notes = ctx.notes.get((v.vendor.id, crit.id), ())
    context = ctx.responses.get(v.vendor.id, {}).get(crit.id)
    if crit.knockout_below is None and not notes and context is None:
        return ctx.text_cell(f"{crit.title} · {crit.id}", width, fine=True)
    parts = [(f"{crit.title} · {crit.id}", "text")]
    if crit.knockout_below is not None:
        state = ("KNOCKED OUT" if crit.id in v.score.knockouts else
                 "pending" if crit.id in v.score.pending_knockouts else "passed")
        parts.append((f"\nKnockout below {crit.knockout_below:g}: {state}", "bold"))
    for a in notes:
        parts.append((f"\n{ctx.labels.get(a.evaluator, a.evaluator)}: ", "bold"))
        if a.note:
            parts.append((a.note, "text"))
        if a.evidence:
            parts.append(((" " if a.note else "") + f"Evidence: {a.evidence}", "muted"))
    if context is not None:
        parts += response_parts(context)
    return ctx.rich(parts, fine=True)


def trim(text: str, limit: int = RESPONSE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + TRIMMED


def response_parts(context: ItemContext) -> list[tuple[str, str]]:
    """The vendor's answer and the evidence records of one item, as rich-text runs (drawn literally)."""
    parts: list[tuple[str, str]] = []
    r = context.response
    if r is not None:
        parts.append((f"\nVendor's response (round {context.round}): ", "bold"))
        said = "\n".join(x for x in (r.answer, r.comment) if x)
        parts.append((trim(said) if said else "(no answer text)", "text"))
        if r.clause:
            parts.append((f" Clause: {r.clause}", "muted"))
        on_record = {rec.reference for rec in context.records}
        named = [a for a in r.attachments if a not in on_record]  # the rest are listed as evidence below
        if named:
            parts.append((" Attachments: " + "; ".join(named), "muted"))
    flagged = {f.record_id: f for f in context.flags}
    for rec in context.records:
        facts = [rec.reference] + [x for x in (rec.location,) if x]
        if rec.received:
            facts.append(f"received {rec.received.isoformat()}")
        if rec.expires:
            facts.append(f"expires {rec.expires.isoformat()}")
        parts.append((f"\nEvidence {rec.id}: " + " · ".join(facts), "muted"))
        flag = flagged.get(rec.id)
        if flag is not None:
            parts.append((" " + flag.label, "bold"))
    return parts


