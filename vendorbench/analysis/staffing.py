"""Staffing realism: agents required per interval (Erlang C), FTE, team leads and QA.

A cheap bid is often cheap because it is understaffed. From the buyer's demand
(contacts per interval of a typical week, handle time, service-level target,
shrinkage, occupancy cap, spans of control) this computes the staffing the
work needs, compares each vendor's proposed staffing with it, and corrects the
bid's TCO to the required staffing.

Erlang C (M/M/N queue), traffic A = contacts * AHT / interval length (erlangs),
N agents, N > A:

    B(0) = 1,  B(k) = A * B(k-1) / (k + A * B(k-1))         Erlang B, by recursion
    C(N, A) = N * B(N) / (N - A * (1 - B(N)))                  probability of waiting
    SL(t)   = 1 - C(N, A) * exp(-(N - A) * t / AHT)            share answered within t
    ASA     = C(N, A) * AHT / (N - A)

The recursion never forms A**N or N! (both overflow a float near N = 170), and
each step is a ratio in [0, 1], so it is stable for any N; the search for the
smallest N meeting the target extends the same recursion one agent at a time.

Chat: with chat_concurrency c (default 1), Erlang C runs on the effective AHT = AHT / c (see
requirement() for the limits of that simplification).

Email is deferred work: with a first-response target of at least the interval,
the backlog can be worked within the target, so the agents needed are the
workload over the occupancy cap (no queueing formula).

    staffed hours per month = sum over the week's intervals (agents * interval hours) * 52 / 12
    FTE    = staffed hours per month / (1 - shrinkage) / paid hours per FTE per month
    leads  = ceil(FTE / team-lead span),  QA analysts = ceil(FTE / QA span)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import tco as _tco
from .terms import Key, Schema, exact_number

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKS_PER_MONTH = Fraction(52, 12)
MAX_AGENTS = 100_000  # per interval; far beyond any contact centre, it stops a runaway search

PCT = {"unit": "%", "maximum": Fraction(100)}

SCHEMA = Schema("staffing", (
    Key("channel", "voice and chat queue (Erlang C); email is deferred work", choices=("voice", "chat", "email")),
    Key("interval_minutes", "length of one planning interval", choices=("15", "30", "60")),
    Key("monthly_volume", "contacts per month (spread with the day and hour profiles)"),
    Key("aht_seconds", "average handle time, seconds", unit="s", above_minimum=True),
    Key("service_level_pct", "share of contacts answered within answer_seconds, % (voice/chat)",
        unit="%", maximum=Fraction(100), above_minimum=True),
    Key("answer_seconds", "answer-time target, seconds (voice/chat), e.g. 80% in 60 s", unit="s"),
    Key("first_response_hours", "first-response target, hours (email)", unit="h", above_minimum=True),
    Key("chat_concurrency", "chats one agent handles at once, on average (chat only; default 1)",
        minimum=Fraction(1), maximum=Fraction(10)),
    Key("shrinkage_pct", "paid time not spent on contacts (breaks, training, absence), %",
        unit="%", maximum=Fraction(99)),
    Key("occupancy_cap_pct", "highest share of logged-in time agents spend on contacts, %",
        unit="%", maximum=Fraction(100), above_minimum=True),
    Key("fte_hours_per_month", "paid hours of one full-time agent per month", unit="h", above_minimum=True),
    Key("team_lead_span", "agents per team lead at most", above_minimum=True),
    Key("qa_span", "agents per QA analyst at most", above_minimum=True),
))

DEFAULTS: dict[str, Any] = {"interval_minutes": "30", "shrinkage_pct": 30, "occupancy_cap_pct": 85,
                            "fte_hours_per_month": 160, "team_lead_span": 15, "qa_span": 25}


# --- Erlang C --------------------------------------------------------------------------------


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability of Erlang B, by the stable recursion."""
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


