"""The overview cache: reopening an unchanged workspace shows the figures it showed last time at once,
while they are computed again; any change to the workspace, another user or another day is a miss;
a damaged cache is a miss, never a crash; nothing of it is written into the workspace."""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from rich.text import Text

from vendorbench import results
from vendorbench.store import Workspace
from vendorbench.tui import overview_cache

from .tui_helpers import TODAY, USER, demo_copy, make_app, settle
from .tui_helpers import overview_shown as shown

SIZE = (120, 40)


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def open_once(path: Path, user: str = USER) -> tuple[str, list[list[str]]]:
    """Open the TUI, let the overview compute its figures (and keep them), quit."""
    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(path, user)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return shown(app)

    return asyncio.run(scenario())


def open_with_computation_held(path: Path, monkeypatch, user: str = USER):  # type: ignore[no-untyped-def]
    """Open the TUI with the results computation held back: what the overview shows before it ends,
    then what it shows after."""
    release, started = threading.Event(), threading.Event()
    real_load = results.load

    def held_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(30)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(results, "load", held_load)

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(path, user)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(500):  # until the computation is under way
                await pilot.pause()
                if started.is_set():
                    break
            await pilot.pause(0.1)  # a cached view, if any, is drawn before the computation starts
            before = shown(app)
            release.set()
            await settle(pilot)
            return before, shown(app)

    try:
        return asyncio.run(scenario())
    finally:
        release.set()


def test_reopening_shows_the_last_figures_while_they_are_computed_again(ws_path, monkeypatch):
    computed = open_once(ws_path)
    assert computed[0].startswith("Recommendation")
    before, after = open_with_computation_held(ws_path, monkeypatch)
    assert before == computed  # ranks, progress, totals and the recommendation: at once
    assert after == computed


def test_a_change_to_the_workspace_is_a_miss_not_stale_figures(ws_path, monkeypatch):
    computed = open_once(ws_path)
    ws = Workspace(ws_path)
    vendor = results.load(ws).vendors[0].vendor
    ws.set_answer("Zoe Newcomer", vendor.id, "security.certifications", 0)
    before, after = open_with_computation_held(ws_path, monkeypatch)
    assert before[0] == "Computing results…"
    assert all(row[0] == "…" for row in before[1])
    assert after != computed  # the new score counts


def test_a_teammate_file_arriving_through_git_is_a_miss(ws_path, monkeypatch):
    open_once(ws_path)
    # a file that only appears (a sync bringing a teammate's answers) changes no file vendorbench wrote
    ws = Workspace(ws_path)
    other = ws_path.parent / "elsewhere"
    other.mkdir()
    shutil.copytree(ws_path, other / "ws")
    Workspace(other / "ws").set_answer("Zoe Newcomer", ws.vendors()[0].id, "security.certifications", 0)
    zoe = next(p for p in (other / "ws" / "answers").iterdir() if p.name.startswith("zoe-newcomer"))
    shutil.copytree(zoe, ws_path / "answers" / zoe.name)
    before, _ = open_with_computation_held(ws_path, monkeypatch)
    assert before[0] == "Computing results…"


def test_another_user_or_another_day_is_a_miss(ws_path, monkeypatch):
    open_once(ws_path)
    before, _ = open_with_computation_held(ws_path, monkeypatch, user="Someone Else")
    assert before[0] == "Computing results…"
    ws = Workspace(ws_path)
    assert overview_cache.key(ws, USER, TODAY) != overview_cache.key(ws, USER, TODAY + datetime.timedelta(days=1))
    assert overview_cache.key(ws, USER, TODAY) != overview_cache.key(ws, "Someone Else", TODAY)
    assert overview_cache.key(ws, USER, TODAY) == overview_cache.key(ws, USER.upper(), TODAY)  # one person


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"format": 1}', b"\xff\xfe", b"x" * (overview_cache.MAX_BYTES + 10),
    "wrong types", "span past the end", "bad style", "a vendor twice",
])
def test_a_damaged_cache_file_is_a_miss_not_a_crash(ws_path, monkeypatch, damage):
    computed = open_once(ws_path)
    (entry,) = overview_cache.cache_dir().glob("*.json")
    if isinstance(damage, bytes):
        entry.write_bytes(damage)
    else:
        doc = json.loads(entry.read_bytes())
        row = doc["view"]["rows"][0]
        if damage == "wrong types":
            row["rank"] = 1
        elif damage == "span past the end":
            row["legal"]["spans"].append([0, 10_000, "bold"])
        elif damage == "bad style":
            doc["view"]["recommendation"]["spans"].append([0, 1, "no-such-style-word(("])
        else:
            doc["view"]["rows"].append(row)
        entry.write_text(json.dumps(doc))
    before, after = open_with_computation_held(ws_path, monkeypatch)
    assert before[0] == "Computing results…"
    assert after == computed


