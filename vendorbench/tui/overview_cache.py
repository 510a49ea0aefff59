"""What the overview last drew for a workspace, kept per user, so reopening it shows the figures at once.

The overview's figures take a moment on a large event: every answer file is read and scored. When
nothing in the workspace changed since the last time this user saw it, the overview shows the rows and
the recommendation it drew then, straight away, and computes them again in the background as always,
redrawing when done. So a stale entry can show for the length of one computation, never longer.

The entry is keyed by every workspace file's path, size, modification time (ns) and inode (a vendorbench
save replaces its file, so it gets a new inode; a git pull rewrites the files it changes), the user, the
day (evidence goes stale by date) and the vendorbench version. It is taken before the files are read, so
a change during the computation is a miss next time rather than a stale hit.

Kept in $XDG_CACHE_HOME/vendorbench/overview/, never in the workspace: a workspace is shared through
git, and anything in it is a teammate's input. The entry is still read as untrusted (a damaged or
foreign file is a miss, never a crash), and drawn only through plain-text widgets.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.style import Style
from rich.text import Span, Text

from .. import __version__
from ..store import Workspace, identity_key

FORMAT = 1
PRUNE_DAYS = 90  # an entry not rewritten for this long belongs to a finished event: removed on the next save
# the names save() writes: the entry, and its temporary file while it is written
NAME_RE = re.compile(r"\.?[0-9a-f]{32}\.json(\.[0-9]+\.[0-9a-f]{8}\.tmp)?")
MAX_BYTES = 4_000_000  # a view of hundreds of vendors is well under this; more is not ours
SKIPPED_DIRS = {".git", "exports"}  # top level: git's own files, and the reports written from the workspace


@dataclass(frozen=True)
class Row:
    """One vendor's row as the overview shows it."""

    vendor_id: str
    rank: str
    name: str
    region: str
    progress: str
    completeness: str
    total: str
    knockouts: Text
    legal: Text


@dataclass(frozen=True)
class View:
    """Everything the overview draws from the results (the table's columns follow the terminal width)."""

    event: str
    rows: tuple[Row, ...]
    recommendation: Text
    governance: Text | None  # None: no roles set, the line is hidden


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"  # as the XDG spec says
    return root / "vendorbench" / "overview"


def key(ws: Workspace, user: str, day: _dt.date) -> str | None:
    """The state the overview's figures depend on: every file of the workspace (stat only, no read);
    None if the workspace cannot be walked (a folder removed meanwhile, say): no cache then."""
    try:
        entries = _stat_lines(str(ws.root))
    except OSError:
        return None
    head = f"{FORMAT}\0{__version__}\0{identity_key(user)}\0{day.isoformat()}\0{os.path.abspath(ws.root)}"
    return hashlib.sha256("\n".join([head, *entries]).encode("utf-8", "surrogateescape")).hexdigest()


def _stat_lines(root: str) -> list[str]:
    entries: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    if folder != root or entry.name not in SKIPPED_DIRS:
                        stack.append(entry.path)
                    continue
                st = entry.stat(follow_symlinks=False)
                entries.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}")
    return sorted(entries)


def _file(folder: Path, ws: Workspace, user: str) -> Path:
    name = hashlib.sha256(f"{os.path.abspath(ws.root)}\0{identity_key(user)}".encode("utf-8", "surrogateescape"))
    return folder / f"{name.hexdigest()[:32]}.json"


def has_entry(folder: Path, ws: Workspace, user: str) -> bool:
    """Whether this user has an entry for this workspace at all: without one, the state (key) need not
    be worked out to look it up."""
    return _file(folder, ws, user).is_file()


def load(folder: Path, ws: Workspace, user: str, state: str) -> View | None:
    """The view drawn last for exactly this state, or None (no entry, another state, a damaged file)."""
    try:
        with open(_file(folder, ws, user), "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("key") != state:
            return None
        return view_from_doc(doc["view"])
    except Exception:  # a cache: anything wrong with it is a miss, the figures are computed anyway
        return None


def save(folder: Path, ws: Workspace, user: str, state: str, view: View) -> None:
    """Keep the view for the next start; best effort (a read-only or full disk only costs that head start)."""
    data = json.dumps({"format": FORMAT, "key": state, "view": view_doc(view)}, ensure_ascii=False).encode()
    file = _file(folder, ws, user)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, file)  # no fsync: after a power cut an empty or old entry is only a miss
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    prune(folder)


def prune(folder: Path, now: float | None = None) -> None:
    """Remove the entries of workspaces not opened for PRUNE_DAYS (one small file per workspace and user:
    old sourcing events would otherwise stay forever), and temporary files a killed save left behind.
    Only this folder's own files (NAME_RE): nothing else is touched, nothing followed through a link."""
    cutoff = (time.time() if now is None else now) - PRUNE_DAYS * 86400
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not NAME_RE.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)


# --- (de)serialising ---------------------------------------------------------------------------------------


def _text_doc(text: Text) -> dict[str, Any]:
    return {"plain": text.plain, "style": str(text.style),
            "spans": [[s.start, s.end, str(s.style)] for s in text.spans]}


def _text_from(doc: Any) -> Text:
    plain, spans = doc["plain"], doc["spans"]
    if not isinstance(plain, str) or not isinstance(spans, list):
        raise ValueError("not a text")
    text = Text(plain, style=Style.parse(_str(doc["style"])))
    for start, end, style in spans:
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(plain):
            raise ValueError("span out of range")
        text.spans.append(Span(start, end, Style.parse(_str(style))))
    return text


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


_ROW_STRINGS = ("vendor_id", "rank", "name", "region", "progress", "completeness", "total")


def view_doc(view: View) -> dict[str, Any]:
    return {"event": view.event,
            "rows": [{**{k: getattr(r, k) for k in _ROW_STRINGS},
                      "knockouts": _text_doc(r.knockouts), "legal": _text_doc(r.legal)} for r in view.rows],
            "recommendation": _text_doc(view.recommendation),
            "governance": None if view.governance is None else _text_doc(view.governance)}


def view_from_doc(doc: Any) -> View:
    rows = tuple(Row(**{k: _str(r[k]) for k in _ROW_STRINGS}, knockouts=_text_from(r["knockouts"]),
                     legal=_text_from(r["legal"])) for r in doc["rows"])
    if len({r.vendor_id for r in rows}) != len(rows):
        raise ValueError("a vendor twice")  # row keys must be unique
    governance = doc["governance"]
    return View(event=_str(doc["event"]), rows=rows, recommendation=_text_from(doc["recommendation"]),
                governance=None if governance is None else _text_from(governance))
