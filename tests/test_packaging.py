"""A plain (non-editable) install carries every subpackage and data file."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import vendorbench

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"vendorbench"} | {f"vendorbench.{m.name}" for m in pkgutil.walk_packages(vendorbench.__path__)
                               if m.ispkg}
    assert found - {"vendorbench.builtin"} <= listed, "add new subpackages to [tool.setuptools] packages"
