"""The audit trail: hash-chained per-person logs, replayed against the answers by verify."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vendorbench import audit
from vendorbench.cli import main
from vendorbench.models import Answer
from vendorbench.storage import read_tables
from vendorbench.store import Workspace

MAYA, RAJ = "Maya Chen", "Raj Patel"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.create(tmp_path / "ws", "Audit")
    w.add_vendor("Acme Contact", by="Lead Lee")
    w.add_vendor("Beta Support", by="Lead Lee")
    return w


def crit(ws: Workspace, i: int = 0) -> str:
    return ws.scorecard.criteria()[i].id


def item(ws: Workspace, i: int = 0) -> str:
    return ws.legal.items()[i].id


def entries(ws: Workspace, person: str) -> list[audit.Entry]:
    return audit.read_log(ws, audit.log_path(ws, person)).entries


def log_lines(ws: Workspace, person: str) -> list[bytes]:
    return audit.log_path(ws, person).read_bytes().splitlines(keepends=True)


def write_lines(ws: Workspace, person: str, lines: list[bytes]) -> None:
    audit.log_path(ws, person).write_bytes(b"".join(lines))
    audit._heads.clear()  # another process edited the file


def scored(ws: Workspace) -> Workspace:
    ws.set_answer(MAYA, "v1", crit(ws), 3, note="solid")
    ws.set_answer(MAYA, "v1", crit(ws), 4)
    ws.set_answer(MAYA, "v2", crit(ws, 1), 2)
    ws.set_finding(RAJ, "v1", item(ws), status="missing")
    ws.set_finding(RAJ, "v1", item(ws), status="ok", clause="DPA 7")
    return ws


# --- chain and replay -------------------------------------------------------------------------


def test_a_scored_workspace_verifies(ws):
    result = audit.verify(scored(ws))
    assert result.ok, result.problems
    assert (result.logs, result.entries, result.records) == (3, 7, 3)


def test_each_entry_carries_the_hash_of_the_line_before(ws):
    scored(ws)
    lines = log_lines(ws, MAYA)
    found = entries(ws, MAYA)
    assert found[0].prev == audit.GENESIS
    assert found[1].prev == audit._digest(lines[0]) and found[2].prev == audit._digest(lines[1])
    assert [e.seq for e in found] == [1, 2, 3]


def test_answer_entry_has_old_and_new(ws):
    scored(ws)
    second = entries(ws, MAYA)[1]
    assert second.action == "answer"
    assert second.target == {"person": MAYA, "vendor": "v1", "criterion": crit(ws)}
    assert second.old == {"value": 3, "note": "solid", "evidence": ""}
    assert second.new == {"value": 4, "note": "solid", "evidence": ""}


def test_a_no_op_write_records_nothing(ws):
    ws.set_answer(MAYA, "v1", crit(ws), 3)
    ws.set_answer(MAYA, "v1", crit(ws), 3)
    ws.set_weights(categories={ws.scorecard.categories[0].id: 2}, by=MAYA)
    ws.set_weights(categories={ws.scorecard.categories[0].id: 2}, by=MAYA)
    assert [e.action for e in entries(ws, MAYA)] == ["answer", "weights"]


def test_every_workspace_change_is_logged_with_old_and_new(ws):
    lead = "Lead Lee"
    cat = ws.scorecard.categories[0].id
    ws.update_vendor("v1", website="acme.example", by=lead)
    ws.rename_vendor("v2", "Beta Care", by=lead)
    ws.set_weights(categories={cat: 5}, by=lead)
    ws.set_condition("v1", ws.legal.conditions()[0], False, by=lead)
    ws.set_sla("v1", {"fcr_target_pct": 70}, by=lead)
    ws.set_tco("v1", {"agents": 10}, by=lead)
    ws.set_settings({"currency": "EUR"}, by=lead)
    ws.set_step("v1", item(ws), owner="Raj", by=lead)
    ws.import_answers([Answer(evaluator=MAYA, vendor_id="v1", criterion=crit(ws), value=2)], by=lead)
    ws.remove_vendor("v2", by=lead)
    got = {e.action: e for e in entries(ws, lead)}
    assert list(got) == ["vendor.add", "vendor.update", "weights", "applicability", "sla", "tco", "settings",
                         "step", "answer", "vendor.remove"]
    assert got["vendor.update"].old == {"name": "Beta Support"} and got["vendor.update"].new == {"name": "Beta Care"}
    assert got["weights"].new["categories"] == {cat: 5} and got["weights"].old["categories"] == {}
    assert (got["applicability"].old, got["applicability"].new) == (True, False)
    assert got["sla"].old == {} and got["sla"].new == {"fcr_target_pct": 70}
    assert got["settings"].new == {"currency": "EUR"}
    assert got["step"].new == {"owner": "Raj", "due": ""}
    assert got["answer"].target["person"] == MAYA and got["answer"].new["value"] == 2
    assert got["vendor.remove"].old["name"] == "Beta Care" and got["vendor.remove"].new is None
    assert audit.verify(ws).ok, audit.verify(ws).problems


def test_heads_name_each_persons_last_entry(ws):
    scored(ws)
    heads = audit.heads(ws)
    assert heads[MAYA] == (3, audit._digest(log_lines(ws, MAYA)[-1]))
    assert set(heads) == {MAYA, RAJ, "Lead Lee"}


def test_appending_reads_nothing_when_this_process_wrote_the_tail(ws, monkeypatch):
    ws.set_answer(MAYA, "v1", crit(ws), 3)
    monkeypatch.setattr(audit, "_tail", lambda *a: pytest.fail("re-read the log"))
    ws.set_answer(MAYA, "v1", crit(ws), 4)


def test_a_failed_data_write_is_followed_by_a_rollback_entry(ws, monkeypatch):
    from vendorbench import storage
    from vendorbench.errors import StoreError

    def full(*_a):
        raise StoreError("disk full")

    monkeypatch.setattr(storage, "atomic_write", full)
    with pytest.raises(StoreError):
        ws.set_answer(MAYA, "v1", crit(ws), 3)
    monkeypatch.undo()
    assert [e.action for e in entries(ws, MAYA)] == ["answer", "rollback"]
    assert audit.verify(ws).ok


# --- tampering ---------------------------------------------------------------------------------


def test_one_edited_byte_is_named_by_file_and_line(ws):
    scored(ws)
    lines = log_lines(ws, MAYA)
    lines[1] = lines[1].replace(b'"value":4', b'"value":5')
    write_lines(ws, MAYA, lines)
    result = audit.verify(ws)
    assert not result.ok
    assert result.problems[0].startswith(f"{audit.log_path(ws, MAYA)}:3: the chain is broken")


def test_a_removed_line_is_named(ws):
    scored(ws)
    lines = log_lines(ws, MAYA)
    write_lines(ws, MAYA, [lines[0], lines[2]])
    assert audit.verify(ws).problems[0].startswith(f"{audit.log_path(ws, MAYA)}:2: the chain is broken")


def test_two_reordered_lines_are_named(ws):
    scored(ws)
    lines = log_lines(ws, MAYA)
    write_lines(ws, MAYA, [lines[0], lines[2], lines[1]])
    assert audit.verify(ws).problems[0].startswith(f"{audit.log_path(ws, MAYA)}:2: ")


def test_an_answer_file_changed_outside_the_tool_is_named(ws):
    scored(ws)
    path = ws.answer_path(MAYA, "v1", crit(ws))
    path.write_bytes(path.read_bytes().replace(b'"value": 4', b'"value": 5'))
    problems = audit.verify(ws).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: the answer of 'Maya Chen' for vendor v1, criterion {crit(ws)}")
    assert "changed outside vendorbench" in problems[0]


def test_an_answer_added_by_hand_has_no_entry(ws):
    scored(ws)
    path = ws.answer_path(MAYA, "v1", crit(ws))
    tables = read_tables(path)
    tables["answers"]["99"] = {"criterion": crit(ws, 1), "value": 5, "note": "", "evidence": ""}
    path.write_text(json.dumps(tables))
    assert "has no audit entry" in audit.verify(ws).problems[0]


def test_a_torn_last_line_is_reported_and_the_next_save_cuts_it_on_record(ws):
    scored(ws)
    path = audit.log_path(ws, MAYA)
    with open(path, "ab") as f:
        f.write(b'{"seq":4,"at":"2026')  # what a kill in the middle of an append leaves
    audit._heads.clear()  # the process that wrote it is gone
    assert audit.verify(ws).problems[0].startswith(f"{path}:4: the last line is incomplete")
    ws.set_answer(MAYA, "v1", crit(ws), 1)  # not refused: a kill must not block the next save
    assert ws.answers_of(MAYA, "v1")[crit(ws)].value == 1
    repair, answer = entries(ws, MAYA)[-2:]
    torn = b'{"seq":4,"at":"2026'
    assert repair.action == "audit.repair" and repair.old == {"bytes": 19, "sha256": audit._digest(torn)}
    assert answer.action == "answer" and answer.new["value"] == 1 and answer.seq == repair.seq + 1
    assert audit.verify(ws).ok


def test_audit_repair_cuts_a_torn_line_without_a_change(ws):
    scored(ws)
    path = audit.log_path(ws, MAYA)
    with open(path, "ab") as f:
        f.write(b'{"seq":4')
    audit._heads.clear()
    assert audit.repair(ws, MAYA) == 8 and audit.repair(ws, MAYA) == 0
    assert entries(ws, MAYA)[-1].action == "audit.repair" and audit.verify(ws).ok


def test_an_interrupted_save_verifies_and_the_next_save_rolls_it_back(ws):
    ws.set_answer(MAYA, "v1", crit(ws), 3)
    # what a kill between the log entry and the data write leaves: the entry, not the data
    audit.Recorder(ws).record(MAYA, "answer", {"person": MAYA, "vendor": "v1", "criterion": crit(ws)},
                              {"value": 3, "note": "", "evidence": ""}, {"value": 5, "note": "", "evidence": ""})
    audit._heads.clear()  # the process that wrote it is gone
    result = audit.verify(ws)
    assert result.ok and "interrupted" in result.notes[0]
    ws.set_answer(MAYA, "v2", crit(ws), 1)
    assert [e.action for e in entries(ws, MAYA)] == ["answer", "answer", "rollback", "answer"]
    result = audit.verify(ws)
    assert result.ok and not result.notes


# --- legacy workspaces -------------------------------------------------------------------------


def test_legacy_answers_are_recorded_as_a_baseline_by_the_first_change(ws, capsys):
    scored(ws)
    for p in ws.path("audit").iterdir():
        p.unlink()
    ws.path("audit").rmdir()  # as made by an earlier version
    audit._heads.clear()
    assert main(["audit", "verify", str(ws.root)]) == 0
    assert "3 answers and findings predate the audit trail" in capsys.readouterr().out
    ws.set_answer(RAJ, "v2", crit(ws), 2)
    assert [e.action for e in entries(ws, RAJ)] == ["baseline", "answer"]
    assert audit.verify(ws).ok
    path = ws.answer_path(MAYA, "v1", crit(ws))
    path.write_bytes(path.read_bytes().replace(b'"value": 4', b'"value": 5'))
    assert "has no audit entry" in audit.verify(ws).problems[0]


# --- hostile logs from a teammate --------------------------------------------------------------


def hostile(ws: Workspace, lines: list[bytes], capsys) -> str:
    write_lines(ws, MAYA, lines)
    assert main(["audit", "verify", str(ws.root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_bad_json_in_the_middle_is_named(ws, capsys):
    scored(ws)
    lines = log_lines(ws, MAYA)
    err = hostile(ws, [lines[0], b"{not json\n", lines[2]], capsys)
    assert f"{audit.log_path(ws, MAYA)}:2: not a valid JSON entry" in err


def test_a_huge_line_is_refused_by_size(ws, capsys):
    scored(ws)
    err = hostile(ws, [b'{"x":"' + b"a" * (audit.MAX_LINE + 10) + b'"}\n'], capsys)
    assert ":1: the line is" in err and "the limit is" in err


def test_an_entry_of_someone_else_in_a_log_is_named(ws, capsys):
    scored(ws)
    lines = log_lines(ws, MAYA)
    entry = json.loads(lines[0])
    entry["person"] = RAJ
    err = hostile(ws, [json.dumps(entry).encode() + b"\n"], capsys)
    assert f":1: an entry of {RAJ!r} in another person's log" in err


@pytest.mark.parametrize("name", ["../../etc/passwd", "/tmp/x", "a\x1b[31mred"])
def test_path_like_or_escaping_person_names_are_refused_plainly(ws, capsys, name):
    scored(ws)
    entry = json.loads(log_lines(ws, MAYA)[0])
    entry["person"] = name
    err = hostile(ws, [json.dumps(entry).encode() + b"\n"], capsys)
    assert "in another person's log" in err and "\x1b" not in err


def test_a_wrongly_shaped_entry_names_the_field(ws, capsys):
    scored(ws)
    entry = json.loads(log_lines(ws, MAYA)[0])
    entry["seq"] = "one"
    err = hostile(ws, [json.dumps(entry).encode() + b"\n"], capsys)
    assert ":1: seq:" in err


# --- the command line --------------------------------------------------------------------------


def test_verify_prints_a_summary_and_exits_0(ws, capsys):
    scored(ws)
    assert main(["audit", "verify", str(ws.root)]) == 0
    summary, heads = capsys.readouterr().out.strip().splitlines()
    assert summary == "3 logs, 7 entries, chains intact, answers and findings match (3 records)"
    # the heads a report cover prints, to compare with
    assert heads == "audit heads: " + audit.heads_text(audit.heads(ws)) and f"{MAYA} #" in heads


def test_verify_exits_1_naming_the_break(ws, capsys):
    scored(ws)
    lines = log_lines(ws, MAYA)
    write_lines(ws, MAYA, [lines[1]])
    assert main(["audit", "verify", str(ws.root)]) == 1
    assert f"{audit.log_path(ws, MAYA)}:1: the chain is broken" in capsys.readouterr().err


def test_history_shows_who_when_what_old_and_new_by_vendor_name(ws, capsys):
    scored(ws)
    assert main(["audit", str(ws.root), "--person", "maya chen"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert f"  Maya Chen  answer  Acme Contact (v1) criterion={crit(ws)}: value 3 -> 4" in out[1]
    assert '"note": "solid"' in out[0]


def test_history_filters_by_vendor_and_since(ws, capsys):
    scored(ws)
    assert main(["audit", str(ws.root), "--vendor", "Beta Support"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[2] for line in out] == ["vendor.add", "answer"]
    assert main(["audit", str(ws.root), "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out.strip() == "no changes recorded that match"


def test_cli_as_names_the_actor(ws, capsys):
    assert main(["weights", str(ws.root), "--category", f"{ws.scorecard.categories[0].id}=4", "--as", "Ana"]) == 0
    assert [e.action for e in entries(ws, "Ana")] == ["weights"]


def test_demo_logs_verify(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "demo"), "--no-tui"]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", str(tmp_path / "demo")]) == 0
    assert "chains intact" in capsys.readouterr().out


# --- killed mid-save ---------------------------------------------------------------------------

SAVER = textwrap.dedent("""
    import sys
    from vendorbench.store import Workspace
    ws = Workspace(sys.argv[1])
    crits = [c.id for c in ws.scorecard.criteria()]
    n = int(sys.argv[2])
    while True:
        n += 1
        c = crits[n % len(crits)]
        ws.set_answer("Maya Chen", "v1", c, n % 6, note=f"save {n}")
        print(n, c, n % 6, flush=True)
