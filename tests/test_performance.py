"""Monthly performance against the SLA: terms met or missed, service credits with caps and earn-back
(hand-computed), claimed vs due, paired-metric warnings, QA calibration alpha, trends; the KPI import."""

from __future__ import annotations

import json
import os
from fractions import Fraction

import krippendorff
import numpy as np
import pytest

from vendorbench import operations
from vendorbench.analysis.performance import scorecard
from vendorbench.errors import VendorbenchError
from vendorbench.store import Workspace

TERMS = {"first_response_hours": 4, "fcr_target_pct": 70, "csat_min_pct": 85, "fee_at_risk_pct": 10,
         "credit_first_response_pct": 40, "credit_fcr_pct": 50, "credit_csat_pct": 50}
GOOD = {"volume": 10000, "first_response_hours": 3, "fcr_pct": 72, "csat_pct": 88, "fee_invoiced": 100000}


def month(n: int, **changes):
    return {"period": f"2027-{n:02d}", **GOOD, **changes}


def test_terms_met_and_missed():
    [p] = scorecard([month(1, fcr_pct=69.5)], TERMS).periods
    assert {t.metric.kpi: t.met for t in p.terms} == {"first_response_hours": True, "fcr_pct": False,
                                                      "csat_pct": True}
    assert [t.metric.kpi for t in p.missed] == ["fcr_pct"]


def test_a_value_on_the_target_meets_it():
    [p] = scorecard([month(1, first_response_hours=4, fcr_pct=70, csat_pct=85)], TERMS).periods
    assert p.missed == ()


def test_credit_for_one_missed_metric_by_hand():
    [p] = scorecard([month(1, fcr_pct=65)], TERMS).periods
    # pool 10% of 100,000 = 10,000; FCR carries 50% of it
    assert p.credit_due == 5000 and not p.capped


def test_credits_add_up_below_the_cap():
    [p] = scorecard([month(1, fcr_pct=65, first_response_hours=5)], TERMS).periods
    assert p.credit_due == 5000 + 4000 and not p.capped


def test_credits_are_capped_at_the_fee_at_risk_and_shared_pro_rata():
    [p] = scorecard([month(1, fcr_pct=65, first_response_hours=5, csat_pct=80)], TERMS).periods
    # raw 4,000 + 5,000 + 5,000 = 14,000 > pool 10,000: each scaled by 10/14
    assert p.capped and p.credit_due == 10000
    assert {c.metric: c.amount for c in p.credits} == {"first_response_hours": Fraction(20000, 7),
                                                       "fcr_pct": Fraction(25000, 7), "csat_pct": Fraction(25000, 7)}


def test_a_lower_cap_percentage_wins_over_the_pool():
    [p] = scorecard([month(1, fcr_pct=65, first_response_hours=5, csat_pct=80)], {**TERMS, "credit_cap_pct": 8}).periods
    assert p.capped and p.credit_due == 8000


def test_no_credit_without_fee_at_risk_or_without_an_invoice():
    no_risk = {k: v for k, v in TERMS.items() if k != "fee_at_risk_pct"}
    assert scorecard([month(1, fcr_pct=65)], no_risk).periods[0].credit_due is None
    assert scorecard([month(1, fcr_pct=65, fee_invoiced=None)], TERMS).periods[0].credit_due is None


def test_a_missed_metric_without_allocation_carries_no_credit():
    [p] = scorecard([month(1, reopen_pct=12)], {**TERMS, "reopen_max_pct": 8}).periods
    assert [t.metric.kpi for t in p.missed] == ["reopen_pct"] and p.credit_due == 0


def test_earn_back_waives_a_credit_when_the_metric_is_met_the_next_months():
    terms = {**TERMS, "earn_back_months": "2"}
    rows = [month(1, fcr_pct=65), month(2), month(3), month(4, fcr_pct=66), month(5), month(6, fcr_pct=60)]
    p = scorecard(rows, terms).periods
    assert [c.status for c in p[0].credits] == ["earned back"] and p[0].credit_due == 0  # met in months 2, 3
    assert [c.status for c in p[3].credits] == ["due"] and p[3].credit_due == 5000  # missed again in month 6
    assert [c.status for c in p[5].credits] == ["open"] and p[5].credit_due == 5000  # no later month yet


