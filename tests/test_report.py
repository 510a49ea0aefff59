"""The executive PDF report: content, numbers, safety with user text, scripts, layout, determinism."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pypdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont

from vendorbench import demo, results
from vendorbench.cli import main
from vendorbench.models import Answer, Finding
from vendorbench.report import build_report, default_path, slug
from vendorbench.report import fonts as report_fonts
from vendorbench.store import Workspace

from .helpers import SMALL_LEGAL, SMALL_SCORECARD

SCRIPTS = {
    "Polish": "Zażółć gęślą jaźń, Łódź",
    "Czech": "Příliš žluťoučký kůň úpěl ďábelské ódy",
    "German": "Größenwahn & Söhne, Straße",
    "French": "Façade, cœur, élève, Noël",
    "Spanish": "Ñandú, señoría, ¿qué?",
    "Greek": "Ελληνική Εξυπηρέτηση Πελατών",
    "Cyrillic": "Служба поддержки «Ёжик»",
}
DATE = dt.date(2027, 3, 14)  # reports under test carry a fixed date, so their bytes never depend on the day
MARKUP = ["Price < 5", "AT&T", "<b>not bold</b>", '<font color="red" size="40">big</font>',
          '<img src="/etc/passwd"/>', '<a href="https://evil.example">click</a>', "&amp; &#60; &lt;"]


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with all whitespace removed: wrapped lines compare equal to the typed string."""
    return re.sub(r"\s+", "", text)


