"""Load and validate questionnaire TOML files.

Every problem of a file is reported at once, each as ``FILE:LINE: field.path:
message``. tomllib reports syntax errors with a line; for schema errors we map
the pydantic error location back to the line of the key with a small scan of the
TOML text (tomllib keeps no positions).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import StoreError, VendorbenchError
from .models import (
    SEVERITIES,
    Category,
    Criterion,
    LegalArea,
    LegalChecklist,
    LegalItem,
    Questionnaire,
    Scorecard,
)

BUILTIN_SCORECARD = "bpo-scorecard"
# The built-in scorecard is ~60 kB; the limit bounds memory and time for a hostile file.
MAX_FILE = 4 * 1024 * 1024
BUILTIN_LEGAL = "legal-risk"
MIN_RUBRIC_ANCHORS = 3

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class QuestionnaireError(VendorbenchError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- public API ----------------------------------------------------------------


def builtin_dir() -> Path:
    """Installed wheels carry the built-ins in vendorbench/builtin/; a source
    checkout (or an editable install) reads the top-level questionnaires/ folder."""
    installed = Path(__file__).with_name("builtin")
    return installed if installed.is_dir() else Path(__file__).parent.parent / "questionnaires"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.toml"))


def resolve(id_or_file: str) -> Path:
    """A built-in questionnaire id or a path to a TOML file."""
    builtin = builtin_dir() / f"{id_or_file}.toml"
    if "/" not in id_or_file and not id_or_file.endswith(".toml") and builtin.is_file():
        return builtin
    path = Path(id_or_file)
    if path.is_file():
        return path
    raise VendorbenchError(
        f"{id_or_file}: no such questionnaire file, and not a built-in id "
        f"(built-in: {', '.join(builtin_ids())})"
    )


_PARSED: dict[bytes, Questionnaire] = {}  # sha256 of the file -> model (models are frozen)


def load(path: str | Path, display_name: str | None = None, follow_symlinks: bool = True) -> Questionnaire:
    """Read and validate one questionnaire file; raise QuestionnaireError listing every problem.

    Only a regular file of at most MAX_FILE bytes is read (a FIFO or /dev/zero is
    refused at once); a workspace's pinned copy is read with follow_symlinks=False.
    """
    from .storage import read_bytes  # storage pulls in TinyDB, which validate does not need

    path = Path(path)
    name = display_name or str(path)
    try:
        raw = read_bytes(path, MAX_FILE, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        raise QuestionnaireError([Problem(name, 0, "", "cannot read: no such file")]) from None
    except StoreError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        raise QuestionnaireError([Problem(name, 0, "", reason)]) from None
    digest = hashlib.sha256(raw).digest()
    if digest in _PARSED:
        return _PARSED[digest]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(name, line, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        raise QuestionnaireError([problem]) from None
    model = _PARSED[digest] = parse(text, name)
    return model


def parse(text: str, name: str = "<questionnaire>") -> Questionnaire:
    problems, model = _check(text, name)
    if problems:
        raise QuestionnaireError(problems)
    assert model is not None
    return model


def validate_files(paths: list[str]) -> list[Problem]:
    """Every problem of every file (empty list: all valid)."""
    problems: list[Problem] = []
    for p in paths:
        try:
            load(p)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
    return problems


def expect_kind(q: Questionnaire, kind: str, name: str) -> None:
    if q.kind != kind:
        raise VendorbenchError(f"{name}: is a {q.kind} questionnaire, expected kind = \"{kind}\"")


# --- checking ----------------------------------------------------------------------

_MODELS: dict[str, type[Scorecard] | type[LegalChecklist]] = {"scorecard": Scorecard, "legal": LegalChecklist}


def _check(text: str, name: str) -> tuple[list[Problem], Questionnaire | None]:
    try:
        return _check_parsed(text, name)
    except RecursionError:
        return [Problem(name, 0, "", "arrays or tables are nested too deeply for a questionnaire")], None


def _check_parsed(text: str, name: str) -> tuple[list[Problem], Questionnaire | None]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        msg = getattr(exc, "msg", None) or re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return [Problem(name, line, "", f"TOML syntax error: {msg}")], None

    found: list[tuple[Loc, str]] = []
    kind = raw.get("kind")
    model_cls = _MODELS.get(kind) if isinstance(kind, str) else None
    if model_cls is None:
        found.append((("kind",), f"must be \"scorecard\" or \"legal\" (got {kind!r})" if kind is not None
                      else "required key missing: set kind = \"scorecard\" or kind = \"legal\""))
        model = None
    else:
        found.extend(_semantic_problems(raw, cast(str, kind)))  # a key of _MODELS
        try:
            model = model_cls.model_validate(raw)  # not a TypeAdapter: that builds a new validator per call (~3 ms)
        except ValidationError as exc:
            model = None
            found.extend((tuple(e["loc"]), _message(e, model_cls)) for e in exc.errors())
    lines = _KeyLines(text) if found else None  # only needed to place problems
    problems = [Problem(name, lines.line_of(loc), _path(loc), msg) for loc, msg in found] if lines else []
    problems.sort(key=lambda p: (p.line, p.path))
    return problems, (model if not problems else None)


def _semantic_problems(raw: dict[str, Any], kind: str) -> list[tuple[Loc, str]]:
    """Rules pydantic's per-field checks cannot see: unique ids, rubric anchors."""
    out: list[tuple[Loc, str]] = []

    def dicts(value: Any) -> list[tuple[int, dict]]:
        return [(i, d) for i, d in enumerate(value) if isinstance(d, dict)] if isinstance(value, list) else []

    def unique(seen: dict[str, Loc], ident: Any, loc: Loc, what: str) -> None:
        if not isinstance(ident, str):
            return
        if ident in seen:
            out.append((loc, f"duplicate {what} id {ident!r} (first used at {_path(seen[ident])})"))
        else:
            seen[ident] = loc

    if kind == "scorecard":
        cat_ids: dict[str, Loc] = {}
        crit_ids: dict[str, Loc] = {}
        for ci, cat in dicts(raw.get("categories")):
            unique(cat_ids, cat.get("id"), ("categories", ci, "id"), "category")
            for ki, crit in dicts(cat.get("criteria")):
                unique(crit_ids, crit.get("id"), ("categories", ci, "criteria", ki, "id"), "criterion")
                rubric = crit.get("rubric")
                if isinstance(rubric, dict):
                    base = ("categories", ci, "criteria", ki, "rubric")
                    for key in rubric:
                        if key not in {"0", "1", "2", "3", "4", "5"}:
                            out.append((base + (key,), f"rubric key {key!r} is outside 0..5"))
                    valid = [k for k in rubric if k in {"0", "1", "2", "3", "4", "5"}]
                    if len(valid) < MIN_RUBRIC_ANCHORS:
                        out.append((base, f"needs at least {MIN_RUBRIC_ANCHORS} anchors among "
                                          f"\"0\"..\"5\" (has {len(valid)})"))
    else:
        area_ids: dict[str, Loc] = {}
        item_ids: dict[str, Loc] = {}
        for ai, area in dicts(raw.get("areas")):
            unique(area_ids, area.get("id"), ("areas", ai, "id"), "area")
            for ii, item in dicts(area.get("items")):
                unique(item_ids, item.get("id"), ("areas", ai, "items", ii, "id"), "item")
    return out


