"""How figures are written for people: one place, shared by the CLI, the TUI and the report."""

from __future__ import annotations

from fractions import Fraction

RATING_STYLE = {"blocker": "bold red", "high": "red", "medium": "yellow", "low": "green", "not reviewed": "dim"}
STATUS_LABEL = {"ok": "ok", "negotiate": "negotiate", "missing": "missing", "na": "N/A", None: "not reviewed"}
STATUS_STYLE = {"ok": "green", "negotiate": "yellow", "missing": "bold red", "na": "dim", None: "dim"}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def total(value: Fraction | float | None) -> str:
    """A 0..100 total, one decimal; '-' when nothing is scored."""
    return "-" if value is None else f"{float(value):.1f}"


def score(value: Fraction | float | None) -> str:
    """A 0..5 score, two decimals; '-' when unscored."""
    return "-" if value is None else f"{float(value):.2f}"


def percent(value: Fraction | float) -> str:
    return f"{float(value):.0%}"


def vote(value: int | str | None) -> str:
    """One evaluator's answer."""
    return {None: "-", "na": "N/A"}.get(value, str(value))  # type: ignore[arg-type]
