"""The report's typography and accessibility, measured from the PDF itself: type sizes,
grayscale fills of the status cells, running headers, tabs in user text."""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest

from vendorbench import demo
from vendorbench.report import build_report

from .test_report import page_of, pdf_text, small_workspace

BODY_MIN = 8.5  # points
GRAY_STEP = 15  # 0-255
STATUS_WORDS = ("OK", "NEGOTIATE", "MISSING", "LOW", "MEDIUM", "HIGH", "BLOCKER")


@pytest.fixture(autouse=True)
def _no_source_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    root = tmp_path_factory.mktemp("layout")
    ws, _ = demo.ensure(root / "demo")
    info = build_report(ws, root / "demo.pdf")
    return SimpleNamespace(ws=ws, info=info, path=root / "demo.pdf", pages=pdf_text(root / "demo.pdf"))


@pytest.fixture(scope="module")
def states_pdf(tmp_path_factory):
    """Four vendors whose contract review gives every item state and every rating:
    A all ok (LOW), B a high item missing (MISSING, MEDIUM), C the critical item and a high item to
    negotiate (NEGOTIATE, HIGH), D the critical item missing (BLOCKER)."""
    root = tmp_path_factory.mktemp("states")
    ws = small_workspace(root, "States", [("A", ""), ("B", ""), ("C", ""), ("D", "")])
    for vendor, item, status in (("A", "H1", "ok"), ("B", "H1", "missing"), ("C", "C1", "negotiate"),
                                 ("D", "C1", "missing")):
        ws.set_finding("Zoë Müller", vendor, item, status)
    build_report(ws, root / "states.pdf")
    return root / "states.pdf"


def gray(colour) -> float:
    """Grayscale lightness 0-255 of a pdfplumber fill colour (RGB 0-1, or a gray level)."""
    if len(colour) == 1:
        return colour[0] * 255
    r, g, b = colour[:3]
    return (0.299 * r + 0.587 * g + 0.114 * b) * 255


def status_fills(path: Path) -> dict[str, set[float]]:
    """For every bold status word drawn on a filled cell: the grayscale lightness of that cell."""
    found: dict[str, set[float]] = defaultdict(set)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            cells = [r for r in page.rects if r["fill"] and r["non_stroking_color"] is not None]
            for w in page.extract_words(extra_attrs=["fontname"]):
                if w["text"] not in STATUS_WORDS or "Bold" not in w["fontname"]:
                    continue
                x, y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
                around = [r for r in cells if r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]]
                if around:  # the smallest filled rectangle under the word is its cell
                    cell = min(around, key=lambda r: (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))
                    found[w["text"]].add(round(gray(cell["non_stroking_color"]), 1))
    return found


def test_status_and_rating_fills_differ_in_grayscale_by_at_least_15(states_pdf):
    fills = status_fills(states_pdf)
    assert set(fills) == set(STATUS_WORDS), f"states missing from the test report: {set(STATUS_WORDS) - set(fills)}"
    for word, levels in fills.items():
        assert len(levels) == 1, f"{word} is drawn on more than one fill: {levels}"
    level = {word: next(iter(levels)) for word, levels in fills.items()}
    for a, b in itertools.combinations(STATUS_WORDS, 2):
        assert abs(level[a] - level[b]) >= GRAY_STEP, f"{a} {level[a]} and {b} {level[b]} look alike in grayscale"
    assert all(level[w] <= 255 - GRAY_STEP for w in STATUS_WORDS)  # never mistaken for NOT REVIEWED (white)
    assert [w for w in sorted(level, key=level.get, reverse=True)] == [  # lighter is better
        "OK", "LOW", "NEGOTIATE", "MEDIUM", "MISSING", "HIGH", "BLOCKER"]


def test_text_is_at_least_body_minimum_on_every_page_before_the_appendix(demo_pdf):
    appendix = page_of(demo_pdf, "Appendix: every score and note")
    assert appendix >= 15  # so this covers pages 1-15
    with pdfplumber.open(demo_pdf.path) as pdf:
        for index in range(appendix):
            sizes = {round(c["size"], 2) for c in pdf.pages[index].chars if c["text"].strip()}
            assert min(sizes) >= BODY_MIN, f"page {index + 1}: text at {min(sizes)} pt"


def test_continuation_pages_name_the_vendor_in_the_running_header(demo_pdf):
    names = [v.name for v in demo_pdf.ws.vendors()]
    start = page_of(demo_pdf, "Appendix: every score and note")
    vendor = None
    continuations = 0
    for text in demo_pdf.pages[start:]:
        opening = [n for n in names if f"\n{n}\nRank " in text]  # a vendor's appendix heading
        if opening:
            vendor = opening[0]
            assert "continued" not in text
        elif vendor is not None:
            assert f"Appendix: {vendor}, continued" in text
            continuations += 1
    assert continuations >= len(names)  # every vendor's appendix runs over more than one page


def test_tabs_in_user_text_are_spaces(tmp_path):
    ws = small_workspace(tmp_path, "Tabs", [("Tab vendor", "notes\twith a tab")], note="first\tsecond")
    info = build_report(ws, tmp_path / "tabs.pdf")
    pages = pdf_text(tmp_path / "tabs.pdf")
    text = "\n".join(pages)
    assert info.warnings == ()
    assert "\t" not in text
    assert "notes with a tab" in text and "first second" in text
