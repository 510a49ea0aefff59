"""Balanced SLA check: every rule at and past its boundary, the terms' validation, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorbench.analysis.sla import SCHEMA, check
from vendorbench.cli import main
from vendorbench.errors import VendorbenchError
from vendorbench.store import Workspace

BALANCED = {"first_response_hours": 2, "resolution_hours": 24, "fcr_target_pct": 70, "csat_min_pct": 88,
            "reopen_max_pct": 7, "qa_score_min_pct": 85, "qa_sample_pct": 5, "calibration": "weekly",
            "fee_at_risk_pct": 10, "review_cadence": "monthly"}


def rules(terms):
    return [(f.rule, f.severity) for f in check(terms).findings]


def test_a_balanced_sla_has_no_findings():
    c = check(BALANCED)
    assert c.findings == () and c.balanced


def test_no_terms_is_not_called_balanced():
    c = check({})
    assert c.findings == () and not c.balanced


@pytest.mark.parametrize("speed", [{"first_response_hours": 1}, {"resolution_hours": 8},
                                   {"first_response_hours": 1, "resolution_hours": 8}])
def test_speed_only(speed):
    found = check(speed).findings
    assert [(f.rule, f.severity) for f in found] == [("speed_only", "high")]
    assert "teaches agents to send fast, empty replies" in found[0].message
    assert "pair speed with FCR, CSAT or reopen-rate minimums" in found[0].message


@pytest.mark.parametrize("outcome", [{"fcr_target_pct": 70}, {"csat_min_pct": 90}, {"reopen_max_pct": 5}])
def test_any_outcome_term_makes_speed_terms_not_speed_only(outcome):
    assert rules({"first_response_hours": 1, **outcome}) == []


@pytest.mark.parametrize("value, found", [(64.9, True), (65, False), (75, False), (75.5, True), (0, True)])
def test_fcr_target_range_is_65_to_75(value, found):
    assert rules({"fcr_target_pct": value}) == ([("fcr_target_range", "medium")] if found else [])


def test_fcr_messages_say_why():
    low = check({"fcr_target_pct": 50}).findings[0].message
    high = check({"fcr_target_pct": 90}).findings[0].message
    assert "FCR target 50% is below the 65-75%" in low and "paid for twice" in low
    assert "FCR target 90% is above the 65-75%" in high


@pytest.mark.parametrize("value, found", [(84.9, True), (85, False), (95, False)])
def test_csat_minimum_below_85(value, found):
    assert rules({"csat_min_pct": value}) == ([("csat_min_low", "medium")] if found else [])


@pytest.mark.parametrize("value, found", [(8, False), (8.1, True), (20, True)])
def test_reopen_cap_above_8(value, found):
    assert rules({"reopen_max_pct": value}) == ([("reopen_cap_high", "medium")] if found else [])


@pytest.mark.parametrize("value, found", [(4.9, True), (5, False), (10, False)])
def test_qa_sample_below_5_percent(value, found):
    got = rules({"qa_sample_pct": value, "calibration": "weekly"})
    assert got == ([("qa_sample_low", "medium")] if found else [])


@pytest.mark.parametrize("terms, found", [
    ({"qa_score_min_pct": 85}, True),  # unset
    ({"qa_sample_pct": 6, "calibration": "none"}, True),
    ({"qa_sample_pct": 6, "calibration": "monthly"}, False),
    ({"calibration": "none"}, False),  # no QA terms: nothing to calibrate
])
def test_no_calibration_while_qa_terms_exist(terms, found):
    assert rules(terms) == ([("no_calibration", "medium")] if found else [])
    if found:
        assert "weekly calibration session" in check(terms).findings[0].message


@pytest.mark.parametrize("value, found", [(4.9, True), (5, False), (15, False), (15.1, True)])
def test_fee_at_risk_range_is_5_to_15(value, found):
    assert rules({"fee_at_risk_pct": value}) == ([("fee_at_risk_range", "medium")] if found else [])


def test_findings_come_in_rule_order():
    terms = {"first_response_hours": 1, "qa_sample_pct": 2, "fee_at_risk_pct": 30}
    assert [r for r, _ in rules(terms)] == ["speed_only", "qa_sample_low", "no_calibration", "fee_at_risk_range"]


# --- validation of typed values ------------------------------------------------------------------


@pytest.mark.parametrize("key, text, value", [
    ("fcr_target_pct", "70", 70), ("fcr_target_pct", "70%", 70), ("fcr_target_pct", " 72.5 ", 72.5),
    ("first_response_hours", "0.5", 0.5), ("calibration", "Weekly", "weekly"), ("csat_min_pct", "100", 100),
])
def test_values_as_typed(key, text, value):
    parsed = SCHEMA.parse(key, text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("setting, message", [
    ("fcr_target_pct=101", "fcr_target_pct=101 is out of range: use a number from 0 to 100"),
    ("csat_min_pct=-1", "csat_min_pct=-1 is out of range"),
    ("first_response_hours=0", "first_response_hours=0 is out of range: use a number greater than 0"),
    ("resolution_hours=fast", "resolution_hours='fast' is not a number"),
    ("reopen_max_pct=nan", "is not a number"),
    ("reopen_max_pct=1e3", "is not a number"),
    ("calibration=daily", "calibration='daily' is not valid: use one of weekly|biweekly|monthly|none"),
    ("review_cadence=yearly", "use one of weekly|monthly|quarterly"),
    ("speed=1", "unknown key 'speed'; keys: first_response_hours, resolution_hours"),
    ("fcr_target_pct", "expected KEY=VALUE"),
])
def test_invalid_settings_name_the_key(setting, message):
    with pytest.raises(VendorbenchError, match="SLA: ") as exc:
        SCHEMA.parse_settings([setting])
    assert message in str(exc.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(VendorbenchError) as exc:
        SCHEMA.parse_settings(["fcr_target_pct=200", "calibration=often", "x=1"], unset=["y"])
    lines = str(exc.value).splitlines()
    assert len(lines) == 4 and "fcr_target_pct" in lines[0] and "'y'" in lines[3]


def test_typed_values_are_checked_too():
    for bad in (True, "70", None, float("inf")):
        with pytest.raises(VendorbenchError, match="is not a number"):
            SCHEMA.check("fcr_target_pct", bad)


# --- store and CLI -------------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    w = Workspace.create(d, "Acme 2027", str(sc), str(lg))
    w.add_vendor("Northwind Contact")
    w.add_vendor("Kestrel")
    return d


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def workspace_bytes(path: Path) -> bytes:
    return (path / "workspace.json").read_bytes()


def test_set_show_and_unset(ws, capsys):
    code, out, _ = run(capsys, "sla", ws, "--vendor", "Kestrel", "--set", "first_response_hours=1",
                       "--set", "resolution_hours=12", "--set", "qa_sample_pct=1%")
    assert code == 0
    assert "Saved for Kestrel: first_response_hours=1, resolution_hours=12, qa_sample_pct=1" in out
    assert "speed_only" in out and "qa_sample_low" in out and "no_calibration" in out
    assert Workspace(ws).sla_terms() == {"v2": {"first_response_hours": 1, "resolution_hours": 12,
                                                "qa_sample_pct": 1}}
    code, out, _ = run(capsys, "sla", ws, "--vendor", "Kestrel", "--unset", "qa_sample_pct", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["vendor"] == "Kestrel"
    assert doc["terms"] == {"first_response_hours": 1, "resolution_hours": 12}
    assert [f["rule"] for f in doc["findings"]] == ["speed_only"]
    code, out, _ = run(capsys, "sla", ws, "--vendor", "Northwind Contact")
    assert code == 0 and "not set: first_response_hours" in out and "Set them with" in out


def test_balanced_terms_read_as_balanced(ws, capsys):
    sets = [a for k, v in BALANCED.items() for a in ("--set", f"{k}={v}")]
    code, out, _ = run(capsys, "sla", ws, "--vendor", "Northwind Contact", *sets)
    assert code == 0 and "Balanced: no findings." in out


@pytest.mark.parametrize("args, message", [
    (["--set", "fcr_target_pct=170"], "fcr_target_pct=170 is out of range"),
    (["--set", "fcr_target_pct=70", "--set", "bogus=1"], "unknown key 'bogus'"),
    (["--unset", "bogus"], "unknown key 'bogus'"),
    (["--set", "calibration=yearly"], "calibration='yearly' is not valid"),
    (["--set", "fcr_target_pct=70", "--unset", "fcr_target_pct"], "fcr_target_pct is both set and unset"),
])
def test_invalid_input_exits_1_and_writes_nothing(ws, capsys, args, message):
    run(capsys, "sla", ws, "--vendor", "Kestrel", "--set", "csat_min_pct=90")
    before = workspace_bytes(ws)
    code, out, err = run(capsys, "sla", ws, "--vendor", "Kestrel", *args)
    assert code == 1 and message in err and out == ""
    assert workspace_bytes(ws) == before


def test_unknown_vendor_exits_1(ws, capsys):
    before = workspace_bytes(ws)
    code, _, err = run(capsys, "sla", ws, "--vendor", "Nobody", "--set", "csat_min_pct=90")
    assert code == 1 and "unknown vendor 'Nobody'" in err
    assert workspace_bytes(ws) == before


def test_unsetting_a_key_that_is_not_set_writes_nothing(ws, capsys):
    run(capsys, "sla", ws, "--vendor", "Kestrel", "--set", "csat_min_pct=90")
    before = workspace_bytes(ws)
    assert run(capsys, "sla", ws, "--vendor", "Kestrel", "--unset", "reopen_max_pct")[0] == 0
    assert workspace_bytes(ws) == before


def test_removing_a_vendor_removes_its_terms(ws, capsys):
    run(capsys, "sla", ws, "--vendor", "Kestrel", "--set", "csat_min_pct=90")
    run(capsys, "tco", ws, "--vendor", "Kestrel", "--set", "agents=3")
    Workspace(ws).remove_vendor("Kestrel")
    tables = json.loads(workspace_bytes(ws))
    assert tables["sla"] == {} and tables["tco"] == {}
    w = Workspace(ws)
    assert w.sla_terms() == {} and w.tco_inputs() == {}


def test_a_hand_edited_bad_value_names_the_file(ws, capsys):
    run(capsys, "sla", ws, "--vendor", "Kestrel", "--set", "csat_min_pct=90")
    path = ws / "workspace.json"
    path.write_text(path.read_text().replace('"csat_min_pct": 90', '"csat_min_pct": "ninety"'))
    code, _, err = run(capsys, "results", ws)
    assert code == 1 and "workspace.json" in err and "csat_min_pct='ninety' is not a number" in err
