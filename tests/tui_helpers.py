"""Driving the TUI headless: a demo workspace copy per test, waiting for saves to land."""

from __future__ import annotations

import asyncio
import datetime
import shutil
from pathlib import Path

from vendorbench import demo
from vendorbench.store import Workspace

USER = demo.MAYA
TODAY = datetime.date(2027, 3, 14)  # the report tests' date
_TEMPLATE: dict[str, Path] = {}


def demo_copy(tmp_path: Path, template_root: Path) -> Path:
    """A private copy of the demo workspace (built once per session: tests change it)."""
    if "demo" not in _TEMPLATE:
        demo.ensure(template_root / "demo")
        _TEMPLATE["demo"] = template_root / "demo"
    target = tmp_path / "ws"
    shutil.copytree(_TEMPLATE["demo"], target)
    return target


def make_app(path: Path, user: str = USER):
    from vendorbench.tui.app import VendorbenchApp

    # never the real user's preferences: a private file beside the test's workspace
    app = VendorbenchApp(Workspace(path), user, prefs_path=path.parent / "config" / "vendorbench" / "tui.json")
    app.animation_level = "none"
    app.session.today = TODAY  # evidence expiry is judged on a fixed day: the pictures must not change with the date
    return app


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until every save the TUI queued has finished and the screen has caught up
    (results computed in the background included)."""
    app = pilot.app
    waited = 0.0
    while True:
        await pilot.pause()
        if app.pending_saves == 0:
            await app.workers.wait_for_complete()
            await pilot.pause()
            return
        if waited > timeout:
            raise AssertionError("saves did not finish")
        await asyncio.sleep(0.01)
        waited += 0.01


def overview_shown(app) -> tuple[str, list[list[str]]]:  # type: ignore[no-untyped-def]
    """The overview's recommendation line and its table's cells, as plain text."""
    from textual.widgets import DataTable, Static

    table = app.screen.query_one("#vendors", DataTable)
    rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    return str(app.screen.query_one("#recommendation", Static).render()), rows


async def palette_search(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open the command palette and type text, as a user would; the matches are then on screen
    (the palette searches in the background, hence the pause)."""
    import asyncio

    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*text)
    await asyncio.sleep(0.3)
    await settle(pilot)