_FIELDS_OF: dict[str, type[BaseModel]] = {
    "categories": Category, "criteria": Criterion, "areas": LegalArea, "items": LegalItem,
}


def _message(err: ErrorDetails, root: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    value = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc[:-1], root)
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(known)})"
        return f"unknown key {key!r}{hint}"
    if kind == "missing":
        return "required key missing"
    if kind == "literal_error" and loc and loc[-1] == "severity":
        return f"unknown severity {value!r}: use one of {', '.join(SEVERITIES)}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id: use letters, digits, '.', '_' or '-', starting with a letter or digit"
    if kind in {"float_type", "int_type", "string_type", "list_type", "dict_type", "model_type", "bool_type"}:
        expected = {"float_type": "a number", "int_type": "a whole number", "string_type": "a string",
                    "list_type": "an array", "dict_type": "a table", "model_type": "a table",
                    "bool_type": "true or false"}[kind]
        return f"expected {expected}, got {_toml_type(value)} {_short(value)}"
    if kind == "greater_than":
        return f"must be greater than {err['ctx']['gt']:g} (got {_short(value)})"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"must be between 0 and 5 (got {_short(value)})"
    if kind == "too_short":
        return "must not be empty"
    if kind == "finite_number":
        return "must be a finite number"
    return err["msg"][0].lower() + err["msg"][1:]


def _known_keys(parent: Loc, root: type[BaseModel]) -> list[str]:
    model = root
    for part in parent:
        if isinstance(part, str) and part in _FIELDS_OF:
            model = _FIELDS_OF[part]
    return list(model.model_fields)


def _toml_type(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "float", str: "string", list: "array",
            dict: "table"}.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_from_message(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


class _KeyLines:
    """Map a data location (('categories', 0, 'criteria', 2, 'weight')) to its line.

    Understands table headers, arrays of tables, dotted and quoted keys, and
    skips multi-line strings: enough for the questionnaire format.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
    _PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""  # one bare, basic or literal key
    _KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")

    def __init__(self, text: str):
        self.lines: dict[Loc, int] = {}
        counters: dict[Loc, int] = {}
        arrays: set[Loc] = set()  # concrete parent paths + name seen as [[...]]
        current: Loc = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                parts = self._split(header.group(2))
                is_array = header.group(1) == "[["
                concrete: Loc = ()
                for i, part in enumerate(parts):
                    concrete += (part,)
                    last = i == len(parts) - 1
                    if last and is_array:
                        index = counters.get(concrete, -1) + 1
                        counters[concrete] = index
                        arrays.add(concrete)
                        concrete += (index,)
                    elif not last and concrete in arrays:
                        concrete += (counters[concrete],)
                current = concrete
                self.lines.setdefault(current, lineno)
                if len(current) >= 2 and isinstance(current[-1], int):
                    self.lines.setdefault(current[:-1], lineno)
                continue
            key = self._KEY.match(line)
            if key:
                loc = current + tuple(self._split(key.group(1)))
                self.lines.setdefault(loc, lineno)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _split(dotted: str) -> list[str]:
        parts = re.findall(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", dotted)
        return [p[1:-1] if p[:1] in "\"'" else p for p in parts]

    def line_of(self, loc: Loc) -> int:
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1
