"""Pilot gates: success thresholds agreed before the pilot starts, and the go / extend / stop call.

The rule: go when every must-pass threshold is met in each of the last N weekly
periods of the pilot window. Otherwise:
- extend while the pilot is still running, or when too few weeks are reported to
  apply the rule, or when the pilot has ended but every failing must-pass
  threshold was met in the latest week (improving: more weeks will tell);
- stop when the pilot has ended and a must-pass threshold is still missed (or
  not reported) in the latest week.
Thresholds that are not must-pass never decide; a miss is listed as advice.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .performance import METRICS, Metric
from .terms import exact_number

PILOT_METRICS = {m.kpi: m for m in METRICS if m.kpi != "qa_sample_pct"}


@dataclass(frozen=True)
class Threshold:
    metric: str  # a key of PILOT_METRICS
    value: float
    must_pass: bool = True

    @property
    def spec(self) -> Metric:
        return PILOT_METRICS[self.metric]

    def met(self, value: Fraction | None) -> bool | None:
        if value is None:
            return None
        target = exact_number(self.value)
        return value >= target if self.spec.higher_is_better else value <= target

    def describe(self) -> str:
        op = ">=" if self.spec.higher_is_better else "<="
        return f"{self.spec.label} {op} {self.value:g} {self.spec.unit}".rstrip()


def default_thresholds(sla_terms: Mapping[str, Any]) -> list[Threshold]:
    """One must-pass threshold per SLA target the vendor signed."""
    return [Threshold(m.kpi, float(sla_terms[m.sla])) for m in PILOT_METRICS.values()
            if isinstance(sla_terms.get(m.sla), (int, float))]


def week_start(period: str) -> _dt.date:
    """Monday of an ISO week period YYYY-Www."""
    year, week = period.split("-W")
    return _dt.date.fromisocalendar(int(year), int(week), 1)


@dataclass(frozen=True)
class Decision:
    decision: str  # go | extend | stop
    reasons: tuple[str, ...]
    weeks: tuple[str, ...]  # the weekly periods the rule looked at


def decide(start: _dt.date, end: _dt.date, weeks: int, thresholds: Sequence[Threshold],
           rows: Sequence[Mapping[str, Any]], today: _dt.date) -> Decision:
    """rows: KPI periods (dicts with "period" and the KPI columns); weekly ones whose Monday falls in
    [start, end] count. today: the day of the decision (the pilot has ended when today > end)."""
    window = sorted((r for r in rows if "-W" in r["period"] and start <= week_start(r["period"]) <= end),
                    key=lambda r: r["period"])
    last = window[-weeks:]
    names = tuple(r["period"] for r in last)
    ended = today > end
    must = [t for t in thresholds if t.must_pass]
    if not must:
        return Decision("extend", ("No must-pass threshold is set: agree the success thresholds before "
                                   "deciding (vendorbench pilot DIR --vendor V --threshold ...).",), names)
    if len(last) < weeks:
        when = "the pilot has ended" if ended else f"the pilot runs until {end.isoformat()}"
        return Decision("extend", (f"Only {len(last)} weekly period(s) reported in the pilot window; the rule "
                                   f"needs the last {weeks} ({when}).",), names)

    def value(r: Mapping[str, Any], t: Threshold) -> Fraction | None:
        v = r.get(t.metric)
        return None if v is None else exact_number(v)

    failing: list[tuple[Threshold, str]] = []
    for t in must:
        missed = [r["period"] for r in last if t.met(value(r, t)) is False]
        unreported = [r["period"] for r in last if t.met(value(r, t)) is None]
        if missed or unreported:
            failing.append((t, "; ".join(filter(None, (
                f"{t.describe()} not met in {', '.join(missed)}" if missed else "",
                f"{t.describe()} not reported in {', '.join(unreported)}" if unreported else "")))))
    advice = []
    for t in thresholds:
        if not t.must_pass:
            missed = [r["period"] for r in last if t.met(value(r, t)) is False]
            if missed:
                advice.append(f"Advisory threshold {t.describe()} missed in {', '.join(missed)}.")
    if not failing:
        return Decision("go", (f"Every must-pass threshold met in each of the last {weeks} weeks "
                               f"({names[0]} to {names[-1]}): " + "; ".join(t.describe() for t in must) + ".",
                               *advice), names)
    misses = [what for _, what in failing]
    if not ended:
        return Decision("extend", (f"The pilot runs until {end.isoformat()}; not yet met over the last {weeks} "
                                   "weeks: " + "; ".join(misses) + ".", *advice), names)
    latest = last[-1]
    still = [t for t, _ in failing if t.met(value(latest, t)) is not True]
    if not still:
        return Decision("extend", ("The pilot has ended; " + "; ".join(misses) + f", but each was met in the "
                                   f"latest week ({latest['period']}): extend by {weeks} weeks to confirm.",
                                   *advice), names)
    return Decision("stop", ("The pilot has ended and must-pass thresholds are still missed or not reported in "
                             f"the latest week ({latest['period']}): " + "; ".join(misses) + ".", *advice), names)