def test_markup_in_a_cached_name_stays_text(ws_path, monkeypatch):
    Workspace(ws_path).add_vendor("Crash [/nope] [red]Test[/red]", by=USER)
    open_once(ws_path)
    before, _ = open_with_computation_held(ws_path, monkeypatch)
    assert any(row[1] == "Crash [/nope] [red]Test[/red]" for row in before[1])


def test_the_cache_lives_outside_the_workspace_and_is_private(ws_path):
    files_before = sorted(p.relative_to(ws_path) for p in ws_path.rglob("*"))
    open_once(ws_path)
    assert sorted(p.relative_to(ws_path) for p in ws_path.rglob("*")) == files_before
    (entry,) = overview_cache.cache_dir().glob("*.json")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert overview_cache.cache_dir().stat().st_mode & 0o077 == 0


def test_entries_of_workspaces_not_opened_for_months_are_removed_on_the_next_save(ws_path, tmp_path):
    folder = overview_cache.cache_dir()
    folder.mkdir(parents=True)
    months_ago = time.time() - (overview_cache.PRUNE_DAYS + 1) * 86400
    old, recent = folder / ("a" * 32 + ".json"), folder / ("b" * 32 + ".json")
    killed_save = folder / (".{}.json.4242.0123abcd.tmp".format("c" * 32))
    foreign, outside = folder / "notes.txt", tmp_path / "outside.json"
    for f in (old, recent, killed_save, foreign, outside):
        f.write_text("{}")
    for f in (old, killed_save, foreign, outside):
        os.utime(f, (months_ago, months_ago))
    link = folder / ("d" * 32 + ".json")
    link.symlink_to(outside)  # an entry name, but a link: never followed, its target never touched
    open_once(ws_path)  # computes, then saves its own entry
    left = {p.name for p in folder.iterdir()}
    assert old.name not in left and killed_save.name not in left
    assert {recent.name, foreign.name, link.name} <= left and outside.exists()
    assert len(list(folder.glob("*.json"))) == 3  # recent, the link, and the workspace's own new entry


def test_an_unwritable_cache_folder_only_costs_the_head_start(ws_path, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder cannot be made
    computed = open_once(ws_path)
    assert computed[0].startswith("Recommendation")
    before, after = open_with_computation_held(ws_path, monkeypatch)
    assert before[0] == "Computing results…" and after == computed


def test_a_view_survives_the_round_trip_with_its_styles():
    legal = Text("amber   ", style="yellow")
    legal.append("  80%", style="dim")
    view = overview_cache.View(
        event="Event · 1 vendor",
        rows=(overview_cache.Row("v1", "1", "Acme [b]x[/b]", "-", "3/40", "75%", "3.40",
                                 Text("none", style="green"), legal),),
        recommendation=Text.assemble(("Recommendation: ", "bold"), ("Acme", "bold green"), "\n  · why"),
        governance=None)
    again = overview_cache.view_from_doc(json.loads(json.dumps(overview_cache.view_doc(view))))
    assert again.rows[0].name == "Acme [b]x[/b]"
    for a, b in ((view.rows[0].legal, again.rows[0].legal), (view.recommendation, again.recommendation)):
        assert a.plain == b.plain
        assert [(s.start, s.end, str(s.style)) for s in a.spans] == [(s.start, s.end, str(s.style)) for s in b.spans]
    assert os.path.basename(str(overview_cache.cache_dir())) == "overview"
