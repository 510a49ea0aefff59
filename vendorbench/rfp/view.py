"""What the scorecard and legal screens, results and the report show beside a score:
the vendor's own response, its evidence records and their expiry flags.

One function per need, each reading the files once, so every view shows the same
thing (the screens and the report never read response or evidence files themselves).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..store import Workspace
from . import evidence, responses
from .evidence import EvidenceFlag, EvidenceRecord
from .reading import Response


@dataclass(frozen=True)
class ItemContext:
    """One criterion or legal item of one vendor."""

    response: Response | None  # from the latest round; .clause is the vendor's clause reference
    round: int | None  # which round the response comes from
    records: tuple[EvidenceRecord, ...]
    flags: tuple[EvidenceFlag, ...]  # expired / expiring before the contract start


def vendor_context(ws: Workspace, vendor_id: str, today: _dt.date) -> dict[str, ItemContext]:
    """Per criterion or legal item id with a response or evidence: what to show beside its score."""
    rounds = responses.rounds(ws, vendor_id)
    latest = rounds[-1] if rounds else None
    recs = evidence.records(ws, vendor_id)
    flags = evidence.flags_by_item(evidence.expiry_flags(recs, today, ws.contract_start()))
    ids = list(latest.responses if latest else {}) + [r.item for r in recs]
    out: dict[str, ItemContext] = {}
    for item in dict.fromkeys(ids):
        out[item] = ItemContext(
            response=latest.responses.get(item) if latest else None,
            round=latest.number if latest and item in latest.responses else None,
            records=tuple(r for r in recs if r.item == item),
            flags=tuple(flags.get((vendor_id, item), ())))
    return out


def workspace_context(ws: Workspace, today: _dt.date) -> dict[str, dict[str, ItemContext]]:
    """vendor_context for every vendor, by vendor id (the report appendix)."""
    return {v.id: vendor_context(ws, v.id, today) for v in ws.vendors()}


def conditions_to_sign(ws: Workspace, today: _dt.date) -> list[tuple[str, str, str]]:
    """(vendor id, criterion id, text): knockout criteria scored on flagged evidence."""
    return evidence.knockout_conditions(ws.scorecard, ws.votes(), evidence.workspace_flags(ws, today))
