"""The report's content: the cover, then one module per section, in PARTS order.

A section is a module (or any object) with KEY (its contents line and outline
entry), TITLE and build(ctx) -> list of flowables; build starts with
ctx.section(KEY, TITLE) and ends with a PageBreak. body() lays the sections
out in PARTS order; cover() lists them as the contents. report/build.py builds
the story as cover(ctx, warnings) + body(ctx): body first, so characters no
font has are known when the cover lists them. A new section (an executive
brief, say) goes into PARTS where it should appear: the executive brief
(report/brief_page) is first, the page after the cover and the first contents line.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import brief_page
from . import (
    agreement,
    appendix,
    categories,
    decision,
    executive_summary,
    governance,
    methodology,
    ranking,
    risk,
)
from . import cover as _cover
from .base import CONFIDENTIAL, Context, Control, long_date
from .governance import approval_control

PARTS = (brief_page, executive_summary, ranking, categories, decision, risk, agreement, methodology, appendix)

__all__ = ["CONFIDENTIAL", "PARTS", "Context", "Control", "approval_control", "body", "cover", "governance",
           "long_date"]


def body(ctx: Context, parts: Sequence = PARTS) -> list:
    return [flowable for part in parts for flowable in part.build(ctx)]


def cover(ctx: Context, notices: Sequence[str], parts: Sequence = PARTS) -> list:
    """The cover page; notices (e.g. characters no font could show) go in boxes at its foot.
    Build it after body(): fonts record missing characters as the body is laid out."""
    return _cover.build(ctx, notices, [(part.KEY, part.TITLE) for part in parts])
