"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorbench import questionnaires

from .helpers import SMALL_LEGAL, SMALL_SCORECARD


@pytest.fixture
def scorecard():
    return questionnaires.parse(SMALL_SCORECARD, "small.toml")


@pytest.fixture
def checklist():
    return questionnaires.parse(SMALL_LEGAL, "small-legal.toml")


@pytest.fixture
def small_files(tmp_path: Path) -> tuple[Path, Path]:
    sc = tmp_path / "small.toml"
    lg = tmp_path / "small-legal.toml"
    sc.write_text(SMALL_SCORECARD, encoding="utf-8")
    lg.write_text(SMALL_LEGAL, encoding="utf-8")
    return sc, lg


@pytest.fixture(autouse=True)
def _isolated_user(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("VENDORBENCH_USER", "tester")
    # the TUI's overview cache: never the real user's, and not shared between tests
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("VENDORBENCH_DEBUG", raising=False)
    # the TUI's start-up child (tui/prefetch): a fork would run the test's patched functions too;
    # tests/test_tui_prefetch.py switches it on
    from vendorbench.tui import prefetch

    monkeypatch.setattr(prefetch, "ENABLED", False)
