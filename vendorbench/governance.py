"""Decision governance: roles, stages, the weight lock, conflict-of-interest declarations
and sign-off tied to the exact decision state approved.

    workspace.json                  (shared, written by the lead)
      people          one record per person: name, roles
      stage           the stage (setup, scoring, review), who moved it and when, and the
                      SHA-256 of the pinned questionnaires when scoring opened (the lock)
      stage_changes   every stage move: who, when, from, to, reason
      weight_changes  every weight change after the lock: who, when, reason, old, new
    answers/<person>/governance.json  (one writer: that person)
      declarations    the person's conflict-of-interest declaration (none, or per vendor)
      approvals       the person's sign-offs: decision, note, time, digest of the decision state

Single-team mode: a workspace with no roles behaves as before this module existed
(anyone scores, reviews and changes weights; no stages; no approval). The first
roles may be set by anyone but must name a lead; from then on only a lead manages
people and stages.

Stages (roles on): setup (weights and questionnaires editable, no scoring or
findings) -> scoring (weights and questionnaires locked; evaluators score, legal
records findings) -> review (scores frozen; legal may still record findings; the
lead may still change weights with a reason; approvers sign off). "approved" is
not stored: it is the review stage with a valid approve / approve-with-conditions
sign-off, so any later material change (a finding, a weight, a vendor ...) makes
the approval void and the stage reads "review" again, visibly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from . import audit
from .errors import CorruptFileError, VendorbenchError
from .storage import is_safe_component, make_dir, open_locked, read_tables

if TYPE_CHECKING:
    from .store import Workspace

ROLES = ("lead", "evaluator", "legal", "approver")
STAGES = ("setup", "scoring", "review")  # stored; "approved" is derived (see approval_state)
DECISIONS = ("approve", "approve-with-conditions", "reject")
GOVERNANCE_FILE = "governance.json"
PERSON_LOCK = ".lock"  # the person's answers lock (store.PERSON_LOCK): one writer per person folder
MAX_REASON = 2_000

Role = Literal["lead", "evaluator", "legal", "approver"]


# --- records read back from files (validated: files may come from a teammate) ----------------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PersonRecord(_Record):
    name: str
    roles: list[Role]


class StageRecord(_Record):
    stage: Literal["setup", "scoring", "review"]
    by: str
    at: str
    locked: dict[str, str] = {}  # questionnaire file -> SHA-256 when scoring opened


class StageChangeRecord(_Record):
    by: str
    at: str
    old: str
    new: str
    reason: str = ""


class WeightChangeRecord(_Record):
    by: str
    at: str
    reason: str
    old: dict[str, dict[str, float]]
    new: dict[str, dict[str, float]]


class DeclarationRecord(_Record):
    vendor_id: str | None = None  # None: "no conflict of interest"
    text: str = ""
    at: str


class ApprovalRecord(_Record):
    decision: Literal["approve", "approve-with-conditions", "reject"]
    note: str
    at: str
    digest: str


class _PersonMeta(_Record):
    person: str


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    stage: str  # "single-team", "setup", "scoring", "review" or "approved"
    stored: str  # what the lead set: "single-team", "setup", "scoring" or "review"
    by: str = ""
    at: str = ""

    @property
    def weights_locked(self) -> bool:
        return self.stored in {"scoring", "review"}


@dataclass(frozen=True)
class Declaration:
    person: str
    vendor_id: str | None  # None: declared no conflict
    text: str
    at: str


@dataclass(frozen=True)
class Approval:
    approver: str
    decision: str
    note: str
    at: str
    digest: str


@dataclass(frozen=True)
class ApprovalState:
    """status: "off" (single-team mode), "none" (nobody signed off), "approve",
    "approve-with-conditions", "reject" (the latest sign-off, still matching the
    decision state) or "void" (the decision changed after the latest sign-off)."""

    status: str
    digest: str  # of the current decision state
    approval: Approval | None = None  # the latest sign-off, if any

    @property
    def final(self) -> bool:
        return self.status in {"approve", "approve-with-conditions"}

    @property
    def void(self) -> bool:
        return self.status == "void"

    @property
    def line(self) -> str:
        a = self.approval
        if self.status == "off":
            return "approval: single-team mode (no roles set, no sign-off)"
        if a is None:
            return "approval: not yet approved"
        when = a.at[:10]
        if self.void:
            return f"approval void: the decision changed after {a.approver} approved on {when}"
        label = {"approve": "approved", "approve-with-conditions": "approved with conditions",
                 "reject": "rejected"}[a.decision]
        return f"approval: {label} by {a.approver} on {when} (digest {a.digest[:12]})"

    def to_json(self) -> dict[str, Any]:
        a = self.approval
        return {"status": self.status, "final": self.final, "void": self.void, "line": self.line,
                "digest": self.digest,
                "approval": None if a is None else {"approver": a.approver, "decision": a.decision, "note": a.note,
                                                    "at": a.at, "digest": a.digest}}


# --- people and roles -------------------------------------------------------------------


def people(ws: Workspace) -> list[Person]:
    """Everyone with a role, in the order added (empty in single-team mode)."""
    from .store import _doc_key, record

    docs = ws._tables().get("people", {})
    out = []
    for doc_id, doc in sorted(docs.items(), key=lambda kv: _doc_key(kv[0])):
        r = record(PersonRecord, doc, ws.file, "people", doc_id)
        out.append(Person(r.name, tuple(role for role in ROLES if role in r.roles)))
    return out


def roles_on(ws: Workspace) -> bool:
    return bool(ws._tables().get("people"))


def roles_of(ws: Workspace, person: str) -> tuple[str, ...]:
    from .store import identity_key

    key = identity_key(person)
    return next((p.roles for p in people(ws) if identity_key(p.name) == key), ())


def _parse_roles(roles: Iterable[str]) -> list[str]:
    chosen = []
    for role in roles:
        r = role.strip().lower()
        if r not in ROLES:
            raise VendorbenchError(f"role {role!r} is not known: use one of {', '.join(ROLES)}")
        if r not in chosen:
            chosen.append(r)
    if not chosen:
        raise VendorbenchError(f"give at least one --role ({', '.join(ROLES)})")
    return [r for r in ROLES if r in chosen]


def _require_lead(ws: Workspace, actor: str, action: str) -> None:
    if "lead" not in roles_of(ws, actor):
        leads = ", ".join(p.name for p in people(ws) if "lead" in p.roles) or "nobody"
        raise VendorbenchError(f"only the lead may {action}; {actor!r} is not a lead (leads: {leads}). "
                               "Act as the lead with --as NAME.")


def _check_new_name(ws: Workspace, name: str, existing: Sequence[Person]) -> str:
    from .store import clean_name, identity_key, name_key

    name = clean_name(name, "person name", 100)
    for other in [p.name for p in existing] + ws.people():
        if name_key(other) == name_key(name):
            if identity_key(other) == identity_key(name):
                continue
            raise VendorbenchError(f"{name!r} looks like the existing person {other!r} but is spelt with different "
                                   f"(look-alike) letters; to mean {other!r}, type that name exactly, else choose "
                                   "a distinct name")
    return name


def add_person(ws: Workspace, actor: str, name: str, roles: Iterable[str]) -> Person:
    """Give a new person roles. The first person added must be a lead (anyone may add
    them); after that only a lead adds people."""
    from .store import identity_key

    chosen = _parse_roles(roles)
    current = people(ws)
    if current:
        _require_lead(ws, actor, "add people")
    elif "lead" not in chosen:
        raise VendorbenchError("the first person given roles must be a lead (add --role lead): "
                               "once roles exist, only a lead manages people and stages")
    name = _check_new_name(ws, name, current)
    if any(identity_key(p.name) == identity_key(name) for p in current):
        raise VendorbenchError(f"{name!r} already has roles; change them with: vendorbench people DIR set ...")
    with audit.changes(ws) as log, ws._write() as db:
        log.record(actor, "role", {"person": name}, None, chosen)
        db.table("people").insert({"name": name, "roles": chosen})
    return Person(name, tuple(chosen))


def set_roles(ws: Workspace, actor: str, name: str, roles: Iterable[str]) -> Person:
    """Replace a person's roles (lead only); the last lead keeps the lead role."""
    chosen = _parse_roles(roles)
    _require_lead(ws, actor, "change roles")
    person = _find_person(ws, name)
    if "lead" not in chosen:
        _refuse_last_lead(ws, person, "drop the lead role of")
    from tinydb import Query

    with audit.changes(ws) as log, ws._write() as db:
        log.record(actor, "role", {"person": person.name}, list(person.roles), chosen)
        db.table("people").update({"roles": chosen}, Query().name == person.name)
    return Person(person.name, tuple(chosen))


