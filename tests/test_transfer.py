"""CSV import (all or nothing, line-numbered errors, upsert) and CSV/JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vendorbench.cli import main
from vendorbench.store import Workspace


@pytest.fixture
def ws(tmp_path: Path, small_files) -> Path:
    sc, lg = small_files
    d = tmp_path / "ws"
    assert main(["init", str(d), "--name", "Acme", "--scorecard", str(sc), "--legal", str(lg)]) == 0
    for name in ("Alpha & Sons", "Łódź <Kontakt>"):
        assert main(["vendor", "add", str(d), name]) == 0
    return d


def write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def state(ws: Path):
    w = Workspace(ws)
    return (sorted((a.evaluator, a.vendor_id, a.criterion, str(a.value), a.note, a.evidence) for a in w.answers()),
            sorted((f.reviewer, f.vendor_id, f.item, f.status, f.note, f.clause) for f in w.findings()))


SCORES = (
    'evaluator,vendor,criterion,score,note\r\n'
    'Maya,Alpha & Sons,a.one,4,"Reference call, fintech: ""solid"""\r\n'
    'Maya,"Łódź <Kontakt>",a.one,na,\r\n'
    'Tomás,alpha & sons,a.two,2,"line one\nline two"\r\n'
)


@pytest.mark.parametrize("bom", [False, True])
def test_import_scores_with_quoting_and_unicode(ws, tmp_path, capsys, bom):
    f = write(tmp_path / "s.csv", SCORES, bom)
    assert main(["import", str(ws), str(f)]) == 0
    assert "3 answers read, 3 changed" in capsys.readouterr().out
    answers, _ = state(ws)
    assert ("Maya", "v1", "a.one", "4", 'Reference call, fintech: "solid"', "") in answers
    assert ("Maya", "v2", "a.one", "na", "", "") in answers
    assert ("Tomás", "v1", "a.two", "2", "line one\nline two", "") in answers


def test_importing_twice_changes_nothing(ws, tmp_path, capsys):
    f = write(tmp_path / "s.csv", SCORES)
    main(["import", str(ws), str(f)])
    files = {p: p.read_bytes() for p in (ws / "answers").rglob("*.json")}
    capsys.readouterr()
    assert main(["import", str(ws), str(f)]) == 0
    assert "3 answers read, 0 changed" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in (ws / "answers").rglob("*.json")} == files


def test_bad_rows_are_all_reported_and_nothing_is_written(ws, tmp_path, capsys):
    text = (
        "evaluator,vendor,criterion,score,note\n"
        "Maya,Alpha & Sons,a.one,4,fine\n"       # line 2: good
        "Maya,Nobody Inc,a.one,4,\n"             # line 3: unknown vendor
        "Maya,Alpha & Sons,zz,4,\n"              # line 4: unknown criterion
        "Maya,Alpha & Sons,a.two,9,\n"           # line 5: out of range
        '"Maya",Alpha & Sons,b.one,3,"multi\nline"\n'  # lines 6-7: good
        ",Alpha & Sons,b.one,3,\n"               # line 8: empty evaluator
        "Maya,Alpha & Sons,a.one,2,again\n"      # line 9: duplicate of line 2
        "Maya,Alpha & Sons\n"                    # line 10: wrong field count
    )
    f = write(tmp_path / "bad.csv", text)
    before = state(ws)
    assert main(["import", str(ws), str(f)]) == 1
    err = capsys.readouterr().err
    for expected in [f"{f}:3: unknown vendor 'Nobody Inc'", f"{f}:4: unknown criterion 'zz'",
                     f"{f}:5: score '9' is not valid", f"{f}:8: evaluator must not be empty",
                     f"{f}:9: duplicate row", "as line 2", f"{f}:10: expected 5 fields, found 2",
                     "6 problem(s); nothing was imported"]:
        assert expected in err, expected
    assert state(ws) == before


def test_header_decides_the_kind_and_unknown_header_is_refused(ws, tmp_path, capsys):
    f = write(tmp_path / "legal.csv",
              "Reviewer,Vendor,Item,Status,Note,Clause\n"
              "Dana,Alpha & Sons,C1,missing,\"says \"\"as Vendor deems necessary\"\"\",MSA 4.1\n"
              "Dana,Alpha & Sons,H1,n/a,,\n")
    assert main(["import", str(ws), str(f)]) == 0
    _, findings = state(ws)
    assert findings == [("Dana", "v1", "C1", "missing", 'says "as Vendor deems necessary"', "MSA 4.1"),
                        ("Dana", "v1", "H1", "na", "", "")]
    g = write(tmp_path / "odd.csv", "who,vendor,criterion,score,note\n")
    assert main(["import", str(ws), str(g)]) == 1
    assert f"{g}:1: unrecognised header" in capsys.readouterr().err


def test_bad_legal_status_row(ws, tmp_path, capsys):
    f = write(tmp_path / "legal.csv", "reviewer,vendor,item,status,note\nDana,Alpha & Sons,C1,perhaps,\n")
    assert main(["import", str(ws), str(f)]) == 1
    assert f"{f}:2: status 'perhaps' is not valid" in capsys.readouterr().err


