"""Defects found using the TUI in real use (issue 9, section 1): one Pilot test each."""

from __future__ import annotations

import asyncio
import html
import re

import pytest
from textual.widgets import DataTable, Input, OptionList

from vendorbench.store import Workspace

from .tui_helpers import demo_copy, make_app, settle

HOSTILE = ["Crash [/nope] Test", "[red]Red[/red] Corp", "Bad [/x] Vendor"]
HOSTILE_USER = "[b]Eve[/b] [/i] Mallory"


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def run(coro):
    return asyncio.run(coro)


def shown_text(app) -> str:
    """Every character on the screen as the user sees it (one line per screen row)."""
    svg = app.export_screenshot()
    rows = re.findall(r"<text [^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(rows)).replace("\xa0", " ")


def toasts(app) -> list[str]:
    from textual.widgets._toast import Toast

    return [t.render().plain for t in app.screen.query(Toast)]


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_hostile_names_are_shown_literally_on_every_screen(ws_path):
    """No user text is ever parsed as markup: walk every screen with hostile vendor and user names."""
    ws = Workspace(ws_path)
    vids = [ws.add_vendor(name).id for name in HOSTILE]

    async def scenario():
        app = make_app(ws_path, user=HOSTILE_USER)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            overview = shown_text(app)
            for name in HOSTILE:
                assert name in overview
            assert HOSTILE_USER in overview  # the header names the user, literally
            table = app.screen.query_one("#vendors", DataTable)
            table.move_cursor(row=table.get_row_index(vids[0]))
            await pilot.press("s")
            await settle(pilot)
            assert HOSTILE[0] in shown_text(app)
            await pilot.press("3", "v")
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            items = app.screen.query_one("#items", OptionList)
            items.highlighted = items.get_option_index("CA-01")
            await pilot.pause()
            await pilot.press("t")
            await settle(pilot)
            for key in ("y", "m"):  # confirm the switch if asked; then a status
                await pilot.press(key)
                await settle(pilot)
            assert HOSTILE[0] in shown_text(app)
            assert any(HOSTILE[0] in t for t in toasts(app))
            await pilot.press("f5")
            await settle(pilot)
            ranking = shown_text(app)
            assert all(name in ranking for name in HOSTILE)
            table = app.screen.query_one("#ranking", DataTable)
            table.move_cursor(row=table.get_row_index(vids[0]))
            await pilot.press("enter")
            await settle(pilot)
            assert HOSTILE[0] in shown_text(app)
            await pilot.press("escape", "a")
            await settle(pilot)
            await pilot.press("f6")
            await settle(pilot)
            assert HOSTILE[1] in shown_text(app)
            await pilot.press("f1")
            await settle(pilot)
            await pilot.press("escape", "f2")
            await settle(pilot)
            # the palette finds and shows the names literally
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Bad [/x]")
            await asyncio.sleep(0.3)
            await settle(pilot)
            palette = shown_text(app).replace(" ", "")  # a lone space between highlights is drawn as a gap
            assert "Scorecard:Bad[/x]Vendor" in palette
            await pilot.press("escape")
            await settle(pilot)
            # removing it: the notice quotes the name literally
            table = app.screen.query_one("#vendors", DataTable)
            table.move_cursor(row=table.get_row_index(vids[1]))
            await pilot.press("d")
            await settle(pilot)
            assert HOSTILE[1] in shown_text(app)  # the confirmation dialog
            await pilot.press("y")
            await settle(pilot)
            assert f"Removed {HOSTILE[1]}." in toasts(app)

    run(scenario())
    assert [v.name for v in Workspace(ws_path).vendors() if v.id in vids] == [HOSTILE[0], HOSTILE[2]]


def test_an_error_quoting_a_hostile_name_is_shown_literally(ws_path):
    Workspace(ws_path).add_vendor("Crash [/nope] Test")

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#vendor-name", Input).value = "crash [/NOPE] test"  # a duplicate
            await pilot.press("enter")
            await settle(pilot)
            assert "a vendor named 'Crash [/nope] Test' already exists" in shown_text(app)
            await pilot.press("escape")
            await settle(pilot)
            app.notify("Unknown vendor 'Crash [/nope] Test'", severity="error")
            await settle(pilot)
            return toasts(app)

    assert "Unknown vendor 'Crash [/nope] Test'" in run(scenario())
