"""After-signing commands: `staffing`, `kpi` and `pilot`.

Thin like the rest of the CLI: parse, call vendorbench.operations (which calls the
analysis), print. Registered by cli.build_parser through add_parsers(); heavy
modules are imported inside the handlers so `vendorbench --help` stays fast.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..errors import VendorbenchError

EXIT_OK = 0
SPARK = "▁▂▃▄▅▆▇█"


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD, e.g. 2027-03-14") from None


def add_parsers(cmd: Callable[[str, str], argparse.ArgumentParser], parser_class: type) -> None:
    """Add the after-signing commands; cmd(name, help) makes a sub-parser (cli.build_parser's)."""
    from ..analysis import staffing

    sp = staffing_cmd = cmd("staffing", "check each bid's staffing against the demand (Erlang C): FTE, team leads, "
                                        "QA, TCO corrected to the required staffing")
    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    sp.epilog = ("keys:\n" + "\n".join(f"  {k.name:<22} {k.help} ({k.rule})" for k in staffing.SCHEMA.keys.values())
                 + "\n\ndefaults: " + ", ".join(f"{k}={v}" for k, v in staffing.DEFAULTS.items())
                 + "\n\nvolume: --set monthly_volume=N with --days and --hours profiles, or --intervals FILE.csv "
                   "(columns day,start,contacts: a typical week)")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                    help="set one demand input (repeatable); every value is checked before anything is saved")
    sp.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove one input (repeatable)")
    sp.add_argument("--days", metavar="mon=20,tue=20,...", help="share of the week's contacts per day (replaces)")
    sp.add_argument("--hours", metavar="8=5,9=10,...", help="share of a day's contacts per hour 0..23 (replaces)")
    sp.add_argument("--intervals", metavar="FILE.csv", help="contacts per interval of a typical week (replaces)")
    sp.add_argument("--clear-intervals", action="store_true", help="go back to monthly volume and profiles")
    sp.add_argument("--detail", action="store_true", help="list agents per interval")
    sp.add_argument("--json", action="store_true")

    sp = cmd("kpi", "monthly (or weekly) KPI per vendor: import from CSV, show the SLA scorecard and credits")
    sp.add_argument("dir", metavar="DIR")
    ksub: Any = sp.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    ki = ksub.add_parser("import", help="import KPI periods or QA samples from CSV (all or nothing)",
                         description="KPI CSV: period (YYYY-MM or YYYY-Www) and any of the columns "
                                     "volume, first_response_hours, resolution_hours, fcr_pct, csat_pct, reopen_pct, "
                                     "qa_score_pct, qa_sample_size, aht_seconds, attrition_pct, fee_invoiced, "
                                     "credit_claimed. QA sample CSV: period,ticket,buyer_score,vendor_score.")
    ki.add_argument("--vendor", required=True, metavar="V")
    ki.add_argument("files", nargs="+", metavar="FILE.csv")
    ks = ksub.add_parser("show", help="the scorecard: terms met or missed, credits, warnings, QA alpha, trends")
    ks.add_argument("--vendor", required=True, metavar="V")
    ks.add_argument("--weekly", action="store_true", help="the weekly periods instead of the monthly ones")
    ks.add_argument("--json", action="store_true")
    kq = ksub.add_parser("qbr", help="write the quarterly business review PDF: scorecard, credits, trends, actions")
    kq.add_argument("--vendor", required=True, metavar="V")
    kq.add_argument("--quarter", metavar="YYYY-Qn", help="default: the quarter of the latest month")
    kq.add_argument("-o", "--output", metavar="FILE.pdf",
                    help="default: exports/<workspace>-<vendor>-qbr-<quarter>.pdf in the current folder")
    kq.add_argument("--action", dest="actions", action="append", default=[], metavar="OWNER: TEXT",
                    help="an action agreed in the review, with its owner (repeatable)")

    sp = cmd("pilot", "a vendor's pilot plan and the go / extend / stop decision")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--vendor", required=True, metavar="V")
    sp.add_argument("--start", type=_date, metavar="YYYY-MM-DD")
    sp.add_argument("--end", type=_date, metavar="YYYY-MM-DD")
    sp.add_argument("--weeks", type=int, metavar="N",
                    help="the rule: all must-pass thresholds met over the last N weeks")
    sp.add_argument("--threshold", action="append", default=[], metavar="METRIC=VALUE[:advisory]",
                    help="override the SLA default for one metric (repeatable); :advisory = not must-pass")
    sp.add_argument("--reset-threshold", action="append", default=[], metavar="METRIC",
                    help="back to the SLA default for one metric")
    sp.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="decide as on this day (default: today)")
    sp.add_argument("--json", action="store_true")
    for writer in (staffing_cmd, ki, sp):  # the audit trail records who
        writer.add_argument("--as", dest="user", metavar="NAME",
                            help="who you are (default: $VENDORBENCH_USER, else your login name)")


