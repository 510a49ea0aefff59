"""The executive brief: one plain data object from the results document."""

from __future__ import annotations

import json

import pytest

from vendorbench import brief, demo, results
from vendorbench.cli import main
from vendorbench.errors import VendorbenchError
from vendorbench.scoring import tally
from vendorbench.settings import Settings
from vendorbench.vendors import Vendor

from .helpers import ans, find

VENDORS = [Vendor(id="a", name="Alpha"), Vendor(id="b", name="Beta")]
CRITERIA = ("a.one", "a.two", "b.one")
TCO = {"pricing": "per_contact", "price_per_contact": 4, "contacts_per_month": 1000, "management_monthly": 0,
       "oversight_monthly": 0, "onboarding_one_off": 0, "integration_one_off": 0, "exit_one_off": 0,
       "contract_months": 12, "fcr_pct": 80}


def scores(vendor, values, evaluator="e1"):
    return [ans(evaluator, vendor, c, v) for c, v in zip(CRITERIA, values) if v is not None]


def small(scorecard, checklist, **kw):
    # Alpha: A = (4 + 3 * 4) / 4 = 4, B unscored -> 80; Beta: A = 3, B = 3 -> 60.
    answers = scores("a", [4, 4, None]) + scores("b", [3, 3, 3])
    findings = [find("dana", "a", "C1", "ok"), find("dana", "a", "H1", "negotiate"), find("dana", "b", "C1", "ok")]
    findings[1] = findings[1].model_copy(update={"note": "Ask for 24 h breach notice."})
    tco = {"a": TCO, "b": {**TCO, "price_per_contact": 5}}
    return results.compute("Event", scorecard, checklist, VENDORS, tally(answers), findings, tco_inputs=tco,
                           settings=Settings(min_completeness=60, currency="EUR"), **kw)


def test_brief_states_the_decision_margin_cost_and_what_flips_it(scorecard, checklist):
    b = brief.build(small(scorecard, checklist))
    assert (b.status, b.recommended, b.runner_up) == ("ready", "Alpha", "Beta")
    assert b.decision.startswith("Approve Alpha as the customer-support outsourcing vendor for Event")
    assert b.margin == "Alpha scores 80.0 of 100, 20.00 points ahead of Beta (60.0)."
    # Alpha with b.one = s: 20 * (3 * 4 + s) / 4 = 60 + 5s, behind 60 at s = 0 only on a tie (Alpha first by name)
    assert "No score on Alpha's unscored “B one” would change the recommendation." in b.what_changes_it
    # TCO: 4 * 1000 * 12 = 48,000; per contact 4, per resolved 4 / 0.8 = 5; Beta 60,000 and 6.25
    assert b.cost == ("Alpha: EUR 48,000 over 12 months, EUR 5.00 per resolved contact.",
                      "Beta: EUR 60,000 over 12 months, EUR 6.25 per resolved contact.",
                      "Beta costs EUR 12,000 (25%) more than Alpha over the term and EUR 1.25 more per resolved "
                      "contact.")
    assert b.sla == ("Alpha: no SLA terms recorded yet.", "Beta: no SLA terms recorded yet.")


def test_next_steps_carry_the_ask_owner_and_due_date(scorecard, checklist):
    res = small(scorecard, checklist, steps={("a", "H1"): {"owner": "Dana", "due": "2027-03-01"}})
    b = brief.build(res, notes={"a.one": [("e1", "Bogotá site outside the certificate")]})
    steps = {s.key: s for s in b.steps}
    assert steps["H1"].title == "Negotiate: high thing"
    assert steps["H1"].ask == "Ask for 24 h breach notice."
    assert (steps["H1"].owner, steps["H1"].due) == ("Dana", "2027-03-01")
    assert steps["unscored:b.one"].title == "Not scored yet: B one"
    assert steps["unscored:b.one"].owner == ""
    # e1 alone scored both categories
    assert steps["one-evaluator:a"].ask == "Scored by one evaluator (only e1); have a second evaluator score it."
    assert [s.kind for s in b.steps] == ["contract", "unscored", "one evaluator", "one evaluator"]
    text = "\n".join(b.lines())
    assert "C1" not in text and "a.one" not in text  # no ids on the brief


def test_low_scores_on_heavy_criteria_become_steps_with_the_evaluators_notes(scorecard, checklist):
    answers = scores("a", [3, 5, 5]) + scores("b", [2, 2, 2])
    res = results.compute("Event", scorecard, checklist, VENDORS, tally(answers),
                          [find("dana", v.id, "C1", "ok") for v in VENDORS])
    b = brief.build(res, notes={"a.one": [("e1", "Shared QA analyst.")]})
    low = [s for s in b.steps if s.kind == "low score"]
    assert [(s.title, s.ask) for s in low] == [("Low score (3.0 of 5): A one", "Shared QA analyst.")]


def test_not_ready_brief_asks_for_no_decision_yet(scorecard, checklist):
    res = results.compute("Event", scorecard, checklist, VENDORS, tally(scores("a", [5, None, None])), [])
    b = brief.build(res)
    assert b.status == "not ready" and b.headline == "Recommendation (not ready): Alpha"
    assert b.decision.startswith("None yet: finish the evaluation of Alpha first")
    assert [s.title for s in b.steps if s.kind == "review"] == ["Review: critical thing"]


