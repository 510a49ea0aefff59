"""The workspace on disk: one directory per sourcing event.

    DIR/
      workspace.json                 shared settings (TinyDB): meta, vendors,
                                     weight overrides, legal applicability
      questionnaires/scorecard.toml  pinned copies: an upgrade of vendorbench never
      questionnaires/legal.toml      changes the meaning of old scores
      answers/<person>/<vendor-id>/scores-<category>.json  one evaluator's scores
      answers/<person>/<vendor-id>/legal-<area>.json       one reviewer's findings
      answers/<person>/governance.json   declarations and sign-offs (vendorbench.governance);
                                         a file, so the folder scans here (subfolders) skip it

Each person's answers are written only by that person (one writer per file, one
lock per person), and sharded per vendor and scorecard category (or checklist
area), so a save rewrites a small file whose size does not grow with the
number of vendors, evaluators or criteria. Vendors are referred to by a stable
id, so renaming a vendor never touches answer files.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import getpass
import hashlib
import json
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from tinydb import Query

from . import settings as _settings
from .errors import CorruptFileError, StoreError, UnsafePathError, VendorbenchError
from .storage import (
    DIR_MODE,
    atomic_write,
    file_lock,
    is_safe_component,
    make_dir,
    open_locked,
    parse_json,
    read_bytes,
    read_tables,
    remove_stale_temps,
    workspace_path,
)
from .vendors import REGIONS, VENDOR_ID_RE, Region, Vendor, vendor_from_doc

# The pydantic-backed modules (models, questionnaires, audit, governance) are imported where they are
# used, not here: the TUI's first screen needs only the workspace file and the vendors, and pydantic's
# import would be a third of its start-up (benchmarks/tui.py, first screen).
if TYPE_CHECKING:
    from pydantic import BaseModel

    from .analysis.terms import Schema
    from .models import Answer, Finding, LegalChecklist, Scorecard, Weights

FORMAT = "vendorbench-workspace"
FORMAT_VERSION = 1
WORKSPACE_FILE = "workspace.json"
SCORECARD_FILE = "questionnaires/scorecard.toml"
LEGAL_FILE = "questionnaires/legal.toml"
LOCK_FILE = ".workspace.lock"
PERSON_LOCK = ".lock"
VENDORS_DIR = "vendors"
CONDITIONS_DIR = "conditions"
GITIGNORE_FILE = ".gitignore"
# Lock and temp files belong to one machine: a workspace shared through git never commits them.
GITIGNORE_LINES = ("# vendorbench: lock and temp files belong to one machine", "*.lock", ".lock", ".*.tmp")
# What a user types to name a vendor by id (--vendor id:v3): plain text is always a name.
VENDOR_ID_PREFIX = "id:"
MAX_NAME = 200
MAX_NOTE = 100_000

AnswerValue = int | Literal["na"]
_UNSET: Any = object()


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


# --- names ------------------------------------------------------------------------------


# Invisible formatting characters (Unicode category Cf: zero-width space and joiners,
# bidi embeddings, overrides and isolates such as U+202E, soft hyphen, BOM...) make
# two names look identical or a name display reversed. Names never need them.
def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def has_invisible(value: str) -> bool:
    """Whether clean_name would remove invisible formatting characters from value."""
    return any(_is_invisible(ch) for ch in value)


def clean_name(value: str, what: str, max_len: int = MAX_NAME) -> str:
    """Normalise a user-typed name (NFC, invisible formatting characters removed, trimmed)
    and refuse empty names or control characters."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", value) if not _is_invisible(ch)).strip()
    if not text:
        raise VendorbenchError(f"{what} must not be empty")
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in text):
        raise VendorbenchError(f"{what} {text!r} contains control characters (tabs, line breaks...)")
    if len(text) > max_len:
        raise VendorbenchError(f"{what} is {len(text)} characters long; the limit is {max_len}")
    return text