def remove_person(ws: Workspace, actor: str, name: str) -> Person:
    """Take away all of a person's roles (lead only). Their answers stay; the last lead stays."""
    _require_lead(ws, actor, "remove people")
    person = _find_person(ws, name)
    _refuse_last_lead(ws, person, "remove")
    from tinydb import Query

    with audit.changes(ws) as log, ws._write() as db:
        log.record(actor, "role", {"person": person.name}, list(person.roles), None)
        db.table("people").remove(Query().name == person.name)
    return person


def _find_person(ws: Workspace, name: str) -> Person:
    from .store import identity_key

    for p in people(ws):
        if identity_key(p.name) == identity_key(name):
            return p
    listed = ", ".join(p.name for p in people(ws)) or "nobody yet"
    raise VendorbenchError(f"{name!r} has no roles in this workspace; people: {listed}")


def _refuse_last_lead(ws: Workspace, person: Person, action: str) -> None:
    if "lead" in person.roles and sum(1 for p in people(ws) if "lead" in p.roles) == 1:
        raise VendorbenchError(f"cannot {action} {person.name!r}: they are the only lead. "
                               "Give someone else --role lead first.")


# --- stages and the lock ----------------------------------------------------------------


def _stage_record(ws: Workspace) -> StageRecord | None:
    from .store import record

    doc = ws._tables().get("stage", {}).get("1")
    return None if doc is None else record(StageRecord, doc, ws.file, "stage", "1")


