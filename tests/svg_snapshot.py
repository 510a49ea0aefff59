"""A syrupy 7 extension for SVG screenshots of the TUI (pytest-textual-snapshot pins syrupy 4)."""

from __future__ import annotations

import re
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

_RANDOM_IDS = re.compile(r"terminal-\d+-")


class SVGSnapshotExtension(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "svg"

    def serialize(self, data: Any, **kwargs: Any) -> str:
        # export_screenshot() names CSS classes with a random number per call
        return _RANDOM_IDS.sub("terminal-", str(data))
