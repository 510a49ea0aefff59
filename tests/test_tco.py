"""Total cost of ownership (hand-computed), missing inputs, zero divisions, the cost-only guard, the CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from vendorbench import questionnaires, results
from vendorbench.analysis.tco import COMMERCIAL_CATEGORIES, SCHEMA, compute
from vendorbench.cli import main
from vendorbench.errors import VendorbenchError
from vendorbench.models import Weights
from vendorbench.scoring import tally
from vendorbench.store import Workspace
from vendorbench.vendors import Vendor

from .helpers import ans

HOURLY = {"pricing": "hourly", "hourly_rate": 12.5, "productive_hours": 140, "agents": 10,
          "contacts_per_month": 5000, "management_monthly": 2000, "oversight_monthly": 1500,
          "onboarding_one_off": 10000, "integration_one_off": 5000, "exit_one_off": 3000, "contract_months": 24,
          "fcr_pct": 60}
PER_CONTACT = {"pricing": "per_contact", "price_per_contact": 3.1, "contacts_per_month": 4000,
               "management_monthly": 0, "oversight_monthly": 600, "onboarding_one_off": 0,
               "integration_one_off": 0, "exit_one_off": 0, "contract_months": 12, "fcr_pct": 65}


def test_hourly_by_hand():
    t = compute(HOURLY)
    assert t.service_monthly == 17500  # 12.5 * 140 * 10
    assert t.tco == 522000  # (17,500 + 2,000 + 1,500) * 24 + 10,000 + 5,000 + 3,000
    assert t.cost_per_contact == Fraction(522000, 120000) == Fraction(87, 20)  # 5,000 * 24 contacts: 4.35
    assert t.cost_per_resolved_contact == Fraction(29, 4)  # 4.35 / 0.60 = 7.25: repeat contacts paid twice
    assert t.missing == () and t.undefined == {}


def test_per_contact_by_hand():
    t = compute(PER_CONTACT)
    assert t.service_monthly == 12400  # 3.1 * 4,000
    assert t.tco == 156000  # (12,400 + 0 + 600) * 12
    assert t.cost_per_contact == Fraction(13, 4)  # 156,000 / 48,000 = 3.25
    assert t.cost_per_resolved_contact == 5  # 3.25 / 0.65


def test_the_other_pricing_models_inputs_are_ignored():
    assert compute({**HOURLY, "price_per_contact": 99}).tco == 522000


def test_decimal_inputs_are_exact():
    # 0.1 per contact * 3 contacts * 1 month = 0.3 exactly (0.1 * 3 in binary floats is 0.30000000000000004)
    t = compute({"pricing": "per_contact", "price_per_contact": 0.1, "contacts_per_month": 3, "management_monthly": 0,
                 "oversight_monthly": 0, "onboarding_one_off": 0, "integration_one_off": 0, "exit_one_off": 0,
                 "contract_months": 1})
    assert t.tco == Fraction(3, 10) and float(t.tco) == 0.3


def test_missing_inputs_leave_figures_null_and_are_named():
    t = compute({k: v for k, v in HOURLY.items() if k not in {"agents", "exit_one_off"}})
    assert (t.service_monthly, t.tco, t.cost_per_contact, t.cost_per_resolved_contact) == (None,) * 4
    assert t.missing == ("agents", "exit_one_off")
    t = compute({k: v for k, v in HOURLY.items() if k != "exit_one_off"})
    assert t.service_monthly == 17500 and t.tco is None and t.missing == ("exit_one_off",)


def test_nothing_set_names_pricing_and_the_common_inputs():
    t = compute({})
    assert t.missing == ("pricing", "contacts_per_month", "management_monthly", "oversight_monthly",
                         "onboarding_one_off", "integration_one_off", "exit_one_off", "contract_months", "fcr_pct")


def test_fcr_zero_gives_no_cost_per_resolved_contact():
    t = compute({**HOURLY, "fcr_pct": 0})
    assert t.cost_per_contact == Fraction(87, 20) and t.cost_per_resolved_contact is None
    assert t.undefined == {"cost_per_resolved_contact": "fcr_pct is 0: no contact is ever resolved"}


def test_no_contacts_gives_no_cost_per_contact():
    t = compute({**HOURLY, "contacts_per_month": 0})
    assert t.tco == 522000 and t.cost_per_contact is None and t.cost_per_resolved_contact is None
    assert t.undefined == {"cost_per_contact": "contacts_per_month is 0",
                           "cost_per_resolved_contact": "cost_per_contact is undefined"}


@pytest.mark.parametrize("setting, message", [
    ("agents=-1", "agents=-1 is out of range: use a number, 0 or more"),
    ("hourly_rate=-0.01", "hourly_rate=-0.01 is out of range"),
    ("fcr_pct=100.5", "fcr_pct=100.5 is out of range: use a number from 0 to 100"),
    ("contract_months=0", "contract_months=0 is out of range: use a number greater than 0"),
    ("contract_months=-12", "contract_months=-12 is out of range"),
    ("pricing=daily", "pricing='daily' is not valid: use one of hourly|per_contact"),
    ("exit_one_off=$5", "exit_one_off='$5' is not a number"),
    ("oversight_monthly=1,000", "is not a number"),
    ("seats=10", "unknown key 'seats'; keys: pricing, hourly_rate"),
])
def test_invalid_inputs_name_the_key(setting, message):
    with pytest.raises(VendorbenchError, match="TCO: ") as exc:
        SCHEMA.parse_settings([setting])
    assert message in str(exc.value)


def test_zero_is_a_valid_cost():
    assert SCHEMA.parse_settings(["exit_one_off=0", "management_monthly=0.00"]) == (
        {"exit_one_off": 0, "management_monthly": 0}, [])


# --- the cost-only guard --------------------------------------------------------------------------------

PRICED = """\
id = "priced"
title = "Priced"
version = "1"
kind = "scorecard"