def clean_note(value: str, what: str = "note") -> str:
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
    if any(unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\n\t" for ch in text):
        raise VendorbenchError(f"{what} contains control characters other than line breaks and tabs")
    if len(text) > MAX_NOTE:
        raise VendorbenchError(f"{what} is {len(text):,} characters long; the limit is {MAX_NOTE:,}")
    return text.strip()


# Cyrillic and Greek letters drawn like Latin ones (from Unicode's confusables data,
# the letters that matter in names): "Асме" in Cyrillic must not pass for "Acme".
# NFKC already folds full-width, mathematical and other compatibility forms.
_CONFUSABLES = str.maketrans({
    **dict(zip("АВЕЅІЈКМНОРСТХУҮҺԚԜӀ", "ABESIJKMHOPCTXYYHQWI")),
    **dict(zip("аеѕіјорсхуүһԁԛԝӏ", "aesijopcxyyhdqwl")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
    **dict(zip("οικνρυ", "oikvpu")),
    "ı": "i", "ȷ": "j", "ɡ": "g", "ɑ": "a",
})


# Keys are asked for again and again (a 60,000-row CSV import looks every row's vendor up among
# all the vendors): the same few names, so each is worked out once.
@functools.lru_cache(maxsize=4096)
def identity_key(name: str) -> str:
    """Who a person is: NFKC, invisible characters removed, case and runs of spaces folded.
    "Maya  Chen", "MAYA CHEN" and "Ｍａｙａ Chen" are one person (one answers folder)."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", name) if not _is_invisible(ch))
    return " ".join(text.casefold().split())


def gives_content(value: Any, note: str | None, evidence: str | None) -> bool:
    """A change that scores, annotates or attaches evidence (recusal refuses these); clearing does not.
    For a finding: its status, note and clause reference."""
    return value is not None or bool(note) or bool(evidence)


def duplicate_vendor_warnings(vendors: Iterable[Vendor]) -> list[str]:
    """One warning per group of vendors whose names read the same (name_key), in the one wording
    the CLI, sync and the TUI use. add_vendor refuses a duplicate, but two people adding the same
    vendor before syncing both succeed: after the sync both are here, to be reported and resolved
    by a person (vendor remove or rename), never silently merged. vendors: those already read
    (Results.vendors carry them), so a view does not read the vendor files again."""
    return ["duplicate vendor: " + " and ".join(f"{v.name!r} (id:{v.id})" for v in group) +
            " read as the same name (added separately, e.g. in two clones); join them: vendorbench vendor "
            f"merge DIR id:{group[-1].id} --into id:{group[0].id}" for group in duplicate_groups(vendors)]


def duplicate_groups(vendors: Iterable[Vendor]) -> list[list[Vendor]]:
    """The vendors whose names read the same (name_key), a list per group of two or more, in the
    order given: the one rule behind the warnings, results' twins and the TUI's merge commands."""
    groups: dict[str, list[Vendor]] = {}
    for v in vendors:
        groups.setdefault(name_key(v.name), []).append(v)
    return [group for group in groups.values() if len(group) > 1]


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Comparison key for duplicates and lookups by name: identity_key, and Cyrillic or
    Greek look-alikes of Latin letters read as those letters. Two names with the same
    key cannot both exist: they would be told apart by nobody reading a report."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", name) if not _is_invisible(ch))
    return " ".join(text.translate(_CONFUSABLES).casefold().split())


def looks_like_vendor_id(name: str) -> bool:
    """A vendor name that could be read as an id ("v1", "V 2", "ｖ３", "id:v3")."""
    key = name_key(name)
    return bool(re.fullmatch(r"v\s*[0-9]+", key)) or key.startswith(VENDOR_ID_PREFIX)


def _slug(key: str) -> str:
    ascii_slug = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_slug).strip("-")[:32] or "person"


def person_dir_name(person: str) -> str:
    """The answers folder of a person in new workspaces: a readable slug and 128 bits of
    SHA-256 of identity_key(person), so two different people never share a folder
    (the 32-bit hash of earlier versions could be made to collide on purpose).
    Workspace.person_dir also finds folders named by legacy_person_dir_name."""
    key = identity_key(person)
    return f"{_slug(key)}-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def legacy_person_dir_name(person: str) -> str:
    """The folder name earlier versions used (NFC and case folded, 32-bit hash)."""
    key = unicodedata.normalize("NFC", person).strip().casefold()
    return f"{_slug(key)}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def find_vendor_named(vendors: Iterable[Vendor], name: str) -> Vendor:
    """The vendor with this name (by name_key); an error listing the vendors if none, or
    naming both if a hand-edited file holds two names with the same key."""
    key = name_key(name)
    vendors = list(vendors)
    found = [v for v in vendors if name_key(v.name) == key]
    if len(found) > 1:
        exact = [v for v in found if identity_key(v.name) == identity_key(name)]
        if len(exact) != 1:
            raise VendorbenchError(f"vendor name {name!r} is ambiguous: "
                                   f"{' and '.join(f'{v.name!r} ({VENDOR_ID_PREFIX}{v.id})' for v in found)} "
                                   f"look the same; name one by id, e.g. {VENDOR_ID_PREFIX}{found[0].id}")
        found = exact
    if found:
        return found[0]
    known = ", ".join(repr(v.name) for v in vendors) or "none yet (vendor add)"
    hint = f" (to give an id, write {VENDOR_ID_PREFIX}{name})" if VENDOR_ID_RE.fullmatch(name.strip()) else ""
    raise VendorbenchError(f"unknown vendor {name!r}{hint}; vendors: {known}")


def current_user(explicit: str | None = None) -> str:
    """Evaluator identity: --as NAME, else $VENDORBENCH_USER, else the login name.

    An empty --as or VENDORBENCH_USER (typically an unset shell variable) is an
    error, never a silent fall-back to someone else's identity."""
    if explicit is not None:
        return clean_name(explicit, "--as name (who you are)", 100)
    name = os.environ.get("VENDORBENCH_USER")
    if name is not None:
        return clean_name(name, "VENDORBENCH_USER (who you are)", 100)
    try:
        name = getpass.getuser()
    except Exception:  # getuser raises various errors when no login name exists
        raise VendorbenchError("cannot tell who you are: pass --as NAME or set VENDORBENCH_USER") from None
    return clean_name(name, "evaluator name", 100)


def parse_value(text: str) -> AnswerValue:
    """A score as typed: 0..5 or na (case-insensitive)."""
    t = text.strip().lower()
    if t in {"na", "n/a"}:
        return "na"
    if re.fullmatch(r"[0-5]", t):
        return int(t)
    raise VendorbenchError(f"score {text!r} is not valid: use a whole number 0..5 or na")


def parse_status(text: str) -> str:
    from .models import STATUSES
    t = text.strip().lower()
    if t == "n/a":
        t = "na"
    if t not in STATUSES:
        raise VendorbenchError(f"status {text!r} is not valid: use one of {', '.join(STATUSES)}")
    return t


# --- the workspace ----------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    name: str
    created: str
    demo: bool
    scorecard: str
    legal: str


class Workspace:
    """An open workspace. Cheap to construct; reads go to disk (files are small)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.file = self.path(WORKSPACE_FILE)
        if not self.file.is_file():
            if not self.root.exists():
                raise VendorbenchError(f"{self.root}: no such workspace "
                                       f"(create one with: vendorbench init {self.root} --name ...)")
            raise VendorbenchError(f"{self.root}: not a vendorbench workspace (no {WORKSPACE_FILE})")
        meta = self._tables().get("meta", {}).get("1")
        if not meta or meta.get("format") != FORMAT:
            raise VendorbenchError(f"{self.file}: not a vendorbench workspace file")
        if meta.get("format_version", 0) > FORMAT_VERSION:
            raise VendorbenchError(f"{self.file}: made by a newer vendorbench; upgrade to open it")
        self._scorecard: Scorecard | None = None
        self._legal: LegalChecklist | None = None
        self._person_dirs: dict[str, str] = {}  # identity_key -> folder under answers/ (found on disk)

    # -- creation

    @classmethod
    def create(cls, root: str | Path, name: str, scorecard: str | None = None, legal: str | None = None,
               demo: bool = False) -> Workspace:
        from . import audit, questionnaires
        root = Path(root)
        name = clean_name(name, "workspace name")
        sc_path = questionnaires.resolve(scorecard or questionnaires.BUILTIN_SCORECARD)
        lg_path = questionnaires.resolve(legal or questionnaires.BUILTIN_LEGAL)
        sc, lg = questionnaires.load(sc_path), questionnaires.load(lg_path)
        questionnaires.expect_kind(sc, "scorecard", str(sc_path))
        questionnaires.expect_kind(lg, "legal", str(lg_path))
        if (root / WORKSPACE_FILE).exists():
            raise VendorbenchError(f"{root}: already a workspace; choose another folder")
        if root.exists() and not root.is_dir():
            raise VendorbenchError(f"{root}: exists and is not a folder")
        if root.is_dir() and any(root.iterdir()):
            raise VendorbenchError(f"{root}: folder is not empty; choose a new or empty folder")
        make_dir(root)
        root.chmod(DIR_MODE)  # also when the user handed us an existing empty folder
        make_dir(workspace_path(root, "questionnaires"))
        make_dir(workspace_path(root, "answers"))
        make_dir(workspace_path(root, audit.AUDIT_DIR))  # logged from the start: no baseline needed
        atomic_write(workspace_path(root, SCORECARD_FILE), sc_path.read_bytes())
        atomic_write(workspace_path(root, LEGAL_FILE), lg_path.read_bytes())
        atomic_write(workspace_path(root, GITIGNORE_FILE), ("\n".join(GITIGNORE_LINES) + "\n").encode())
        meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "name": name, "created": now_iso(),
                "demo": demo, "next_vendor": 1, "scorecard": sc.ref, "legal": lg.ref}
        file = workspace_path(root, WORKSPACE_FILE)
        with open_locked(file, workspace_path(root, LOCK_FILE), str(file)) as db:
            db.table("meta").insert(meta)
        return cls(root)

    # -- paths

    def path(self, *parts: str) -> Path:
        """The one way to build a path inside this workspace (see storage.workspace_path):
        every component checked against a strict pattern, no symbolic link followed.
        Any module storing files in the workspace must build its paths here."""
        return workspace_path(self.root, *parts)

    # -- shared settings

    def _tables(self) -> dict[str, dict[str, dict]]:
        return read_tables(self.file)

    def _write(self) -> Any:
        return open_locked(self.file, self.path(LOCK_FILE), str(self.file))

    @property
    def meta(self) -> Meta:
        m = self._tables().get("meta", {}).get("1", {})
        if not isinstance(m.get("name"), str):
            raise VendorbenchError(f"{self.file}: the workspace name is missing; the file was edited by hand?")
        return Meta(name=m["name"], created=m.get("created", ""), demo=bool(m.get("demo")),
                    scorecard=m.get("scorecard", ""), legal=m.get("legal", ""))

    @property
    def scorecard(self) -> Scorecard:
        if self._scorecard is None:  # parsed once per Workspace: the import is here, off the cached path
            from . import questionnaires

            file = self.path(SCORECARD_FILE)
            q = questionnaires.load(file, follow_symlinks=False)
            questionnaires.expect_kind(q, "scorecard", str(file))
            self._scorecard = q  # type: ignore[assignment]
        return self._scorecard  # type: ignore[return-value]

    @property
    def legal(self) -> LegalChecklist:
        if self._legal is None:  # parsed once per Workspace: the import is here, off the cached path
            from . import questionnaires

            file = self.path(LEGAL_FILE)
            q = questionnaires.load(file, follow_symlinks=False)
            questionnaires.expect_kind(q, "legal", str(file))
            self._legal = q  # type: ignore[assignment]
        return self._legal  # type: ignore[return-value]

    # -- vendors

    def vendors(self) -> list[Vendor]:
        """Every vendor, in the order they were added (older workspaces' vendors first).

        Vendors live one per file in vendors/<id>.json, so two people adding vendors
        at once never touch the same file; workspaces made before keep theirs in
        workspace.json until each is next changed (see _save_vendor_record)."""
        return [v for _, v in sorted(self._vendor_records().values(), key=lambda kv: kv[0])]

    def _vendor_records(self) -> dict[str, tuple[tuple[str, int, str], Vendor]]:
        """id -> (sort key, vendor) from both layouts; a vendor's own file wins over
        its old row in workspace.json (a migration cut short by a crash)."""
        found: dict[str, tuple[tuple[str, int, str], Vendor]] = {}
        for doc_id, d in self._tables().get("vendors", {}).items():
            vendor = vendor_from_doc(d, self.file, "vendors", doc_id)
            found[vendor.id] = (("", _doc_key(doc_id)[0], vendor.id), vendor)
        for name in sorted(_listdir(self.path(VENDORS_DIR))):
            if name.endswith(".json"):
                sort_key, vendor = self._vendor_file(name)
                found[vendor.id] = (sort_key, vendor)
        return found

    def _vendor_file(self, name: str) -> tuple[tuple[str, int, str], Vendor]:
        """(sort key, vendor) of vendors/<name>; FileNotFoundError if there is no such file."""
        file = self.path(VENDORS_DIR, name)
        d = read_record_file(file)
        vendor = vendor_from_doc(d, file, "vendor", "")
        if name != f"{vendor.id}.json":
            raise CorruptFileError(f"{file}: holds vendor {vendor.id!r}, not the vendor its name says; the "
                                   "file was renamed or edited by hand? It was left untouched.")
        created, order = d.get("created", ""), d.get("order", 0)
        if not isinstance(created, str) or type(order) is not int:
            raise CorruptFileError(f"{file}: vendor: created or order is not valid; the file was edited "
                                   "by hand? It was left untouched.")
        return (created, order, vendor.id), vendor

    def _allocate_vendor_id(self, db: Any, taken: set[str]) -> str:
        """A new vendor id (v<N>). In a git repository teammates add vendors at the same
        time in their own clones, so the number is random (6 digits: short enough to type
        as id:v123456, a clash between two clones one in a million per pair); elsewhere
        one folder has one lock, so the ids count up as before (v1, v2, ...)."""
        if in_git_repository(self.root):
            while (vid := f"v{secrets.randbelow(900_000) + 100_000}") in taken:
                pass
            return vid
        meta = db.table("meta")
        counter = meta.get(doc_id=1)["next_vendor"]
        while f"v{counter}" in taken:
            counter += 1
        meta.update({"next_vendor": counter + 1}, doc_ids=[1])
        return f"v{counter}"

    def _save_vendor_record(self, db: Any, vendor: Vendor) -> None:
        """Write one vendor's file (under the workspace lock). A vendor still in
        workspace.json moves to its own file here, keeping its place in the order: the
        file is written first, then the row removed, so a crash between leaves both and
        the file wins."""
        file = self.path(VENDORS_DIR, f"{vendor.id}.json")
        try:
            old = read_record_file(file)
        except FileNotFoundError:
            old = None
        legacy = db.table("vendors").get(Query().id == vendor.id)
        if old is not None:
            created, order = old.get("created", ""), old.get("order", 0)
        elif legacy is not None:
            created, order = "", legacy.doc_id
        else:
            created, order = _dt.datetime.now(_dt.UTC).isoformat(), 0
        make_dir(file.parent)
        remove_stale_temps(file.parent)  # a writer killed before its rename (we hold the lock)
        write_record_file(file, {**vendor.as_dict(), "created": created, "order": order})
        if legacy is not None:
            db.table("vendors").remove(doc_ids=[legacy.doc_id])

    def _remove_vendor_record(self, db: Any, vendor_id: str) -> None:
        db.table("vendors").remove(Query().id == vendor_id)
        with contextlib.suppress(FileNotFoundError):
            self.path(VENDORS_DIR, f"{vendor_id}.json").unlink()

    def vendor_by_id(self, vendor_id: str) -> Vendor:
        for v in self.vendors():
            if v.id == vendor_id:
                return v
        raise VendorbenchError(f"unknown vendor id {vendor_id!r} (list them with: vendorbench vendor list DIR)")

    def vendor_named(self, name: str) -> Vendor:
        """By name only (case, Unicode form, invisible characters and look-alike letters ignored)."""
        return find_vendor_named(self.vendors(), name)

    def find_vendor(self, text: str) -> Vendor:
        """A vendor as a user names it: "id:v3" is the id v3, any other text is a name.
        Names that look like ids are refused, so the two never meet."""
        if text.strip().casefold().startswith(VENDOR_ID_PREFIX):
            return self.vendor_by_id(text.strip()[len(VENDOR_ID_PREFIX):].strip())
        return self.vendor_named(text)

    def vendor(self, name_or_id: str) -> Vendor:
        """For code that holds an id (or a name): an exact existing id wins, then
        find_vendor's syntax. An id is never taken for another vendor's name."""
        if VENDOR_ID_RE.fullmatch(name_or_id):
            # an id with its own file (the file wins over an old workspace.json row): read that file
            # alone, not every vendor's; every score key's save looks its vendor up here
            try:
                return self._vendor_file(f"{name_or_id}.json")[1]
            except FileNotFoundError:
                pass
        vendors = self.vendors()
        for v in vendors:
            if v.id == name_or_id:
                return v
        return self.find_vendor(name_or_id)

    def add_vendor(self, name: str, region: str | None = None, website: str = "", notes: str = "", *,
                   by: str | None = None) -> Vendor:
        from . import audit
        name = _vendor_name(name)
        if region is not None and region not in REGIONS:
            raise VendorbenchError(f"region {region!r} is not valid: use one of {', '.join(REGIONS)}")
        website = clean_name(website, "website", 500) if website.strip() else ""
        notes = clean_note(notes, "vendor notes")
        actor = current_user(by)
        with audit.changes(self) as log, self._write() as db:
            self._refuse_duplicate(name)
            vendor = Vendor(id=self._allocate_vendor_id(db, set(self._vendor_records())), name=name,
                            region=cast("Region | None", region), website=website,
                            notes=notes)  # region: checked against REGIONS above
            log.record(actor, "vendor.add", {"vendor": vendor.id}, None, vendor.as_dict())
            self._save_vendor_record(db, vendor)
        return vendor

    def update_vendor(self, name_or_id: str, *, name: str | None = None, region: Any = _UNSET,
                      website: str | None = None, notes: str | None = None, by: str | None = None) -> Vendor:
        from . import audit
        vendor = self.vendor(name_or_id)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = _vendor_name(name)
        if region is not _UNSET:
            if region is not None and region not in REGIONS:
                raise VendorbenchError(f"region {region!r} is not valid: use one of {', '.join(REGIONS)}")
            changes["region"] = region
        if website is not None:
            changes["website"] = clean_name(website, "website", 500) if website.strip() else ""
        if notes is not None:
            changes["notes"] = clean_note(notes, "vendor notes")
        actor = current_user(by)
        with audit.changes(self) as log, self._write() as db:
            if "name" in changes:
                self._refuse_duplicate(changes["name"], except_id=vendor.id)
            before = self.vendor_by_id(vendor.id)  # re-read under the lock
            after = before.with_changes(**changes)
            old, new = before.as_dict(), after.as_dict()
            log.record(actor, "vendor.update", {"vendor": vendor.id}, {k: old.get(k) for k in changes},
                       {k: new.get(k) for k in changes})
            self._save_vendor_record(db, after)
        return after

    def rename_vendor(self, old: str, new: str, *, by: str | None = None) -> Vendor:
        return self.update_vendor(old, name=new, by=by)

    def remove_vendor(self, name_or_id: str, force: bool = False, *, by: str | None = None) -> Vendor:
        from . import audit
        vendor = self.vendor(name_or_id)
        people = self._people_with_answers(vendor.id)
        if people and not force:
            raise VendorbenchError(
                f"vendor {vendor.name!r} has answers from {', '.join(people)}; "
                "remove them too with --force, or keep the vendor"
            )
        other_data = [p for p in self._vendor_data(vendor.id) if p.exists()]
        if other_data and not force:
            raise VendorbenchError(
                f"vendor {vendor.name!r} has {', '.join(str(p.relative_to(self.root)) for p in other_data)}; "
                "remove them too with --force, or keep the vendor"
            )
        actor = current_user(by)
        with audit.changes(self) as log, self._write() as db:
            log.record(actor, "vendor.remove", {"vendor": vendor.id}, vendor.as_dict(), None)
            self._remove_vendor_record(db, vendor.id)
            db.table("conditions").remove(Query().vendor_id == vendor.id)
            db.table("condition_changes").remove(Query().vendor_id == vendor.id)
            db.table("sla").remove(Query().vendor_id == vendor.id)
            db.table("tco").remove(Query().vendor_id == vendor.id)
            db.table("steps").remove(Query().vendor_id == vendor.id)
        # after the vendor is gone: a crash here leaves only orphan files, which are ignored
        for folder in self._vendor_folders(vendor.id):
            person_dir = folder.parent.name
            with file_lock(self.path("answers", person_dir, PERSON_LOCK), str(folder.parent)):
                folder = self.path("answers", person_dir, vendor.id)  # checked again under the lock
                try:
                    shutil.rmtree(folder)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise StoreError(f"{folder}: vendor removed, but its answers could not be deleted: "
                                     f"{exc.strerror}") from None
        for path in self._vendor_data(vendor.id):
            try:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreError(f"{path}: vendor removed, but this could not be deleted: {exc.strerror}") from None
        return vendor

    def merge_vendor(self, source: str, into: str, *, by: str | None = None) -> VendorMerge:
        """Join a vendor entered twice (two clones each added it before a sync): the answers and
        findings of source are given to into, then source is removed.

        In a workspace shared through git each person's answers are theirs to commit (sync stages no
        one else's files), so there a merge moves the answers of the person merging only, clears them
        on source, and source stays until everyone with answers on it has merged the same way: the
        last one removes it. Elsewhere (one folder) it moves everyone's at once.

        Refused, with nothing changed, when the names do not read as one vendor (name_key), when a
        person answered the same question differently in the two entries (listed: a person settles
        them), or, at the removal, when only source has data that is not per answer (SLA terms, TCO
        inputs, next steps, switches, declarations, responses, evidence, operations files: named; a
        copy into also has is dropped, and said). Every rule of a save applies (roles, stage,
        recusal: checked for everything before anything is written) and the audit trail records the
        moves. A crash part-way leaves answers in both entries, never in neither; merging again
        finishes the job."""
        from .models import Answer, Finding

        src, dst = self.vendor(source), self.vendor(into)
        if src.id == dst.id:
            raise VendorbenchError(f"{src.name!r} (id:{src.id}) is the same entry twice; name the two entries "
                                   "of the vendor, e.g. id:v1 and id:v2 (vendorbench vendor list)")
        if name_key(src.name) != name_key(dst.name):
            raise VendorbenchError(f"{src.name!r} (id:{src.id}) and {dst.name!r} (id:{dst.id}) are two vendors: "
                                   "merge joins one vendor entered twice (names that read the same); if they "
                                   "are one vendor, rename one first (vendorbench vendor rename)")
        actor = current_user(by)
        every_answer, every_finding = self.answers(), self.findings()
        # records that hold something: a cleared answer (no score, note or evidence) is nothing to move
        src_answers = [a for a in every_answer if a.vendor_id == src.id and gives_content(a.value, a.note, a.evidence)]
        src_findings = [f for f in every_finding if f.vendor_id == src.id and gives_content(f.status, f.note, f.clause)]
        waiting: list[str] = []
        if in_git_repository(self.root):
            me = identity_key(actor)
            waiting = sorted({a.evaluator for a in src_answers if identity_key(a.evaluator) != me}
                             | {f.reviewer for f in src_findings if identity_key(f.reviewer) != me}, key=str.casefold)
            src_answers = [a for a in src_answers if identity_key(a.evaluator) == me]
            src_findings = [f for f in src_findings if identity_key(f.reviewer) == me]
        orphans = sorted({a.criterion for a in src_answers if self.scorecard.criterion(a.criterion) is None}
                         | {f.item for f in src_findings if self.legal.item(f.item) is None})
        if orphans:
            raise VendorbenchError(f"{src.name!r} (id:{src.id}) has answers for {', '.join(orphans)}, which the "
                                   "pinned questionnaires no longer hold; export them (vendorbench export) "
                                   "before removing the entry with --force")
        answers, findings, same = self._merged_answers(
            src, dst, src_answers, src_findings, [a for a in every_answer if a.vendor_id == dst.id],
            [f for f in every_finding if f.vendor_id == dst.id])
        held, dropped = ([], []) if waiting else self._vendor_data_to_merge(src, dst)
        if held:
            raise VendorbenchError(f"{src.name!r} (id:{src.id}) has {'; '.join(held)}, which id:{dst.id} does not "
                                   f"have: give them to id:{dst.id} first (the same commands, --vendor id:{dst.id}), "
                                   "then merge; nothing was changed")
        # what clears the mover's own answers on source, when source stays for the others to merge
        clear_answers = [Answer(evaluator=a.evaluator, vendor_id=src.id, criterion=a.criterion)
                         for a in src_answers] if waiting else []
        clear_findings = [Finding(reviewer=f.reviewer, vendor_id=src.id, item=f.item)
                          for f in src_findings] if waiting else []
        # every check of every write before the first one: a refusal leaves the workspace as it was
        self._check_answers(answers + clear_answers)
        self._check_findings(findings + clear_findings)
        self.check_import_targets(answers + clear_answers, findings + clear_findings)
        for batch in (answers, clear_answers):
            if batch:
                self.import_answers(batch, by=by)
        for fbatch in (findings, clear_findings):
            if fbatch:
                self.import_findings(fbatch, by=by)
        differing: tuple[str, ...] = ()
        if not waiting:
            fields = {k: getattr(src, k) for k in MERGED_FIELDS if getattr(src, k) and not getattr(dst, k)}
            if fields:  # what only the removed entry knew
                self.update_vendor(dst.id, by=by, **fields)
            differing = tuple(k for k in MERGED_FIELDS
                              if getattr(src, k) and getattr(dst, k) and getattr(src, k) != getattr(dst, k))
            self.remove_vendor(src.id, force=True, by=by)
        return VendorMerge(src, self.vendor_by_id(dst.id), len(answers), len(findings), same, differing,
                           tuple(dropped), tuple(waiting))

    def _merged_answers(self, src: Vendor, dst: Vendor, src_answers: list[Answer], src_findings: list[Finding],
                        dst_answers: list[Answer], dst_findings: list[Finding],
                        ) -> tuple[list[Answer], list[Finding], int]:
        """Source's answers and findings as into's: (to write, to write, already alike); a person's two
        different answers to one question are a conflict, refused with the list."""
        from .models import Answer, Finding

        kept_answers = {(identity_key(a.evaluator), a.criterion): a for a in dst_answers}
        kept_findings = {(identity_key(f.reviewer), f.item): f for f in dst_findings}
        conflicts, answers, findings, same = [], [], [], 0
        for a in src_answers:
            kept = kept_answers.get((identity_key(a.evaluator), a.criterion))
            if kept is None or not gives_content(kept.value, kept.note, kept.evidence):
                answers.append(Answer(evaluator=a.evaluator, vendor_id=dst.id, criterion=a.criterion,
                                      value=a.value, note=a.note, evidence=a.evidence))
            elif (kept.value, kept.note, kept.evidence) == (a.value, a.note, a.evidence):
                same += 1
            else:
                conflicts.append(f"{a.evaluator} on {a.criterion}: {_shown(a.value)} in id:{src.id}, "
                                 f"{_shown(kept.value)} in id:{dst.id}")
        for f in src_findings:
            kept_f = kept_findings.get((identity_key(f.reviewer), f.item))
            if kept_f is None or not gives_content(kept_f.status, kept_f.note, kept_f.clause):
                findings.append(Finding(reviewer=f.reviewer, vendor_id=dst.id, item=f.item, status=f.status,
                                        note=f.note, clause=f.clause))
            elif (kept_f.status, kept_f.note, kept_f.clause) == (f.status, f.note, f.clause):
                same += 1
            else:
                conflicts.append(f"{f.reviewer} on {f.item}: {_shown(f.status)} in id:{src.id}, "
                                 f"{_shown(kept_f.status)} in id:{dst.id}")
        if conflicts:
            listed = "\n  ".join(conflicts[:MAX_LISTED_CONFLICTS])
            more = len(conflicts) - MAX_LISTED_CONFLICTS
            raise VendorbenchError(
                f"{len(conflicts)} answer(s) differ between id:{src.id} and id:{dst.id} (the same person, the "
                f"same question, a different score, status, note or evidence):\n  {listed}"
                + (f"\n  ... and {more} more" if more > 0 else "")
                + "\nSettle each (vendorbench score / legal, on either entry) and merge again; nothing was changed.")
        return answers, findings, same

    def _vendor_data_to_merge(self, src: Vendor, dst: Vendor) -> tuple[list[str], list[str]]:
        """Source's data that is not per answer: (only source has it: to be given to into first,
        source's copy is dropped because into has its own)."""
        from . import governance as _governance

        held: list[str] = []
        dropped: list[str] = []
        for mine, theirs in zip(self._vendor_data(src.id), self._vendor_data(dst.id)):
            if mine.exists():
                (dropped if theirs.exists() else held).append(str(mine.relative_to(self.root)))
        switches = {v for v, _ in self._condition_switches()}
        steps = {v for v, _ in self.steps()}
        for label, holders in (("SLA terms", set(self.sla_terms())), ("TCO inputs", set(self.tco_inputs())),
                               ("applicability switches", switches), ("owners or dates of next steps", steps)):
            if src.id in holders:
                (dropped if dst.id in holders else held).append(label)
        found = _governance.declarations(self)
        for person in sorted({d.person for d in found if d.vendor_id == src.id}):
            if any(d.person == person and d.vendor_id == dst.id for d in found):
                dropped.append(f"{person}'s conflict declaration")
            else:
                held.append(f"a conflict of interest declared by {person}")
        return held, dropped

    def _vendor_data(self, vendor_id: str) -> list[Path]:
        """The vendor's files outside answers/: its RFP responses and evidence, its KPI and pilot files."""
        return [self.path("responses", vendor_id), self.path("evidence", vendor_id),
                self.path("operations", f"kpi-{vendor_id}.json"), self.path("operations", f"pilot-{vendor_id}.json")]

    def _vendor_folders(self, vendor_id: str) -> list[Path]:
        out = []
        for person_dir in _subfolders(self.path("answers")):
            folder = self.path("answers", person_dir, vendor_id)
            if folder.is_dir():
                out.append(folder)
        return out

    def _people_with_answers(self, vendor_id: str) -> list[str]:
        people = set()
        for folder in self._vendor_folders(vendor_id):
            for name in sorted(_listdir(folder)):
                if name.endswith(".json"):
                    tables = read_tables(self.path("answers", folder.parent.name, vendor_id, name))
                    person = tables.get("meta", {}).get("1", {}).get("person")
                    people.add(person if isinstance(person, str) else folder.parent.name)
                    break
        return sorted(people, key=name_key)

    def _refuse_duplicate(self, name: str, except_id: str | None = None) -> None:
        for v in self.vendors():
            other = v.name
            if v.id != except_id and name_key(other) == name_key(name):
                why = "" if identity_key(other) == identity_key(name) else \
                    " (the names differ only in look-alike letters, Unicode form or invisible characters)"
                raise VendorbenchError(f"a vendor named {other!r} already exists{why}")

    # -- identity and planned dates (RFP packs, evidence expiry)

    def workspace_id(self) -> str:
        """A random id naming this workspace in the RFP packs it sends out, so a pack
        returned to another workspace is refused. Made on first use: workspaces older
        than RFP packs have none yet."""
        found = self._tables().get("meta", {}).get("1", {}).get("id")
        if isinstance(found, str) and found:
            return found
        with self._write() as db:
            meta = db.table("meta")
            current = meta.get(doc_id=1).get("id")  # another process may have made it meanwhile
            if isinstance(current, str) and current:
                return current
            new = secrets.token_hex(8)
            meta.update({"id": new}, doc_ids=[1])
        return new

    def contract_start(self) -> _dt.date | None:
        """The planned contract start (a workspace setting): evidence expiring before it is flagged."""
        day = self.settings().contract_start
        return _dt.date.fromisoformat(day) if day else None

    def set_contract_start(self, day: _dt.date | None, *, by: str | None = None) -> None:
        self.set_settings({"contract_start": day}, by=by)

    # -- weights

    def weights(self) -> Weights:
        from .models import Weights, WeightsRecord
        doc = record(WeightsRecord, self._tables().get("weights", {}).get("1", {}), self.file, "weights", "1")
        return Weights(categories=doc.categories, criteria=doc.criteria)

    def set_weights(self, categories: dict[str, float] | None = None, criteria: dict[str, float] | None = None,
                    reset: bool = False, *, by: str | None = None, reason: str | None = None) -> Weights:
        """Override weights. Once scoring opened (vendorbench.governance) only the lead, by,
        changes them, with a reason; the change is recorded in the same write."""
        from . import audit
        from . import governance as _governance
        from .models import Weights
        sc = self.scorecard
        cat_ids = {c.id for c in sc.categories}
        for cid, w in (categories or {}).items():
            if cid not in cat_ids:
                raise VendorbenchError(f"unknown category {cid!r}; categories: {', '.join(sorted(cat_ids))}")
            check_weight(w, f"category {cid}")
        for cid, w in (criteria or {}).items():
            if sc.criterion(cid) is None:
                raise VendorbenchError(f"unknown criterion {cid!r} (list them with: vendorbench criteria DIR)")
            check_weight(w, f"criterion {cid}")
        change = _governance.check_weight_change(self, by, reason)
        actor = current_user(by)
        with audit.changes(self) as log, self._write() as db:
            table = db.table("weights")
            old = dict(table.get(doc_id=1) or {})
            current = {} if reset else old
            doc = {"categories": {**current.get("categories", {}), **(categories or {})},
                   "criteria": {**current.get("criteria", {}), **(criteria or {})}}
            target: dict[str, Any] = {"reset": True} if reset else {}
            if reason:
                target["reason"] = reason
            log.record(actor, "weights", target,
                       {"categories": old.get("categories", {}), "criteria": old.get("criteria", {})}, doc)
            table.truncate()
            table.insert(doc)
            if change is not None:
                db.table("weight_changes").insert({
                    **change, "old": {"categories": old.get("categories", {}), "criteria": old.get("criteria", {})},
                    "new": doc})
        return Weights(**doc)

    # -- legal applicability

    def conditions_off(self) -> dict[str, set[str]]:
        """Per vendor id, the applicability conditions switched off."""
        out: dict[str, set[str]] = {}
        for (vendor_id, condition), switch in self._condition_switches().items():
            if not switch["applies"]:
                out.setdefault(vendor_id, set()).add(condition)
        return out

    def set_condition(self, vendor: str, condition: str, applies: bool, by: str | None = None) -> None:
        """Switch a condition on or off for a vendor; by (a person) records who and when.

        A person's switches go to their own file, conditions/<person-folder>.json, so two
        legal reviewers never write the same file; without by (single-team tools such as
        the demo builder) the switch goes to workspace.json as before. The merge rule is
        in _condition_switches: the latest switch wins."""
        from . import audit
        v = self.vendor(vendor)
        by = clean_name(by, "person") if by is not None else None
        known = self.legal.conditions()
        if condition not in known:
            listed = "; ".join(repr(c) for c in known) or "none"
            raise VendorbenchError(f"unknown condition {condition!r}; this checklist has: {listed}")
        actor = current_user(by)
        if by is not None:  # a reviewer's switch goes to their own file (one writer per file)
            before = self._condition_switches().get((v.id, condition))
            with audit.changes(self) as log:
                log.record(actor, "applicability", {"vendor": v.id, "condition": condition},
                           True if before is None else before["applies"], applies)
                self._save_condition_switch(by, v.id, condition, applies)
            return
        q = Query()
        with audit.changes(self) as log, self._write() as db:
            table = db.table("conditions")
            was_off = bool(table.search((q.vendor_id == v.id) & (q.condition == condition)))
            log.record(actor, "applicability", {"vendor": v.id, "condition": condition}, not was_off, applies)
            table.remove((q.vendor_id == v.id) & (q.condition == condition))
            if not applies:
                table.insert({"vendor_id": v.id, "condition": condition, "at": now_iso()})

    def _save_condition_switch(self, person: str, vendor_id: str, condition: str, applies: bool) -> None:
        file = self.path(CONDITIONS_DIR, f"{self.person_dir(person)}.json")
        make_dir(file.parent)
        lock = self.path(CONDITIONS_DIR, f".{file.stem}.lock")
        q = Query()
        with open_locked(file, lock, f"{person}'s applicability decisions ({file})") as db:
            meta = db.table("meta")
            current = meta.get(doc_id=1)
            owner = current.get("person") if current is not None else None
            if current is None:
                meta.insert({"person": person})
            elif not isinstance(owner, str) or identity_key(owner) != identity_key(person):
                raise CorruptFileError(f"{file}: holds the decisions of {owner!r}, not of {person!r}; nothing was "
                                       "written. Move the file out of the folder.")
            switches = db.table("switches")
            switches.remove((q.vendor_id == vendor_id) & (q.condition == condition))
            switches.insert({"vendor_id": vendor_id, "condition": condition, "applies": applies, "at": now_iso()})

    def _condition_switches(self) -> dict[tuple[str, str], dict[str, Any]]:
        """(vendor id, condition) -> the switch in force: {"applies", "by", "at"}.

        Merge rule over every legal reviewer's file and the unattributed switches in
        workspace.json: the latest switch ("at", to the second) wins; at the same second
        the person whose folder name sorts last wins, so every clone reads the same
        state. Unattributed switches without a time (older workspaces) count as oldest."""
        from .models import ConditionRecord, ConditionSwitchRecord, PersonFileRecord
        tables = self._tables()
        latest: dict[tuple[str, str], tuple[tuple[str, str], dict[str, Any]]] = {}

        def offer(key: tuple[str, str], order: tuple[str, str], switch: dict[str, Any]) -> None:
            if key not in latest or order >= latest[key][0]:
                latest[key] = (order, switch)

        for doc in tables.get("condition_changes", {}).values():  # older versions' record of who switched
            fields = ("vendor_id", "condition", "by", "at")
            if isinstance(doc, dict) and all(isinstance(doc.get(k), str) for k in fields):
                offer((doc["vendor_id"], doc["condition"]), (doc["at"], ""),
                      {"applies": doc.get("applies") is True, "by": doc["by"], "at": doc["at"]})
        for doc_id, doc in tables.get("conditions", {}).items():
            c = record(ConditionRecord, doc, self.file, "conditions", doc_id)
            at = doc["at"] if isinstance(doc.get("at"), str) else ""
            key = (c.vendor_id, c.condition)
            if key in latest and latest[key][0][0] >= at:
                latest[key][1]["applies"] = False  # the row is the state; the change only says who
            else:
                offer(key, (at, ""), {"applies": False, "by": "", "at": at})
        for name in sorted(_listdir(self.path(CONDITIONS_DIR))):
            if not name.endswith(".json"):
                continue
            file = self.path(CONDITIONS_DIR, name)
            data = read_tables(file)
            person = record(PersonFileRecord, data.get("meta", {}).get("1"), file, "meta", "1").person
            for doc_id, doc in data.get("switches", {}).items():
                s = record(ConditionSwitchRecord, doc, file, "switches", doc_id)
                offer((s.vendor_id, s.condition), (s.at, name),
                      {"applies": s.applies, "by": person, "at": s.at})
        return {key: switch for key, (_, switch) in latest.items()}

    def condition_changes(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per vendor id and condition, the latest recorded switch: {"applies", "by", "at"}."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for (vendor_id, condition), switch in self._condition_switches().items():
            if switch["by"]:
                out.setdefault(vendor_id, {})[condition] = switch
        return out

    # -- proposed SLA terms and TCO inputs (per vendor, validated by vendorbench.analysis)

    def sla_terms(self) -> dict[str, dict[str, Any]]:
        """Per vendor id, its proposed SLA terms (plain dict, in key order)."""
        from .analysis import sla as _sla  # not needed to open a workspace

        return self._terms("sla", _sla.SCHEMA)

    def set_sla(self, vendor: str, values: dict[str, Any] | None = None, unset: Iterable[str] = (), *,
                by: str | None = None) -> dict[str, Any]:
        """Set and unset SLA terms of one vendor; every value is checked before anything is written."""
        from .analysis import sla as _sla

        return self._set_terms("sla", _sla.SCHEMA, vendor, values or {}, unset, by)

    def tco_inputs(self) -> dict[str, dict[str, Any]]:
        """Per vendor id, its total-cost-of-ownership inputs (plain dict, in key order)."""
        from .analysis import tco as _tco  # not needed to open a workspace

        return self._terms("tco", _tco.SCHEMA)

    def set_tco(self, vendor: str, values: dict[str, Any] | None = None, unset: Iterable[str] = (), *,
                by: str | None = None) -> dict[str, Any]:
        """Set and unset TCO inputs of one vendor; every value is checked before anything is written."""
        from .analysis import tco as _tco

        return self._set_terms("tco", _tco.SCHEMA, vendor, values or {}, unset, by)

    def _terms(self, table: str, schema: Schema) -> dict[str, dict[str, Any]]:
        vendor_ids = {v.id for v in self.vendors()}
        out = {}
        for doc in self._tables().get(table, {}).values():
            vid, terms = doc.get("vendor_id"), doc.get("terms")
            if vid in vendor_ids and isinstance(terms, dict):
                out[vid] = schema.check_all(terms, f"{self.file}: {table} terms of vendor {vid}")
        return out

    def _set_terms(self, table: str, schema: Schema, vendor: str, values: dict[str, Any],
                   unset: Iterable[str], by: str | None = None) -> dict[str, Any]:
        from . import audit
        from . import governance as _governance
        v = self.vendor(vendor)
        values = {k: schema.check(k, val) for k, val in values.items()}
        unset = list(unset)
        for key in unset:
            schema.check_key(key)
        actor = current_user(by)
        _governance.check_lead_owned(self, actor, "SLA terms" if table == "sla" else "TCO inputs")
        q = Query()
        with audit.changes(self) as log, self._write() as db:
            t = db.table(table)
            found = t.search(q.vendor_id == v.id)
            old = found[0].get("terms", {}) if found else {}
            terms = {**old, **values}
            for key in unset:
                terms.pop(key, None)
            terms = {k: terms[k] for k in schema.keys if k in terms}
            if terms != old:
                log.record(actor, table, {"vendor": v.id}, old, terms)
                t.remove(q.vendor_id == v.id)
                if terms:
                    t.insert({"vendor_id": v.id, "terms": terms, "updated": now_iso()})
        return terms

    # -- settings (readiness thresholds, currency) and next steps (owner and due date per open point)

    def settings(self) -> _settings.Settings:
        doc = self._tables().get("settings", {}).get("1", {})
        if not isinstance(doc, dict):
            raise VendorbenchError(f"{self.file}: settings: expected a table of values")
        return _settings.from_doc(doc, f"{self.file}: settings")

    def set_settings(self, values: dict[str, Any], *, by: str | None = None) -> _settings.Settings:
        """Set some settings; every value is checked before anything is written."""
        from . import audit
        from . import governance as _governance
        values = {k: _settings.check(k, v) for k, v in values.items()}
        actor = current_user(by)
        _governance.check_lead_owned(self, actor, "the workspace settings")
        with audit.changes(self) as log, self._write() as db:
            table = db.table("settings")
            stored = dict(table.get(doc_id=1) or {})
            doc = {**stored, **values}
            log.record(actor, "settings", {"keys": sorted(values)}, {k: stored.get(k) for k in values},
                       {k: doc.get(k) for k in values})
            table.truncate()
            table.insert(doc)
        return self.settings()

    def steps(self) -> dict[tuple[str, str], dict[str, str]]:
        """(vendor id, point key) -> {"owner", "due"} for the open points before signing
        (a legal item id, or a risk key from vendorbench.brief)."""
        out: dict[tuple[str, str], dict[str, str]] = {}
        vendor_ids = {v.id for v in self.vendors()}
        for doc in self._tables().get("steps", {}).values():
            vid, key = doc.get("vendor_id"), doc.get("key")
            if vid in vendor_ids and isinstance(key, str):
                owner, due = doc.get("owner", ""), doc.get("due", "")
                if not isinstance(owner, str) or not isinstance(due, str) or (due and not _is_date(due)):
                    raise VendorbenchError(f"{self.file}: steps: owner or due date of {key!r} for vendor {vid} "
                                           "is not valid (due: YYYY-MM-DD); the file was edited by hand?")
                out[(vid, key)] = {"owner": owner, "due": due}
        return out

    def set_step(self, vendor: str, key: str, owner: str | None = None, due: str | None = None, *,
                 by: str | None = None) -> dict[str, str]:
        """Set the owner and/or due date (YYYY-MM-DD, "" clears) of one open point of one vendor."""
        from . import audit
        from . import governance as _governance
        v = self.vendor(vendor)
        key = clean_name(key, "point key", 200)
        changes: dict[str, str] = {}
        if owner is not None:
            changes["owner"] = clean_name(owner, "owner", 100) if owner.strip() else ""
        if due is not None:
            if due.strip() and not _is_date(due.strip()):
                raise VendorbenchError(f"due date {due!r} is not a date as YYYY-MM-DD")
            changes["due"] = due.strip()
        actor = current_user(by)
        _governance.check_lead_owned(self, actor, "next-step owners and due dates")
        q = Query()
        with audit.changes(self) as log, self._write() as db:
            table = db.table("steps")
            found = table.search((q.vendor_id == v.id) & (q.key == key))
            doc = {"vendor_id": v.id, "key": key, "owner": "", "due": "", **(found[0] if found else {}), **changes}
            log.record(actor, "step", {"vendor": v.id, "key": key},
                       {"owner": found[0].get("owner", ""), "due": found[0].get("due", "")} if found else None,
                       {"owner": doc["owner"], "due": doc["due"]} if doc["owner"] or doc["due"] else None)
            table.remove((q.vendor_id == v.id) & (q.key == key))
            if doc["owner"] or doc["due"]:
                table.insert(doc)
        return {"owner": doc["owner"], "due": doc["due"]}

    # -- answers (scores) and findings (legal)

    def person_dir(self, person: str) -> str:
        """The folder under answers/ that holds this person's files.

        New folders are named by person_dir_name. A workspace made by an earlier
        version has folders named by legacy_person_dir_name: that folder is used
        when it is this person's (by the name recorded in its files), so old
        workspaces and the demo read and save as before. A legacy folder that
        belongs to someone else (a 32-bit hash collision) is never shared: this
        person gets a new-style folder.
        """
        key = identity_key(person)
        cached = self._person_dirs.get(key)
        if cached is not None:
            return cached
        new = person_dir_name(person)
        chosen = new
        if not self.path("answers", new).is_dir():
            legacy = legacy_person_dir_name(person)
            if self.path("answers", legacy).is_dir():
                owner = self._folder_owner(legacy)
                if owner is None or identity_key(owner) == key:
                    chosen = legacy
            if chosen == new:
                return new  # not on disk yet: decided again once it exists
        self._person_dirs[key] = chosen
        return chosen

    def _folder_owner(self, folder: str) -> str | None:
        """The person recorded in the first data file of an answers folder (None if empty)."""
        for vendor_dir in _subfolders(self.path("answers", folder)):
            for name in sorted(_listdir(self.path("answers", folder, vendor_dir))):
                if name.endswith(".json"):
                    person = read_tables(self.path("answers", folder, vendor_dir, name)).get(
                        "meta", {}).get("1", {}).get("person")
                    if isinstance(person, str):
                        return person
        return None

    def people(self) -> list[str]:
        """Everyone with an answers folder, by the name recorded in it."""
        found = (self._folder_owner(folder) for folder in _subfolders(self.path("answers")))
        return sorted({p for p in found if p is not None}, key=name_key)

    def _refuse_lookalike_person(self, person: str) -> None:
        """A new evaluator whose name only looks like a teammate's ("Mаya" with a Cyrillic а)
        would pass for them in every report: refused, with the existing name to use."""
        key, ident = name_key(person), identity_key(person)
        for other in self.people():
            if name_key(other) == key and identity_key(other) != ident:
                raise VendorbenchError(
                    f"{person!r} looks like the existing evaluator {other!r} but is spelt with different "
                    f"(look-alike) letters; to be {other!r}, type that name exactly, else choose a distinct name")

    def _group_of(self, kind: str, ident: str) -> str:
        """Files are sharded per scorecard category / checklist area: a save rewrites a
        file whose size does not grow with the questionnaire."""
        group = self.scorecard.category_of(ident) if kind == "scores" else self.legal.area_of(ident)
        assert group is not None, ident
        return group.id

    def answer_path(self, person: str, vendor_id: str, ident: str, kind: str = "scores") -> Path:
        """The file holding one person's answer (kind "scores") or finding ("legal")."""
        return self.path("answers", self.person_dir(person), vendor_id, f"{kind}-{self._group_of(kind, ident)}.json")

    @contextlib.contextmanager
    def _person_file(self, person: str, kind: str, vendor_id: str, ident: str) -> Iterator[Any]:
        folder = self.person_dir(person)
        if not self.path("answers", folder).is_dir():
            self._refuse_lookalike_person(person)
        path = self.answer_path(person, vendor_id, ident, kind)
        make_dir(path.parent)
        with open_locked(path, self.path("answers", folder, PERSON_LOCK), f"{person}'s answers ({path})") as db:
            meta = db.table("meta")
            doc = meta.get(doc_id=1)
            if doc is None:
                meta.insert({"person": person, "vendor_id": vendor_id, "group": self._group_of(kind, ident)})
            elif not isinstance(doc.get("person"), str) or identity_key(doc["person"]) != identity_key(person) \
                    or doc.get("vendor_id") != vendor_id:
                # a file planted or copied into this folder: saving here would mix two people's answers
                raise CorruptFileError(f"{path}: holds the answers of {doc.get('person')!r} for vendor "
                                       f"{doc.get('vendor_id')!r}, not of {person!r} for {vendor_id!r}; "
                                       "nothing was written. Move the file out of the folder.")
            yield db

    def set_answer(self, evaluator: str, vendor: str, criterion: str, value: AnswerValue | None = _UNSET,
                   note: str | None = None, evidence: str | None = None) -> Answer | None:
        """Set one evaluator's score (and optionally note/evidence); value None clears the score.

        Returns the stored answer, or None when nothing is left (cleared and no note).
        """
        from . import audit
        from . import governance as _governance
        from .models import Answer
        v = self.vendor(vendor)
        evaluator = clean_name(evaluator, "evaluator name", 100)
        if self.scorecard.criterion(criterion) is None:
            raise VendorbenchError(f"unknown criterion {criterion!r} (list them with: vendorbench criteria DIR)")
        if value is not _UNSET and value is not None and value != "na" and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5):
            raise VendorbenchError(f"score {value!r} is out of range: use 0..5 or na")
        changes: dict[str, Any] = {}
        if value is not _UNSET:
            changes["value"] = value
        if note is not None:
            changes["note"] = clean_note(note)
        if evidence is not None:
            changes["evidence"] = clean_note(evidence, "evidence")
        gives = gives_content(changes.get("value"), changes.get("note"), changes.get("evidence"))
        _governance.check_can_score(self, evaluator, (v.id,) if gives else ())
        with audit.changes(self) as log, self._person_file(evaluator, "scores", v.id, criterion) as db:
            table = db.table("answers")
            old = _found(table, "criterion", criterion)
            doc = _upsert(table, "criterion", criterion, changes, {"value": None, "note": "", "evidence": ""})
            log.record(evaluator, "answer", {"person": evaluator, "vendor": v.id, "criterion": criterion},
                       audit.answer_fields(old), audit.answer_fields(doc), holds_person_lock=True)
        return Answer.from_doc(evaluator, v.id, doc) if doc else None

    def set_finding(self, reviewer: str, vendor: str, item: str, status: str | None = _UNSET,
                    note: str | None = None, clause: str | None = None) -> Finding | None:
        from . import audit
        from . import governance as _governance
        from .models import Finding
        v = self.vendor(vendor)
        reviewer = clean_name(reviewer, "reviewer name", 100)
        if self.legal.item(item) is None:
            raise VendorbenchError(f"unknown legal item {item!r} (list them with: vendorbench criteria DIR --legal)")
        changes: dict[str, Any] = {}
        if status is not _UNSET:
            changes["status"] = parse_status(status) if status is not None else None
        if note is not None:
            changes["note"] = clean_note(note)
        if clause is not None:
            changes["clause"] = clean_note(clause, "clause reference")
        _governance.check_can_review(self, reviewer)
        with audit.changes(self) as log, self._person_file(reviewer, "legal", v.id, item) as db:
            table = db.table("findings")
            old = _found(table, "item", item)
            doc = _upsert(table, "item", item, changes, {"status": None, "note": "", "clause": ""})
            log.record(reviewer, "finding", {"person": reviewer, "vendor": v.id, "item": item},
                       audit.finding_fields(old), audit.finding_fields(doc), holds_person_lock=True)
        return Finding.from_doc(reviewer, v.id, doc) if doc else None

    def import_answers(self, answers: Iterable[Answer], *, by: str | None = None) -> int:
        """Upsert many answers, one locked atomic write per file; returns how many changed.

        Every answer is checked before anything is written (all or nothing)."""
        answers = list(answers)
        self._check_answers(answers)
        return self._bulk("scores", "answers", "criterion",
                          ((clean_name(a.evaluator, "evaluator name", 100), a.vendor_id, a.criterion,
                            {"value": a.value, "note": clean_note(a.note), "evidence": clean_note(a.evidence)})
                           for a in answers), by)

    def _check_answers(self, answers: list[Answer]) -> None:
        """What import_answers checks before it writes anything: the records, and the rules of a save."""
        from . import governance as _governance
        vendor_ids = {v.id for v in self.vendors()}
        for a in answers:
            self._check_record(a.evaluator, a.vendor_id, vendor_ids, a.criterion,
                               self.scorecard.criterion(a.criterion) is not None, "criterion")
        scoring: dict[str, set[str]] = {}
        for a in answers:
            vendors = scoring.setdefault(clean_name(a.evaluator, "evaluator name", 100), set())
            if gives_content(a.value, a.note, a.evidence):
                vendors.add(a.vendor_id)
        for person, vendors in scoring.items():
            _governance.check_can_score(self, person, vendors)

    def _check_findings(self, findings: list[Finding]) -> None:
        """What import_findings checks before it writes anything."""
        from . import governance as _governance
        vendor_ids = {v.id for v in self.vendors()}
        for f in findings:
            self._check_record(f.reviewer, f.vendor_id, vendor_ids, f.item, self.legal.item(f.item) is not None,
                               "legal item")
        for person in {clean_name(f.reviewer, "reviewer name", 100) for f in findings}:
            _governance.check_can_review(self, person)

    def import_findings(self, findings: Iterable[Finding], *, by: str | None = None) -> int:
        findings = list(findings)
        self._check_findings(findings)
        return self._bulk("legal", "findings", "item",
                          ((clean_name(f.reviewer, "reviewer name", 100), f.vendor_id, f.item,
                            {"status": f.status, "note": clean_note(f.note), "clause": clean_note(f.clause)})
                           for f in findings), by)

    def check_import_targets(self, answers: Iterable[Answer] = (), findings: Iterable[Finding] = ()) -> None:
        """Read every file an import would write, before anything is written: a corrupt
        target, a planted link or a file recorded for someone else stops the whole import
        (across all its CSV files) with nothing changed."""
        targets = {(a.evaluator, a.vendor_id, a.criterion, "scores") for a in answers}
        targets |= {(f.reviewer, f.vendor_id, f.item, "legal") for f in findings}
        seen: set[Path] = set()
        for person, vendor_id, ident, kind in targets:
            path = self.answer_path(person, vendor_id, ident, kind)
            if path in seen:
                continue
            seen.add(path)
            meta = read_tables(path).get("meta", {}).get("1")
            if meta is not None and (not isinstance(meta.get("person"), str) or identity_key(meta["person"]) !=
                                     identity_key(person) or meta.get("vendor_id") != vendor_id):
                raise CorruptFileError(f"{path}: holds the answers of {meta.get('person')!r} for vendor "
                                       f"{meta.get('vendor_id')!r}, not of {person!r}; nothing was imported")
            if not path.exists() and not self.path("answers", self.person_dir(person)).is_dir():
                self._refuse_lookalike_person(person)

    @staticmethod
    def _check_record(person: str, vendor_id: str, vendor_ids: set[str], ident: str, known: bool, what: str) -> None:
        clean_name(person, "person name", 100)
        if vendor_id not in vendor_ids:
            raise VendorbenchError(f"unknown vendor id {vendor_id!r}")
        if not known:
            raise VendorbenchError(f"unknown {what} {ident!r}")

    def _bulk(self, kind: str, table: str, key: str, rows: Iterable[tuple[str, str, str, dict]],
              by: str | None) -> int:
        from . import audit
        grouped: dict[tuple[str, str, str], list[tuple[str, dict]]] = {}
        for person, vendor_id, ident, fields in rows:
            grouped.setdefault((person, vendor_id, self._group_of(kind, ident)), []).append((ident, fields))
        changed = 0
        actor = current_user(by)
        action, as_fields = ("answer", audit.answer_fields) if kind == "scores" else ("finding", audit.finding_fields)
        for (person, vendor_id, _), items in grouped.items():
            with audit.changes(self) as log, self._person_file(person, kind, vendor_id, items[0][0]) as db:
                t = db.table(table)
                existing = {d[key]: d for d in t.all()}
                for ident, fields in items:
                    old = existing.get(ident)
                    if old is not None and all(old.get(k) == val for k, val in fields.items()):
                        continue
                    doc = _upsert(t, key, ident, fields, {})
                    log.record(actor, action, {"person": person, "vendor": vendor_id, key: ident, "import": True},
                               as_fields(old), as_fields(doc),
                               holds_person_lock=identity_key(actor) == identity_key(person))
                    changed += 1
        return changed

    def answers(self) -> list[Answer]:
        """Every answer with its note and evidence (for exports, notes, the report appendix)."""
        from .models import Answer, AnswerRecord
        vendor_ids = {v.id for v in self.vendors()}
        return [Answer.from_doc(person, vendor_id, record(AnswerRecord, d, path, "answers", "").model_dump())
                for path, person, vendor_id, docs in self._records("scores", "answers")
                if vendor_id in vendor_ids for d in docs]

    def findings(self) -> list[Finding]:
        from .models import Finding, FindingRecord
        vendor_ids = {v.id for v in self.vendors()}
        return [Finding.from_doc(person, vendor_id, record(FindingRecord, d, path, "findings", "").model_dump())
                for path, person, vendor_id, docs in self._records("legal", "findings")
                if vendor_id in vendor_ids for d in docs]

    def answers_of(self, person: str, vendor_id: str) -> dict[str, Answer]:
        """One person's answers for one vendor, by criterion id (reads only their files)."""
        from .models import Answer
        folder = self.path("answers", self.person_dir(person), vendor_id)
        out: dict[str, Answer] = {}
        for name in sorted(_listdir(folder)):
            if name.startswith("scores-") and name.endswith(".json"):
                tables = read_tables(self.path("answers", folder.parent.name, vendor_id, name))
                owner = tables.get("meta", {}).get("1", {}).get("person")
                if not isinstance(owner, str) or identity_key(owner) != identity_key(person):
                    continue  # not this person's file (counted under its own name elsewhere)
                for d in tables.get("answers", {}).values():
                    a = Answer.from_doc(person, vendor_id, d)
                    out[a.criterion] = a
        return out

    def findings_for(self, vendor_id: str) -> list[Finding]:
        """Every reviewer's findings for one vendor."""
        from .models import Finding
        out: list[Finding] = []
        for person_folder in _subfolders(self.path("answers")):
            folder = self.path("answers", person_folder, vendor_id)
            for name in sorted(_listdir(folder)):
                if name.startswith("legal-") and name.endswith(".json"):
                    tables = read_tables(self.path("answers", person_folder, vendor_id, name))
                    person = tables.get("meta", {}).get("1", {}).get("person")
                    if isinstance(person, str):
                        out.extend(Finding.from_doc(person, vendor_id, d) for d in tables.get("findings", {}).values())
        return out

    def votes(self) -> dict[str, dict[str, dict[str, int | str]]]:
        """Scores only, as vendor id -> criterion id -> evaluator -> 0..5 or "na".

        The fast path for results: no object per answer. Values are checked here
        because scoring trusts them; a hand-damaged value names its file.
        """
        out: dict[str, dict[str, dict[str, int | str]]] = {v.id: {} for v in self.vendors()}
        for path, person, vendor_id, docs in self._records("scores", "answers"):
            target = out.get(vendor_id)
            if target is None:
                continue
            # the innermost loop of every results computation (one pass per answer): type checks by
            # class, no dict made for a criterion already seen
            for d in docs:
                criterion, value = d.get("criterion"), d.get("value")
                if criterion.__class__ is not str:
                    raise CorruptFileError(f"{path}: answers: an answer without a criterion id; the file was "
                                           "edited by hand? It was left untouched.")
                if value.__class__ is int:  # not bool: True is no score
                    if not 0 <= value <= 5:
                        raise _bad_score(path, value, criterion)
                elif value is None:
                    continue
                elif value != "na":
                    raise _bad_score(path, value, criterion)
                row = target.get(criterion)
                if row is None:
                    target[criterion] = {person: value}
                else:
                    row[person] = value
        return out

    def _scan(self, kind: str) -> Iterator[str]:
        """Path of every answer file of a kind ("scores" or "legal"), in a stable order.

        Plain strings and os.scandir: this runs for every file on every results
        computation, where pathlib objects cost more than reading the files."""
        prefix = kind + "-"
        answers = str(self.path("answers"))
        for person in _subfolders(answers):
            person_dir = os.path.join(answers, person)
            for vendor in _subfolders(person_dir):
                vendor_dir = os.path.join(person_dir, vendor)
                for name in sorted(_listdir(vendor_dir)):
                    if name.startswith(prefix) and name.endswith(".json"):
                        yield os.path.join(vendor_dir, name)

    def _records(self, kind: str, table: str) -> Iterator[tuple[str, str, str, list[dict]]]:
        from .models import FileMetaRecord
        for path in self._scan(kind):
            tables = read_tables(path)
            meta = record(FileMetaRecord, tables.get("meta", {}).get("1"), path, "meta", "1")
            if meta.vendor_id != os.path.basename(os.path.dirname(path)):
                raise CorruptFileError(f"{path}: meta.vendor_id {meta.vendor_id!r} is not the vendor of its folder; "
                                       "the file was moved or edited by hand? It was left untouched.")
            yield path, meta.person, meta.vendor_id, list(tables.get(table, {}).values())


_RecordT = Any
MAX_LISTED_CONFLICTS = 20  # conflicts a refused merge lists before "and N more"
MERGED_FIELDS = ("region", "website", "notes")  # a vendor's fields merge_vendor joins (the kept entry's win)


@dataclass(frozen=True)
class VendorMerge:
    removed: Vendor  # the entry merged away (still there while others are waiting)
    kept: Vendor  # the entry that holds everything now
    answers: int  # answers and findings given to the kept entry
    findings: int
    same: int  # answers and findings both entries already held alike
    kept_fields: tuple[str, ...]  # region, website or notes the two entries held differently: the kept one's stay
    dropped: tuple[str, ...]  # the removed entry's copies of data the kept entry has its own of
    # in a git workspace: the others whose answers are still on the entry (it stays until they merge theirs)
    waiting: tuple[str, ...] = ()

    def summary(self) -> str:
        """What the merge did, in the words the CLI prints and the TUI shows."""
        moved = f"{self.answers} answer(s) and {self.findings} finding(s) moved, {self.same} already the same in both"
        if self.waiting:
            return (f"Moved your answers from {self.removed.name!r} (id:{self.removed.id}) to {self.kept.name!r} "
                    f"(id:{self.kept.id}): {moved}. id:{self.removed.id} stays until {', '.join(self.waiting)} "
                    "merge theirs the same way (in a workspace shared through git each person commits their own "
                    "answers); the last one removes it. Sync to share yours.")
        return (f"Merged {self.removed.name!r} (id:{self.removed.id}) into {self.kept.name!r} (id:{self.kept.id}): "
                f"{moved}; id:{self.removed.id} removed")

    def notes(self) -> list[str]:
        """What the kept entry kept of its own, and what of the removed one's was dropped."""
        return ([f"the two entries had different {field}; id:{self.kept.id}'s is kept" for field in self.kept_fields]
                + [f"id:{self.removed.id}'s copy of {what} was dropped; id:{self.kept.id} has its own"
                   for what in self.dropped])


def _shown(value: Any) -> str:
    return "no score" if value is None else str(value)


def _bad_score(path: str, value: Any, criterion: str) -> CorruptFileError:
    return CorruptFileError(f"{path}: score {value!r} for {criterion!r} is not 0..5 or na; "
                            "the file was edited by hand? It was left untouched.")


def record(model: type[BaseModel], doc: Any, file: str | Path, table: str, doc_id: str) -> _RecordT:
    """Validate one record read from a workspace file; a wrong shape is a CorruptFileError
    naming the file, the table, the record and the field (never a silent skip)."""
    if doc is None:
        raise CorruptFileError(f"{file}: the {table} table is missing; the file was edited by hand? "
                               "It was left untouched.")
    try:
        return model.model_validate(doc)
    except ValueError as exc:  # a pydantic ValidationError (pydantic is imported by the models, on use)
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        e = exc.errors()[0]
        field = ".".join(str(part) for part in e["loc"]) or "(record)"
        where = f"{table} record {doc_id}" if doc_id else table
        raise CorruptFileError(f"{file}: {where}: {field}: {e['msg'].lower()} (got {e.get('input')!r:.60}); "
                               "the file was edited by hand? It was left untouched.") from None


def _vendor_name(name: str) -> str:
    name = clean_name(name, "vendor name")
    if looks_like_vendor_id(name):
        raise VendorbenchError(f"vendor name {name!r} looks like a vendor id (v1, v2, ... or "
                               f"{VENDOR_ID_PREFIX}v1); choose a name that does not, e.g. {name + ' Ltd'!r}")
    return name


def read_record_file(path: Path) -> dict[str, Any]:
    """One record stored as its own JSON object (vendors/<id>.json); FileNotFoundError if absent."""
    doc = parse_json(path, read_bytes(path))
    if type(doc) is not dict:
        raise CorruptFileError(f"{path}: not a vendorbench record (expected a JSON object). "
                               "It was left untouched: restore it from a backup or move it aside.")
    return doc


def write_record_file(path: Path, doc: dict[str, Any]) -> None:
    atomic_write(path, (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8"))


def in_git_repository(folder: Path) -> bool:
    """Whether folder is inside a git working tree (a .git entry here or in a parent)."""
    path = Path(os.path.abspath(folder))
    return any((p / ".git").exists() for p in (path, *path.parents))


def _doc_key(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (1 << 62, doc_id)


def _listdir(folder: str | Path) -> list[str]:
    """The names in a folder of the workspace that vendorbench could have written
    (others, e.g. an editor's backup "scores-a.json~", are not its files)."""
    try:
        return [name for name in os.listdir(folder) if is_safe_component(name)]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{folder}: cannot read: {exc.strerror}") from None


def _subfolders(folder: str | Path) -> list[str]:
    """The real subfolders of a workspace folder. A symbolic link there is refused
    (it could lead reads, saves and deletes outside the workspace); a folder whose
    name vendorbench would never make is refused too, rather than read or ignored."""
    try:
        with os.scandir(folder) as entries:
            found = []
            for e in entries:
                if e.is_symlink():
                    raise UnsafePathError(f"{e.path}: is a symbolic link; vendorbench never follows links "
                                          "inside a workspace. Replace it with the real folder.")
                if e.is_dir(follow_symlinks=False) and not e.name.startswith("."):  # .git and the like
                    if not is_safe_component(e.name):
                        raise UnsafePathError(f"{e.path}: not a folder vendorbench makes (unexpected name); "
                                              "move it out of the workspace")
                    found.append(e.name)
            return sorted(found)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{folder}: cannot read: {exc.strerror}") from None


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(_dt.date.fromisoformat(text))
    except ValueError:
        return False


def check_weight(w: Any, what: str) -> None:
    """The one rule for a weight: a finite number greater than 0."""
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not (w > 0) or w == float("inf"):
        raise VendorbenchError(f"weight of {what} must be a number greater than 0 (got {w!r})")


def _upsert(table: Any, key: str, ident: str, changes: dict[str, Any], defaults: dict[str, Any]) -> dict | None:
    """Apply changes to the document whose key is ident; drop it if nothing meaningful remains."""
    q = Query()
    found = table.search(q[key] == ident)
    doc = {key: ident, **defaults, **(found[0] if found else {}), **changes}
    if changes:
        doc["updated"] = now_iso()
    empty = doc.get("value", doc.get("status")) is None and not doc.get("note") and not doc.get(
        "evidence") and not doc.get("clause")
    if empty:
        if found:
            table.remove(doc_ids=[found[0].doc_id])
        return None
    if found:
        table.update(doc, doc_ids=[found[0].doc_id])
    else:
        table.insert(doc)
    return doc


def _found(table: Any, key: str, ident: str) -> dict | None:
    found = table.search(Query()[key] == ident)
    return dict(found[0]) if found else None