def test_earn_back_refunds_the_capped_share_of_one_metric_only():
    terms = {**TERMS, "earn_back_months": "1"}
    rows = [month(1, fcr_pct=65, first_response_hours=5, csat_pct=80), month(2, csat_pct=80)]
    first = scorecard(rows, terms).periods[0]
    # capped to 10,000 pro rata; FCR (25,000/7) and first response (20,000/7) earned back, CSAT missed again
    assert {c.metric: c.status for c in first.credits} == {"first_response_hours": "earned back",
                                                           "fcr_pct": "earned back", "csat_pct": "due"}
    assert first.credit_due == Fraction(25000, 7)


def test_credits_claimed_against_due():
    sc = scorecard([month(1, fcr_pct=65, credit_claimed=2000), month(2, first_response_hours=6)], TERMS)
    assert [(p.credit_due, p.credit_claimed, p.unclaimed) for p in sc.periods] == [
        (5000, 2000, 3000), (4000, None, 4000)]
    assert (sc.credit_due, sc.credit_claimed, sc.unclaimed) == (9000, 2000, 7000)


def test_paired_warning_when_speed_is_met_and_quality_falls():
    sc = scorecard([month(1), month(2, first_response_hours=2, fcr_pct=64, csat_pct=86)], TERMS)
    assert sc.periods[0].warnings == ()
    [w] = sc.periods[1].warnings
    assert w.startswith("Speed targets met (first response 2 h, target 4 h) while FCR fell from 72% to 64%")


def test_no_paired_warning_when_speed_is_missed_or_quality_holds():
    assert scorecard([month(1), month(2, first_response_hours=5, fcr_pct=60)], TERMS).periods[1].warnings == ()
    assert scorecard([month(1), month(2, fcr_pct=71.5)], TERMS).periods[1].warnings == ()  # half a point: noise


def test_qa_sample_term_uses_sample_size_over_volume():
    [p] = scorecard([month(1, qa_sample_size=400)], {"qa_sample_pct": 5}).periods
    assert p.values["qa_sample_pct"] == 4 and [t.metric.kpi for t in p.missed] == ["qa_sample_pct"]


def test_qa_calibration_alpha_per_period_matches_the_reference():
    buyer = [90, 85, 70, 95, 60, 80, 75, 88]
    vendor = [92, 90, 85, 95, 75, 85, 80, 90]
    sample = {"2027-01": [(f"T{i}", b, v) for i, (b, v) in enumerate(zip(buyer, vendor))],
              "2027-02": [("A", 80, 80), ("B", 60, 60), ("C", 90, 90)]}
    p1, p2 = scorecard([month(1), month(2)], TERMS, sample).periods
    expected = krippendorff.alpha(reliability_data=np.array([buyer, vendor], dtype=float),
                                  level_of_measurement="ordinal")
    assert float(p1.qa_alpha) == pytest.approx(expected, rel=1e-9) and p1.qa_tickets == 8
    assert p2.qa_alpha == 1


def test_trends_and_cost_per_resolved_contact_month_1_to_6():
    rows = [month(n, fcr_pct=fcr) for n, fcr in enumerate((60, 62, 65, 68, 70, 75), start=1)]
    sc = scorecard(rows, TERMS)
    cost = next(t for t in sc.trends if t.metric == "cost_per_resolved")
    # 100,000 / (10,000 * 60%) = 16.67 in month 1; 100,000 / (10,000 * 75%) = 13.33 in month 6
    assert (cost.first, cost.last, cost.direction) == (Fraction(50, 3), Fraction(40, 3), "better")
    fcr = next(t for t in sc.trends if t.metric == "fcr_pct")
    assert fcr.direction == "better" and [v for _, v in fcr.values] == [60, 62, 65, 68, 70, 75]
    frt = next(t for t in sc.trends if t.metric == "first_response_hours")
    assert frt.direction == "flat"


# --- the import -----------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path):
    w = Workspace.create(tmp_path / "ws", "After signing")
    w.add_vendor("Brightline CX")
    return w


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


KPI_CSV = ("period,volume,first_response_hours,fcr_pct,csat_pct,fee_invoiced,credit_claimed\n"
           "2027-01,10000,3.5,72,88,100000,\n"
           "2027-02,10400,2.9,64%,82,104000,0\n")


