"""Core benchmark: saving one answer and computing results, at ~1k and 60k answers.

    python benchmarks/core.py

Targets (from the Storage design: one writer per file, sharded per person, vendor and category):
  - save p50 at 60k answers / save p50 at 1k answers       <= 1.2  (a save costs the same however big the event)
  - plain TinyDB (one JSON file) upsert at 60k / save 60k >= 20   (the sharding is worth it)
  - results.load at 60k / read+json-parse every file       <= 2.0  (results cost little beyond reading the data)

Everything runs in temp folders that are removed at the end. Timing loops run
with the garbage collector disabled (collected just before), as timeit does.
"""

from __future__ import annotations

import gc
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import Query, TinyDB  # noqa: E402

from benchmarks import workspace as bench_ws  # noqa: E402
from vendorbench import results  # noqa: E402
from vendorbench.store import Workspace  # noqa: E402

SAVES = 300  # set_answer calls timed per workspace
PLAIN_TINYDB_UPSERTS = 20
RESULT_RUNS = 7
CSV_RUNS = 3
SEED = 20260101

TARGET_SAVE_RATIO = 1.2
TARGET_PLAIN_RATIO = 20.0
TARGET_RESULTS_RATIO = 2.0


# --- helpers -----------------------------------------------------------------------------


class no_gc:
    def __enter__(self):
        gc.collect()
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --- 1. build ----------------------------------------------------------------------------


def build(root: Path, label: str, **kwargs) -> tuple[Path, float, int]:
    path = root / f"ws-{label}"
    t = time.perf_counter()
    ws = bench_ws.build(path, **kwargs)
    elapsed = time.perf_counter() - t
    return path, elapsed, len(ws.answers())


# --- 2. saving one answer ----------------------------------------------------------------


class SavePlan:
    """Random cells of one workspace, each with a new value that differs from the stored one."""

    def __init__(self, path: Path, n: int, seed: int):
        self.path = path
        self.ws = Workspace(path)
        _ = self.ws.scorecard  # parse the pinned scorecard now: time steady-state saves, not the first parse
        current = {(a.evaluator, a.vendor_id, a.criterion): a.value for a in self.ws.answers()}
        cells = sorted(current)
        rng = random.Random(seed)
        self.steps = []
        for _ in range(n):
            cell = rng.choice(cells)
            old = current[cell]
            new = (old + 3) % 6 if isinstance(old, int) else 2  # "na" -> 2; never equal to old
            current[cell] = new
            self.steps.append((cell, new))
        self.expected = current
        self.samples: list[float] = []

    def save(self, i: int) -> None:
        (evaluator, vendor_id, criterion), value = self.steps[i]
        t = time.perf_counter()
        self.ws.set_answer(evaluator, vendor_id, criterion, value)
        self.samples.append(time.perf_counter() - t)

    def verify(self) -> None:
        stored = {(a.evaluator, a.vendor_id, a.criterion): a.value for a in Workspace(self.path).answers()}
        wrong = sum(1 for cell, _ in self.steps if stored[cell] != self.expected[cell])
        if wrong:
            raise SystemExit(f"benchmark error: {wrong} saves did not reach the disk in {self.path}")


def bench_saves(paths: dict[str, Path], n: int, seed: int) -> dict[str, list[float]]:
    """Time Workspace.set_answer on random cells; every save changes the stored value.

    The workspaces take turns (one save each), so background load on the machine
    hits all of them alike and the ratio between them stays meaningful.
    """
    plans = {label: SavePlan(path, n, seed) for label, path in paths.items()}
    with no_gc():
        for i in range(n):
            for plan in plans.values():
                plan.save(i)
    for plan in plans.values():
        plan.verify()
    return {label: plan.samples for label, plan in plans.items()}


def bench_plain_tinydb(root: Path, label: str, answers_path: Path, n: int, seed: int) -> tuple[list[float], float]:
    """The same answers in ONE TinyDB file (default JSONStorage); time Table.upsert of one document."""
    ws = Workspace(answers_path)
    docs = [{"evaluator": a.evaluator, "vendor": a.vendor_id, "criterion": a.criterion, "value": a.value,
             "note": a.note, "evidence": a.evidence, "updated": "2026-01-01T00:00:00+00:00"}
            for a in ws.answers()]
    db_path = root / f"plain-tinydb-{label}.json"
    t = time.perf_counter()
    db = TinyDB(db_path)
    table = db.table("answers")
    table.insert_multiple(docs)
    insert_time = time.perf_counter() - t

    rng = random.Random(seed)
    q = Query()
    samples = []
    with no_gc():
        for i in range(n):
            d = dict(rng.choice(docs))
            d["value"] = (d["value"] + 3) % 6 if isinstance(d["value"], int) else 2
            d["updated"] = f"2026-01-02T00:00:{i % 60:02d}+00:00"
            cond = (q.evaluator == d["evaluator"]) & (q.vendor == d["vendor"]) & (q.criterion == d["criterion"])
            t = time.perf_counter()
            table.upsert(d, cond)
            samples.append(time.perf_counter() - t)
    db.close()
    return samples, insert_time


# --- 3. computing results ---------------------------------------------------------------


def read_all_json(path: Path) -> int:
    n = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(dirpath, name), "rb") as fh:
                    json.loads(fh.read())
                n += 1
    return n


def bench_results(path: Path) -> tuple[float, float, int]:
    """Medians of results.load and of the read+parse baseline, run alternately (same background load)."""
    load = lambda: results.load(Workspace(path))  # noqa: E731
    files = read_all_json(path)
    load()  # warm-up: page cache, imports
    t_results, t_read = [], []
    with no_gc():
        for _ in range(RESULT_RUNS):
            t = time.perf_counter()
            load()
            t_results.append(time.perf_counter() - t)
            t = time.perf_counter()
            read_all_json(path)
            t_read.append(time.perf_counter() - t)
    return statistics.median(t_results), statistics.median(t_read), files


