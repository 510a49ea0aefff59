"""Workspace settings: when a vendor is ready to recommend, and the currency of money figures.

A vendor is ready to recommend only when the team has looked at it closely
enough; a ranking built on a quarter of a scorecard must not read as a decision.
The defaults:

- scorecard: every knockout criterion scored (`knockouts_scored = yes`) and at
  least 80% of the criteria settled (`min_completeness = 80`);
- legal review: every applicable critical item reviewed (`critical_reviewed = yes`)
  and at least `min_legal_coverage` % of the applicable items (default 0: the
  critical items are what matters by default).

Below the legal threshold a vendor's contract risk is "not reviewed", never "low".
`currency` (ISO 4217 code, default USD) labels the TCO figures; it converts nothing.
`contract_start` (a date, default none) is the planned contract start: evidence
expiring before it is flagged.

Values are checked when set and again when read (a workspace file may arrive via git
from someone else): a bad value names the key, and the file when read.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from .errors import VendorbenchError

_YES = {"yes", "true", "on", "1"}
_NO = {"no", "false", "off", "0"}


@dataclass(frozen=True)
class Settings:
    min_completeness: int = 80  # % of scorecard criteria settled (a score or N/A)
    knockouts_scored: bool = True
    critical_reviewed: bool = True
    min_legal_coverage: int = 0  # % of applicable checklist items reviewed
    currency: str = "USD"
    contract_start: str | None = None  # ISO date, YYYY-MM-DD

    @property
    def completeness_threshold(self) -> Fraction:
        return Fraction(self.min_completeness, 100)

    @property
    def legal_coverage_threshold(self) -> Fraction:
        return Fraction(self.min_legal_coverage, 100)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


DEFAULTS = Settings()

HELP = {
    "min_completeness": "a vendor's scorecard must be at least this % settled to recommend it (0..100)",
    "knockouts_scored": "every knockout (must-have) criterion must be scored to recommend a vendor (yes|no)",
    "critical_reviewed": "every applicable critical contract item must be reviewed to recommend a vendor (yes|no)",
    "min_legal_coverage": "at least this % of applicable contract items must be reviewed (0..100)",
    "currency": "ISO 4217 code shown with money figures, e.g. USD, EUR, BRL (it converts nothing)",
    "contract_start": "planned contract start, YYYY-MM-DD or none: evidence expiring before it is flagged",
}


def check(key: str, value: Any) -> Any:
    """One value, typed or as text, checked and normalised; a clear message names the key."""
    if key not in HELP:
        raise VendorbenchError(f"unknown setting {key!r}; settings: {', '.join(HELP)}")
    if key in ("min_completeness", "min_legal_coverage"):
        text = str(value).strip().removesuffix("%").strip() if not isinstance(value, bool) else ""
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif re.fullmatch(r"\d{1,3}", text):
            number = int(text)
        else:
            raise VendorbenchError(f"setting {key}: {value!r} is not a whole percentage 0..100")
        if not 0 <= number <= 100:
            raise VendorbenchError(f"setting {key}: {number} is outside 0..100")
        return number
    if key in ("knockouts_scored", "critical_reviewed"):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise VendorbenchError(f"setting {key}: {value!r} is not yes or no")
    if key == "contract_start":
        return _date_or_none(value)
    code = str(value).strip().upper()
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", code):
        raise VendorbenchError(f"setting currency: {value!r} is not a three-letter currency code such as USD")
    return code


def _date_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise VendorbenchError(f"setting contract_start: {value!r} is not a date (YYYY-MM-DD) or none")


def parse_assignments(texts: Iterable[str]) -> dict[str, Any]:
    """KEY=VALUE strings from the command line, all checked before anything is saved."""
    out: dict[str, Any] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep:
            raise VendorbenchError(f"{text!r}: expected KEY=VALUE, e.g. min_completeness=90")
        out[key.strip()] = check(key.strip(), value)
    return out


def from_doc(doc: Mapping[str, Any], where: str) -> Settings:
    """Settings stored in a workspace file; defaults for keys not set."""
    values = {}
    for key, value in doc.items():
        try:
            values[key] = check(key, value)
        except VendorbenchError as exc:
            raise VendorbenchError(f"{where}: {exc}") from None
    return Settings(**{**DEFAULTS.to_json(), **values})
