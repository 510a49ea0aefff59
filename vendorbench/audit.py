"""The audit trail: every change, appended to the acting person's own hash-chained log.

    DIR/audit/<person-dir>.jsonl    one JSON object a line, written only by that person
    DIR/audit/.<person-dir>.lock    serialises that person's appends (several processes)

<person-dir> is the person's folder name under answers/ (Workspace.person_dir), so
one writer per file holds here too and logs merge in git without conflicts.

Each line: seq (1, 2, ...), at, person, action, target, old, new and prev, the
SHA-256 (hex) of the previous line's exact bytes including its newline (GENESIS,
64 zeros, for the first line). Editing, removing or reordering a line breaks the
chain at a line that verify names.

Ordering against the data write (crash safety): the entry is appended and fsynced
first, under the data file's lock, and the data file is written second; the change
is acknowledged (the call returns) only after both. So an acknowledged change is
always in the log. A kill between the two leaves a logged change whose data was
never written: that change was never acknowledged, the data still holds its `old`
value, and it is the last answer/finding entry of its log. verify accepts exactly
that state (reported as "interrupted"); the next save by that person, which holds
the same person lock, appends a "rollback" entry restoring `old`, so the replay
stays exact. A failure inside the process (disk full) appends the rollback at once.

A torn last line (no newline: a kill or a power loss cut the append short) is
reported by verify. The next change that person saves, holding the log's lock (so
the writer of the torn bytes is dead, and its change was never acknowledged), cuts
the torn bytes and records what it cut (length and SHA-256) in an "audit.repair"
entry before its own: nothing disappears unrecorded, and no save is refused for it.
`vendorbench audit repair DIR --as NAME` does the same without a change.

Workspaces made before the audit trail have answers but no audit/ folder: the first
logged change records a "baseline" entry holding a digest of every answer and
finding that existed, so verify can tell those records from ones added by hand.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import CorruptFileError, StoreError, VendorbenchError
from .storage import FILE_MODE, file_lock, fsync_dir, is_safe_component, make_dir, read_bytes

if TYPE_CHECKING:
    from .store import Workspace

AUDIT_DIR = "audit"
SUFFIX = ".jsonl"
GENESIS = "0" * 64
MAX_LINE = 4 * 1024 * 1024  # an entry holds at most two notes of 100,000 characters each
MAX_LOG = 512 * 1024 * 1024
REPLAYED = ("answer", "finding")  # actions whose result verify compares with the data files

_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    seq: int = Field(ge=1)
    at: str
    person: str = Field(min_length=1, max_length=200)
    action: str = Field(min_length=1, max_length=100)
    target: dict[str, Any]
    old: Any = None
    new: Any = None
    prev: str = Field(pattern=r"^[0-9a-f]{64}$")


def _digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def log_path(ws: Workspace, person: str) -> Path:
    return ws.path(AUDIT_DIR, ws.person_dir(person) + SUFFIX)


# --- appending ---------------------------------------------------------------------------

# path -> (size, seq, hash of last line): the tail of a log this process last wrote or read,
# so an append reads nothing when no other process has appended since.
_heads: dict[str, tuple[int, int, str]] = {}


def _tail(path: Path) -> tuple[int, int, str, Entry | None, bytes]:
    """(size, seq, hash, last replayed entry not yet rolled back, torn bytes) of a log."""
    try:
        raw = read_bytes(path, MAX_LOG)
    except FileNotFoundError:
        return 0, 0, GENESIS, None, b""
    body, sep, torn = raw.rpartition(b"\n")
    if not sep:
        body, torn = b"", raw
    lines = body.split(b"\n") if body else []
    seq, head, pending = 0, GENESIS, None
    if lines:
        last = _parse(path, len(lines), lines[-1])
        seq, head = last.seq, _digest(lines[-1] + b"\n")
        for number in range(len(lines), 0, -1):
            line = lines[number - 1]
            if b'"action":"answer"' in line or b'"action":"finding"' in line or b'"action":"rollback"' in line:
                entry = _parse(path, number, line)
                pending = entry if entry.action in REPLAYED else None
                break
    return len(raw), seq, head, pending, torn


def _parse(path: Path | str, number: int, line: bytes) -> Entry:
    where = f"{path}:{number}"
    if len(line) > MAX_LINE:
        raise CorruptFileError(f"{where}: the line is {len(line):,} bytes; the limit is {MAX_LINE:,}")
    try:
        data = json.loads(line)
    except RecursionError:
        raise CorruptFileError(f"{where}: the entry is nested too deeply") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFileError(f"{where}: not a valid JSON entry ({exc})") from None
    try:
        return Entry.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        loc = ".".join(str(p) for p in e["loc"]) or "(entry)"
        raise CorruptFileError(f"{where}: {loc}: {e['msg'].lower()}") from None


def _append(path: Path, entry: dict[str, Any]) -> Entry:
    """Append one entry (caller holds the log's lock); returns it once it is on disk."""
    key = str(path)
    try:
        size = os.lstat(path).st_size
    except FileNotFoundError:
        size = 0
    cached = _heads.get(key)
    if cached is None or cached[0] != size:
        size, seq, head, _, torn = _tail(path)
        if torn:
            # the caller holds this log's lock, so the writer of the torn bytes is dead (a kill can
            # cut a write short): its change was never acknowledged and its data never written
            _cut_torn_tail(path, entry["person"])
            return _append(path, entry)
    else:
        _, seq, head = cached
    entry = {**entry, "seq": seq + 1, "prev": head}
    line = _ENCODE(entry).encode() + b"\n"
    if len(line) > MAX_LINE:
        raise VendorbenchError(f"the change is too large to record ({len(line):,} bytes)")
    created = size == 0 and not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        written = os.write(fd, line)
        if written != len(line):
            raise StoreError(f"{path}: short write while recording the change; nothing was saved")
        os.fsync(fd)
    except OSError as exc:
        raise StoreError(f"{path}: cannot record the change: {exc.strerror}; nothing was saved") from None
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)
    _heads[key] = (size + len(line), seq + 1, _digest(line))
    return Entry.model_validate(entry)


