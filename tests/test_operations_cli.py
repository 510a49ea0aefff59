"""The after-signing commands as a user drives them: staffing, kpi import/show, pilot; exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vendorbench.cli import main


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "After signing"]) == 0
    for name in ("Brightline CX", "Cheapco"):
        assert main(["vendor", "add", str(d), name]) == 0
    return d


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


DEMAND = ["--set", "channel=voice", "--set", "aht_seconds=180", "--set", "service_level_pct=80",
          "--set", "answer_seconds=20"]
TCO = ["--set", "pricing=hourly", "--set", "hourly_rate=12.5", "--set", "productive_hours=140",
       "--set", "contacts_per_month=20000", "--set", "management_monthly=4000", "--set", "oversight_monthly=1500",
       "--set", "onboarding_one_off=10000", "--set", "integration_one_off=5000", "--set", "exit_one_off=3000",
       "--set", "contract_months=24", "--set", "fcr_pct=70", "--set", "team_leads=1", "--set", "qa_analysts=1"]


def test_staffing_lists_what_is_missing_then_flags_the_understaffed_bid(ws, tmp_path, capsys):
    code, out, _ = run(capsys, "staffing", ws, *DEMAND)
    assert code == 0 and "Missing before the requirement can be computed: monthly_volume" in out
    rows = "day,start,contacts\n" + "".join(f"{d},{h:02d}:{m:02d},100\n" for d in ("mon", "tue", "wed", "thu", "fri")
                                            for h in range(8, 18) for m in (0, 30))
    (tmp_path / "iv.csv").write_text(rows)
    assert run(capsys, "tco", ws, "--vendor", "Cheapco", *TCO, "--set", "agents=24")[0] == 0
    code, out, _ = run(capsys, "staffing", ws, "--intervals", tmp_path / "iv.csv", "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["requirement"]["agents"], doc["requirement"]["team_leads"], doc["requirement"]["qa_analysts"]) == (
        28, 2, 2)
    bid = doc["bids"]["Cheapco"]
    assert bid["flags"][0] == "24 agents proposed, 27.1 FTE required (28 agents)"
    assert (bid["as_bid"]["tco"], bid["corrected"]["tco"]) == (1158000, 1422000)
    assert doc["warnings"][0]["rule"] == "understaffed_bid"
    code, out, _ = run(capsys, "staffing", ws)
    assert "Cheapco: 24 agents proposed, 27.1 FTE required (28 agents)" in out and "1,422,000.00" in out


def test_staffing_reports_every_bad_input_and_saves_nothing(ws, capsys):
    run(capsys, "staffing", ws, *DEMAND)
    before = (ws / "operations" / "staffing.json").read_bytes()
    code, _, err = run(capsys, "staffing", ws, "--set", "shrinkage_pct=150", "--days", "monday=20,tue=x",
                       "--hours", "25=3")
    assert code == 1
    assert "staffing: shrinkage_pct=150 is out of range: use a number from 0 to 99" in err
    assert "--days: 'monday=20': expected one of mon" not in err  # "monday" is read as mon
    assert "--days: 'tue=x': the share must be a number from 0 to 100" in err
    assert "--hours: '25=3': expected one of 00" in err
    assert (ws / "operations" / "staffing.json").read_bytes() == before


def test_bad_interval_file_is_refused_with_line_numbers(ws, tmp_path, capsys):
    (tmp_path / "iv.csv").write_text("day,start,contacts\nmon,08:00,100\nfunday,08:30,5\nmon,08:00,7\nmon,08:15,x\n")
    code, _, err = run(capsys, "staffing", ws, "--intervals", tmp_path / "iv.csv")
    assert code == 1
    assert "iv.csv:3: day: Input should be 'mon'" in err
    assert "iv.csv:4: duplicate interval mon 08:00 (line 2)" in err
    assert "iv.csv:5: contacts: 'x' is not a number" in err
    assert not (ws / "operations" / "staffing.json").exists()


KPI = ("period,volume,first_response_hours,fcr_pct,csat_pct,fee_invoiced,credit_claimed\n"
       "2027-01,10000,3.5,72,88,100000,0\n2027-02,10400,2.9,64,82,104000,1000\n")


def test_kpi_import_then_show(ws, tmp_path, capsys):
    run(capsys, "sla", ws, "--vendor", "Brightline CX", "--set", "first_response_hours=4", "--set",
        "fcr_target_pct=70", "--set", "csat_min_pct=85", "--set", "fee_at_risk_pct=10", "--set", "credit_fcr_pct=50",
        "--set", "credit_csat_pct=50")
    (tmp_path / "k.csv").write_text(KPI)
    code, out, _ = run(capsys, "kpi", ws, "import", "--vendor", "Brightline CX", tmp_path / "k.csv")
    assert code == 0 and out.strip().endswith("2 periods for Brightline CX, 2 changed")
    code, out, _ = run(capsys, "kpi", ws, "show", "--vendor", "Brightline CX", "--json")
    doc = json.loads(out)
    assert [p["credit_due"] for p in doc["periods"]] == [0, 10400]
    assert (doc["credit_due"], doc["credit_claimed"], doc["unclaimed"]) == (10400, 1000, 9400)
    assert doc["periods"][1]["warnings"][0].startswith("Speed targets met")
    code, out, _ = run(capsys, "kpi", ws, "show", "--vendor", "Brightline CX")
    assert "64 ✗" in out and "unclaimed 9,400.00" in out and "2027-02: Speed targets met" in out.replace("! ", "")


def test_kpi_import_of_several_files_is_all_or_nothing(ws, tmp_path, capsys):
    (tmp_path / "good.csv").write_text(KPI)
    (tmp_path / "bad.csv").write_text("period,fcr_pct\n2027-03,700\n")
    code, _, err = run(capsys, "kpi", ws, "import", "--vendor", "Brightline CX", tmp_path / "good.csv",
                       tmp_path / "bad.csv")
    assert code == 1 and f"{tmp_path / 'bad.csv'}:2: fcr_pct: Input should be less than or equal to 100" in err
    assert "nothing was imported" in err
    assert not (ws / "operations" / "kpi-v1.json").exists()


def test_kpi_for_an_unknown_vendor_exits_1(ws, tmp_path, capsys):
    (tmp_path / "k.csv").write_text(KPI)
    code, _, err = run(capsys, "kpi", ws, "import", "--vendor", "Nobody", tmp_path / "k.csv")
    assert code == 1 and "unknown vendor 'Nobody'" in err


def test_pilot_plan_and_decision(ws, tmp_path, capsys):
    code, _, err = run(capsys, "pilot", ws, "--vendor", "Brightline CX")
    assert code == 1 and "has no pilot plan" in err
    (tmp_path / "w.csv").write_text("period,fcr_pct,csat_pct\n2027-W03,71,86\n2027-W04,73,80\n")
    run(capsys, "kpi", ws, "import", "--vendor", "Brightline CX", tmp_path / "w.csv")
    code, out, _ = run(capsys, "pilot", ws, "--vendor", "Brightline CX", "--start", "2027-01-04", "--end",
                       "2027-01-31", "--weeks", "2", "--threshold", "fcr_pct=70", "--threshold",
                       "csat_pct=85:advisory", "--as-of", "2027-02-01", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["decision"] == "go" and doc["weeks_considered"] == ["2027-W03", "2027-W04"]
    assert doc["reasons"][1] == "Advisory threshold CSAT >= 85 % missed in 2027-W04."
    code, out, _ = run(capsys, "pilot", ws, "--vendor", "Brightline CX", "--as-of", "2027-02-01")
    assert "Decision: GO" in out and "FCR >= 70 %  must pass  (from the plan)" in out


def test_pilot_bad_threshold_exits_1(ws, capsys):
    code, _, err = run(capsys, "pilot", ws, "--vendor", "Brightline CX", "--start", "2027-01-04", "--end",
                       "2027-01-31", "--threshold", "fcr_pct")
    assert code == 1 and "--threshold 'fcr_pct': expected METRIC=VALUE" in err
    assert not (ws / "operations").exists() or not (ws / "operations" / "pilot-v1.json").exists()


def test_after_signing_modules_do_not_import_textual_or_reportlab():
    mods = ["vendorbench.operations", "vendorbench.analysis.staffing", "vendorbench.analysis.performance",
            "vendorbench.analysis.pilot", "vendorbench.commands.operations"]
    code = (f"import sys\nfor m in {mods!r}: __import__(m)\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'reportlab'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
