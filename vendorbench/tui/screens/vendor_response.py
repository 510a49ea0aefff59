"""The vendor's own response and evidence for one criterion or contract item, beside the
rubric (scorecard) or the checklist requirement (legal screen).

Everything here is the vendor's words or a person's: it is appended to rich Text, which
Textual shows literally (never parsed as markup; see tui/plain.py).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from rich.text import Text

from ...errors import VendorbenchError
from ...rfp import view
from ...rfp.view import ItemContext

ANSWER_CHARS = 700  # longer answers are trimmed here: the score keys and fields must stay in reach at 80x24
TRIMMED = " … (trimmed; full text: vendorbench rfp responses)"


def load_context(screen: Any, vendor_id: str, day: _dt.date) -> dict[str, ItemContext]:
    """The vendor's responses and evidence; a file that cannot be read (edited by hand, or arrived
    broken through git) is a notice, and scoring goes on without it."""
    try:
        context = view.vendor_context(screen.session.ws, vendor_id, day)
    except VendorbenchError as exc:
        if getattr(screen, "context_problem", None) != str(exc):  # once, not again on every refresh
            screen.notify(str(exc), title="Cannot read the vendor's responses or evidence", severity="error",
                          timeout=15)
        screen.context_problem = str(exc)
        return {}
    screen.context_problem = None
    return context


def response_text(context: ItemContext | None, legal: bool = False) -> Text:
    out = Text()
    r = context.response if context else None
    if r is None:
        out.append("Vendor's response: none yet", style="dim")
        if not legal:
            out.append(" (vendorbench rfp import)", style="dim")
    else:
        out.append(f"Vendor's response · round {context.round}", style="bold")  # type: ignore[union-attr]
        if legal:
            out.append("\nPosition: ", style="bold")
            out.append(r.answer or "(none)")
            out.append("\nClause reference: ", style="bold")
            out.append(r.clause or "(none given)", style="" if r.clause else "dim")
            if r.comment:
                out.append("\n" + _trim(r.comment))
        else:
            said = "\n".join(x for x in (r.answer, r.comment) if x)
            out.append("\n" + (_trim(said) if said else "(no answer text)"))
        on_record = {rec.reference for rec in context.records} if context else set()
        named = [a for a in r.attachments if a not in on_record]  # the rest are listed as evidence below
        if named:
            out.append("\nAttachments: ", style="bold")
            out.append("; ".join(named))
    if context is not None and context.records:
        flags = {f.record_id: f for f in context.flags}
        out.append("\nEvidence on record", style="bold")
        for rec in context.records:
            facts = [rec.reference] + [x for x in (rec.location,) if x]
            if rec.received:
                facts.append(f"received {rec.received.isoformat()}")
            facts.append(f"expires {rec.expires.isoformat()}" if rec.expires else "no expiry")
            out.append(f"\n {rec.id} ", style="dim")
            out.append(" · ".join(facts))
            flag = flags.get(rec.id)
            if flag is not None:
                out.append("  " + flag.label,
                           style="bold red" if flag.state == "expired" else "bold yellow")
    return out


def _trim(text: str) -> str:
    return text if len(text) <= ANSWER_CHARS else text[:ANSWER_CHARS].rstrip() + TRIMMED
