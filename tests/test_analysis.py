"""The decision analysis inside the one results document: on the demo event, in JSON, in the
CLI text, identical across runs, and without numpy at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from vendorbench import demo, results, summary
from vendorbench.cli import main


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analysis") / "demo"
    demo.ensure(path)
    return path


def test_demo_tells_the_intended_story(demo_ws):
    res = results.load(results_ws(demo_ws))
    by_name = {v.vendor.name: v.vendor.id for v in res.vendors}
    sla = {name: [f.rule for f in res.sla[vid].findings] for name, vid in by_name.items()}
    assert sla == {"Łukasiewicz & Partners Contact": [], "Brightline São Paulo": [],
                   "Summit Ridge Support": ["fcr_target_range", "fee_at_risk_range"],
                   "Cape Lantern CX": ["speed_only"],
                   "Kestrel Global Services": ["csat_min_low", "qa_sample_low", "no_calibration"]}
    tco = {name: res.tco[vid] for name, vid in by_name.items()}
    # Summit: (41 * 128 * 17 + 9,000 + 4,500) * 12 + 38,000 + 15,000 + 24,000 = 1,309,592 (year one, $1.31M)
    assert tco["Summit Ridge Support"].tco == 1309592
    # Kestrel is the cheapest in total, but per resolved contact close to Brightline (FCR 45% vs 70%)
    assert tco["Kestrel Global Services"].tco == min(t.tco for t in tco.values() if t.tco is not None)
    kestrel, brightline = (tco[n].cost_per_resolved_contact for n in ("Kestrel Global Services",
                                                                      "Brightline São Paulo"))
    assert abs(kestrel - brightline) < 1
    assert tco["Cape Lantern CX"].tco is None and tco["Cape Lantern CX"].missing == ("exit_one_off",)
    assert res.agreement.alpha is not None and res.agreement.categories["security"] is None  # Priya alone
    assert len(res.agreement.disagreements) >= 3
    # the decision's sensitivity is about the vendor that can be recommended; the leader on scores
    # (a legal blocker) is kept apart
    assert res.sensitivity.leader == by_name["Brightline São Paulo"]
    assert res.leader_sensitivity.leader == by_name["Łukasiewicz & Partners Contact"]
    assert "Łukasiewicz & Partners Contact" not in {res.vendor(v).vendor.name for v in res.sensitivity.rank1}
    assert res.sensitivity.rank1[by_name["Brightline São Paulo"]] > Fraction(1, 2)
    # about the vendor recommended: Brightline leads Summit Ridge only on Commercials (Summit Ridge costs 49% more)
    [warning] = res.warnings
    assert warning.rule == "cost_only_leader" and warning.message.startswith(
        "Brightline São Paulo leads only because of Commercials and total cost of ownership: without it, Summit "
        "Ridge Support would lead.")


def test_demo_decision_brightline_against_summit_ridge(demo_ws):
    """The issue's case: 0.56 points apart; Security above about 17.3 (its weight, others unchanged)
    or a 2 on Brightline's three unscored criteria makes Summit Ridge the recommendation."""
    res = results.load(results_ws(demo_ws))
    by_name = {v.vendor.name: v.vendor.id for v in res.vendors}
    d = res.decision
    assert (d.pick, d.runner_up) == (by_name["Brightline São Paulo"], by_name["Summit Ridge Support"])
    assert round(float(d.margin), 2) == 0.56
    security = next(f for f in d.weights if f.category == "security")
    assert security.leader == by_name["Summit Ridge Support"]
    assert round(float(security.share), 3) == 0.168 and 17.3 < float(security.weight) < 17.4
    together = next(f for f in d.score_flips if len(f.criteria) == 3)
    assert together.vendor == by_name["Brightline São Paulo"]
    assert (together.score, together.leader) == (2, by_name["Summit Ridge Support"])
    words = " ".join(summary.decision_sentences(res))
    assert "Summit Ridge Support would be recommended if Security posture rises above about 16.8% of the " \
           "weight (now 14%; its weight from 14 to above 17.3, the other weights unchanged)." in words
    assert "unscored criteria" in words and "all came in at 2 or lower, Summit Ridge Support would be " \
           "recommended." in words
    assert "security" not in words and "qa." not in words  # titles, not ids
    assert "Scored by one evaluator only: Security posture." in summary.agreement_in_words(res)
    assert summary.category_agreement(res, "security") == "one evaluator"


