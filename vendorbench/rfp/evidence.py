"""Evidence records: what backs a vendor's answer, and whether it is still valid.

    DIR/evidence/<vendor-id>/records.json          the records (TinyDB, atomic, locked)
    DIR/evidence/<vendor-id>/files/<sha256>.<ext>  copies of evidence files

A record is a reference ("SOC 2 report, shared under NDA") or a file copied into
the workspace with its SHA-256, plus where in it the proof is (page, sheet or
cell), the date received and an expiry date (a SOC 2 report period, an ISO
certificate, an insurance certificate). Evidence that has expired, or will expire
before the planned contract start, is flagged; a knockout criterion scored on
flagged evidence becomes a condition to sign.

expiry_flags and knockout_conditions are pure functions over plain data with the
day passed in, so results, the TUI and the report show the same flags.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from .. import audit
from ..errors import CorruptFileError, VendorbenchError
from ..models import Scorecard
from ..storage import atomic_write, make_dir, open_locked, read_input, read_tables
from ..store import Workspace, clean_name, clean_note, current_user, now_iso
from .paths import workspace_path
from .questions import Kind

MAX_FILE_BYTES = 200 * 1024 * 1024
SOURCES = ("manual", "rfp", "caiq")
Source = Literal["manual", "rfp", "caiq"]
State = Literal["expired", "expires-before-start"]
_EXT = re.compile(r"^\.[A-Za-z0-9]{1,10}$")
_UNSET: Any = object()


@dataclass(frozen=True)
class EvidenceRecord:
    id: str  # e1, e2 ... per vendor
    vendor_id: str
    item: str  # criterion or legal item id
    kind: Kind
    reference: str  # what it is, as a person would cite it
    location: str = ""  # page, sheet or cell
    received: _dt.date | None = None
    expires: _dt.date | None = None
    file: str = ""  # stored name under evidence/<vendor-id>/files/ ("" for a reference only)
    original_name: str = ""
    sha256: str = ""
    source: Source = "manual"
    note: str = ""


@dataclass(frozen=True)
class EvidenceFlag:
    vendor_id: str
    item: str
    record_id: str
    state: State
    expires: _dt.date
    message: str

    @property
    def label(self) -> str:
        """The flag's word, the same in results, the TUI and the report."""
        return "EXPIRED" if self.state == "expired" else "EXPIRES BEFORE CONTRACT START"


# --- pure rules ------------------------------------------------------------------------------------


def expiry_flags(records: Iterable[EvidenceRecord], today: _dt.date,
                 contract_start: _dt.date | None = None) -> list[EvidenceFlag]:
    """A flag for every record that has expired by today, or expires before the planned
    contract start (evidence valid on the start day is not flagged)."""
    out = []
    for r in records:
        if r.expires is None:
            continue
        if r.expires < today:
            out.append(EvidenceFlag(r.vendor_id, r.item, r.id, "expired", r.expires,
                                    f"{r.reference}: expired on {r.expires.isoformat()}"))
        elif contract_start is not None and r.expires < contract_start:
            out.append(EvidenceFlag(r.vendor_id, r.item, r.id, "expires-before-start", r.expires,
                                    f"{r.reference}: expires on {r.expires.isoformat()}, before the planned "
                                    f"contract start {contract_start.isoformat()}"))
    return out


def flags_by_item(flags: Iterable[EvidenceFlag]) -> dict[tuple[str, str], list[EvidenceFlag]]:
    """Flags keyed by (vendor id, criterion or legal item id), for a scorecard row or report line."""
    out: dict[tuple[str, str], list[EvidenceFlag]] = {}
    for f in flags:
        out.setdefault((f.vendor_id, f.item), []).append(f)
    return out


def knockout_conditions(scorecard: Scorecard, votes: Mapping[str, Mapping[str, Mapping[str, Any]]],
                        flags: Iterable[EvidenceFlag]) -> list[tuple[str, str, str]]:
    """(vendor id, criterion id, condition) for every knockout criterion that has a score
    and flagged evidence: the score rests on proof that will not hold at signature.

    votes is store.Workspace.votes(): vendor id -> criterion id -> evaluator -> score."""
    out = []
    for f in flags:
        criterion = scorecard.criterion(f.item)
        if criterion is None or criterion.knockout_below is None:
            continue
        scores = [v for v in votes.get(f.vendor_id, {}).get(f.item, {}).values() if v != "na"]
        if scores:
            out.append((f.vendor_id, f.item, f"Must-have \"{criterion.title}\" was scored on evidence that will not "
                        f"hold at signature ({f.message}); condition to sign: a current replacement"))
    return out


# --- the workspace ---------------------------------------------------------------------------------


def records(ws: Workspace, vendor_id: str | None = None) -> list[EvidenceRecord]:
    """Every evidence record (of one vendor, or of every current vendor), in id order."""
    ids = [vendor_id] if vendor_id is not None else [v.id for v in ws.vendors()]
    out: list[EvidenceRecord] = []
    for vid in ids:
        path = _records_path(ws, vid)
        docs = read_tables(path).get("records", {})
        found = [_record(path, vid, d) for d in docs.values()]
        out += sorted(found, key=lambda r: int(r.id[1:]))
    return out


