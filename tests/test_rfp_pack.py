"""`vendorbench rfp export`: the RFP pack as a vendor opens it (read back with python-calamine)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from vendorbench.cli import main
from vendorbench.rfp import questions
from vendorbench.store import Workspace

from .rfp_helpers import export, make_workspace


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    return make_workspace(tmp_path, small_files)


def sheet_rows(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_pack_has_one_row_per_criterion_and_legal_item(ws, tmp_path):
    pack = export(ws, "Alpha", tmp_path / "alpha.xlsx")
    crit = sheet_rows(pack, "Questionnaire")
    legal = sheet_rows(pack, "Contract terms")
    assert crit[0] == ["ID", "Category", "Question", "Must-have", "Answer", "Evidence reference"]
    assert [r[0] for r in crit[1:]] == ["a.one", "a.two", "b.one"]
    assert legal[0][4:] == ["Position", "Comment", "Clause reference", "Evidence reference"]
    assert [r[0] for r in legal[1:]] == ["C1", "H1", "H2", "M1", "M2", "L1"]


def test_questions_use_the_vendor_wording_and_mark_must_haves(ws, tmp_path):
    crit = {r[0]: r for r in sheet_rows(export(ws, "Alpha", tmp_path / "a.xlsx"), "Questionnaire")[1:]}
    assert crit["a.two"][2] == "Describe A two."  # the ask field
    assert crit["a.one"][2] == "A one\ng"  # no ask: title and guidance
    assert crit["a.two"][3] == "MUST-HAVE" and crit["a.one"][3] == ""
    legal = {r[0]: r for r in sheet_rows(tmp_path / "a.xlsx", "Contract terms")[1:]}
    assert legal["C1"][3] == "MUST-HAVE"  # critical severity is a legal must-have
    assert legal["H1"][3] == ""


def test_red_flags_of_the_evaluator_guidance_never_reach_the_vendor():
    from vendorbench.models import Criterion

    c = Criterion(id="x", title="Is it encrypted?", weight=1.0, rubric={"0": "a", "3": "b", "5": "c"},
                  guidance="Ask for the data-flow map. Red flags: recordings on local drives.")
    assert questions.criterion_text(c) == "Is it encrypted?\nAsk for the data-flow map."


def test_hidden_sheet_names_workspace_vendor_and_checksum(ws, tmp_path):
    pack = export(ws, "Beta", tmp_path / "b.xlsx")
    wb = CalamineWorkbook.from_path(str(pack))
    visibility = {s.name: s.visible for s in wb.sheets_metadata}
    assert visibility["vendorbench"] == SheetVisibleEnum.VeryHidden
    assert visibility["Instructions"] == SheetVisibleEnum.Visible
    meta = dict(sheet_rows(pack, "vendorbench"))
    w = Workspace(ws)
    assert meta["workspace"] == w.workspace_id()
    assert meta["vendor"] == w.vendor("Beta").id
    assert meta["checksum"] == questions.checksum(questions.questions(w.scorecard, w.legal))


def test_only_answer_cells_are_unlocked_and_positions_are_a_choice(ws, tmp_path):
    wb = load_workbook(export(ws, "Alpha", tmp_path / "a.xlsx"))
    for name, answer_cols in (("Questionnaire", "EF"), ("Contract terms", "EFGH")):
        sheet = wb[name]
        assert sheet.protection.sheet
        for col in "ABCDEFGH"[: sheet.max_column]:
            assert sheet[f"{col}2"].protection.locked == (col not in answer_cols), (name, col)
    assert wb.security.lockStructure  # the hidden sheet cannot be shown or the sheets moved
    (dv,) = wb["Contract terms"].data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"Accepted,Accepted with changes,Not accepted"'
    assert str(dv.sqref) == "E2:E7"


def test_default_output_goes_to_exports_like_the_report(ws, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["rfp", "export", str(ws), "--vendor", "alpha"]) == 0
    path = tmp_path / "exports" / "event-2027-rfp-alpha.xlsx"
    assert f"Wrote {Path('exports') / path.name}" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # a pack names the buyer's terms


def test_all_vendors_at_once(ws, tmp_path):
    assert main(["rfp", "export", str(ws), "--all", "-o", str(tmp_path / "packs")]) == 0
    files = sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert files == ["event-2027-rfp-alpha.xlsx", "event-2027-rfp-beta.xlsx"]
    vendors = {dict(sheet_rows(tmp_path / "packs" / f, "vendorbench"))["vendor_name"] for f in files}
    assert vendors == {"Alpha", "Beta"}


def test_text_that_looks_like_a_formula_stays_text(tmp_path, small_files):
    ws = make_workspace(tmp_path, small_files, vendors=('=HYPERLINK("http://x","y")',))
    pack = export(ws, 'id:v1', tmp_path / "f.xlsx")
    intro = sheet_rows(pack, "Instructions")
    assert intro[1] == ['Prepared for: =HYPERLINK("http://x","y")']
    assert dict(sheet_rows(pack, "vendorbench"))["vendor_name"] == '=HYPERLINK("http://x","y")'
    assert load_workbook(pack)["vendorbench"]["B6"].data_type == "s"


def test_unknown_vendor_is_refused(ws, tmp_path, capsys):
    assert main(["rfp", "export", str(ws), "--vendor", "Gamma", "-o", str(tmp_path / "g.xlsx")]) == 1
    assert "unknown vendor 'Gamma'" in capsys.readouterr().err
    assert not (tmp_path / "g.xlsx").exists()


def test_workspace_id_is_made_once_and_kept(ws):
    first = Workspace(ws).workspace_id()
    assert len(first) == 16 and Workspace(ws).workspace_id() == first


def test_conditional_items_say_when_they_apply(ws, tmp_path):
    legal = {r[0]: r for r in sheet_rows(export(ws, "Alpha", tmp_path / "a.xlsx"), "Contract terms")[1:]}
    assert legal["L1"][2].endswith("\n(Applies only to: card data.)")


def test_rfp_core_loads_no_ui_no_pdf_and_no_workbook_library_until_used():
    import subprocess
    import sys

    code = ("import sys\nimport vendorbench.rfp.pack, vendorbench.rfp.responses, vendorbench.rfp.reading\n"
            "import vendorbench.rfp.caiq, vendorbench.rfp.evidence, vendorbench.rfp.view\n"
            "import vendorbench.commands.rfp\n"
            "print(','.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('textual', 'reportlab', 'openpyxl'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_output_into_an_existing_folder_keeps_the_default_name(ws, tmp_path):
    (tmp_path / "out").mkdir()
    assert main(["rfp", "export", str(ws), "--vendor", "Beta", "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "event-2027-rfp-beta.xlsx").is_file()
