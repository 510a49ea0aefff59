"""Contract-risk arithmetic: pure functions over findings and the checklist.

- Per vendor and item the worst status among reviewers counts
  (missing > negotiate > ok); N/A only when every reviewer said N/A.
  N/A items, and items whose applicability condition is switched off for the
  vendor, are not applicable.
- Severity weights: critical 8, high 4, medium 2, low 1.
  Exposure (0..100) = 100 * sum(weight * f) / sum(weight) over reviewed
  applicable items, f(ok) = 0, f(negotiate) = 0.5, f(missing) = 1
  (0 when nothing is reviewed).
- Rating: "blocker" if any critical item is missing; else "high" if any
  critical item is at negotiate or exposure >= 40; else "medium" if exposure
  >= 15; else "low".
- Coverage = reviewed applicable items / applicable items.
  Blockers = ids of the missing critical items.
- Review complete: every applicable critical item reviewed (unless the
  workspace setting critical_reviewed is off) and coverage at least
  min_legal_coverage. Until then a rating that would be "low" is
  "not reviewed": unreviewed is never low risk. Higher ratings stay, because
  the items already reviewed show at least that much risk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from .models import SEVERITIES, Finding, LegalChecklist, LegalItem
from .settings import DEFAULTS, Settings

SEVERITY_WEIGHT = {"critical": 8, "high": 4, "medium": 2, "low": 1}
STATUS_FACTOR = {"ok": Fraction(0), "negotiate": Fraction(1, 2), "missing": Fraction(1)}
_WORST_FIRST = ("missing", "negotiate", "ok")
NOT_REVIEWED = "not reviewed"
RATINGS = ("blocker", "high", "medium", "low", NOT_REVIEWED)
HIGH_EXPOSURE = 40
MEDIUM_EXPOSURE = 15


@dataclass(frozen=True)
class ItemState:
    item: LegalItem
    status: str | None  # ok | negotiate | missing | na | None (not reviewed)
    applicable: bool  # False when N/A or its condition is switched off
    switched_off: bool
    by: dict[str, Finding] = field(default_factory=dict)  # reviewer -> finding

    @property
    def reviewed(self) -> bool:
        return self.applicable and self.status in STATUS_FACTOR

    @property
    def is_open(self) -> bool:
        """Needs action before signing: negotiate or missing."""
        return self.applicable and self.status in {"negotiate", "missing"}


@dataclass(frozen=True)
class LegalRisk:
    rating: str
    exposure: Fraction
    coverage: Fraction
    blockers: tuple[str, ...]
    items: dict[str, ItemState]
    review_complete: bool = True  # the workspace's legal-review threshold is met

    def unreviewed(self, severity: str | None = None) -> list[ItemState]:
        """Applicable items nobody has reviewed yet (of one severity), in checklist order."""
        return [s for s in self.items.values() if s.applicable and not s.reviewed
                and (severity is None or s.item.severity == severity)]

    def open_items(self) -> list[ItemState]:
        """Negotiate and missing items, worst first: missing before negotiate, then by severity."""
        return sorted((s for s in self.items.values() if s.is_open),
                      key=lambda s: (s.status != "missing", SEVERITIES.index(s.item.severity)))


def combined_status(statuses: Iterable[str]) -> str | None:
    """The worst status among reviewers; 'na' only if everyone said N/A."""
    seen = set(statuses)
    for status in _WORST_FIRST:
        if status in seen:
            return status
    return "na" if "na" in seen else None


def assess(checklist: LegalChecklist, vendor_id: str, findings: Iterable[Finding],
           conditions_off: Iterable[str] = (), settings: Settings = DEFAULTS) -> LegalRisk:
    off = set(conditions_off)
    by_item: dict[str, dict[str, Finding]] = {}
    for f in findings:
        if f.vendor_id == vendor_id:
            by_item.setdefault(f.item, {})[f.reviewer] = f

    items: dict[str, ItemState] = {}
    num = Fraction(0)
    den = Fraction(0)
    applicable = reviewed = 0
    blockers: list[str] = []
    critical_negotiate = False
    for item in checklist.items():
        reviewers = by_item.get(item.id, {})
        status = combined_status(f.status for f in reviewers.values() if f.status is not None)
        switched_off = item.applies_when is not None and item.applies_when in off
        state = ItemState(item, status, applicable=not switched_off and status != "na",
                          switched_off=switched_off, by=dict(sorted(reviewers.items())))
        items[item.id] = state
        if not state.applicable:
            continue
        applicable += 1
        if not state.reviewed:
            continue
        reviewed += 1
        weight = SEVERITY_WEIGHT[item.severity]
        num += weight * STATUS_FACTOR[status]  # type: ignore[index]
        den += weight
        if item.severity == "critical":
            if status == "missing":
                blockers.append(item.id)
            elif status == "negotiate":
                critical_negotiate = True

    exposure = 100 * num / den if den else Fraction(0)
    if blockers:
        rating = "blocker"
    elif critical_negotiate or exposure >= HIGH_EXPOSURE:
        rating = "high"
    elif exposure >= MEDIUM_EXPOSURE:
        rating = "medium"
    else:
        rating = "low"
    coverage = Fraction(reviewed, applicable) if applicable else Fraction(1)
    critical_open = settings.critical_reviewed and any(
        s.applicable and not s.reviewed and s.item.severity == "critical" for s in items.values())
    complete = not critical_open and coverage >= settings.legal_coverage_threshold
    if rating == "low" and not complete:
        rating = NOT_REVIEWED
    return LegalRisk(rating, exposure, coverage, tuple(blockers), items, complete)