def small_workspace(root: Path, name: str, vendors: list[tuple[str, str]], note: str = "") -> Workspace:
    """A workspace on the small questionnaires: every vendor fully scored by two evaluators,
    every checklist item reviewed; vendors are (name, notes)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sc.toml").write_text(SMALL_SCORECARD, encoding="utf-8")
    (root / "lg.toml").write_text(SMALL_LEGAL, encoding="utf-8")
    ws = Workspace.create(root / "ws", name, scorecard=str(root / "sc.toml"), legal=str(root / "lg.toml"))
    ids = [ws.add_vendor(n, notes=notes).id for n, notes in vendors]
    crits = [c.id for c in ws.scorecard.criteria()]
    answers = [Answer(evaluator=e, vendor_id=vid, criterion=c, value=(i + k + len(e)) % 4 + 2,
                      note=note if k == 0 else "")
               for i, vid in enumerate(ids) for k, c in enumerate(crits) for e in ("Ewa Żak", "Jiří Král")]
    ws.import_answers(answers)
    ws.import_findings([Finding(reviewer="Zoë Müller", vendor_id=vid, item=it.id,
                                status="negotiate" if k == 1 else "ok", note=note if k == 1 else "")
                        for vid in ids for k, it in enumerate(ws.legal.items())])
    return ws


@pytest.fixture(autouse=True)
def _no_source_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # ReportLab would stamp it into the PDF


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    ws, _ = demo.ensure(root / "demo")
    calls: list[tuple[float, str]] = []
    info = build_report(ws, root / "demo.pdf", date=DATE, progress=lambda f, label: calls.append((f, label)))
    return SimpleNamespace(ws=ws, res=results.load(ws), info=info, path=root / "demo.pdf", calls=calls,
                           pages=pdf_text(root / "demo.pdf"), root=root)


def page_of(report, heading: str) -> int:
    """Index of the first page whose body starts with heading (the header and footer come first)."""
    return next(i for i, text in enumerate(report.pages) if f"\n{heading}\n" in text and i > 0)


# --- the demo report -----------------------------------------------------------------------------


def test_demo_report_text_matches_snapshot(demo_report, snapshot):
    assert demo_report.pages == snapshot


def test_demo_report_is_a_draft_with_every_section_in_order(demo_report):
    info = demo_report.info
    assert info.draft and info.warnings == () and info.pages == len(demo_report.pages)
    text = "\n".join(demo_report.pages)
    sections = ["Why this recommendation", "Ranking", "Category comparison", "Decision analysis", "Contract risk",
                "Evaluator agreement", "Methodology", "Appendix: every score and note"]
    starts = [page_of(demo_report, s) for s in sections]
    assert starts == sorted(starts) and starts[0] == 2
    assert "EXECUTIVE BRIEF" in demo_report.pages[1]  # the brief between the cover and its second page
    assert "DRAFT" in demo_report.pages[0] and "Page 2 of\n" + str(info.pages) in demo_report.pages[1]
    assert "decision support, not legal advice" in text


def test_cover_contents_list_the_brief_first_with_its_page(demo_report):
    cover = demo_report.pages[0]
    contents = cover[cover.index("CONTENTS"):]
    assert contents.index("Executive brief") < contents.index("Why this recommendation") < contents.index("Ranking")
    assert re.search(r"Executive brief\s*2\b", contents)  # its page number: the page after the cover


def test_second_page_continues_the_brief_without_repeating_it(demo_report):
    brief_page, page = demo_report.pages[1], demo_report.pages[2] + demo_report.pages[3]
    assert "Why this recommendation" in page and "Strongest categories" in page and "Weakest categories" in page
    assert "Ranked 2 of 5 with a total of 79.0/100." in page  # the reasons, which page 1 leaves out
    said = " ".join(page.split())
    for item in ("Confidentiality of everyone with access", "CCPA: notice if vendor can no longer comply",
                 "SCCs unmodified, annexes complete, SCCs prevail", "Transfer impact assessment and government access",
                 "Full sub-processing chain listed", "Data returned in usable format"):
        assert item in " ".join(brief_page.split()) + said  # Brightline's six negotiate items, on page 1 or 2
    assert ("Confidentiality of everyone with access" in " ".join(brief_page.split())) != (
        "Confidentiality of everyone with access" in said)  # each next step once
    assert "RECOMMENDATION\nBrightline" not in page and "points ahead of" not in page  # page 1 says these
    assert "Legal blocker: No training on client data without opt-in" in page  # why not Łukasiewicz
    assert "Knocked out on" in page  # why not Kestrel
    assert "only 25% scored" in page  # Cape Lantern's caveat


def test_ranking_table_matches_results_json(demo_report):
    expected = json.loads(json.dumps(demo_report.res.to_json()))["vendors"]
    index = page_of(demo_report, "Ranking")
    with pdfplumber.open(demo_report.path) as pdf:
        tables = pdf.pages[index].extract_tables()
    table = next(t for t in tables if t[0][:3] == ["#", "Vendor", "Total"])
    rows = table[1:]
    assert len(rows) == len(expected)
    for row, v in zip(rows, expected):
        rank, name, total, scored, _, legal, reviewed = (cell or "" for cell in row)
        assert int(rank) == v["rank"]
        assert flat(name).startswith(flat(v["name"]))
        assert total == f"{v['total']:.1f}"
        assert scored == f"{v['completeness']:.0%}"
        assert legal.split("\n")[0] == v["legal"]["rating"].upper()
        assert f"exposure {v['legal']['exposure']:.1f}" in legal
        assert reviewed == f"{v['legal']['coverage']:.0%}"


def test_risk_matrix_prints_a_status_word_in_every_cell(demo_report):
    page = demo_report.pages[page_of(demo_report, "Contract risk")]
    res = demo_report.res
    cells = re.sub(r"NOT\s+REVIEWED", "NOT REVIEWED", page.split("\nReviewed\n")[0])  # a narrow cell wraps it
    words = re.findall(r"\b(BLOCKER|MISSING|NEGOTIATE|NOT REVIEWED|OK|N/A)\b", cells)
    assert len(words) >= len(res.checklist.areas) * len(res.vendors)
    assert "BLOCKER" in words and "NOT REVIEWED" in words and "NEGOTIATE" in words


def test_open_items_show_severity_source_red_flag_and_reviewer_note(demo_report):
    text = "\n".join(demo_report.pages)
    assert "No training on client data without opt-in  AI and automation" in text
    assert "critical severity" in text and "Red flag wording:" in text and "Source:" in text
    assert "Dana Whitfield (Legal) (missing): FA 16.2 grants Vendor" in text


def test_agreement_lists_each_disagreement_with_every_score(demo_report):
    page = demo_report.pages[page_of(demo_report, "Evaluator agreement")]
    assert "Maya 4 · Priya 1" in page  # Łukasiewicz, the automation disclosure criterion
    assert "technology.automation-disclosure" not in page  # criterion ids stay in the appendix


def test_appendix_has_every_criterion_and_note_for_every_vendor(demo_report):
    text = flat("\n".join(demo_report.pages[page_of(demo_report, "Appendix: every score and note"):]))
    criteria = demo_report.res.scorecard.criteria()
    for v in demo_report.res.vendors:
        assert flat(v.vendor.name) in text
    for c in criteria:
        assert text.count(flat(c.id)) >= len(demo_report.res.vendors)
    for a in demo_report.ws.answers():
        if a.note:
            assert flat(a.note) in text


def test_outline_metadata_and_progress(demo_report):
    reader = pypdf.PdfReader(demo_report.path)
    titles: list[str] = []

    def walk(entries):
        for e in entries:
            if isinstance(e, list):
                walk(e)
            else:
                titles.append(e.title)

    walk(reader.outline)
    assert {"Executive brief", "Why this recommendation", "Ranking", "Contract risk", "Methodology"} <= set(titles)
    assert "Appendix: Łukasiewicz & Partners Contact" in titles
    meta = reader.metadata
    assert meta.title == "Vendor selection report: Tier 1 & 2 support outsourcing 2027 (demo)"
    assert "Dana Whitfield (Legal)" in meta.author and "Maya Chen (Support Ops)" in meta.author
    assert "contract risk" in meta.subject
    fractions = [f for f, _ in demo_report.calls]
    assert fractions[0] == 0 and fractions[-1] == 1 and fractions == sorted(fractions)
    assert len(fractions) > 5 and all(label for _, label in demo_report.calls)


def test_page_one_and_the_risk_page_render_with_ink(demo_report):
    pdf = pypdfium2.PdfDocument(demo_report.path)
    for index in (0, page_of(demo_report, "Contract risk")):
        counts = pdf[index].render(scale=0.5).to_pil().convert("L").histogram()  # pixels per gray level
        n = sum(counts)
        mean = sum(level * c for level, c in enumerate(counts)) / n
        variance = sum((level - mean) ** 2 * c for level, c in enumerate(counts)) / n
        dark = sum(counts[:128])
        assert dark > 2000 and variance > 300, f"page {index + 1} looks blank"


def test_only_the_bundled_fonts_are_embedded(demo_report):
    assert embedded_fonts(demo_report.path) <= {"DejaVuSans", "DejaVuSans-Bold"}


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


# --- determinism, paper, date, output path ---------------------------------------------------------


def test_same_workspace_gives_byte_identical_pdfs(demo_report, tmp_path):
    again = build_report(demo_report.ws, tmp_path / "again.pdf", date=DATE)
    assert again.path.read_bytes() == demo_report.path.read_bytes()


def test_same_pdf_from_a_fresh_process(demo_report, tmp_path):
    code = ("import sys, datetime; from vendorbench.store import Workspace; from vendorbench.report import "
            "build_report; build_report(Workspace(sys.argv[1]), sys.argv[2], date=datetime.date(2027, 3, 14))")
    subprocess.run([sys.executable, "-c", code, str(demo_report.ws.root), str(tmp_path / "p.pdf")], check=True)
    assert (tmp_path / "p.pdf").read_bytes() == demo_report.path.read_bytes()


def test_report_is_dated_today_unless_a_date_is_given(demo_report, tmp_path, capsys):
    today = dt.date.today()
    out = tmp_path / "today.pdf"
    assert main(["report", str(demo_report.ws.root), "-o", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    if dt.date.today() == today:  # not across midnight
        stamp = f"{today.day} {today:%B %Y}"
        assert stamp in reader.pages[0].extract_text() and stamp in reader.pages[1].extract_text()
        assert reader.metadata["/CreationDate"].startswith(f"D:{today:%Y%m%d}")
    out = tmp_path / "dated.pdf"
    assert main(["report", str(demo_report.ws.root), "-o", str(out), "--date", "2027-03-14", "--paper", "letter"]) == 0
    reader = pypdf.PdfReader(out)
    assert "14 March 2027" in reader.pages[0].extract_text() and "14 March 2027" in reader.pages[1].extract_text()
    assert reader.metadata["/CreationDate"].startswith("D:20270314")
    assert [float(x) for x in reader.pages[0].mediabox[2:]] == [612, 792]
    assert "Wrote" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["2027-3-14", "14/03/2027", "2027-02-30", "2027-W11-1", "20270314", "soon"])
def test_bad_date_is_a_usage_error(demo_report, bad, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", str(demo_report.ws.root), "--date", bad])
    assert exc.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_default_output_is_exports_slug_under_the_current_folder(demo_report, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(demo_report.ws.root), "--date", DATE.isoformat()]) == 0
    out = tmp_path / "exports" / "tier-1-2-support-outsourcing-2027-demo.pdf"
    assert out.read_bytes() == demo_report.path.read_bytes()
    assert f"Wrote {Path('exports') / out.name} ({demo_report.info.pages} pages, DRAFT" in capsys.readouterr().out
    assert default_path("Event") == tmp_path / "exports" / "event.pdf"


@pytest.mark.parametrize("name,expected", [
    ("Tier 1 & 2 support outsourcing 2027 (demo)", "tier-1-2-support-outsourcing-2027-demo"),
    ("Przetarg Łódź 2027 — Żółć", "przetarg-lodz-2027-zolc"),
    ("Größe/Straße", "grosse-strasse"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "report"), ("Тендер «Ёж»", "report"), ("東京", "report"), ("x" * 300, "x" * 60),
    ("a" * 59 + " b", "a" * 59),
])
def test_slug_is_ascii_bounded_and_cannot_leave_the_folder(name, expected):
    assert slug(name) == expected
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(name))


def test_output_must_be_a_file_and_a_failed_build_leaves_the_old_file(demo_report, tmp_path, monkeypatch, capsys):
    assert main(["report", str(demo_report.ws.root), "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    out = tmp_path / "r.pdf"
    out.write_bytes(b"previous")
    from vendorbench.report import document

    def boom(self, story):
        raise RuntimeError("crash mid-layout")

    monkeypatch.setattr(document.ReportDoc, "build", boom)
    with pytest.raises(RuntimeError):
        build_report(demo_report.ws, out)
    assert out.read_bytes() == b"previous" and sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_importing_the_report_package_does_not_load_reportlab():
    code = ("import sys, vendorbench.report, vendorbench.summary\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] == 'reportlab'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --- user text: scripts, markup, length ------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("scripts")
    vendors = [(text, f"{lang} notes: {text}") for lang, text in SCRIPTS.items()]
    ws = small_workspace(root, "Przetarg Łódź 2027 · Ελλάδα · Москва", vendors, note=" / ".join(SCRIPTS.values()))
    info = build_report(ws, root / "scripts.pdf")
    return SimpleNamespace(ws=ws, info=info, path=root / "scripts.pdf", text="\n".join(pdf_text(root / "scripts.pdf")))


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_every_script_is_extracted_exactly_and_the_font_has_its_glyphs(scripts_report, language):
    text = SCRIPTS[language]
    assert text in scripts_report.text
    cmaps = [TTFont(path).getBestCmap() for path in report_fonts.BUNDLED.values()]
    missing = {ch for ch in text if not ch.isspace() for cmap in cmaps if ord(ch) not in cmap}
    assert not missing, f"{language}: the bundled fonts lack {missing}"


def test_scripts_build_without_warnings_and_with_bundled_fonts_only(scripts_report):
    assert scripts_report.info.warnings == ()
    assert "Przetarg Łódź 2027 · Ελλάδα · Москва" in scripts_report.text
    for person in ("Ewa Żak", "Jiří Král", "Zoë Müller"):
        assert person in scripts_report.text
    assert embedded_fonts(scripts_report.path) <= {"DejaVuSans", "DejaVuSans-Bold"}


@pytest.fixture(scope="module")
def markup_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    vendors = [(m, f"notes {m}") for m in MARKUP]
    ws = small_workspace(root, 'Event <b>bold</b> & <a href="https://evil.example">x</a>', vendors,
                         note=" | ".join(MARKUP) + "\nsecond line <br/> still text")
    info = build_report(ws, root / "markup.pdf")
    return SimpleNamespace(ws=ws, info=info, path=root / "markup.pdf", text="\n".join(pdf_text(root / "markup.pdf")))


@pytest.mark.parametrize("typed", MARKUP)
def test_markup_in_user_text_appears_literally(markup_report, typed):
    assert typed in markup_report.text
    assert f"notes {typed}" in markup_report.text  # vendor notes (a Paragraph)


def test_markup_in_event_name_and_notes_appears_literally(markup_report):
    assert 'Event <b>bold</b> & <a href="https://evil.example">x</a>' in markup_report.text
    assert flat(" | ".join(MARKUP)) in flat(markup_report.text)
    assert "second line <br/> still text" in markup_report.text


def test_user_text_cannot_link_or_embed_anything(markup_report):
    reader = pypdf.PdfReader(markup_report.path)
    for page in reader.pages:
        assert "/Annots" not in page
        xobjects = page["/Resources"].get("/XObject", {})
        for x in xobjects.values():
            assert x.get_object().get("/Subtype") != "/Image"
    raw = markup_report.path.read_bytes()
    assert b"/URI" not in raw and b"/Link" not in raw and b"/Subtype /Image" not in raw
    assert embedded_fonts(markup_report.path) <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_long_note_and_long_vendor_names_lay_out(tmp_path):
    note = ("A very long evaluator note, " * 200)[:5000]
    spaced = ("Long vendor name with many words " * 7)[:200]
    solid = "W" * 200
    ws = small_workspace(tmp_path, "Long texts", [(spaced, note), (solid, "")], note=note)
    info = build_report(ws, tmp_path / "long.pdf")
    text = flat("\n".join(pdf_text(tmp_path / "long.pdf")))
    assert flat(note) in text and flat(spaced) in text and flat(solid) in text
    assert info.pages > 5


# --- characters no bundled font has -------------------------------------------------------------------


@pytest.fixture
def no_system_fonts(monkeypatch):
    monkeypatch.delenv(report_fonts.ENV_FONTS, raising=False)
    monkeypatch.setattr(report_fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(report_fonts, "WELL_KNOWN", ())


def test_a_name_no_font_can_draw_is_an_error_naming_the_field(tmp_path, no_system_fonts, capsys):
    ws = small_workspace(tmp_path, "Event", [("東京サポート", ""), ("Plain", "")])
    out = tmp_path / "cjk.pdf"
    assert main(["report", str(ws.root), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "vendor name (v1) '東京サポート'" in err and "U+6771 東" in err and "--allow-missing-glyphs" in err
    assert "Traceback" not in err and not out.exists()


def test_allow_missing_glyphs_builds_lists_the_characters_and_names_the_pick_by_id(tmp_path, no_system_fonts,
                                                                                   capsys):
    ws = small_workspace(tmp_path, "Event", [("東京サポート", "")])
    out = tmp_path / "cjk.pdf"
    assert main(["report", str(ws.root), "-o", str(out), "--allow-missing-glyphs"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "U+6771 東" in err
    cover = pdf_text(out)[0]
    assert "could not be shown" in cover and "U+6771" in cover
    assert "this is vendor v1 in the workspace" in flat_spaces(cover)  # the recommendation stays identifiable


def test_characters_no_font_has_in_a_note_are_a_warning_not_an_error(tmp_path, no_system_fonts, capsys):
    ws = small_workspace(tmp_path, "Event", [("Plain", ""), ("Other", "")], note="see 東京 office")
    out = tmp_path / "note.pdf"
    assert main(["report", str(ws.root), "-o", str(out)]) == 0
    assert "warning:" in capsys.readouterr().err and "U+6771" in pdf_text(out)[0]


def test_a_system_font_fills_characters_the_bundled_font_lacks(tmp_path, no_system_fonts, monkeypatch):
    font = tmp_path / "cjk-test.ttf"
    make_font(font, "東京")
    monkeypatch.setenv(report_fonts.ENV_FONTS, str(font))
    ws = small_workspace(tmp_path / "w", "Event", [("東京 Support", ""), ("Plain", "")])
    info = build_report(ws, tmp_path / "cjk.pdf")
    assert info.warnings == ()
    assert "東京 Support" in "\n".join(pdf_text(tmp_path / "cjk.pdf"))
    assert "VBTestCJK" in embedded_fonts(tmp_path / "cjk.pdf")


def make_font(path: Path, chars: str) -> None:
    """A tiny TrueType font with a square glyph for each of chars."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((900, 700))
        pen.lineTo((900, 0))
        pen.closePath()
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "VBTestCJK", "styleName": "Regular", "psName": "VBTestCJK"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    path.write_bytes(buf.getvalue())


