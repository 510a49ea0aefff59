"""Assemble and write the report (called by vendorbench.report.build_report)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER

from .. import __version__, audit, governance, results, summary
from ..errors import VendorbenchError
from ..models import Answer
from ..rfp import view
from ..storage import atomic_write, make_dir
from . import PAPERS, Progress, ReportInfo, sections
from .document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Decor, ReportDoc
from .fonts import FontBook
from .sections import Context, Control, long_date
from .text import Writer

PAGE_SIZES = {"a4": A4, "letter": LETTER}
SUBJECT = "Customer-support outsourcing (BPO): vendor comparison, recommendation and contract risk"
MAX_LISTED_CHARACTERS = 40


def _audit_heads(ws: Any) -> str:
    """Each person's last audit entry (number and the start of its SHA-256), so a reader can check the
    logs behind this PDF with `vendorbench audit verify` and compare the heads it prints."""
    try:
        heads = audit.heads(ws)
    except VendorbenchError as exc:  # a broken log must not stop the report, but the reader must see it
        return f"an audit log is broken ({exc}); run vendorbench audit verify"
    return audit.heads_text(heads)


def build(ws: Any, out_path: Path, paper: str, date: _dt.date, progress: Progress | None,
          allow_missing_glyphs: bool) -> ReportInfo:
    if paper not in PAPERS:
        raise VendorbenchError(f"paper {paper!r} is not known: use one of {', '.join(PAPERS)}")
    if out_path.is_dir():
        raise VendorbenchError(f"{out_path}: is a folder; give a file name such as {out_path / 'report.pdf'}")
    tell = progress or (lambda fraction, label: None)

    tell(0.0, "Reading the workspace")
    res = results.load(ws, date)  # evidence is judged as of the report's date
    answers = ws.answers()

    tell(0.15, "Preparing the content")
    writer = Writer(FontBook())
    if not allow_missing_glyphs:
        _refuse_undrawable_names(res, writer)
    pagesize = PAGE_SIZES[paper]
    width = pagesize[0] - 2 * MARGIN_X
    author = "; ".join([*res.evaluators, *res.reviewers])
    control = Control(version=f"{long_date(date)} · content check {content_check(res, answers)} · "
                              f"vendorbench {__version__}", author=author or "nobody has scored or reviewed yet")
    gov = governance.summary(ws, res)  # None in single-team mode: the report is as before governance
    if gov is not None:
        control = dataclasses.replace(sections.approval_control(control, gov), audit_heads=_audit_heads(ws))
    # Governance goes before the appendix: the sign-off is what an auditor or a board member looks up,
    # and the appendix is reference material that runs to the end
    parts = sections.PARTS if gov is None else (*sections.PARTS[:-1], sections.governance, sections.PARTS[-1])
    ctx = Context(res, answers, writer, width, pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM, date, control,
                  res.settings.currency,  # checked by vendorbench.settings when read
                  responses=view.workspace_context(ws, date))
    ctx.governance = gov
    body = sections.body(ctx, parts)  # the executive brief first (the page after the cover), then the sections
    writer.plain(res.workspace)  # the running header draws it: its characters count in the warnings too
    notices = _missing_characters(writer.fonts.missing)  # boxes at the cover's foot
    story = sections.cover(ctx, notices, parts) + body
    warnings = _duplicate_vendors(res) + notices

    total = len(story)
    done = 0
    shown = 0.0

    def on_flowable() -> None:
        nonlocal done, shown
        done += 1
        fraction = 0.2 + 0.75 * min(1.0, done / total)
        if fraction - shown >= 0.02:
            shown = fraction
            tell(fraction, "Laying out pages")

    tell(0.2, "Laying out pages")
    buffer = io.BytesIO()
    draft = summary.readiness(res).draft if gov is None else not gov.state.final
    mark = "" if gov is None else gov.mark
    doc = ReportDoc(buffer, pagesize, Decor(res.workspace, draft, date, long_date(date), writer.fit, mark),
                    on_flowable, title=f"Vendor selection report: {res.workspace}",
                    author=author or "vendorbench", subject=SUBJECT,
                    keywords="vendor selection, BPO, outsourcing, contract risk")
    doc.build(story)

    tell(0.97, "Saving")
    if not out_path.parent.exists():
        make_dir(out_path.parent)
    atomic_write(out_path, buffer.getvalue())
    tell(1.0, "Done")
    return ReportInfo(out_path, doc.page, tuple(warnings), draft, mark)


def _duplicate_vendors(res: results.Results) -> list[str]:
    """What the report tells its builder of vendors listed twice (the cover's status says it to readers)."""
    return [f"vendor listed more than once: {d}; its evaluation is split between the entries, so the report "
            "is a draft: join the entries (vendorbench vendor merge) and build it again"
            for d in summary.duplicated(res)]


def _missing_characters(missing: set[str]) -> list[str]:
    if not missing:
        return []
    chars = sorted(missing)
    listed = ", ".join(f"U+{ord(c):04X} {c}" for c in chars[:MAX_LISTED_CHARACTERS])
    if len(chars) > MAX_LISTED_CHARACTERS:
        listed += f" and {len(chars) - MAX_LISTED_CHARACTERS} more"
    return [f"{len(chars)} character(s) could not be shown because no installed font has them: {listed}. "
            "Install a TrueType font that covers them (for example WenQuanYi Zen Hei or Droid Sans Fallback "
            "for Chinese, Japanese and Korean) or name its file in the VENDORBENCH_FONTS environment variable, "
            "then build the report again."]


def names(res: results.Results) -> list[tuple[str, str]]:
    """(field, text) of every name the report shows: a name no font can draw is an error."""
    out = [("event name", res.workspace)]
    out += [(f"vendor name ({v.vendor.id})", v.vendor.name) for v in res.vendors]
    out += [("evaluator name", e) for e in res.evaluators]
    out += [("legal reviewer name", r) for r in res.reviewers]
    return out


def _refuse_undrawable_names(res: results.Results, writer: Writer) -> None:
    problems = []
    for field, text in names(res):
        chars = writer.fonts.undrawable(text)
        if chars:
            listed = ", ".join(f"U+{ord(c):04X} {c}" for c in chars[:MAX_LISTED_CHARACTERS])
            problems.append(f"{field} {text!r}: no installed font has {listed}")
    if problems:
        raise VendorbenchError(
            "the report cannot show these names:\n  " + "\n  ".join(problems) + "\n"
            "Install a TrueType font that covers them (for example WenQuanYi Zen Hei or Droid Sans Fallback for "
            "Chinese, Japanese and Korean) or name its file in the VENDORBENCH_FONTS environment variable; or "
            "build it anyway with `vendorbench report --allow-missing-glyphs` (those characters are left out).")


def content_check(res: results.Results, answers: Iterable[Answer]) -> str:
    """Eight hex digits that change whenever a figure, note, clause or piece of evidence behind the
    report changes: two printed copies with the same check say the same thing."""
    digest = hashlib.sha256(json.dumps(res.to_json(), sort_keys=True, default=str).encode())
    for a in sorted((a for a in answers if a.note or a.evidence),
                    key=lambda a: (a.vendor_id, a.criterion, a.evaluator)):
        digest.update(json.dumps([a.vendor_id, a.criterion, a.evaluator, a.note, a.evidence]).encode())
    for v in res.vendors:
        for item_id, st in sorted(v.legal.items.items()):
            for reviewer, f in sorted(st.by.items()):
                if f.note or f.clause:
                    digest.update(json.dumps([v.vendor.id, item_id, reviewer, f.note, f.clause]).encode())
    text = digest.hexdigest()[:8].upper()
    return f"{text[:4]}-{text[4:]}"