""")


@pytest.mark.slow
def test_killed_saves_keep_every_acknowledged_change_and_a_verifying_chain(ws):
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    acknowledged: dict[str, tuple[int, int]] = {}
    start = 0
    for _ in range(30):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(ws.root), str(start)], stdout=subprocess.PIPE,
                                env=env)
        time.sleep(0.3 + rng.random() * 0.4)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.decode().split("\n")[:-1]:  # a line cut by the kill was never acknowledged
            n, c, value = line.split()
            acknowledged[c] = (int(n), int(value))
            start = max(start, int(n))
        start += 1000  # notes of the next run never repeat an earlier one
        audit._heads.clear()
        result = audit.verify(ws)
        torn = [p for p in result.problems if "the last line is incomplete" in p]
        assert result.ok or result.problems == torn, result.problems  # the next run's first save cuts it
        logged = {}
        for e in entries(ws, MAYA):
            if e.action == "answer":
                logged[(e.target["criterion"], e.new["note"])] = e.new["value"]
        for c, (n, value) in acknowledged.items():
            assert logged[(c, f"save {n}")] == value
    assert acknowledged
    ws.set_answer(MAYA, "v1", crit(ws), 2)  # whatever the last kill left, the next save goes through
    assert audit.verify(ws).ok


def test_evidence_pilot_and_demand_changes_are_logged(ws):
    import datetime as dt

    from vendorbench import operations
    from vendorbench.rfp import evidence

    rec = evidence.add(ws, "v1", crit(ws), reference="SOC 2 report", by=MAYA)
    evidence.update(ws, "v1", rec.id, location="shared drive", by=MAYA)
    operations.set_pilot(ws, "v1", start=dt.date(2027, 1, 4), end=dt.date(2027, 2, 1), by=MAYA)
    operations.set_demand(ws, {"aht_seconds": 300}, by=MAYA)
    got = entries(ws, MAYA)
    assert [e.action for e in got] == ["evidence", "evidence", "pilot", "demand"]
    assert got[0].old is None and got[0].new[0]["reference"] == "SOC 2 report"
    assert got[1].old[0]["location"] == "" and got[1].new[0]["location"] == "shared drive"
    assert got[2].new["start"] == "2027-01-04"
    assert audit.verify(ws).ok
