"""Total cost of ownership per vendor, and the cost-only guard.

    service_monthly = hourly_rate * productive_hours * agents        (pricing = hourly)
                    = price_per_contact * contacts_per_month         (pricing = per_contact)
    tco = (service_monthly + management_monthly + oversight_monthly) * contract_months
          + onboarding_one_off + integration_one_off + exit_one_off
    cost_per_contact = tco / (contacts_per_month * contract_months)
    cost_per_resolved_contact = cost_per_contact / (fcr_pct / 100)   (repeat contacts are paid twice)

Every input a figure needs must be given, zeros included: a TCO that silently
leaves out exit or oversight costs is the cost-only trap again. A figure whose
inputs are incomplete is None and `missing` names the inputs; a division by zero
(no contacts, FCR 0) is None with the reason in `undefined`. Arithmetic is exact
(the inputs as the decimals typed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .sensitivity import ScoreTable, eligible
from .terms import Key, Schema, exact_number

if TYPE_CHECKING:  # annotations only: `vendorbench --help` lists the keys without loading the models
    from ..models import Scorecard
    from ..scoring import EffectiveWeights, VendorScore
    from .staffing import BidCheck

SCHEMA = Schema("TCO", (
    Key("pricing", "how the vendor bills agent work", choices=("hourly", "per_contact")),
    Key("hourly_rate", "price per agent hour (pricing = hourly)"),
    Key("productive_hours", "billed hours per agent per month (pricing = hourly)", unit="h"),
    Key("agents", "agents billed (pricing = hourly)"),
    Key("team_leads", "team leads proposed (checked against the staffing requirement)"),
    Key("qa_analysts", "QA analysts proposed (checked against the staffing requirement)"),
    Key("price_per_contact", "price per handled contact (pricing = per_contact)"),
    Key("contacts_per_month", "contacts handled per month"),
    Key("management_monthly", "vendor-side team leads and QA billed separately, per month"),
    Key("oversight_monthly", "the buyer's own oversight time, per month"),
    Key("onboarding_one_off", "onboarding and training before productivity"),
    Key("integration_one_off", "technology integration and licences"),
    Key("exit_one_off", "exit and transition costs"),
    Key("contract_months", "contract length in months", unit="months", above_minimum=True),
    Key("fcr_pct", "first contact resolution expected (committed or estimated), %", unit="%", maximum=Fraction(100)),
))

SERVICE_INPUTS = {"hourly": ("hourly_rate", "productive_hours", "agents"),
                  "per_contact": ("price_per_contact", "contacts_per_month")}
TCO_INPUTS = ("management_monthly", "oversight_monthly", "onboarding_one_off", "integration_one_off",
              "exit_one_off", "contract_months")

# The cost-only guard: scorecard categories that measure price. A questionnaire-independent rule
# would need a tag in the TOML format; until then the built-in id, absent elsewhere = no guard.
COMMERCIAL_CATEGORIES = frozenset({"commercials"})
COMMERCIAL_WEIGHT_LIMIT = Fraction(1, 4)


@dataclass(frozen=True)
class Tco:
    inputs: dict[str, Any]
    service_monthly: Fraction | None
    tco: Fraction | None
    cost_per_contact: Fraction | None
    cost_per_resolved_contact: Fraction | None
    missing: tuple[str, ...] = ()  # inputs the null figures need, in key order
    undefined: dict[str, str] = field(default_factory=dict)  # figure -> why it has no value despite its inputs


def compute(inputs: Mapping[str, Any]) -> Tco:
    """The TCO figures for one vendor's (validated) inputs."""
    x = {k: exact_number(v) for k, v in inputs.items() if isinstance(v, (int, float))}
    missing: list[str] = []
    undefined: dict[str, str] = {}

    def need(*keys: str) -> bool:
        lacking = [k for k in keys if k not in x]
        missing.extend(k for k in lacking if k not in missing)
        return not lacking

    service = None
    pricing = inputs.get("pricing")
    if pricing is None:
        missing.append("pricing")
    elif need(*SERVICE_INPUTS[pricing]):
        if pricing == "hourly":
            service = x["hourly_rate"] * x["productive_hours"] * x["agents"]
        else:
            service = x["price_per_contact"] * x["contacts_per_month"]
    total = None
    if need(*TCO_INPUTS) and service is not None:
        total = ((service + x["management_monthly"] + x["oversight_monthly"]) * x["contract_months"]
                 + x["onboarding_one_off"] + x["integration_one_off"] + x["exit_one_off"])
    per_contact = None
    if need("contacts_per_month") and total is not None:
        if x["contacts_per_month"] == 0:
            undefined["cost_per_contact"] = "contacts_per_month is 0"
        else:
            per_contact = total / (x["contacts_per_month"] * x["contract_months"])
    per_resolved = None
    if need("fcr_pct"):
        if x["fcr_pct"] == 0:
            undefined["cost_per_resolved_contact"] = "fcr_pct is 0: no contact is ever resolved"
        elif per_contact is not None:
            per_resolved = per_contact / (x["fcr_pct"] / 100)
    if "cost_per_contact" in undefined and per_resolved is None and "cost_per_resolved_contact" not in undefined:
        undefined["cost_per_resolved_contact"] = "cost_per_contact is undefined"
    order = list(SCHEMA.keys)
    return Tco(dict(inputs), service, total, per_contact, per_resolved,
               tuple(sorted(missing, key=order.index)), undefined)


