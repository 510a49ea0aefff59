"""Typed key/value terms (SLA terms, TCO inputs): one validator for both.

Users type `--set KEY=VALUE`; the TUI may pass typed values. Either way every
value is checked here before anything is stored, and every problem names its
key. Numbers are kept as typed decimals: stored as JSON numbers (int when
whole), read back as exact Fractions of their decimal text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from ..errors import VendorbenchError

Value = int | float | str


@dataclass(frozen=True)
class Key:
    """One allowed key: a number within bounds, or one of fixed choices."""

    name: str
    help: str
    unit: str = ""  # "%", "h", "months", "" (money or a count)
    choices: tuple[str, ...] = ()
    minimum: Fraction = Fraction(0)
    maximum: Fraction | None = None
    above_minimum: bool = False  # the minimum itself is not allowed (e.g. months > 0)

    @property
    def rule(self) -> str:
        if self.choices:
            return "one of " + "|".join(self.choices)
        if self.maximum is not None:
            return f"a number from {self.minimum} to {self.maximum}"
        return f"a number greater than {self.minimum}" if self.above_minimum else f"a number, {self.minimum} or more"


class Schema:
    """The keys of one kind of terms, in display order."""

    def __init__(self, what: str, keys: Iterable[Key]):
        self.what = what
        self.keys = {k.name: k for k in keys}

    def _unknown(self, key: str) -> str:
        return f"{self.what}: unknown key {key!r}; keys: {', '.join(self.keys)}"

    def check_key(self, key: str) -> None:
        if key not in self.keys:
            raise VendorbenchError(self._unknown(key))

    def parse(self, key: str, text: str) -> Value:
        """A value as typed on the command line ("70", "70%", "weekly")."""
        spec = self.keys.get(key)
        if spec is None:
            raise VendorbenchError(self._unknown(key))
        raw = text.strip()
        if spec.choices:
            if raw.lower() not in spec.choices:
                raise VendorbenchError(f"{self.what}: {key}={text!r} is not valid: use {spec.rule}")
            return raw.lower()
        if spec.unit == "%" and raw.endswith("%"):
            raw = raw[:-1].strip()
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
            raise VendorbenchError(f"{self.what}: {key}={text!r} is not a number: use {spec.rule}, e.g. "
                                   f"{key}={_example(spec)}")
        return self.check(key, _json_number(Decimal(raw)))

    def check(self, key: str, value: Any) -> Value:
        """A typed value (from the TUI or from workspace.json): returned unchanged when valid."""
        spec = self.keys.get(key)
        if spec is None:
            raise VendorbenchError(self._unknown(key))
        if spec.choices:
            if value not in spec.choices:
                raise VendorbenchError(f"{self.what}: {key}={value!r} is not valid: use {spec.rule}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise VendorbenchError(f"{self.what}: {key}={value!r} is not a number: use {spec.rule}")
        exact = exact_number(value)
        if exact < spec.minimum or (spec.above_minimum and exact == spec.minimum) or (
                spec.maximum is not None and exact > spec.maximum):
            raise VendorbenchError(f"{self.what}: {key}={value!r} is out of range: use {spec.rule}")
        return value

    def parse_settings(self, settings: Iterable[str], unset: Iterable[str] = ()) -> tuple[dict[str, Value], list[str]]:
        """KEY=VALUE texts and keys to unset, every problem reported at once (nothing is half-applied)."""
        values: dict[str, Value] = {}
        problems: list[str] = []
        for setting in settings:
            key, sep, text = setting.partition("=")
            key = key.strip()
            if not sep or not key:
                problems.append(f"{self.what}: --set {setting!r}: expected KEY=VALUE, e.g. "
                                f"{next(iter(self.keys))}={_example(next(iter(self.keys.values())))}")
                continue
            try:
                values[key] = self.parse(key, text)
            except VendorbenchError as exc:
                problems.append(str(exc))
        removed = []
        for key in unset:
            key = key.strip()
            if key not in self.keys:
                problems.append(self._unknown(key))
            elif key in values:
                problems.append(f"{self.what}: {key} is both set and unset")
            else:
                removed.append(key)
        if problems:
            raise VendorbenchError("\n".join(problems))
        return values, removed

    def check_all(self, terms: Mapping[str, Any], where: str) -> dict[str, Value]:
        """Stored terms, checked as they are read (a hand-edited file names itself), in key order."""
        out = {}
        for key, value in terms.items():
            try:
                out[key] = self.check(key, value)
            except VendorbenchError as exc:
                raise VendorbenchError(f"{where}: {exc}; the file was edited by hand? It was left untouched.") from None
        return {k: out[k] for k in self.keys if k in out}


def exact_number(value: int | float) -> Fraction:
    """The exact value of a stored number as the decimal the user typed (0.1 is 1/10, not the float)."""
    if isinstance(value, int) or value.is_integer():
        return Fraction(int(value))
    return Fraction(repr(value))


def _json_number(d: Decimal) -> int | float:
    try:
        if d == d.to_integral_value():
            return int(d)
    except InvalidOperation:  # pragma: no cover - a regex-checked decimal is always finite
        pass
    return float(d)


def _example(spec: Key) -> str:
    if spec.choices:
        return spec.choices[0]
    return "70" if spec.unit == "%" else "12"