def stored_stage(ws: Workspace) -> Stage:
    """The stage as the lead set it, without computing the approval (cheap: every save asks)."""
    if not roles_on(ws):
        return Stage("single-team", "single-team")
    r = _stage_record(ws)
    if r is None:
        return Stage("setup", "setup")
    return Stage(r.stage, r.stage, r.by, r.at)


def stage(ws: Workspace, state: ApprovalState | None = None) -> Stage:
    """The stage shown to people: "approved" when in review with a valid positive sign-off."""
    s = stored_stage(ws)
    if s.stored == "review" and (state or approval_state(ws)).final:
        return Stage("approved", s.stored, s.by, s.at)
    return s


def _questionnaire_hashes(ws: Workspace) -> dict[str, str]:
    from .storage import read_bytes
    from .store import LEGAL_FILE, SCORECARD_FILE

    return {name: hashlib.sha256(read_bytes(ws.path(*name.split("/")))).hexdigest()
            for name in (SCORECARD_FILE, LEGAL_FILE)}


def questionnaires_changed(ws: Workspace) -> list[str]:
    """The pinned questionnaire files that differ from when scoring opened (empty if unlocked)."""
    r = _stage_record(ws)
    if r is None or not r.locked:
        return []
    now = _questionnaire_hashes(ws)
    return [name for name, digest in r.locked.items() if now.get(name) != digest]


def open_scoring(ws: Workspace, actor: str) -> Stage:
    """setup -> scoring (lead only): locks the weights and the questionnaires."""
    return _move(ws, actor, "setup", "scoring", "")


def start_review(ws: Workspace, actor: str) -> Stage:
    """scoring -> review (lead only): scores are frozen, sign-off may start."""
    return _move(ws, actor, "scoring", "review", "")


def reopen_scoring(ws: Workspace, actor: str, reason: str) -> Stage:
    """review (or approved) -> scoring (lead only, with a reason): scores may change again."""
    return _move(ws, actor, "review", "scoring", reason)


