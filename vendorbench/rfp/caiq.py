"""A vendor's completed CSA CAIQ v4 workbook, filed as security evidence.

The CAIQ (Consensus Assessments Initiative Questionnaire) is the cloud-security
questionnaire vendors often have ready. vendorbench ships none of its content:
it finds the header row of the vendor's own workbook by column name (Question
ID, Question, CSP CAIQ Answer, SSRM Control Ownership, CSP Implementation
Description), and a mapping file (questionnaires/maps/caiq-v4-security-map.toml)
sends each answered question to the scorecard criterion it informs. Each mapped
answer becomes an evidence record pointing at its cell in the copied workbook.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import VendorbenchError
from ..models import Id, Scorecard, Text
from ..questionnaires import MAX_FILE, Problem, QuestionnaireError, _KeyLines, builtin_dir
from ..storage import read_input
from ..store import Workspace
from . import evidence
from .reading import PackProblems, _cell_text, open_workbook

BUILTIN_MAP = "caiq-v4-security-map"
ANSWERS = {"yes": "Yes", "no": "No", "na": "NA", "n/a": "NA"}
HEADER_ROWS = 30  # the CAIQ puts a title block above its header row
_PREFIX = re.compile(r"^[A-Z&]{2,5}-([0-9]{2}(\.[0-9]{1,3})?)?$")
COLUMNS = {  # our name -> the header it starts with (case and spacing ignored)
    "id": "question id", "question": "question", "answer": "csp caiq answer",
    "ownership": "ssrm control ownership", "description": "csp implementation description",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Prefix = Annotated[str, Field(pattern=_PREFIX.pattern)]


class MapEntry(_Strict):
    criterion: Id
    questions: list[Prefix] = Field(min_length=1)


class CaiqMap(_Strict):
    id: Id
    title: Text
    version: Text
    kind: Literal["caiq-map"]
    description: str = ""
    map: list[MapEntry] = Field(min_length=1)

    def criteria_for(self, question_id: str) -> list[str]:
        """Every criterion whose prefixes match the question id, at a '-' or '.' boundary
        ("IAM-02" matches IAM-02.1, not IAM-020)."""
        return [e.criterion for e in self.map if any(_matches(question_id, p) for p in e.questions)]


@dataclass(frozen=True)
class CaiqResult:
    vendor_id: str
    sheet: str
    answered: int
    unmapped: int  # answered questions no criterion takes
    records: tuple[evidence.EvidenceRecord, ...]
    by_criterion: dict[str, dict[str, int]]  # criterion -> answer (Yes/No/NA) -> count
    no_answers: dict[str, list[str]]  # criterion -> question ids answered No


def _matches(question_id: str, prefix: str) -> bool:
    if not question_id.startswith(prefix):
        return False
    return len(question_id) == len(prefix) or prefix.endswith("-") or question_id[len(prefix)] in ".-"


# --- the mapping file ------------------------------------------------------------------------------


def map_path(id_or_file: str | None = None) -> Path:
    if id_or_file is None or id_or_file == BUILTIN_MAP:
        return builtin_dir() / "maps" / f"{BUILTIN_MAP}.toml"
    return Path(id_or_file)


def load_map(path: str | Path, scorecard: Scorecard | None = None) -> CaiqMap:
    """Read and check a mapping file; every problem at once as FILE:LINE: field: message.
    With a scorecard, every criterion must be one of its criteria."""
    path = Path(path)
    name = str(path)
    try:
        text = read_input(path, MAX_FILE).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError([Problem(name, 0, "", f"cannot read: {exc}")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError([Problem(name, getattr(exc, "lineno", 1) or 1, "",
                                          f"TOML syntax error: {getattr(exc, 'msg', exc)}")]) from None
    found: list[tuple[tuple[Any, ...], str]] = []
    model = None
    try:
        model = CaiqMap.model_validate(raw)
    except ValidationError as exc:
        found += [(tuple(e["loc"]), _message(e)) for e in exc.errors()]
    if model is not None:
        seen: dict[str, int] = {}
        for i, entry in enumerate(model.map):
            if entry.criterion in seen:
                found.append((("map", i, "criterion"), f"criterion {entry.criterion!r} is mapped twice "
                                                        f"(first at map[{seen[entry.criterion]}])"))
            seen.setdefault(entry.criterion, i)
            if scorecard is not None and scorecard.criterion(entry.criterion) is None:
                found.append((("map", i, "criterion"), f"unknown criterion {entry.criterion!r} in this "
                                                        f"workspace's scorecard {scorecard.ref}"))
    if found:
        lines = _KeyLines(text)
        problems = [Problem(name, lines.line_of(loc), _path(loc), msg) for loc, msg in found]
        raise QuestionnaireError(sorted(problems, key=lambda p: (p.line, p.path)))
    assert model is not None
    return model


def _message(err: Any) -> str:
    loc, kind = err["loc"], err["type"]
    if kind == "extra_forbidden":
        known = list((MapEntry if "map" in loc[:-1] else CaiqMap).model_fields)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return f"unknown key {loc[-1]!r}" + (f" (did you mean {close[0]!r}?)" if close else
                                            f" (allowed: {', '.join(known)})")
    if kind == "missing":
        return "required key missing"
    if kind == "string_pattern_mismatch" and "questions" in loc:
        return (f"{err.get('input')!r} is not a CAIQ question-id prefix: use a domain (\"CEK-\"), a control "
                "(\"CEK-03\") or a question (\"CEK-03.1\")")
    if kind == "literal_error":
        return f"must be \"caiq-map\" (got {err.get('input')!r})"
    return err["msg"][0].lower() + err["msg"][1:]


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


# --- the workbook ----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def find_header(wb: Any) -> tuple[Any, int, dict[str, int]]:
    """(sheet, header row, our column name -> column number) of the first sheet whose header
    row has at least Question ID and CSP CAIQ Answer."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=1, max_row=min(HEADER_ROWS, sheet.max_row)):
            names = {_norm(_cell_text(c)): c.column for c in row if c.value is not None}
            cols: dict[str, int] = {}
            for ours, header in COLUMNS.items():
                for text, col in names.items():
                    if text == header or (text.startswith(header) and ours != "question"):
                        cols[ours] = col
                        break
            if "id" in cols and "answer" in cols:
                return sheet, row[0].row, cols
    raise VendorbenchError("no sheet has a CAIQ header row: expected columns named Question ID and "
                           "CSP CAIQ Answer (with Question, SSRM Control Ownership and CSP Implementation "
                           f"Description) within the first {HEADER_ROWS} rows")


