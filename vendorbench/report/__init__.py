"""The executive PDF report: comparison, recommendation and contract risk.

    from vendorbench.report import build_report, default_path
    info = build_report(ws, default_path(ws.meta.name), paper="a4", date=None,  # None: today
                        progress=lambda fraction, label: ..., allow_missing_glyphs=False)

This package is the only one that imports ReportLab, and only once build_report
runs: importing vendorbench.report costs nothing (the TUI imports it at start).

The report is dated today unless the caller passes a date (`--date`); the same
workspace and date always give a byte-identical PDF (no other clock is read).
A name no installed font can draw (the event, a vendor, an evaluator, a
reviewer) is an error naming it, unless allow_missing_glyphs is set: then the
report is built and says which characters it could not show.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Re-exported: callers and tests name them report.EXPORTS_DIR and report.slug.
from ..filenames import EXPORTS_DIR as EXPORTS_DIR
from ..filenames import slug as slug

PAPERS = ("a4", "letter")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ReportInfo:
    path: Path
    pages: int
    warnings: tuple[str, ...]  # e.g. characters no installed font could show
    draft: bool  # scorecards or legal review incomplete (or, with roles, not approved): the report says DRAFT
    mark: str = ""  # with roles (vendorbench.governance): FINAL, DRAFT or APPROVAL VOID


def default_path(workspace_name: str, folder: str | Path | None = None) -> Path:
    """exports/<slug>.pdf under folder (default: the current directory)."""
    return Path(folder if folder is not None else Path.cwd()) / EXPORTS_DIR / f"{slug(workspace_name)}.pdf"


def build_report(ws: Any, out_path: str | Path, paper: str = "a4", date: _dt.date | None = None,
                 progress: Progress | None = None, allow_missing_glyphs: bool = False) -> ReportInfo:
    """Write the report for an open store.Workspace to out_path (atomically; missing folders are
    created), dated date (default: today). progress(fraction 0..1, label) is called at each stage
    and during layout."""
    from .build import build

    return build(ws, Path(out_path), paper, date or _dt.date.today(), progress, allow_missing_glyphs)
