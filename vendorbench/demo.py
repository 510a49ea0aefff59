"""The demo sourcing event: a realistic, fictional BPO selection to explore the tool with.

The buyer is a US invoicing and payments SaaS for small businesses, with
customers in the US (California included) and the EU, outsourcing Tier 1 and
Tier 2 support (email, chat, phone) from 2027. Five fictional BPOs are on the
shortlist:

- Summit Ridge Support: premium onshore specialist; strong everywhere, the most
  expensive bid; clean contract.
- Brightline São Paulo: nearshore trilingual team; strong culture, language and
  time zone, good value; a few criteria still unscored.
- Łukasiewicz & Partners Contact: the deepest technical bench and the best
  scores, but its draft contract lets it train its AI on client data: legal
  finds critical gaps (blocker).
- Kestrel Global Services: the cheap offshore generalist a cost-only choice
  would pick; e-commerce references only, and knocked out on QA coverage.
- Cape Lantern CX: shortlisted late; only partly scored, security not started.

Three evaluators (support operations, procurement, IT security) score with
their own biases and disagree on a few criteria; a legal reviewer has finished
three contract reviews and started two. Everything is deterministic: fixed data
plus noise from string-seeded random generators, so two builds are identical.
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import VendorbenchError
from .models import Answer, Finding, LegalChecklist, Scorecard
from .storage import make_dir
from .store import WORKSPACE_FILE, Workspace

DEMO_NAME = "Tier 1 & 2 support outsourcing 2027 (demo)"
SEED = "vendorbench-demo-2027"

MAYA = "Maya Chen (Support Ops)"
TOMAS = "Tomás Rivera (Procurement)"
PRIYA = "Priya Nair (IT Security)"
DANA = "Dana Whitfield (Legal)"
EVALUATORS = (MAYA, TOMAS, PRIYA)

# Applicability conditions are matched by a fragment of the checklist's exact
# applies_when text (read from the pinned checklist at build time).
CARD_DATA = "card data"
REGULATED_FINANCIAL = "regulated financial"

# --- the cast -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vendor:
    key: str
    name: str
    region: str
    website: str
    notes: str
    base: dict[str, float]  # category or criterion id -> the team's underlying view (0..5)
    scopes: dict[str, tuple[str, ...]]  # evaluator -> category or criterion ids they score
    unscored: tuple[str, ...] = ()  # criteria nobody has scored yet
    card_data: bool = False
    legal_scope: tuple[str, ...] | None = None  # None: complete review; else the items reviewed so far
    docs: dict[str, str] = field(default_factory=dict)  # clause prefix renames, e.g. MSA -> FA
    offset: int = 0  # the vendor's MSA section numbering differs from the template
    pilot: bool = True  # evidence may cite the pilot and a site visit


_ALL = ("sector", "references", "security", "culture", "qa", "onboarding", "management", "escalation",
        "reporting", "scalability", "technology", "commercials")
_MAYA_SCOPE = tuple(c for c in _ALL if c not in {"security", "technology"}) + (
    "technology.buyer-stack", "technology.integration-testing", "technology.automation-disclosure")
_TOMAS_SCOPE = tuple(c for c in _ALL if c not in {"security", "technology"})
_PRIYA_SCOPE = ("security", "technology", "references.due-diligence", "sector.regulatory-knowledge",
                "escalation.handover")
_FULL_SCOPES = {MAYA: _MAYA_SCOPE, TOMAS: _TOMAS_SCOPE, PRIYA: _PRIYA_SCOPE}

VENDORS: tuple[_Vendor, ...] = (
    _Vendor(
        key="summit", name="Summit Ridge Support", region="onshore", website="https://summitridge.example.com",
        notes="Denver and Raleigh, about 1,400 agents; B2B SaaS and fintech specialist for nine years. "
              "Proposes 14 agents, 2 team leads and a QA analyst for Tier 1/2, plus a 3-seat phone "
              "payments desk (card data in scope). Most expensive bid: $41/hour blended, about 38% above "
              "the median.",
        base={"sector": 4.2, "references": 4.0, "security": 4.4, "culture": 3.8, "qa": 4.2,
              "onboarding": 3.9, "management": 4.0, "escalation": 4.0, "reporting": 3.9,
              "scalability": 3.5, "technology": 3.9, "commercials": 2.7,
              "commercials.fee-at-risk": 2.2, "commercials.exit-costs": 2.0, "scalability.on-call-bench": 3.0},
        scopes=_FULL_SCOPES, card_data=True,
    ),
    _Vendor(
        key="brightline", name="Brightline São Paulo", region="nearshore",
        website="https://brightline-sp.example.com",
        notes="São Paulo, with a satellite team in Bogotá; about 600 agents, trilingual English, Spanish "
              "and Portuguese. Proposes 16 agents and 2 team leads; the QA analyst is shared with another "
              "account. Bid about 8% under the median. No card data: payment changes stay in-house.",
        base={"sector": 4.2, "references": 3.9, "security": 4.5, "culture": 4.6, "qa": 4.2,
              "onboarding": 4.3, "management": 4.4, "escalation": 4.2, "reporting": 3.9,
              "scalability": 3.9, "technology": 4.0, "commercials": 3.6,
              "culture.language-proficiency": 5.0, "culture.timezone-overlap": 5.0},
        scopes=_FULL_SCOPES,
        unscored=("qa.mystery-shopping", "scalability.peak-testing", "reporting.documentation-gaps"),
        offset=1,
    ),
    _Vendor(
        key="lukasiewicz", name="Łukasiewicz & Partners Contact", region="offshore",
        website="https://lukasiewicz-partners.example.com",
        notes="Kraków and Gdańsk, about 900 agents; the strongest technical bench on the shortlist (Tier 2 "
              "staffed by former developers). Working hours 07:00-19:00 CET, so US afternoons need a late "
              "shift. Draft contract: their standard Framework Agreement and DPA with an 'AI Services' "
              "schedule.",
        base={"sector": 4.5, "references": 4.2, "security": 4.4, "culture": 3.6, "qa": 4.3,
              "onboarding": 4.3, "management": 4.0, "escalation": 4.4, "reporting": 4.1,
              "scalability": 3.9, "technology": 4.3, "commercials": 3.8,
              "culture.timezone-overlap": 2.2},
        scopes=_FULL_SCOPES, docs={"MSA": "FA"}, offset=2,
    ),
    _Vendor(
        key="kestrel", name="Kestrel Global Services", region="offshore",
        website="https://kestrel-global.example.com",
        notes="Cebu and Manila, 8,000+ agents, mostly retail and e-commerce order support. Lowest bid by far: "
              "$11.50/hour per seat, 24/7 included. Offered to take card updates by phone. The pilot was "
              "run by a showcase team. Legal review paused after the QA knockout.",
        base={"sector": 2.0, "references": 2.2, "security": 2.9, "culture": 2.6, "qa": 1.9,
              "onboarding": 1.8, "management": 2.6, "escalation": 2.2, "reporting": 2.9,
              "scalability": 4.1, "technology": 2.7, "commercials": 4.9,
              "sector.product-type": 1.2, "references.comparable-clients": 1.2},
        scopes=_FULL_SCOPES, unscored=("reporting.documentation-gaps", "scalability.forecast-review"),
        card_data=True, docs={"DPA": "DPS"}, offset=-1,
        legal_scope=("DP-01", "DP-02", "DP-03", "DP-04", "XB-01", "AI-02", "IP-04", "SB-01", "SB-02",
                     "SB-04", "LI-01", "EX-01", "EX-05"),
    ),
    _Vendor(
        key="capelantern", name="Cape Lantern CX", region="offshore", website="https://capelantern.example.com",
        notes="Cape Town, about 450 agents, several UK SaaS clients. Added to the shortlist in week 5 after "
              "Kestrel's QA knockout: RFP answers arrived late, pilot booked for week 7, security review not "
              "started.",
        base={"sector": 3.8, "references": 3.9, "culture": 4.1, "commercials": 3.9},
        scopes={MAYA: ("sector", "culture"), TOMAS: ("sector", "references", "commercials")},
        unscored=("references.reference-calls", "references.due-diligence", "culture.pilot-samples",
                  "commercials.exit-costs"),
        pilot=False, legal_scope=("DP-01", "DP-02", "AI-02", "SB-01", "SB-02"),
    ),
)

# Evaluator habits, added to the team's underlying view (category or criterion id, "*" for all).
BIAS: dict[str, dict[str, float]] = {
    MAYA: {"qa": -0.2, "onboarding": -0.2, "culture": 0.15, "commercials": -0.1},
    TOMAS: {"*": 0.1, "references": 0.3},
    PRIYA: {"security": -0.35, "technology": -0.2},
}
# Procurement reads "commercials" partly as "cheap": a price-driven bias per vendor.
PRICE_BIAS = {"summit": -0.7, "kestrel": 0.6, "brightline": 0.2}
NOISE = 0.55


# --- story answers: (vendor, criterion, evaluator, score or "na" or None, note, evidence) ---------

STORY: tuple[tuple[str, str, str, Any, str, str], ...] = (
    # Summit Ridge: premium onshore, expensive
    ("summit", "sector.industry-tenure", MAYA, 5,
     "Nine years in B2B SaaS support; six current SaaS clients, two of them invoicing or payments tools. "
     "Tenure matches the client list.", "client list (anonymised), RFP answer 2.1"),
    ("summit", "sector.product-type", TOMAS, 5,
     "Sample Tier 2 tickets cover webhook failures and ledger reconciliation: exactly our queue.",
     "sample tickets pack"),
    ("summit", "references.reference-calls", TOMAS, 4,
     "Reference call with a fintech client: praised the escalation matrix and QA calibration, weak on "
     "weekend coverage (bench thin on Sundays).", "reference call #2"),
    ("summit", "references.reference-calls", MAYA, 5,
     "Former client (left after being acquired) would hire them again; confirmed FCR of 74% over 18 months.",
     "reference call #3 (former client)"),
    ("summit", "security.certifications", PRIYA, 5,
     "SOC 2 Type II (third cycle) and ISO 27001 both scope Denver and Raleigh; bridge letter to March; "
     "pen-test summary shared. PCI DSS AOC for the payments desk.", "SOC 2 Type II report section 3"),
    ("summit", "security.endpoint-hardening", PRIYA, 4,
     "VDI for every agent including the 20% working from home; USB and clipboard locked. Did not see a "
     "device compliance report.", "site visit (Denver)"),
    ("summit", "culture.timezone-overlap", MAYA, 5,
     "Same time zones as our customers; leads overlap fully with our Tier 3 team.", ""),
    ("summit", "qa.audit-coverage", MAYA, 5,
     "8% weekly stratified sample plus automated screening of every chat; coverage report from an existing "
     "client.", "QA coverage report (existing client)"),
    ("summit", "onboarding.async-material", MAYA, "na",
     "Same time zone as our in-house team: async material is not needed for this engagement.", ""),
    ("summit", "onboarding.async-material", TOMAS, 4,
     "LMS with recorded modules; useful for weekend hires.", "RFP answer 7.5"),
    ("summit", "management.cost-in-budget", TOMAS, 5,
     "Two team leads and the QA analyst priced as separate lines.", "pricing workbook v2"),
    ("summit", "commercials.tco", TOMAS, 2,
     "Most expensive bid: $41/h blended, year-one TCO $1.31M against a $0.95M median. Everything is priced; "
     "it is just a lot.", "TCO model tab 'Year 1'"),
    ("summit", "commercials.tco", MAYA, 4,
     "The only bid that prices QA, leads, onboarding weeks and exit: no surprises later. Calibrate with "
     "Tomás: are we scoring the cost or the clarity of the cost?", "pricing workbook v2"),
    ("summit", "commercials.fee-at-risk", TOMAS, 2,
     "Caps service credits at 3% of the monthly fee and refuses FCR-linked credits.", "MSA draft schedule 4"),
    ("summit", "commercials.exit-costs", TOMAS, 2,
     "Exit assistance at then-current time-and-materials rates, no cap (legal flagged the same, EX-03).", ""),
    ("summit", "scalability.on-call-bench", MAYA, 3,
     "A bench exists but is thin at weekends, as the fintech reference said.", "reference call #2"),
    ("summit", "commercials.cost-per-resolution", MAYA, 2,
     "FCR of 78% quoted from 'industry benchmarks', not from their own accounts; ask for real figures from "
     "the fintech client.", "RFP answer 13.2"),
    ("summit", "reporting.weekly-report", MAYA, 3,
     "Sample weekly report is speed-heavy (ASA, AHT); CSAT and reopen rate only on page 4. Asked for a "
     "balanced layout.", "sample weekly report"),
    ("summit", "onboarding.written-plan", MAYA, 3,
     "Solid six-week plan, but generic: not yet tailored to our product or channels.", "onboarding plan draft"),
    ("summit", "security.incident-response", PRIYA, 4,
     "Engagement runbook drafted with our on-call contacts; last tabletop exercise in April.",
     "incident response runbook (draft)"),

    # Brightline São Paulo: nearshore, strong culture, good value
    ("brightline", "culture.language-proficiency", MAYA, 5,
     "All 16 proposed agents tested C1 or above in English; nine are native Spanish speakers, six "
     "Portuguese. Our spot checks in the pilot confirmed it.", "language test results sheet; pilot week 1"),
    ("brightline", "culture.pilot-samples", MAYA, 5,
     "Pilot week 2: CSAT 93% on 410 chats, QA average 88 against our threshold of 85. The same agents are "
     "committed to the account.", "pilot week 2 QA sample"),
    ("brightline", "culture.timezone-overlap", TOMAS, 5,
     "São Paulo is one to two hours ahead of US Eastern: full overlap with our day shift, and the late "
     "shift covers the West Coast.", ""),
    ("brightline", "culture.service-values", MAYA, 5,
     "Empathy is scored in their QA and it shows: agents owned two messy refund cases end to end in the "
     "pilot.", "pilot week 2 transcripts"),
    ("brightline", "qa.independent-team", MAYA, 2,
     "QA analysts report to the account's operations manager, and ours is shared with another client. "
     "Not independent.", "org chart, proposal p. 14"),
    ("brightline", "qa.independent-team", TOMAS, 4,
     "One QA analyst per 16 agents is the best ratio we were offered. Calibrate with Maya: reporting line "
     "or ratio?", "RFP answer 6.2"),
    ("brightline", "qa.audit-coverage", MAYA, 3,
     "5% weekly sample shown in the pilot; no stratified or targeted sampling yet.", "pilot week 2 QA sample"),
    ("brightline", "qa.mystery-shopping", MAYA, None,
     "Asked for their mystery-shopping schedule; still waiting. Chase at the next check-in.", ""),
    ("brightline", "security.certifications", PRIYA, 3,
     "ISO 27001 covers São Paulo, but the Bogotá satellite is outside the certificate scope. Ask them to "
     "keep our queue in São Paulo.", "ISO 27001 certificate + SoA"),
    ("brightline", "security.identity-access", PRIYA, 3,
     "SSO with MFA through our Okta; deprovisioning within 24 hours is policy but not evidenced.",
     "security questionnaire (SIG Lite) row 41"),
    ("brightline", "security.incident-response", PRIYA, 3,
     "Tabletop exercise in June. Their playbook says 48-hour notice while the DPA draft says 24: ask them to "
     "align the playbook with the contract.", "incident response playbook v5"),
    ("brightline", "sector.product-type", TOMAS, 3,
     "Supports two SaaS billing tools today; Tier 2 depth (API logs, integrations) not proven yet.",
     "sample tickets pack"),
    ("brightline", "sector.industry-tenure", MAYA, 3,
     "Three years in SaaS with two current clients; strong in LATAM fintech onboarding.", "RFP answer 2.1"),
    ("brightline", "references.reference-calls", TOMAS, 4,
     "Reference call with a US payroll SaaS: onboarding landed on plan, attrition 2.1% a month. Concern: "
     "reporting was manual for the first three months.", "reference call #1"),
    ("brightline", "commercials.tco", TOMAS, 5,
     "Every TCO element priced; year-one $0.88M, under the median with leads and QA included.",
     "TCO model tab 'Year 1'"),
    ("brightline", "commercials.cost-per-resolution", MAYA, 4,
     "Commits to FCR of 70% and reopen rate under 7%: the best cost per resolved contact on the shortlist "
     "once Kestrel's missing FCR is priced in.", "pricing workbook v3"),
    ("brightline", "technology.automation-disclosure", PRIYA, "na",
     "No AI or automation proposed on our data; agents work inside our Zendesk only.", "architecture call"),
    ("brightline", "technology.automation-disclosure", MAYA, "na",
     "Nothing to disclose: no AI tools in their proposal.", ""),
    ("brightline", "reporting.dashboard", MAYA, 3,
     "Real-time dashboard only from month 3, a manual weekly report until then (matches the reference's "
     "complaint).", "dashboard demo"),
    ("brightline", "scalability.flexible-staffing", TOMAS, 4,
     "Plus or minus 20% on 30 days' notice, priced; did the same for the payroll reference in Q4.",
     "RFP answer 11.1"),
    ("brightline", "onboarding.written-plan", MAYA, 4,
     "Five-week plan with reverse-testing on 40 simulated tickets; day-by-day schedule shared.",
     "onboarding plan draft v3"),
    ("brightline", "qa.calibration", MAYA, 3,
     "Calibration was monthly in the pilot; weekly only 'from go-live'. Want it written into the SOW.",
     "calibration session 1"),
    ("brightline", "qa.calibration", TOMAS, 5, "Offered weekly calibration with our QA lead from day one.", ""),
    ("brightline", "technology.business-continuity", PRIYA, 3,
     "Failover to Bogotá, which is outside the ISO scope; last DR test was 14 months ago.", "BCP summary"),
    ("brightline", "escalation.handover", PRIYA, 4,
     "Handover template captures account ID, logs and reproduction steps; fits our Jira flow.",
     "example escalation matrix"),
    ("brightline", "references.case-studies", TOMAS, 5,
     "Two case studies with baselines: CSAT up 9 points, reopen rate down to 6%, including what went wrong "
     "in month two.", "case study pack"),

    # Łukasiewicz & Partners: best scores, contract gap
    ("lukasiewicz", "sector.product-type", MAYA, 5,
     "Tier 2 team are former developers; sample tickets include API rate-limit debugging and webhook replay. "
     "The deepest technical bench we saw.", "sample tickets pack"),
    ("lukasiewicz", "sector.regulatory-knowledge", PRIYA, 4,
     "GDPR-native (EU entity), knows CCPA service-provider terms, named compliance owner.", "RFP answer 2.3"),
    ("lukasiewicz", "references.comparable-clients", TOMAS, 4,
     "Three SaaS references, including a US accounting platform of our size.", "reference list"),
    ("lukasiewicz", "references.reference-calls", TOMAS, 5,
     "Reference call with a US accounting SaaS: 'they fixed our knowledge base for us'. FCR of 76% "
     "confirmed.", "reference call #1"),
    ("lukasiewicz", "culture.timezone-overlap", MAYA, 2,
     "07:00-19:00 CET covers only US mornings; a late shift from Gdańsk was offered but not priced.",
     "RFP answer 5.3"),
    ("lukasiewicz", "culture.communication-style", MAYA, 3,
     "Excellent written English, a little formal; needed two rounds of tone feedback in the pilot.",
     "pilot week 1 transcripts"),
    ("lukasiewicz", "qa.audit-coverage", MAYA, 5,
     "10% weekly, with AI pre-screening of every ticket to target the sample; coverage reported weekly.",
     "pilot week 2 QA sample"),
    ("lukasiewicz", "security.certifications", PRIYA, 5,
     "SOC 2 Type II and ISO 27001 both cover Kraków and Gdańsk; clean opinions two cycles running.",
     "SOC 2 Type II report section 3"),
    ("lukasiewicz", "technology.automation-disclosure", MAYA, 4,
     "AI ticket summaries demoed in the pilot; our Tier 3 engineers liked them.", "pilot week 2 transcripts"),
    ("lukasiewicz", "technology.automation-disclosure", PRIYA, 1,
     "Summaries run on the vendor's own model, hosted by a US sub-processor. They would not confirm that our "
     "data is excluded from training. Flagged to Dana (AI-02).", "architecture call"),
    ("lukasiewicz", "technology.buyer-stack", PRIYA, 4,
     "Works in Zendesk and Salesforce for four clients; SSO to our Okta tested.", "architecture call"),
    ("lukasiewicz", "escalation.matrix", TOMAS, 5,
     "Best example matrix on the shortlist: P1 paging, billing disputes over $5k, legal requests routed to "
     "our counsel.", "example escalation matrix"),
    ("lukasiewicz", "technology.integration-testing", PRIYA, 4,
     "Sandbox test plan with rollback; dry run with 50 test tickets proposed.", "integration test plan"),
    ("lukasiewicz", "commercials.cost-per-resolution", MAYA, 3,
     "Cost per resolved contact is good only if the late shift is priced in; it is not yet.", "pricing workbook"),
    ("lukasiewicz", "references.due-diligence", PRIYA, 4,
     "Audited financials for three years, no litigation; company registry and beneficial owners checked.",
     "credit report"),
    ("lukasiewicz", "commercials.pricing-transparency", TOMAS, 4,
     "Full rate card; annual increase capped at CPI + 2%.", "rate card"),
    ("lukasiewicz", "onboarding.readiness-gate", MAYA, 5,
     "Agents must pass 30 simulated tickets at QA 85 or better before going live, then two weeks of nesting "
     "with 100% review.", "onboarding plan draft v2"),

    # Kestrel Global: the cost-only pick
    ("kestrel", "commercials.tco", TOMAS, 5,
     "$11.50/h all-in with 24/7 included; year-one TCO $0.61M, 36% under the median.", "pricing workbook v1"),
    ("kestrel", "commercials.tco", MAYA, 4,
     "Simple all-in rate card and the seat price is low, but QA and onboarding are 'included' with no "
     "hours behind them.",
     "pricing workbook v1"),
    ("kestrel", "commercials.cost-per-resolution", TOMAS, 4,
     "Lowest cost per contact on the shortlist by a wide margin.", "RFP answer 13.2"),
    ("kestrel", "commercials.cost-per-resolution", MAYA, 2,
     "No FCR commitment, and a 4-minute AHT target for Tier 2 means repeat contacts. Per resolved contact "
     "they come out close to Brightline.", "RFP answer 13.2"),
    ("kestrel", "qa.audit-coverage", MAYA, 1,
     "Reviews 'about 1%' of interactions, picked by team leads; no coverage report.", "RFP answer 6.1"),
    ("kestrel", "qa.audit-coverage", TOMAS, 2,
     "Claims 3% a week; no report to back it.", "RFP answer 6.1"),
    ("kestrel", "qa.independent-team", MAYA, 1, "Team leads score their own agents.", "org chart in proposal"),
    ("kestrel", "culture.pilot-samples", MAYA, 1,
     "The pilot was handled by a showcase team, not the proposed agents, and they asked us not to contact "
     "the proposed agents directly.", "pilot week 1 transcripts"),
    ("kestrel", "culture.pilot-samples", TOMAS, 4,
     "Pilot chats were polite and fast; CSAT 90% on 120 chats.", "pilot week 1 CSAT export"),
    ("kestrel", "sector.product-type", MAYA, 1,
     "Every example is order status or returns; nothing on API or integration tickets.", "sample tickets pack"),
    ("kestrel", "references.comparable-clients", TOMAS, 1,
     "All three references are e-commerce order-status desks; none is technical SaaS.", "reference list"),
    ("kestrel", "references.reference-calls", TOMAS, 2,
     "Reference (fashion retailer) happy with price and 24/7 cover; could not speak to QA or escalations.",
     "reference call #1"),
    ("kestrel", "onboarding.written-plan", MAYA, 1,
     "Onboarding is 'a one-week bootcamp' on a single slide: no shadowing, no readiness test.",
     "RFP answer 7.1"),
    ("kestrel", "scalability.flexible-staffing", TOMAS, 5,
     "Can add 30 agents within two weeks; flex down on 30 days' notice.", "RFP answer 11.1"),
    ("kestrel", "security.certifications", PRIYA, 3,
     "ISO 27001 covers Cebu; the Manila overflow site is outside the scope.", "ISO 27001 certificate + SoA"),
    ("kestrel", "security.endpoint-hardening", PRIYA, 2,
     "Home agents on personal laptops with a VPN client; USB not blocked.", "security questionnaire row 87"),
    ("kestrel", "security.incident-response", PRIYA, 2,
     "Plan promises notice 'without undue delay'; no tabletop exercise in the last year.",
     "incident response policy v1"),
    ("kestrel", "management.team-lead", MAYA, 2,
     "One lead per 18 agents, well above what we asked for.", "org chart in proposal"),
    ("kestrel", "scalability.forecast-model", MAYA, 5,
     "Their workforce planning is the strongest part of the bid: interval-level Erlang model, forecast "
     "accuracy within 4% for a retail client.", "staffing model workbook"),
    ("kestrel", "commercials.fee-at-risk", MAYA, 3,
     "10% at risk, but weighted to response time and AHT; CSAT is the only quality metric.", "MSA draft schedule 3"),
    ("kestrel", "commercials.fee-at-risk", TOMAS, 4, "", ""),
    ("kestrel", "commercials.pricing-transparency", TOMAS, 5,
     "One all-in rate per seat-hour; annual increase capped at 3%.", "rate card"),
    ("kestrel", "commercials.exit-costs", TOMAS, 5,
     "No termination fee; 30 days of transition support included in the rate.", "RFP answer 13.5"),
    ("kestrel", "security.identity-access", PRIYA, 2,
     "Individual accounts with MFA, but roles are informal and leavers are removed 'weekly'.",
     "security questionnaire row 52"),
    ("kestrel", "culture.language-proficiency", MAYA, 3,
     "Good spoken English; written replies needed heavy editing in the pilot.", "pilot week 1 transcripts"),
    ("kestrel", "references.due-diligence", PRIYA, 2,
     "Ownership changed twice in three years; the latest accounts are not filed yet.", "credit report"),

    # Cape Lantern: shortlisted late
    ("capelantern", "sector.industry-tenure", TOMAS, 4,
     "Four UK SaaS clients over 4+ years, one of them an invoicing tool.", "RFP answer 2.1"),
    ("capelantern", "references.reference-calls", TOMAS, None,
     "First reference call booked for next week; none held yet.", ""),
    ("capelantern", "culture.language-proficiency", MAYA, 4,
     "Neutral English, tested to C1; no second language.", "language test results sheet"),
    ("capelantern", "culture.timezone-overlap", MAYA, 3,
     "Cape Town is 6-7 hours ahead of New York: US mornings and EU hours fully covered, US evenings only "
     "with a late shift.", "RFP answer 5.3"),
    ("capelantern", "culture.pilot-samples", MAYA, None,
     "No pilot yet; a two-week pilot starts in week 7.", ""),
    ("capelantern", "commercials.tco", TOMAS, 4,
     "$19/h with leads and QA priced; year-one TCO $0.79M. Exit costs not quoted yet.", "pricing workbook v1"),
    ("capelantern", "commercials.cost-per-resolution", TOMAS, 4,
     "Quotes FCR of 72% from a comparable UK SaaS account.", "RFP answer 13.2"),
    ("capelantern", "sector.product-type", MAYA, 3,
     "Mostly Tier 1 SaaS; Tier 2 experience limited to one account.", "sample tickets pack"),
)

# Evidence a generated answer may cite, per category ({n}: the criterion's RFP question).
EVIDENCE: dict[str, tuple[str, ...]] = {
    "sector": ("RFP answer 2.{n}", "client list (anonymised)", "case study pack", "sample tickets pack"),
    "references": ("RFP answer 3.{n}", "reference call #1", "reference call #2", "credit report"),
    "security": ("security questionnaire (SIG Lite)", "SOC 2 Type II report", "ISO 27001 certificate + SoA",
                 "RFP answer 4.{n}", "site visit"),
    "culture": ("RFP answer 5.{n}", "pilot week 1 transcripts", "pilot week 2 transcripts",
                "sample replies to our macros", "site visit"),
    "qa": ("RFP answer 6.{n}", "pilot week 2 QA sample", "QA form (vendor draft)", "calibration session 1"),
    "onboarding": ("RFP answer 7.{n}", "onboarding plan draft", "trainer interview"),
    "management": ("RFP answer 8.{n}", "org chart in proposal", "governance deck"),
    "escalation": ("RFP answer 9.{n}", "example escalation matrix", "escalation workshop"),
    "reporting": ("RFP answer 10.{n}", "sample weekly report", "dashboard demo"),
    "scalability": ("RFP answer 11.{n}", "staffing model workbook", "peak plan"),
    "technology": ("RFP answer 12.{n}", "architecture call", "integration test plan", "BCP summary"),
    "commercials": ("RFP answer 13.{n}", "pricing workbook", "TCO model tab 'Year 1'", "rate card"),
}
EVIDENCE_RATE = 0.3


# --- legal -------------------------------------------------------------------------------

# Where each item sits in a typical draft package; vendors rename and renumber (see _Vendor.docs/offset).
CLAUSES: dict[str, str] = {
    "DP-01": "DPA Annex I", "DP-02": "DPA 3.1", "DP-03": "DPA 3.4", "DP-04": "DPA 4-9", "DP-05": "DPA 6.1",
    "DP-06": "DPA 6.2", "CA-01": "CCPA Addendum 2.1", "CA-02": "CCPA Addendum 2.2",
    "CA-03": "CCPA Addendum 2.3", "CA-04": "CCPA Addendum 2.4", "CA-05": "CCPA Addendum 2.5",
    "CA-06": "CCPA Addendum 3.1", "CA-07": "CCPA Addendum 3.2", "CA-08": "CCPA Addendum 3.3",
    "CA-09": "CCPA Addendum 3.4", "CA-10": "CCPA Addendum 4.1", "CA-11": "CCPA Addendum 4.2",
    "XB-01": "DPA 10.1", "XB-02": "DPA 10.2", "XB-03": "DPA 10.3", "XB-04": "DPA Annex IV",
    "AI-01": "MSA 14.1", "AI-02": "MSA 14.2", "AI-03": "MSA 14.3", "AI-04": "SOW 5.2", "AI-05": "SOW 5.3",
    "AI-06": "SOW 5.4", "AI-07": "MSA 14.5", "AI-08": "MSA 14.6", "IP-01": "MSA 11.1", "IP-02": "MSA 11.2",
    "IP-03": "MSA 11.4", "IP-04": "MSA 10.1", "IP-05": "MSA 13.2", "SB-01": "DPA Annex II",
    "SB-02": "DPA 7.1", "SB-03": "DPA 7.3", "SB-04": "MSA 9.4", "SB-05": "DPA Annex II", "LI-01": "MSA 12.3",
    "LI-02": "MSA 13.1", "LI-03": "MSA 15.1", "AU-01": "DPA 8.1", "AU-02": "DPA 8.4", "AU-03": "DPA 8.5",
    "SP-01": "DPA 5.1", "SP-02": "DPA 5.2", "SP-03": "DPA 5.3", "SP-04": "DPA Annex III", "SP-05": "DPA 5.5",
    "EX-01": "DPA 9.1", "EX-02": "MSA 18.2", "EX-03": "MSA 18.3", "EX-04": "MSA 18.4", "EX-05": "MSA 18.6",
    "EX-06": "MSA 17.2", "EX-07": "MSA 19.1",
}

# (vendor, item) -> (status, note, clause or "" for the default)
LEGAL: dict[tuple[str, str], tuple[str, str, str]] = {
    # Summit Ridge: clean, three points to negotiate
    ("summit", "SB-04"): ("ok", "PCI DSS v4.0.1 AOC (service provider, Level 1) plus a written responsibility "
                          "acknowledgment; responsibility matrix in Annex C.", "MSA 9.4; Annex C"),
    ("summit", "SB-02"): ("ok", "Notice within 24 hours of awareness, with the Art. 33(3) content.", ""),
    ("summit", "EX-03"): ("negotiate", "Draft: termination assistance 'at Vendor's then-current rates, subject "
                          "to availability'. Ask for 12 months at full SLAs and fixed rates.", ""),
    ("summit", "IP-03"): ("negotiate", "Residuals clause: 'information retained in unaided memory may be used "
                          "freely'. Strike it or limit it to general skills.", ""),
    ("summit", "DP-05"): ("negotiate", "Help with data-subject requests 'billed at then-current rates' beyond 10 "
                          "requests a month. Include it in the price.", ""),
    ("summit", "AI-04"): ("na", "No bots or AI-written customer replies in scope (SOW 2.1).", "SOW 2.1"),
    ("summit", "AI-05"): ("na", "No AI-generated content in scope.", "SOW 2.1"),
    ("summit", "LI-03"): ("ok", "Cyber $10M, tech E&O $5M, crime $2M; certificates received.", ""),
    ("summit", "AU-01"): ("ok", "On-site audit once a year on 30 days' notice, plus any time after a breach.", ""),
    # Brightline: acceptable, several transfer and flow-down points to fix
    ("brightline", "XB-03"): ("negotiate", "'In case of conflict this Agreement prevails over the SCCs.' The SCCs "
                              "must prevail (clause 5).", "DPA 11.4"),
    ("brightline", "XB-04"): ("negotiate", "No transfer impact assessment for Brazil or Colombia; 'available on "
                              "request'. Get it before signing.", ""),
    ("brightline", "SP-04"): ("negotiate", "Annex III lists only 'key sub-processors'; the Bogotá staffing agency "
                              "is missing.", ""),
    ("brightline", "DP-03"): ("negotiate", "Confidentiality limited to 'employees', but the Bogotá satellite uses "
                              "agency staff.", ""),
    ("brightline", "EX-02"): ("negotiate", "Data returned in 'Vendor's standard export format'. Name CSV/JSON with "
                              "a data dictionary in an exit annex.", ""),
    ("brightline", "CA-08"): ("negotiate", "Notice 'where commercially practicable'. We need five business days, "
                              "no qualifier.", ""),
    ("brightline", "SB-02"): ("ok", "24 hours from awareness, per our template.", ""),
    ("brightline", "AI-01"): ("ok", "No AI tools in scope; any new tool needs our written approval.", ""),
    ("brightline", "AI-04"): ("na", "No bots in scope.", "SOW 2.3"),
    ("brightline", "AI-05"): ("na", "No AI-generated content in scope.", "SOW 2.3"),
    # Łukasiewicz: the contract gap
    ("lukasiewicz", "AI-02"): ("missing", "FA 16.2 grants Vendor 'a perpetual, irrevocable licence to use "
                               "Customer Data and Interaction Records to train and improve Vendor's AI models'. "
                               "No opt-in, no carve-out. Deal-breaker as drafted: no training on our data without "
                               "written opt-in.", "FA 16.2; AI Services Schedule 3"),
    ("lukasiewicz", "CA-04"): ("negotiate", "Read with AI-02: data may be used 'to develop new features and "
                               "products'. Limit to improving the service they provide to us.",
                               "AI Services Schedule 3.4"),
    ("lukasiewicz", "AI-03"): ("negotiate", "'Vendor owns all models, prompts and derivatives created in "
                               "performing the Services.' We need ownership of outputs and of anything derived "
                               "from our data.", ""),
    ("lukasiewicz", "AI-01"): ("negotiate", "Tools are listed in the AI Services Schedule, but Vendor 'may add "
                               "tools at its discretion' on notice only.", "AI Services Schedule 1"),
    ("lukasiewicz", "SP-04"): ("negotiate", "The US model-hosting sub-processor is not on Annex III.", ""),
    ("lukasiewicz", "XB-01"): ("ok", "Delivery from Kraków and Gdańsk (EEA).", ""),
    ("lukasiewicz", "XB-02"): ("ok", "US model host certified under the EU-US Data Privacy Framework; SCCs as "
                               "fallback.", ""),
    ("lukasiewicz", "SB-02"): ("ok", "24 hours from awareness.", ""),
    # Kestrel: review paused after the knockout
    ("kestrel", "DP-01"): ("negotiate", "Annex I says 'as described in the Agreement': no data categories, no "
                           "retention period.", ""),
    ("kestrel", "DP-03"): ("negotiate", "Confidentiality covers 'employees' only; about 40% of agents come from "
                           "staffing agencies.", ""),
    ("kestrel", "XB-01"): ("negotiate", "Processing in 'any country where Vendor or its affiliates operate'.", ""),
    ("kestrel", "SB-01"): ("negotiate", "'Industry-standard security, updated from time to time'; no security "
                           "annex.", "MSA 8"),
    ("kestrel", "SB-02"): ("negotiate", "'Within a commercially reasonable time after Vendor completes its "
                           "investigation.' Needs a hard deadline from awareness.", ""),
    ("kestrel", "SB-04"): ("negotiate", "'Customer solely responsible for PCI compliance'; AOC offered instead of "
                           "a written acknowledgment.", ""),
    ("kestrel", "LI-01"): ("negotiate", "'Liability including data breach limited to fees paid in the prior 3 "
                           "months' (about $45k).", ""),
    ("kestrel", "EX-01"): ("negotiate", "'Deleted within 180 days per Vendor policy'; no certificate.", ""),
    ("kestrel", "AI-02"): ("ok", "No AI on client data; confirmed in writing.", ""),
    # Cape Lantern: just started
    ("capelantern", "AI-02"): ("ok", "Confirms no AI use on client data.", "MSA 8.1"),
    ("capelantern", "SB-01"): ("negotiate", "Security annex points to their ISO SoA 'as updated from time to "
                               "time'; we need no-downgrade wording.", ""),
    ("capelantern", "SB-02"): ("ok", "24 hours from awareness.", ""),
}


# --- proposals: SLA terms and TCO inputs (year one) ----------------------------------------------

# Summit quotes an FCR target from "industry benchmarks" and caps service credits at 3%; Brightline and
# Łukasiewicz propose balanced SLAs; Kestrel's only quality term is CSAT, with a token QA sample; Cape
# Lantern's late RFP answer has speed targets only.
SLA: dict[str, dict[str, Any]] = {
    "summit": {"first_response_hours": 1, "resolution_hours": 24, "fcr_target_pct": 78, "csat_min_pct": 88,
               "reopen_max_pct": 7, "qa_score_min_pct": 85, "qa_sample_pct": 8, "calibration": "weekly",
               "fee_at_risk_pct": 3, "review_cadence": "monthly"},
    "brightline": {"first_response_hours": 2, "resolution_hours": 24, "fcr_target_pct": 70, "csat_min_pct": 88,
                   "reopen_max_pct": 7, "qa_score_min_pct": 85, "qa_sample_pct": 5, "calibration": "weekly",
                   "fee_at_risk_pct": 10, "review_cadence": "monthly"},
    "lukasiewicz": {"first_response_hours": 2, "resolution_hours": 20, "fcr_target_pct": 72, "csat_min_pct": 90,
                    "reopen_max_pct": 6, "qa_score_min_pct": 85, "qa_sample_pct": 10, "calibration": "weekly",
                    "fee_at_risk_pct": 12, "review_cadence": "weekly"},
    "kestrel": {"first_response_hours": 1, "resolution_hours": 12, "csat_min_pct": 80, "qa_sample_pct": 1,
                "calibration": "none", "fee_at_risk_pct": 10, "review_cadence": "quarterly"},
    "capelantern": {"first_response_hours": 4, "resolution_hours": 48},
}
# Year-one figures matching the evaluators' notes: Summit $1.31M, Brightline $0.88M, Kestrel $0.61M,
# Cape Lantern $0.79M before exit costs (not quoted yet: its TCO stays open). Kestrel commits to no FCR:
# 45% is the buyer's estimate from the pilot, which puts its cost per resolved contact near Brightline's.
TCO: dict[str, dict[str, Any]] = {
    "summit": {"pricing": "hourly", "hourly_rate": 41, "productive_hours": 128, "agents": 17,
               "contacts_per_month": 11000, "management_monthly": 9000, "oversight_monthly": 4500,
               "onboarding_one_off": 38000, "integration_one_off": 15000, "exit_one_off": 24000,
               "contract_months": 12, "fcr_pct": 74},
    "brightline": {"pricing": "hourly", "hourly_rate": 26.5, "productive_hours": 140, "agents": 16,
                   "contacts_per_month": 12000, "management_monthly": 6500, "oversight_monthly": 4000,
                   "onboarding_one_off": 21000, "integration_one_off": 12000, "exit_one_off": 8000,
                   "contract_months": 12, "fcr_pct": 70},
    "lukasiewicz": {"pricing": "per_contact", "price_per_contact": 5.1, "contacts_per_month": 12000,
                    "management_monthly": 0, "oversight_monthly": 5000, "onboarding_one_off": 30000,
                    "integration_one_off": 18000, "exit_one_off": 15000, "contract_months": 12, "fcr_pct": 76},
    "kestrel": {"pricing": "hourly", "hourly_rate": 11.5, "productive_hours": 150, "agents": 25,
                "contacts_per_month": 14000, "management_monthly": 0, "oversight_monthly": 6500,
                "onboarding_one_off": 5000, "integration_one_off": 10000, "exit_one_off": 0,
                "contract_months": 12, "fcr_pct": 45},
    "capelantern": {"pricing": "hourly", "hourly_rate": 19, "productive_hours": 150, "agents": 18,
                    "contacts_per_month": 11000, "management_monthly": 6000, "oversight_monthly": 4000,
                    "onboarding_one_off": 30000, "integration_one_off": 24000, "contract_months": 12,
                    "fcr_pct": 72},
}


# --- after signing: staffing, the pilot and the first six months with Brightline ---------------

# Tier 1/2 tickets (email and web form, answered within the SLA's 2 hours): 12,000 a month, weekdays
# heavier, 8:00-21:00. Deferred work: 14.7 FTE at 30% shrinkage, 1 team lead and 1 QA analyst at the
# usual spans. Every bid carries enough agents; Cape Lantern's late bid puts 18 agents under one team
# lead and names no QA analyst.
DEMAND: dict[str, Any] = {"channel": "email", "monthly_volume": 12000, "aht_seconds": 420, "first_response_hours": 2}
DEMAND_DAYS = {"mon": 19, "tue": 18, "wed": 17, "thu": 17, "fri": 16, "sat": 8, "sun": 5}
DEMAND_HOURS = {"08": 5, "09": 8, "10": 10, "11": 10, "12": 9, "13": 9, "14": 10, "15": 10, "16": 9, "17": 8,
                "18": 6, "19": 4, "20": 2}
PROPOSED_STAFF: dict[str, dict[str, Any]] = {
    "summit": {"team_leads": 2, "qa_analysts": 1},
    "brightline": {"team_leads": 2, "qa_analysts": 1},
    "capelantern": {"team_leads": 1, "qa_analysts": 0},
}
# Signed with Brightline: service credits under its 10% fee at risk, capped at 8% of the invoice, with a
# two-month earn-back.
SIGNED_CREDITS: dict[str, Any] = {"credit_first_response_pct": 25, "credit_resolution_pct": 15, "credit_fcr_pct": 30,
                                  "credit_csat_pct": 30, "credit_reopen_pct": 10, "credit_qa_score_pct": 20,
                                  "credit_cap_pct": 8, "earn_back_months": "2"}
# The pilot (November-December 2026): shaky first weeks, then four clean weeks: go.
PILOT_WEEKS = [  # week, first response h, resolution h, FCR, CSAT, reopen, QA
    (45, 2.6, 28, 64, 85, 8.8, 82), (46, 2.3, 26, 67, 86, 8.1, 84), (47, 2.0, 24, 69, 88, 7.4, 85),
    (48, 1.9, 23, 70, 88, 7.0, 85), (49, 1.8, 22, 71, 89, 6.8, 86), (50, 1.7, 22, 71, 88, 6.9, 86),
    (51, 1.8, 21, 72, 89, 6.5, 87), (52, 1.6, 21, 72, 90, 6.4, 87)]
# Months 1-6 of the contract. Month 4 is the trap: after a wave of attrition, new hires are pushed on
# handle time, speed looks better than ever, and FCR, CSAT, reopen rate and QA all fall; the vendor's
# own QA grades lenient that month (the calibration alpha drops). Month 1's credit was claimed only in
# part and month 4's not at all.
MONTHS = [  # volume, first response h, resolution h, FCR, CSAT, reopen, QA, attrition %, AHT s, claimed
    (11800, 2.4, 27, 66, 86, 8.2, 83, 4.0, 445, 1500),
    (12100, 1.9, 23, 68, 88, 7.3, 85, 3.5, 430, 0),
    (12300, 1.7, 21, 71, 89, 6.7, 87, 3.0, 420, 0),
    (12600, 1.2, 16, 64, 84, 9.4, 82, 7.5, 355, 0),
    (12400, 1.6, 20, 69, 87, 7.4, 85, 4.5, 405, 0),
    (12200, 1.5, 19, 72, 89, 6.5, 88, 3.0, 415, 0),
]
HOURLY_FEE = 26.5 * 140 * 16 + 6500  # Brightline's monthly invoice at its bid
QA_SAMPLE_TICKETS = 20  # tickets graded by both the buyer and the vendor each month


def after_signing(ws: Workspace, ids: dict[str, str]) -> None:
    """Staffing demand, proposed team leads and QA, and Brightline's pilot and first six months."""
    from . import operations

    operations.set_demand(ws, DEMAND, days=DEMAND_DAYS, hours=DEMAND_HOURS)
    for key, staff in PROPOSED_STAFF.items():
        ws.set_tco(ids[key], staff)
    vid = ids["brightline"]
    ws.set_sla(vid, SIGNED_CREDITS)
    weeks = [operations.KpiPeriod(period=f"2026-W{w}", first_response_hours=frt, resolution_hours=res, fcr_pct=fcr,
                                  csat_pct=csat, reopen_pct=reopen, qa_score_pct=qa)
             for w, frt, res, fcr, csat, reopen, qa in PILOT_WEEKS]
    months = []
    for n, (volume, frt, res, fcr, csat, reopen, qa, attrition, aht, claimed) in enumerate(MONTHS, start=1):
        fee = round(HOURLY_FEE * volume / 12000)  # hours billed follow the volume
        months.append(operations.KpiPeriod(
            period=f"2027-{n:02d}", volume=volume, first_response_hours=frt, resolution_hours=res, fcr_pct=fcr,
            csat_pct=csat, reopen_pct=reopen, qa_score_pct=qa, qa_sample_size=round(volume * 0.055),
            aht_seconds=aht, attrition_pct=attrition, fee_invoiced=fee, credit_claimed=claimed))
    operations.store_kpi(ws, vid, operations.ParsedKpi("kpi", tuple(weeks + months)))
    operations.store_kpi(ws, vid, operations.ParsedKpi("qa", qa_samples=tuple(_qa_samples())))
    operations.set_pilot(ws, vid, _date(2026, 11, 2), _date(2026, 12, 27), weeks=4)


