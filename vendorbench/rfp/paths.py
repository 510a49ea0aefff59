"""Every path the RFP and evidence modules read or write in a workspace.

One function builds them all, so the rule "a workspace file can never point
outside its workspace" lives in one place. Vendor ids come from workspace.json,
which may arrive through git from someone else: they are checked here, not trusted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from ..errors import VendorbenchError

AREAS = ("responses", "evidence")
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def workspace_path(root: str | Path, area: Literal["responses", "evidence"], vendor_id: str, *parts: str) -> Path:
    """root/area/vendor_id/parts...; refuses any part that could leave its folder."""
    if area not in AREAS:
        raise ValueError(f"unknown workspace area {area!r}")
    for part in (vendor_id, *parts):
        if not isinstance(part, str) or not _PART.match(part) or ".." in part:
            raise VendorbenchError(f"{root}: {part!r} is not a safe file name (letters, digits, '.', '_', '-'); "
                                   "workspace.json or a response file was edited by hand?")
    return Path(root).joinpath(area, vendor_id, *parts)
