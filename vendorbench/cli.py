"""The command line: parse, call the core, print, exit.

Exit codes: 0 success; 1 bad input or validation failure (message on stderr,
never a traceback); 2 command-line usage error. Heavy modules are imported
inside the commands that need them so `vendorbench --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .commands import audit as _audit_cmds
from .commands import governance as _governance_cmds
from .commands import rfp as _rfp_cmds
from .commands import sync as _sync_cmds
from .errors import VendorbenchError

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
VENDOR_HELP = "the vendor's name, or its id written id:v3"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _key_value(text: str) -> tuple[str, float]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected ID=WEIGHT, e.g. security=20")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: weight {value!r} is not a number") from None
    return key.strip(), number


def _date(text: str) -> Any:
    import datetime as _dt
    import re

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD, e.g. 2027-03-14")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="vendorbench", description=(
        "Choose and contract a customer-support outsourcing vendor (BPO) with discipline: "
        "weighted scorecards, a contract-risk checklist, a ranked recommendation."))
    p.add_argument("--version", action="version", version=f"vendorbench {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help)

    def who(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--as", dest="user", metavar="NAME",
                        help="who you are (default: $VENDORBENCH_USER, else your login name)")

    sp = cmd("validate", "check questionnaire TOML files; list every problem")
    sp.add_argument("files", nargs="+", metavar="FILE")

    sp = cmd("init", "create a workspace for a sourcing event")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--name", required=True, help="the event's name, e.g. 'Tier 1 support 2027'")
    sp.add_argument("--scorecard", default="bpo-scorecard", metavar="ID_OR_FILE")
    sp.add_argument("--legal", default="legal-risk", metavar="ID_OR_FILE")

    sp = cmd("vendor", "add, list, rename, remove or merge shortlisted vendors")
    vsub = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    va = vsub.add_parser("add", help="add a vendor")
    va.add_argument("dir", metavar="DIR")
    va.add_argument("name", metavar="NAME")
    va.add_argument("--region", choices=["onshore", "nearshore", "offshore"])
    va.add_argument("--website", default="")
    va.add_argument("--notes", default="")
    who(va)
    vl = vsub.add_parser("list", help="list vendors")
    vl.add_argument("dir", metavar="DIR")
    vl.add_argument("--json", action="store_true")
    vr = vsub.add_parser("rename", help="rename a vendor (answers follow)")
    vr.add_argument("dir", metavar="DIR")
    vr.add_argument("old", metavar="OLD", help=VENDOR_HELP)
    vr.add_argument("new", metavar="NEW")
    who(vr)
    vd = vsub.add_parser("remove", help="remove a vendor (refused while it has answers unless --force)")
    vd.add_argument("dir", metavar="DIR")
    vd.add_argument("name", metavar="NAME", help=VENDOR_HELP)
    vd.add_argument("--force", action="store_true", help="also delete every answer and finding for it")
    who(vd)
    vm = vsub.add_parser("merge", help="join a vendor entered twice: its answers go to the kept entry, "
                                       "the other entry is removed")
    vm.add_argument("dir", metavar="DIR")
    vm.add_argument("source", metavar="FROM", help="the entry to merge away, e.g. id:v120775")
    vm.add_argument("--into", required=True, metavar="KEEP", help="the entry to keep, e.g. id:v482913")
    who(vm)

    sp = cmd("criteria", "list the scorecard criteria (or, with --legal, the checklist items) and their ids")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--legal", action="store_true")

    sp = cmd("score", "set your score for one criterion of one vendor")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--vendor", required=True, metavar="V", help=VENDOR_HELP)
    sp.add_argument("--criterion", required=True, metavar="ID")
    sp.add_argument("--value", metavar="0..5|na|clear", help="the score; 'clear' removes it")
    sp.add_argument("--note", metavar="TEXT")
    sp.add_argument("--evidence", metavar="TEXT", help="where the proof is (document, call, demo)")

    sp = cmd("legal", "set your finding for one checklist item of one vendor")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--vendor", required=True, metavar="V", help=VENDOR_HELP)
    sp.add_argument("--item", required=True, metavar="ID")
    sp.add_argument("--status", metavar="ok|negotiate|missing|na|clear")
    sp.add_argument("--note", metavar="TEXT")
    sp.add_argument("--clause", metavar="REF", help="the clause of the vendor's draft, e.g. 'DPA 7.2'")

    sp = cmd("applies", "show or switch which conditional checklist items apply to a vendor")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--vendor", required=True, metavar="V", help=VENDOR_HELP)
    sp.add_argument("--set", dest="settings", action="append", default=[], metavar="CONDITION=yes|no")

    sp = cmd("weights", "show or override category and criterion weights")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--category", action="append", type=_key_value, default=[], metavar="ID=W")
    sp.add_argument("--criterion", action="append", type=_key_value, default=[], metavar="ID=W")
    sp.add_argument("--reset", action="store_true",
                    help="back to the questionnaire defaults (before any --category/--criterion)")
    sp.add_argument("--reason", metavar="TEXT",
                    help="why the weights change after scoring opened (needed then, with the lead's --as)")

    from .analysis import sla as _sla_keys
    from .analysis import tco as _tco_keys

    for name, schema, what in (("sla", _sla_keys.SCHEMA, "a vendor's proposed SLA terms, checked for balance"),
                               ("tco", _tco_keys.SCHEMA, "a vendor's total-cost-of-ownership inputs and figures")):
        sp = cmd(name, f"show or set {what}")
        sp.formatter_class = argparse.RawDescriptionHelpFormatter
        sp.epilog = "keys:\n" + "\n".join(f"  {k.name:<22} {k.help} ({k.rule})" for k in schema.keys.values())
        sp.add_argument("dir", metavar="DIR")
        sp.add_argument("--vendor", required=True, metavar="V", help=VENDOR_HELP)
        sp.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                        help="set one key (repeatable); every value is checked before anything is saved")
        sp.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove one key (repeatable)")
        sp.add_argument("--json", action="store_true")
        who(sp)

    sp = cmd("import", "import answers or legal findings from CSV (all or nothing)")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("files", nargs="+", metavar="FILE.csv")

    sp = cmd("export", "export all answers and findings with notes")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--format", required=True, choices=["csv", "json", "xlsx"],
                    help="xlsx: one workbook with Results, Answers and Findings sheets")
    sp.add_argument("-o", "--output", required=True, metavar="FILE",
                    help="csv writes FILE (scores) and FILE-legal.csv (findings)")

    sp = cmd("results", "ranking, scores, legal risk and the recommendation")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--json", action="store_true", help="the full results document (unrounded)")
    sp.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                    help="judge evidence expiry as of this day (default: today)")

    sp = cmd("brief", "the executive brief: the decision requested, recommendation, cost, SLA, agreement, next steps")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                    help="judge evidence expiry as of this day (default: today)")

    sp = cmd("steps", "list the recommended vendor's next steps with their keys, or set one's owner and due date")
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--key", metavar="KEY", help="the point to set (a contract item id or a key from the list)")
    sp.add_argument("--owner", metavar="NAME", help="who settles it ('' clears)")
    sp.add_argument("--due", metavar="YYYY-MM-DD", help="by when ('' clears)")

    sp = cmd("settings", "show or set the workspace settings: readiness thresholds for a recommendation, currency")
    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    from .settings import HELP as _setting_help

    sp.epilog = "keys:\n" + "\n".join(f"  {k:<20} {h}" for k, h in _setting_help.items())
    sp.add_argument("dir", metavar="DIR")
    who(sp)
    sp.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                    help="set one key (repeatable); every value is checked before anything is saved")
    sp.add_argument("--json", action="store_true")

    sp = cmd("report", "write the executive PDF report: comparison, recommendation and contract risk")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("-o", "--output", metavar="FILE.pdf",
                    help="where to write it (default: exports/<workspace-name>.pdf in the current folder)")
    sp.add_argument("--paper", choices=["a4", "letter"], default="a4")
    sp.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                    help="the report's date (cover, footer, version; default: today); the same workspace and "
                         "date always give the same file")
    sp.add_argument("--allow-missing-glyphs", action="store_true",
                    help="build even when a name has characters no installed font can draw (they are left out)")

    sp = cmd("audit", "show the audit trail (who changed what, when, old -> new); "
                      "'audit verify DIR' checks it; 'audit repair DIR' cuts a torn last line from your log")
    sp.add_argument("words", nargs="+", metavar="[verify|repair] DIR")
    sp.add_argument("--vendor", metavar="V", help=VENDOR_HELP)
    sp.add_argument("--person", metavar="P", help="only changes made by this person")
    sp.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only changes on or after this day (UTC)")
    who(sp)

    _rfp_cmds.add_parsers(cmd, _Parser)  # RFP packs and vendor responses: vendorbench/commands/rfp.py
    _governance_cmds.add_parsers(cmd, _Parser)  # roles, stages, declarations, sign-off

    sp = cmd("open", "open a workspace in the terminal UI")
    sp.add_argument("dir", metavar="DIR")
    who(sp)

    sp = cmd("demo", "create a demo sourcing event and open it")
    sp.add_argument("dir", nargs="?", default="vendorbench-demo", metavar="DIR")
    sp.add_argument("--reset", action="store_true", help="rebuild the demo workspace from scratch")
    sp.add_argument("--no-tui", action="store_true", help="only create the workspace")
    sp.add_argument("--as", dest="user", metavar="NAME", help="whom to open it as (default: demo evaluator Maya Chen)")

    from .commands import operations as _operations  # after signing: staffing, kpi, pilot

    _operations.add_parsers(cmd, _Parser)
    _sync_cmds.add_parsers(cmd)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .store import WORKSPACE_FILE

        if Path(WORKSPACE_FILE).is_file():  # plain `vendorbench` inside a workspace opens it
            args = parser.parse_args(["open", "."])
        else:
            print("vendorbench: not inside a workspace. Start with one of:\n"
                  "  vendorbench demo                      explore a demo sourcing event\n"
                  "  vendorbench init DIR --name \"...\"    create a workspace, then: vendorbench open DIR\n"
                  "  vendorbench --help                    every command", file=sys.stderr)
            return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args) or EXIT_OK
    except VendorbenchError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        _err(f"{exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so plainly, keep the traceback for VENDORBENCH_DEBUG
        if os.environ.get("VENDORBENCH_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc}. Nothing else was changed. "
             "Set VENDORBENCH_DEBUG=1 to see the details and please report it.")
        return EXIT_INPUT


def _err(message: str) -> None:
    for line in message.splitlines() or [""]:
        print(f"vendorbench: {line}" if not line.startswith("vendorbench") else line, file=sys.stderr)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _ws(args: argparse.Namespace) -> Any:
    from .store import Workspace

    return Workspace(args.dir)


# --- commands ----------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from .questionnaires import validate_files

    problems = validate_files(args.files)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        bad = len({p.file for p in problems})
        print(f"{len(problems)} problem(s) in {bad} of {len(args.files)} file(s)", file=sys.stderr)
        return EXIT_INPUT
    print(f"{len(args.files)} file(s) valid")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .store import Workspace

    ws = Workspace.create(args.dir, args.name, args.scorecard, args.legal)
    sc, lg = ws.scorecard, ws.legal
    print(f"Created workspace {args.dir} for {ws.meta.name!r}")
    print(f"  scorecard {sc.ref}: {len(sc.categories)} categories, {len(sc.criteria())} criteria")
    print(f"  legal     {lg.ref}: {len(lg.areas)} areas, {len(lg.items())} items")
    print(f"Next: vendorbench vendor add {args.dir} \"Vendor name\"")
    return EXIT_OK


def cmd_vendor(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from .store import has_invisible

    ws = _ws(args)
    if args.action in {"add", "rename"} and has_invisible(args.name if args.action == "add" else args.new):
        _err("note: invisible formatting characters (zero-width, bidirectional controls) were removed from the name")
    if args.action == "add":
        v = ws.add_vendor(args.name, region=args.region, website=args.website, notes=args.notes, by=args.user)
        print(f"Added vendor {v.name} ({v.id})")
    elif args.action == "rename":
        old = ws.find_vendor(args.old)
        v = ws.rename_vendor(old.id, args.new, by=args.user)
        print(f"Renamed {old.name} to {v.name}")
    elif args.action == "remove":
        v = ws.remove_vendor(ws.find_vendor(args.name).id, force=args.force, by=args.user)
        print(f"Removed vendor {v.name}")
    elif args.action == "merge":
        m = ws.merge_vendor(ws.find_vendor(args.source).id, ws.find_vendor(args.into).id, by=args.user)
        print(m.summary())
        for note in m.notes():
            _err(f"note: {note}")
    else:
        vendors = ws.vendors()
        if args.json:
            print(json.dumps([v.as_dict() for v in vendors], ensure_ascii=False, indent=2))
            return EXIT_OK
        if not vendors:
            print(f"No vendors yet. Add one: vendorbench vendor add {args.dir} \"Vendor name\"")
            return EXIT_OK
        t = Table("id", "vendor", "region", "website", box=None)
        for v in vendors:
            t.add_row(v.id, Text(v.name), v.region or "-", Text(v.website or "-"))
        _console().print(t)
    return EXIT_OK


def cmd_criteria(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    ws = _ws(args)
    if args.legal:
        t = Table("id", "severity", "item", "applies when", box=None)
        for area in ws.legal.areas:
            t.add_row("", "", Text(area.title, style="bold"), "")
            for i in area.items:
                t.add_row(i.id, i.severity, Text(i.label), Text(i.applies_when or ""))
    else:
        from .scoring import effective_weights

        w = effective_weights(ws.scorecard, ws.weights())
        t = Table("id", "share", "criterion", "knockout", box=None)
        for cat in ws.scorecard.categories:
            t.add_row("", f"{w.category_share(cat.id):.1%}", Text(cat.title, style="bold"), "")
            for c in cat.criteria:
                t.add_row(c.id, f"{w.criterion_share(ws.scorecard, c.id):.1%}", Text(c.title),
                          f"< {c.knockout_below:g}" if c.knockout_below is not None else "")
    _console().print(t)
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from .store import current_user, parse_value

    if args.value is None and args.note is None and args.evidence is None:
        raise VendorbenchError("nothing to set: give --value, --note or --evidence")
    ws = _ws(args)
    user = current_user(args.user)
    kwargs: dict[str, Any] = {"note": args.note, "evidence": args.evidence}
    if args.value is not None:
        kwargs["value"] = None if args.value.strip().lower() == "clear" else parse_value(args.value)
    vendor = ws.find_vendor(args.vendor)
    answer = ws.set_answer(user, vendor.id, args.criterion, **kwargs)
    shown = "cleared" if answer is None or answer.value is None else ("N/A" if answer.value == "na" else answer.value)
    print(f"Saved: {user} / {vendor.name} / {args.criterion} = {shown}")
    return EXIT_OK


def cmd_legal(args: argparse.Namespace) -> int:
    from .store import current_user, parse_status

    if args.status is None and args.note is None and args.clause is None:
        raise VendorbenchError("nothing to set: give --status, --note or --clause")
    ws = _ws(args)
    user = current_user(args.user)
    kwargs: dict[str, Any] = {"note": args.note, "clause": args.clause}
    if args.status is not None:
        kwargs["status"] = None if args.status.strip().lower() == "clear" else parse_status(args.status)
    vendor = ws.find_vendor(args.vendor)
    finding = ws.set_finding(user, vendor.id, args.item, **kwargs)
    shown = "cleared" if finding is None else (finding.status or "no status (note kept)")
    print(f"Saved: {user} / {vendor.name} / {args.item} = {shown}")
    return EXIT_OK


def cmd_applies(args: argparse.Namespace) -> int:
    from .store import current_user

    ws = _ws(args)
    vendor = ws.find_vendor(args.vendor)
    for setting in args.settings:
        cond, sep, answer = setting.rpartition("=")
        if not sep or answer.strip().lower() not in {"yes", "no", "on", "off", "true", "false"}:
            raise VendorbenchError(f"--set {setting!r}: expected CONDITION=yes or CONDITION=no")
        ws.set_condition(vendor.id, cond.strip(), answer.strip().lower() in {"yes", "on", "true"},
                         by=current_user(args.user))
    off = ws.conditions_off().get(vendor.id, set())
    conditions = ws.legal.conditions()
    if not conditions:
        print("This checklist has no conditional items.")
    for cond in conditions:
        count = sum(1 for i in ws.legal.items() if i.applies_when == cond)
        print(f"{'no ' if cond in off else 'yes'}  {cond}  ({count} item(s))")
    return EXIT_OK


def cmd_weights(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from .scoring import effective_weights
    from .store import current_user

    ws = _ws(args)
    if args.reset or args.category or args.criterion:
        by = current_user(args.user) if args.user is not None or args.reason is not None else None
        ws.set_weights(categories=dict(args.category), criteria=dict(args.criterion), reset=args.reset,
                       by=by, reason=args.reason)
    sc = ws.scorecard
    w = effective_weights(sc, ws.weights())
    t = Table("category", "default", "weight", "share", box=None)
    for cat in sc.categories:
        mark = " *" if cat.id in w.overridden else ""
        t.add_row(Text(f"{cat.id}  {cat.title}"), f"{cat.weight:g}", f"{float(w.categories[cat.id]):g}{mark}",
                  f"{w.category_share(cat.id):.1%}")
    _console().print(t)
    crit_over = [c for c in sc.criteria() if c.id in w.overridden]
    for c in crit_over:
        print(f"criterion {c.id}: weight {float(w.criteria[c.id]):g} (default {c.weight:g}), "
              f"{w.criterion_share_in_category(sc, c.id):.1%} of its category")
    if w.overridden:
        print("* overridden in this workspace; vendorbench weights DIR --reset restores the defaults")
    return EXIT_OK


def cmd_sla(args: argparse.Namespace) -> int:
    from .analysis import sla

    ws, vendor = _set_terms(args, sla.SCHEMA, "set_sla")
    check = sla.check(ws.sla_terms().get(vendor.id, {}))
    if args.json:
        print(json.dumps({"vendor": vendor.name, "terms": check.terms, "findings": [
            {"rule": f.rule, "severity": f.severity, "message": f.message} for f in check.findings]},
            ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.text import Text

    console = _console()
    console.print(Text("SLA terms proposed by ", style="bold") + Text(vendor.name, style="bold"))
    _print_terms(console, sla.SCHEMA, check.terms)
    if not check.terms:
        console.print(f"Set them with: vendorbench sla {args.dir} --vendor ... --set fcr_target_pct=70 ...")
    elif not check.findings:
        console.print(Text("Balanced: no findings.", style="green"))
    else:
        console.print(Text("Findings", style="bold"))
        _print_findings(console, check.findings)
    return EXIT_OK


def cmd_tco(args: argparse.Namespace) -> int:
    from .analysis import tco

    ws, vendor = _set_terms(args, tco.SCHEMA, "set_tco")
    figures = tco.compute(ws.tco_inputs().get(vendor.id, {}))
    if args.json:
        from .results import tco_json

        print(json.dumps({"vendor": vendor.name, **tco_json(figures)}, ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    console = _console()
    console.print(Text("TCO inputs for ", style="bold") + Text(vendor.name, style="bold"))
    _print_terms(console, tco.SCHEMA, figures.inputs, tco.unused_keys(figures.inputs))
    t = Table(box=None, show_header=False, padding=(0, 2, 0, 2))
    t.add_column(justify="left")
    t.add_column(justify="right")
    months = figures.inputs.get("contract_months")
    rows = [("service per month", figures.service_monthly),
            (f"TCO over {months:g} months" if months else "TCO", figures.tco),
            ("cost per contact", figures.cost_per_contact),
            ("cost per resolved contact", figures.cost_per_resolved_contact)]
    for label, value in rows:
        t.add_row(label, "-" if value is None else _money(value))
    console.print(t)
    if figures.missing:
        console.print(Text("Missing (needed for the figures shown as -): " + ", ".join(figures.missing),
                           style="yellow"))
    for figure, why in figures.undefined.items():
        console.print(Text(f"{figure.replace('_', ' ')}: undefined, {why}", style="yellow"))
    return EXIT_OK


def _set_terms(args: argparse.Namespace, schema: Any, setter: str) -> tuple[Any, Any]:
    """Apply --set/--unset (all checked first: any problem, nothing written) and return (workspace, vendor)."""
    ws = _ws(args)
    vendor = ws.find_vendor(args.vendor)
    values, unset = schema.parse_settings(args.settings, args.unset)
    if values or unset:
        getattr(ws, setter)(vendor.id, values, unset, by=args.user)
        if not args.json:
            changed = [f"{k}={v}" for k, v in values.items()] + [f"{k} unset" for k in unset]
            print(f"Saved for {vendor.name}: {', '.join(changed)}")
    return ws, vendor


def _print_terms(console: Any, schema: Any, terms: dict[str, Any], ignored: Collection[str] = ()) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, show_header=False, padding=(0, 2, 0, 2))
    for key in schema.keys.values():
        if key.name in terms:
            value = terms[key.name]
            shown = value if isinstance(value, str) else f"{value:,}{key.unit if key.unit in ('%', 'h') else ''}"
            t.add_row(key.name, shown, Text(key.help, style="dim"))
    if t.row_count:
        console.print(t)
    unset = [k for k in schema.keys if k not in terms and k not in ignored]
    if unset:
        console.print(Padding(Text("not set: " + ", ".join(unset), style="dim"), (0, 0, 0, 2)))


def _print_findings(console: Any, findings: Any) -> None:
    from rich.table import Table

    style = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
    t = Table(box=None, show_header=False, padding=(0, 1, 0, 2))
    t.add_column(no_wrap=True)
    t.add_column(no_wrap=True)
    t.add_column()
    for f in findings:
        t.add_row(f"[{style.get(f.severity, '')}]{f.severity}[/]", f.rule, f.message)
    console.print(t)


def _money(x: Any) -> str:
    from .rendering import money

    return money(x)


def _item(console: Any, text: Any, indent: int = 2, bullet: str = "- ") -> None:
    """One list item whose wrapped lines stay indented under its first word."""
    from .rendering import item

    console.print(item(text, indent, bullet))


def print_analysis(console: Any, res: Any) -> None:
    """Agreement, weight sensitivity, SLA, TCO and warnings, compactly, under the ranking."""
    from .rendering import analysis_parts

    for part in analysis_parts(res):
        console.print(part)


def cmd_import(args: argparse.Namespace) -> int:
    from .transfer import import_csv

    ws = _ws(args)
    for path, parsed, changed in import_csv(ws, args.files, by=args.user):
        what = "answers" if parsed.kind == "scores" else "legal findings"
        print(f"{path}: {parsed.rows} {what} read, {changed} changed")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .transfer import export

    ws = _ws(args)
    for path in export(ws, args.format, args.output):
        print(f"Wrote {path}")
    return EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    from . import governance, results
    from .store import duplicate_vendor_warnings

    ws = _ws(args)
    res = results.load(ws, args.date)
    # single-team mode (no roles): output exactly as before governance existed
    approval = governance.approval_state(ws, res) if governance.roles_on(ws) else None
    for warning in duplicate_vendor_warnings(r.vendor for r in res.vendors):  # added twice before a sync
        _err("warning: " + warning)
    if args.json:
        doc = res.to_json()
        if approval is not None:
            doc["approval"] = approval.to_json()
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    print_results(res)
    if approval is not None:
        from rich.text import Text

        _console().print(Text(approval.line, style="bold red" if approval.void else "bold"))
    return EXIT_OK


def print_results(res: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from . import display

    console = _console()
    console.print(Text(res.workspace, style="bold"), Text(f"  {res.scorecard.ref} · {res.checklist.ref}", style="dim"))
    if not res.vendors:
        console.print("No vendors yet.")
        return
    t = Table("#", "vendor", "total", "done", "knockouts", "legal risk", "reviewed")
    t.columns[0].justify = t.columns[2].justify = t.columns[3].justify = t.columns[6].justify = "right"
    for v in res.vendors:
        s = v.score
        ko = Text(", ".join(s.knockouts), style="red") if s.knockouts else Text(
            f"{len(s.pending_knockouts)} pending" if s.pending_knockouts else "none", style="dim")
        t.add_row(str(v.rank), Text(v.vendor.name), display.total(s.total), display.percent(s.completeness), ko,
                  Text(f"{v.legal.rating} ({float(v.legal.exposure):.0f})", style=display.RATING_STYLE[v.legal.rating]),
                  display.percent(v.legal.coverage))
    console.print(t)
    rec = res.recommendation
    if rec.vendor is None:
        console.print(Text("Recommendation: none yet", style="bold"))
    else:
        console.print(Text(rec.label + ": ", style="bold")
                      + Text(rec.vendor.name, style="bold yellow" if rec.conditional else "bold green"))
    for reason in rec.reasons:
        _item(console, Text(reason))
    print_evidence(console, res)
    print_analysis(console, res)


def print_evidence(console: Any, res: Any) -> None:
    from .rendering import evidence_lines

    heading, lines = evidence_lines(res)
    if heading is not None:
        console.print(heading)
    for line in lines:
        _item(console, line)


def cmd_brief(args: argparse.Namespace) -> int:
    from . import brief

    b = brief.load(_ws(args), args.date)
    if args.json:
        print(json.dumps(b.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.text import Text

    console = _console()
    lines = b.lines()
    console.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        if line.startswith(("- ", "1", "2", "3", "4", "5", "6", "7", "8", "9")) and not line.startswith("Decision"):
            bullet, _, rest = line.partition(" ")
            _item(console, Text(rest), indent=2, bullet=bullet + " ")
        else:
            console.print(Text(line, style="bold" if line and not line.startswith("Decision") else ""))
    return EXIT_OK


def cmd_steps(args: argparse.Namespace) -> int:
    from . import brief

    ws = _ws(args)
    b = brief.load(ws)
    if b.recommended is None:
        raise VendorbenchError("no recommended vendor yet, so no next steps")
    if args.key is not None:
        known = [s.key for s in b.steps]
        if args.key not in known:
            raise VendorbenchError(f"unknown step {args.key!r} for {b.recommended}; steps: {', '.join(known)}")
        if args.owner is None and args.due is None:
            raise VendorbenchError("nothing to set: give --owner and/or --due")
        plan = ws.set_step(b.recommended, args.key, owner=args.owner, due=args.due, by=args.user)
        print(f"Saved for {b.recommended} / {args.key}: owner {plan['owner'] or '-'}, due {plan['due'] or '-'}")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    t = Table("key", "step", "owner", "due", box=None)
    for s in b.steps:
        t.add_row(s.key, Text(s.title), Text(s.owner or "-"), s.due or "-")
    _console().print(Text(f"Next steps for {b.recommended}", style="bold"))
    _console().print(t)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from . import settings as _settings

    ws = _ws(args)
    values = _settings.parse_assignments(args.settings)
    current = ws.set_settings(values, by=args.user) if values else ws.settings()
    if args.json:
        print(json.dumps(current.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if values:
        print("Saved: " + ", ".join(f"{k}={_setting_text(v)}" for k, v in values.items()))
    for key, value in current.to_json().items():
        default = " (default)" if value == getattr(_settings.DEFAULTS, key) else ""
        print(f"{key:<20} {_setting_text(value)}{default}")
    return EXIT_OK


def _setting_text(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report, default_path

    ws = _ws(args)
    out = Path(args.output) if args.output else default_path(ws.meta.name, Path("."))
    info = build_report(ws, out, paper=args.paper, date=args.date,
                        allow_missing_glyphs=args.allow_missing_glyphs)
    for warning in info.warnings:
        _err(f"warning: {warning}")
    state = f", {info.mark}" if info.mark else ", DRAFT: scorecards or legal review incomplete" if info.draft else ""
    print(f"Wrote {info.path} ({info.pages} pages{state})")
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    from .store import Workspace, current_user
    from .tui import run

    ws = Workspace(args.dir)  # fail here, with a clear message, before the screen switches
    ws.scorecard, ws.legal  # noqa: B018 - validates the pinned questionnaires
    return run(args.dir, current_user(args.user))


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo

    path = Path(args.dir)
    ws, created = demo.ensure(path, reset=args.reset)
    print(f"{'Created' if created else 'Using existing'} demo workspace {path}"
          + ("" if created else " (--reset rebuilds it)"))
    if args.no_tui:
        print(f"Open it with: vendorbench open {path}")
        return EXIT_OK
    from .tui import run

    return run(path, args.user or demo.MAYA)  # a demo evaluator, so the screens are not empty


_COMMANDS = {
    "validate": cmd_validate, "init": cmd_init, "vendor": cmd_vendor, "criteria": cmd_criteria,
    "score": cmd_score, "legal": cmd_legal, "applies": cmd_applies, "weights": cmd_weights,
    "import": cmd_import, "export": cmd_export, "results": cmd_results, "sla": cmd_sla, "tco": cmd_tco,
    "open": cmd_open, "demo": cmd_demo, "report": cmd_report, "settings": cmd_settings,
    "brief": cmd_brief, "steps": cmd_steps, "audit": lambda args: _audit_cmds.cmd_audit(args),
}


def _operations_command(args: argparse.Namespace) -> int:
    from .commands import operations

    return operations.COMMANDS[args.command](args)


_COMMANDS.update(dict.fromkeys(("staffing", "kpi", "pilot"), _operations_command))
_COMMANDS.update(_rfp_cmds.COMMANDS)
_COMMANDS.update(_governance_cmds.COMMANDS)
_COMMANDS.update(_sync_cmds.COMMANDS)
