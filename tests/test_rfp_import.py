"""`vendorbench rfp import`: a vendor's returned pack becomes a response round, or is refused
with the sheet and cell of every problem and nothing written."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from vendorbench.cli import main
from vendorbench.errors import CorruptFileError, VendorbenchError
from vendorbench.rfp import responses
from vendorbench.rfp.paths import workspace_path
from vendorbench.store import Workspace

from .rfp_helpers import ROUND_1, export, fill, make_workspace


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    return make_workspace(tmp_path, small_files)


@pytest.fixture
def pack(ws, tmp_path) -> Path:
    return export(ws, "Alpha", tmp_path / "alpha.xlsx")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def refused(capsys, ws: Path, file: Path, vendor: str = "Alpha") -> str:
    code, _, err = run(capsys, "rfp", "import", ws, "--vendor", vendor, file)
    assert code == 1
    assert "Traceback" not in err
    assert "nothing was imported" in err
    assert not (ws / "responses").exists() or not list((ws / "responses").rglob("round-*.json"))
    return err


# --- round trips --------------------------------------------------------------------------------


def test_round_trip_answers_stored_as_responses_not_scores(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "returned.xlsx", ROUND_1)
    code, out, _ = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", returned)
    assert code == 0 and "Imported round 1 for Alpha" in out and "5 answers" in out
    w = Workspace(ws)
    assert w.answers() == [] and w.findings() == []  # never a score or a legal status
    got = responses.latest(w, "v1")
    assert got["a.one"].answer == "We cover A fully."
    assert got["a.one"].attachments == ("A-report.pdf p. 3", "A-cert.pdf")
    assert got["a.one"].cell == "Questionnaire!E2"
    assert got["H1"].answer == "Accepted with changes"  # the choice, spelt as offered
    assert (got["H1"].comment, got["H1"].clause) == ("30 days, not 10", "MSA 12.3")
    assert "H2" not in got  # unanswered questions are not responses


def test_stored_answers_are_what_a_second_reader_sees_in_the_file(ws, pack, tmp_path):
    returned = fill(pack, tmp_path / "returned.xlsx", ROUND_1)
    responses.import_file(Workspace(ws), "Alpha", returned)
    book = CalamineWorkbook.from_path(str(returned))
    seen = {}
    for name, col in (("Questionnaire", 4), ("Contract terms", 4)):
        for row in book.get_sheet_by_name(name).to_python()[1:]:
            if row[col]:
                seen[row[0]] = row[col]
    stored = {i: r.answer for i, r in responses.latest(Workspace(ws), "v1").items()}
    assert stored == {**seen, "H1": "Accepted with changes"}  # typed in lower case, stored as offered


def test_round_files_are_private_and_named_by_vendor_and_round(ws, pack, tmp_path):
    responses.import_file(Workspace(ws), "Alpha", fill(pack, tmp_path / "r.xlsx", ROUND_1))
    path = ws / "responses" / "v1" / "round-1.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_reimport_shows_the_diff_and_keeps_the_earlier_round(ws, pack, tmp_path, capsys):
    run(capsys, "rfp", "import", ws, "--vendor", "Alpha", fill(pack, tmp_path / "r1.xlsx", ROUND_1))
    round_2 = {**ROUND_1, "a.one": {"Answer": "We cover A fully, audited yearly."}, "b.one": {"Answer": None},
               "H2": {"Position": "Not accepted", "Comment": "Our standard terms apply."}}
    code, out, _ = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", fill(pack, tmp_path / "r2.xlsx", round_2))
    assert code == 0
    assert "Imported round 2 for Alpha" in out and "1 changed, 1 new, 1 withdrawn" in out
    changed = out[out.index("Changed:"):out.index("New:")]
    assert "a.one  (Questionnaire!E2)" in changed
    assert "was: We cover A fully. | evidence: A-report.pdf p. 3; A-cert.pdf" in changed
    assert "now: We cover A fully, audited yearly." in changed
    assert "H2" in out[out.index("New:"):out.index("Withdrawn:")]
    assert "b.one" in out[out.index("Withdrawn:"):]
    found = responses.rounds(Workspace(ws), "v1")
    assert [r.number for r in found] == [1, 2]
    assert found[0].responses["b.one"].answer == "B is planned for Q3."  # round 1 kept as it was
    assert "b.one" not in found[1].responses


def test_reimporting_the_same_answers_stores_no_new_round(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "r1.xlsx", ROUND_1)
    run(capsys, "rfp", "import", ws, "--vendor", "Alpha", returned)
    code, out, _ = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", returned)
    assert code == 0 and "same answers as round 1" in out
    assert len(responses.rounds(Workspace(ws), "v1")) == 1


def test_responses_command_shows_a_round(ws, pack, tmp_path, capsys):
    run(capsys, "rfp", "import", ws, "--vendor", "Alpha", fill(pack, tmp_path / "r1.xlsx", ROUND_1))
    code, out, _ = run(capsys, "rfp", "responses", ws, "--vendor", "Alpha", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["round"] == 1 and doc["source"] == "r1.xlsx"
    assert {r["id"] for r in doc["responses"]} == set(ROUND_1)
    code, _, err = run(capsys, "rfp", "responses", ws, "--vendor", "Alpha", "--round", "3")
    assert code == 1 and "no round 3" in err


def test_csv_saved_from_a_sheet_imports_too(ws, pack, tmp_path, capsys):
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text('ID,Category,Question,Must-have,Answer,Evidence reference\r\n'
                        'a.one,Category A,"A one\ng",,Covered.,deck.pdf\r\n'
                        'a.two,Category A,Describe A two.,MUST-HAVE,,\r\n'
                        'b.one,Category B,"B one\ng",,,\r\n', encoding="utf-8")
    code, out, _ = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", csv_file)
    assert code == 0, out
    got = responses.latest(Workspace(ws), "v1")
    assert list(got) == ["a.one"] and got["a.one"].attachments == ("deck.pdf",) and got["a.one"].cell == "line 2"


# --- refusals -----------------------------------------------------------------------------------


def test_pack_for_another_vendor_is_refused(ws, pack, tmp_path, capsys):
    err = refused(capsys, ws, fill(pack, tmp_path / "r.xlsx", ROUND_1), vendor="Beta")
    assert "vendorbench!B5: this pack was made for vendor 'Alpha' (v1), not 'Beta' (v2)" in err


def test_pack_for_another_workspace_is_refused(ws, tmp_path, small_files, capsys):
    other = make_workspace(tmp_path / "other", small_files)
    foreign = export(other, "Alpha", tmp_path / "foreign.xlsx")
    err = refused(capsys, ws, fill(foreign, tmp_path / "r.xlsx", ROUND_1))
    assert "vendorbench!B3: this pack was made for another workspace ('Event 2027', id " in err


def test_edited_question_is_refused_naming_the_cell(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "r.xlsx", {**ROUND_1, "a.two": {"Question": "Describe A two, roughly."}})
    err = refused(capsys, ws, returned)
    assert "Questionnaire!C3: the question of 'a.two' was edited" in err


def test_unmarked_must_have_is_an_edit_too(ws, pack, tmp_path, capsys):
    err = refused(capsys, ws, fill(pack, tmp_path / "r.xlsx", {**ROUND_1, "C1": {"Must-have": None}}))
    assert "Contract terms!D2: the must-have of 'C1' was edited" in err


def test_removed_question_is_refused(ws, pack, tmp_path, capsys):
    wb = load_workbook(fill(pack, tmp_path / "r.xlsx", ROUND_1))
    wb["Questionnaire"].delete_rows(4)  # b.one
    wb.save(tmp_path / "r.xlsx")
    err = refused(capsys, ws, tmp_path / "r.xlsx")
    assert "Questionnaire: 1 question(s) removed: b.one" in err


def test_unknown_id_is_refused_naming_the_cell(ws, pack, tmp_path, capsys):
    wb = load_workbook(fill(pack, tmp_path / "r.xlsx", ROUND_1))
    wb["Questionnaire"]["A5"] = "c.new"
    wb["Questionnaire"]["E5"] = "An answer to a question nobody asked"
    wb.save(tmp_path / "r.xlsx")
    err = refused(capsys, ws, tmp_path / "r.xlsx")
    assert "Questionnaire!A5: unknown id 'c.new'" in err


def test_duplicate_row_is_refused(ws, pack, tmp_path, capsys):
    wb = load_workbook(fill(pack, tmp_path / "r.xlsx", ROUND_1))
    sheet = wb["Questionnaire"]
    for col in range(1, 5):
        sheet.cell(5, col).value = sheet.cell(2, col).value
    wb.save(tmp_path / "r.xlsx")
    message = refused(capsys, ws, tmp_path / "r.xlsx")
    assert "Questionnaire!A5: id 'a.one' appears twice (first at Questionnaire!A2)" in message


def test_every_problem_is_listed_at_once(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "r.xlsx", {"a.one": {"Question": "changed"}, "C1": {"Position": "Maybe"}})
    err = refused(capsys, ws, returned)
    assert "Questionnaire!C2:" in err
    assert "Contract terms!E2: 'Maybe' is not a position for 'C1': use one of 'Accepted'" in err
    assert "2 problems; nothing was imported" in err


def test_formula_in_an_answer_cell_is_refused(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "r.xlsx", {**ROUND_1, "b.one": {"Answer": '=WEBSERVICE("http://x")'}})
    assert "Questionnaire!E4: holds a formula" in refused(capsys, ws, returned)


def test_empty_file_is_refused(ws, tmp_path, capsys):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "empty.xlsx: the file is empty" in refused(capsys, ws, tmp_path / "empty.xlsx")


def test_pack_with_no_answers_is_refused(ws, pack, capsys):
    assert "no answers: every answer cell is empty" in refused(capsys, ws, pack)


def test_macro_enabled_workbook_is_refused(ws, pack, tmp_path, capsys):
    returned = fill(pack, tmp_path / "r.xlsx", ROUND_1)
    with_macros = tmp_path / "r-macro.xlsx"
    with zipfile.ZipFile(returned) as src, zipfile.ZipFile(with_macros, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00VBA")
    assert "macro-enabled" in refused(capsys, ws, with_macros)
    renamed = tmp_path / "r.xlsm"
    renamed.write_bytes(returned.read_bytes())
    assert "macro-enabled" in refused(capsys, ws, renamed)


def test_password_protected_workbook_is_refused(ws, tmp_path, capsys):
    # Excel saves an encrypted workbook as an OLE compound file holding an EncryptionInfo stream
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
           + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"))
    (tmp_path / "locked.xlsx").write_bytes(ole)
    assert "password-protected" in refused(capsys, ws, tmp_path / "locked.xlsx")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.xlsx", b"Dear buyer, our answers are attached.", "not a workbook"),
    ("report.pdf", b"%PDF-1.7\n...", "not a workbook"),
    ("archive.xlsx", None, "a zip archive without an Excel workbook inside"),
    ("answers.ods", b"ods", "an OpenDocument file (.ods): save it as an Excel .xlsx"),
    ("broken.xlsx", b"PK\x03\x04garbage", "not a workbook: the file is a damaged zip archive"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-format .xls workbook"),
])
def test_a_file_that_is_not_a_workbook_is_refused(ws, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content in (None, b"ods"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            if content == b"ods":
                zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            zf.writestr("readme.txt", "hello")
        content = buffer.getvalue()
    path.write_bytes(content)
    assert message in refused(capsys, ws, path)


def test_workbook_without_the_hidden_sheet_is_refused(ws, tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "ID"
    wb.save(tmp_path / "own.xlsx")
    assert "no hidden 'vendorbench' sheet" in refused(capsys, ws, tmp_path / "own.xlsx")


def test_edited_hidden_checksum_is_refused(ws, pack, tmp_path, capsys):
    wb = load_workbook(fill(pack, tmp_path / "r.xlsx", ROUND_1))
    wb["vendorbench"]["B7"] = "0" * 64
    wb.save(tmp_path / "r.xlsx")
    assert "vendorbench!B7: the questions of this pack differ" in refused(capsys, ws, tmp_path / "r.xlsx")


def test_csv_problems_name_the_line(ws, tmp_path, capsys):
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text("ID,Answer\r\na.one,x\r\nzz.top,y\r\n", encoding="utf-8")
    err = refused(capsys, ws, csv_file)
    assert "answers.csv: line 3: unknown id 'zz.top'" in err
    assert "question(s) removed: a.two, b.one" in err


def test_empty_csv_is_refused(ws, tmp_path, capsys):
    (tmp_path / "a.csv").write_text("\n\n", encoding="utf-8")
    assert "the file is empty" in refused(capsys, ws, tmp_path / "a.csv")


# --- untrusted workspace files ------------------------------------------------------------------


def test_a_vendor_id_that_would_leave_the_workspace_is_refused(tmp_path):
    with pytest.raises(VendorbenchError, match="is not a vendor id"):
        workspace_path(tmp_path, "responses", "../../etc")
    assert workspace_path(tmp_path, "evidence", "v1", "records.json") == tmp_path / "evidence" / "v1" / "records.json"


def test_hand_damaged_round_file_names_the_file(ws, pack, tmp_path):
    w = Workspace(ws)
    responses.import_file(w, "Alpha", fill(pack, tmp_path / "r.xlsx", ROUND_1))
    path = ws / "responses" / "v1" / "round-1.json"
    path.write_text(path.read_text().replace('"answer": "We cover A fully."', '"answer": 5'))
    with pytest.raises(CorruptFileError, match="round-1.json: response 'a.one' has a field of the wrong type"):
        responses.rounds(w, "v1")


def test_a_failed_save_keeps_the_earlier_round_and_adds_nothing(ws, pack, tmp_path, capsys, monkeypatch):
    import errno

    from vendorbench import storage

    run(capsys, "rfp", "import", ws, "--vendor", "Alpha", fill(pack, tmp_path / "r1.xlsx", ROUND_1))
    before = (ws / "responses" / "v1" / "round-1.json").read_bytes()

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", disk_full)
    changed = fill(pack, tmp_path / "r2.xlsx", {**ROUND_1, "b.one": {"Answer": "Live now."}})
    code, _, err = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", changed)
    assert code == 1 and "the disk is full; the previous version is intact" in err
    assert sorted(p.name for p in (ws / "responses" / "v1").iterdir()) == [".lock", "round-1.json"]
    assert (ws / "responses" / "v1" / "round-1.json").read_bytes() == before


def test_a_csv_of_one_sheet_keeps_the_other_sheets_answers(ws, pack, tmp_path, capsys):
    run(capsys, "rfp", "import", ws, "--vendor", "Alpha", fill(pack, tmp_path / "r1.xlsx", ROUND_1))
    csv_file = tmp_path / "questionnaire.csv"
    csv_file.write_text("ID,Answer,Evidence reference\r\na.one,We cover A fully.,A-report.pdf p. 3; A-cert.pdf\r\n"
                        "a.two,Yes in all sites.,\r\nb.one,,\r\n", encoding="utf-8")
    code, out, _ = run(capsys, "rfp", "import", ws, "--vendor", "Alpha", csv_file)
    assert code == 0 and "1 changed, 0 new, 1 withdrawn" in out  # a.two edited, b.one emptied
    assert "2 answers kept from round 1: this file does not hold their sheet" in out
    latest = responses.latest(Workspace(ws), "v1")
    assert latest["H1"].clause == "MSA 12.3" and "b.one" not in latest


def test_workbook_with_xml_entity_expansion_is_refused(ws, pack, tmp_path, capsys):
    """A vendor workbook is untrusted XML: an entity-expansion bomb ("billion laughs") in a sheet is
    refused, never expanded. openpyxl guards against it only when defusedxml is installed (a dependency)."""
    dtd = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b"]>")
    returned = fill(pack, tmp_path / "returned.xlsx", ROUND_1)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(returned) as src, zipfile.ZipFile(hostile, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                decl_end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:decl_end] + dtd + data[decl_end:]
                data = re.sub(rb"<t>[^<]*</t>", b"<t>&lol9;</t>", data, count=1)
            dst.writestr(info, data)
    err = refused(capsys, ws, hostile)
    assert "hostile.xlsx" in err and "not a readable workbook" in err


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