def results_ws(path: Path):
    from vendorbench.store import Workspace

    return Workspace(path)


def test_json_document_has_every_analysis_key(demo_ws, capsys):
    assert main(["results", str(demo_ws), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["agreement"]) == {"alpha", "categories", "disagreements", "single_rater"}
    assert doc["agreement"]["single_rater"] == ["security"]
    d = doc["agreement"]["disagreements"][0]
    assert set(d) == {"vendor", "criterion", "spread", "scores"} and d["spread"] >= 2
    sens = doc["sensitivity"]
    assert {"categories", "rank1_probability", "summary"} <= set(sens)
    assert set(sens["categories"]["security"]) >= {"current", "flip_at", "new_leader"}
    assert sum(sens["rank1_probability"].values()) == pytest.approx(1)
    assert "Kestrel Global Services" not in sens["rank1_probability"]  # knocked out
    assert "Łukasiewicz & Partners Contact" not in sens["rank1_probability"]  # legal blocker
    assert sens["among"] == "recommendable" and sens["leader"] == "Brightline São Paulo"
    lead = doc["leader_sensitivity"]
    assert lead["among"] == "not knocked out" and lead["leader"] == "Łukasiewicz & Partners Contact"
    dec = doc["decision"]
    assert (dec["recommended"], dec["runner_up"]) == ("Brightline São Paulo", "Summit Ridge Support")
    assert set(dec["weight_flips"][0]) == {"category", "current", "share", "current_weight", "weight", "direction",
                                           "new_leader"}
    assert {e["evaluator"] for e in dec["evaluators"]} == set(doc["evaluators"])
    kestrel = doc["sla"]["Kestrel Global Services"]
    assert kestrel["terms"]["calibration"] == "none"
    assert {"rule", "severity", "message"} == set(kestrel["findings"][0])
    assert set(doc["tco"]["Summit Ridge Support"]) == {"inputs", "service_monthly", "tco", "cost_per_contact",
                                                       "cost_per_resolved_contact", "missing", "undefined"}
    assert [w["rule"] for w in doc["warnings"]] == ["cost_only_leader"]


def test_results_text_shows_each_analysis_compactly(demo_ws, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["results", str(demo_ws)]) == 0
    out = capsys.readouterr().out
    for heading in ("Evaluator agreement: Krippendorff's alpha", "Weight sensitivity", "SLA check",
                    "Total cost of ownership"):
        assert heading in out
    assert "Cape Lantern CX: speed-only SLA (high)" in out
    assert "1,309,592.00" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 100


def test_cost_only_warning_shows_in_the_text(demo_ws, tmp_path, capsys, monkeypatch):
    import shutil

    path = tmp_path / "copy"
    shutil.copytree(demo_ws, path)
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["weights", str(path), "--category", "commercials=40"]) == 0
    capsys.readouterr()
    assert main(["results", str(path)]) == 0
    assert "Warning: Commercials and total cost of ownership carries" in capsys.readouterr().out


def test_identical_across_runs(demo_ws):
    first = json.dumps(results.load(results_ws(demo_ws)).to_json())
    for _ in range(2):
        assert json.dumps(results.load(results_ws(demo_ws)).to_json()) == first


def test_analysis_can_be_left_out(demo_ws):
    ws = results_ws(demo_ws)
    plain = results.compute(ws.meta.name, ws.scorecard, ws.legal, ws.vendors(), ws.votes(), ws.findings(),
                            ws.weights(), ws.conditions_off(), ws.sla_terms(), ws.tco_inputs(), analysis=False)
    assert plain.agreement is None and plain.sensitivity is None and plain.sla == {} and plain.tco == {}
    doc = plain.to_json()
    assert doc["agreement"] is None and doc["sensitivity"] is None and doc["sla"] == {} and doc["warnings"] == []
    full = results.load(ws)
    assert [v.score.total for v in plain.vendors] == [v.score.total for v in full.vendors]


def test_cli_start_up_does_not_import_numpy():
    code = ("import sys, vendorbench.cli, vendorbench.results, vendorbench.store\n"
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
