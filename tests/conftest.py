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
def _isolated_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDORBENCH_USER", "tester")
    monkeypatch.delenv("VENDORBENCH_DEBUG", raising=False)