# The returned RFP packs (round 1): the vendors' own words beside the scores. Brightline's PCI DSS
# attestation expired in June 2026, on a must-have it was scored on: a condition to sign. Its QA
# coverage answer names no proof, so that must-have has no evidence on record.
RESPONSES: dict[str, dict[str, dict[str, str]]] = {
    "brightline": {
        "security.certifications": {
            "Answer": "ISO 27001:2022 certified for the São Paulo and Campinas delivery sites (certificate BR-2291).",
            "Evidence reference": "ISO 27001 certificate BR-2291.pdf"},
        "security.encryption": {
            "Answer": "TLS 1.2 or later in transit; AES-256 at rest on the ticketing replicas and call "
                      "recordings. Card data never enters our systems: agents use your pay-by-link flow.",
            "Evidence reference": "PCI DSS Attestation of Compliance 2025.pdf"},
        "security.incident-response": {
            "Answer": "Playbook tested twice a year with a tabletop exercise; breach notice to clients within "
                      "24 hours of detection.",
            "Evidence reference": "Incident response playbook v7.pdf"},
        "qa.audit-coverage": {"Answer": "QA audits 6% of interactions every week, calibrated monthly with you."},
        "DP-01": {"Position": "Accepted", "Clause reference": "DPA Annex I"},
        "DP-02": {"Position": "Accepted", "Clause reference": "DPA 3.1"},
    },
    "summit": {
        "security.certifications": {
            "Answer": "SOC 2 Type II (period ending 31 March 2026) for all US sites; bridge letter on request.",
            "Evidence reference": "Summit Ridge SOC 2 Type II 2026.pdf"},
        "security.encryption": {"Answer": "Yes, everywhere: TLS 1.3 in transit, AES-256 at rest, keys in an HSM."},
        "DP-01": {"Position": "Accepted with changes", "Comment": "Retention periods to be agreed per channel.",
                  "Clause reference": "DPA Annex 1"},
    },
}
RESPONSES_IMPORTED = "2026-10-20T09:00:00+00:00"
# (vendor key, reference) -> where in the document, received, expires
EVIDENCE_DATES = {
    ("brightline", "ISO 27001 certificate BR-2291.pdf"): ("p. 1", (2026, 10, 20), (2028, 5, 31)),
    ("brightline", "PCI DSS Attestation of Compliance 2025.pdf"): ("section 2", (2026, 10, 20), (2026, 6, 30)),
    ("brightline", "Incident response playbook v7.pdf"): ("", (2026, 10, 20), None),
    ("summit", "Summit Ridge SOC 2 Type II 2026.pdf"): ("section IV", (2026, 10, 18), (2028, 3, 31)),
}


