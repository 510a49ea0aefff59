"""Balanced SLA check: pure rules over one vendor's proposed SLA terms.

A speed-only SLA (first response time alone) teaches agents to send fast, empty
replies; a balanced SLA pairs speed floors with quality minimums (FCR, CSAT,
reopen rate, a QA score with calibration) and puts part of the fee at risk.
Thresholds are the usual ranges from the domain brief; a value on a boundary
passes (FCR 65 or 75, CSAT 85, reopen 8, QA sample 5, fee at risk 5 or 15).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .terms import Key, Schema

PCT: dict[str, Any] = {"unit": "%", "maximum": Fraction(100)}
HOURS: dict[str, Any] = {"unit": "h", "above_minimum": True}

SCHEMA = Schema("SLA", (
    Key("first_response_hours", "first response time target, hours", **HOURS),
    Key("resolution_hours", "resolution time target, hours", **HOURS),
    Key("fcr_target_pct", "first contact resolution target, %", **PCT),
    Key("csat_min_pct", "customer satisfaction minimum, %", **PCT),
    Key("reopen_max_pct", "ticket reopen rate cap, %", **PCT),
    Key("qa_score_min_pct", "quality (QA) score minimum, %", **PCT),
    Key("qa_sample_pct", "share of tickets QA reviews each week, %", **PCT),
    Key("calibration", "QA calibration sessions with the buyer", choices=("weekly", "biweekly", "monthly", "none")),
    Key("fee_at_risk_pct", "share of the monthly invoice tied to the quality targets, %", **PCT),
    Key("review_cadence", "performance review meetings", choices=("weekly", "monthly", "quarterly")),
    # Service credits under the fee at risk (vendorbench.analysis.performance computes them per period)
    *(Key(f"credit_{metric}_pct", f"share of the fee at risk credited when the {label} target is missed, %", **PCT)
      for metric, label in (("first_response", "first response"), ("resolution", "resolution time"),
                            ("fcr", "FCR"), ("csat", "CSAT"), ("reopen", "reopen-rate"), ("qa_score", "QA score"))),
    Key("credit_cap_pct", "cap on all service credits of one period, % of the invoice", **PCT),
    Key("earn_back_months", "a credit is waived when its target is then met this many periods in a row",
        choices=("0", "1", "2", "3", "4", "5", "6")),
))

SPEED_TERMS = ("first_response_hours", "resolution_hours")
OUTCOME_TERMS = ("fcr_target_pct", "csat_min_pct", "reopen_max_pct")
QA_TERMS = ("qa_score_min_pct", "qa_sample_pct")
# Whole-number thresholds: Python compares an int or float with them exactly.
FCR_RANGE = (65, 75)
CSAT_MIN = 85
REOPEN_MAX = 8
QA_SAMPLE_MIN = 5
FEE_AT_RISK_RANGE = (5, 15)

RULES = {  # rule id -> severity
    "speed_only": "high",
    "fcr_target_range": "medium",
    "csat_min_low": "medium",
    "reopen_cap_high": "medium",
    "qa_sample_low": "medium",
    "no_calibration": "medium",
    "fee_at_risk_range": "medium",
}


TITLES = {  # rule id -> what a reader sees (the rule id stays in JSON, for scripts)
    "speed_only": "speed-only SLA",
    "fcr_target_range": "FCR target out of range",
    "csat_min_low": "CSAT minimum too low",
    "reopen_cap_high": "reopen-rate cap too high",
    "qa_sample_low": "QA sample too small",
    "no_calibration": "QA without calibration",
    "fee_at_risk_range": "fee at risk out of range",
}


@dataclass(frozen=True)
class SlaFinding:
    rule: str
    severity: str
    message: str

    @property
    def title(self) -> str:
        return TITLES[self.rule]


@dataclass(frozen=True)
class SlaCheck:
    terms: dict[str, Any]
    findings: tuple[SlaFinding, ...]

    @property
    def balanced(self) -> bool:
        """Terms recorded and no finding."""
        return bool(self.terms) and not self.findings


def check(terms: Mapping[str, Any]) -> SlaCheck:
    """The findings for one vendor's SLA terms (already validated), in rule order."""
    found: list[tuple[str, str]] = []
    num = {k: v for k, v in terms.items() if not isinstance(v, str)}

    speed = [k for k in SPEED_TERMS if k in terms]
    if speed and not any(k in terms for k in OUTCOME_TERMS):
        what = "first response and resolution time targets" if len(speed) == 2 else (
            "a first response time target" if speed[0] == "first_response_hours" else "a resolution time target")
        found.append(("speed_only", f"Speed-only SLA: {what} with no FCR, CSAT or reopen-rate term. "
                      "A speed-only SLA teaches agents to send fast, empty replies; pair speed with FCR, CSAT "
                      "or reopen-rate minimums."))
    if "fcr_target_pct" in num:
        fcr = num["fcr_target_pct"]
        low, high = FCR_RANGE
        if fcr < low:
            found.append(("fcr_target_range", f"FCR target {_pct(fcr)} is below the 65-75% usual for non-bug "
                          "Tier 1/2 contacts: unresolved contacts come back, and repeat contacts are paid for "
                          "twice."))
        elif fcr > high:
            found.append(("fcr_target_range", f"FCR target {_pct(fcr)} is above the 65-75% achievable for "
                          "non-bug Tier 1/2 contacts: an unrealistic target is waived or gamed by closing "
                          "tickets early; agree 65-75% measured on non-bug Tier 1/2."))
    if "csat_min_pct" in num and num["csat_min_pct"] < CSAT_MIN:
        found.append(("csat_min_low", f"CSAT minimum {_pct(num['csat_min_pct'])} is below the usual 85-90%: "
                      "speed targets can be met while customers leave unhappy."))
    if "reopen_max_pct" in num and num["reopen_max_pct"] > REOPEN_MAX:
        found.append(("reopen_cap_high", f"Reopen-rate cap {_pct(num['reopen_max_pct'])} is above about 8%: "
                      "tickets closed without being solved come back and are paid for twice."))
    if "qa_sample_pct" in num and num["qa_sample_pct"] < QA_SAMPLE_MIN:
        found.append(("qa_sample_low", f"QA reviews {_pct(num['qa_sample_pct'])} of tickets a week: a robust "
                      "QA programme reviews about 5-10%, enough to catch problems before customers do."))
    if any(k in terms for k in QA_TERMS) and terms.get("calibration", "none") == "none":
        state = "set to none" if "calibration" in terms else "not set"
        found.append(("no_calibration", f"QA terms without calibration (calibration {state}): a quality score "
                      "minimum needs a weekly calibration session with the buyer, or the vendor grades against "
                      "its own standard."))
    if "fee_at_risk_pct" in num:
        fee = num["fee_at_risk_pct"]
        low, high = FEE_AT_RISK_RANGE
        if fee < low:
            found.append(("fee_at_risk_range", f"Fee at risk {_pct(fee)} is below the usual 5-15% of the monthly "
                          "invoice: too little to make the quality targets matter."))
        elif fee > high:
            found.append(("fee_at_risk_range", f"Fee at risk {_pct(fee)} is above the usual 5-15% of the monthly "
                          "invoice: the vendor prices that risk into its rates; balance penalties with bonuses."))
    return SlaCheck(dict(terms), tuple(SlaFinding(rule, RULES[rule], message) for rule, message in found))


def _pct(x: float) -> str:
    return f"{x:g}%"
