"""Staffing realism: Erlang C against the formula and published values, FTE by hand, the bid check,
the TCO corrected to the required staffing, and the cost-only guard on the corrected figure."""

from __future__ import annotations

import json
import math
import os
from fractions import Fraction
from math import factorial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorbench import operations, results
from vendorbench.analysis import staffing
from vendorbench.analysis.staffing import (
    DEFAULTS,
    Requirement,
    agents_for_target,
    average_speed_of_answer,
    check_bid,
    erlang_c,
    requirement,
    service_level,
    weekly_volumes,
)
from vendorbench.analysis.tco import understaffed_warnings
from vendorbench.errors import VendorbenchError
from vendorbench.store import Workspace


def erlang_c_by_formula(n: int, a: int) -> Fraction:
    """The textbook closed form, exactly: (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A))."""
    top = Fraction(a**n, factorial(n)) * Fraction(n, n - a)
    return top / (sum(Fraction(a**k, factorial(k)) for k in range(n)) + top)


@pytest.mark.parametrize(("n", "a"), [(3, 2), (11, 10), (14, 10), (20, 15), (60, 50), (120, 100), (850, 800)])
def test_erlang_c_equals_the_closed_form(n, a):
    # (850, 800): A**N and N! are far beyond a float; the recursion never forms them
    assert erlang_c(n, a) == pytest.approx(float(erlang_c_by_formula(n, a)), rel=1e-9)


def test_erlang_c_small_case_by_hand():
    # A = 2, N = 3: (8/6 * 3) / (1 + 2 + 2 + 4) = 4/9
    assert erlang_c(3, 2) == pytest.approx(4 / 9, rel=1e-12)


def test_published_example_100_calls_in_30_minutes():
    # The usual worked example (call-centre helper; Koole, Call Center Mathematics): 100 calls in 30 min,
    # AHT 180 s: A = 10 erlangs. Published: 11 agents wait 68.21%; 14 agents wait 17.41%, answer 88.84%
    # within 20 s, ASA 7.84 s; 13 agents answer only 79.6%: 14 agents for 80/20.
    assert erlang_c(11, 10) == pytest.approx(0.6821, abs=5e-5)
    assert erlang_c(14, 10) == pytest.approx(0.1741, abs=5e-5)
    assert service_level(14, 10, 180, 20) == pytest.approx(0.8884, abs=5e-5)
    assert average_speed_of_answer(14, 10, 180) == pytest.approx(7.84, abs=5e-3)
    assert service_level(13, 10, 180, 20) < 0.8
    assert agents_for_target(10, 180, 20, 0.8) == 14


def test_occupancy_cap_can_need_more_agents_than_the_service_level():
    assert agents_for_target(10, 180, 20, 0.8, occupancy_cap=0.7) == 15  # 10/14 = 71% > 70%, 10/15 = 67%


def test_no_traffic_needs_no_agents_and_too_few_agents_answer_nobody():
    assert agents_for_target(0, 180, 20, 0.8) == 0
    assert erlang_c(10, 10) == 1.0 and service_level(9, 10, 180, 20) == 0.0
    assert math.isinf(average_speed_of_answer(10, 10, 180))


WEEKDAY_DAY = [(day, f"{h:02d}:{m:02d}", 100) for day in staffing.DAYS[:5] for h in range(8, 18) for m in (0, 30)]
VOICE = {"channel": "voice", "aht_seconds": 180, "service_level_pct": 80, "answer_seconds": 20}


def test_fte_leads_and_qa_by_hand():
    req = requirement(VOICE, intervals=WEEKDAY_DAY)
    # 100 intervals, each A = 100 * 180 / 1800 = 10 erlangs -> 14 agents; 100 * 14 * 0.5 h = 700 h a week
    assert {i.agents for i in req.intervals} == {14} and len(req.intervals) == 100
    assert req.staffed_hours_month == pytest.approx(700 * 52 / 12)  # 3,033.3 h
    assert req.fte == pytest.approx(700 * 52 / 12 / 0.7 / 160)  # 30% shrinkage, 160 paid h: 27.08 FTE
    assert (req.agents, req.team_leads, req.qa_analysts) == (28, 2, 2)  # spans 15 and 25


def test_monthly_volume_is_spread_by_day_and_hour_profile():
    inputs = {"monthly_volume": 1000 * 52 / 12, "interval_minutes": "30"}
    rows = weekly_volumes(inputs, {"mon": 50, "tue": 50}, {"9": 100}, ())
    assert rows == [("mon", "09:00", pytest.approx(250)), ("mon", "09:30", pytest.approx(250)),
                    ("tue", "09:00", pytest.approx(250)), ("tue", "09:30", pytest.approx(250))]


def test_email_is_staffed_on_workload_over_the_occupancy_cap():
    email = {"channel": "email", "aht_seconds": 360, "first_response_hours": 4, "occupancy_cap_pct": 80}
    req = requirement(email, intervals=[("mon", "09:00", 100)])
    assert req.intervals[0].agents == 25  # A = 100 * 360 / 1800 = 20; 20 / 0.8
    assert req.staffed_hours_month == pytest.approx(20 * 0.5 / 0.8 * 52 / 12)