def vendor_responses(ws: Workspace, ids: dict[str, str]) -> None:
    """Each returned pack goes the way a user's does: the exported XLSX, filled in, imported."""
    import tempfile

    from openpyxl import load_workbook

    from .rfp import evidence, pack, responses

    with tempfile.TemporaryDirectory() as tmp:
        for key, answers in RESPONSES.items():
            path = pack.export(ws, ids[key], Path(tmp) / f"{key}.xlsx")
            wb = load_workbook(path)
            for layout in pack.LAYOUTS:
                sheet = wb[layout.sheet]
                for row in range(2, sheet.max_row + 1):
                    for column, text in answers.get(sheet.cell(row, 1).value, {}).items():
                        sheet.cell(row, layout.column_of(column)).value = text
            wb.save(path)
            responses.import_file(ws, ids[key], path, now=RESPONSES_IMPORTED)
    for (key, reference), (location, received, expires) in EVIDENCE_DATES.items():
        for rec in evidence.records(ws, ids[key]):
            if rec.reference == reference:
                evidence.update(ws, ids[key], rec.id, location=location, received=_date(*received),
                                expires=_date(*expires) if expires else None)


def _qa_samples() -> Iterator[Any]:
    from .operations import QaSample

    for n in range(1, len(MONTHS) + 1):
        rng = _rng("qa", str(n))
        lenient = n == 4  # the month the vendor's QA stopped failing its new hires
        for t in range(QA_SAMPLE_TICKETS):
            buyer = min(100, max(40, round(rng.gauss(MONTHS[n - 1][6], 8))))
            vendor = buyer + rng.choice((-3, -1, 0, 0, 1, 2, 3))
            if lenient:
                vendor = max(buyer, 88) + rng.randint(0, 6)
            yield QaSample(period=f"2027-{n:02d}", ticket=f"BL-{n}{t:03d}", buyer_score=buyer,
                           vendor_score=min(100, max(0, vendor)))