def _move(ws: Workspace, actor: str, old: str, new: str, reason: str) -> Stage:
    from .store import now_iso

    if not roles_on(ws):
        raise VendorbenchError("stages need roles: this workspace is in single-team mode. Name a lead first: "
                               "vendorbench people DIR add NAME --role lead")
    _require_lead(ws, actor, "change the stage")
    current = stored_stage(ws).stored
    if current != old:
        raise VendorbenchError(f"the workspace is in the {current} stage; this step goes from {old} to {new}")
    if new == "scoring" and old == "setup" and not any("evaluator" in p.roles for p in people(ws)):
        raise VendorbenchError("nobody has the evaluator role yet: add one before opening scoring "
                               "(vendorbench people DIR add NAME --role evaluator)")
    if old == "review" and new == "scoring":
        reason = _reason(reason, "reopening scoring")
    at = now_iso()
    previous = _stage_record(ws)
    locked = previous.locked if previous and previous.locked else _questionnaire_hashes(ws)
    with audit.changes(ws) as log, ws._write() as db:
        log.record(actor, "stage", {"reason": reason} if reason else {}, old, new)
        t = db.table("stage")
        t.truncate()
        t.insert({"stage": new, "by": actor, "at": at, "locked": locked})
        db.table("stage_changes").insert({"by": actor, "at": at, "old": old, "new": new, "reason": reason})
    return Stage(new, new, actor, at)


def stage_changes(ws: Workspace) -> list[StageChangeRecord]:
    from .store import record

    return [record(StageChangeRecord, d, ws.file, "stage_changes", k)
            for k, d in ws._tables().get("stage_changes", {}).items()]


def _reason(reason: str | None, what: str) -> str:
    from .store import clean_note

    text = clean_note(reason or "", "reason")
    if not text:
        raise VendorbenchError(f"{what} needs a reason: add --reason TEXT")
    if len(text) > MAX_REASON:
        raise VendorbenchError(f"the reason is {len(text):,} characters long; the limit is {MAX_REASON:,}")
    return text


# --- the rules every save obeys (called by store.Workspace) ---------------------------


def check_can_score(ws: Workspace, person: str, scoring: Iterable[str] = ()) -> None:
    """With roles on: only an evaluator who has declared conflicts scores, and only while
    scoring is open and the questionnaires are as locked. scoring: the vendor ids the change
    gives a score, note or evidence to; a vendor the person declared a conflict with is not
    among them (recusal). Clearing a score is not scoring: a late declaration can withdraw one."""
    if not roles_on(ws):
        return
    if "evaluator" not in roles_of(ws, person):
        raise VendorbenchError(f"{person!r} is not an evaluator in this workspace, so cannot score; "
                               "the lead gives the role with: vendorbench people DIR set NAME --role evaluator ...")
    s = stored_stage(ws).stored
    if s != "scoring":
        hint = ("the lead opens it with: vendorbench stage DIR open-scoring" if s == "setup" else
                "the lead reopens it with: vendorbench stage DIR reopen --reason TEXT")
        raise VendorbenchError(f"scoring is not open (the workspace is in the {s} stage); {hint}")
    changed = questionnaires_changed(ws)
    if changed:
        raise VendorbenchError(f"{', '.join(changed)} changed since scoring opened (the questionnaires are locked); "
                               "restore the file, e.g. from git, before scoring")
    declared = declarations_of(ws, person)
    if not declared:
        raise VendorbenchError(f"{person!r} has not declared conflicts of interest yet; declare before the first "
                               f"score: vendorbench declare DIR --as {json.dumps(person, ensure_ascii=False)} --none "
                               "(or --vendor V --text \"...\" for each conflict)")
    conflicted = _conflicted_vendors(declared) & set(scoring)
    if conflicted:
        names = {v.id: v.name for v in ws.vendors()}
        vendor = names.get(min(conflicted), min(conflicted))
        raise VendorbenchError(
            f"{person!r} declared a conflict of interest with {vendor!r}, so does not score it (recusal); an earlier "
            "score can still be cleared (--value clear). A declaration made in error is replaced with: vendorbench "
            f"declare DIR --as {json.dumps(person, ensure_ascii=False)} ...")


def check_can_review(ws: Workspace, person: str) -> None:
    """With roles on: only legal records findings, in the scoring and review stages."""
    if not roles_on(ws):
        return
    if "legal" not in roles_of(ws, person):
        raise VendorbenchError(f"{person!r} does not have the legal role in this workspace, so cannot record "
                               "findings; the lead gives it with: vendorbench people DIR set NAME --role legal ...")
    s = stored_stage(ws).stored
    if s not in {"scoring", "review"}:
        raise VendorbenchError("legal review starts when scoring opens (the workspace is in the setup stage); "
                               "the lead opens it with: vendorbench stage DIR open-scoring")