# --- decision analysis ------------------------------------------------------------------------------


def test_decision_analysis_section_shows_sensitivity_sla_and_tco(demo_report):
    page = page_of(demo_report, "Decision analysis")
    assert page_of(demo_report, "Category comparison") < page < page_of(demo_report, "Contract risk")
    text = flat("\n".join(demo_report.pages[page:page_of(demo_report, "Contract risk")]))
    sens = demo_report.res.sensitivity
    assert flat(sens.summary[0]) in text  # a sensitivity sentence
    # about the vendor that can be recommended (Łukasiewicz, first on scores, has a legal blocker)
    assert flat("Brightline São Paulo stays first unless Security posture rises above 16.8%") in text
    # among Brightline and Summit Ridge: Cape Lantern (25% scored) is not ready to recommend
    assert "Rank-1probability" in text and "63.8%" in text
    for finding in ("Speed-only SLA:", "FCR target 78% is above", "QA terms without calibration"):
        assert flat(finding) in text
    assert "857,400" in text and "7.83" in text  # Łukasiewicz's TCO and cost per resolved contact
    assert flat("incomplete: exit and transition costs not entered") in text  # Cape Lantern's missing exit cost
    assert "TCO(USD)" in text and flat("Cost per resolved contact (USD)") in text
    # the demo's one cost-only warning, about the recommended vendor against its runner-up
    assert flat("COST-ONLY WARNING Brightline São Paulo leads only because of Commercials") in text