# --- main ----------------------------------------------------------------------------------


def bench_csv(path: Path, root: Path) -> tuple[float, float, int]:
    from vendorbench import transfer

    ws = Workspace(path)
    t = time.perf_counter()
    text = transfer.scores_csv(ws)
    t_export = time.perf_counter() - t
    csv_path = root / "scores-60k.csv"
    csv_path.write_text(text, encoding="utf-8")
    times, rows = [], 0
    for _ in range(CSV_RUNS):
        gc.collect()
        t = time.perf_counter()
        rows = transfer.read_csv(ws, csv_path).rows
        times.append(time.perf_counter() - t)
    return t_export, statistics.median(times), rows


def main() -> None:
    t0 = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="vendorbench-bench-"))
    try:
        run(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nTotal benchmark time: {time.perf_counter() - t0:.1f} s")


def run(root: Path) -> None:
    print("vendorbench core benchmark")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, temp dir {root}")
    print("Timing loops run with gc disabled (collected first).")

    presets = {"1k": bench_ws.ABOUT_1K, "60k": bench_ws.ABOUT_60K}
    paths: dict[str, Path] = {}
    print("\n1. Building workspaces (Workspace.create + add_vendor + import_answers + import_findings)")
    for label, kw in presets.items():
        path, elapsed, count = build(root, label, **kw)
        paths[label] = path
        files = sum(1 for _ in path.glob("answers/*/*/scores-*.json"))
        print(f"   {label:>3}: {kw['vendors']} vendors x {kw['evaluators']} evaluators x {kw['criteria']} criteria "
              f"= {count:,} answers in {files} score files ({count // files} answers per file); "
              f"built in {ms(elapsed)}")

    print(f"\n2. Saving one answer: Workspace.set_answer (lock, read, upsert, atomic write + fsync), "
          f"{SAVES} random saves per workspace, interleaved")
    save = bench_saves(paths, SAVES, SEED)
    for label in presets:
        s = save[label]
        print(f"   save {label:>3}: p50 {ms(percentile(s, 50))}  p95 {ms(percentile(s, 95))}  "
              f"min {ms(min(s))}  max {ms(max(s))}")
    ratio_save = percentile(save["60k"], 50) / percentile(save["1k"], 50)
    print(f"   save p50 ratio 60k/1k: {ratio_save:.2f} (target <= {TARGET_SAVE_RATIO}) "
          f"{verdict(ratio_save <= TARGET_SAVE_RATIO)}")

    print(f"\n   Plain TinyDB, default JSONStorage, all answers in ONE file: Table.upsert of one document "
          f"by (evaluator, vendor, criterion), {PLAIN_TINYDB_UPSERTS} upserts")
    plain: dict[str, list[float]] = {}
    for label in presets:
        plain[label], insert_time = bench_plain_tinydb(root, label, paths[label], PLAIN_TINYDB_UPSERTS, SEED)
        s = plain[label]
        print(f"   plain TinyDB {label:>3}: p50 {ms(percentile(s, 50))}  p95 {ms(percentile(s, 95))}  "
              f"(insert_multiple of all answers: {ms(insert_time)})")
    ratio_plain = percentile(plain["60k"], 50) / percentile(save["60k"], 50)
    print(f"   ratio plain TinyDB 60k / save 60k (p50): {ratio_plain:.1f} (target >= {TARGET_PLAIN_RATIO:g}) "
          f"{verdict(ratio_plain >= TARGET_PLAIN_RATIO)}")

    print(f"\n3. Computing results: results.load(Workspace(path)), median of {RESULT_RUNS} runs, "
          f"vs reading + json-parsing every .json file of the workspace (alternating)")
    ratio_results = 0.0
    for label in presets:
        t_res, t_read, files = bench_results(paths[label])
        ratio = t_res / t_read
        line = (f"   results {label:>3}: {ms(t_res)}   read+parse {files} files: {ms(t_read)}   "
                f"ratio {ratio:.2f}")
        if label == "60k":
            ratio_results = ratio
            line += f" (target <= {TARGET_RESULTS_RATIO}) {verdict(ratio <= TARGET_RESULTS_RATIO)}"
        else:
            line += " (informational)"
        print(line)

    print(f"\n4. CSV import check: transfer.read_csv of every score at 60k (parse, check each row against the "
          f"workspace and its rules; nothing written), median of {CSV_RUNS} runs (informational)")
    t_export, t_check, rows = bench_csv(paths["60k"], root)
    print(f"   scores_csv export {ms(t_export)}   read_csv {rows:,} rows {ms(t_check)}   "
          f"{rows / t_check:,.0f} rows/s")

    print("\nSummary")
    print(f"   save p50 60k/1k            {ratio_save:6.2f}  target <= {TARGET_SAVE_RATIO:<4}  "
          f"{verdict(ratio_save <= TARGET_SAVE_RATIO)}")
    print(f"   plain TinyDB 60k / save60k {ratio_plain:6.1f}  target >= {TARGET_PLAIN_RATIO:<4g}  "
          f"{verdict(ratio_plain >= TARGET_PLAIN_RATIO)}")
    print(f"   results 60k / read+parse   {ratio_results:6.2f}  target <= {TARGET_RESULTS_RATIO:<4}  "
          f"{verdict(ratio_results <= TARGET_RESULTS_RATIO)}")


if __name__ == "__main__":
    main()