def check_lead_owned(ws: Workspace, actor: str, what: str) -> None:
    """With roles on, the shared settings in workspace.json (SLA terms, TCO inputs, settings, next-step
    owners) are the lead's: one writer keeps the file free of git conflicts and the decision's inputs
    under one person's control. Single-team mode: anyone, as before."""
    if roles_on(ws):
        _require_lead(ws, actor, f"change {what} (the lead's shared settings)")


def check_weight_change(ws: Workspace, by: str | None, reason: str | None) -> dict[str, str] | None:
    """None when weights are not locked (change freely). Once scoring opened: the lead and
    a reason are required; returns who, when and why, for store.set_weights to record in
    the same write."""
    from .store import now_iso

    if not stored_stage(ws).weights_locked:
        return None
    if by is None:
        raise VendorbenchError("the weights are locked since scoring opened; the lead changes them with: "
                               "vendorbench weights DIR --as LEAD --reason TEXT --category ID=W ...")
    _require_lead(ws, by, "change the weights after scoring opened")
    return {"by": by, "at": now_iso(), "reason": _reason(reason, "changing the weights after scoring opened")}


def weight_changes(ws: Workspace) -> list[WeightChangeRecord]:
    """Every weight change made after scoring opened, oldest first."""
    from .store import _doc_key, record

    docs = ws._tables().get("weight_changes", {})
    return [record(WeightChangeRecord, d, ws.file, "weight_changes", k)
            for k, d in sorted(docs.items(), key=lambda kv: _doc_key(kv[0]))]


# --- per-person file: declarations and approvals --------------------------------------


def _person_file(ws: Workspace, person: str) -> Any:
    return ws.path("answers", ws.person_dir(person), GOVERNANCE_FILE)


@contextmanager
def _write_person(ws: Workspace, person: str) -> Iterator[Any]:
    from .store import identity_key

    folder = ws.path("answers", ws.person_dir(person))
    if not folder.is_dir():
        ws._refuse_lookalike_person(person)
        make_dir(folder)
    path = _person_file(ws, person)
    with open_locked(path, ws.path("answers", folder.name, PERSON_LOCK), f"{person}'s governance file ({path})") as db:
        meta = db.table("meta")
        doc = meta.get(doc_id=1)
        if doc is None:
            meta.insert({"person": person})
        elif not isinstance(doc.get("person"), str) or identity_key(doc["person"]) != identity_key(person):
            raise CorruptFileError(f"{path}: belongs to {doc.get('person')!r}, not to {person!r}; nothing was "
                                   "written. Move the file out of the folder.")
        yield db


def _person_files(ws: Workspace) -> Iterator[tuple[Any, str, dict[str, dict[str, dict]]]]:
    """(path, person, tables) of every governance file, in folder order."""
    from .store import _subfolders, record

    for folder in _subfolders(ws.path("answers")):
        if not is_safe_component(folder):
            continue
        path = ws.path("answers", folder, GOVERNANCE_FILE)
        if not path.is_file():
            continue
        tables = read_tables(path)
        meta = record(_PersonMeta, tables.get("meta", {}).get("1"), path, "meta", "1")
        yield path, meta.person, tables


def declare(ws: Workspace, person: str, conflicts: Sequence[tuple[str, str]] = (), none: bool = False) -> list[
        Declaration]:
    """Record a person's conflict-of-interest declaration, replacing their earlier one:
    none=True for "no conflict", else (vendor, text) per conflict."""
    from .store import clean_name, clean_note, now_iso

    person = clean_name(person, "person name", 100)
    if none == bool(conflicts):
        raise VendorbenchError("declare either --none or at least one --vendor V --text \"...\" (not both)")
    if roles_on(ws) and not roles_of(ws, person):
        raise VendorbenchError(f"{person!r} has no role in this workspace; the lead adds them first "
                               "(vendorbench people DIR add NAME --role evaluator)")
    at = now_iso()
    docs = [{"vendor_id": None, "text": "", "at": at}] if none else []
    for vendor, text in conflicts:
        v = ws.find_vendor(vendor)
        body = clean_note(text, "declaration text")
        if not body:
            raise VendorbenchError(f"say what the conflict with {v.name!r} is: --text \"...\"")
        docs.append({"vendor_id": v.id, "text": body, "at": at})
    with audit.changes(ws) as log, _write_person(ws, person) as db:
        t = db.table("declarations")
        log.record(person, "declaration", {}, [_declared(d) for d in t.all()] or None, [_declared(d) for d in docs])
        t.truncate()
        for d in docs:
            t.insert(d)
    return [Declaration(person, d["vendor_id"], d["text"], at) for d in docs]  # type: ignore[arg-type]