def test_agreement_section_shows_krippendorffs_alpha_with_a_reading(demo_report):
    text = demo_report.pages[page_of(demo_report, "Evaluator agreement")]
    assert f"Overall alpha {float(demo_report.res.agreement.alpha):.3f}" == "Overall alpha 0.691"
    assert "Overall alpha 0.691: tentative" in text and "Krippendorff" in text
    assert "0.837" in text  # Cultural and language fit
    assert "Disagreements of 2 points or more" in text


def test_decision_analysis_has_an_outline_entry(demo_report):
    titles = [e.title for e in pypdf.PdfReader(demo_report.path).outline if not isinstance(e, list)]
    assert titles.index("Category comparison") < titles.index("Decision analysis") < titles.index("Contract risk")


def test_summary_mentions_cost_warnings_and_sensitivity_only_when_there_are_some(tmp_path):
    from dataclasses import replace

    from vendorbench.analysis.tco import AnalysisWarning
    from vendorbench.report.fonts import FontBook
    from vendorbench.report.sections import Context, executive_summary
    from vendorbench.report.text import Writer

    ws = small_workspace(tmp_path, "Event", [("Alpha", ""), ("Beta", "")])
    res = results.load(ws)
    warned = replace(res, warnings=(AnalysisWarning("commercial_weight", "Commercials carry 40% of the weight."),))

    def summary_text(r):
        story = executive_summary.build(Context(r, [], Writer(FontBook()), 400, 700))
        return "\n".join(str(getattr(f, "text", "")) + repr(getattr(f, "_cellvalues", "")) for f in story)

    assert "Commercials carry 40% of the weight." not in summary_text(res)
    assert "Commercials carry 40% of the weight." in summary_text(warned)  # among the reasons
    build_report(ws, tmp_path / "w.pdf")  # builds with the analysis


