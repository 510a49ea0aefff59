"""`vendorbench rfp ...` (RFP packs out, vendor responses in) and `vendorbench evidence ...`.

Thin like the rest of the CLI: parse, call vendorbench.rfp, print. Heavy
modules (openpyxl) load inside the commands.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ..errors import VendorbenchError

SHOW = 100  # characters of an answer shown in a diff line


def add_parsers(cmd: Callable[[str, str], argparse.ArgumentParser], parser_class: type) -> None:
    sp = cmd("rfp", "RFP packs: export a questionnaire workbook per vendor, import the vendor's answers")
    sub: Any = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)

    ex = sub.add_parser("export", help="write the RFP pack (XLSX) for one vendor or all of them")
    ex.add_argument("dir", metavar="DIR")
    who = ex.add_mutually_exclusive_group(required=True)
    who.add_argument("--vendor", metavar="V")
    who.add_argument("--all", action="store_true", help="one pack per vendor")
    ex.add_argument("-o", "--output", metavar="PATH",
                    help="the file (with --vendor) or folder (with --all); default: exports/ in the current folder")

    im = sub.add_parser("import", help="import a vendor's returned pack (XLSX, or CSV of one of its sheets) "
                                       "as their next response round")
    im.add_argument("dir", metavar="DIR")
    im.add_argument("--vendor", required=True, metavar="V")
    im.add_argument("file", metavar="FILE")

    rs = sub.add_parser("responses", help="show a vendor's stored answers (latest round, or --round N)")
    rs.add_argument("dir", metavar="DIR")
    rs.add_argument("--vendor", required=True, metavar="V")
    rs.add_argument("--round", type=int, metavar="N")
    rs.add_argument("--json", action="store_true")

    cq = sub.add_parser("caiq", help="file a vendor's completed CSA CAIQ v4 workbook as security evidence")
    cq.add_argument("dir", metavar="DIR")
    cq.add_argument("--vendor", required=True, metavar="V")
    cq.add_argument("file", metavar="FILE.xlsx")
    cq.add_argument("--map", metavar="FILE", help="question-id to criterion mapping (default: the built-in "
                                                  "questionnaires/maps/caiq-v4-security-map.toml)")
    cq.add_argument("--received", type=_date, metavar="YYYY-MM-DD", help="date received (default: today)")
    cq.add_argument("--expires", type=_date, metavar="YYYY-MM-DD", help="until when the answers hold")

    sp = cmd("evidence", "evidence records behind vendors' answers: add, list with expiry flags, update")
    sub = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    ad = sub.add_parser("add", help="record a reference or copy a file (kept with its SHA-256) as evidence")
    ad.add_argument("dir", metavar="DIR")
    ad.add_argument("--vendor", required=True, metavar="V")
    ad.add_argument("--item", required=True, metavar="ID", help="the criterion or legal item it supports")
    ad.add_argument("--ref", default="", metavar="TEXT", help="what it is, e.g. 'SOC 2 Type II report 2026'")
    ad.add_argument("--file", metavar="PATH", help="a file to copy into the workspace")
    _record_options(ad)

    up = sub.add_parser("update", help="change the dates, location or reference of a record")
    up.add_argument("dir", metavar="DIR")
    up.add_argument("--vendor", required=True, metavar="V")
    up.add_argument("record", metavar="RECORD", help="the record id shown by evidence list, e.g. e3")
    up.add_argument("--ref", metavar="TEXT")
    up.add_argument("--same-reference", action="store_true",
                    help="change every record of the vendor that cites the same document")
    _record_options(up, clearable=True)

    ls = sub.add_parser("list", help="list evidence records; flags expired evidence and evidence expiring "
                                     "before the planned contract start")
    ls.add_argument("dir", metavar="DIR")
    ls.add_argument("--vendor", metavar="V")
    ls.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="check expiry as of this day (default: today)")
    ls.add_argument("--json", action="store_true")

    cs = sub.add_parser("contract-start", help="show or set the planned contract start date")
    cs.add_argument("dir", metavar="DIR")
    cs.add_argument("date", nargs="?", metavar="YYYY-MM-DD|none")
    for writer in (im, cq, ad, up, cs):  # the audit trail records who
        writer.add_argument("--as", dest="user", metavar="NAME",
                            help="who you are (default: $VENDORBENCH_USER, else your login name)")


def _record_options(sp: argparse.ArgumentParser, clearable: bool = False) -> None:
    date = _date_or_none if clearable else _date
    hint = " ('none' clears it)" if clearable else ""
    sp.add_argument("--location", metavar="TEXT", help="page, sheet or cell, e.g. 'p. 14' or 'Controls!C12'")
    sp.add_argument("--received", type=date, metavar="YYYY-MM-DD", help="date received (default: today)" + hint)
    sp.add_argument("--expires", type=date, metavar="YYYY-MM-DD",
                    help="end of the report period or certificate validity" + hint)
    sp.add_argument("--note", metavar="TEXT")


def _date(text: str) -> Any:
    import datetime as _dt

    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD, e.g. 2027-03-14")


def _date_or_none(text: str) -> Any:
    return "none" if text.strip().lower() == "none" else _date(text)


def cmd_rfp(args: argparse.Namespace) -> int:
    from ..store import Workspace

    ws = Workspace(args.dir)
    return {"export": _export, "import": _import, "responses": _responses, "caiq": _caiq}[args.action](ws, args)


def cmd_evidence(args: argparse.Namespace) -> int:
    from ..store import Workspace

    ws = Workspace(args.dir)
    return {"add": _ev_add, "update": _ev_update, "list": _ev_list, "contract-start": _ev_start}[args.action](ws, args)


def _ev_add(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import evidence

    vendor = ws.find_vendor(args.vendor)
    rec = evidence.add(ws, vendor.id, args.item, by=args.user, reference=args.ref, file=args.file,
                       location=args.location or "",
                       received=args.received, expires=args.expires, note=args.note or "")
    stored = f", file kept as sha256 {rec.sha256[:12]}..." if rec.file else ""
    print(f"Added evidence {rec.id} for {vendor.name} / {rec.item}: {rec.reference}{stored}")
    return 0


def _ev_update(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import evidence

    changes: dict[str, Any] = {}
    for key in ("expires", "received"):
        value = getattr(args, key)
        if value is not None:
            changes[key] = None if value == "none" else value
    vendor_id = ws.find_vendor(args.vendor).id
    for rec in evidence.update(ws, vendor_id, args.record, by=args.user, location=args.location, reference=args.ref,
                               note=args.note, same_reference=args.same_reference, **changes):
        print(f"Updated evidence {rec.id} ({rec.item}): {rec.reference}, received {_day(rec.received)}, "
              f"expires {_day(rec.expires)}")
    return 0


def _ev_list(ws: Any, args: argparse.Namespace) -> int:
    import datetime as _dt

    from ..rfp import evidence

    vendor = ws.find_vendor(args.vendor) if args.vendor else None
    recs = evidence.records(ws, vendor.id if vendor else None)
    today = args.on or _dt.date.today()
    start = ws.contract_start()
    flags = {(f.vendor_id, f.record_id): f for f in evidence.expiry_flags(recs, today, start)}
    names = {v.id: v.name for v in ws.vendors()}
    if args.json:
        print(json.dumps({"on": today.isoformat(), "contract_start": _day(start, None), "records": [
            {"id": r.id, "vendor": r.vendor_id, "item": r.item, "kind": r.kind, "reference": r.reference,
             "location": r.location, "received": _day(r.received, None), "expires": _day(r.expires, None),
             "file": r.original_name or None, "sha256": r.sha256 or None, "file_intact": evidence.file_intact(ws, r),
             "source": r.source, "flag": (f.state if (f := flags.get((r.vendor_id, r.id))) else None)}
            for r in recs]}, ensure_ascii=False, indent=2))
        return 0
    if not recs:
        print("No evidence recorded yet (add it with: vendorbench evidence add)")
        return 0
    print(f"Evidence as of {today.isoformat()}" + (f"; planned contract start {start.isoformat()}" if start else
                                                 "; no contract start set (evidence contract-start DIR DATE)"))
    for r in recs:
        flag = flags.get((r.vendor_id, r.id))
        where = f" [{r.location}]" if r.location else ""
        file = ""
        if r.file:
            file = " (file kept)" if evidence.file_intact(ws, r) else " (FILE MISSING OR CHANGED)"
        print(f"  {r.id:<4} {names.get(r.vendor_id, r.vendor_id)} / {r.item}: {r.reference}{where}{file}")
        print(f"       received {_day(r.received)}, expires {_day(r.expires)}, {r.source}"
              + (f"  ** {flag.state.upper()}: {flag.message}" if flag else ""))
    if flags:
        print(f"{len(flags)} record(s) flagged")
    return 0


def _ev_start(ws: Any, args: argparse.Namespace) -> int:
    if args.date is None:
        start = ws.contract_start()
        print(f"Planned contract start: {start.isoformat()}" if start else "No planned contract start set")
        return 0
    day = _date_or_none(args.date)
    ws.set_contract_start(None if day == "none" else day, by=args.user)
    print(f"Planned contract start: {day.isoformat()}" if day != "none" else "Planned contract start cleared")
    return 0


def _day(day: Any, empty: Any = "-") -> Any:
    return day.isoformat() if day else empty


def _export(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import pack

    paths = (pack.export_all(ws, args.output) if args.all
             else [pack.export(ws, ws.find_vendor(args.vendor).id, args.output)])
    for path in paths:
        print(f"Wrote {path}")
    return 0


def _import(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import responses

    res = responses.import_file(ws, ws.find_vendor(args.vendor).id, args.file, by=args.user)
    name = res.vendor.name
    if not res.stored:
        print(f"{args.file}: same answers as round {res.round} of {name}; nothing stored")
        return 0
    d = res.diff
    summary = f"{len(res.responses)} answers"
    if res.round > 1:
        summary += f"; against round {res.round - 1}: {len(d.changed)} changed, {len(d.new)} new, " \
                   f"{len(d.withdrawn)} withdrawn"
    print(f"Imported round {res.round} for {name} from {args.file}: {summary}")
    if res.carried:
        print(f"  {len(res.carried)} answers kept from round {res.round - 1}: this file does not hold their sheet")
    if res.round == 1:
        return 0
    for title, ids in (("Changed", d.changed), ("New", d.new), ("Withdrawn", d.withdrawn)):
        if not ids:
            continue
        print(f"{title}:")
        for ident in ids:
            after, before = res.responses.get(ident), res.previous.get(ident)
            print(f"  {ident}" + (f"  ({after.cell})" if after else ""))
            if before is not None and title != "New":
                print(f"    was: {_line(before)}")
            if after is not None:
                print(f"    now: {_line(after)}")
    return 0


def _caiq(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import caiq

    res = caiq.import_caiq(ws, ws.find_vendor(args.vendor).id, args.file, args.map, received=args.received,
                           expires=args.expires, by=args.user)
    filed = res.answered - res.unmapped
    print(f"{args.file}: {res.answered} answered questions on sheet {res.sheet}: {filed} filed as evidence, "
          f"{res.unmapped} not mapped to a criterion")
    for criterion, counts in res.by_criterion.items():
        nos = res.no_answers.get(criterion)
        print(f"  {criterion}: {counts['Yes']} Yes, {counts['No']} No, {counts['NA']} NA"
              + (f" (No: {', '.join(nos)})" if nos else ""))
    return 0


def _responses(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import responses

    v = ws.find_vendor(args.vendor)
    found = responses.rounds(ws, v.id)
    if not found:
        raise VendorbenchError(f"no responses from {v.name!r} yet (import them with: vendorbench rfp import)")
    numbers = [r.number for r in found]
    if args.round is not None and args.round not in numbers:
        raise VendorbenchError(f"{v.name!r} has no round {args.round}; rounds: {', '.join(map(str, numbers))}")
    rnd = next(r for r in found if r.number == args.round) if args.round is not None else found[-1]
    if args.json:
        print(json.dumps({"vendor": v.id, "round": rnd.number, "rounds": numbers, "imported": rnd.imported,
                          "source": rnd.source, "sha256": rnd.sha256,
                          "responses": [{"id": r.id, "kind": r.kind, "answer": r.answer, "comment": r.comment,
                                         "evidence": r.evidence, "attachments": list(r.attachments),
                                         "clause": r.clause, "cell": r.cell} for r in rnd.responses.values()]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{v.name}: round {rnd.number} of {len(numbers)}, imported {rnd.imported} from {rnd.source}")
    for r in rnd.responses.values():
        print(f"  {r.id}: {_line(r)}")
        if r.attachments:
            print(f"    attachments: {'; '.join(r.attachments)}")
    return 0


def _line(r: Any) -> str:
    parts = [r.answer or "(no answer)"]
    if r.comment:
        parts.append(f"comment: {r.comment}")
    if r.clause:
        parts.append(f"clause: {r.clause}")
    if r.evidence:
        parts.append(f"evidence: {r.evidence}")
    text = " | ".join(parts).replace("\n", " ")
    return text if len(text) <= SHOW else text[: SHOW - 3].rstrip() + "..."


COMMANDS = {"rfp": cmd_rfp, "evidence": cmd_evidence}
