"""Evidence records and their expiry flags (fixed dates throughout)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from vendorbench import questionnaires
from vendorbench.cli import main
from vendorbench.errors import CorruptFileError, VendorbenchError
from vendorbench.rfp import evidence, responses
from vendorbench.rfp.evidence import EvidenceRecord, expiry_flags, knockout_conditions
from vendorbench.store import Workspace

from .helpers import SMALL_SCORECARD
from .rfp_helpers import ROUND_1, export, fill, make_workspace

D = _dt.date


def rec(ident: str, expires: D | None, item: str = "a.two", vendor: str = "v1") -> EvidenceRecord:
    return EvidenceRecord(id=ident, vendor_id=vendor, item=item, kind="criterion", reference=f"cert {ident}",
                          expires=expires)


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    return make_workspace(tmp_path, small_files)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the rules ------------------------------------------------------------------------------------


def test_expired_evidence_is_flagged():
    (flag,) = expiry_flags([rec("e1", D(2026, 11, 30)), rec("e2", D(2026, 12, 1))], today=D(2026, 12, 1))
    assert (flag.record_id, flag.state) == ("e1", "expired")  # valid through its expiry day
    assert flag.message == "cert e1: expired on 2026-11-30"


def test_evidence_expiring_before_the_contract_start_is_flagged():
    flags = expiry_flags([rec("e1", D(2027, 2, 28)), rec("e2", D(2027, 3, 1)), rec("e3", None)],
                         today=D(2026, 12, 1), contract_start=D(2027, 3, 1))
    assert [(f.record_id, f.state) for f in flags] == [("e1", "expires-before-start")]
    assert "before the planned contract start 2027-03-01" in flags[0].message


def test_without_a_contract_start_only_expired_evidence_is_flagged():
    assert expiry_flags([rec("e1", D(2027, 2, 28))], today=D(2026, 12, 1)) == []


def test_flags_are_keyed_by_vendor_and_item():
    flags = expiry_flags([rec("e1", D(2020, 1, 1)), rec("e2", D(2020, 1, 1), item="C1", vendor="v2")],
                         today=D(2026, 12, 1))
    assert set(evidence.flags_by_item(flags)) == {("v1", "a.two"), ("v2", "C1")}


def test_knockout_scored_on_expired_evidence_is_a_condition_to_sign():
    sc = questionnaires.parse(SMALL_SCORECARD)
    flags = expiry_flags([rec("e1", D(2026, 1, 1)), rec("e2", D(2026, 1, 1), item="a.one"),
                          rec("e3", D(2026, 1, 1), vendor="v2"), rec("e4", D(2026, 1, 1), vendor="v3")],
                         today=D(2026, 12, 1))
    votes = {"v1": {"a.two": {"Maya": 4}, "a.one": {"Maya": 4}},  # a.one is not a knockout
             "v2": {"a.two": {"Maya": "na"}},  # not scored
             "v3": {}}
    (cond,) = knockout_conditions(sc, votes, flags)
    assert cond[:2] == ("v1", "a.two")
    assert cond[2] == ("Must-have \"A two (must-have)\" was scored on evidence that will not hold at signature "
                       "(cert e1: expired on 2026-01-01); condition to sign: a current replacement")


# --- records in the workspace ---------------------------------------------------------------------


def test_a_file_is_copied_into_the_workspace_with_its_sha256(ws, tmp_path):
    doc = tmp_path / "SOC2 report.PDF"
    doc.write_bytes(b"%PDF report body")
    w = Workspace(ws)
    r = evidence.add(w, "Alpha", "a.two", file=doc, location="p. 14", received=D(2026, 11, 2),
                     expires=D(2027, 9, 30))
    digest = hashlib.sha256(b"%PDF report body").hexdigest()
    stored = ws / "evidence" / "v1" / "files" / f"{digest}.pdf"
    assert (r.sha256, r.file, r.original_name, r.reference) == (digest, stored.name, "SOC2 report.PDF",
                                                                 "SOC2 report.PDF")
    assert stored.read_bytes() == b"%PDF report body"
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    doc.write_bytes(b"changed later")  # the workspace keeps what was received
    assert evidence.records(w, "v1") == [r] and evidence.file_intact(w, r) is True
    stored.write_bytes(b"tampered")
    assert evidence.file_intact(w, r) is False


def test_the_same_file_is_kept_once(ws, tmp_path):
    doc = tmp_path / "cert.pdf"
    doc.write_bytes(b"cert")
    w = Workspace(ws)
    evidence.add(w, "Alpha", "a.one", file=doc)
    evidence.add(w, "Alpha", "a.two", file=doc)
    assert len(list((ws / "evidence" / "v1" / "files").iterdir())) == 1
    assert [r.id for r in evidence.records(w)] == ["e1", "e2"]


def test_evidence_needs_a_reference_or_file_and_a_known_item(ws):
    w = Workspace(ws)
    with pytest.raises(VendorbenchError, match="needs a reference"):
        evidence.add(w, "Alpha", "a.one")
    with pytest.raises(VendorbenchError, match="unknown criterion or legal item 'zz'"):
        evidence.add(w, "Alpha", "zz", reference="x")
    assert evidence.records(w) == []


def test_hand_damaged_record_names_the_file(ws):
    w = Workspace(ws)
    evidence.add(w, "Alpha", "C1", reference="insurance certificate", expires=D(2027, 1, 1))
    path = ws / "evidence" / "v1" / "records.json"
    path.write_text(path.read_text().replace('"2027-01-01"', '"next year"'))
    with pytest.raises(CorruptFileError, match=r"records.json: evidence record 'e1': expires 'next year'"):
        evidence.records(w)


def test_cli_add_update_list_with_flags(ws, capsys):
    assert run(capsys, "evidence", "contract-start", ws, "2027-03-01")[0] == 0
    code, out, _ = run(capsys, "evidence", "add", ws, "--vendor", "Alpha", "--item", "a.two",
                       "--ref", "ISO 27001 certificate", "--received", "2026-10-01", "--expires", "2027-02-01")
    assert code == 0 and "Added evidence e1" in out
    run(capsys, "evidence", "add", ws, "--vendor", "Beta", "--item", "C1", "--ref", "Cyber insurance",
        "--expires", "2026-11-01")
    code, out, _ = run(capsys, "evidence", "list", ws, "--on", "2026-12-01")
    assert "planned contract start 2027-03-01" in out
    assert "EXPIRES-BEFORE-START: ISO 27001 certificate: expires on 2027-02-01" in out
    assert "EXPIRED: Cyber insurance: expired on 2026-11-01" in out
    run(capsys, "evidence", "update", ws, "--vendor", "Alpha", "e1", "--expires", "none")
    doc = json.loads(run(capsys, "evidence", "list", ws, "--vendor", "Alpha", "--on", "2026-12-01", "--json")[1])
    assert doc["records"][0]["expires"] is None and doc["records"][0]["flag"] is None
    code, _, err = run(capsys, "evidence", "update", ws, "--vendor", "Alpha", "e9", "--expires", "2027-01-01")
    assert code == 1 and "no evidence record 'e9'" in err
    assert run(capsys, "evidence", "contract-start", ws, "none")[0] == 0
    assert Workspace(ws).contract_start() is None


def test_attachments_named_in_an_imported_pack_become_records_once(ws, tmp_path):
    w = Workspace(ws)
    pack = export(ws, "Alpha", tmp_path / "p.xlsx")
    res = responses.import_file(w, "Alpha", fill(pack, tmp_path / "r1.xlsx", ROUND_1))
    assert [(r.item, r.reference, r.source) for r in res.evidence] == [
        ("a.one", "A-report.pdf p. 3", "rfp"), ("a.one", "A-cert.pdf", "rfp")]
    again = {**ROUND_1, "b.one": {"Answer": "Now live.", "Evidence reference": "A-cert.pdf"}}
    responses.import_file(w, "Alpha", fill(pack, tmp_path / "r2.xlsx", again))
    assert [(r.id, r.item) for r in evidence.records(w, "v1")] == [("e1", "a.one"), ("e2", "a.one"), ("e3", "b.one")]


def test_one_document_backing_several_criteria_expires_once(ws, capsys):
    w = Workspace(ws)
    for item in ("a.one", "a.two"):
        evidence.add(w, "Alpha", item, reference="SOC2-2026.pdf")
    evidence.add(w, "Alpha", "b.one", reference="Other.pdf")
    code, out, _ = run(capsys, "evidence", "update", ws, "--vendor", "Alpha", "e1", "--expires", "2027-01-31",
                       "--same-reference")
    assert code == 0 and "Updated evidence e2 (a.two)" in out
    assert [str(r.expires) for r in evidence.records(w)] == ["2027-01-31", "2027-01-31", "None"]


def test_view_gives_response_evidence_and_flags_per_item(ws, tmp_path):
    from vendorbench.rfp import view

    w = Workspace(ws)
    responses.import_file(w, "Alpha", fill(export(ws, "Alpha", tmp_path / "p.xlsx"), tmp_path / "r.xlsx", ROUND_1))
    evidence.add(w, "Alpha", "a.two", reference="ISO certificate", expires=D(2026, 6, 30))
    ctx = view.vendor_context(w, "v1", today=D(2026, 12, 1))
    assert ctx["a.two"].response.answer == "Yes, in all sites." and ctx["a.two"].round == 1
    assert [f.state for f in ctx["a.two"].flags] == ["expired"]
    assert ctx["H1"].response.clause == "MSA 12.3"  # the legal screen's clause reference
    assert [r.reference for r in ctx["a.one"].records] == ["A-report.pdf p. 3", "A-cert.pdf"]
    assert view.conditions_to_sign(w, D(2026, 12, 1)) == []  # a.two is not scored yet
    w.set_answer("Maya", "Alpha", "a.two", 4)
    ((vendor, item, _),) = view.conditions_to_sign(w, D(2026, 12, 1))
    assert (vendor, item) == ("v1", "a.two")
    assert set(view.workspace_context(w, D(2026, 12, 1))) == {"v1", "v2"}


def test_a_hand_edited_contract_start_names_the_file(ws):
    w = Workspace(ws)
    w.set_contract_start(D(2027, 3, 1))
    assert w.contract_start() == D(2027, 3, 1)
    path = ws / "workspace.json"
    path.write_text(path.read_text().replace('"2027-03-01"', '"soon"'))
    with pytest.raises(VendorbenchError,
                       match=r"workspace.json: settings: setting contract_start: 'soon' is not a date"):
        w.contract_start()
