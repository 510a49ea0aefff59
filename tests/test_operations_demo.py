"""The demo's after-signing story: staffing demand, Brightline's pilot (go) and six months of KPI with one
month where speed is met and quality falls."""

from __future__ import annotations

import datetime as dt

import pytest

from vendorbench import demo, operations, results


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w, _ = demo.ensure(tmp_path_factory.mktemp("demo") / "event")
    return w


BRIGHTLINE = "Brightline São Paulo"


def test_six_months_with_one_month_of_speed_met_and_quality_fallen(ws):
    _, sc = operations.vendor_scorecard(ws, BRIGHTLINE)
    assert [p.period for p in sc.periods] == [f"2027-{n:02d}" for n in range(1, 7)]
    warned = [p.period for p in sc.periods if p.warnings]
    assert warned == ["2027-04"]
    april = sc.periods[3]
    assert all(t.met for t in april.terms if t.metric.speed)
    assert {t.metric.kpi for t in april.missed} >= {"fcr_pct", "csat_pct"}
    assert april.qa_alpha is not None and april.qa_alpha < 0.67 < min(
        p.qa_alpha for p in sc.periods if p.period != "2027-04")  # the vendor's QA went lenient that month
    assert sc.unclaimed > 0  # credits in the contract, not claimed
    cost = next(t for t in sc.trends if t.metric == "cost_per_resolved")
    assert cost.direction == "better" and cost.last < cost.first


def test_pilot_before_month_one_is_a_go(ws):
    _, plan, _, decision = operations.pilot_decision(ws, BRIGHTLINE, today=dt.date(2027, 1, 4))
    assert (plan.start, plan.end) == (dt.date(2026, 11, 2), dt.date(2026, 12, 27))
    assert decision.decision == "go" and decision.weeks[-1] == "2026-W52"


def test_staffing_flags_only_the_late_bid_and_leaves_the_ranking_alone(ws):
    req = operations.requirement(ws)
    assert req is not None and (req.agents, req.team_leads, req.qa_analysts) == (15, 1, 1)
    names = {v.id: v.name for v in ws.vendors()}
    flagged = {names[vid] for vid, c in operations.bid_checks(ws, req).items() if c.understaffed}
    assert flagged == {"Cape Lantern CX"}
    assert not [w for w in results.load(ws).warnings if w.rule == "understaffed_bid"]