def _date(year: int, month: int, day: int) -> Any:
    import datetime

    return datetime.date(year, month, day)


# --- ensure --------------------------------------------------------------------------------


def ensure(path: Path, reset: bool = False) -> tuple[Workspace, bool]:
    """Open the demo workspace at path, creating it first when needed.

    Returns (workspace, created). An existing demo workspace is reused unchanged,
    or rebuilt with reset=True. A folder that holds anything else is refused and
    never touched. The demo is built in a temporary sibling folder and moved into
    place, so an interrupted build never leaves a half-made demo behind.
    """
    path = Path(path)
    if path.is_dir() and (path / WORKSPACE_FILE).exists():
        if not _is_demo(path):
            raise _refuse(path)
        if not reset:
            return Workspace(path), False
        created = _replace(path, existing=True)
        return Workspace(path), created
    if (path.exists() or path.is_symlink()) and (not path.is_dir() or any(path.iterdir())):
        raise _refuse(path)
    created = _replace(path, existing=False)  # a new or an empty folder
    return Workspace(path), created


def _refuse(path: Path) -> VendorbenchError:
    return VendorbenchError(f"{path}: exists and is not a demo workspace; choose another folder")


def _is_demo(path: Path) -> bool:
    try:
        return path.is_dir() and Workspace(path).meta.demo
    except (VendorbenchError, OSError, KeyError, TypeError, AttributeError):
        return False


