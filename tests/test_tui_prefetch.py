"""The overview's first figures from the start-up child (tui/prefetch): drawn before this process has
computed them, the same figures it then computes; a child that fails, hangs or outlives the app only
costs the head start: never a wrong figure, a crash, a stuck screen or a process left behind."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from vendorbench import results
from vendorbench.tui import overview_cache, prefetch
from vendorbench.tui.screens import overview
from vendorbench.tui.session import Session

from .tui_helpers import demo_copy, make_app, settle
from .tui_helpers import overview_shown as shown

SIZE = (120, 40)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the start-up child needs os.fork")


@pytest.fixture(autouse=True)
def _prefetch_on(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(prefetch, "ENABLED", True)
    monkeypatch.setattr(prefetch, "can_run", lambda: True)  # one core or two: the behaviour is the same


@pytest.fixture
def ws_path(tmp_path, tmp_path_factory):
    return demo_copy(tmp_path, tmp_path_factory.getbasetemp())


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


def hold_own_computation(monkeypatch) -> threading.Event:  # type: ignore[no-untyped-def]
    """Hold back this process's own computation (Session.results, which the child never uses);
    set the event returned to let it go."""
    release = threading.Event()
    real = Session.results

    def held(self):  # type: ignore[no-untyped-def]
        release.wait(30)
        return real.fget(self)

    monkeypatch.setattr(Session, "results", property(held))
    return release


def _slow_child(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The results take a minute in the child (a fork runs the patched function too), as usual here."""
    parent = os.getpid()
    real_load = results.load

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            time.sleep(60)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(results, "load", slow)