# --- document basics ---------------------------------------------------------------------------------


def test_cover_has_date_version_approval_block_and_confidentiality(demo_report):
    cover = demo_report.pages[0]
    assert "Date\n14 March 2027" in cover
    assert re.search(r"Version\n14 March 2027 · content check [0-9A-F]{4}-[0-9A-F]{4} · vendorbench \d", cover)
    assert "Approved by\nnot yet approved" in cover and "Approval date\nnot yet approved" in cover
    assert "Prepared by\nMaya Chen (Support Ops)" in cover
    assert "Confidential: this report holds vendors' commercial terms" in flat_spaces(cover)
    assert all("Confidential · decision support, not legal advice." in page for page in demo_report.pages)


def flat_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_content_check_changes_with_a_note_and_not_with_the_day(tmp_path):
    from vendorbench.report.build import content_check

    ws = small_workspace(tmp_path, "Event", [("Alpha", ""), ("Beta", "")])
    before = content_check(results.load(ws), ws.answers())
    assert content_check(results.load(ws), ws.answers()) == before
    ws.set_answer("Ewa Żak", "Alpha", ws.scorecard.criteria()[0].id, note="a new note")
    assert content_check(results.load(ws), ws.answers()) != before


# --- plain language, counts, currency, incomplete vendors, cost against quality ---------------------