def _declared(doc: dict[str, Any]) -> dict[str, Any]:
    """A declaration as the audit log records it: the vendor and the text, not the time."""
    return {"vendor": doc.get("vendor_id"), "text": doc.get("text", "")}


def declarations_of(ws: Workspace, person: str) -> list[Declaration]:
    from .store import record

    path = _person_file(ws, person)
    if not path.is_file():
        return []
    tables = read_tables(path)
    return [Declaration(person, r.vendor_id, r.text, r.at)
            for k, d in tables.get("declarations", {}).items()
            for r in [record(DeclarationRecord, d, path, "declarations", k)]]


def _conflicted_vendors(declared: Iterable[Declaration]) -> set[str]:
    return {d.vendor_id for d in declared if d.vendor_id}


def recused_from(ws: Workspace, person: str, vendor_id: str) -> bool:
    """With roles on: person declared a conflict of interest with the vendor, so does not score it."""
    return roles_on(ws) and vendor_id in _conflicted_vendors(declarations_of(ws, person))


def declarations(ws: Workspace) -> list[Declaration]:
    """Everyone's declarations (for the report), by person."""
    from .store import record

    out = []
    for path, person, tables in _person_files(ws):
        for k, d in tables.get("declarations", {}).items():
            r = record(DeclarationRecord, d, path, "declarations", k)
            out.append(Declaration(person, r.vendor_id, r.text, r.at))
    return out


# --- the decision state and its digest ---------------------------------------------------


def decision_state(ws: Workspace, res: Any = None) -> dict[str, Any]:
    """Everything a decision rests on, as plain JSON: answers, findings, applicability,
    weights, vendors, SLA and TCO inputs, settings, the pinned questionnaires and the
    computed results. Timestamps of saves are left out: only content counts."""
    from . import results

    res = res if res is not None else results.load(ws)
    weights = ws.weights()
    return {
        "questionnaires": _questionnaire_hashes(ws),
        "vendors": [v.as_dict() for v in ws.vendors()],
        "answers": sorted([a.evaluator, a.vendor_id, a.criterion, a.value, a.note, a.evidence] for a in ws.answers()),
        "findings": sorted([f.reviewer, f.vendor_id, f.item, f.status, f.note, f.clause] for f in ws.findings()),
        "applicability": {vid: sorted(off) for vid, off in sorted(ws.conditions_off().items())},
        "weights": {"categories": weights.categories, "criteria": weights.criteria},
        "sla": ws.sla_terms(),
        "tco": ws.tco_inputs(),
        "settings": ws.settings().to_json(),
        "results": res.to_json(),
    }