def workspace_flags(ws: Workspace, today: _dt.date) -> list[EvidenceFlag]:
    return expiry_flags(records(ws), today, ws.contract_start())


def add(ws: Workspace, vendor: str, item: str, *, reference: str = "", file: str | Path | None = None,
        location: str = "", received: _dt.date | None = None, expires: _dt.date | None = None,
        note: str = "", source: Source = "manual", today: _dt.date | None = None,
        by: str | None = None) -> EvidenceRecord:
    """Add one record; a file is copied into the workspace (once per content) with its SHA-256."""
    return add_many(ws, vendor, [dict(item=item, reference=reference, location=location, received=received,
                                      expires=expires, note=note, source=source)], file=file, today=today,
                    by=by)[0]


def add_many(ws: Workspace, vendor: str, specs: list[dict[str, Any]], file: str | Path | None = None,
             today: _dt.date | None = None, replace_source: Source | None = None, *,
             by: str | None = None) -> list[EvidenceRecord]:
    """Add several records in one atomic write (all checked first); all share the one file, if any.
    replace_source drops the vendor's earlier records of that source first (a re-imported CAIQ)."""
    v = ws.vendor(vendor)
    today = today or _dt.date.today()
    stored = _copy_file(ws, v.id, Path(file)) if file is not None else None
    checked = [_check(ws, v.id, spec, stored, today) for spec in specs]
    path = _records_path(ws, v.id)
    make_dir(path.parent)
    out = []
    with open_locked(path, path.parent / ".lock", f"the evidence of {v.name!r} ({path})") as db:
        meta, table = db.table("meta"), db.table("records")
        if not meta.contains(doc_id=1):
            meta.insert({"vendor_id": v.id, "next": 1})
        replaced = [dict(d) for d in table.all() if d.get("source") == replace_source] if replace_source else []
        if replace_source is not None:
            table.remove(lambda d: d.get("source") == replace_source)
        counter: int = meta.get(doc_id=1)["next"]  # type: ignore[index]  # inserted just above
        for rec in checked:
            rec = replace(rec, id=f"e{counter}")
            counter += 1
            table.insert({**_doc(rec), "added": now_iso()})
            out.append(rec)
        meta.update({"next": counter}, doc_ids=[1])
        audit.record(ws, current_user(by), "evidence", {"vendor": v.id, "records": [r.id for r in out]},
                     replaced or None, [_doc(r) for r in out])
    return out


def update(ws: Workspace, vendor: str, record_id: str, *, expires: Any = _UNSET, received: Any = _UNSET,
           location: str | None = None, reference: str | None = None, note: str | None = None,
           same_reference: bool = False, by: str | None = None) -> list[EvidenceRecord]:
    """Change the dates or description of one record (None clears a date); with same_reference,
    of every record of the vendor citing the same document (one SOC 2 report backs several
    criteria, and expires once). Returns the changed records."""
    v = ws.vendor(vendor)
    path = _records_path(ws, v.id)
    make_dir(path.parent)
    with open_locked(path, path.parent / ".lock", f"the evidence of {v.name!r} ({path})") as db:
        table = db.table("records")
        found = [d for d in table.all() if d.get("id") == record_id]
        if not found:
            known = ", ".join(str(d.get("id")) for d in table.all()) or "none"
            raise VendorbenchError(f"{v.name!r} has no evidence record {record_id!r} (records: {known})")
        if same_reference:
            found = [d for d in table.all() if d.get("reference") == found[0].get("reference")]
        changes: dict[str, Any] = {}
        if expires is not _UNSET:
            changes["expires"] = expires
        if received is not _UNSET:
            changes["received"] = received
        if location is not None:
            changes["location"] = clean_name(location, "location", 200) if location.strip() else ""
        if reference is not None:
            changes["reference"] = clean_name(reference, "reference", 500)
        if note is not None:
            changes["note"] = clean_note(note, "evidence note")
        before = [_doc(_record(path, v.id, d)) for d in found]
        out = []
        for doc in found:
            rec = replace(_record(path, v.id, doc), **changes)
            table.update({**_doc(rec), "updated": now_iso()}, doc_ids=[doc.doc_id])
            out.append(rec)
        audit.record(ws, current_user(by), "evidence", {"vendor": v.id, "records": [r.id for r in out]},
                     before, [_doc(r) for r in out])
    return out


def file_path(ws: Workspace, record: EvidenceRecord) -> Path | None:
    return workspace_path(ws.root, "evidence", record.vendor_id, "files", record.file) if record.file else None


def file_intact(ws: Workspace, record: EvidenceRecord) -> bool | None:
    """True when the stored copy still has its SHA-256; None for a reference without a file."""
    path = file_path(ws, record)
    if path is None:
        return None
    try:
        return _sha256_of(path) == record.sha256
    except OSError:
        return False