ITEM_ID = re.compile(r"\b[A-Z]{2}-\d{2}\b")  # contract checklist items: AI-02
CRITERION_ID = re.compile(r"\b[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)+\b")  # technology.automation-disclosure
FIELD_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # rule ids and input names: speed_only, exit_one_off


def executive_text(report) -> str:
    """The pages before the appendix, the core's sentences included (reasons, why not chosen)."""
    return flat("\n".join(report.pages[:page_of(report, "Appendix: every score and note")]))


def test_executive_pages_show_no_item_criterion_rule_or_field_ids(demo_report):
    text = executive_text(demo_report)
    assert not ITEM_ID.findall(text)
    assert not CRITERION_ID.findall(text)
    assert not FIELD_ID.findall(text)
    appendix = "\n".join(demo_report.pages[page_of(demo_report, "Appendix: every score and note"):])
    assert "EX-07 Workable step-in rights" in appendix  # ids live in the appendix
    assert "technology.automation-disclosure" in appendix


def test_glossary_explains_the_terms_an_executive_meets(demo_report):
    page = flat(demo_report.pages[page_of(demo_report, "Ranking")])
    for term in ("FCR:", "CSAT:", "Alpha:", "Exposure:", "SCCs:"):
        assert flat(term) in page


def test_risk_matrix_cells_count_items_by_state(demo_report):
    page = demo_report.pages[page_of(demo_report, "Contract risk")].replace("\xa0", " ")
    cells = re.sub(r"\s+", " ", page)
    assert "BLOCKER 1 critical missing, 2 negotiate, 5 ok" in cells  # Łukasiewicz, AI and automation
    assert "NEGOTIATE 2 negotiate, 15 ok" in cells  # Brightline, data privacy
    assert "NOT REVIEWED 2 ok, 15 not reviewed" in cells  # Cape Lantern, data privacy