def digest_of(state: dict[str, Any]) -> str:
    """SHA-256 over canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def decision_digest(ws: Workspace, res: Any = None) -> str:
    return digest_of(decision_state(ws, res))


def approvals(ws: Workspace) -> list[Approval]:
    """Every sign-off by every approver, oldest first."""
    from .store import record

    out = []
    for path, person, tables in _person_files(ws):
        for k, d in tables.get("approvals", {}).items():
            r = record(ApprovalRecord, d, path, "approvals", k)
            out.append(Approval(person, r.decision, r.note, r.at, r.digest))
    return sorted(out, key=lambda a: a.at)


def approval_state(ws: Workspace, res: Any = None) -> ApprovalState:
    """The latest sign-off, checked against the digest of the current decision state."""
    if not roles_on(ws):
        return ApprovalState("off", "")
    current = decision_digest(ws, res)
    found = approvals(ws)
    if not found:
        return ApprovalState("none", current)
    latest = found[-1]
    return ApprovalState(latest.decision if latest.digest == current else "void", current, latest)


def _has_scored_or_reviewed(ws: Workspace, person: str) -> bool:
    from .store import identity_key

    key = identity_key(person)
    return any(identity_key(a.evaluator) == key for a in ws.answers()) or any(
        identity_key(f.reviewer) == key for f in ws.findings())


def approve(ws: Workspace, approver: str, decision: str, note: str) -> Approval:
    """Sign off the decision as it stands: only an approver, in the review stage, who has
    neither scored nor reviewed anything here. Stored in the approver's own file."""
    from .store import clean_name, clean_note, now_iso

    approver = clean_name(approver, "approver name", 100)
    if decision not in DECISIONS:
        raise VendorbenchError(f"decision {decision!r} is not known: use one of {', '.join(DECISIONS)}")
    if not roles_on(ws):
        raise VendorbenchError("sign-off needs roles: this workspace is in single-team mode. Name a lead and an "
                               "approver first: vendorbench people DIR add NAME --role lead ...")
    if "approver" not in roles_of(ws, approver):
        raise VendorbenchError(f"{approver!r} is not an approver in this workspace; only approvers sign off "
                               "(the lead gives the role: vendorbench people DIR set NAME --role approver ...)")
    if _has_scored_or_reviewed(ws, approver):
        raise VendorbenchError(f"{approver!r} has scored or reviewed in this workspace, so cannot approve: "
                               "nobody approves their own evaluation")
    s = stored_stage(ws).stored
    if s != "review":
        raise VendorbenchError(f"sign-off happens in the review stage (the workspace is in the {s} stage); "
                               "the lead moves there with: vendorbench stage DIR review")
    text = clean_note(note, "note")
    if not text:
        raise VendorbenchError("say why in a note: --note TEXT")
    digest = decision_digest(ws)
    at = now_iso()
    with audit.changes(ws) as log, _write_person(ws, approver) as db:
        log.record(approver, "approval", {"digest": digest}, None, {"decision": decision, "note": text})
        db.table("approvals").insert({"decision": decision, "note": text, "at": at, "digest": digest})
    return Approval(approver, decision, text, at, digest)


# --- what the report and the TUI show --------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Governance as the report and the TUI show it (None from summary() in single-team mode)."""

    stage: Stage
    state: ApprovalState
    declarations: tuple[tuple[str, str, str], ...]  # (person, vendor name or "", text or "no conflict")
    weight_changes: tuple[WeightChangeRecord, ...]
    undeclared: tuple[str, ...]  # evaluators (by role, or because they scored) without a declaration
    # (person, vendor name): scores given to a vendor the person declared a conflict of interest with
    conflicted: tuple[tuple[str, str], ...] = ()

    @property
    def mark(self) -> str:
        """The report's status mark: FINAL only when approved and unchanged since."""
        return "FINAL" if self.state.final else "APPROVAL VOID" if self.state.void else "DRAFT"

    @property
    def line(self) -> str:
        lock = "weights locked" if self.stage.weights_locked else "weights open"
        return f"stage: {self.stage.stage} · {lock} · {self.state.line}"


def summary(ws: Workspace, res: Any = None) -> Summary | None:
    if not roles_on(ws):
        return None
    state = approval_state(ws, res)
    names = {v.id: v.name for v in ws.vendors()}
    found = declarations(ws)
    listed = tuple((d.person, names.get(d.vendor_id, d.vendor_id) if d.vendor_id else "",
                    d.text if d.vendor_id else "no conflict of interest") for d in found)
    declared = {d.person for d in found}
    from .store import identity_key

    declared_keys = {identity_key(p) for p in declared}
    answers = ws.answers()
    scorers = sorted({a.evaluator for a in answers}, key=identity_key)
    candidates = [p.name for p in people(ws) if "evaluator" in p.roles]
    candidates += [s for s in scorers if identity_key(s) not in {identity_key(c) for c in candidates}]
    undeclared = tuple(p for p in candidates if identity_key(p) not in declared_keys)
    conflicts = {(identity_key(d.person), d.vendor_id) for d in found if d.vendor_id}
    conflicted = tuple(sorted({(a.evaluator, names.get(a.vendor_id, a.vendor_id)) for a in answers
                               if (identity_key(a.evaluator), a.vendor_id) in conflicts}))
    return Summary(stage(ws, state), state, listed, tuple(weight_changes(ws)), undeclared, conflicted)


def describe_weights(weights: dict[str, dict[str, float]]) -> str:
    """A weight override table as one line: "a=5, a.one=2" ("defaults" when empty)."""
    parts = [f"{k}={v:g}" for k, v in sorted(weights.get("categories", {}).items())]
    parts += [f"{k}={v:g}" for k, v in sorted(weights.get("criteria", {}).items())]
    return ", ".join(parts) or "defaults"
