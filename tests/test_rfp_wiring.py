"""Vendor responses and evidence in results, the brief and the report (fixed dates throughout)."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pypdf
import pytest

from vendorbench import brief, results
from vendorbench.cli import main
from vendorbench.report import build_report
from vendorbench.rfp import evidence, responses
from vendorbench.store import Workspace

from .helpers import ans, find
from .rfp_helpers import ROUND_1, export, fill, make_workspace

D = _dt.date
TODAY = D(2026, 12, 1)
START = D(2027, 3, 1)


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Workspace:
    """Alpha (v1) leads and is recommended; every criterion scored, every contract item reviewed."""
    w = Workspace(make_workspace(tmp_path, small_files))
    w.import_answers([ans("Maya", "v1", c, 5) for c in ("a.one", "a.two", "b.one")]
                     + [ans("Maya", "v2", c, 3) for c in ("a.one", "a.two", "b.one")])
    w.import_findings([find("Lee", vid, i, "ok") for vid in ("v1", "v2") for i in ("C1", "H1", "H2", "M1", "M2")])
    w.set_contract_start(START)
    return w


def text_of(pdf: Path, pages: slice = slice(None)) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages[pages])


def test_results_flag_expired_and_expiring_evidence_but_not_evidence_valid_on_the_start_day(ws, capsys):
    evidence.add(ws, "Alpha", "a.one", reference="Old ISO certificate", expires=D(2026, 11, 30))
    evidence.add(ws, "Alpha", "b.one", reference="Insurance certificate", expires=D(2027, 2, 28))
    evidence.add(ws, "Alpha", "b.one", reference="SOC 2 report", expires=START)  # valid on the start day
    doc = results.load(ws, TODAY).to_json()
    alpha = next(v for v in doc["vendors"] if v["name"] == "Alpha")
    assert [(f["record"], f["state"]) for f in alpha["evidence_flags"]] == [("e1", "expired"),
                                                                            ("e2", "expires-before-start")]
    assert alpha["conditions_to_sign"] == []  # a.one and b.one are no knockouts
    assert main(["results", str(ws.root), "--date", "2026-12-01"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Evidence flags (as of 2026-12-01)" in out
    assert "Alpha · A one: EXPIRED · Old ISO certificate: expired on 2026-11-30" in out
    assert "EXPIRES BEFORE CONTRACT START · Insurance certificate: expires on 2027-02-28" in out
    assert "SOC 2 report" not in out


def test_evidence_is_judged_on_the_day_given(ws):
    evidence.add(ws, "Alpha", "a.two", reference="ISO certificate", expires=D(2027, 6, 30))
    assert results.load(ws, TODAY).evidence.flags == ()
    (flag,) = results.load(ws, D(2027, 7, 1)).evidence.flags
    assert flag.state == "expired"


def test_knockout_scored_on_expired_evidence_is_a_condition_to_sign_in_the_brief(ws, capsys):
    evidence.add(ws, "Alpha", "a.two", reference="PCI DSS attestation", expires=D(2026, 6, 30))
    b = brief.load(ws, TODAY)
    first = b.steps[0]
    assert (first.key, first.kind) == ("evidence:a.two", "condition")
    assert first.title == "Condition to sign: current evidence for A two (must-have)"
    assert "PCI DSS attestation: expired on 2026-06-30" in first.ask
    ws.set_step("Alpha", "evidence:a.two", owner="Priya", due="2027-01-15")
    assert main(["brief", str(ws.root), "--date", "2026-12-01"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "1. Condition to sign: current evidence for A two (must-have)" in out and "(Priya; due 2027-01-15)" in out
    doc = results.load(ws, TODAY).to_json()
    assert [c["criterion"] for c in doc["vendors"][0]["conditions_to_sign"]] == ["a.two"]


def test_other_flagged_evidence_is_a_stale_evidence_step(ws):
    evidence.add(ws, "Alpha", "H1", reference="Cyber insurance certificate", expires=D(2027, 1, 31))
    evidence.add(ws, "Alpha", "H2", reference="Escrow agreement", expires=START)  # valid on the start day
    evidence.add(ws, "Alpha", "a.one", reference="Old policy", expires=D(2026, 11, 30))
    steps = {s.key: s for s in brief.load(ws, TODAY).steps if s.kind == "stale evidence"}
    assert set(steps) == {"evidence:H1", "evidence:a.one"}
    assert steps["evidence:H1"].title == "Stale evidence: high thing"
    assert "before the planned contract start 2027-03-01" in steps["evidence:H1"].ask
    assert steps["evidence:a.one"].ask == "Old policy: expired on 2026-11-30. Ask the vendor for a current copy."


def test_a_scored_must_have_without_evidence_is_missing_evidence_once_evidence_is_kept(ws):
    assert not [s for s in brief.load(ws, TODAY).steps if s.kind == "missing evidence"]  # no records: no habit
    evidence.add(ws, "Beta", "a.one", reference="Beta's policy")
    (step,) = [s for s in brief.load(ws, TODAY).steps if s.kind == "missing evidence"]
    assert (step.key, step.title) == ("no-evidence:a.two", "No evidence on record: A two (must-have)")
    evidence.add(ws, "Alpha", "a.two", reference="ISO certificate", expires=D(2028, 1, 1))
    assert not [s for s in brief.load(ws, TODAY).steps if s.kind == "missing evidence"]


def test_the_condition_to_sign_is_on_the_report_brief_page(ws, tmp_path):
    evidence.add(ws, "Alpha", "a.two", reference="PCI DSS attestation", expires=D(2026, 6, 30))
    info = build_report(ws, tmp_path / "r.pdf", date=TODAY)
    page = text_of(info.path, slice(1, 2))
    assert "EXECUTIVE BRIEF" in page and "Condition to sign: current evidence for A two (must-have)" in page
    assert "PCI DSS attestation: expired on 2026-06-30" in page
    # judged as of the report's date: before the expiry it is still a condition (it lapses before the start)
    earlier = text_of(build_report(ws, tmp_path / "early.pdf", date=D(2026, 6, 1)).path, slice(1, 2))
    assert "PCI DSS attestation: expires on 2026-06-30, before the planned contract start" in earlier
    ws.set_contract_start(None)
    assert "Condition to sign" not in text_of(build_report(ws, tmp_path / "none.pdf", date=D(2026, 6, 1)).path)


def test_the_appendix_quotes_the_response_under_each_score_trimmed_and_flagged(ws, tmp_path):
    long_answer = "Our coverage is complete. " + "More detail on A. " * 60 + "THE-END"
    answers = {**ROUND_1, "a.one": {"Answer": long_answer, "Evidence reference": "A-report.pdf"},
               "b.one": {"Answer": 'Price < 5 & "AT&T" <img src="/etc/passwd"/> [red]not markup[/red]'}}
    pack = export(ws.root, "Alpha", tmp_path / "p.xlsx")
    responses.import_file(ws, "Alpha", fill(pack, tmp_path / "r1.xlsx", answers))
    (record,) = evidence.records(ws, "v1")
    evidence.update(ws, "Alpha", record.id, expires=D(2026, 10, 31))
    info = build_report(ws, tmp_path / "r.pdf", date=TODAY)
    text = text_of(info.path)
    assert "Vendor's response (round 1): Yes, in all sites." in text  # a.two, in full
    assert "Vendor's response (round 1): Our coverage is complete." in text
    assert "(trimmed; full text in the workspace)" in text and "THE-END" not in text
    assert 'Price < 5 & "AT&T" <img src="/etc/passwd"/> [red]not markup[/red]' in text  # literally, nothing run
    assert "Evidence e1: A-report.pdf · received" in text and "expires 2026-10-31 EXPIRED" in text


def test_results_json_carries_no_date_so_the_report_check_only_changes_with_a_flag(ws):
    evidence.add(ws, "Alpha", "a.one", reference="ISO certificate", expires=D(2028, 1, 1))
    a, b = results.load(ws, TODAY).to_json(), results.load(ws, D(2027, 1, 2)).to_json()
    assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)
