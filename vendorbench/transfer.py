"""CSV import and CSV/JSON export of answers and legal findings.

Import is all or nothing: every row of every file is checked first, every bad
row is reported with its line number, then every workspace file the import
would write is read and checked; only then is anything written. It upserts, so
importing the same file twice changes nothing the second time.

Spreadsheet safety: a cell starting with = + - @ (or a tab or carriage return)
is a live formula when a spreadsheet opens a CSV ("=HYPERLINK(...)" sends data
away on a click). Export writes such cells with a leading apostrophe, which
spreadsheets show as text; import removes it again, so the round trip is
lossless (a value that itself starts with an apostrophe followed by one of
those characters, or by another apostrophe, gets one more apostrophe).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import VendorbenchError
from .models import Answer, Finding
from .storage import atomic_write, make_dir, read_input
from .store import (
    Workspace,
    clean_name,
    clean_note,
    find_vendor_named,
    gives_content,
    name_key,
    parse_status,
    parse_value,
)

SCORE_HEADER = ("evaluator", "vendor", "criterion", "score", "note")
LEGAL_HEADER = ("reviewer", "vendor", "item", "status", "note")
SCORE_EXTRA = "evidence"
LEGAL_EXTRA = "clause"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """A CSV cell no spreadsheet runs as a formula (see the module docstring)."""
    if text.startswith(FORMULA_START) or (text.startswith("'") and text[1:2] in (*FORMULA_START, "'")):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The inverse of neutralise_cell, for import."""
    if text.startswith("'") and text[1:2] in (*FORMULA_START, "'"):
        return text[1:]
    return text


class ImportProblems(VendorbenchError):
    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{file}:{p}" for p in problems) +
                         f"\n{file}: {len(problems)} problem(s); nothing was imported")


