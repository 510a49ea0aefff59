"""`vendorbench audit`: the history of changes, `audit verify` and `audit repair`.

Thin: vendorbench.audit reads, checks and replays the logs; this prints."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any

from ..errors import VendorbenchError

EXIT_OK, EXIT_BROKEN = 0, 1
SHOWN = 70  # characters of a value shown per change


def cmd_audit(args: argparse.Namespace) -> int:
    words = list(args.words)
    action = words.pop(0) if len(words) == 2 and words[0] in {"verify", "repair"} else "show"
    if len(words) != 1:
        raise VendorbenchError("usage: vendorbench audit DIR [--vendor V] [--person P] [--since YYYY-MM-DD] | "
                               "audit verify DIR | audit repair DIR --as NAME")
    from ..store import Workspace

    ws = Workspace(words[0])
    if action == "verify":
        return _verify(ws)
    if action == "repair":
        return _repair(ws, args.user)
    return _show(ws, args)


def _verify(ws: Any) -> int:
    from .. import audit

    result = audit.verify(ws)
    for note in result.notes:
        print(f"note: {_plain(note)}")
    if not result.ok:
        for problem in result.problems:
            print(f"vendorbench: {_plain(problem)}", file=sys.stderr)
        print(f"audit verify: FAILED: {len(result.problems)} problem(s); the first: {_plain(result.problems[0])}",
              file=sys.stderr)
        return EXIT_BROKEN
    if result.predating:
        print(f"no audit logs yet: {result.predating} answers and findings predate the audit trail "
              "(made by an earlier version); the first change records a baseline of them")
        return EXIT_OK
    print(result.summary())
    print(f"audit heads: {_plain(audit.heads_text(audit.heads(ws)))}")  # compare with a report's cover
    return EXIT_OK


def _repair(ws: Any, user: str | None) -> int:
    from .. import audit
    from ..store import current_user

    person = current_user(user)
    cut = audit.repair(ws, person)
    if cut:
        print(f"{audit.log_path(ws, person)}: cut {cut} torn bytes from the last line (recorded in the log)")
    else:
        print(f"{audit.log_path(ws, person)}: nothing to repair")
    return EXIT_OK


def _show(ws: Any, args: argparse.Namespace) -> int:
    from .. import audit
    from ..store import identity_key

    logs = audit.read_logs(ws)
    names = {v.id: v.name for v in ws.vendors()}
    entries = []
    for log in logs:
        for e in log.entries:
            if e.action in {"vendor.add", "vendor.update"} and isinstance(e.new, dict) and \
                    isinstance(e.new.get("name"), str):
                names.setdefault(str(e.target.get("vendor")), e.new["name"])
            entries.append(e)
    vendor_id = None
    if args.vendor:
        text = args.vendor.strip()
        vendor_id = text[3:].strip() if text.casefold().startswith("id:") else next(
            (vid for vid, name in names.items() if identity_key(name) == identity_key(text)), None)
        if vendor_id is None:
            vendor_id = ws.find_vendor(text).id  # the usual message listing the vendors
    person = identity_key(args.person) if args.person else None
    since = args.since.isoformat() if args.since else None
    shown = 0
    for e in sorted(entries, key=lambda e: (e.at, e.person, e.seq)):
        if vendor_id is not None and e.target.get("vendor") != vendor_id:
            continue
        if person is not None and identity_key(e.person) != person:
            continue
        if since is not None and e.at[:10] < since:
            continue
        shown += 1
        print(_line(e, names))
    if not shown:
        print("no changes recorded" + (" that match" if vendor_id or person or since else ""))
    broken = [log.problem for log in logs if log.problem]
    for problem in broken:
        print(f"vendorbench: {_plain(problem)} (entries after it are not shown; run: vendorbench audit verify)",
              file=sys.stderr)
    return EXIT_BROKEN if broken else EXIT_OK


def _line(e: Any, names: dict[str, str]) -> str:
    target = dict(e.target)
    parts = []
    vendor = target.pop("vendor", None)
    if vendor is not None:
        parts.append(f"{names.get(str(vendor), '?')} ({vendor})")
    owner = target.pop("person", None)
    if owner is not None and owner != e.person:
        parts.append(f"for {owner}")
    parts += [f"{k}={_value(v)}" for k, v in target.items() if k != "import"]
    if target.get("import"):
        parts.append("(import)")
    when = e.at.replace("T", " ").replace("+00:00", "Z")
    if isinstance(e.old, dict) and isinstance(e.new, dict):  # only what changed
        keys = [k for k in sorted({*e.old, *e.new}) if e.old.get(k) != e.new.get(k)]
        change = "; ".join(f"{k} {_value(e.old.get(k))} -> {_value(e.new.get(k))}" for k in keys)
    else:
        change = f"{_value(e.old)} -> {_value(e.new)}"
    return _plain(f"{when}  {e.person}  {e.action}  {' '.join(parts)}: {change}")


def _value(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, dict) and set(v) == {"value", "note", "evidence"} and not v["note"] and not v["evidence"]:
        v = v["value"]
    if isinstance(v, dict) and set(v) == {"status", "note", "clause"} and not v["note"] and not v["clause"]:
        v = v["status"]
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def _plain(text: str) -> str:
    """A log comes from a teammate: control characters (terminal escapes) are shown, never sent."""
    return "".join(ch if unicodedata.category(ch) not in {"Cc", "Cf"} or ch == "\n" else repr(ch)[1:-1]
                   for ch in str(text))
