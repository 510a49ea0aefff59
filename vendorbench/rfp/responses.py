"""Vendor responses in the workspace: one file per vendor and round.

    DIR/responses/<vendor-id>/round-<n>.json   the answers of one returned pack

A round is the complete set of a vendor's answers as returned in one file; a
clarification round is a new file, and earlier rounds are never rewritten. Each
round is written with one atomic replace under the vendor's lock, so a crash
leaves either the whole round or none of it. Responses are the vendor's words;
they are never turned into scores.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import audit
from ..errors import CorruptFileError, VendorbenchError
from ..storage import atomic_write, dump_json, file_lock, make_dir, read_tables
from ..store import Workspace, current_user, now_iso
from ..vendors import Vendor
from . import evidence
from . import questions as q
from .paths import workspace_path
from .reading import Expected, Response, attachments_of, parse, read_raw

_ROUND_FILE = re.compile(r"^round-([1-9][0-9]{0,5})\.json$")
ROUND_FORMAT = "vendorbench-rfp-round"


@dataclass(frozen=True)
class Round:
    vendor_id: str
    number: int
    imported: str  # ISO timestamp
    source: str  # the file name it was imported from (name only, no folder)
    sha256: str  # of the imported file
    responses: dict[str, Response]  # by question id, non-empty answers only


@dataclass(frozen=True)
class Diff:
    new: tuple[str, ...]  # answered now, not before
    changed: tuple[str, ...]  # answered before and now, differently
    withdrawn: tuple[str, ...]  # answered before, empty now

    @property
    def empty(self) -> bool:
        return not (self.new or self.changed or self.withdrawn)


@dataclass(frozen=True)
class ImportResult:
    vendor: Vendor
    round: int  # the round now current (unchanged when stored is False)
    stored: bool  # False: identical to the latest round, nothing written
    responses: dict[str, Response]
    previous: dict[str, Response]  # the latest round before this import ({} for the first)
    diff: Diff
    path: Path | None
    evidence: tuple[evidence.EvidenceRecord, ...] = ()  # records made for newly named attachments
    carried: tuple[str, ...] = ()  # ids kept from the previous round: the file did not cover their sheet


def expected_for(ws: Workspace, vendor: Vendor) -> Expected:
    return Expected(ws.workspace_id(), ws.meta.name, vendor, q.for_workspace(ws))


def round_path(ws: Workspace, vendor_id: str, number: int) -> Path:
    return workspace_path(ws.root, "responses", vendor_id, f"round-{number}.json")


def diff(before: dict[str, Response], after: dict[str, Response], order: list[str]) -> Diff:
    """What changed between two rounds, in questionnaire order."""
    new = tuple(i for i in order if i in after and i not in before)
    changed = tuple(i for i in order if i in after and i in before and after[i].content != before[i].content)
    withdrawn = tuple(i for i in order if i in before and i not in after)
    return Diff(new, changed, withdrawn)


def import_file(ws: Workspace, vendor: str, path: str | Path, now: str | None = None, *,
                by: str | None = None) -> ImportResult:
    """Check a returned pack against the workspace and store it as the vendor's next round.

    Nothing is written when the file is refused or when it repeats the latest round."""
    v = ws.vendor(vendor)
    path = Path(path)
    expected = expected_for(ws, v)
    name, raw = read_raw(path)  # read once: the round's SHA-256 is of the very bytes parsed
    rows = parse(name, raw, expected)
    covered = {r.kind for r in rows}
    order = [x.id for x in expected.questions]
    digest = hashlib.sha256(raw).hexdigest()
    folder = workspace_path(ws.root, "responses", v.id)
    make_dir(folder)
    with file_lock(folder / ".lock", f"the responses of {v.name!r} ({folder})"):
        existing = rounds(ws, v.id)
        previous = existing[-1].responses if existing else {}
        # a CSV of one sheet answers that sheet only: the other sheet's answers stay as they were
        carried = {i: r for i, r in previous.items() if r.kind not in covered}
        answered = {r.id: r for r in rows if not r.empty}
        responses = {i: r for i in order if (r := carried.get(i) or answered.get(i))}
        change = diff(previous, responses, order)
        if existing and change.empty:
            return ImportResult(v, existing[-1].number, False, responses, previous, change, None,
                                carried=tuple(carried))
        number = existing[-1].number + 1 if existing else 1
        target = round_path(ws, v.id, number)
        if target.exists():
            raise VendorbenchError(f"{target}: already exists but could not be read as a round; move it aside")
        meta = {"format": ROUND_FORMAT, "vendor_id": v.id, "round": number,
                "imported": now or now_iso(),
                "source": path.name, "sha256": digest, "questions": q.checksum(expected.questions)}
        docs = {str(n): _doc(r) for n, r in enumerate((responses[i] for i in order if i in responses), start=1)}
        audit.record(ws, current_user(by), "rfp.import", {"vendor": v.id, "round": number},
                     {"round": number - 1} if existing else None,
                     {"round": number, "source": path.name, "sha256": digest, "responses": len(docs),
                      "new": list(change.new), "changed": list(change.changed), "withdrawn": list(change.withdrawn)})
        atomic_write(target, dump_json({"meta": {"1": meta}, "responses": docs}))
    # after the round: a crash here leaves the answers stored; the next import adds the records
    refs = [(r.kind, r.id, name, r.cell) for i in order if (r := responses.get(i)) for name in r.attachments]
    added = evidence.record_references(ws, v.id, refs)
    return ImportResult(v, number, True, responses, previous, change, target, tuple(added), tuple(carried))


def rounds(ws: Workspace, vendor_id: str) -> list[Round]:
    """Every stored round of one vendor, oldest first."""
    folder = workspace_path(ws.root, "responses", vendor_id)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    found = sorted((int(m.group(1)), n) for n in names if (m := _ROUND_FILE.match(n)))
    return [_load_round(folder / n, vendor_id, number) for number, n in found]


def latest(ws: Workspace, vendor_id: str) -> dict[str, Response]:
    """The vendor's current answers by question id (its latest round; {} when none)."""
    found = rounds(ws, vendor_id)
    return found[-1].responses if found else {}


def _doc(r: Response) -> dict[str, Any]:
    return {"kind": r.kind, "id": r.id, "answer": r.answer, "comment": r.comment, "evidence": r.evidence,
            "clause": r.clause, "attachments": list(r.attachments), "cell": r.cell}


def _load_round(path: Path, vendor_id: str, number: int) -> Round:
    """A round file is untrusted (it may come through git): every field is type-checked."""
    tables = read_tables(path)
    meta = tables.get("meta", {}).get("1", {})

    def bad(why: str) -> CorruptFileError:
        return CorruptFileError(f"{path}: {why}; the file was edited by hand? It was left untouched.")

    if meta.get("format") != ROUND_FORMAT or meta.get("vendor_id") != vendor_id or meta.get("round") != number:
        raise bad("not a response round of this vendor")
    out: dict[str, Response] = {}
    for doc in tables.get("responses", {}).values():
        texts = {k: doc.get(k, "") for k in ("id", "answer", "comment", "evidence", "clause", "cell")}
        if doc.get("kind") not in ("criterion", "legal") or not all(isinstance(t, str) for t in texts.values()):
            raise bad(f"response {doc.get('id')!r} has a field of the wrong type")
        out[texts["id"]] = Response(kind=doc["kind"], attachments=attachments_of(texts["evidence"]), **texts)
    return Round(vendor_id, number, str(meta.get("imported", "")), str(meta.get("source", "")),
                 str(meta.get("sha256", "")), out)