async def until(pilot, condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        if condition():
            return True
    return False


def test_the_childs_figures_are_drawn_first_and_are_the_ones_computed_after(ws_path, monkeypatch):
    release = hold_own_computation(monkeypatch)
    before_files = tree(ws_path)

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            assert app.prefetch is not None, "the child was started"
            drawn = await until(pilot, lambda: "Recommendation" in shown(app)[0])
            early = shown(app)
            release.set()
            await settle(pilot)
            return drawn, early, shown(app)

    try:
        drawn, early, computed = asyncio.run(scenario())
    finally:
        release.set()
    assert drawn, "the child's figures were drawn while this process's computation was held"
    assert "Computing results" not in early[0]
    assert early == computed, "the head start showed exactly what the computation then showed"
    assert all(cell != "…" for row in early[1] for cell in row)
    assert tree(ws_path) == before_files, "the child wrote nothing in the workspace"


def test_a_failing_child_only_costs_the_head_start(ws_path, monkeypatch):
    def broken(keep):  # type: ignore[no-untyped-def]
        raise RuntimeError("the child breaks")

    monkeypatch.setattr(prefetch, "_detach", broken)  # the child's first step, the child's alone

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(ws_path)
        started = time.monotonic()
        async with app.run_test(size=SIZE) as pilot:
            assert await until(pilot, lambda: "Recommendation" in shown(app)[0])
            took = time.monotonic() - started
            await settle(pilot)
            return took, shown(app)

    took, (_line, rows) = asyncio.run(scenario())
    assert took < overview.PREFETCH_TIMEOUT / 2, "the overview did not wait for the child's timeout"
    assert rows and all(cell != "…" for row in rows for cell in row)


def test_a_stuck_child_is_given_up_and_the_overview_computes(ws_path, monkeypatch):
    _slow_child(monkeypatch)
    monkeypatch.setattr(overview, "PREFETCH_TIMEOUT", 0.5)

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            pid = app.prefetch._pid
            assert await until(pilot, lambda: "Recommendation" in shown(app)[0])
            await settle(pilot)
            return pid

    pid = asyncio.run(scenario())
    assert not _alive(pid), "the stuck child was killed and reaped"


def test_quitting_while_the_child_computes_leaves_no_process_behind(ws_path, monkeypatch):
    _slow_child(monkeypatch)

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            pid = app.prefetch._pid
            await pilot.pause(0.1)
            assert _alive(pid)
            started = time.monotonic()
            await pilot.press("ctrl+q")
            await pilot.pause()
        return pid, time.monotonic() - started

    pid, took = asyncio.run(scenario())
    assert not _alive(pid), "the child was killed and reaped when the app quit"
    assert took < 5, "quitting did not wait for the child"


def test_no_child_where_it_cannot_help(ws_path, monkeypatch):
    monkeypatch.setattr(prefetch, "can_run", lambda: False)  # one core, or no fork

    async def scenario():  # type: ignore[no-untyped-def]
        app = make_app(ws_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return app.prefetch, shown(app)

    child, (line, rows) = asyncio.run(scenario())
    assert child is None
    assert "Recommendation" in line and rows


def _alive(pid: int) -> bool:
    """Whether pid is still a process of ours: running, or a zombie nobody reaped."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False  # reaped: not our child any more
    return True


def test_cancel_before_anyone_waits_kills_and_reaps_the_child(ws_path, tmp_path, monkeypatch):
    from vendorbench.store import Workspace

    from .tui_helpers import TODAY, USER

    _slow_child(monkeypatch)
    child = prefetch.Prefetch.start(Workspace(ws_path), USER, TODAY, tmp_path / "cache")
    assert child is not None
    pid = child._pid
    assert _alive(pid)
    child.cancel()
    assert not _alive(pid)
    assert child.wait(1.0) is None  # nothing to wait for any more
    child.cancel()  # twice is harmless


def test_a_child_nobody_reads_ends_by_itself(ws_path, tmp_path, monkeypatch):
    """An app that stops before its overview waits, without cancel(): the child does not live on."""
    from vendorbench.store import Workspace

    from .tui_helpers import TODAY, USER

    _slow_child(monkeypatch)  # a minute's computation
    monkeypatch.setattr(prefetch, "LIFETIME", 1)
    child = prefetch.Prefetch.start(Workspace(ws_path), USER, TODAY, tmp_path / "cache")
    assert child is not None
    pid = child._pid
    assert pid is not None
    deadline = time.monotonic() + 10
    status = (0, 0)
    while time.monotonic() < deadline and status == (0, 0):
        time.sleep(0.05)
        status = os.waitpid(pid, os.WNOHANG)
    assert status != (0, 0), "the child still runs"
    assert os.WIFSIGNALED(status[1])
    child._pid = None  # reaped here
    child.cancel()


def test_cancel_while_waiting_ends_the_wait_at_once(ws_path, tmp_path, monkeypatch):
    from vendorbench.store import Workspace

    from .tui_helpers import TODAY, USER

    _slow_child(monkeypatch)
    child = prefetch.Prefetch.start(Workspace(ws_path), USER, TODAY, tmp_path / "cache")
    assert child is not None
    pid, got = child._pid, {}

    def waiter() -> None:
        started = time.monotonic()
        got["view"] = child.wait(30.0)
        got["took"] = time.monotonic() - started

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.2)
    child.cancel()
    thread.join(10)
    assert not thread.is_alive()
    assert got["view"] is None and got["took"] < 5
    assert not _alive(pid)


def _approved_decision(ws) -> None:  # type: ignore[no-untyped-def]
    """Roles on and the decision signed off: the overview's governance line then reads the decision
    analysis (the approval is valid only for the decision it signed)."""
    from vendorbench import governance

    from .tui_helpers import USER

    governance.add_person(ws, "Lead", "Lead", ["lead"])
    governance.add_person(ws, "Lead", "Approver", ["approver"])
    governance.add_person(ws, "Lead", USER, ["evaluator"])
    governance.open_scoring(ws, "Lead")
    governance.start_review(ws, "Lead")
    governance.approve(ws, "Approver", "approve", "fits the brief")


@pytest.mark.parametrize("governed", [False, True], ids=["single team", "roles and a sign-off"])
def test_the_childs_view_is_the_one_computed_here(ws_path, tmp_path, governed):
    from vendorbench.store import Workspace

    from .tui_helpers import TODAY, USER

    ws = Workspace(ws_path)
    if governed:
        _approved_decision(ws)
    child = prefetch.Prefetch.start(ws, USER, TODAY, tmp_path / "cache")
    assert child is not None
    view = child.wait(30.0)
    assert view is not None
    here = overview.build_view(results.load(ws, TODAY), ws, USER)
    # as documents, both through the pipe's round trip (rich Text compares a parsed style and its name unequal)
    through_pipe = overview_cache.view_from_doc(overview_cache.view_doc(here))
    assert overview_cache.view_doc(view) == overview_cache.view_doc(through_pipe)
    assert view.recommendation.plain == here.recommendation.plain
    if governed:
        assert view.governance is not None and "approved" in view.governance.plain.lower()
        assert "void" not in view.governance.plain.lower() and "no longer" not in view.governance.plain.lower()