def _c_from_b(agents: int, traffic: float, b: float) -> float:
    if agents <= traffic:
        return 1.0  # the queue grows without bound: everyone waits
    return agents * b / (agents - traffic * (1 - b))


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a contact waits, with agents agents and traffic erlangs."""
    return _c_from_b(agents, traffic, erlang_b(agents, traffic))


def _sl(agents: int, traffic: float, aht: float, answer: float, c: float) -> float:
    if agents <= traffic:
        return 0.0
    return 1 - c * math.exp(-(agents - traffic) * answer / aht)


def service_level(agents: int, traffic: float, aht_seconds: float, answer_seconds: float) -> float:
    """Share of contacts answered within answer_seconds."""
    return _sl(agents, traffic, aht_seconds, answer_seconds, erlang_c(agents, traffic))


def average_speed_of_answer(agents: int, traffic: float, aht_seconds: float) -> float:
    """Mean wait in seconds (infinite when agents <= traffic)."""
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * aht_seconds / (agents - traffic)


def agents_for_target(traffic: float, aht_seconds: float, answer_seconds: float, target: float,
                      occupancy_cap: float = 1.0) -> int:
    """The fewest agents with service level >= target (a share, 0..1) and occupancy <= the cap."""
    if traffic <= 0:
        return 0
    b = 1.0
    for n in range(1, MAX_AGENTS + 1):
        b = traffic * b / (n + traffic * b)
        if n <= traffic or traffic / n > occupancy_cap:
            continue
        if _sl(n, traffic, aht_seconds, answer_seconds, _c_from_b(n, traffic, b)) >= target:
            return n
    raise ValueError(f"more than {MAX_AGENTS:,} agents needed for {traffic:g} erlangs")


# --- demand -> requirement ---------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    day: str  # mon..sun
    start: str  # HH:MM
    contacts: float
    traffic: float  # erlangs
    agents: int
    service_level: float | None  # achieved with those agents (voice/chat)
    occupancy: float | None


@dataclass(frozen=True)
class Requirement:
    channel: str
    intervals: tuple[Interval, ...]  # the open intervals of a typical week
    weekly_contacts: float
    staffed_hours_month: float
    fte: float
    agents: int  # whole agents to bill: FTE rounded up
    team_leads: int
    qa_analysts: int
    peak_agents: int
    settings: dict[str, Any]  # the demand inputs used, defaults filled in


def weekly_volumes(inputs: Mapping[str, Any], days: Mapping[Any, float], hours: Mapping[Any, float],
                   intervals: Sequence[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """Contacts per (day, HH:MM) of a typical week: given per interval, or the monthly volume
    spread by the day profile (share of the week) and hour profile (share of the day)."""
    if intervals:
        return sorted(intervals, key=lambda r: (DAYS.index(r[0]), r[1]))
    minutes = int(inputs["interval_minutes"])
    weekly = float(exact_number(inputs["monthly_volume"]) / WEEKS_PER_MONTH)
    day_total, hour_total = sum(days.values()), sum(hours.values())
    out = []
    for day in DAYS:
        for hour in sorted(hours, key=int):
            share = days.get(day, 0) / day_total * hours[hour] / hour_total
            if share == 0:
                continue
            for part in range(60 // minutes):  # an hour's contacts arrive evenly over its intervals
                out.append((day, f"{int(hour):02d}:{part * minutes:02d}", weekly * share * minutes / 60))
    return out


def missing_inputs(inputs: Mapping[str, Any], days: Mapping[Any, float], hours: Mapping[Any, float],
                   intervals: Sequence[Any]) -> list[str]:
    """What the demand still lacks before a requirement can be computed, as user-facing phrases."""
    out = [k for k in ("channel", "aht_seconds") if k not in inputs]
    if inputs.get("channel") == "email":
        out += [k for k in ("first_response_hours",) if k not in inputs]
    elif "channel" in inputs:
        out += [k for k in ("service_level_pct", "answer_seconds") if k not in inputs]
    if not intervals:
        if "monthly_volume" not in inputs:
            out.append("monthly_volume (or volumes per interval)")
        if not any(days.values()):
            out.append("a day profile")
        if not any(hours.values()):
            out.append("an hour profile")
    return out


def requirement(inputs: Mapping[str, Any], days: Mapping[Any, float] | None = None,
                hours: Mapping[Any, float] | None = None,
                intervals: Sequence[tuple[str, str, float]] = ()) -> Requirement:
    """The staffing the demand needs (inputs validated by SCHEMA; missing_inputs() must be empty)."""
    days, hours = days or {}, hours or {}
    lacking = missing_inputs(inputs, days, hours, intervals)
    if lacking:
        raise ValueError("demand incomplete: " + ", ".join(lacking))
    s = {**DEFAULTS, **inputs}
    minutes = int(s["interval_minutes"])
    seconds = minutes * 60
    aht = float(s["aht_seconds"])
    if s["channel"] == "chat":
        # Concurrency: an agent with c chats open at once is taken as one agent c times as fast, effective
        # AHT = AHT / c, the common simplification in contact-centre planning. Its limits: the AHT entered
        # must be the one measured at that concurrency (a chat's own duration grows as the agent shares
        # attention), and c parallel chats are not c independent servers, so above about 3 chats, or with
        # bursty arrivals, Erlang C on the effective AHT is optimistic: staff to a lower concurrency.
        aht /= float(s.get("chat_concurrency", 1))
    occupancy_cap = float(s["occupancy_cap_pct"]) / 100
    rows = []
    solved: dict[float, tuple[int, float | None]] = {}  # a profile repeats the same traffic many times a week
    for day, start, contacts in weekly_volumes(s, days, hours, intervals):
        traffic = contacts * aht / seconds
        if traffic not in solved:
            if s["channel"] == "email":
                solved[traffic] = (math.ceil(traffic / occupancy_cap - 1e-9) if traffic > 0 else 0, None)
            else:
                n = agents_for_target(traffic, aht, float(s["answer_seconds"]), float(s["service_level_pct"]) / 100,
                                      occupancy_cap)
                solved[traffic] = (n, service_level(n, traffic, aht, float(s["answer_seconds"])) if n else None)
        agents, sl = solved[traffic]
        rows.append(Interval(day, start, contacts, traffic, agents, sl, traffic / agents if agents else None))
    if s["channel"] == "email":
        # deferred work: only the week's workload matters, not when it arrives within the target
        staffed_week = sum(r.traffic for r in rows) * minutes / 60 / occupancy_cap
    else:
        staffed_week = sum(r.agents for r in rows) * minutes / 60
    staffed_month = staffed_week * float(WEEKS_PER_MONTH)
    fte = staffed_month / (1 - float(s["shrinkage_pct"]) / 100) / float(s["fte_hours_per_month"])
    agents = math.ceil(fte - 1e-9)
    return Requirement(
        channel=s["channel"], intervals=tuple(rows), weekly_contacts=sum(r.contacts for r in rows),
        staffed_hours_month=staffed_month, fte=fte, agents=agents,
        team_leads=math.ceil(agents / float(s["team_lead_span"])) if agents else 0,
        qa_analysts=math.ceil(agents / float(s["qa_span"])) if agents else 0,
        peak_agents=max((r.agents for r in rows), default=0), settings=s)


# --- the bids ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BidCheck:
    vendor_id: str
    agents: float | None  # proposed (TCO input "agents")
    team_leads: float | None
    qa_analysts: float | None
    flags: tuple[str, ...]  # what is short, in words
    as_bid: _tco.Tco
    corrected: _tco.Tco  # the TCO with staffing raised to the requirement (as bid when not short)
    corrections: tuple[str, ...]  # what was changed, or why a figure could not be corrected

    @property
    def understaffed(self) -> bool:
        return bool(self.flags)


def check_bid(vendor_id: str, inputs: Mapping[str, Any], req: Requirement) -> BidCheck:
    """Compare one vendor's proposed staffing (TCO inputs) with the requirement."""
    num = {k: exact_number(v) for k, v in inputs.items() if isinstance(v, (int, float))}
    agents, leads, qa = num.get("agents"), num.get("team_leads"), num.get("qa_analysts")
    s = req.settings
    flags: list[str] = []
    if agents is not None and agents < Fraction(req.fte):
        flags.append(f"{_n(agents)} agents proposed, {req.fte:.1f} FTE required ({req.agents} agents)")
    if leads is not None:
        if leads < req.team_leads:
            flags.append(f"{_n(leads)} team leads proposed, {req.team_leads} required at 1 per "
                         f"{_n(s['team_lead_span'])} agents")
        elif agents and leads and agents / leads > exact_number(s["team_lead_span"]):
            flags.append(f"{float(agents / leads):.1f} agents per team lead, more than the span of "
                         f"{_n(s['team_lead_span'])}")
    if qa is not None:
        if qa < req.qa_analysts:
            flags.append(f"{_n(qa)} QA analysts proposed, {req.qa_analysts} required at 1 per "
                         f"{_n(s['qa_span'])} agents")
        elif agents and qa and agents / qa > exact_number(s["qa_span"]):
            flags.append(f"{float(agents / qa):.1f} agents per QA analyst, more than the span of {_n(s['qa_span'])}")
    fixed, notes = corrected_inputs(inputs, req)
    return BidCheck(vendor_id, _opt(agents), _opt(leads), _opt(qa), tuple(flags), _tco.compute(inputs),
                    _tco.compute(fixed), tuple(notes))