@dataclass(frozen=True)
class ParsedCsv:
    kind: str  # "scores" or "legal"
    answers: tuple[Answer, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def rows(self) -> int:
        return len(self.answers) + len(self.findings)


def open_csv(path: str | Path) -> tuple[Any, list[str], str]:
    """(row reader positioned after the header, header, file name) for a CSV file a user names:
    read bounded, UTF-8 (BOM allowed), strict; an unreadable, non-UTF-8 or empty file is refused
    with its line. Every CSV import starts here."""
    name = str(path)
    try:
        raw = read_input(path)
    except OSError as exc:
        raise VendorbenchError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblems(name, [f"{line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"]) from None
    if text.lstrip().startswith(("{", "[")):
        raise ImportProblems(name, ["1: this is JSON, not CSV. A JSON export (export --format json) is a complete "
                                    "record to read or archive; no command imports it back. Import the CSV files "
                                    "of export --format csv, and KPI files with kpi import."])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportProblems(name, ["1: the file is empty; expected a header row"]) from None
    except csv.Error as exc:
        raise ImportProblems(name, [f"1: {exc}"]) from None
    return reader, header, name


def read_csv(ws: Workspace, path: str | Path) -> ParsedCsv:
    """Parse and check a CSV file against the workspace; raise ImportProblems listing every bad row."""
    reader, header, name = open_csv(path)
    cols = tuple(h.strip().lower() for h in header)
    if cols[:5] == SCORE_HEADER and cols[5:] in ((), (SCORE_EXTRA,)):
        kind = "scores"
    elif cols[:5] == LEGAL_HEADER and cols[5:] in ((), (LEGAL_EXTRA,)):
        kind = "legal"
    else:
        raise ImportProblems(name, [
            f"1: unrecognised header {','.join(header)!r}; expected "
            f"{','.join(SCORE_HEADER)}[,{SCORE_EXTRA}] or {','.join(LEGAL_HEADER)}[,{LEGAL_EXTRA}]"])

    vendors = ws.vendors()
    problems: list[str] = []
    answers: list[Answer] = []
    findings: list[Finding] = []
    first_line: dict[tuple[str, str, str], int] = {}
    # the governance rules' answer (store.Workspace applies them again on import), asked once per
    # (person, vendor, gives content) so a refusal names the first line it stops, not every row
    refusals: dict[tuple[str, str, bool], str | None] = {}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{line}: {exc}")
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(cols):
            problems.append(f"{start}: expected {len(cols)} fields, found {len(row)}")
            continue
        errors: list[str] = []
        row = [restore_cell(cell) for cell in row]
        person_raw, vendor_raw, ident, value_raw, note_raw = row[:5]
        extra_raw = row[5] if len(row) > 5 else ""
        person = _check(errors, lambda: clean_name(person_raw, cols[0], 100))
        vendor = _check(errors, lambda: find_vendor_named(vendors, vendor_raw))
        ident = ident.strip()
        if kind == "scores":
            if ws.scorecard.criterion(ident) is None:
                errors.append(f"unknown criterion {ident!r}")
            value = None if not value_raw.strip() else _check(errors, lambda: parse_value(value_raw))
        else:
            if ws.legal.item(ident) is None:
                errors.append(f"unknown legal item {ident!r}")
            value = None if not value_raw.strip() else _check(errors, lambda: parse_status(value_raw))
        note = _check(errors, lambda: clean_note(note_raw))
        extra = _check(errors, lambda: clean_note(extra_raw, cols[5] if len(cols) > 5 else "extra"))
        if person is not None and vendor is not None:
            key = (name_key(person), vendor.id, ident)
            if key in first_line:
                errors.append(f"duplicate row: the same {cols[0]}, vendor and {cols[2]} as line {first_line[key]}")
            else:
                first_line[key] = start
        if not errors and person is not None and vendor is not None:
            gives = kind == "legal" or gives_content(value, note, extra)
            rule = (name_key(person), vendor.id if kind == "scores" else "", gives)
            if rule not in refusals:
                refusals[rule] = refused = _refusal(ws, kind, person, vendor.id, gives)
                if refused is not None:
                    errors.append(refused)
            elif refusals[rule] is not None:
                continue  # refused like the line already listed: the import stops there anyway
        if errors:
            problems.extend(f"{start}: {e}" for e in errors)
            continue
        assert vendor is not None and person is not None
        if kind == "scores":
            answers.append(Answer(evaluator=person, vendor_id=vendor.id, criterion=ident, value=value,
                                  note=note or "", evidence=extra or ""))
        else:
            findings.append(Finding(reviewer=person, vendor_id=vendor.id, item=ident, status=value,
                                    note=note or "", clause=extra or ""))
    if problems:
        raise ImportProblems(name, problems)
    return ParsedCsv(kind, tuple(answers), tuple(findings))


def _refusal(ws: Workspace, kind: str, person: str, vendor_id: str, gives: bool) -> str | None:
    """Why the governance rules refuse this person's row (roles, stage, declarations, recusal), or None."""
    from . import governance

    try:
        if kind == "scores":
            governance.check_can_score(ws, person, (vendor_id,) if gives else ())
        else:
            governance.check_can_review(ws, person)
    except VendorbenchError as exc:
        return str(exc)
    return None


def _check(errors: list[str], fn):  # type: ignore[no-untyped-def]
    try:
        return fn()
    except VendorbenchError as exc:
        errors.append(str(exc))
        return None


def import_csv(ws: Workspace, paths: list[str], *, by: str | None = None) -> list[tuple[str, ParsedCsv, int]]:
    """Check every file first; write only if all are valid. Returns (file, parsed, changed) per file."""
    parsed = []
    problems: list[str] = []
    for p in paths:
        try:
            parsed.append((p, read_csv(ws, p)))
        except VendorbenchError as exc:
            problems.append(str(exc))
    if problems:
        raise VendorbenchError("\n".join(problems))
    ws.check_import_targets([a for _, d in parsed for a in d.answers], [f for _, d in parsed for f in d.findings])
    out = []
    for p, data in parsed:
        changed = ws.import_answers(data.answers, by=by) if data.kind == "scores" else \
            ws.import_findings(data.findings, by=by)
        out.append((p, data, changed))
    return out


# --- export ---------------------------------------------------------------------------


def _sorted_answers(ws: Workspace) -> list[Answer]:
    order = {c.id: i for i, c in enumerate(ws.scorecard.criteria())}
    vendors = {v.id: i for i, v in enumerate(ws.vendors())}
    return sorted(ws.answers(), key=lambda a: (vendors[a.vendor_id], order.get(a.criterion, 1 << 30),
                                               a.evaluator.casefold()))


def _sorted_findings(ws: Workspace) -> list[Finding]:
    order = {i.id: n for n, i in enumerate(ws.legal.items())}
    vendors = {v.id: i for i, v in enumerate(ws.vendors())}
    return sorted(ws.findings(), key=lambda f: (vendors[f.vendor_id], order.get(f.item, 1 << 30),
                                                f.reviewer.casefold()))


def scores_csv(ws: Workspace) -> str:
    names = {v.id: v.name for v in ws.vendors()}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SCORE_HEADER + (SCORE_EXTRA,))
    for a in _sorted_answers(ws):
        w.writerow([neutralise_cell(c) for c in (a.evaluator, names[a.vendor_id], a.criterion,
                                                 "" if a.value is None else str(a.value), a.note, a.evidence)])
    return buf.getvalue()


def legal_csv(ws: Workspace) -> str:
    names = {v.id: v.name for v in ws.vendors()}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(LEGAL_HEADER + (LEGAL_EXTRA,))
    for f in _sorted_findings(ws):
        w.writerow([neutralise_cell(c) for c in (f.reviewer, names[f.vendor_id], f.item, f.status or "", f.note,
                                                 f.clause)])
    return buf.getvalue()


