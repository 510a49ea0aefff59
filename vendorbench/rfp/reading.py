"""Read a returned RFP pack (XLSX, or CSV saved from one of its sheets) into responses.

A returned file is untrusted input from outside the company. It is refused, with
every problem named by sheet and cell (or CSV line), when it is not what was
sent: another vendor's or workspace's pack, questions edited or removed, unknown
ids, no answers at all. Files that must not be opened at all are refused before
any parser sees them: empty files, macro-enabled and password-protected
workbooks, and files that are not workbooks.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import VendorbenchError
from ..storage import read_input
from ..store import clean_note
from ..vendors import Vendor
from . import pack as _pack
from . import questions as q

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip bomb stops here, before openpyxl inflates it
MAX_ROWS = 5000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class PackProblems(VendorbenchError):
    """Every reason a returned file was refused; nothing was imported."""

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"{file}: {p}" for p in problems)
                         + (f"\n{file}: {len(problems)} problems; nothing was imported" if len(problems) > 1
                            else f"\n{file}: nothing was imported"))


@dataclass(frozen=True)
class Response:
    """A vendor's answer to one question: words and document names, never a score."""

    kind: q.Kind
    id: str
    answer: str = ""
    comment: str = ""
    evidence: str = ""
    clause: str = ""
    cell: str = ""  # where it was read: "Questionnaire!E7" or "line 7"
    attachments: tuple[str, ...] = field(default=())

    @property
    def content(self) -> tuple[str, str, str, str]:
        return (self.answer, self.comment, self.evidence, self.clause)

    @property
    def empty(self) -> bool:
        return not any(self.content)


@dataclass(frozen=True)
class Expected:
    """What the pack must hold: the workspace's questions for this vendor."""

    workspace_id: str
    workspace_name: str
    vendor: Vendor
    questions: list[q.Question]


def attachments_of(evidence: str) -> tuple[str, ...]:
    """Document names in an evidence reference: one per ';' or line."""
    parts = (p.strip() for line in evidence.splitlines() for p in line.split(";"))
    return tuple(p for p in parts if p)


def read(path: str | Path, expected: Expected) -> list[Response]:
    """Every question row of a returned pack, unanswered ones included (a CSV may hold one
    sheet only: its rows say which questions it covers); raises PackProblems naming every
    problem."""
    return parse(*read_raw(path), expected)


def parse(name: str, raw: bytes, expected: Expected) -> list[Response]:
    """read() of bytes already read from the file called name (the caller hashes the same bytes)."""
    if _sniff(name, raw, csv_allowed=True) == "csv":
        return _read_csv(name, raw, expected)
    return _read_xlsx(name, raw, expected)


def open_workbook(path: str | Path) -> Any:
    """An openpyxl workbook from an untrusted file, after the checks every returned workbook
    passes (not empty, no macros, not encrypted, really a workbook)."""
    name, raw = read_raw(path)
    _sniff(name, raw, csv_allowed=False)
    return _open_workbook(name, raw)


