"""After signing: monthly (or weekly) performance against the signed SLA terms.

Per period: each SLA term met or missed, the service credit due under the
fee-at-risk terms, credits claimed against due, and paired-metric warnings
(speed met while FCR or CSAT fell). Per period too: the QA calibration alpha
between the buyer's and the vendor's scores of the same tickets. Over the
periods: a trend per metric and the cost per resolved contact.

Service credits (all SLA terms, in % ):

    pool          = fee invoiced * fee_at_risk_pct
    raw credit m  = pool * credit_<m>_pct                  for each missed metric m
    cap           = min(pool, fee invoiced * credit_cap_pct)   (credit_cap_pct optional)
    credit m      = raw m * min(1, cap / sum of raw)       the cap shared pro rata
    earn-back     : with earn_back_months = N, metric m's credit is earned back (waived)
                    when m is met in each of the next N periods; with fewer later
                    periods reported, it is due but still open to earn-back.

Allocations may add up to more than 100% of the pool (a missed month of many
metrics then hits the cap); a metric without an allocation carries no credit.
Arithmetic is exact (Fractions of the decimals as typed).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .terms import exact_number

PAIRED_DROP_POINTS = 1  # FCR or CSAT down by at least one point from the period before


@dataclass(frozen=True)
class Metric:
    kpi: str  # column of the KPI file
    sla: str  # the SLA term that sets its target
    label: str
    unit: str
    higher_is_better: bool
    credit_key: str | None  # SLA term: share of the fee at risk credited when missed
    speed: bool = False


METRICS = (
    Metric("first_response_hours", "first_response_hours", "first response", "h", False,
           "credit_first_response_pct", speed=True),
    Metric("resolution_hours", "resolution_hours", "resolution time", "h", False, "credit_resolution_pct",
           speed=True),
    Metric("fcr_pct", "fcr_target_pct", "FCR", "%", True, "credit_fcr_pct"),
    Metric("csat_pct", "csat_min_pct", "CSAT", "%", True, "credit_csat_pct"),
    Metric("reopen_pct", "reopen_max_pct", "reopen rate", "%", False, "credit_reopen_pct"),
    Metric("qa_score_pct", "qa_score_min_pct", "QA score", "%", True, "credit_qa_score_pct"),
    Metric("qa_sample_pct", "qa_sample_pct", "QA sample", "%", True, None),  # qa_sample_size / volume
)
BY_KPI = {m.kpi: m for m in METRICS}
TREND_METRICS = ("volume", "first_response_hours", "resolution_hours", "fcr_pct", "csat_pct", "reopen_pct",
                 "qa_score_pct", "aht_seconds", "attrition_pct", "fee_invoiced")
HIGHER_IS_BETTER = {"fcr_pct": True, "csat_pct": True, "qa_score_pct": True, "first_response_hours": False,
                    "resolution_hours": False, "reopen_pct": False, "attrition_pct": False,
                    "aht_seconds": None, "volume": None, "fee_invoiced": None}


@dataclass(frozen=True)
class TermResult:
    metric: Metric
    target: Fraction
    value: Fraction | None  # None: not reported this period

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.target if self.metric.higher_is_better else self.value <= self.target


@dataclass(frozen=True)
class Credit:
    metric: str  # kpi name
    amount: Fraction  # after the cap
    status: str  # due | earned back | open (earn-back still possible)


@dataclass(frozen=True)
class PeriodResult:
    period: str
    values: dict[str, Fraction | None]  # the KPI row, exact, plus qa_sample_pct and cost_per_resolved
    terms: tuple[TermResult, ...]
    credits: tuple[Credit, ...]
    capped: bool
    credit_due: Fraction | None  # None: no fee at risk agreed, or no fee invoiced
    credit_claimed: Fraction | None
    warnings: tuple[str, ...]
    qa_alpha: Fraction | None
    qa_tickets: int

    @property
    def missed(self) -> tuple[TermResult, ...]:
        return tuple(t for t in self.terms if t.met is False)

    @property
    def unclaimed(self) -> Fraction | None:
        if self.credit_due is None:
            return None
        return self.credit_due - (self.credit_claimed or 0)


@dataclass(frozen=True)
class Trend:
    metric: str
    values: tuple[tuple[str, Fraction | None], ...]  # (period, value) in period order
    first: Fraction | None
    last: Fraction | None
    direction: str  # better | worse | flat | changed (no better side) | "" (fewer than two values)


@dataclass(frozen=True)
class Scorecard:
    periods: tuple[PeriodResult, ...]
    trends: tuple[Trend, ...]
    credit_due: Fraction
    credit_claimed: Fraction
    terms: dict[str, Any]  # the SLA terms used

    @property
    def unclaimed(self) -> Fraction:
        return self.credit_due - self.credit_claimed


def _x(v: Any) -> Fraction | None:
    return None if v is None else exact_number(v)


def _values(row: Mapping[str, Any]) -> dict[str, Fraction | None]:
    vals = {k: _x(v) for k, v in row.items() if k != "period"}
    volume, sample = vals.get("volume"), vals.get("qa_sample_size")
    vals["qa_sample_pct"] = sample / volume * 100 if volume and sample is not None else None
    fee, fcr = vals.get("fee_invoiced"), vals.get("fcr_pct")
    vals["cost_per_resolved"] = fee / (volume * fcr / 100) if fee is not None and volume and fcr else None
    return vals


def scorecard(rows: Sequence[Mapping[str, Any]], terms: Mapping[str, Any],
              qa_samples: Mapping[str, Sequence[tuple[Hashable, float, float]]] | None = None) -> Scorecard:
    """rows: the KPI periods (dicts with "period" and the KPI columns, None = not reported), one
    kind of period (months or weeks), in any order. terms: the vendor's validated SLA terms.
    qa_samples: period -> (ticket, buyer score, vendor score) of the same tickets."""
    from .agreement import ordinal_alpha

    rows = sorted(rows, key=lambda r: r["period"])
    qa_samples = qa_samples or {}
    num = {k: exact_number(v) for k, v in terms.items() if isinstance(v, (int, float))}
    vals = [_values(r) for r in rows]
    judged = [tuple(TermResult(m, num[m.sla], v.get(m.kpi)) for m in METRICS if m.sla in num) for v in vals]
    credits, capped, due = _credits(vals, judged, num, terms)
    out = []
    for i, row in enumerate(rows):
        sample = qa_samples.get(row["period"], ())
        alpha = ordinal_alpha([(b, v) for _, b, v in sample]) if sample else None
        claimed = vals[i].get("credit_claimed")
        out.append(PeriodResult(row["period"], vals[i], judged[i], credits[i], capped[i], due[i], claimed,
                                tuple(_paired(vals[i - 1] if i else None, vals[i], judged[i])), alpha,
                                len(sample)))
    trends = tuple(_trend(k, rows, vals) for k in (*TREND_METRICS, "cost_per_resolved"))
    return Scorecard(tuple(out), trends, sum((p.credit_due or Fraction(0) for p in out), Fraction(0)),
                     sum((p.credit_claimed or Fraction(0) for p in out), Fraction(0)), dict(terms))


def _credits(vals: list[dict[str, Fraction | None]], judged: list[tuple[TermResult, ...]],
             num: Mapping[str, Fraction], terms: Mapping[str, Any]
             ) -> tuple[list[tuple[Credit, ...]], list[bool], list[Fraction | None]]:
    earn_back = int(terms.get("earn_back_months", "0"))
    at_risk = num.get("fee_at_risk_pct")
    credits: list[tuple[Credit, ...]] = []
    capped: list[bool] = []
    due: list[Fraction | None] = []
    for i, v in enumerate(vals):
        fee = v.get("fee_invoiced")
        if at_risk is None or fee is None:
            credits.append(())
            capped.append(False)
            due.append(None)
            continue
        pool = fee * at_risk / 100
        raw = {t.metric.kpi: pool * num[key] / 100 for t in judged[i]
               if t.met is False and (key := t.metric.credit_key) is not None and key in num}
        total = sum(raw.values(), Fraction(0))
        cap = pool if "credit_cap_pct" not in num else min(pool, fee * num["credit_cap_pct"] / 100)
        factor = min(Fraction(1), cap / total) if total else Fraction(1)
        row = []
        for kpi, amount in raw.items():
            later = [next((t.met for t in judged[j] if t.metric.kpi == kpi), None)
                     for j in range(i + 1, min(i + 1 + earn_back, len(vals)))]
            if not earn_back or any(m is not True for m in later):
                status = "due"
            elif len(later) == earn_back:
                status = "earned back"
            else:
                status = "open"
            row.append(Credit(kpi, amount * factor, status))
        credits.append(tuple(row))
        capped.append(total > cap)
        due.append(sum((c.amount for c in row if c.status != "earned back"), Fraction(0)))
    return credits, capped, due


def _paired(before: Mapping[str, Fraction | None] | None, now: Mapping[str, Fraction | None],
            terms: Sequence[TermResult]) -> list[str]:
    """Speed met while quality fell: the signature of fast, empty replies."""
    speed = [t for t in terms if t.metric.speed and t.met is not None]
    if not speed or not all(t.met for t in speed) or before is None:
        return []
    fell = []
    for kpi, label in (("fcr_pct", "FCR"), ("csat_pct", "CSAT")):
        old, new = before.get(kpi), now.get(kpi)
        if old is not None and new is not None and old - new >= PAIRED_DROP_POINTS:
            fell.append(f"{label} fell from {_fmt(old)}% to {_fmt(new)}%")
    if not fell:
        return []
    met = "; ".join(f"{t.metric.label} {_fmt(t.value)} {t.metric.unit}, target {_fmt(t.target)} {t.metric.unit}"
                    for t in speed)
    return [f"Speed targets met ({met}) while {' and '.join(fell)}: speed bought with quality; "
            "check for fast, empty replies and early closures."]


def _trend(kpi: str, rows: Sequence[Mapping[str, Any]], vals: Sequence[Mapping[str, Fraction | None]]) -> Trend:
    series = tuple((r["period"], v.get(kpi)) for r, v in zip(rows, vals))
    present = [x for _, x in series if x is not None]
    first, last = (present[0], present[-1]) if present else (None, None)
    direction = ""
    if len(present) >= 2:
        assert first is not None and last is not None
        better = False if kpi == "cost_per_resolved" else HIGHER_IS_BETTER.get(kpi)
        if last == first:
            direction = "flat"
        elif better is None:
            direction = "changed"
        else:
            direction = "better" if (last > first) == better else "worse"
    return Trend(kpi, series, first, last, direction)


def _fmt(x: Fraction | None) -> str:
    return "-" if x is None else f"{float(x):g}"


# --- the quarterly business review ---------------------------------------------------------------

LOW_ALPHA = Fraction(2, 3)  # below it, QA grades are not reliable enough to compare (Krippendorff)


def quarter_of(period: str) -> str:
    """The quarter of a month period: 2027-05 -> 2027-Q2."""
    year, month = period.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def quarter(sc: Scorecard, which: str | None = None) -> tuple[str, tuple[PeriodResult, ...]]:
    """(quarter, its monthly periods): which is YYYY-Qn, default the quarter of the latest month."""
    months = [p for p in sc.periods if "-W" not in p.period]
    if not months:
        raise ValueError("no monthly periods")
    which = which or quarter_of(months[-1].period)
    return which, tuple(p for p in months if quarter_of(p.period) == which)


@dataclass(frozen=True)
class Action:
    text: str
    owner: str


def actions(periods: Sequence[PeriodResult]) -> list[Action]:
    """The follow-ups a review of these periods owes: a recovery plan per missed term, an audit per
    paired-metric warning, a calibration session per unreliable QA sample, the credits to claim."""
    out: list[Action] = []
    missed: dict[str, tuple[TermResult, list[str]]] = {}
    for p in periods:
        for t in p.missed:
            missed.setdefault(t.metric.kpi, (t, []))[1].append(p.period)
    for t, when in missed.values():
        op = "at least" if t.metric.higher_is_better else "at most"
        out.append(Action(f"Recovery plan for {t.metric.label}: target {op} {_fmt(t.target)}{_unit(t.metric)}, "
                          f"missed in {', '.join(when)}.", "Vendor operations lead"))
    for p in periods:
        if p.warnings:
            out.append(Action(f"Audit closures and handle-time coaching of {p.period}: speed targets met while "
                              "quality fell.", "Vendor operations lead with the buyer's support lead"))
        if p.qa_alpha is not None and p.qa_alpha < LOW_ALPHA:
            out.append(Action(f"Calibration session on the {p.period} QA sample: buyer and vendor grades agree "
                              f"too little (alpha {float(p.qa_alpha):.2f}).", "Buyer QA lead with the vendor's QA"))
    unclaimed = [p for p in periods if p.unclaimed and p.unclaimed > 0]
    if unclaimed:
        total = sum((p.unclaimed for p in unclaimed if p.unclaimed), Fraction(0))
        out.append(Action(f"Claim {float(total):,.2f} in service credits due and not yet claimed "
                          f"({', '.join(p.period for p in unclaimed)}).", "Buyer vendor manager"))
    over = [p for p in periods if p.unclaimed is not None and p.unclaimed < 0]
    if over:
        total = -sum((p.unclaimed for p in over if p.unclaimed is not None), Fraction(0))
        out.append(Action(f"Reconcile {float(total):,.2f} claimed beyond the credits due "
                          f"({', '.join(p.period for p in over)}): "
                          "earned back or above the cap.", "Buyer vendor manager"))
    open_credits = [p.period for p in periods if any(c.status == "open" for c in p.credits)]
    if open_credits:
        out.append(Action(f"Confirm next month whether the credits of {', '.join(open_credits)} are earned back.",
                          "Buyer vendor manager"))
    return out


def _unit(m: Metric) -> str:
    return "%" if m.unit == "%" else f" {m.unit}"