def test_import_stores_one_private_file_per_vendor_and_twice_changes_nothing(ws, tmp_path):
    path = write(tmp_path, "kpi.csv", KPI_CSV)
    parsed, changed = operations.import_kpi(ws, "Brightline CX", path)
    assert (parsed.kind, parsed.rows, changed) == ("kpi", 2, 2)
    assert operations.import_kpi(ws, "brightline cx", path)[1] == 0
    stored = operations.ops_path(ws, "kpi-v1.json")
    assert os.stat(stored).st_mode & 0o777 == 0o600
    assert [p.fcr_pct for p in operations.kpi(ws, "v1").periods] == [72, 64]


def test_import_replaces_the_periods_it_lists_and_keeps_the_others(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "a.csv", KPI_CSV))
    _, changed = operations.import_kpi(ws, "Brightline CX", write(tmp_path, "b.csv", "period,fcr_pct\n2027-02,70\n"
                                                                  "2027-03,71\n"))
    assert changed == 2
    periods = operations.kpi(ws, "v1").periods
    assert [(p.period, p.fcr_pct, p.volume) for p in periods] == [("2027-01", 72, 10000), ("2027-02", 70, None),
                                                                  ("2027-03", 71, None)]


def test_bad_kpi_file_is_refused_with_every_line_and_nothing_is_written(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "ok.csv", KPI_CSV))
    before = operations.ops_path(ws, "kpi-v1.json").read_bytes()
    bad = write(tmp_path, "bad.csv", "period,volume,fcr_pct,csat_pct\n"
                "2027-04,1000,70,88\n"
                "2027-13,1000,70,88\n"
                "2027-05,ten,70,88\n"
                "2027-06,1000,170,-1\n"
                "2027-04,1000,70,88\n"
                "2027-07,1000,70\n")
    with pytest.raises(VendorbenchError) as err:
        operations.import_kpi(ws, "Brightline CX", bad)
    assert str(err.value).splitlines() == [
        f"{bad}:3: period: '2027-13' is not a month YYYY-MM or an ISO week YYYY-Www (e.g. 2027-03 or 2027-W09)",
        f"{bad}:4: volume: 'ten' is not a number",
        f"{bad}:5: fcr_pct: Input should be less than or equal to 100",
        f"{bad}:5: csat_pct: Input should be greater than or equal to 0",
        f"{bad}:6: duplicate row: the same period 2027-04 as line 2",
        f"{bad}:7: expected 4 fields, found 3",
        f"{bad}: 6 problem(s); nothing was imported"]
    assert operations.ops_path(ws, "kpi-v1.json").read_bytes() == before


def test_unknown_or_duplicate_columns_are_refused(ws, tmp_path):
    bad = write(tmp_path, "bad.csv", "period,fcr,fcr_pct,fcr_pct\n2027-01,1,2,3\n")
    with pytest.raises(VendorbenchError) as err:
        operations.read_kpi_csv(bad)
    assert f"{bad}:1: unknown column 'fcr'" in str(err.value)
    assert f"{bad}:1: column 'fcr_pct' appears twice" in str(err.value)


def test_qa_sample_file_is_recognised_and_replaces_its_periods(ws, tmp_path):
    qa = write(tmp_path, "qa.csv", "period,ticket,buyer_score,vendor_score\n2027-01,T1,80,85\n2027-01,T2,70,90\n")
    parsed, changed = operations.import_kpi(ws, "Brightline CX", qa)
    assert (parsed.kind, changed) == ("qa", 2)
    again = write(tmp_path, "qa2.csv", "period,ticket,buyer_score,vendor_score\n2027-01,T1,80,85\n")
    assert operations.import_kpi(ws, "Brightline CX", again)[1] == 1  # T2 dropped from the period
    assert [s.ticket for s in operations.kpi(ws, "v1").qa_samples] == ["T1"]


def test_duplicate_ticket_in_a_period_is_refused(ws, tmp_path):
    qa = write(tmp_path, "qa.csv", "period,ticket,buyer_score,vendor_score\n2027-01,T1,80,85\n2027-01,T1,70,90\n")
    with pytest.raises(VendorbenchError, match=r"qa.csv:3: duplicate row: the same period 2027-01 and ticket T1"):
        operations.import_kpi(ws, "Brightline CX", qa)