def read_raw(path: str | Path) -> tuple[str, bytes]:
    """(name, bytes) of a returned file, refused when larger than any questionnaire."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PackProblems(name, [f"the file is {size / 1e6:.1f} MB; far larger than a questionnaire "
                                      f"(limit {MAX_FILE_BYTES // 2**20} MB)"])
        return name, read_input(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise VendorbenchError(f"{name}: cannot read: {exc.strerror}") from None


def _sniff(name: str, raw: bytes, csv_allowed: bool) -> str:
    """"xlsx" or "csv" by content, never by the name alone; refuses what must not be opened."""
    if not raw.strip():
        raise PackProblems(name, ["the file is empty"])
    if raw.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise PackProblems(name, ["the workbook is password-protected (encrypted); ask the vendor to "
                                      "remove the password and send it again"])
        raise PackProblems(name, ["this is an old-format .xls workbook (or another OLE file); "
                                  "save it as .xlsx and import that"])
    if raw.startswith(_ZIP_MAGIC):
        return "xlsx"
    if csv_allowed and name.lower().endswith(".csv"):
        return "csv"
    raise PackProblems(name, ["not a workbook: expected an .xlsx file"
                              + (" (or a .csv saved from one of the pack's sheets)" if csv_allowed else "")])


# --- XLSX -------------------------------------------------------------------------------------


def _open_workbook(name: str, raw: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
            names = {i.filename.lower() for i in infos}
            content_types = zf.read("[Content_Types].xml") if "[content_types].xml" in names else b""
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise PackProblems(name, [f"not a workbook: the file is a damaged zip archive ({exc})"]) from None
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroenabled" in content_types.lower() or \
            name.lower().endswith((".xlsm", ".xltm")):
        raise PackProblems(name, ["the workbook is macro-enabled (.xlsm, contains a VBA project); macros are "
                                  "never opened: ask the vendor to save it as a plain .xlsx workbook"])
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise PackProblems(name, ["an OpenDocument file (.ods): save it as an Excel .xlsx workbook and import that"])
    if "xl/workbook.xml" not in names:
        raise PackProblems(name, ["not a workbook: a zip archive without an Excel workbook inside"])
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise PackProblems(name, ["the workbook unpacks to more than "
                                  f"{MAX_UNPACKED_BYTES // 2**20} MB; refused as unsafe"])
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(raw), data_only=False, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged XML; all mean the same
        raise PackProblems(name, [f"not a readable workbook ({type(exc).__name__}: {exc})"]) from None


def _read_xlsx(name: str, raw: bytes, expected: Expected) -> list[Response]:
    wb = _open_workbook(name, raw)
    _check_meta(name, wb, expected)
    problems: list[str] = []
    out: list[Response] = []
    for layout in _pack.LAYOUTS:
        if layout.sheet not in wb.sheetnames:
            problems.append(f"sheet {layout.sheet!r} is missing (sheets: {', '.join(wb.sheetnames)})")
            continue
        out += _read_sheet(wb[layout.sheet], layout, expected, problems)
    _finish(name, out, problems)
    return out


def _check_meta(name: str, wb: Any, expected: Expected) -> None:
    if _pack.META_SHEET not in wb.sheetnames:
        raise PackProblems(name, [f"no hidden {_pack.META_SHEET!r} sheet: not an RFP pack made by "
                                  "`vendorbench rfp export` (or a program dropped its hidden sheet)"])
    sheet = wb[_pack.META_SHEET]
    meta: dict[str, tuple[str, str]] = {}
    for row in range(1, len(_pack.META_KEYS) + 1):
        key = _cell_text(sheet.cell(row=row, column=1))
        meta[key] = (_cell_text(sheet.cell(row=row, column=2)), f"{_pack.META_SHEET}!B{row}")

    def get(key: str) -> tuple[str, str]:
        return meta.get(key, ("", f"{_pack.META_SHEET}!A{_pack.META_KEYS.index(key) + 1}"))

    value, cell = get("format")
    if value != _pack.FORMAT or get("format_version")[0] != str(_pack.FORMAT_VERSION):
        raise PackProblems(name, [f"{cell}: not an RFP pack of this vendorbench version (format {value!r})"])
    value, cell = get("workspace")
    if value != expected.workspace_id:
        raise PackProblems(name, [f"{cell}: this pack was made for another workspace "
                                  f"({get('workspace_name')[0]!r}, id {value}), not {expected.workspace_name!r}"])
    value, cell = get("vendor")
    if value != expected.vendor.id:
        raise PackProblems(name, [f"{cell}: this pack was made for vendor {get('vendor_name')[0]!r} ({value}), "
                                  f"not {expected.vendor.name!r} ({expected.vendor.id})"])
    value, cell = get("checksum")
    if value != q.checksum(expected.questions):
        raise PackProblems(name, [f"{cell}: the questions of this pack differ from the workspace's (checksum "
                                  "mismatch): it was made from another version of the questionnaire or its "
                                  "hidden sheet was edited; export a fresh pack"])


def _read_sheet(sheet: Any, layout: _pack.Layout, expected: Expected, problems: list[str]) -> list[Response]:
    from openpyxl.utils import get_column_letter

    title = sheet.title
    for col, header in enumerate(layout.columns, start=1):
        cell = sheet.cell(row=1, column=col)
        if _norm(_cell_text(cell)) != header:
            problems.append(f"{title}!{cell.coordinate}: column header {_cell_text(cell)!r} should be {header!r} "
                            "(columns must not be moved, renamed or removed)")
    if sheet.max_row > MAX_ROWS:
        problems.append(f"{title}: {sheet.max_row} rows; an RFP pack has at most {MAX_ROWS}")
        return []
    wanted = {x.id: x for x in expected.questions if x.kind == layout.kind}
    seen: dict[str, str] = {}
    out: list[Response] = []
    width = len(layout.columns)
    for row in sheet.iter_rows(min_row=2):
        cells = {c.column: c for c in row}
        r = row[0].row if row else 0
        extra = [c for col, c in cells.items() if col > width and c.value is not None and str(c.value).strip()]
        for c in extra:
            problems.append(f"{title}!{c.coordinate}: text outside the answer columns; "
                            "write it into the row's answer or comment cell")
        texts = {col: _cell_text(cells[col]) if col in cells else "" for col in range(1, width + 1)}
        for col in range(1, width + 1):
            if col in cells and cells[col].data_type == "f":
                problems.append(f"{title}!{cells[col].coordinate}: holds a formula; type the answer as plain text")
        if not any(texts.values()):
            continue
        ident = texts[1]
        if not ident:
            problems.append(f"{title}!A{r}: a row without an id; answers must stay on the row of their question")
            continue
        question = wanted.get(ident)
        if question is None:
            problems.append(f"{title}!A{r}: unknown id {ident!r} (rows must not be added or their id changed)")
            continue
        if ident in seen:
            problems.append(f"{title}!A{r}: id {ident!r} appears twice (first at {seen[ident]})")
            continue
        seen[ident] = f"{title}!A{r}"
        fixed = (question.section, question.text, q.MUST_HAVE if question.must_have else "")
        for col, want in enumerate(fixed, start=2):
            if _norm(texts[col]) != _norm(want):
                problems.append(f"{title}!{get_column_letter(col)}{r}: "
                                f"the {layout.columns[col - 1].lower()} of {ident!r} was "
                                f"edited; only the answer columns may be filled in")
        where = {fname: f"{title}!{get_column_letter(layout.column_of(header))}{r}"
                 for header, fname in layout.fields.items()}
        fields = {fname: _clean(texts[layout.column_of(header)], where[fname], problems)
                  for header, fname in layout.fields.items()}
        fields["answer"] = _choice(question, fields["answer"], where["answer"], problems)
        out.append(_response(question, fields, where["answer"]))
    missing = [i for i in wanted if i not in seen]
    if missing:
        problems.append(f"{title}: {len(missing)} question(s) removed: {_list(missing)} "
                        "(keep every question; leave the answer empty instead)")
    return out


# --- CSV ---------------------------------------------------------------------------------------

_CSV_FIELDS = {"answer": "answer", "position": "answer", "comment": "comment", "evidence reference": "evidence",
               "clause reference": "clause"}
_CSV_FIXED = {"category": "section", "area": "section", "question": "text", "contract term": "text",
              "must-have": "must_have"}


def _read_csv(name: str, raw: bytes, expected: Expected) -> list[Response]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackProblems(name, [f"line {line}: not UTF-8 text; save the CSV as UTF-8"]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel's CSV in comma-decimal locales
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_norm(h).lower() for h in next(rows)]
    except StopIteration:
        raise PackProblems(name, ["the file is empty"]) from None
    except csv.Error as exc:
        raise PackProblems(name, [f"line 1: {exc}"]) from None
    if "id" not in header or not ({"answer", "position"} & set(header)):
        raise PackProblems(name, ["line 1: expected the header row of an RFP pack sheet with at least the "
                                  f"columns ID and Answer (or Position); got {', '.join(header) or 'nothing'}"])
    by_id = {x.id: x for x in expected.questions}
    problems: list[str] = []
    out: list[Response] = []
    seen: dict[str, int] = {}
    end = rows.line_num
    try:
        for values in rows:
            line, end = end + 1, rows.line_num  # a quoted line break makes a record span lines: name its first
            if len(out) + len(problems) > MAX_ROWS:
                problems.append(f"line {line}: more than {MAX_ROWS} rows")
                break
            cells = dict(zip(header, (v for v in values), strict=False))
            if not any(v.strip() for v in values):
                continue
            ident = cells.get("id", "").strip()
            question = by_id.get(ident)
            if question is None:
                problems.append(f"line {line}: unknown id {ident!r}" if ident else
                                f"line {line}: a row without an id")
                continue
            if ident in seen:
                problems.append(f"line {line}: id {ident!r} appears twice (first on line {seen[ident]})")
                continue
            seen[ident] = line
            for col, attr in _CSV_FIXED.items():
                if col in cells:
                    want = getattr(question, attr)
                    want = (q.MUST_HAVE if want else "") if attr == "must_have" else want
                    if _norm(cells[col]) != _norm(want):
                        problems.append(f"line {line}: column {col!r} of {ident!r} was edited; "
                                        "only the answer columns may be filled in")
            fields = {f: "" for f in ("answer", "comment", "evidence", "clause")}
            for col, fname in _CSV_FIELDS.items():
                if col in cells and (fname != "answer" or not fields["answer"]):
                    fields[fname] = _clean(cells[col], f"line {line}, column {col!r}", problems)
            fields["answer"] = _choice(question, fields["answer"], f"line {line}", problems)
            out.append(_response(question, fields, f"line {line}"))
    except csv.Error as exc:
        problems.append(f"line {rows.line_num}: {exc}")
    for kind in {r.kind for r in out}:
        missing = [x.id for x in expected.questions if x.kind == kind and x.id not in seen]
        if missing:
            problems.append(f"{len(missing)} question(s) removed: {_list(missing)} "
                            "(keep every question; leave the answer empty instead)")
    _finish(name, out, problems)
    return out


# --- shared ------------------------------------------------------------------------------------


def _finish(name: str, out: list[Response], problems: list[str]) -> None:
    if not problems and all(r.empty for r in out):
        problems.append("no answers: every answer cell is empty")
    if problems:
        raise PackProblems(name, problems)


def _response(question: q.Question, fields: dict[str, str], cell: str) -> Response:
    return Response(kind=question.kind, id=question.id, answer=fields.get("answer", ""),
                    comment=fields.get("comment", ""), evidence=fields.get("evidence", ""),
                    clause=fields.get("clause", ""), cell=cell,
                    attachments=attachments_of(fields.get("evidence", "")))


def _choice(question: q.Question, value: str, where: str, problems: list[str]) -> str:
    if not question.choices or not value:
        return value
    for choice in question.choices:
        if _norm(value).casefold() == choice.casefold():
            return choice
    problems.append(f"{where}: {value!r} is not a position for {question.id!r}: use one of "
                    + ", ".join(repr(c) for c in question.choices))
    return value


def _clean(value: str, where: str, problems: list[str]) -> str:
    try:
        return clean_note(value, "the answer")
    except VendorbenchError as exc:
        problems.append(f"{where}: {exc}")
        return ""


def _cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    return str(value)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def _list(ids: list[str]) -> str:
    return ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