[[categories]]
id = "quality"
title = "Quality"
weight = 3
  [[categories.criteria]]
  id = "quality.k"
  title = "Quality"
  weight = 1
  guidance = "g"
  rubric = { "0" = "none", "3" = "some", "5" = "all" }

[[categories]]
id = "commercials"
title = "Commercials"
weight = 1
  [[categories.criteria]]
  id = "commercials.k"
  title = "Price"
  weight = 1
  guidance = "g"
  rubric = { "0" = "none", "3" = "some", "5" = "all" }
"""
VENDORS = [Vendor(id="c", name="Cheap Co"), Vendor(id="g", name="Good Co")]


def guarded(checklist, quality_cheap, price_cheap, quality_good, price_good, overrides=None):
    sc = questionnaires.parse(PRICED, "priced.toml")
    answers = [ans("e", "c", "quality.k", quality_cheap), ans("e", "c", "commercials.k", price_cheap),
               ans("e", "g", "quality.k", quality_good), ans("e", "g", "commercials.k", price_good)]
    return results.compute("E", sc, checklist, VENDORS, tally(answers), [], overrides)


def test_commercial_categories_are_the_builtin_commercials_id():
    assert COMMERCIAL_CATEGORIES == {"commercials"}


def test_leader_only_because_of_commercials_is_warned(checklist):
    # Cheap: 20 * (3*2 + 1*5) / 4 = 55; Good: 20 * (3*3 + 1*1) / 4 = 50 -> Cheap leads.
    # Without commercials: Cheap 20 * 2 = 40, Good 20 * 3 = 60 -> Good would lead.
    r = guarded(checklist, 2, 5, 3, 1)
    assert [w.rule for w in r.warnings] == ["cost_only_leader"]
    assert r.warnings[0].message.startswith("Cheap Co leads only because of Commercials: without it, Good Co "
                                            "would lead.")
    assert r.to_json()["warnings"] == [{"rule": "cost_only_leader", "message": r.warnings[0].message}]


def test_a_leader_that_also_leads_without_commercials_is_not_warned(checklist):
    # Good: 20 * (9 + 3) / 4 = 60 > Cheap 55, and 60 > 40 without commercials.
    assert guarded(checklist, 2, 5, 3, 3).warnings == ()


def test_commercial_weight_above_25_percent_is_warned(checklist):
    # 1 of 4 = 25%: not more than 25%, no warning. Override to 2: 2 of 5 = 40%.
    assert guarded(checklist, 2, 5, 3, 3).warnings == ()
    r = guarded(checklist, 2, 5, 3, 3, Weights(categories={"commercials": 2}))
    assert r.warnings[0].rule == "commercial_weight"
    assert "Commercials carries 40% of the weight, more than 25%" in r.warnings[0].message
    assert "low rates buy low handle time, which buys repeat contacts and churn" in r.warnings[0].message


def test_no_commercials_category_no_guard(scorecard, checklist):
    answers = [ans("e", "a", c, s) for c, s in [("a.one", 5), ("a.two", 5), ("b.one", 0)]]
    r = results.compute("E", scorecard, checklist, [Vendor(id="a", name="A")], tally(answers), [],
                        Weights(categories={"b": 100}))
    assert r.warnings == ()


# --- store and CLI ------------------------------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    w = Workspace.create(d, "Acme 2027", str(sc), str(lg))
    w.add_vendor("Northwind Contact")
    return d


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def settings(terms):
    return [a for k, v in terms.items() for a in ("--set", f"{k}={v}")]


def test_cli_sets_shows_and_computes(ws, capsys):
    code, out, _ = run(capsys, "tco", ws, "--vendor", "Northwind Contact", *settings(HOURLY))
    assert code == 0
    assert "TCO over 24 months" in out and "522,000.00" in out and "4.35" in out and "7.25" in out
    assert "price_per_contact" not in out  # the other pricing model's key is not listed as missing
    code, out, _ = run(capsys, "tco", ws, "--vendor", "Northwind Contact", "--unset", "exit_one_off", "--json")
    doc = json.loads(out)
    assert doc["tco"] is None and doc["service_monthly"] == 17500.0 and doc["missing"] == ["exit_one_off"]
    assert doc["inputs"]["hourly_rate"] == 12.5
    code, out, _ = run(capsys, "tco", ws, "--vendor", "Northwind Contact")
    assert "Missing (needed for the figures shown as -): exit_one_off" in out


def test_results_json_carries_tco_per_vendor(ws, capsys):
    run(capsys, "tco", ws, "--vendor", "Northwind Contact", *settings({**HOURLY, "fcr_pct": 0}))
    doc = json.loads(run(capsys, "results", ws, "--json")[1])
    t = doc["tco"]["Northwind Contact"]
    assert t["tco"] == 522000.0 and t["cost_per_contact"] == 4.35 and t["cost_per_resolved_contact"] is None
    assert t["undefined"] == {"cost_per_resolved_contact": "fcr_pct is 0: no contact is ever resolved"}


@pytest.mark.parametrize("args, message", [
    (["--set", "agents=-3"], "agents=-3 is out of range"),
    (["--set", "fcr_pct=101"], "fcr_pct=101 is out of range"),
    (["--set", "contract_months=0"], "contract_months=0 is out of range"),
    (["--set", "pricing=monthly"], "pricing='monthly' is not valid"),
    (["--set", "hourly_rate=cheap"], "hourly_rate='cheap' is not a number"),
    (["--set", "agents=4", "--set", "seats=4"], "unknown key 'seats'"),
    (["--set", "agents"], "expected KEY=VALUE"),
])
def test_cli_invalid_input_exits_1_and_writes_nothing(ws, capsys, args, message):
    run(capsys, "tco", ws, "--vendor", "Northwind Contact", "--set", "agents=2")
    before = (ws / "workspace.json").read_bytes()
    code, out, err = run(capsys, "tco", ws, "--vendor", "Northwind Contact", *args)
    assert code == 1 and message in err and out == ""
    assert (ws / "workspace.json").read_bytes() == before