def test_demo_brief_says_what_changes_brightline_to_summit_ridge(tmp_path):
    ws, _ = demo.ensure(tmp_path / "demo")
    b = brief.load(ws)
    assert (b.recommended, b.runner_up) == ("Brightline São Paulo", "Summit Ridge Support")
    text = " ".join(b.what_changes_it)
    assert ("Summit Ridge Support would be recommended if Security posture rises above about 16.8% of the weight "
            "(now 14%; its weight from 14 to above 17.3, the other weights unchanged).") in text
    assert "all came in at 2 or lower, Summit Ridge Support would be recommended." in text
    assert b.key_changes[0].startswith("Łukasiewicz & Partners Contact scores highest (84.5) but cannot be "
                                       "recommended: it has a legal blocker")  # not treated as the leader
    # Cape Lantern (25% scored) is compared, and named as not ready wherever it appears; no small change
    # makes it the leader, so it is never named as the vendor a change would recommend
    assert [line for line in b.what_changes_it if "Cape Lantern" in line] == [
        "Compared too, though not ready to recommend (the rule would recommend one as 'not ready' if it led): "
        "Cape Lantern CX (25% scored)."]
    assert "Summit Ridge Support costs USD 430,272 (49%) more than Brightline São Paulo over the term" in \
        " ".join(b.cost)
    asks = " ".join(s.ask for s in b.steps)
    assert "Failover to Bogotá" in asks and "shared with another client" in asks
    assert any(s.title == "One evaluator only: Security posture" for s in b.steps)


def test_cli_brief_and_steps(tmp_path, capsys):
    path = tmp_path / "demo"
    demo.ensure(path)
    assert main(["brief", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Decision requested: Approve Brightline São Paulo" in out and "Conditions to sign" in out
    assert main(["steps", str(path)]) == 0
    assert "XB-04" in capsys.readouterr().out  # the keys are listed where owners are set
    assert main(["steps", str(path), "--key", "XB-04", "--owner", "Dana Whitfield", "--due", "2027-02-15"]) == 0
    capsys.readouterr()
    assert main(["steps", str(path), "--key", "XB-04", "--due", "15/02/2027"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["steps", str(path), "--key", "nope", "--owner", "x"]) == 1
    assert main(["brief", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    step = next(s for s in doc["steps"] if s["key"] == "XB-04")
    assert (step["owner"], step["due"]) == ("Dana Whitfield", "2027-02-15")


def test_store_refuses_a_bad_due_date_and_clears_a_step(tmp_path):
    ws, _ = demo.ensure(tmp_path / "demo")
    vendor = ws.vendors()[0].name
    with pytest.raises(VendorbenchError, match="YYYY-MM-DD"):
        ws.set_step(vendor, "XB-04", due="2027-02-30")
    ws.set_step(vendor, "XB-04", owner="Dana")
    assert ws.steps()[(ws.vendors()[0].id, "XB-04")] == {"owner": "Dana", "due": ""}
    ws.set_step(vendor, "XB-04", owner="")
    assert ws.steps() == {}


def test_the_report_opens_with_the_brief_after_the_cover(tmp_path):
    import pypdf

    from vendorbench.report import build_report

    ws, _ = demo.ensure(tmp_path / "demo")
    info = build_report(ws, tmp_path / "brief.pdf", date=None)
    reader = pypdf.PdfReader(info.path)
    assert "CONTENTS" in reader.pages[0].extract_text()  # the cover first
    first = " ".join(reader.pages[1].extract_text().split())
    b = brief.load(ws)
    assert "EXECUTIVE BRIEF" in first and "Recommendation: Brightline São Paulo" in first
    assert "Summit Ridge Support costs USD 430,272 (49%) more" in first
    assert "its weight from 14 to above 17.3" in first
    assert "One evaluator only: Security posture" in first
    assert "Why this recommendation" in reader.pages[2].extract_text()  # one page: its second page follows
    assert b.steps[0].title.split(":")[0] in first
    fonts = {f.get("/BaseFont") for page in reader.pages[1:2]
             for f in (page["/Resources"].get("/Font") or {}).values() for f in [f.get_object()]}
    assert all("DejaVu" in str(name) for name in fonts), fonts


def test_the_reasons_carry_the_recommended_vendors_sla_findings_and_cost_warnings(scorecard, checklist):
    from dataclasses import replace

    from vendorbench.analysis import sla
    from vendorbench.analysis.tco import AnalysisWarning

    res = small(scorecard, checklist)
    pick = res.recommendation.vendor
    res = replace(res, sla={**res.sla, pick.id: sla.check({"first_response_hours": 4})},
                  warnings=(AnalysisWarning("commercial_weight", "Commercials carry 40% of the weight."),))
    why = brief.build(res).why
    assert why[:len(res.recommendation.reasons)] == res.recommendation.reasons
    assert "Commercials carry 40% of the weight." in why
    assert f"{pick.name}'s proposed SLA is unbalanced: speed-only SLA (high); settle it in the contract." in why
