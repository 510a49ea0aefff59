"""Every path the RFP and evidence modules read or write in a workspace.

One function builds them all, so the rule "a workspace file can never point
outside its workspace" lives in one place. Vendor ids come from workspace.json,
which may arrive through git from someone else: they are checked here, not trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..errors import VendorbenchError
from ..storage import workspace_path as _checked
from ..store import VENDOR_ID_RE

AREAS = ("responses", "evidence")


def workspace_path(root: str | Path, area: Literal["responses", "evidence"], vendor_id: str, *parts: str) -> Path:
    """root/area/vendor_id/parts...; storage.workspace_path refuses any part that could leave its
    folder and any symbolic link on the way."""
    if area not in AREAS:
        raise ValueError(f"unknown workspace area {area!r}")
    if not isinstance(vendor_id, str) or not VENDOR_ID_RE.fullmatch(vendor_id):
        raise VendorbenchError(f"{root}: {vendor_id!r} is not a vendor id; workspace.json or a response file "
                               "was edited by hand?")
    return _checked(root, area, vendor_id, *parts)