def test_vendors_under_80_percent_scored_are_marked_in_every_chart_and_table(demo_report):
    marked = "Cape Lantern CX (only 25% scored)"  # the demo's vendor with a quarter of its scorecard
    for section in ("Ranking", "Category comparison", "Decision analysis", "Contract risk"):
        start = page_of(demo_report, section)
        assert flat(marked) in flat(demo_report.pages[start] + demo_report.pages[start + 1]), section
    assert flat(marked) in flat(demo_report.pages[0])  # the cover's list of vendors
    assert "Brightline São Paulo (only" not in "\n".join(demo_report.pages)  # 95% scored: not marked


def test_the_workspace_completeness_setting_decides_which_vendors_are_marked(demo_report):
    from dataclasses import replace

    from vendorbench.report.fonts import FontBook
    from vendorbench.report.sections import Context
    from vendorbench.report.text import Writer
    from vendorbench.settings import Settings

    def labels(min_completeness):
        res = results.load(demo_report.ws)
        res = replace(res, settings=Settings(min_completeness=min_completeness))
        ctx = Context(res, [], Writer(FontBook()), 400, 700)
        return {v.vendor.name: ctx.vendor_label(v) for v in res.vendors}

    assert labels(80)["Brightline São Paulo"] == "Brightline São Paulo"  # 95% scored
    assert labels(96)["Brightline São Paulo"] == "Brightline São Paulo (only 95% scored)"
    assert labels(20)["Cape Lantern CX"] == "Cape Lantern CX"  # 25% scored clears a 20% bar