def test_chat_concurrency_divides_the_handle_time_by_hand():
    # 100 chats in 30 minutes, AHT 360 s, 2 chats at once: effective AHT 360 / 2 = 180 s, so A = 100 * 180 /
    # 1800 = 10 erlangs, the published example above: 14 agents for 80% in 20 s (service level 88.84%).
    chat = {"channel": "chat", "aht_seconds": 360, "service_level_pct": 80, "answer_seconds": 20}
    [two] = requirement({**chat, "chat_concurrency": 2}, intervals=[("mon", "09:00", 100)]).intervals
    assert two.traffic == pytest.approx(10) and two.agents == 14
    assert two.service_level == pytest.approx(0.8884, abs=5e-5)
    # one chat at a time (the default) is A = 20 erlangs: Erlang C on AHT 360 s
    [one] = requirement(chat, intervals=[("mon", "09:00", 100)]).intervals
    assert one.traffic == pytest.approx(20) and one.agents == agents_for_target(20, 360, 20, 0.8)
    assert one.agents > two.agents


def test_chat_concurrency_is_refused_for_another_channel(ws):
    with pytest.raises(VendorbenchError, match="chat_concurrency applies to the chat channel only"):
        operations.set_demand(ws, {**VOICE, "chat_concurrency": 2})
    with pytest.raises(VendorbenchError, match="chat_concurrency=0.5 is out of range"):
        operations.set_demand(ws, {"channel": "chat", "chat_concurrency": 0.5})
    assert operations.set_demand(ws, {"channel": "chat", "chat_concurrency": 1.5}).inputs["chat_concurrency"] == 1.5


def test_incomplete_demand_names_what_is_missing():
    assert staffing.missing_inputs({"channel": "voice"}, {}, {}, ()) == [
        "aht_seconds", "service_level_pct", "answer_seconds", "monthly_volume (or volumes per interval)",
        "a day profile", "an hour profile"]


REQ = Requirement(channel="voice", intervals=(), weekly_contacts=0, staffed_hours_month=0, fte=27.5, agents=28,
                  team_leads=2, qa_analysts=2, peak_agents=14, settings={**DEFAULTS, **VOICE})
BID = {"pricing": "hourly", "hourly_rate": 12.5, "productive_hours": 140, "agents": 24, "team_leads": 1,
       "qa_analysts": 1, "contacts_per_month": 20000, "management_monthly": 4000, "oversight_monthly": 1500,
       "onboarding_one_off": 10000, "integration_one_off": 5000, "exit_one_off": 3000, "contract_months": 24,
       "fcr_pct": 70}


def test_understaffed_bid_is_flagged_and_its_tco_corrected_by_hand():
    b = check_bid("v1", BID, REQ)
    assert b.flags == ("24 agents proposed, 27.5 FTE required (28 agents)",
                       "1 team leads proposed, 2 required at 1 per 15 agents",
                       "1 QA analysts proposed, 2 required at 1 per 25 agents")
    assert b.as_bid.tco == (12.5 * 140 * 24 + 4000 + 1500) * 24 + 18000 == 1158000
    # 28 agents: 49,000 a month; management 2,000 a head for 4 heads: 8,000
    assert b.corrected.tco == (49000 + 8000 + 1500) * 24 + 18000 == 1422000
    assert b.corrections == ("agents 24 -> 28", "management 2 -> 4 heads")


def test_span_of_control_is_checked_even_when_the_head_count_is_met():
    b = check_bid("v1", {**BID, "agents": 40, "team_leads": 2, "qa_analysts": 2}, REQ)
    assert b.flags == ("20.0 agents per team lead, more than the span of 15",)
    assert b.corrected.tco == b.as_bid.tco  # nothing below the requirement: nothing to correct


def test_per_contact_bid_keeps_its_price():
    bid = {**BID, "pricing": "per_contact", "price_per_contact": 2.5}
    b = check_bid("v1", bid, REQ)
    assert b.understaffed
    assert b.corrected.service_monthly == b.as_bid.service_monthly == 50000
    assert "priced per contact: the service cost does not change with staffing" in b.corrections


def test_well_staffed_bid_has_no_flags():
    b = check_bid("v1", {**BID, "agents": 28, "team_leads": 2, "qa_analysts": 2}, REQ)
    assert not b.understaffed and b.corrected == b.as_bid


def test_guard_warns_when_the_cheapest_bid_is_cheap_only_because_understaffed():
    cheap = check_bid("v1", BID, REQ)  # 1,158,000 as bid, 1,422,000 corrected
    fair = check_bid("v2", {**BID, "agents": 28, "team_leads": 2, "qa_analysts": 2, "hourly_rate": 13}, REQ)
    assert fair.as_bid.tco == (13 * 140 * 28 + 4000 + 1500) * 24 + 18000 == 1373040
    [w] = understaffed_warnings({"v1": cheap, "v2": fair}, {"v1": "Cheapco", "v2": "Fairco"})
    assert w.rule == "understaffed_bid"
    assert w.message.startswith("Cheapco has the cheapest bid (1,158,000) only because it is understaffed")
    assert "it costs 1,422,000, and Fairco is cheaper at 1,373,040" in w.message


