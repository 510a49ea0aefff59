"""Fonts for the report: DejaVu Sans ships with vendorbench; system fonts fill its gaps.

Helvetica (ReportLab's default) has no glyphs beyond Latin-1, so every piece of
text uses the bundled DejaVu Sans (Latin, Greek, Cyrillic and more). A character
DejaVu lacks (CJK, for instance) is drawn with the first installed font that has
it: files named in $VENDORBENCH_FONTS first, then what fontconfig (fc-list)
finds, then a few well-known paths. Characters no font has are recorded, so the
report can say which ones it could not show.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = "VB-DejaVuSans"
BOLD = "VB-DejaVuSans-Bold"
BUNDLED = {REGULAR: FONT_DIR / "DejaVuSans.ttf", BOLD: FONT_DIR / "DejaVuSans-Bold.ttf"}
ENV_FONTS = "VENDORBENCH_FONTS"

# Looked at when fontconfig is not installed (or finds nothing): common homes of
# wide-coverage TrueType fonts on Linux, macOS and Windows.
WELL_KNOWN = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/unifont/unifont.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
MAX_FC_QUERIES = 24  # fontconfig look-ups per report: a long CJK note must not cost seconds
MAX_FONT_FILES = 12  # candidate files opened per report

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def _register(name: str, path: Path, index: int = 0) -> frozenset[int]:
    """Register a TrueType font once per process; return the code points it has glyphs for."""
    with _lock:
        if name not in _coverage:
            font = TTFont(name, str(path), subfontIndex=index)
            pdfmetrics.registerFont(font)
            _coverage[name] = frozenset(font.face.charToGlyph)
        return _coverage[name]


def register_bundled() -> None:
    for name, path in BUNDLED.items():
        _register(name, path)
    with _lock:
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _drawn(ch: str) -> bool:
    """Whether a character needs a glyph (line breaks, tabs and format marks do not)."""
    return not (ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf"})


@dataclass
class FontBook:
    """Chooses a font per character for one report and records what no font could show."""

    fallbacks: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    _searched: set[int] = field(default_factory=set)  # 256-code-point pages already looked up
    _tried: set[tuple[str, int]] = field(default_factory=set)
    _queries: int = 0

    def __post_init__(self) -> None:
        register_bundled()
        self.coverage = {REGULAR: _coverage[REGULAR], BOLD: _coverage[BOLD]}

    def font_for(self, ch: str, primary: str) -> str:
        cp = ord(ch)
        if cp in self.coverage[primary] or not _drawn(ch):
            return primary
        if cp in self.coverage[REGULAR]:
            return REGULAR
        for name, cov in self.fallbacks:
            if cp in cov:
                return name
        if self._discover(ch):
            return self.font_for(ch, primary)
        self.missing.add(ch)
        return primary

    def runs(self, text: str, primary: str = REGULAR) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs that each font can draw."""
        if text.isascii() or self.coverage[primary].issuperset(map(ord, text)):
            return [(primary, text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self.font_for(ch, primary)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def undrawable(self, text: str) -> list[str]:
        """The characters of text that no font can draw, each once, in order of appearance."""
        return [ch for ch in dict.fromkeys(text) if _drawn(ch) and self.font_for(ch, REGULAR) and ch in self.missing]

    def single_font(self, text: str, primary: str = REGULAR) -> str:
        """One font for a plain string (chart labels, page headers): the primary font when it
        has every character, else the font that has the most of them."""
        runs = self.runs(text, primary)
        if len(runs) <= 1:
            return runs[0][0] if runs else primary
        counts: dict[str, int] = {}
        for font, chunk in runs:
            counts[font] = counts.get(font, 0) + sum(1 for c in chunk if _drawn(c))
        return max(counts, key=lambda f: (counts[f], f == primary))

    # -- finding system fonts

    def _discover(self, ch: str) -> bool:
        page = ord(ch) >> 8
        if page in self._searched:
            return False
        self._searched.add(page)
        for path, index in self._candidates(ch):
            if len(self._tried) >= MAX_FONT_FILES:
                break
            key = (str(path), index)
            if key in self._tried:
                continue
            self._tried.add(key)
            name = "VB-Fallback-" + hashlib.sha256(f"{path}:{index}".encode()).hexdigest()[:10]
            try:
                cov = _register(name, path, index)
            except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
                continue  # PostScript-outline (CFF) fonts and damaged files: ReportLab cannot embed them
            if ord(ch) in cov:
                with _lock:  # no bold face: <b> around a fallback run keeps the same font
                    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
                self.fallbacks.append((name, cov))
                return True
        return False

    def _candidates(self, ch: str) -> list[tuple[Path, int]]:
        found: list[tuple[Path, int]] = []
        for entry in os.environ.get(ENV_FONTS, "").split(os.pathsep):
            if entry.strip():
                found.append((Path(entry.strip()), 0))
        found += self._fontconfig(ch)
        found += [(Path(p), 0) for p in WELL_KNOWN if Path(p).is_file()]
        return found

    def _fontconfig(self, ch: str) -> list[tuple[Path, int]]:
        fc = shutil.which("fc-list")
        if fc is None or self._queries >= MAX_FC_QUERIES:
            return []
        self._queries += 1
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([fc, "--format", "%{file}\t%{index}\n", f":charset={ord(ch):x}"],
                                 capture_output=True, text=True, timeout=10, check=False).stdout
            rows = []
            for line in sorted(set(out.splitlines())):  # sorted: the same choice on every run
                path, _, index = line.partition("\t")
                if path.lower().endswith((".ttf", ".ttc")):
                    rows.append((Path(path), int(index) if index.isdigit() else 0))
            return rows
        return []