def export_json(ws: Workspace) -> str:
    """Everything the workspace holds, vendors by name: answers, findings, the terms each vendor is judged
    by (SLA terms, TCO inputs) and the after-signing data (staffing demand, KPI, pilot plans). A record
    to read or archive: no command imports it back (import reads CSV; kpi import reads KPI CSV)."""
    from . import operations  # operations imports this module's CSV helpers

    names = {v.id: v.name for v in ws.vendors()}
    weights = ws.weights()
    off = ws.conditions_off()
    sla, tco = ws.sla_terms(), ws.tco_inputs()
    doc = {
        "workspace": ws.meta.name,
        "scorecard": ws.scorecard.ref,
        "legal": ws.legal.ref,
        "vendors": [v.as_dict() for v in ws.vendors()],
        "weights": weights.model_dump(mode="json"),
        "conditions_off": {names[vid]: sorted(c) for vid, c in off.items() if vid in names},
        "answers": [{"evaluator": a.evaluator, "vendor": names[a.vendor_id], "criterion": a.criterion,
                     "value": a.value, "note": a.note, "evidence": a.evidence} for a in _sorted_answers(ws)],
        "findings": [{"reviewer": f.reviewer, "vendor": names[f.vendor_id], "item": f.item, "status": f.status,
                      "note": f.note, "clause": f.clause} for f in _sorted_findings(ws)],
        "sla_terms": {names[vid]: sla[vid] for vid in names if sla.get(vid)},
        "tco_inputs": {names[vid]: tco[vid] for vid in names if tco.get(vid)},
        "operations": operations.export_doc(ws),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def xlsx_bytes(ws: Workspace) -> bytes:
    """A workbook with three sheets: Results (rank, totals, every category score, legal
    rating), Answers and Findings. Every text cell is stored as a string cell, so
    "=HYPERLINK(...)" typed in a note is shown, never run; cells are also written
    with neutralise_cell, as in CSV, so a sheet saved back as CSV stays safe."""
    from openpyxl import Workbook  # only export needs it

    from . import results

    res = results.load(ws)
    names = {v.id: v.name for v in ws.vendors()}
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Results"
    cats = res.scorecard.categories
    _rows(sheet, [["rank", "vendor", "total", "completeness", "knockouts", "legal rating", "legal exposure",
                   *[c.title for c in cats]]] + [
        [v.rank, v.vendor.name, _num(v.score.total), float(v.score.completeness), ", ".join(v.score.knockouts),
         v.legal.rating, float(v.legal.exposure), *[_num(v.score.categories.get(c.id)) for c in cats]]
        for v in res.vendors])
    _rows(wb.create_sheet("Answers"), [list(SCORE_HEADER + (SCORE_EXTRA,))] + [
        [a.evaluator, names[a.vendor_id], a.criterion, "" if a.value is None else a.value, a.note, a.evidence]
        for a in _sorted_answers(ws)])
    _rows(wb.create_sheet("Findings"), [list(LEGAL_HEADER + (LEGAL_EXTRA,))] + [
        [f.reviewer, names[f.vendor_id], f.item, f.status or "", f.note, f.clause] for f in _sorted_findings(ws)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _num(x: object) -> float | None:
    return None if x is None else float(x)  # type: ignore[arg-type]


def _rows(sheet: object, rows: Sequence[Sequence[object]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)  # type: ignore[attr-defined]
            if isinstance(value, str):
                cell.value = neutralise_cell(value)
                cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
            else:
                cell.value = value


def legal_path_for(path: Path) -> Path:
    """Where the legal findings go next to a scores CSV: answers.csv -> answers-legal.csv."""
    return path.with_name(f"{path.stem}-legal{path.suffix or '.csv'}")


def export(ws: Workspace, fmt: str, path: str | Path) -> list[Path]:
    """Write the export; CSV makes two files (scores, and legal findings beside it)."""
    path = Path(path)
    if path.is_dir():
        raise VendorbenchError(f"{path}: is a folder; give a file name")
    make_dir(path.parent if str(path.parent) else Path("."))
    if fmt == "json":
        atomic_write(path, export_json(ws).encode("utf-8"))
        return [path]
    if fmt == "xlsx":
        atomic_write(path, xlsx_bytes(ws))
        return [path]
    if fmt == "csv":
        legal = legal_path_for(path)
        atomic_write(path, scores_csv(ws).encode("utf-8"))
        atomic_write(legal, legal_csv(ws).encode("utf-8"))
        return [path, legal]
    raise VendorbenchError(f"unknown export format {fmt!r}: use csv, json or xlsx")