def record_references(ws: Workspace, vendor_id: str, refs: list[tuple[Kind, str, str, str]],
                      today: _dt.date | None = None) -> list[EvidenceRecord]:
    """Evidence records for the evidence references of imported answers: (kind, item, reference,
    cell). A reference already on record for the item is not added twice."""
    have = {(r.item, r.reference) for r in records(ws, vendor_id)}
    specs = [dict(item=item, reference=ref, location="", source="rfp", note=f"named in the RFP answer at {cell}")
             for _, item, ref, cell in refs if (item, ref) not in have]
    return add_many(ws, vendor_id, specs, today=today) if specs else []


# --- helpers ---------------------------------------------------------------------------------------


def _records_path(ws: Workspace, vendor_id: str) -> Path:
    return workspace_path(ws.root, "evidence", vendor_id, "records.json")


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _copy_file(ws: Workspace, vendor_id: str, source: Path) -> tuple[str, str, str]:
    """(stored name, original name, sha256) of a file copied into the vendor's evidence folder."""
    try:
        if not source.is_file():
            raise VendorbenchError(f"{source}: no such file")
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise VendorbenchError(f"{source}: {size / 1e6:.0f} MB; the limit for an evidence file is "
                                   f"{MAX_FILE_BYTES // 10**6} MB (record a reference instead)")
        data = read_input(source, MAX_FILE_BYTES)
    except OSError as exc:
        raise VendorbenchError(f"{source}: cannot read: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    ext = source.suffix.lower() if _EXT.match(source.suffix) else ""
    stored = f"{digest}{ext}"
    target = workspace_path(ws.root, "evidence", vendor_id, "files", stored)
    make_dir(target.parent)
    if not (target.is_file() and _sha256_of(target) == digest):  # same content already kept: one copy
        atomic_write(target, data)
    original = clean_name(source.name, "file name", 255)
    return stored, original, digest


def _check(ws: Workspace, vendor_id: str, spec: dict[str, Any], stored: tuple[str, str, str] | None,
           today: _dt.date) -> EvidenceRecord:
    item = spec["item"]
    if ws.scorecard.criterion(item) is not None:
        kind: Kind = "criterion"
    elif ws.legal.item(item) is not None:
        kind = "legal"
    else:
        raise VendorbenchError(f"unknown criterion or legal item {item!r} "
                               "(list them with: vendorbench criteria DIR [--legal])")
    reference = spec.get("reference") or (stored[1] if stored else "")
    if not reference.strip():
        raise VendorbenchError("evidence needs a reference (what and where it is) or a file")
    source = spec.get("source", "manual")
    if source not in SOURCES:
        raise ValueError(source)
    location = spec.get("location") or ""
    return EvidenceRecord(
        id="", vendor_id=vendor_id, item=item, kind=kind, reference=clean_name(reference, "reference", 500),
        location=clean_name(location, "location", 200) if location.strip() else "",
        received=spec.get("received") or today, expires=spec.get("expires"),
        file=stored[0] if stored else "", original_name=stored[1] if stored else "",
        sha256=stored[2] if stored else "", source=source, note=clean_note(spec.get("note") or "", "evidence note"))


def _doc(r: EvidenceRecord) -> dict[str, Any]:
    return {"id": r.id, "item": r.item, "kind": r.kind, "reference": r.reference, "location": r.location,
            "received": r.received.isoformat() if r.received else None,
            "expires": r.expires.isoformat() if r.expires else None, "file": r.file,
            "original_name": r.original_name, "sha256": r.sha256, "source": r.source, "note": r.note}


def _record(path: Path, vendor_id: str, d: dict[str, Any]) -> EvidenceRecord:
    """A record from its file; every field is checked, because the file may come from someone else."""
    def bad(why: str) -> CorruptFileError:
        return CorruptFileError(f"{path}: evidence record {d.get('id')!r}: {why}; the file was edited by hand? "
                                "It was left untouched.")

    texts = ("id", "item", "reference", "location", "file", "original_name", "sha256", "note")
    if not all(isinstance(d.get(k, ""), str) for k in texts) or not re.fullmatch(r"e[1-9][0-9]*", d.get("id", "")):
        raise bad("a field has the wrong type")
    if d.get("kind") not in ("criterion", "legal") or d.get("source") not in SOURCES:
        raise bad("unknown kind or source")
    if d.get("file") and not re.fullmatch(r"[0-9a-f]{64}(\.[a-z0-9]{1,10})?", d["file"]):
        raise bad(f"stored file name {d['file']!r} is not a SHA-256 name")
    dates = {}
    for key in ("received", "expires"):
        value = d.get(key)
        try:
            dates[key] = _dt.date.fromisoformat(value) if value is not None else None
        except (TypeError, ValueError):
            raise bad(f"{key} {value!r} is not a date") from None
    return EvidenceRecord(id=d["id"], vendor_id=vendor_id, item=d["item"], kind=d["kind"],
                          reference=d.get("reference", ""), location=d.get("location", ""),
                          received=dates["received"], expires=dates["expires"], file=d.get("file", ""),
                          original_name=d.get("original_name", ""), sha256=d.get("sha256", ""),
                          source=d["source"], note=d.get("note", ""))
