"""`vendorbench people`, `stage`, `declare` and `approve`: decision governance
(vendorbench.governance). Thin: parse, call the core, print."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from ..errors import VendorbenchError

ROLE_HELP = "lead, evaluator, legal or approver (repeat for several)"


def add_parsers(cmd: Callable[[str, str], argparse.ArgumentParser], parser_class: type) -> None:
    def who(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--as", dest="user", metavar="NAME",
                        help="who you are (default: $VENDORBENCH_USER, else your login name)")

    sp = cmd("people", "roles per person: lead, evaluator, legal, approver (the lead manages them; "
                       "the first person given roles must be a lead)")
    sp.add_argument("dir", metavar="DIR")
    sub: Any = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    for action, text in (("add", "give a new person roles"), ("set", "replace a person's roles")):
        a = sub.add_parser(action, help=text)
        a.add_argument("name", metavar="NAME")
        a.add_argument("--role", dest="roles", action="append", required=True, metavar="ROLE", help=ROLE_HELP)
        who(a)
    rm = sub.add_parser("remove", help="take away all of a person's roles (their answers stay)")
    rm.add_argument("name", metavar="NAME")
    who(rm)
    ls = sub.add_parser("list", help="list people, their roles and declarations")
    ls.add_argument("--json", action="store_true")

    sp = cmd("stage", "show or move the stage: setup -> scoring (locks weights and questionnaires) -> review "
                      "-> approved (lead only)")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("action", nargs="?", default="show", choices=["show", "open-scoring", "review", "reopen"],
                    help="show (default); open-scoring; review (scores frozen, sign-off may start); "
                         "reopen (back to scoring, needs --reason)")
    sp.add_argument("--reason", metavar="TEXT", help="why scoring is reopened")
    who(sp)

    sp = cmd("declare", "declare your conflicts of interest (before your first score when roles are set)")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--none", action="store_true", help="no conflict of interest with any vendor")
    sp.add_argument("--vendor", dest="vendors", action="append", default=[], metavar="V",
                    help="a vendor you have a conflict with (repeat, each with its --text)")
    sp.add_argument("--text", dest="texts", action="append", default=[], metavar="TEXT",
                    help="what the conflict is, for the --vendor before it")

    sp = cmd("approve", "sign off the decision as it stands (approvers only; not who scored or reviewed)")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--decision", required=True, choices=["approve", "approve-with-conditions", "reject"])
    sp.add_argument("--note", required=True, metavar="TEXT", help="the reasons, or the conditions")


def _ws(args: argparse.Namespace) -> Any:
    from ..store import Workspace

    return Workspace(args.dir)


def cmd_people(args: argparse.Namespace) -> int:
    from .. import governance as gov
    from ..store import current_user

    ws = _ws(args)
    if args.action == "list":
        found = gov.people(ws)
        declared = {}
        for d in gov.declarations(ws):
            declared.setdefault(d.person, []).append(d)
        if args.json:
            print(json.dumps([{"name": p.name, "roles": list(p.roles),
                               "declared": p.name in declared} for p in found], ensure_ascii=False, indent=2))
            return 0
        if not found:
            print("No roles set: single-team mode (anyone scores, reviews and changes weights).")
            print("Name a lead to start governance: vendorbench people DIR add NAME --role lead")
            return 0
        for p in found:
            mark = "" if "evaluator" not in p.roles else (
                "  (declared)" if p.name in declared else "  (no declaration yet)")
            print(f"{p.name}: {', '.join(p.roles)}{mark}")
        return 0
    actor = current_user(args.user)
    if args.action == "add":
        p = gov.add_person(ws, actor, args.name, args.roles)
        print(f"Added {p.name}: {', '.join(p.roles)}")
    elif args.action == "set":
        p = gov.set_roles(ws, actor, args.name, args.roles)
        print(f"Roles of {p.name}: {', '.join(p.roles)}")
    else:
        p = gov.remove_person(ws, actor, args.name)
        print(f"Removed the roles of {p.name} (their answers stay)")
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    from .. import governance as gov
    from ..store import current_user

    ws = _ws(args)
    if args.action != "show":
        actor = current_user(args.user)
        if args.action != "reopen" and args.reason is not None:
            raise VendorbenchError("--reason goes with reopen")
        move = {"open-scoring": lambda: gov.open_scoring(ws, actor), "review": lambda: gov.start_review(ws, actor),
                "reopen": lambda: gov.reopen_scoring(ws, actor, args.reason or "")}[args.action]
        s = move()
        print(f"Stage: {s.stage} (by {s.by})")
        if args.action == "open-scoring":
            print("Weights and questionnaires are locked; weight changes now need the lead and --reason.")
        return 0
    state = gov.approval_state(ws)
    s = gov.stage(ws, state)
    if s.stage == "single-team":
        print("Stage: single-team mode (no roles set; no stages, no weight lock, no sign-off)")
        return 0
    print(f"Stage: {s.stage}" + (f" (since {s.at[:10]}, by {s.by})" if s.by else ""))
    print(f"Weights: {'locked since scoring opened' if s.weights_locked else 'open (setup)'}")
    for name in gov.questionnaires_changed(ws):
        print(f"warning: {name} changed since scoring opened")
    print(state.line[0].upper() + state.line[1:])
    return 0


def cmd_declare(args: argparse.Namespace) -> int:
    from .. import governance as gov
    from ..store import current_user

    if len(args.texts) != len(args.vendors):
        raise VendorbenchError("give one --text for each --vendor (what the conflict is)")
    ws = _ws(args)
    person = current_user(args.user)
    found = gov.declare(ws, person, list(zip(args.vendors, args.texts)), none=args.none)
    if args.none:
        print(f"Declared: {person} has no conflict of interest")
    for d in found:
        if d.vendor_id is not None:
            print(f"Declared: {person} / {ws.vendor_by_id(d.vendor_id).name}: {d.text}")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from .. import governance as gov
    from ..store import current_user

    ws = _ws(args)
    a = gov.approve(ws, current_user(args.user), args.decision, args.note)
    print(f"Recorded: {a.decision} by {a.approver} at {a.at}")
    print(f"Decision digest (SHA-256): {a.digest}")
    return 0


COMMANDS = {"people": cmd_people, "stage": cmd_stage, "declare": cmd_declare, "approve": cmd_approve}
