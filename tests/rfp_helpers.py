"""Workspaces and returned RFP packs for the rfp tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from vendorbench.cli import main

SMALL_ASK = 'title = "A two (must-have)"\n'


def make_workspace(tmp_path: Path, small_files, vendors: tuple[str, ...] = ("Alpha", "Beta")) -> Path:
    sc, lg = small_files
    # one criterion with vendor wording, the others fall back to title + guidance
    if "ask =" not in sc.read_text():
        sc.write_text(sc.read_text().replace(SMALL_ASK, SMALL_ASK + '  ask = "Describe A two."\n'))
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Event 2027", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    for name in vendors:
        assert main(["vendor", "add", str(d), name]) == 0
    return d


def export(ws: Path, vendor: str, out: Path) -> Path:
    assert main(["rfp", "export", str(ws), "--vendor", vendor, "-o", str(out)]) == 0
    return out


def fill(src: Path, dst: Path, answers: dict[str, dict[str, str | None]]) -> Path:
    """Write answers into a pack as a vendor would in a spreadsheet program: by id, into
    the column named by its header (Answer, Position, Comment, Clause reference...)."""
    wb = load_workbook(src)
    for sheet_name in ("Questionnaire", "Contract terms"):
        sheet = wb[sheet_name]
        headers = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1)}
        for row in range(2, sheet.max_row + 1):
            for column, value in answers.get(sheet.cell(row, 1).value, {}).items():
                sheet.cell(row, headers[column]).value = value
    wb.save(dst)
    return dst


ROUND_1 = {
    "a.one": {"Answer": "We cover A fully.", "Evidence reference": "A-report.pdf p. 3; A-cert.pdf"},
    "a.two": {"Answer": "Yes, in all sites."},
    "b.one": {"Answer": "B is planned for Q3."},
    "C1": {"Position": "Accepted", "Clause reference": "DPA 7.2"},
    "H1": {"Position": "accepted with changes", "Comment": "30 days, not 10", "Clause reference": "MSA 12.3"},
}