def _lock(ws: Workspace, person: str) -> Any:
    return file_lock(ws.path(AUDIT_DIR, "." + ws.person_dir(person) + ".lock"), f"{person}'s audit log")


class Recorder:
    """Records the changes of one store operation; undoes their log entries on failure."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.done: list[tuple[str, Entry]] = []

    def record(self, person: str, action: str, target: dict[str, Any], old: Any, new: Any,
               holds_person_lock: bool = False) -> Entry | None:
        """Append a change to person's log; None (nothing written) when old == new."""
        if old == new:
            return None
        audit_dir = self.ws.path(AUDIT_DIR)
        legacy = not audit_dir.is_dir()
        make_dir(audit_dir)
        path = log_path(self.ws, person)
        with _lock(self.ws, person):
            if legacy:
                self._baseline(person, path)
            if holds_person_lock:
                self._roll_back_interrupted(person, path)
            entry = _append(path, {"at": _now(), "person": person, "action": action, "target": target,
                                   "old": old, "new": new})
        self.done.append((person, entry))
        return entry

    def _baseline(self, person: str, path: Path) -> None:
        digests = _state_digests(self.ws)
        if digests:
            _append(path, {"at": _now(), "person": person, "action": "baseline", "target": {},
                           "old": None, "new": digests})

    def _roll_back_interrupted(self, person: str, path: Path) -> None:
        """A save killed between its log entry and its data write left the data at `old`."""
        if str(path) in _heads:
            return  # this process wrote the tail itself: nothing was interrupted
        _, _, _, pending, _ = _tail(path)
        if pending is None:
            return
        current = _current(self.ws, pending)
        if current != pending.new and current == pending.old:
            _append(path, {"at": _now(), "person": person, "action": "rollback",
                           "target": {**pending.target, "seq": pending.seq, "kind": pending.action}, "old": pending.new,
                           "new": pending.old})

    def undo(self) -> None:
        for person, entry in reversed(self.done):
            with contextlib.suppress(VendorbenchError, OSError), _lock(self.ws, person):
                _append(log_path(self.ws, person), {
                    "at": _now(), "person": person, "action": "rollback",
                    "target": {**entry.target, "seq": entry.seq, "kind": entry.action},
                    "old": entry.new, "new": entry.old})


