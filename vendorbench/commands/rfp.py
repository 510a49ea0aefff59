"""`vendorbench rfp ...`: RFP packs out, vendor responses in.

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
    sub = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)

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


def cmd_rfp(args: argparse.Namespace) -> int:
    from ..store import Workspace

    ws = Workspace(args.dir)
    return {"export": _export, "import": _import, "responses": _responses}[args.action](ws, args)


def _export(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import pack

    paths = pack.export_all(ws, args.output) if args.all else [pack.export(ws, args.vendor, args.output)]
    for path in paths:
        print(f"Wrote {path}")
    return 0


def _import(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import responses

    res = responses.import_file(ws, args.vendor, args.file)
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


def _responses(ws: Any, args: argparse.Namespace) -> int:
    from ..rfp import responses

    v = ws.vendor(args.vendor)
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


COMMANDS = {"rfp": cmd_rfp}
