"""Governance (only when roles are set): the sign-off, the stage, the conflict-of-interest
declarations and every weight change made after scoring opened."""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table

from ...governance import Summary, describe_weights
from .. import theme
from ..document import Para
from ..theme import Styles as S
from .base import Context, Control, duplicates_sentence, long_date

KEY = "governance"
TITLE = "Governance"
DECISION_LABEL = {"approve": "Approved", "approve-with-conditions": "Approved with conditions", "reject": "Rejected"}


def approval_control(control: Control, gov: Summary) -> Control:
    """The cover's document control with the sign-off (void or not) and its digest."""
    a = gov.state.approval
    if a is None:
        return dataclasses.replace(control, digest=gov.state.digest)
    decision = DECISION_LABEL[a.decision] + (" (VOID: the decision changed since)" if gov.state.void else "")
    return dataclasses.replace(control, approved_by=f"{a.approver}: {decision}",
                               approved_on=a.at.replace("T", " ")[:16] + " UTC", decision=decision,
                               approval_note=a.note, digest=a.digest)


def status_box(ctx: Context, gov: Summary) -> Table:
    """The cover's status: FINAL (approved and unchanged since), APPROVAL VOID or DRAFT."""
    state = gov.state
    if state.final:
        assert state.approval is not None
        text = (f"{DECISION_LABEL[state.approval.decision]} by {state.approval.approver} on "
                f"{state.approval.at[:10]}; the decision state is unchanged since.")
        colour = theme.ACCENT
    elif state.void:
        assert state.approval is not None
        # short: the cover has room for two lines here; the Governance section gives the full line
        text = f"The decision changed after {state.approval.approver} approved on {state.approval.at[:10]}."
        colour = theme.DRAFT
    else:
        reason = "rejected by the approver" if state.status == "reject" else "not yet approved"
        text = f"The decision is {reason} (stage: {gov.stage.stage}); figures and the recommendation may still change."
        colour = theme.DRAFT
    if ctx.ready.duplicated:  # an approval cannot make a split evaluation whole
        text = duplicates_sentence(ctx.ready) + text
        colour = theme.DRAFT
    c = ctx.control
    # the approved digest (or, with no sign-off yet, the current one): a reader compares it with
    # `vendorbench results DIR --json` to know the PDF shows the approved state
    content = [Para(gov.mark, ctx.status_style(S.verdict, colour)),
               ctx.p(f"{text} {'Digest approved' if state.void else 'Decision digest'} (SHA-256): {c.digest}",
                     ctx.status_style(S.cell, colour))]
    if c.audit_heads:
        content.append(ctx.p(f"Audit heads: {c.audit_heads}", S.cell))
    return ctx.box(content, colour)


def approval_block(ctx: Context, gov: Summary) -> list:
    """Who signed off, when, what and why, and the digest of the state they approved."""
    a, c = gov.state.approval, ctx.control
    if a is None:
        return [ctx.p("Nobody has signed off yet.", S.body)]
    rows = [("Approver", a.approver), ("Decision", c.decision), ("Date", c.approved_on), ("Note", a.note),
            ("Approved digest (SHA-256)", a.digest)]
    if gov.state.void:
        rows.append(("Current digest", gov.state.digest))
    if c.audit_heads:
        rows.append(("Audit heads", c.audit_heads))
    return [ctx.table([[Para(k, S.cell_bold), ctx.p(v, S.cell)] for k, v in rows], [45 * mm, ctx.width - 45 * mm],
                      header=0, zebra=False)]


def build(ctx: Context) -> list:
    gov: Summary = ctx.governance
    story: list = [ctx.section(KEY, TITLE)]
    story.append(ctx.p(f"Stage: {gov.stage.stage}. Weights and questionnaires "
                       f"{'locked when scoring opened' if gov.stage.weights_locked else 'not locked yet (setup)'}. "
                       f"{gov.state.line[0].upper() + gov.state.line[1:]}.", S.body))
    story.append(Para("Sign-off", S.h2))
    story += approval_block(ctx, gov)
    story.append(Para("Conflict-of-interest declarations", S.h2))
    if gov.declarations:
        rows = [[Para("Person", S.head_cell), Para("Vendor", S.head_cell), Para("Declaration", S.head_cell)]]
        rows += [[ctx.p(person, S.cell), ctx.p(vendor or "–", S.cell), ctx.p(text, S.cell)]
                 for person, vendor, text in gov.declarations]
        story.append(ctx.table(rows, [45 * mm, 40 * mm, ctx.width - 85 * mm]))
    else:
        story.append(ctx.p("Nobody has declared yet.", S.body))
    if gov.conflicted:
        story.append(ctx.p("Scored a vendor they declared a conflict of interest with: "
                           + "; ".join(f"{person} ({vendor})" for person, vendor in gov.conflicted)
                           + ". The lead should decide whether these scores stand.", S.body_bold))
    if gov.undeclared:
        story.append(ctx.p("Evaluators without a declaration: " + "; ".join(gov.undeclared) + ".", S.small))
    story.append(Para("Weight changes after scoring opened", S.h2))
    if gov.weight_changes:
        rows = [[Para(h, S.head_cell) for h in ("When", "Who", "Reason", "Old", "New")]]
        rows += [[ctx.p(c.at.replace("T", " ")[:16], S.cell), ctx.p(c.by, S.cell), ctx.p(c.reason, S.cell),
                  ctx.p(describe_weights(c.old), S.cell), ctx.p(describe_weights(c.new), S.cell)]
                 for c in gov.weight_changes]
        story.append(ctx.table(rows, [26 * mm, 30 * mm, ctx.width - 116 * mm, 30 * mm, 30 * mm]))
    else:
        story.append(ctx.p("None: the weights are the ones fixed before scoring opened."
                           if gov.stage.weights_locked else "None (scoring has not opened).", S.body))
    if ctx.date:
        story.append(ctx.p(f"As of {long_date(ctx.date)}.", S.small))
    story.append(PageBreak())
    return story
