"""The quarterly business review PDF: content from the scorecard, user text shown literally, reproducible."""

from __future__ import annotations

import io

import pypdf
import pytest

from vendorbench import demo
from vendorbench.cli import main
from vendorbench.errors import VendorbenchError
from vendorbench.report.qbr import build_qbr

BRIGHTLINE = "Brightline São Paulo"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w, _ = demo.ensure(tmp_path_factory.mktemp("demo") / "event")
    return w


def text_of(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_review_of_the_quarter_with_the_trap_month(ws, tmp_path):
    info = build_qbr(ws, BRIGHTLINE, tmp_path / "q2.pdf", "2027-Q2", [("Hire <b>two</b> QA analysts & AT&T training",
                                                                       "Vendor ops <lead>")])
    assert info.quarter == "2027-Q2" and info.pages >= 1
    text = text_of(info.path)
    assert "Quarterly business review 2027-Q2" in text and BRIGHTLINE in text
    assert "64  MISSED" in text and "72  MET" in text  # FCR in April and June, in words as well as colour
    assert "Credits due USD 9,066.70, claimed USD 0.00, unclaimed USD 9,066.70." in " ".join(text.split())
    assert "Service credits (USD)" in text and "Confidential" in text  # the currency and the footer of every page
    assert "2027-04: Speed targets met" in text
    assert "Calibration session on the 2027-04 QA sample" in text
    assert "Hire <b>two</b> QA analysts & AT&T training" in text and "Vendor ops <lead>" in text
    assert "Trends, 2027-01 to 2027-06" in text


def test_same_input_gives_the_same_bytes(ws, tmp_path):
    a = build_qbr(ws, BRIGHTLINE, tmp_path / "a.pdf", "2027-Q1").path.read_bytes()
    b = build_qbr(ws, BRIGHTLINE, tmp_path / "b.pdf", "2027-Q1").path.read_bytes()
    assert a == b


def test_trends_stop_at_the_end_of_the_quarter(ws, tmp_path):
    text = text_of(build_qbr(ws, BRIGHTLINE, tmp_path / "q1.pdf", "2027-Q1").path)
    assert "Trends, 2027-01 to 2027-03" in text and "2027-04" not in text


def test_quarter_without_data_or_badly_written_is_refused(ws, tmp_path):
    with pytest.raises(VendorbenchError, match="no KPI months in 2027-Q4; quarters with data: 2027-Q1, 2027-Q2"):
        build_qbr(ws, BRIGHTLINE, tmp_path / "x.pdf", "2027-Q4")
    with pytest.raises(VendorbenchError, match="quarter '2027-5' is not valid"):
        build_qbr(ws, BRIGHTLINE, tmp_path / "x.pdf", "2027-5")
    with pytest.raises(VendorbenchError, match="has no monthly KPI periods"):
        build_qbr(ws, "Summit Ridge Support", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_the_latest_quarter_to_exports_by_default(ws, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = main(["kpi", str(ws.root), "qbr", "--vendor", BRIGHTLINE, "--action", "Buyer vendor manager: claim credits"])
    out = capsys.readouterr().out
    expected = tmp_path / "exports" / "tier-1-2-support-outsourcing-2027-demo-brightline-sao-paulo-qbr-2027-q2.pdf"
    assert code == 0 and out.startswith(f"Wrote {expected}")
    assert "claim credits" in text_of(expected)
    assert main(["kpi", str(ws.root), "qbr", "--vendor", BRIGHTLINE, "--action", "no owner"]) == 1
    assert "expected OWNER: TEXT" in capsys.readouterr().err