def test_cost_against_quality_chart_highlights_the_recommended_vendor(demo_report):
    text = "\n".join(demo_report.pages)
    assert "Cost against quality" in text
    assert "Brightline São Paulo  RECOMMENDED" in text or "Brightline São Paulo RECOMMENDED" in text
    assert "Cost per resolved contact (USD)" in text
    assert flat("Not shown (no total or no cost per resolved contact yet): Cape Lantern CX") in flat(text)


def test_cost_quality_chart_is_a_reusable_drawing():
    from reportlab.graphics.shapes import Circle, String

    from vendorbench.report import charts
    from vendorbench.report.fonts import FontBook
    from vendorbench.report.text import Writer

    points = [charts.Point("Pick", 8.7, 79, "recommended", False), charts.Point("Other", 13.4, 78.4, "eligible", False),
              charts.Point("Partial", 9.0, 77.4, "eligible", True), charts.Point("Out", 7.8, 84.5, "excluded", False)]
    d = charts.cost_quality(points, 480, Writer(FontBook()), "EUR")
    labels = [s.text for s in d.contents if isinstance(s, String)]
    assert "Pick  RECOMMENDED" in labels and "Cost per resolved contact (EUR)" in labels
    circles = [c for c in d.contents if isinstance(c, Circle)]
    assert len(circles) == 4 and max(circles, key=lambda c: c.r).fillColor == charts.theme.BAR_PICK
    assert sum(1 for c in circles if c.fillColor == charts.theme.WHITE) == 1  # the partly scored vendor is hollow


def test_tco_shows_the_workspace_currency(demo_report, tmp_path):
    shutil.copytree(demo_report.ws.root, tmp_path / "ws")
    ws = Workspace(tmp_path / "ws")
    ws.set_settings({"currency": "EUR"})
    build_report(ws, tmp_path / "eur.pdf", date=DATE)
    text = flat("\n".join(pdf_text(tmp_path / "eur.pdf")))
    assert "TCO(EUR)" in text and "inEUR." in text and "TCO(USD)" not in text


def test_continued_next_steps_start_on_the_page_that_has_room(demo_report):
    """The continued next-steps table starts under 'Why this recommendation' when the page has room,
    instead of its heading dragging the whole table to the next page and leaving half a page blank."""
    why = page_of(demo_report, "Why this recommendation")
    assert "Next steps, continued" in demo_report.pages[why]


def test_a_recommendation_not_ready_is_called_not_ready_on_the_cover_and_in_the_tui(tmp_path):
    """"Not ready" (the evaluation is incomplete) and "conditional" (knockouts or blockers must change)
    are different verdicts: every view says the one Recommendation.label says."""
    from vendorbench import results
    from vendorbench.tui.screens.overview import _recommendation

    ws = small_workspace(tmp_path, "Half done", [("Acme", "")])
    first = ws.scorecard.criteria()[0].id
    for person in ("Ewa Żak", "Jiří Král"):
        ws.set_answer(person, "Acme", first, None)  # 2 of 3 criteria settled: under the 80% readiness bar
    res = results.load(ws)
    assert res.recommendation.label == "Recommendation (not ready)"
    build_report(ws, tmp_path / "r.pdf")
    cover = " ".join(pdf_text(tmp_path / "r.pdf")[0].split())
    assert "RECOMMENDATION (NOT READY)" in cover and "CONDITIONAL" not in cover
    assert _recommendation(res, True).plain.startswith("Recommendation (not ready): Acme")