def test_hand_damaged_kpi_file_names_file_and_field(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "ok.csv", KPI_CSV))
    path = operations.ops_path(ws, "kpi-v1.json")
    doc = json.loads(path.read_text())
    doc["periods"][1]["csat_pct"] = "82"
    doc["periods"][0]["surprise"] = 1
    path.write_text(json.dumps(doc))
    with pytest.raises(VendorbenchError) as err:
        operations.vendor_scorecard(ws, "Brightline CX")
    text = str(err.value)
    assert f"{path}: periods.1.csat_pct: Input should be a valid number" in text
    assert f"{path}: periods.0.surprise: Extra inputs are not permitted" in text


def test_kpi_file_of_another_vendor_is_refused(ws, tmp_path):
    ws.add_vendor("Other")
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "ok.csv", KPI_CSV))
    operations.ops_path(ws, "kpi-v2.json").write_bytes(operations.ops_path(ws, "kpi-v1.json").read_bytes())
    with pytest.raises(VendorbenchError, match="copied from another vendor"):
        operations.kpi(ws, "v2")


def test_truncated_kpi_file_is_reported_as_corrupt(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "ok.csv", KPI_CSV))
    path = operations.ops_path(ws, "kpi-v1.json")
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(VendorbenchError, match="corrupt or truncated"):
        operations.kpi(ws, "v1")


def test_scorecard_through_the_workspace_uses_the_signed_terms(ws, tmp_path):
    ws.set_sla("Brightline CX", TERMS)
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "ok.csv", KPI_CSV))
    _, sc = operations.vendor_scorecard(ws, "Brightline CX")
    assert [p.credit_due for p in sc.periods] == [0, 5200 + 5200]  # FCR and CSAT missed: the whole 10% pool
    assert sc.periods[1].warnings  # speed met, FCR and CSAT fell


def test_review_actions_with_owners():
    from vendorbench.analysis.performance import actions, quarter

    rows = [month(3), month(4, fcr_pct=64, first_response_hours=2), month(5), month(6, csat_pct=80)]
    sc = scorecard(rows, {**TERMS, "earn_back_months": "1"},
                   {"2027-05": [("A", 90, 60), ("B", 60, 90), ("C", 75, 75), ("D", 80, 70)]})
    which, months = quarter(sc)
    assert which == "2027-Q2" and len(months) == 3
    assert [(a.owner, a.text) for a in actions(months)] == [
        ("Vendor operations lead", "Recovery plan for FCR: target at least 70%, missed in 2027-04."),
        ("Vendor operations lead", "Recovery plan for CSAT: target at least 85%, missed in 2027-06."),
        ("Vendor operations lead with the buyer's support lead",
         "Audit closures and handle-time coaching of 2027-04: speed targets met while quality fell."),
        ("Buyer QA lead with the vendor's QA", "Calibration session on the 2027-05 QA sample: buyer and vendor "
         f"grades agree too little (alpha {float(sc.periods[2].qa_alpha):.2f})."),
        ("Vendor operations lead with the buyer's support lead",
         "Audit closures and handle-time coaching of 2027-06: speed targets met while quality fell."),
        ("Buyer vendor manager", "Claim 5,000.00 in service credits due and not yet claimed (2027-06)."),
        ("Buyer vendor manager", "Confirm next month whether the credits of 2027-06 are earned back."),
    ]
    # April's FCR credit (5,000) was earned back in May; June's CSAT credit (5,000) is open to earn-back


def test_a_credit_claimed_beyond_what_is_due_is_to_reconcile():
    from vendorbench.analysis.performance import actions

    # January's FCR credit (5,000) is claimed, then earned back by February and March
    sc = scorecard([month(1, fcr_pct=65, credit_claimed=5000), month(2), month(3)], {**TERMS, "earn_back_months": "2"})
    assert sc.periods[0].unclaimed == -5000
    assert ("Buyer vendor manager", "Reconcile 5,000.00 claimed beyond the credits due (2027-01): earned back or "
            "above the cap.") in [(a.owner, a.text) for a in actions(sc.periods)]


def test_operations_folder_is_private(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "kpi.csv", KPI_CSV))
    assert os.stat(ws.root / "operations").st_mode & 0o777 == 0o700


def test_temp_file_of_a_writer_that_died_is_cleared_on_the_next_import(ws, tmp_path):
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "kpi.csv", KPI_CSV))
    stale = ws.root / "operations" / ".kpi-v1.json.999999999.0123abcd.tmp"  # no such process
    stale.write_text("{")
    operations.import_kpi(ws, "Brightline CX", write(tmp_path, "b.csv", "period,fcr_pct\n2027-03,70\n"))
    assert not stale.exists()