def test_guard_names_the_corrected_figure_when_the_understaffed_bid_stays_cheapest():
    cheap = check_bid("v1", BID, REQ)
    dear = check_bid("v2", {**BID, "agents": 28, "team_leads": 2, "qa_analysts": 2, "hourly_rate": 20}, REQ)
    [w] = understaffed_warnings({"v1": cheap, "v2": dear}, {"v1": "Cheapco", "v2": "Dearco"})
    assert "compare on its TCO corrected to the required staffing, 1,422,000" in w.message


def test_no_guard_warning_when_the_cheapest_bid_is_staffed():
    fair = check_bid("v2", {**BID, "agents": 28, "team_leads": 2, "qa_analysts": 2}, REQ)
    assert understaffed_warnings({"v2": fair}, {"v2": "Fairco"}) == []


# --- through the workspace -------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "ws", "Staffing")
    w.add_vendor("Cheapco")
    w.add_vendor("Fairco")
    return w


def test_results_guard_uses_the_workspace_demand(ws):
    ws.set_tco("Cheapco", BID)
    ws.set_tco("Fairco", {**BID, "agents": 28, "team_leads": 2, "qa_analysts": 2, "hourly_rate": 13})
    assert not [w for w in results.load(ws).warnings if w.rule == "understaffed_bid"]  # no demand yet
    operations.set_demand(ws, {**VOICE, "interval_minutes": "30"},
                          intervals=[operations.IntervalVolume(day=d, start=s, contacts=c) for d, s, c in WEEKDAY_DAY])
    [w] = [w for w in results.load(ws).warnings if w.rule == "understaffed_bid"]
    assert "Cheapco has the cheapest bid" in w.message and "Fairco is cheaper" in w.message


def test_demand_file_is_private_and_a_hand_damaged_one_names_file_and_field(ws):
    operations.set_demand(ws, VOICE)
    path = operations.ops_path(ws, "staffing.json")
    assert os.stat(path).st_mode & 0o777 == 0o600
    doc = json.loads(path.read_text())
    doc["inputs"]["shrinkage_pct"] = 140
    doc["days"] = {"monday": 20}
    path.write_text(json.dumps(doc))
    with pytest.raises(VendorbenchError) as err:
        operations.demand(ws)
    text = str(err.value)
    assert f"{path}: inputs: shrinkage_pct=140 is out of range" in text
    assert f"{path}: days.monday.[key]: Input should be 'mon'" in text
    assert "left untouched" in text


def test_a_bad_demand_value_writes_nothing(ws):
    operations.set_demand(ws, VOICE)
    before = operations.ops_path(ws, "staffing.json").read_bytes()
    with pytest.raises(VendorbenchError, match="aht_seconds"):
        operations.set_demand(ws, {"shrinkage_pct": 20, "aht_seconds": 0})
    assert operations.ops_path(ws, "staffing.json").read_bytes() == before


def test_ops_path_accepts_only_known_file_names(ws):
    for name in ("../workspace.json", "kpi-v1/../../x.json", "kpi-../x.json", "pilot-v0.json", "x.json"):
        with pytest.raises(VendorbenchError, match="not an operations file name"):
            operations.ops_path(ws, name)


@settings(max_examples=60, deadline=None)
@given(traffic=st.floats(0.1, 400), extra=st.integers(1, 40))
def test_more_agents_never_wait_longer(traffic, extra):
    n = math.floor(traffic) + 1
    assert 0 <= erlang_c(n + extra, traffic) <= erlang_c(n, traffic) <= 1
    assert service_level(n + extra, traffic, 300, 20) >= service_level(n, traffic, 300, 20)


@settings(max_examples=40, deadline=None)
@given(traffic=st.floats(0.1, 300), target=st.floats(0.5, 0.95))
def test_agents_for_target_is_the_fewest_that_meet_it(traffic, target):
    n = agents_for_target(traffic, 300, 20, target, occupancy_cap=0.9)
    assert service_level(n, traffic, 300, 20) >= target and traffic / n <= 0.9
    fewer = n - 1
    assert fewer <= traffic or traffic / fewer > 0.9 or service_level(fewer, traffic, 300, 20) < target


def test_a_second_writer_is_refused_clearly_and_nothing_is_lost(ws, monkeypatch):
    from vendorbench.errors import LockedError
    from vendorbench.storage import file_lock

    operations.set_demand(ws, VOICE)
    before = operations.ops_path(ws, "staffing.json").read_bytes()
    monkeypatch.setenv("VENDORBENCH_LOCK_TIMEOUT", "0")
    with file_lock(operations.ops_path(ws, ".lock"), "test"), pytest.raises(LockedError, match="another vendorbench"):
        operations.set_demand(ws, {"aht_seconds": 240})
    assert operations.ops_path(ws, "staffing.json").read_bytes() == before