def import_caiq(ws: Workspace, vendor: str, path: str | Path, mapping: str | Path | None = None,
                received: _dt.date | None = None, expires: _dt.date | None = None, *,
                by: str | None = None) -> CaiqResult:
    """File a completed CAIQ v4 as evidence for the mapped criteria (replacing an earlier
    CAIQ import of this vendor); all problems are listed and nothing is stored if any."""
    v = ws.vendor(vendor)
    caiq_map = load_map(map_path(str(mapping) if mapping is not None else None), ws.scorecard)
    path = Path(path)
    name = str(path)
    wb = open_workbook(path)
    try:
        sheet, header_row, cols = find_header(wb)
    except VendorbenchError as exc:
        raise PackProblems(name, [str(exc)]) from None
    problems: list[str] = []
    seen: dict[str, str] = {}
    specs: list[dict[str, Any]] = []
    by_criterion: dict[str, dict[str, int]] = {}
    no_answers: dict[str, list[str]] = {}
    answered = unmapped = 0
    for row in sheet.iter_rows(min_row=header_row + 1):
        cells = {c.column: c for c in row}
        text = {key: _cell_text(cells[col]).strip() if col in cells else "" for key, col in cols.items()}
        qid, answer_text = text["id"], text["answer"]
        if not qid or not answer_text:
            continue
        where = f"{sheet.title}!{cells[cols['answer']].coordinate}"
        answer = ANSWERS.get(answer_text.casefold())
        if answer is None:
            problems.append(f"{where}: CSP CAIQ Answer {answer_text!r} for {qid}: expected Yes, No or NA")
            continue
        if qid in seen:
            problems.append(f"{where}: question {qid} appears twice (first at {seen[qid]})")
            continue
        seen[qid] = where
        answered += 1
        criteria = caiq_map.criteria_for(qid)
        if not criteria:
            unmapped += 1
            continue
        ownership, description = text.get("ownership", ""), text.get("description", "")
        reference = f"CAIQ v4 {qid}: {answer}" + (f" ({ownership})" if ownership else "")
        for criterion in criteria:
            counts = by_criterion.setdefault(criterion, {"Yes": 0, "No": 0, "NA": 0})
            counts[answer] += 1
            if answer == "No":
                no_answers.setdefault(criterion, []).append(qid)
            specs.append(dict(item=criterion, reference=reference[:500], location=where, received=received,
                              expires=expires, note=description, source="caiq"))
    if not problems and not answered:
        problems.append(f"{sheet.title}: no answered questions below the header row {header_row}")
    if problems:
        raise PackProblems(name, problems)
    try:
        records = evidence.add_many(ws, v.id, specs, file=path, replace_source="caiq", by=by)
    except VendorbenchError as exc:  # e.g. a control character in a description: name the file
        raise PackProblems(name, [str(exc)]) from None
    return CaiqResult(v.id, sheet.title, answered, unmapped, tuple(records), by_criterion, no_answers)