def _replace(path: Path, existing: bool) -> bool:
    """Build the demo next to path and move it in (in place for a symlink or the current folder).

    Returns False when another process created the demo at path meanwhile (it is then reused).
    """
    if path.is_symlink() or _is_cwd(path):
        if existing:
            _clear(path)
        build(path)
        return True
    parent = path.absolute().parent
    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp, old = parent / f".{path.name}.demo-{tag}", parent / f".{path.name}.old-{tag}"
    try:
        make_dir(parent)
        build(tmp)
        if existing:
            os.rename(path, old)
        elif path.exists():
            os.rmdir(path)  # empty (checked before); fails if something appeared meanwhile
        try:
            os.rename(tmp, path)
        except OSError:
            if existing:
                os.rename(old, path)  # put the previous demo back
            raise
    except OSError as exc:
        if not existing and _is_demo(path):
            return False
        raise VendorbenchError(f"{path}: could not create the demo workspace: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
    return True


def _is_cwd(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return path.exists() and path.resolve() == Path.cwd().resolve()
    return False


def _clear(path: Path) -> None:
    for child in path.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


# --- building --------------------------------------------------------------------------------


def build(root: Path) -> Workspace:
    """Create the demo workspace at root (a new or empty folder) through the public API."""
    ws = Workspace.create(root, DEMO_NAME, demo=True)
    sc, checklist = ws.scorecard, ws.legal
    ids = {}
    for spec in VENDORS:
        ids[spec.key] = ws.add_vendor(spec.name, region=spec.region, website=spec.website, notes=spec.notes).id
    ws.import_answers(answers(sc, ids))
    ws.import_findings(findings(checklist, ids))
    conditions = checklist.conditions()
    for spec in VENDORS:
        for condition in conditions:
            if REGULATED_FINANCIAL in condition or (CARD_DATA in condition and not spec.card_data):
                ws.set_condition(ids[spec.key], condition, applies=False)
    for spec in VENDORS:
        ws.set_sla(ids[spec.key], SLA.get(spec.key, {}))
        ws.set_tco(ids[spec.key], TCO.get(spec.key, {}))
    vendor_responses(ws, ids)
    after_signing(ws, ids)
    return ws


def _rng(*parts: str) -> random.Random:
    return random.Random(":".join((SEED, *parts)))  # str seeds hash with SHA-512: stable across runs


def _in_scope(scope: tuple[str, ...], category: str, criterion: str) -> bool:
    return category in scope or criterion in scope


def _round(x: float) -> int:
    return max(0, min(5, math.floor(x + 0.5)))


def answers(sc: Scorecard, ids: dict[str, str]) -> list[Answer]:
    """Every evaluator's answers: the team view, each evaluator's habits and noise, then the story."""
    story = {(v, c, e): (val, note, ev) for v, c, e, val, note, ev in STORY}
    out: list[Answer] = []
    for spec in VENDORS:
        for cat in sc.categories:
            for n, crit in enumerate(cat.criteria, start=1):
                for evaluator in EVALUATORS:
                    told = story.get((spec.key, crit.id, evaluator))
                    scope = spec.scopes.get(evaluator, ())
                    if told is None and (crit.id in spec.unscored or not _in_scope(scope, cat.id, crit.id)):
                        continue
                    rng = _rng(spec.key, crit.id, evaluator)
                    value: Any = _generated(spec, cat.id, crit.id, evaluator, rng)
                    note = evidence = ""
                    if rng.random() < EVIDENCE_RATE:
                        evidence = _evidence(spec, cat.id, n, rng)
                    if told is not None:
                        value, note = told[0], told[1]
                        evidence = told[2] or (evidence if isinstance(value, int) else "")
                    out.append(Answer(evaluator=evaluator, vendor_id=ids[spec.key], criterion=crit.id,
                                      value=value, note=note, evidence=evidence))
    return out


def _generated(spec: _Vendor, category: str, criterion: str, evaluator: str, rng: random.Random) -> int:
    base = spec.base.get(criterion, spec.base.get(category, 3.0))
    habits = BIAS.get(evaluator, {})
    bias = habits.get("*", 0.0) + habits.get(category, 0.0) + habits.get(criterion, 0.0)
    if evaluator == TOMAS and category == "commercials":
        bias += PRICE_BIAS.get(spec.key, 0.0)
    return _round(base + bias + rng.uniform(-NOISE, NOISE))


def _evidence(spec: _Vendor, category: str, n: int, rng: random.Random) -> str:
    options = [e for e in EVIDENCE.get(category, ("RFP answer",))
               if spec.pilot or not ("pilot" in e or "site visit" in e)]
    return rng.choice(options).format(n=n)


def findings(checklist: LegalChecklist, ids: dict[str, str]) -> list[Finding]:
    """The legal reviewer's findings: complete reviews for some vendors, partial for others."""
    off_conditions = [c for c in checklist.conditions() if REGULATED_FINANCIAL in c]
    out: list[Finding] = []
    for spec in VENDORS:
        off = set(off_conditions) | ({c for c in checklist.conditions() if CARD_DATA in c}
                                     if not spec.card_data else set())
        for item in checklist.items():
            if item.applies_when in off:
                continue
            if spec.legal_scope is not None and item.id not in spec.legal_scope:
                continue
            status, note, clause = LEGAL.get((spec.key, item.id), ("ok", "", ""))
            clause = clause or _clause(spec, CLAUSES.get(item.id, ""))
            out.append(Finding(reviewer=DANA, vendor_id=ids[spec.key], item=item.id, status=status,
                               note=note, clause=clause))
    return out


def _clause(spec: _Vendor, base: str) -> str:
    """The template clause reference in this vendor's own document names and numbering."""
    m = re.fullmatch(r"(MSA|DPA) (\d+)(.*)", base)
    if m:
        doc, number, rest = m.groups()
        if doc == "MSA":
            number = str(int(number) + spec.offset)
        return f"{spec.docs.get(doc, doc)} {number}{rest}"
    head, _, rest = base.partition(" ")
    return f"{spec.docs.get(head, head)} {rest}".strip() if rest else base


def story_ids() -> Iterator[tuple[str, str]]:
    """Every (kind, id) the demo names explicitly, to check against the questionnaires."""
    for _, crit, *_ in STORY:
        yield "criterion", crit
    for spec in VENDORS:
        for cid in spec.unscored:
            yield "criterion", cid
        for key in spec.base:
            yield ("criterion" if "." in key else "category"), key
        for scope in spec.scopes.values():
            for key in scope:
                yield ("criterion" if "." in key else "category"), key
        for item in spec.legal_scope or ():
            yield "item", item
    for _, item in LEGAL:
        yield "item", item
    for item in CLAUSES:
        yield "item", item