def corrected_inputs(inputs: Mapping[str, Any], req: Requirement) -> tuple[dict[str, Any], list[str]]:
    """TCO inputs with agents, team leads and QA raised to the requirement (never lowered).

    Hourly pricing bills agents, so the service cost scales with them; per-contact pricing
    leaves the staffing risk with the vendor and the price unchanged. Management cost is
    scaled per head when the bid names its team leads and QA analysts."""
    out = dict(inputs)
    notes: list[str] = []
    num = {k: exact_number(v) for k, v in inputs.items() if isinstance(v, (int, float))}
    agents = num.get("agents")
    if inputs.get("pricing") == "hourly":
        if agents is None:
            notes.append("agents not given: the service cost cannot be corrected")
        elif agents < req.agents:
            out["agents"] = req.agents
            notes.append(f"agents {_n(agents)} -> {req.agents}")
    elif inputs.get("pricing") == "per_contact":
        notes.append("priced per contact: the service cost does not change with staffing")
    leads, qa, mgmt = num.get("team_leads"), num.get("qa_analysts"), num.get("management_monthly")
    if leads is not None and qa is not None and mgmt is not None:
        heads = leads + qa
        need = max(leads, Fraction(req.team_leads)) + max(qa, Fraction(req.qa_analysts))
        if need > heads:
            if heads == 0:
                notes.append("management cost per head unknown (no team leads or QA analysts proposed)")
            else:
                new = mgmt / heads * need
                out["management_monthly"] = int(new) if new.denominator == 1 else float(new)
                notes.append(f"management {_n(heads)} -> {_n(need)} heads")
    elif (leads is not None or qa is not None) and mgmt is not None:
        notes.append("team_leads and qa_analysts both needed to correct the management cost")
    return out, notes


def _opt(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


def _n(x: Any) -> str:
    return f"{float(x):g}"