@contextlib.contextmanager
def changes(ws: Workspace) -> Iterator[Recorder]:
    """Around one store operation: log entries first, data write second; if the data
    write fails, each entry is followed by a rollback entry, so the replay stays exact."""
    rec = Recorder(ws)
    try:
        yield rec
    except BaseException:
        rec.undo()
        raise


def record(ws: Workspace, person: str, action: str, target: dict[str, Any], old: Any, new: Any) -> Entry | None:
    """Append one change to person's log (for writes that have no data file of their own)."""
    return Recorder(ws).record(person, action, target, old, new)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


# --- the state that verify compares ------------------------------------------------------


def answer_fields(doc: dict | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {"value": doc.get("value"), "note": doc.get("note", ""), "evidence": doc.get("evidence", "")}


def finding_fields(doc: dict | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {"status": doc.get("status"), "note": doc.get("note", ""), "clause": doc.get("clause", "")}


def _record_key(action: str, target: dict[str, Any]) -> tuple[str, str, str, str]:
    from .store import identity_key
    ident = target.get("criterion") if action == "answer" else target.get("item")
    return action, identity_key(str(target.get("person", ""))), str(target.get("vendor", "")), str(ident)


def _state(ws: Workspace) -> dict[tuple[str, str, str, str], tuple[dict[str, Any], str]]:
    """Every current answer and finding: key -> (fields, the file holding it)."""
    from .store import identity_key
    out: dict[tuple[str, str, str, str], tuple[dict[str, Any], str]] = {}
    for a in ws.answers():
        fields = answer_fields(a.model_dump())
        assert fields is not None
        out[("answer", identity_key(a.evaluator), a.vendor_id, a.criterion)] = (
            fields, str(ws.answer_path(a.evaluator, a.vendor_id, a.criterion, "scores")))
    for f in ws.findings():
        fields = finding_fields(f.model_dump())
        assert fields is not None
        out[("finding", identity_key(f.reviewer), f.vendor_id, f.item)] = (
            fields, str(ws.answer_path(f.reviewer, f.vendor_id, f.item, "legal")))
    return out


def _key_text(key: tuple[str, str, str, str]) -> str:
    return "\x1f".join(key)


def _fields_digest(fields: dict[str, Any]) -> str:
    return _digest(_ENCODE(fields).encode())[:32]


def _state_digests(ws: Workspace) -> dict[str, str]:
    return {_key_text(k): _fields_digest(fields) for k, (fields, _) in _state(ws).items()}


def _current(ws: Workspace, entry: Entry) -> dict[str, Any] | None:
    """The stored value of the one record an entry changed (reads only that person's vendor files)."""
    from .store import identity_key
    person, vendor = str(entry.target.get("person", "")), str(entry.target.get("vendor", ""))
    if entry.action == "answer":
        answer = ws.answers_of(person, vendor).get(str(entry.target.get("criterion")))
        return answer_fields(answer.model_dump()) if answer else None
    for f in ws.findings_for(vendor):
        if f.item == entry.target.get("item") and identity_key(f.reviewer) == identity_key(person):
            return finding_fields(f.model_dump())
    return None


# --- reading and verifying ---------------------------------------------------------------


@dataclass
class Log:
    path: Path
    entries: list[Entry] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)  # of each line, with its newline
    problem: str | None = None  # the first break, as "file:line: what"


def _log_files(ws: Workspace) -> list[Path]:
    folder = ws.path(AUDIT_DIR)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{folder}: cannot read: {exc.strerror}") from None
    return [ws.path(AUDIT_DIR, n) for n in names if n.endswith(SUFFIX) and is_safe_component(n)]


def read_log(ws: Workspace, path: Path) -> Log:
    """Read and check one log: entries up to the first break, and that break."""
    from .store import identity_key
    log = Log(path)
    try:
        raw = read_bytes(path, MAX_LOG)
    except (FileNotFoundError, StoreError) as exc:
        log.problem = str(exc) if isinstance(exc, StoreError) else f"{path}: vanished while reading"
        return log
    lines = raw.split(b"\n")
    torn = lines.pop()
    head = GENESIS
    owner_dir = path.name[:-len(SUFFIX)]
    owner: str | None = None
    for number, line in enumerate(lines, 1):
        where = f"{path}:{number}"
        try:
            entry = _parse(path, number, line)
        except CorruptFileError as exc:
            log.problem = str(exc)
            return log
        if entry.prev != head:
            log.problem = (f"{where}: the chain is broken: this entry does not follow line {number - 1} "
                           f"(line {number - 1} was edited, or entries were removed or reordered)"
                           if number > 1 else f"{where}: the chain is broken: the first entry does not start "
                           "the chain (entries before it were removed)")
            return log
        if entry.seq != number:
            log.problem = f"{where}: entry number {entry.seq} at line {number} (entries removed or reordered)"
            return log
        try:
            person_ok = ws.person_dir(entry.person) == owner_dir
        except VendorbenchError:
            person_ok = False
        if not person_ok or (owner is not None and identity_key(owner) != identity_key(entry.person)):
            log.problem = f"{where}: an entry of {entry.person!r} in another person's log"
            return log
        owner = entry.person
        head = _digest(line + b"\n")
        log.entries.append(entry)
        log.hashes.append(head)
    if torn:
        log.problem = (f"{path}:{len(lines) + 1}: the last line is incomplete ({len(torn)} bytes without a "
                       "newline, left by a crash); that person's next save cuts it and records the cut, or now: "
                       "vendorbench audit repair DIR --as NAME")
    return log


def read_logs(ws: Workspace) -> list[Log]:
    return [read_log(ws, p) for p in _log_files(ws)]


def heads(ws: Workspace) -> dict[str, tuple[int, str]]:
    """Per person, the number and SHA-256 of the last entry of their log (for a report cover)."""
    out: dict[str, tuple[int, str]] = {}
    for log in read_logs(ws):
        if log.problem:
            raise CorruptFileError(log.problem)
        if log.entries:
            out[log.entries[-1].person] = (log.entries[-1].seq, log.hashes[-1])
    return out


def heads_text(heads: dict[str, tuple[int, str]]) -> str:
    """Heads as the report cover prints them and `audit verify` repeats them, so the two compare
    at a glance: "Maya Chen #412 3fa2c19b04de; ..." (the first 12 hex digits identify the line)."""
    return "; ".join(f"{person} #{seq} {digest[:12]}" for person, (seq, digest) in sorted(heads.items())) or "none"


@dataclass
class VerifyResult:
    logs: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    predating: int = 0  # answers and findings of a workspace made before the audit trail (no audit/ folder)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        entries = "entries" if self.entries != 1 else "entry"
        logs = f"{self.logs} log{'s' if self.logs != 1 else ''}, {self.entries} {entries}"
        if not self.ok:
            return f"{logs}: {self.problems[0]}"
        return f"{logs}, chains intact, answers and findings match ({self.records} records)"


def verify(ws: Workspace) -> VerifyResult:
    """Recompute every chain, then replay answers and findings and compare with the data files."""
    result = VerifyResult()
    legacy = not ws.path(AUDIT_DIR).is_dir()  # made before the audit trail: nothing could be logged yet
    logs = read_logs(ws)
    result.logs = len(logs)
    for log in logs:
        result.entries += len(log.entries)
        if log.problem:
            result.problems.append(log.problem)
    if result.problems:
        return result
    latest: dict[tuple[str, str, str, str], tuple[Entry, Path, int, bool]] = {}
    baseline: dict[str, str] = {}
    for log in logs:
        last_replayed = max((i for i, e in enumerate(log.entries) if e.action in (*REPLAYED, "rollback")),
                            default=-1)
        for i, e in enumerate(log.entries):
            if e.action == "baseline" and isinstance(e.new, dict):
                baseline.update({k: v for k, v in e.new.items() if isinstance(v, str)})
            elif e.action in REPLAYED or (e.action == "rollback" and e.target.get("kind") in REPLAYED):
                kind = e.action if e.action in REPLAYED else str(e.target.get("kind"))
                key = _record_key(kind, e.target)
                seen = latest.get(key)
                if seen is None or (e.at, str(log.path), e.seq) >= (seen[0].at, str(seen[1]), seen[0].seq):
                    latest[key] = (e, log.path, i + 1, i == last_replayed and e.action in REPLAYED)
            elif e.action == "vendor.remove":
                gone = e.target.get("vendor")
                for key in [k for k in latest if k[2] == gone]:
                    del latest[key]
                baseline = {k: v for k, v in baseline.items() if k.split("\x1f")[2] != gone}
    state = _state(ws)
    result.records = len(state)
    for key, (e, path, line, last_of_log) in sorted(latest.items(), key=lambda kv: (str(kv[1][1]), kv[1][2])):
        found = state.get(key)
        current = found[0] if found else None
        if current == e.new:
            continue
        if last_of_log and current == e.old:
            result.notes.append(f"{path}:{line}: this change was logged but its save was interrupted "
                                "(never acknowledged); the data holds the value before it")
            continue
        file = found[1] if found else _expected_file(ws, key)
        what = "criterion" if key[0] == "answer" else "legal item"
        result.problems.append(f"{file}: the {key[0]} of {e.target.get('person')!r} for vendor {key[2]}, "
                               f"{what} {key[3]}, differs from the audit trail ({path}:{line}): "
                               "changed outside vendorbench")
    for key, (fields, file) in sorted(state.items(), key=lambda kv: kv[1][1]):
        if key in latest:
            continue
        if baseline.get(_key_text(key)) == _fields_digest(fields):
            continue
        if legacy:
            result.predating += 1
            continue
        what = "criterion" if key[0] == "answer" else "legal item"
        result.problems.append(f"{file}: the {key[0]} for vendor {key[2]}, {what} {key[3]}, has no audit "
                               "entry: added or changed outside vendorbench")
    return result


def _expected_file(ws: Workspace, key: tuple[str, str, str, str]) -> str:
    return f"{ws.path('answers')} (the {key[0]} is missing)"


def repair(ws: Workspace, person: str) -> int:
    """Cut a torn last line from person's own log, recording its length and digest; bytes cut.
    (The next change person saves does the same by itself.)"""
    with _lock(ws, person):
        return _cut_torn_tail(log_path(ws, person), person)


def _cut_torn_tail(path: Path, person: str) -> int:
    """Under the log's lock: cut a torn last line and record what was cut (length and SHA-256)
    in an "audit.repair" entry, so nothing disappears unrecorded; bytes cut."""
    try:
        raw = read_bytes(path, MAX_LOG)
    except FileNotFoundError:
        return 0
    body, sep, torn = raw.rpartition(b"\n")
    if not sep:
        body, torn = b"", raw
    if not torn:
        return 0
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.ftruncate(fd, len(body) + len(sep))
        os.fsync(fd)
    finally:
        os.close(fd)
    _heads.pop(str(path), None)
    _append(path, {"at": _now(), "person": person, "action": "audit.repair", "target": {},
                   "old": {"bytes": len(torn), "sha256": _digest(torn)}, "new": None})
    return len(torn)