def unused_keys(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """The other pricing model's keys: not needed while pricing is set to one model."""
    pricing = inputs.get("pricing")
    if pricing is None:
        return ()
    return tuple(k for model, keys in SERVICE_INPUTS.items() if model != pricing for k in keys
                 if k not in SERVICE_INPUTS[pricing] and k not in TCO_INPUTS)


@dataclass(frozen=True)
class AnalysisWarning:
    rule: str  # commercial_weight | cost_only_leader
    message: str


def cost_only_warnings(scorecard: Scorecard, weights: EffectiveWeights, vendors: Sequence[VendorScore],
                       names: Mapping[str, str], bids: Mapping[str, BidCheck] | None = None) -> list[AnalysisWarning]:
    """A cost-only selection is the single most cited outsourcing mistake: warn when the commercial
    categories carry more than 25% of the weight, and when the leader (top vendor not knocked out)
    leads only because of them (without them another vendor would lead). vendors in rank order.

    bids (vendor id -> staffing.check_bid, when the workspace has demand inputs): the cheapest
    vendor is judged on its TCO corrected to the required staffing (understaffed_warnings)."""
    commercial = [c for c in scorecard.categories if c.id in COMMERCIAL_CATEGORIES]
    if not commercial:
        return understaffed_warnings(bids or {}, names)
    titles = " and ".join(c.title for c in commercial)
    out = []
    share = sum(weights.categories[c.id] for c in commercial) / sum(weights.categories.values())
    if share > COMMERCIAL_WEIGHT_LIMIT:
        out.append(AnalysisWarning("commercial_weight", f"{titles} carries {float(share):.0%} of the weight, more than "
                           "25%: low rates buy low handle time, which buys repeat contacts and churn. Weigh "
                           "quality and total cost of ownership, not the rate."))
    able = eligible(vendors)
    if len(able) > 1:
        table = ScoreTable(scorecard, weights, able)
        order = {s.vendor_id: i for i, s in enumerate(able)}
        leader = able[0].vendor_id
        without = table.leader(order, frozenset(c.id for c in commercial))
        if without is not None and without != leader:
            out.append(AnalysisWarning("cost_only_leader", f"{names[leader]} leads only because of {titles}: without "
                               f"it, {names[without]} would lead. A cost-only choice is the most cited "
                               "outsourcing mistake; check what the low price buys."))
    return out + understaffed_warnings(bids or {}, names)


def understaffed_warnings(bids: Mapping[str, BidCheck], names: Mapping[str, str]) -> list[AnalysisWarning]:
    """Warn when the cheapest bid (by TCO as bid) is understaffed: compared on the TCO corrected to
    the required staffing, either another vendor is cheaper, or its real cost is the corrected one."""
    priced = {vid: b for vid, b in bids.items() if b.as_bid.tco is not None and b.corrected.tco is not None}
    if not priced:
        return []
    cheapest = min(priced, key=lambda vid: priced[vid].as_bid.tco)  # type: ignore[arg-type, return-value]
    bid = priced[cheapest]
    if not bid.understaffed:
        return []
    really = min(priced, key=lambda vid: priced[vid].corrected.tco)  # type: ignore[arg-type, return-value]
    corrected = f"{float(bid.corrected.tco):,.0f}"  # type: ignore[arg-type]
    as_bid = f"{float(bid.as_bid.tco):,.0f}"  # type: ignore[arg-type]
    if really != cheapest:
        other = f"{float(priced[really].corrected.tco):,.0f}"  # type: ignore[arg-type]
        return [AnalysisWarning("understaffed_bid", f"{names[cheapest]} has the cheapest bid ({as_bid}) only "
                                f"because it is understaffed ({bid.flags[0]}): corrected to the required "
                                f"staffing it costs {corrected}, and {names[really]} is cheaper at {other}.")]
    return [AnalysisWarning("understaffed_bid", f"{names[cheapest]} has the cheapest bid ({as_bid}) but is "
                            f"understaffed ({bid.flags[0]}): compare on its TCO corrected to the required "
                            f"staffing, {corrected}.")]
