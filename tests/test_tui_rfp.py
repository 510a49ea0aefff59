"""The vendor's response and evidence beside the rubric (scorecard) and the checklist (legal screen)."""

from __future__ import annotations

import asyncio
import datetime as _dt

import pytest
from textual.widgets import OptionList, Static

from vendorbench.rfp import evidence, responses, view
from vendorbench.store import Workspace

from .rfp_helpers import export, fill
from .tui_helpers import demo_copy, make_app, settle

SIZE = (100, 30)
TODAY = _dt.date(2026, 12, 1)


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def shown(app) -> str:
    return " ".join(str(app.screen.query_one("#vendor-response", Static).render()).split())


async def open_on(pilot, screen_key: str, list_id: str, item: str):
    """Brightline (the overview's second row), on screen_key, with item highlighted."""
    pilot.app.session.today = TODAY
    await settle(pilot)
    await pilot.press("down", screen_key)
    await pilot.pause()
    rows = pilot.app.screen.query_one(list_id, OptionList)
    rows.highlighted = rows.get_option_index(item)
    await pilot.pause()
    return pilot.app.screen


def test_scorecard_shows_the_response_round_and_flagged_evidence_beside_the_rubric(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_on(pilot, "s", "#criteria", "security.encryption")
            assert screen.vendor.name == "Brightline São Paulo"
            text = shown(app)
            assert "Vendor's response · round 1" in text and "AES-256 at rest" in text
            assert ("e2 PCI DSS Attestation of Compliance 2025.pdf · section 2 · received 2026-10-20 · "
                    "expires 2026-06-30 EXPIRED") in text
            await pilot.press("4")  # scoring with the answer in view keeps it there
            await settle(pilot)
            assert "AES-256 at rest" in shown(app)
            rows = screen.query_one("#criteria", OptionList)
            rows.highlighted = rows.get_option_index("qa.audit-coverage")
            await pilot.pause()
            assert "QA audits 6% of interactions" in shown(app) and "Evidence on record" not in shown(app)
            rows.highlighted = rows.get_option_index("sector.industry-tenure")
            await pilot.pause()
            assert "Vendor's response: none yet" in shown(app)

    asyncio.run(scenario())


def test_the_vendor_context_is_read_once_per_vendor_not_per_key(ws_path, monkeypatch):
    calls = []
    real = view.vendor_context
    monkeypatch.setattr(view, "vendor_context", lambda *a: calls.append(a[1]) or real(*a))

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_on(pilot, "s", "#criteria", "security.encryption")
            await settle(pilot)
            opened = len(calls)
            assert set(calls) == {"v2"}
            for key in ("down", "down", "3", "up", "2"):
                await pilot.press(key)
            await settle(pilot)
            assert len(calls) == opened  # moving and scoring read nothing
            await pilot.press("greater_than_sign")  # the next vendor reads its own
            await settle(pilot)
            assert len(calls) > opened and "v2" not in calls[opened:]

    asyncio.run(scenario())


def test_legal_screen_shows_the_vendors_position_and_clause_reference(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_on(pilot, "l", "#items", "DP-02")
            text = shown(app)
            assert "Vendor's response · round 1" in text
            assert "Position: Accepted" in text and "Clause reference: DPA 3.1" in text

    asyncio.run(scenario())


def test_vendor_text_is_never_parsed_as_markup(ws_path, tmp_path):
    ws = Workspace(ws_path)
    hostile = "Yes [red]certainly[/red] [/x] [link=file:///etc/passwd]see[/link] [b"
    pack = export(ws_path, "Brightline São Paulo", tmp_path / "p.xlsx")
    responses.import_file(ws, "Brightline São Paulo", fill(pack, tmp_path / "r.xlsx", {
        "security.encryption": {"Answer": hostile, "Evidence reference": "[bold]cert[/bold].pdf"},
        "DP-02": {"Position": "Accepted", "Clause reference": "[/] 3.1"}}))
    assert any(r.reference == "[bold]cert[/bold].pdf" for r in evidence.records(ws, "v2"))

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_on(pilot, "s", "#criteria", "security.encryption")
            text = shown(app)
            assert "Vendor's response · round 2" in text and hostile in text
            assert "[bold]cert[/bold].pdf" in text
            await pilot.press("escape", "escape")
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            rows = app.screen.query_one("#items", OptionList)
            rows.highlighted = rows.get_option_index("DP-02")
            await pilot.pause()
            assert "Clause reference: [/] 3.1" in shown(app)

    asyncio.run(scenario())


def test_an_unreadable_response_round_is_a_notice_and_scoring_goes_on(ws_path):
    (ws_path / "responses" / "v2" / "round-1.json").write_text('{"meta": {"1": {"format": "nope"}}}')

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_on(pilot, "s", "#criteria", "security.encryption")
            assert type(app.screen).__name__ == "ScorecardScreen"
            said = [n for n in app._notifications if "round-1.json: not a response round of this vendor" in n.message]
            assert len(said) == 1
            await pilot.press("4")
            await settle(pilot)
            assert Workspace(ws_path).answers_of(app.session.user, "v2")["security.encryption"].value == 4

    asyncio.run(scenario())


def test_results_screen_flags_expired_evidence_and_its_condition_to_sign(ws_path):
    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            text = " ".join(str(app.screen.query_one("#recommendation", Static).render()).split())
            assert "Evidence flags" in text
            assert "Brightline São Paulo · Is buyer data encrypted" in text and "EXPIRED" in text
            assert "condition to sign" in text

    asyncio.run(scenario())
