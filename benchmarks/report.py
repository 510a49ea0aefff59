"""Report benchmark: build time, pages and size of the executive PDF.

    python benchmarks/report.py

Target: the 60,000-answer workspace (20 vendors x 10 evaluators x 300 criteria,
every note in the appendix) builds in under 5 s, median of 3 runs, on the
2-core machine. The demo workspace is measured too (informational). Everything
runs in a temp folder that is removed at the end.
"""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import workspace as bench_ws  # noqa: E402
from vendorbench import demo  # noqa: E402
from vendorbench.report import build_report  # noqa: E402
from vendorbench.store import Workspace  # noqa: E402

RUNS = 3
TARGET_SECONDS = 5.0


def measure(ws: Workspace, out: Path) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds of RUNS builds, pages, bytes; the first build warms imports and fonts."""
    build_report(ws, out)
    walls, cpus = [], []
    for _ in range(RUNS):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        info = build_report(ws, out)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), info.pages, out.stat().st_size


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="vendorbench-report-bench-"))
    try:
        print("vendorbench report benchmark")
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; build_report, median of {RUNS} runs "
              "after one warm-up (wall clock; CPU time in brackets)")
        ws_demo, _ = demo.ensure(root / "demo")
        wall, cpu, pages, size = measure(ws_demo, root / "demo.pdf")
        print(f"   demo: {wall:.2f} s ({cpu:.2f} s CPU), {pages} pages, {size / 1024:.0f} KiB (informational)")

        t = time.perf_counter()
        ws = bench_ws.build(root / "ws-60k", **bench_ws.ABOUT_60K)
        print(f"   60k workspace built in {time.perf_counter() - t:.1f} s ({len(ws.answers()):,} answers)")
        wall, cpu, pages, size = measure(Workspace(root / "ws-60k"), root / "60k.pdf")
        verdict = "PASS" if wall < TARGET_SECONDS else "MISS"
        print(f"   60k: {wall:.2f} s ({cpu:.2f} s CPU), {pages} pages, {size / 1024 / 1024:.1f} MiB "
              f"(target < {TARGET_SECONDS:g} s) {verdict}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
