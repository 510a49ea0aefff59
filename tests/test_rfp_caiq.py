"""A completed CSA CAIQ v4 workbook filed as security evidence. The fixture workbook is
built here with made-up question text: no CAIQ content is shipped or stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from vendorbench import questionnaires
from vendorbench.cli import main
from vendorbench.questionnaires import QuestionnaireError
from vendorbench.rfp import caiq, evidence
from vendorbench.rfp.reading import PackProblems
from vendorbench.store import Workspace

HEADER = ["Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership",
          "CSP Implementation Description (Optional/Recommended)", "CCM Control ID"]
ROWS = [
    ["A&A-01.1", "Made-up question one?", "Yes", "CSP-owned", "Annual external audit.", "A&A-01"],
    ["CEK-03.1", "Made-up question two?", "yes", "Shared CSP and CSC", "AES-256 at rest.", "CEK-03"],
    ["CEK-04.1", "Made-up question three?", "No", "CSP-owned", "", "CEK-04"],
    ["IAM-02.1", "Made-up question four?", "NA", "", "", "IAM-02"],
    ["GRC-01.1", "Made-up question five?", "Yes", "CSP-owned", "", "GRC-01"],  # no criterion takes GRC
    ["LOG-05.1", "Made-up question six?", "", "", "", "LOG-05"],  # not answered
]


def caiq_workbook(path: Path, rows=ROWS, header=HEADER, sheet="CAIQv4.0.3") -> Path:
    wb = Workbook()
    wb.active.title = "Cover"
    wb.active["A1"] = "Consensus Assessments Initiative Questionnaire"
    ws = wb.create_sheet(sheet)
    ws.append(["Vendor security self-assessment"])  # a title block above the header, as in the real one
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Event"]) == 0  # the built-in scorecard and its security criteria
    assert main(["vendor", "add", str(d), "Alpha"]) == 0
    return d


def test_mapped_answers_become_security_evidence_at_their_cells(ws, tmp_path):
    book = caiq_workbook(tmp_path / "alpha-caiq.xlsx")
    res = caiq.import_caiq(Workspace(ws), "Alpha", book)
    assert (res.sheet, res.answered, res.unmapped) == ("CAIQv4.0.3", 5, 1)
    assert res.by_criterion == {"security.certifications": {"Yes": 1, "No": 0, "NA": 0},
                                "security.encryption": {"Yes": 1, "No": 1, "NA": 0},
                                "security.identity-access": {"Yes": 0, "No": 0, "NA": 1}}
    assert res.no_answers == {"security.encryption": ["CEK-04.1"]}
    recs = evidence.records(Workspace(ws), "v1")
    enc = [r for r in recs if r.item == "security.encryption"]
    assert [(r.reference, r.location, r.note) for r in enc] == [
        ("CAIQ v4 CEK-03.1: Yes (Shared CSP and CSC)", "CAIQv4.0.3!C5", "AES-256 at rest."),
        ("CAIQ v4 CEK-04.1: No (CSP-owned)", "CAIQv4.0.3!C6", "")]
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    assert {r.sha256 for r in recs} == {digest} and all(r.source == "caiq" for r in recs)


def test_headers_are_found_by_name_in_any_order(ws, tmp_path):
    order = [2, 0, 4, 1, 3]
    rows = [[row[i] for i in order] for row in ROWS]
    res = caiq.import_caiq(Workspace(ws), "Alpha",
                           caiq_workbook(tmp_path / "c.xlsx", rows, [HEADER[i] for i in order], sheet="Answers"))
    assert res.answered == 5 and res.records[0].location.startswith("Answers!A")


def test_reimport_replaces_the_earlier_caiq_records(ws, tmp_path):
    w = Workspace(ws)
    evidence.add(w, "Alpha", "security.encryption", reference="Data-flow map")  # kept: not from the CAIQ
    caiq.import_caiq(w, "Alpha", caiq_workbook(tmp_path / "c1.xlsx"))
    caiq.import_caiq(w, "Alpha", caiq_workbook(tmp_path / "c2.xlsx", ROWS[:2]))
    assert [r.reference for r in evidence.records(w, "v1")] == [
        "Data-flow map", "CAIQ v4 A&A-01.1: Yes (CSP-owned)", "CAIQ v4 CEK-03.1: Yes (Shared CSP and CSC)"]


def test_an_answer_that_is_not_yes_no_na_is_refused_naming_the_cell(ws, tmp_path):
    rows = [*ROWS[:2], ["CEK-04.1", "q", "Partially", "", "", ""]]
    with pytest.raises(PackProblems, match=r"CAIQv4.0.3!C6: CSP CAIQ Answer 'Partially' for CEK-04.1"):
        caiq.import_caiq(Workspace(ws), "Alpha", caiq_workbook(tmp_path / "c.xlsx", rows))
    assert evidence.records(Workspace(ws)) == []


def test_a_workbook_without_the_caiq_header_is_refused(ws, tmp_path, capsys):
    book = caiq_workbook(tmp_path / "c.xlsx", header=["ID", "Q", "Answer"])
    assert main(["rfp", "caiq", str(ws), "--vendor", "Alpha", str(book)]) == 1
    assert "no sheet has a CAIQ header row" in capsys.readouterr().err


def test_cli_reports_what_was_filed(ws, tmp_path, capsys):
    book = caiq_workbook(tmp_path / "c.xlsx")
    assert main(["rfp", "caiq", str(ws), "--vendor", "Alpha", str(book), "--expires", "2027-06-30"]) == 0
    out = capsys.readouterr().out
    assert "5 answered questions on sheet CAIQv4.0.3: 4 filed as evidence, 1 not mapped" in out
    assert "security.encryption: 1 Yes, 1 No, 0 NA (No: CEK-04.1)" in out
    assert {r.expires.isoformat() for r in evidence.records(Workspace(ws))} == {"2027-06-30"}


# --- the mapping file ----------------------------------------------------------------------------


def test_shipped_map_is_valid_and_names_only_security_criteria():
    sc = questionnaires.load(questionnaires.resolve("bpo-scorecard"))
    m = caiq.load_map(caiq.map_path(), sc)
    assert {e.criterion for e in m.map} == {c.id for c in sc.criteria() if c.id.startswith("security.")}


def test_prefixes_match_at_id_boundaries():
    m = caiq.CaiqMap(id="m", title="t", version="1", kind="caiq-map",
                     map=[caiq.MapEntry(criterion="x", questions=["IAM-02"]),
                          caiq.MapEntry(criterion="y", questions=["IAM-"])])
    assert m.criteria_for("IAM-02.1") == ["x", "y"]
    assert m.criteria_for("IAM-020.1") == ["y"]
    assert m.criteria_for("CEK-02.1") == []


@pytest.mark.parametrize(("edit", "message"), [
    (('questions = ["CEK-"]', 'questions = ["encryption"]'), "map[1].questions[0]: 'encryption' is not a CAIQ"),
    (('criterion = "security.encryption"', 'critrion = "security.encryption"'),
     "unknown key 'critrion' (did you mean 'criterion'?)"),
    (('criterion = "security.encryption"', 'criterion = "security.certifications"'),
     "map[1].criterion: criterion 'security.certifications' is mapped twice"),
    (('criterion = "security.encryption"', 'criterion = "security.crypto"'),
     "map[1].criterion: unknown criterion 'security.crypto' in this workspace's scorecard"),
])
def test_a_bad_mapping_file_is_reported_with_its_line(tmp_path, edit, message):
    text = caiq.map_path().read_text()
    assert edit[0] in text
    bad = tmp_path / "map.toml"
    bad.write_text(text.replace(edit[0], edit[1], 1))
    sc = questionnaires.load(questionnaires.resolve("bpo-scorecard"))
    with pytest.raises(QuestionnaireError) as exc:
        caiq.load_map(bad, sc)
    line = text[: text.index(edit[0])].count("\n") + 1
    assert any(str(p).startswith(f"{bad}:{line}: ") and message in str(p) for p in exc.value.problems), \
        exc.value.problems
