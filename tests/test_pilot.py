"""Pilot gates: thresholds default from the SLA, the go / extend / stop decision and its reasons, the plan on disk."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from vendorbench import operations
from vendorbench.analysis.pilot import Threshold, decide, default_thresholds
from vendorbench.errors import VendorbenchError
from vendorbench.store import Workspace

START, END = dt.date(2027, 1, 4), dt.date(2027, 2, 28)  # Monday of 2027-W01 .. Sunday of 2027-W08
DURING, AFTER = dt.date(2027, 2, 10), dt.date(2027, 3, 5)
FCR = Threshold("fcr_pct", 70)
FRT = Threshold("first_response_hours", 4)


def week(n: int, fcr=72, frt=3, csat=88):
    return {"period": f"2027-W{n:02d}", "fcr_pct": fcr, "first_response_hours": frt, "csat_pct": csat}


def test_thresholds_default_from_the_signed_sla_terms():
    terms = {"first_response_hours": 4, "fcr_target_pct": 70, "calibration": "weekly", "fee_at_risk_pct": 10}
    assert default_thresholds(terms) == [Threshold("first_response_hours", 4), Threshold("fcr_pct", 70)]


def test_go_when_every_must_pass_threshold_is_met_in_each_of_the_last_weeks():
    rows = [week(1, fcr=60), week(2, fcr=65), week(3), week(4), week(5), week(6)]
    d = decide(START, END, 4, [FCR, FRT], rows, DURING)
    assert d.decision == "go" and d.weeks == ("2027-W03", "2027-W04", "2027-W05", "2027-W06")
    assert d.reasons[0] == ("Every must-pass threshold met in each of the last 4 weeks (2027-W03 to 2027-W06): "
                            "FCR >= 70 %; first response <= 4 h.")


def test_extend_while_running_and_not_yet_met():
    rows = [week(3), week(4), week(5, fcr=66), week(6)]
    d = decide(START, END, 4, [FCR, FRT], rows, DURING)
    assert d.decision == "extend"
    assert d.reasons == ("The pilot runs until 2027-02-28; not yet met over the last 4 weeks: FCR >= 70 % not met "
                         "in 2027-W05.",)


def test_extend_when_too_few_weeks_are_reported():
    d = decide(START, END, 4, [FCR], [week(1), week(2)], AFTER)
    assert d.decision == "extend"
    assert d.reasons == ("Only 2 weekly period(s) reported in the pilot window; the rule needs the last 4 "
                         "(the pilot has ended).",)


def test_extend_after_the_end_when_the_failing_threshold_recovered_in_the_latest_week():
    rows = [week(5, fcr=64), week(6, fcr=67), week(7, fcr=69), week(8, fcr=71)]
    d = decide(START, END, 4, [FCR, FRT], rows, AFTER)
    assert d.decision == "extend"
    assert "each was met in the latest week (2027-W08): extend by 4 weeks to confirm" in d.reasons[0]


def test_stop_after_the_end_when_a_must_pass_threshold_is_still_missed():
    rows = [week(5), week(6, frt=5), week(7), week(8, fcr=62)]
    d = decide(START, END, 4, [FCR, FRT], rows, AFTER)
    assert d.decision == "stop"
    assert d.reasons == ("The pilot has ended and must-pass thresholds are still missed or not reported in the "
                         "latest week (2027-W08): FCR >= 70 % not met in 2027-W08; "
                         "first response <= 4 h not met in 2027-W06.",)


def test_a_week_without_the_metric_does_not_count_as_met():
    rows = [week(5), week(6), week(7), {**week(8), "fcr_pct": None}]
    assert decide(START, END, 4, [FCR], rows, DURING).decision == "extend"


def test_advisory_thresholds_never_decide_but_are_listed():
    csat = Threshold("csat_pct", 90, must_pass=False)
    d = decide(START, END, 2, [FCR, csat], [week(5), week(6)], DURING)
    assert d.decision == "go"
    assert d.reasons[1] == "Advisory threshold CSAT >= 90 % missed in 2027-W05, 2027-W06."


def test_weeks_outside_the_window_and_monthly_periods_are_ignored():
    rows = [week(9, fcr=10), {"period": "2027-01", "fcr_pct": 10}, week(7), week(8)]
    d = decide(START, END, 2, [FCR], rows, AFTER)
    assert d.decision == "go" and d.weeks == ("2027-W07", "2027-W08")


def test_no_must_pass_threshold_means_no_decision_yet():
    d = decide(START, END, 2, [Threshold("csat_pct", 90, must_pass=False)], [week(7), week(8)], AFTER)
    assert d.decision == "extend" and "No must-pass threshold" in d.reasons[0]


# --- the plan on disk ------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "ws", "Pilot")
    w.add_vendor("Brightline CX")
    w.set_sla("Brightline CX", {"first_response_hours": 4, "fcr_target_pct": 70, "csat_min_pct": 85})
    return w


def test_plan_thresholds_override_the_sla_defaults(ws):
    operations.set_pilot(ws, "Brightline CX", START, END, weeks=2,
                         thresholds=[("fcr_pct", 68, True), ("csat_pct", 85, False)])
    plan = operations.pilot(ws, "v1")
    assert [(t.metric, t.value, t.must_pass) for t in operations.thresholds(ws, plan)] == [
        ("first_response_hours", 4, True), ("fcr_pct", 68, True), ("csat_pct", 85, False)]
    operations.set_pilot(ws, "Brightline CX", reset=["fcr_pct"])
    assert [t.value for t in operations.thresholds(ws, operations.pilot(ws, "v1"))] == [4, 70, 85]


def test_decision_through_the_workspace_reads_the_weekly_kpi(ws, tmp_path):
    operations.set_pilot(ws, "Brightline CX", START, END, weeks=2)
    csv = tmp_path / "w.csv"
    csv.write_text("period,first_response_hours,fcr_pct,csat_pct\n2027-W07,3,71,86\n2027-W08,3.5,72,88\n")
    operations.import_kpi(ws, "Brightline CX", csv)
    _, _, ts, d = operations.pilot_decision(ws, "Brightline CX", today=AFTER)
    assert d.decision == "go" and len(ts) == 3


def test_plan_needs_dates_in_order(ws):
    with pytest.raises(VendorbenchError, match="give --start and --end"):
        operations.set_pilot(ws, "Brightline CX", weeks=2)
    with pytest.raises(VendorbenchError, match=r"the pilot ends \(2027-01-01\) before it starts \(2027-01-04\)"):
        operations.set_pilot(ws, "Brightline CX", START, dt.date(2027, 1, 1))
    assert operations.pilot(ws, "v1") is None


def test_unknown_pilot_metric_is_refused(ws):
    with pytest.raises(VendorbenchError,
                       match="pilot: threshold speed=1: metric: Input should be 'first_response_hours'"):
        operations.set_pilot(ws, "Brightline CX", START, END, thresholds=[("speed", 1, True)])


def test_hand_damaged_plan_names_file_and_field(ws):
    operations.set_pilot(ws, "Brightline CX", START, END)
    path = operations.ops_path(ws, "pilot-v1.json")
    doc = json.loads(path.read_text())
    doc["weeks"] = 0
    path.write_text(json.dumps(doc))
    with pytest.raises(VendorbenchError, match=f"{path}: weeks: Input should be greater than or equal to 1"):
        operations.pilot_decision(ws, "Brightline CX")
