"""The RFP pack: an XLSX workbook per vendor, written with openpyxl.

    Instructions     how to fill it in (visible first)
    Questionnaire    one row per scorecard criterion
    Contract terms   one row per legal checklist item, with a choice list
    vendorbench      very hidden: workspace id, vendor id, checksum of the questions

Every sheet is protected with only the answer cells unlocked, and the workbook
structure is locked so the hidden sheet cannot be shown or sheets moved. That is
guidance for the vendor's hand, not security (the protection has no password):
the importer checks every question cell and the checksum itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..storage import atomic_write, make_dir
from ..vendors import Vendor
from . import questions as q

FORMAT = "vendorbench-rfp-pack"
FORMAT_VERSION = 1
INSTRUCTIONS_SHEET = "Instructions"
META_SHEET = "vendorbench"
META_KEYS = ("format", "format_version", "workspace", "workspace_name", "vendor", "vendor_name", "checksum",
             "questions")


@dataclass(frozen=True)
class Layout:
    sheet: str
    kind: q.Kind
    columns: tuple[str, ...]
    fields: dict[str, str]  # answer column header -> response field; the other columns are locked

    def column_of(self, header: str) -> int:
        return self.columns.index(header) + 1


CRITERIA = Layout("Questionnaire", "criterion",
                  ("ID", "Category", "Question", "Must-have", "Answer", "Evidence reference"),
                  {"Answer": "answer", "Evidence reference": "evidence"})
LEGAL = Layout("Contract terms", "legal",
               ("ID", "Area", "Contract term", "Must-have", "Position", "Comment", "Clause reference",
                "Evidence reference"),
               {"Position": "answer", "Comment": "comment", "Clause reference": "clause",
                "Evidence reference": "evidence"})
LAYOUTS = (CRITERIA, LEGAL)
FIXED = 4  # ID, section, question, must-have: the columns the vendor may not change

_WIDTHS = {"ID": 26, "Category": 22, "Area": 22, "Question": 70, "Contract term": 70, "Must-have": 12,
           "Answer": 60, "Position": 22, "Comment": 45, "Clause reference": 20, "Evidence reference": 32}


def build(workspace_id: str, workspace_name: str, vendor: Vendor, qs: list[q.Question]) -> bytes:
    """The pack as XLSX bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.creator = "vendorbench"
    wb.properties.title = f"RFP questionnaire: {workspace_name}"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    must_fill = PatternFill("solid", fgColor="FCE4D6")
    answer_fill = PatternFill("solid", fgColor="FFF9DB")
    unlocked = Protection(locked=False)

    intro = wb.active
    intro.title = INSTRUCTIONS_SHEET
    intro.column_dimensions["A"].width = 110
    for row, text in enumerate(_instructions(workspace_name, vendor.name, qs), start=1):
        cell = _text(intro.cell(row=row, column=1), text)
        cell.alignment = wrap
        if row == 1:
            cell.font = Font(bold=True, size=14)
    _protect(intro)

    for layout in LAYOUTS:
        sheet = wb.create_sheet(layout.sheet)
        for col, header in enumerate(layout.columns, start=1):
            cell = _text(sheet.cell(row=1, column=col), header)
            cell.font = bold
            sheet.column_dimensions[cell.column_letter].width = _WIDTHS[header]
        sheet.freeze_panes = "B2"
        rows = [x for x in qs if x.kind == layout.kind]
        for r, question in enumerate(rows, start=2):
            values = (question.id, question.section, question.text, q.MUST_HAVE if question.must_have else "")
            for col, value in enumerate(values, start=1):
                cell = _text(sheet.cell(row=r, column=col), value)
                cell.alignment = wrap
                if question.must_have:
                    cell.fill = must_fill
            for header in layout.fields:
                cell = sheet.cell(row=r, column=layout.column_of(header))
                cell.protection = unlocked
                cell.alignment = wrap
                cell.fill = answer_fill
        if rows and rows[0].choices:
            letter = sheet.cell(row=1, column=layout.column_of("Position")).column_letter
            dv = DataValidation(type="list", formula1='"' + ",".join(rows[0].choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Choose from the list",
                                error="Choose one of: " + ", ".join(rows[0].choices))
            dv.add(f"{letter}2:{letter}{len(rows) + 1}")
            sheet.add_data_validation(dv)
        _protect(sheet)

    meta = wb.create_sheet(META_SHEET)
    meta_values = (FORMAT, str(FORMAT_VERSION), workspace_id, workspace_name, vendor.id, vendor.name,
              q.checksum(qs), str(len(qs)))
    for row, (key, value) in enumerate(zip(META_KEYS, meta_values, strict=True), start=1):
        _text(meta.cell(row=row, column=1), key)
        _text(meta.cell(row=row, column=2), value)
    meta.sheet_state = "veryHidden"
    _protect(meta)
    wb.security = WorkbookProtection(lockStructure=True)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    make_dir(path.parent)
    atomic_write(path, data)
    return path


def _text(cell: Any, value: str) -> Any:
    """A literal string: openpyxl would otherwise store text starting with '=' as a formula,
    and a questionnaire or vendor name is untrusted input."""
    cell.value = value
    cell.data_type = "s"
    return cell


def _protect(sheet: Any) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # let the vendor widen columns and rows to read long text
    sheet.protection.formatRows = False


def _instructions(workspace_name: str, vendor_name: str, qs: list[q.Question]) -> list[str]:
    n_crit = sum(1 for x in qs if x.kind == "criterion")
    n_legal = len(qs) - n_crit
    must = sum(1 for x in qs if x.must_have)
    return [
        f"Request for proposal: {workspace_name}",
        f"Prepared for: {vendor_name}",
        "",
        "How to answer",
        f"1. The '{CRITERIA.sheet}' sheet has {n_crit} questions about your service. Write your answer in the "
        "Answer column. In 'Evidence reference' name the document you attach and where in it the proof is, "
        "for example: SOC2-Type2-2026.pdf p. 14. Separate several documents with ';'.",
        f"2. The '{LEGAL.sheet}' sheet has {n_legal} contract terms. In 'Position' choose "
        + ", ".join(f"'{c}'" for c in q.LEGAL_CHOICES)
        + "; explain changes in 'Comment', and give the clause of your draft contract that covers the "
          "term in 'Clause reference' (for example: MSA 12.3, DPA 7.2).",
        f"3. {must} rows are marked {q.MUST_HAVE}: an answer that does not meet them can exclude the offer.",
        "4. Only the yellow answer cells can be edited. Do not change, add or remove questions, rename "
        "sheets, or type formulas: the returned file is checked, and one with a changed question is refused.",
        "5. Save and return the file as .xlsx: not as a macro-enabled workbook (.xlsm), and not "
        "password-protected, or it cannot be read.",
        "",
        "Questions about this questionnaire go to your contact at the buyer; please do not write them "
        "into the answer cells.",
    ]


def default_path(workspace_name: str, vendor: Vendor, folder: str | Path | None = None) -> Path:
    """exports/<workspace>-rfp-<vendor>.xlsx under folder (default: the current directory), the
    same convention as the PDF report."""
    from ..filenames import EXPORTS_DIR, slug

    base = Path(folder if folder is not None else ".")
    return base / EXPORTS_DIR / f"{slug(workspace_name)}-rfp-{slug(vendor.name)}.xlsx"


def export(ws: Any, vendor: str, out: str | Path | None = None) -> Path:
    """Write one vendor's pack for an open store.Workspace; returns where it went."""
    v = ws.vendor(vendor)
    name = ws.meta.name
    target = Path(out) if out is not None else default_path(name, v)
    if target.is_dir():  # -o FOLDER: the default file name inside it
        target = target / default_path(name, v).name
    return write(target, build(ws.workspace_id(), name, v, q.for_workspace(ws)))


def export_all(ws: Any, folder: str | Path | None = None) -> list[Path]:
    """One pack per vendor, into folder/ (default: exports/ in the current directory)."""
    from ..errors import VendorbenchError

    vendors = ws.vendors()
    if not vendors:
        raise VendorbenchError("no vendors yet: add them with: vendorbench vendor add DIR NAME")
    paths = [default_path(ws.meta.name, v) if folder is None else Path(folder) / default_path(ws.meta.name, v).name
             for v in vendors]
    if len(set(paths)) != len(paths):
        raise VendorbenchError("two vendors' names give the same file name; rename one, or export them one "
                               "by one with --vendor and -o")
    return [export(ws, v.id, p) for v, p in zip(vendors, paths, strict=True)]