# --- staffing --------------------------------------------------------------------------------------


def _shares(text: str | None, what: str, keys: Any) -> dict[str, float] | None:
    if text is None:
        return None
    out: dict[str, float] = {}
    problems = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        key = key[:3] if what == "--days" else (f"{int(key):02d}" if key.isdigit() else key)
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not sep or key not in keys:
            problems.append(f"{what}: {part!r}: expected one of {', '.join(keys)} = a share, e.g. "
                            f"{'mon=20' if what == '--days' else '9=10'}")
        elif not 0 <= number <= 100:
            problems.append(f"{what}: {part!r}: the share must be a number from 0 to 100")
        elif key in out:
            problems.append(f"{what}: {key} is given twice")
        else:
            out[key] = number
    if problems:
        raise VendorbenchError("\n".join(problems))
    return out


def cmd_staffing(args: argparse.Namespace) -> int:
    from .. import operations
    from ..analysis import staffing
    from ..store import Workspace

    ws = Workspace(args.dir)
    problems: list[str] = []

    def checked(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except VendorbenchError as exc:
            problems.append(str(exc))
            return None

    settings = checked(lambda: staffing.SCHEMA.parse_settings(args.settings, args.unset))
    days = checked(lambda: _shares(args.days, "--days", staffing.DAYS))
    hours = checked(lambda: _shares(args.hours, "--hours", [f"{h:02d}" for h in range(24)]))
    if problems:  # every problem at once, nothing saved
        raise VendorbenchError("\n".join(problems))
    values, unset = settings
    intervals = (operations.read_intervals_csv(args.intervals) if args.intervals
                 else [] if args.clear_intervals else None)
    if values or unset or days is not None or hours is not None or intervals is not None:
        operations.set_demand(ws, values, unset, days, hours, intervals, by=args.user)
    d = operations.demand(ws)
    missing = operations.missing_demand(d)
    req = operations.requirement(ws)
    names = {v.id: v.name for v in ws.vendors()}
    checks = operations.bid_checks(ws, req) if req else {}
    checks = {vid: checks[vid] for vid in names if vid in checks}  # in the workspace's vendor order
    if args.json:
        print(json.dumps(_staffing_json(d, missing, req, checks, names), ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from ..analysis.tco import understaffed_warnings
    from ..cli import _console, _item, _money

    console = _console()
    console.print(Text("Staffing demand", style="bold"))
    shown = {**staffing.DEFAULTS, **d.inputs}
    for key in staffing.SCHEMA.keys:
        if key in shown:
            default = "" if key in d.inputs else "  (default)"
            console.print(Text(f"  {key:<22} {shown[key]}{default}"))
    if d.intervals:
        console.print(f"  volumes for {len(d.intervals)} intervals of a typical week")
    else:
        for label, shares in (("days", {k: d.days[k] for k in staffing.DAYS if k in d.days}),
                              ("hours", dict(sorted(d.hours.items())))):
            if shares:
                console.print(f"  {label:<22} " + ", ".join(f"{k}={v:g}" for k, v in shares.items()))
    if req is None:
        console.print(Text("Missing before the requirement can be computed: " + ", ".join(missing), style="yellow"))
        console.print(Text(f"Set them with: vendorbench staffing {args.dir} "
                           "--set channel=voice --set aht_seconds=300 ..."))
        return EXIT_OK
    console.print(Text("Required staffing", style="bold"))
    t = Table(box=None, show_header=False, padding=(0, 2, 0, 2))
    t.add_column()
    t.add_column(justify="right")
    for label, value in (("contacts per week", f"{req.weekly_contacts:,.0f}"),
                         ("agents at the busiest interval", f"{req.peak_agents}"),
                         ("staffed agent hours per month", f"{req.staffed_hours_month:,.0f}"),
                         ("FTE after shrinkage", f"{req.fte:.1f}"),
                         ("agents to bill (FTE rounded up)", f"{req.agents}"),
                         ("team leads", f"{req.team_leads}"), ("QA analysts", f"{req.qa_analysts}")):
        t.add_row(label, value)
    console.print(t)
    if args.detail:
        _print_intervals(console, req)
    if not checks:
        console.print("No vendor has TCO inputs yet: set agents, team_leads and qa_analysts with vendorbench tco.")
        return EXIT_OK
    console.print(Text("Bids against the requirement", style="bold"))
    b = Table(box=None, padding=(0, 2, 0, 2))
    for col, justify in (("vendor", "left"), ("agents", "right"), ("leads", "right"), ("QA", "right"),
                         ("TCO as bid", "right"), ("TCO corrected", "right")):
        b.add_column(col, justify=justify)  # type: ignore[arg-type]
    for vid, c in checks.items():
        b.add_row(Text(names.get(vid, vid)), *(_count(x) for x in (c.agents, c.team_leads, c.qa_analysts)),
                  "-" if c.as_bid.tco is None else _money(c.as_bid.tco),
                  Text("-" if c.corrected.tco is None else _money(c.corrected.tco),
                       style="yellow" if c.corrected.tco != c.as_bid.tco else ""))
    console.print(b)
    for vid, c in checks.items():
        for flag in c.flags:
            _item(console, Text(names.get(vid, vid), style="bold") + Text(": " + flag, style="yellow"))
        for note in c.corrections:
            _item(console, Text(names.get(vid, vid)) + Text(": " + note, style="dim"))
        if c.as_bid.missing:
            _item(console, Text(names.get(vid, vid)) + Text(": TCO inputs missing: " + ", ".join(c.as_bid.missing),
                                                            style="dim"))
    for w in understaffed_warnings(checks, names):
        _item(console, Text("! " + w.message, style="bold yellow"), bullet="")
    return EXIT_OK


def _count(x: float | None) -> str:
    return "-" if x is None else f"{x:g}"


def _print_intervals(console: Any, req: Any) -> None:
    from rich.table import Table

    t = Table(box=None, padding=(0, 1, 0, 2))
    for col in ("day", "start", "contacts", "erlangs", "agents", "service level", "occupancy"):
        t.add_column(col, justify="left" if col in ("day", "start") else "right")
    for i in req.intervals:
        t.add_row(i.day, i.start, f"{i.contacts:,.1f}", f"{i.traffic:.2f}", str(i.agents),
                  "-" if i.service_level is None else f"{i.service_level:.1%}",
                  "-" if i.occupancy is None else f"{i.occupancy:.0%}")
    console.print(t)


def _f(x: Fraction | float | None) -> float | None:
    return None if x is None else float(x)


def _staffing_json(d: Any, missing: list[str], req: Any, checks: dict[str, Any], names: dict[str, str]) -> dict:
    from ..analysis.tco import understaffed_warnings
    from ..results import tco_json

    return {
        "demand": d.model_dump(mode="json"),
        "missing": missing,
        "requirement": None if req is None else {
            "channel": req.channel, "weekly_contacts": req.weekly_contacts,
            "staffed_hours_month": req.staffed_hours_month, "fte": req.fte, "agents": req.agents,
            "team_leads": req.team_leads, "qa_analysts": req.qa_analysts, "peak_agents": req.peak_agents,
            "intervals": [{"day": i.day, "start": i.start, "contacts": i.contacts, "erlangs": i.traffic,
                           "agents": i.agents, "service_level": i.service_level, "occupancy": i.occupancy}
                          for i in req.intervals]},
        "bids": {names.get(vid, vid): {"agents": c.agents, "team_leads": c.team_leads, "qa_analysts": c.qa_analysts,
                                       "flags": list(c.flags), "corrections": list(c.corrections),
                                       "as_bid": tco_json(c.as_bid), "corrected": tco_json(c.corrected)}
                 for vid, c in checks.items()},
        "warnings": [{"rule": w.rule, "message": w.message} for w in understaffed_warnings(checks, names)],
    }


# --- kpi -------------------------------------------------------------------------------------------


def cmd_kpi(args: argparse.Namespace) -> int:
    from .. import operations
    from ..store import Workspace

    ws = Workspace(args.dir)
    if args.action == "import":
        vendor = ws.find_vendor(args.vendor)
        parsed_all = []
        problems = []
        for f in args.files:  # every file checked before any is written
            try:
                parsed_all.append(operations.read_kpi_csv(f))
            except VendorbenchError as exc:
                problems.append(str(exc))
        if problems:
            raise VendorbenchError("\n".join(problems))
        for f, parsed in zip(args.files, parsed_all):
            changed = operations.store_kpi(ws, vendor.id, parsed, by=args.user)
            what = "QA sample rows" if parsed.kind == "qa" else "periods"
            print(f"{f}: {parsed.rows} {what} for {vendor.name}, {changed} changed")
        return EXIT_OK
    if args.action == "qbr":
        return _qbr(ws, args)
    vendor, sc = operations.vendor_scorecard(ws, ws.find_vendor(args.vendor).id, weekly=args.weekly)
    if args.json:
        print(json.dumps({"vendor": vendor.name, **scorecard_json(sc)}, ensure_ascii=False, indent=2))
        return EXIT_OK
    _print_scorecard(ws, vendor, sc, args)
    return EXIT_OK


def _qbr(ws: Any, args: argparse.Namespace) -> int:
    from ..report.qbr import build_qbr

    extra = []
    for text in args.actions:
        owner, sep, what = text.partition(":")
        if not sep or not owner.strip() or not what.strip():
            raise VendorbenchError(f"--action {text!r}: expected OWNER: TEXT, "
                                   "e.g. 'Vendor ops lead: hire two QA analysts'")
        extra.append((what.strip(), owner.strip()))
    info = build_qbr(ws, ws.find_vendor(args.vendor).id, args.output, args.quarter, extra)
    print(f"Wrote {info.path} ({info.pages} page{'s' if info.pages != 1 else ''}, {info.quarter})")
    return EXIT_OK


def scorecard_json(sc: Any) -> dict[str, Any]:
    return {
        "terms": sc.terms,
        "periods": [{
            "period": p.period,
            "values": {k: _f(v) for k, v in p.values.items()},
            "terms": [{"metric": t.metric.kpi, "target": _f(t.target), "value": _f(t.value), "met": t.met}
                      for t in p.terms],
            "credits": [{"metric": c.metric, "amount": _f(c.amount), "status": c.status} for c in p.credits],
            "capped": p.capped, "credit_due": _f(p.credit_due), "credit_claimed": _f(p.credit_claimed),
            "unclaimed": _f(p.unclaimed), "warnings": list(p.warnings), "qa_alpha": _f(p.qa_alpha),
            "qa_tickets": p.qa_tickets} for p in sc.periods],
        "trends": {t.metric: {"values": [[period, _f(v)] for period, v in t.values], "first": _f(t.first),
                              "last": _f(t.last), "direction": t.direction} for t in sc.trends},
        "credit_due": _f(sc.credit_due), "credit_claimed": _f(sc.credit_claimed), "unclaimed": _f(sc.unclaimed),
    }


def sparkline(values: list[float | None]) -> str:
    """One block per period, scaled between the series' low and high; a gap for a missing value."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    span = high - low
    return "".join(" " if v is None else SPARK[0 if span == 0 else round((v - low) / span * (len(SPARK) - 1))]
                   for v in values)


def _whole(x: Any) -> str:
    return f"{float(x):,.0f}"


def _num(x: Any) -> str:
    """A KPI value as typed: thousands separated, no trailing zeros."""
    text = f"{float(x):,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _print_scorecard(ws: Any, vendor: Any, sc: Any, args: argparse.Namespace) -> None:
    from rich.table import Table
    from rich.text import Text

    from .. import operations
    from ..analysis.performance import BY_KPI
    from ..cli import _console, _item, _money

    console = _console()
    console.print(Text("Performance of ", style="bold") + Text(vendor.name, style="bold") + Text(" against its SLA"))
    if not sc.periods:
        other = operations.kpi_rows(operations.kpi(ws, vendor.id), weekly=not args.weekly)
        hint = (f"it has {len(other)} {'monthly' if args.weekly else 'weekly'} period(s): "
                f"vendorbench kpi {args.dir} show --vendor {vendor.name!r}{'' if args.weekly else ' --weekly'}"
                if other else f"vendorbench kpi {args.dir} import --vendor {vendor.name!r} FILE.csv")
        console.print(Text(f"No {'weekly' if args.weekly else 'monthly'} KPI periods yet; {hint}"))
        return
    if not sc.terms:
        console.print(Text(f"No SLA terms set: vendorbench sla {args.dir} --vendor ... --set fcr_target_pct=70 ...",
                           style="yellow"))
    judged = [m for m in BY_KPI.values() if m.sla in sc.terms and not isinstance(sc.terms[m.sla], str)]
    t = Table(box=None, padding=(0, 0, 0, 1))
    t.add_column("SLA term", no_wrap=True)
    t.add_column("target", justify="right", no_wrap=True)
    for p in sc.periods:
        t.add_column(p.period, justify="right", no_wrap=True)
    for m in judged:
        cells = []
        for p in sc.periods:
            r = next(r for r in p.terms if r.metric.kpi == m.kpi)
            if r.value is None:
                cells.append(Text("-", style="dim"))
            else:
                cells.append(Text(_num(r.value) + ("" if r.met else " ✗"), style="green" if r.met else "bold red"))
        op = ">=" if m.higher_is_better else "<="
        t.add_row(m.label, f"{op} {_num(sc.terms[m.sla])}{m.unit if m.unit == '%' else ' ' + m.unit}", *cells)
    t.add_section()
    t.add_row("credit due", "",
              *(Text("-" if p.credit_due is None else _whole(p.credit_due) + ("*" if p.capped else ""))
                for p in sc.periods))
    t.add_row("claimed", "", *("-" if p.credit_claimed is None else _whole(p.credit_claimed) for p in sc.periods))
    if any(p.qa_alpha is not None for p in sc.periods):
        t.add_row("QA alpha", "", *("-" if p.qa_alpha is None else f"{float(p.qa_alpha):.2f}" for p in sc.periods))
    console.print(t)
    sampled = sorted({p.qa_tickets for p in sc.periods if p.qa_alpha is not None})
    if sampled:
        console.print(Text("  QA alpha: Krippendorff's alpha between the buyer's and the vendor's QA scores of the "
                           f"same tickets ({sampled[0] if len(sampled) == 1 else f'{sampled[0]}-{sampled[-1]}'} "
                           "a period)",
                           style="dim"))
    if any(p.capped for p in sc.periods):
        console.print(Text("  * capped: credits shared pro rata up to the cap", style="dim"))
    for p in sc.periods:
        for status, why in (("earned back", "waived: the target was met the following periods"),
                            ("open", "due unless the target is met the next periods")):
            credits = [c for c in p.credits if c.status == status]
            if credits:
                _item(console, Text(f"{p.period}: {status} ({why}): " + ", ".join(
                    f"{BY_KPI[c.metric].label} {_money(c.amount)}" for c in credits), style="dim"))
    console.print(Text(f"Credits due {_money(sc.credit_due)}, claimed {_money(sc.credit_claimed)}", style="bold")
                  + (Text(f", unclaimed {_money(sc.unclaimed)}", style="bold yellow") if sc.unclaimed > 0
                     else Text("")))
    for p in sc.periods:
        for w in p.warnings:
            _item(console, Text(f"! {p.period}: {w}", style="yellow"), bullet="")
        if p.qa_alpha is not None and p.qa_alpha < Fraction(2, 3):
            _item(console, Text(f"! {p.period}: QA calibration alpha {float(p.qa_alpha):.2f} is below 0.67: the "
                                "buyer and the vendor do not grade the same tickets alike; calibrate.", style="yellow"),
                  bullet="")
    console.print(Text("Trends", style="bold") + Text(f"  ({sc.periods[0].period} to {sc.periods[-1].period})",
                                                       style="dim"))
    tr = Table(box=None, show_header=False, padding=(0, 2, 0, 2))
    for col in ("metric", "spark", "first", "last", "direction"):
        tr.add_column(col, justify="right" if col in ("first", "last") else "left")
    for trend in sc.trends:
        if trend.first is None:
            continue
        label = "cost per resolved contact" if trend.metric == "cost_per_resolved" else trend.metric
        style = {"better": "green", "worse": "red"}.get(trend.direction, "")
        fmt = _money if trend.metric in ("cost_per_resolved", "fee_invoiced") else _num
        tr.add_row(label, sparkline([_f(v) for _, v in trend.values]), fmt(trend.first), fmt(trend.last),
                   Text(trend.direction, style=style))
    console.print(tr)


# --- pilot -----------------------------------------------------------------------------------------


def _thresholds(texts: list[str]) -> list[tuple[str, float, bool]]:
    out, problems = [], []
    for text in texts:
        body, _, flag = text.partition(":")
        metric, sep, value = body.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or number is None or flag.strip().lower() not in ("", "advisory"):
            problems.append(f"--threshold {text!r}: expected METRIC=VALUE or METRIC=VALUE:advisory, e.g. fcr_pct=70")
        else:
            out.append((metric.strip(), number, flag.strip() == ""))
    if problems:
        raise VendorbenchError("\n".join(problems))
    return out


def cmd_pilot(args: argparse.Namespace) -> int:
    from .. import operations
    from ..store import Workspace

    ws = Workspace(args.dir)
    vendor = ws.find_vendor(args.vendor)
    thresholds = _thresholds(args.threshold)
    if args.start or args.end or args.weeks is not None or thresholds or args.reset_threshold:
        operations.set_pilot(ws, vendor.id, args.start, args.end, args.weeks, thresholds, args.reset_threshold,
                             by=args.user)
    vendor, plan, ts, decision = operations.pilot_decision(ws, vendor.id, args.as_of)
    if args.json:
        print(json.dumps({"vendor": vendor.name, "start": plan.start.isoformat(), "end": plan.end.isoformat(),
                          "weeks": plan.weeks, "thresholds": [{"metric": t.metric, "value": t.value,
                                                               "must_pass": t.must_pass} for t in ts],
                          "decision": decision.decision, "reasons": list(decision.reasons),
                          "weeks_considered": list(decision.weeks)}, ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.text import Text

    from ..cli import _console, _item

    console = _console()
    console.print(Text("Pilot of ", style="bold") + Text(vendor.name, style="bold")
                  + Text(f"  {plan.start.isoformat()} to {plan.end.isoformat()}, rule: every must-pass threshold "
                         f"met over the last {plan.weeks} weeks"))
    own = {t.metric for t in plan.thresholds}
    for t in ts:
        source = "plan" if t.metric in own else "SLA"
        _item(console, Text(f"{t.describe()}  " + ("must pass" if t.must_pass else "advisory"))
              + Text(f"  (from the {source})", style="dim"))
    if not ts:
        console.print(Text("No thresholds: set SLA terms or --threshold METRIC=VALUE", style="yellow"))
    style = {"go": "bold green", "extend": "bold yellow", "stop": "bold red"}[decision.decision]
    console.print(Text("Decision: ", style="bold") + Text(decision.decision.upper(), style=style))
    for reason in decision.reasons:
        _item(console, Text(reason))
    return EXIT_OK


COMMANDS = {"staffing": cmd_staffing, "kpi": cmd_kpi, "pilot": cmd_pilot}
