"""The questions an RFP pack asks a vendor: one per scorecard criterion and legal item.

The pack, the importer and the checksum that ties them together all read the
questions from here, so what the vendor saw and what the import checks cannot drift.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..models import Criterion, LegalChecklist, LegalItem, Scorecard

Kind = Literal["criterion", "legal"]
LEGAL_CHOICES = ("Accepted", "Accepted with changes", "Not accepted")
MUST_HAVE = "MUST-HAVE"

# Evaluator guidance in the built-ins ends with what to watch out for; a vendor
# reading it would learn what not to say.
_RED_FLAGS = re.compile(r"\s*\bRed flags?:.*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Question:
    kind: Kind
    id: str
    section: str  # category or checklist area title
    text: str  # as the vendor reads it
    must_have: bool
    choices: tuple[str, ...]  # () for a free-text answer


def criterion_text(c: Criterion) -> str:
    """The vendor-facing question: the `ask` wording, else the title and the guidance
    without its red flags."""
    if c.ask:
        return c.ask
    guidance = _RED_FLAGS.sub("", c.guidance).strip()
    return f"{c.title}\n{guidance}" if guidance else c.title


def legal_text(item: LegalItem) -> str:
    text = item.ask or (f"{item.title}: {item.requirement}" if item.title else item.requirement)
    return f"{text}\n(Applies only to: {item.applies_when}.)" if item.applies_when else text


def questions(scorecard: Scorecard, checklist: LegalChecklist) -> list[Question]:
    out = [Question("criterion", c.id, cat.title, criterion_text(c), c.knockout_below is not None, ())
           for cat in scorecard.categories for c in cat.criteria]
    out += [Question("legal", i.id, area.title, legal_text(i), i.severity == "critical", LEGAL_CHOICES)
            for area in checklist.areas for i in area.items]
    return out


def for_workspace(ws: Any) -> list[Question]:
    """The questions of an open store.Workspace (its pinned questionnaires)."""
    return questions(ws.scorecard, ws.legal)


def checksum(qs: list[Question]) -> str:
    """SHA-256 of everything the vendor is asked, in order: a pack whose checksum differs
    from the workspace's was made from other questions."""
    payload = [[q.kind, q.id, q.section, q.text, q.must_have, list(q.choices)] for q in qs]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
