"""The one-paragraph glossary of the terms an executive meets in the report."""

from __future__ import annotations

from ..document import Para
from ..theme import Styles as S

TERMS = (
    ("FCR", "first-contact resolution: the share of contacts solved at the first attempt; each repeat "
            "contact is paid for again"),
    ("CSAT", "customer satisfaction: the share of surveyed customers who say they were satisfied"),
    ("Alpha", "Krippendorff's alpha, how far the evaluators agree beyond chance: 1 is full agreement, 0 "
              "agreement by chance, 0.80 or more reliable"),
    ("Exposure", "contract risk on a 0–100 scale: the severity-weighted share of the reviewed contract items "
                 "that are missing (counted in full) or still to negotiate (counted half)"),
    ("SCCs", "standard contractual clauses: the contract terms approved by the European Commission that make "
             "sending personal data outside the EU lawful"),
    ("Knocked out", "scored below the minimum on a must-have criterion"),
)


def build() -> list:
    text = "; ".join(f"<b>{term}</b>: {meaning}" for term, meaning in TERMS) + "."
    return [Para("Terms used", S.h3), Para(text, S.small)]
