"""File names the exports share (PDF report, QBR, RFP packs): core, so that any view or core
module can name an export without importing the report package."""

from __future__ import annotations

import re
import unicodedata

EXPORTS_DIR = "exports"
MAX_SLUG = 60

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d",
                       "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D"})


def slug(name: str) -> str:
    """A file name stem from a workspace name: ASCII letters, digits and dashes only, so it
    can never leave its folder; "report" when nothing usable remains."""
    ascii_text = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:MAX_SLUG].rstrip("-") or "report"