def test_not_utf8_and_empty_files(ws, tmp_path, capsys):
    f = tmp_path / "latin.csv"
    f.write_bytes("evaluator,vendor,criterion,score,note\nJosé,Alpha & Sons,a.one,3,\n".encode("latin-1"))
    assert main(["import", str(ws), str(f)]) == 1
    assert f"{f}:2: not UTF-8" in capsys.readouterr().err
    e = write(tmp_path / "empty.csv", "")
    assert main(["import", str(ws), str(e)]) == 1
    assert "empty" in capsys.readouterr().err


def test_one_bad_file_stops_every_file(ws, tmp_path, capsys):
    good = write(tmp_path / "good.csv", SCORES)
    bad = write(tmp_path / "bad.csv", "evaluator,vendor,criterion,score,note\nMaya,Nope,a.one,1,\n")
    assert main(["import", str(ws), str(good), str(bad)]) == 1
    assert state(ws) == ([], [])


def test_csv_export_reimports_to_identical_results(ws, tmp_path, capsys):
    write(tmp_path / "s.csv", SCORES)
    main(["import", str(ws), str(tmp_path / "s.csv")])
    main(["score", str(ws), "--as", "Priya", "--vendor", "Alpha & Sons", "--criterion", "b.one",
          "--note", "=HYPERLINK(\"x\"), comma, \"quote\"", "--evidence", "RFP 4.2"])
    main(["legal", str(ws), "--as", "Dana", "--vendor", "Łódź <Kontakt>", "--item", "C1", "--status", "negotiate",
          "--clause", "DPA 9", "--note", "72 h\nafter investigation"])
    out = tmp_path / "out" / "export.csv"
    assert main(["export", str(ws), "--format", "csv", "-o", str(out)]) == 0
    assert (tmp_path / "out" / "export-legal.csv").exists()
    capsys.readouterr()
    main(["results", str(ws), "--json"])
    results_before = capsys.readouterr().out
    before = state(ws)

    sc, lg = ws.parent / "small.toml", ws.parent / "small-legal.toml"
    fresh = tmp_path / "fresh"
    main(["init", str(fresh), "--name", "Acme", "--scorecard", str(sc), "--legal", str(lg)])
    for name in ("Alpha & Sons", "Łódź <Kontakt>"):
        main(["vendor", "add", str(fresh), name])
    assert main(["import", str(fresh), str(out), str(tmp_path / "out" / "export-legal.csv")]) == 0
    assert state(fresh) == before
    capsys.readouterr()
    main(["results", str(fresh), "--json"])
    assert capsys.readouterr().out == results_before


def test_json_export(ws, tmp_path, capsys):
    write(tmp_path / "s.csv", SCORES)
    main(["import", str(ws), str(tmp_path / "s.csv")])
    main(["applies", str(ws), "--vendor", "Alpha & Sons", "--set", "card data=no"])
    out = tmp_path / "all.json"
    assert main(["export", str(ws), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["workspace"] == "Acme"
    assert [v["name"] for v in doc["vendors"]] == ["Alpha & Sons", "Łódź <Kontakt>"]
    assert len(doc["answers"]) == 3
    assert doc["conditions_off"] == {"Alpha & Sons": ["card data"]}
    assert {"evaluator": "Maya", "vendor": "Łódź <Kontakt>", "criterion": "a.one", "value": "na", "note": "",
            "evidence": ""} in doc["answers"]


def test_export_to_a_folder_is_refused(ws, tmp_path, capsys):
    assert main(["export", str(ws), "--format", "json", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_json_export_holds_the_after_signing_data(tmp_path, tmp_path_factory, capsys):
    from vendorbench import operations

    from .tui_helpers import demo_copy

    ws_path = demo_copy(tmp_path, tmp_path_factory.getbasetemp())
    ws = Workspace(ws_path)
    brightline = ws.vendor("v2")
    stored = operations.kpi(ws, brightline.id)
    out = tmp_path / "all.json"
    assert main(["export", str(ws_path), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    kpi = doc["operations"]["kpi"]
    assert list(kpi) == [brightline.name]  # only vendors with KPI data
    assert kpi[brightline.name]["periods"] == [p.model_dump(mode="json") for p in stored.periods]
    assert len(kpi[brightline.name]["qa_samples"]) == len(stored.qa_samples) > 0
    plan = operations.pilot(ws, brightline.id)
    assert plan is not None
    assert doc["operations"]["pilots"] == {brightline.name: {"start": plan.start.isoformat(),
                                                             "end": plan.end.isoformat(), "weeks": plan.weeks,
                                                             "thresholds": []}}
    assert doc["operations"]["staffing"]["inputs"] == operations.demand(ws).inputs
    assert doc["sla_terms"][brightline.name] == ws.sla_terms()[brightline.id]  # what the scorecard judges by
    assert doc["tco_inputs"][brightline.name] == ws.tco_inputs()[brightline.id]


def test_importing_a_json_export_says_it_is_not_imported(ws, tmp_path, capsys):
    out = tmp_path / "all.json"
    assert main(["export", str(ws), "--format", "json", "-o", str(out)]) == 0
    before = state(ws)
    capsys.readouterr()
    assert main(["import", str(ws), str(out)]) == 1
    assert main(["kpi", str(ws), "import", "--vendor", "Alpha & Sons", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("this is JSON, not CSV") == 2 and "no command imports it back" in err
    assert state(ws) == before
