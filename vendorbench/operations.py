"""After signing, on disk: staffing demand, KPI periods, QA samples and pilot plans.

    DIR/operations/staffing.json          the demand the staffing requirement is computed from
    DIR/operations/kpi-<vendor-id>.json   one vendor's KPI periods and QA calibration samples
    DIR/operations/pilot-<vendor-id>.json one vendor's pilot plan

Files of their own, apart from workspace.json: a month's import rewrites one small
file, and one vendor's data never conflicts with another's in a shared repository.
Every file is written atomically (storage.atomic_write, 0600) under one lock for
the folder, and validated with pydantic when read: a file edited by hand or
arriving from someone else is refused with its path and field, never trusted.

The CLI (vendorbench.commands.operations) and a TUI screen call these functions;
the figures come from vendorbench.analysis.staffing / performance / pilot.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from . import audit
from .analysis import performance as _performance
from .analysis import pilot as _pilot
from .analysis import staffing as _staffing
from .errors import VendorbenchError
from .storage import (
    atomic_write,
    file_lock,
    make_dir,
    parse_json,
    read_bytes,
    remove_stale_temps,
)
from .store import Workspace, current_user
from .transfer import ImportProblems, open_csv
from .vendors import VENDOR_ID_RE as _VENDOR_ID_RE

OPS_DIR = "operations"
_FILE_RE = re.compile(r"^(staffing|(kpi|pilot)-v[1-9][0-9]{0,8})\.json$|^\.lock$")
VENDOR_ID_RE = _VENDOR_ID_RE.pattern  # as a pattern for the pydantic fields below


def ops_path(ws: Workspace, name: str) -> Path:
    """The one place a path into DIR/operations is built: only the known file names pass."""
    if not _FILE_RE.fullmatch(name):
        raise VendorbenchError(f"{name!r} is not an operations file name")
    return ws.path(OPS_DIR, name)


# --- file models (untrusted input) -------------------------------------------------------------

Num = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4][0-9]|5[0-3]))$")


def _period(v: str) -> str:
    if not PERIOD_RE.fullmatch(v):
        raise ValueError(f"{v!r} is not a month YYYY-MM or an ISO week YYYY-Www (e.g. 2027-03 or 2027-W09)")
    if "-W" in v:
        try:
            _pilot.week_start(v)
        except ValueError:
            raise ValueError(f"{v} has no such ISO week") from None
    return v


Period = Annotated[str, AfterValidator(_period)]
VendorId = Annotated[str, Field(pattern=VENDOR_ID_RE)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KpiPeriod(_Model):
    period: Period
    volume: Count | None = None
    first_response_hours: Num | None = None
    resolution_hours: Num | None = None
    fcr_pct: Pct | None = None
    csat_pct: Pct | None = None
    reopen_pct: Pct | None = None
    qa_score_pct: Pct | None = None
    qa_sample_size: Count | None = None
    aht_seconds: Num | None = None
    attrition_pct: Pct | None = None
    fee_invoiced: Num | None = None
    credit_claimed: Num | None = None

    @model_validator(mode="after")
    def _sample_within_volume(self) -> KpiPeriod:
        if self.qa_sample_size is not None and self.volume is not None and self.qa_sample_size > self.volume:
            raise ValueError(f"qa_sample_size {self.qa_sample_size} is more than the volume {self.volume}")
        return self


KPI_COLUMNS = tuple(KpiPeriod.model_fields)
Ticket = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]


class QaSample(_Model):
    period: Period
    ticket: Ticket
    buyer_score: Pct
    vendor_score: Pct


QA_COLUMNS = tuple(QaSample.model_fields)


class KpiFile(_Model):
    format: Literal["vendorbench-kpi"] = "vendorbench-kpi"
    version: Literal[1] = 1
    vendor_id: VendorId
    periods: list[KpiPeriod] = []
    qa_samples: list[QaSample] = []

    @model_validator(mode="after")
    def _unique(self) -> KpiFile:
        periods = [p.period for p in self.periods]
        if len(set(periods)) != len(periods):
            raise ValueError("a period is listed twice")
        tickets = [(s.period, s.ticket) for s in self.qa_samples]
        if len(set(tickets)) != len(tickets):
            raise ValueError("a QA sample ticket is listed twice in one period")
        return self


Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Hour = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3])$")]
Start = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class IntervalVolume(_Model):
    day: Day
    start: Start
    contacts: Num


class DemandFile(_Model):
    format: Literal["vendorbench-staffing"] = "vendorbench-staffing"
    version: Literal[1] = 1
    inputs: dict[str, int | float | str] = {}
    days: dict[Day, Pct] = {}
    hours: dict[Hour, Pct] = {}
    intervals: list[IntervalVolume] = []

    @field_validator("inputs")
    @classmethod
    def _known(cls, v: dict[str, Any]) -> dict[str, Any]:
        for key, value in v.items():
            try:
                _staffing.SCHEMA.check(key, value)
            except VendorbenchError as exc:
                raise ValueError(str(exc).removeprefix("staffing: ")) from None
        return v

    @model_validator(mode="after")
    def _aligned(self) -> DemandFile:
        if "chat_concurrency" in self.inputs and self.inputs.get("channel") != "chat":
            raise ValueError("chat_concurrency applies to the chat channel only: set channel=chat, or unset "
                             "chat_concurrency")
        minutes = int(self.inputs.get("interval_minutes", _staffing.DEFAULTS["interval_minutes"]))
        seen = set()
        for row in self.intervals:
            if int(row.start[3:]) % minutes:
                raise ValueError(f"interval {row.day} {row.start} does not start on a {minutes}-minute boundary")
            if (row.day, row.start) in seen:
                raise ValueError(f"interval {row.day} {row.start} is listed twice")
            seen.add((row.day, row.start))
        return self


PilotMetric = Literal["first_response_hours", "resolution_hours", "fcr_pct", "csat_pct", "reopen_pct", "qa_score_pct"]


class ThresholdModel(_Model):
    metric: PilotMetric
    value: Num
    must_pass: bool = True


class PilotFile(_Model):
    format: Literal["vendorbench-pilot"] = "vendorbench-pilot"
    version: Literal[1] = 1
    vendor_id: VendorId
    start: _dt.date
    end: _dt.date
    weeks: Annotated[int, Field(ge=1, le=52)] = 4
    thresholds: list[ThresholdModel] = []  # overrides of the defaults from the SLA terms, by metric

    @model_validator(mode="after")
    def _order(self) -> PilotFile:
        if self.end < self.start:
            raise ValueError(f"the pilot ends ({self.end}) before it starts ({self.start})")
        if len({t.metric for t in self.thresholds}) != len(self.thresholds):
            raise ValueError("a metric has two thresholds")
        return self


def _problems(where: str, exc: ValidationError) -> list[str]:
    return [f"{where}: {p}" for p in _field_problems(exc)]


def _field_problems(exc: ValidationError) -> list[str]:
    """Each pydantic error as 'field.path: message' (or the message, for a whole-record rule)."""
    out = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        out.append(f"{loc}: {msg}" if loc else msg)
    return out


def _read(ws: Workspace, name: str, model: type[BaseModel]) -> Any:
    path = ops_path(ws, name)
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        return None
    parse_json(path, raw)  # a torn or non-JSON file gets the store's corrupt-file message
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise VendorbenchError("\n".join(_problems(str(path), exc)) +
                               f"\n{path}: the file was edited by hand? It was left untouched.") from None


def _write(ws: Workspace, name: str, doc: BaseModel) -> None:
    path = ops_path(ws, name)
    make_dir(path.parent)
    data = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write(path, data.encode("utf-8"))


@contextlib.contextmanager
def _locked(ws: Workspace) -> Iterator[None]:
    """One writer at a time for the folder; temp files of writers that died are cleared first."""
    lock = ops_path(ws, ".lock")
    make_dir(lock.parent)
    with file_lock(lock, str(lock.parent)):
        remove_stale_temps(lock.parent)
        yield


# --- staffing ------------------------------------------------------------------------------------


def demand(ws: Workspace) -> DemandFile:
    return _read(ws, "staffing.json", DemandFile) or DemandFile()


def set_demand(ws: Workspace, values: Mapping[str, Any] | None = None, unset: Iterable[str] = (),
               days: Mapping[str, float] | None = None, hours: Mapping[str, float] | None = None,
               intervals: Sequence[IntervalVolume] | None = None, *, by: str | None = None) -> DemandFile:
    """Change the demand inputs; days/hours/intervals replace the old ones when given. Every value is
    checked before anything is written."""
    values = {k: _staffing.SCHEMA.check(k, v) for k, v in (values or {}).items()}
    unset = list(unset)
    for key in unset:
        _staffing.SCHEMA.check_key(key)
    with _locked(ws):
        old = demand(ws)
        inputs = {k: v for k, v in {**old.inputs, **values}.items() if k not in unset}
        try:
            doc = DemandFile.model_validate({
                "inputs": {k: inputs[k] for k in _staffing.SCHEMA.keys if k in inputs},
                "days": old.days if days is None else dict(days), "hours": old.hours if hours is None else dict(hours),
                "intervals": old.intervals if intervals is None else list(intervals)})
        except ValidationError as exc:
            raise VendorbenchError("\n".join(_problems("staffing", exc))) from None
        if doc != old:
            audit.record(ws, current_user(by), "demand", {}, old.model_dump(mode="json"), doc.model_dump(mode="json"))
            _write(ws, "staffing.json", doc)
    return doc


def missing_demand(d: DemandFile) -> list[str]:
    return _staffing.missing_inputs(d.inputs, d.days, d.hours, d.intervals)


def requirement(ws: Workspace) -> _staffing.Requirement | None:
    """The staffing requirement, or None while the demand is incomplete (missing_demand says why)."""
    d = demand(ws)
    if missing_demand(d):
        return None
    return _staffing.requirement(d.inputs, d.days, d.hours, [(i.day, i.start, i.contacts) for i in d.intervals])


def bid_checks(ws: Workspace, req: _staffing.Requirement | None = None) -> dict[str, _staffing.BidCheck]:
    """Per vendor id with TCO inputs: its staffing against the requirement (empty without demand)."""
    req = req or requirement(ws)
    if req is None:
        return {}
    return {vid: _staffing.check_bid(vid, inputs, req) for vid, inputs in ws.tco_inputs().items()}


def read_intervals_csv(path: str | Path) -> list[IntervalVolume]:
    """Contacts per interval of a typical week: columns day,start,contacts (all or nothing)."""
    header, rows, name = _csv_rows(path)
    cols = tuple(h.strip().lower() for h in header)
    if cols != ("day", "start", "contacts"):
        raise ImportProblems(name, [f"1: unrecognised header {','.join(header)!r}; expected day,start,contacts"])
    out: list[IntervalVolume] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        if len(row) != 3:
            problems.append(f"{line}: expected 3 fields, found {len(row)}")
            continue
        errors: list[str] = []
        contacts = _number(row[2], "contacts", errors)
        if errors:
            problems.extend(f"{line}: {e}" for e in errors)
            continue
        try:
            iv = IntervalVolume.model_validate({"day": row[0].strip().lower()[:3], "start": row[1].strip().zfill(5),
                                                "contacts": contacts})
        except ValidationError as exc:
            problems.extend(_problems(str(line), exc))
            continue
        key = (iv.day, iv.start)
        if key in seen:
            problems.append(f"{line}: duplicate interval {iv.day} {iv.start} (line {seen[key]})")
            continue
        seen[key] = line
        out.append(iv)
    if problems:
        raise ImportProblems(name, problems)
    return out


# --- KPI -----------------------------------------------------------------------------------------


def kpi(ws: Workspace, vendor_id: str) -> KpiFile:
    doc = _read(ws, f"kpi-{_vendor_id(vendor_id)}.json", KpiFile)
    if doc is not None and doc.vendor_id != vendor_id:
        raise VendorbenchError(f"{ops_path(ws, f'kpi-{vendor_id}.json')}: vendor_id is {doc.vendor_id!r}, "
                               f"not {vendor_id!r}; the file was copied from another vendor? It was left untouched.")
    return doc or KpiFile(vendor_id=vendor_id)


@dataclass(frozen=True)
class ParsedKpi:
    kind: str  # "kpi" or "qa"
    periods: tuple[KpiPeriod, ...] = ()
    qa_samples: tuple[QaSample, ...] = ()

    @property
    def rows(self) -> int:
        return len(self.periods) + len(self.qa_samples)


def read_kpi_csv(path: str | Path) -> ParsedKpi:
    """Parse a KPI CSV (period and any KPI columns) or a QA sample CSV (period,ticket,buyer_score,
    vendor_score); raise ImportProblems listing every bad row with its line number."""
    header, rows, name = _csv_rows(path)
    cols = tuple(h.strip().lower() for h in header)
    kind = "qa" if "ticket" in cols else "kpi"
    known = QA_COLUMNS if kind == "qa" else KPI_COLUMNS
    problems = [f"1: unknown column {c!r}; columns: {', '.join(known)}" for c in cols if c not in known]
    problems += [f"1: column {c!r} appears twice" for c in sorted(set(cols)) if cols.count(c) > 1]
    required = QA_COLUMNS if kind == "qa" else ("period",)
    problems += [f"1: column {c!r} is missing" for c in required if c not in cols]
    if problems:
        raise ImportProblems(name, problems)
    periods: list[KpiPeriod] = []
    samples: list[QaSample] = []
    first: dict[tuple[str, ...], int] = {}
    for line, row in rows:
        if len(row) != len(cols):
            problems.append(f"{line}: expected {len(cols)} fields, found {len(row)}")
            continue
        errors: list[str] = []
        fields: dict[str, Any] = {}
        for col, cell in zip(cols, row):
            text = cell.strip()
            if col in ("period", "ticket"):
                fields[col] = text
            elif text:
                value = _number(text, col, errors)
                if col in ("volume", "qa_sample_size") and isinstance(value, float):
                    errors.append(f"{col}: {text!r} is not a whole number")
                elif value is not None:  # a cell that is not a number is reported once, above
                    fields[col] = value
        try:
            record = QaSample(**fields) if kind == "qa" else KpiPeriod(**fields)
        except ValidationError as exc:
            errors += _field_problems(exc)
        if errors:
            problems.extend(f"{line}: {e}" for e in errors)
            continue
        key = (record.period, record.ticket) if isinstance(record, QaSample) else (record.period,)
        if key in first:
            what = f"period {key[0]} and ticket {key[1]}" if len(key) == 2 else f"period {key[0]}"
            problems.append(f"{line}: duplicate row: the same {what} as line {first[key]}")
            continue
        first[key] = line
        (samples if isinstance(record, QaSample) else periods).append(record)  # type: ignore[arg-type]
    if problems:
        raise ImportProblems(name, problems)
    return ParsedKpi(kind, tuple(periods), tuple(samples))


def import_kpi(ws: Workspace, vendor: str, path: str | Path, *, by: str | None = None) -> tuple[ParsedKpi, int]:
    """Import one file for one vendor, all or nothing. KPI rows replace the stored rows of the same
    periods; a QA sample file replaces the samples of the periods it lists. Returns (parsed,
    rows changed): importing the same file twice changes nothing the second time."""
    parsed = read_kpi_csv(path)
    return parsed, store_kpi(ws, vendor, parsed, by=by)


def store_kpi(ws: Workspace, vendor: str, parsed: ParsedKpi, *, by: str | None = None) -> int:
    """Store checked KPI periods or QA samples (see import_kpi); returns the rows changed."""
    v = ws.vendor(vendor)
    with _locked(ws):
        old = kpi(ws, v.id)
        if parsed.kind == "kpi":
            before = {p.period: p for p in old.periods}
            changes = [p for p in parsed.periods if before.get(p.period) != p]
            changed = len(changes)
            old_value: Any = {p.period: before[p.period].model_dump(mode="json") if p.period in before else None
                              for p in changes}
            new_value: Any = {p.period: p.model_dump(mode="json") for p in changes}
            merged = {**before, **{p.period: p for p in parsed.periods}}
            doc = old.model_copy(update={"periods": [merged[k] for k in sorted(merged)]})
        else:
            listed = {s.period for s in parsed.qa_samples}
            kept = [s for s in old.qa_samples if s.period not in listed]
            removed = [s for s in old.qa_samples if s.period in listed]
            changed = len(set(parsed.qa_samples) ^ set(removed))
            old_value = {"qa_samples": len(removed), "periods": sorted(listed)}
            new_value = {"qa_samples": len(parsed.qa_samples), "periods": sorted(listed)}
            doc = old.model_copy(update={"qa_samples": sorted([*kept, *parsed.qa_samples],
                                                              key=lambda s: (s.period, s.ticket))})
        if changed:
            audit.record(ws, current_user(by), "kpi.import", {"vendor": v.id, "kind": parsed.kind}, old_value,
                         new_value)
            _write(ws, f"kpi-{v.id}.json", KpiFile.model_validate(doc.model_dump()))
    return changed


def kpi_rows(doc: KpiFile, weekly: bool = False) -> list[dict[str, Any]]:
    """The KPI periods of one kind (months, or weeks when weekly) as plain dicts."""
    return [p.model_dump() for p in doc.periods if ("-W" in p.period) == weekly]


def vendor_scorecard(ws: Workspace, vendor: str, weekly: bool = False) -> tuple[Any, _performance.Scorecard]:
    """(vendor, scorecard of its monthly or weekly periods against its SLA terms)."""
    v = ws.vendor(vendor)
    doc = kpi(ws, v.id)
    samples: dict[str, list[tuple[str, float, float]]] = {}
    for s in doc.qa_samples:
        samples.setdefault(s.period, []).append((s.ticket, s.buyer_score, s.vendor_score))
    return v, _performance.scorecard(kpi_rows(doc, weekly), ws.sla_terms().get(v.id, {}), samples)


# --- pilot ---------------------------------------------------------------------------------------


def pilot(ws: Workspace, vendor_id: str) -> PilotFile | None:
    doc = _read(ws, f"pilot-{_vendor_id(vendor_id)}.json", PilotFile)
    if doc is not None and doc.vendor_id != vendor_id:
        raise VendorbenchError(f"{ops_path(ws, f'pilot-{vendor_id}.json')}: vendor_id is {doc.vendor_id!r}, "
                               f"not {vendor_id!r}; the file was copied from another vendor? It was left untouched.")
    return doc


def set_pilot(ws: Workspace, vendor: str, start: _dt.date | None = None, end: _dt.date | None = None,
              weeks: int | None = None, thresholds: Sequence[tuple[str, float, bool]] = (),
              reset: Iterable[str] = (), *, by: str | None = None) -> PilotFile:
    """Create or change a vendor's pilot plan. thresholds: (metric, value, must_pass) overrides;
    reset: metrics whose override is dropped (back to the SLA default)."""
    v = ws.vendor(vendor)
    reset = list(reset)
    for metric in reset:
        if metric not in _pilot.PILOT_METRICS:
            raise VendorbenchError(f"pilot: unknown metric {metric!r}; metrics: {', '.join(_pilot.PILOT_METRICS)}")
    with _locked(ws):
        old = pilot(ws, v.id)
        if old is None and (start is None or end is None):
            raise VendorbenchError(f"{v.name} has no pilot plan yet: give --start and --end")
        over: dict[str, ThresholdModel] = {t.metric: t for t in (old.thresholds if old else [])
                                           if t.metric not in reset}
        try:
            for metric, value, must in thresholds:
                try:
                    over[metric] = ThresholdModel.model_validate({"metric": metric, "value": value, "must_pass": must})
                except ValidationError as exc:
                    raise VendorbenchError("\n".join(_problems(f"pilot: threshold {metric}={value:g}", exc))) from None
            doc = PilotFile(vendor_id=v.id, start=start or old.start, end=end or old.end,  # type: ignore[union-attr]
                            weeks=weeks if weeks is not None else (old.weeks if old else 4),
                            thresholds=[over[m] for m in _pilot.PILOT_METRICS if m in over])
        except ValidationError as exc:
            raise VendorbenchError("\n".join(_problems("pilot", exc))) from None
        if doc != old:
            audit.record(ws, current_user(by), "pilot", {"vendor": v.id},
                         old.model_dump(mode="json") if old else None, doc.model_dump(mode="json"))
            _write(ws, f"pilot-{v.id}.json", doc)
    return doc


def thresholds(ws: Workspace, plan: PilotFile) -> list[_pilot.Threshold]:
    """The plan's thresholds: one per signed SLA target, overridden by the plan's own."""
    out = {t.metric: t for t in _pilot.default_thresholds(ws.sla_terms().get(plan.vendor_id, {}))}
    out.update({t.metric: _pilot.Threshold(t.metric, t.value, t.must_pass) for t in plan.thresholds})
    return [out[m] for m in _pilot.PILOT_METRICS if m in out]


def pilot_decision(ws: Workspace, vendor: str, today: _dt.date | None = None
                   ) -> tuple[Any, PilotFile, list[_pilot.Threshold], _pilot.Decision]:
    """(vendor, plan, thresholds, decision) for a vendor with a pilot plan, over its weekly KPI periods."""
    v = ws.vendor(vendor)
    plan = pilot(ws, v.id)
    if plan is None:
        raise VendorbenchError(f"{v.name} has no pilot plan: vendorbench pilot {ws.root} --vendor "
                               f"{v.name!r} --start YYYY-MM-DD --end YYYY-MM-DD")
    ts = thresholds(ws, plan)
    decision = _pilot.decide(plan.start, plan.end, plan.weeks, ts, kpi_rows(kpi(ws, v.id), weekly=True),
                             today or _dt.date.today())
    return v, plan, ts, decision


# --- export --------------------------------------------------------------------------------------


def export_doc(ws: Workspace) -> dict[str, Any]:
    """Every operations file as plain JSON, vendors by name (the "operations" part of export --format
    json): the staffing demand, each vendor's KPI periods and QA samples, and each pilot plan. Only
    vendors with data are listed; every file is read and validated as for any other use."""
    envelope = {"format", "version", "vendor_id"}
    kpis: dict[str, Any] = {}
    pilots: dict[str, Any] = {}
    for v in ws.vendors():
        doc = kpi(ws, v.id)
        if doc.periods or doc.qa_samples:
            kpis[v.name] = doc.model_dump(mode="json", exclude=envelope)
        plan = pilot(ws, v.id)
        if plan is not None:
            pilots[v.name] = plan.model_dump(mode="json", exclude=envelope)
    return {"staffing": demand(ws).model_dump(mode="json", exclude=envelope), "kpi": kpis, "pilots": pilots}


# --- helpers -------------------------------------------------------------------------------------


def _vendor_id(vendor_id: str) -> str:
    if not re.fullmatch(VENDOR_ID_RE, vendor_id):
        raise VendorbenchError(f"{vendor_id!r} is not a vendor id")
    return vendor_id


def _csv_rows(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(header, (line, cells) of each non-empty row, file name); CSV syntax errors name their line."""
    reader, header, name = open_csv(path)
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportProblems(name, [f"{line}: {exc}"]) from None
        start, line = line, reader.line_num + 1
        if any(cell.strip() for cell in row):
            rows.append((start, row))
    return header, rows, name


def _number(text: str, col: str, errors: list[str]) -> int | float | None:
    raw = text.strip().removesuffix("%").strip() if col.endswith("_pct") else text.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        errors.append(f"{col}: {text!r} is not a number")
        return None
    d = Decimal(raw)
    return int(d) if d == d.to_integral_value() else float(d)
