"""SVG snapshots of every screen at a fixed size and theme (update with --snapshot-update)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import OptionList

from .svg_snapshot import SVGSnapshotExtension
from .tui_helpers import demo_copy, make_app


@pytest.fixture
def snapshot_svg(snapshot):
    return snapshot.use_extension(SVGSnapshotExtension)


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory):
    return demo_copy(tmp_path_factory.mktemp("snap"), tmp_path_factory.getbasetemp())


async def _go(pilot, keys: list[str], highlight: tuple[str, str] | None = None) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    if highlight:
        widget_id, option_id = highlight
        widget = pilot.app.screen.query_one(widget_id, OptionList)
        widget.highlighted = widget.get_option_index(option_id)
        if option_id == "CA-01":  # the applicability switch asks first
            await pilot.pause()
            await pilot.press("t")
    for field in pilot.app.screen.query("#report-date"):
        field.value = "2027-03-14"  # the default is today: the picture must not change daily
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False  # a steady cursor: the blink phase must not change the picture
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


CASES = {
    "overview": ([], None, (100, 30)),
    "overview_80x24": ([], None, (80, 24)),
    "scorecard": (["s"], ("#criteria", "security.certifications"), (100, 30)),
    # Brightline's answer and its expired attestation beside the rubric
    "scorecard_response": (["down", "s"], ("#criteria", "security.encryption"), (100, 30)),
    "scorecard_revealed": (["s", "v"], ("#criteria", "qa.audit-coverage"), (120, 40)),
    "legal": (["down", "down", "l"], ("#items", "SB-02"), (100, 30)),
    "results": (["f5"], None, (120, 30)),
    "results_drilldown": (["f5", "down", "down", "down", "down", "enter"], None, (120, 40)),
    "weights": (["f6"], None, (100, 30)),
    "analysis": (["f5", "a"], None, (100, 40)),
    "help": (["f1"], None, (100, 30)),
    "add_vendor_dialog": (["a"], None, (80, 24)),
    # views added for issue 9, each at 80x24 and 120x40
    **{f"{name}_{w}x{h}": (keys, highlight, (w, h)) for w, h in ((80, 24), (120, 40)) for name, keys, highlight in (
        ("calibration", ["f5", "down", "down", "down", "down", "enter", "down", "down", "enter"], None),
        ("completion", ["f5", "c"], None),
        ("report_dialog", ["f7"], None),
        ("scorecard_filtered", ["s", "slash", *"qa", "enter"], None),
        ("legal_toggle_confirm", ["l"], ("#items", "CA-01")),
        ("terms", ["i"], None),
        ("operations", ["down", "o"], None),  # the demo's Brightline São Paulo: six months of KPI
        ("pilot_form", ["down", "o", "p"], None),
    )},
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen_snapshot(ws_path, snapshot_svg, name):
    keys, highlight, size = CASES[name]

    async def scenario():
        app = make_app(ws_path)
        async with app.run_test(size=size) as pilot:
            await _go(pilot, keys, highlight)
            return app.export_screenshot(title=name)

    assert asyncio.run(scenario()) == snapshot_svg
