"""Decision-analysis benchmark: results for the 60,000-answer workspace with and without the analysis.

    python benchmarks/analysis.py

Target: results.compute with the analysis (evaluator agreement, weight
sensitivity with 10,000 Dirichlet draws, SLA check, TCO, cost-only guard) takes
at most 2x results.compute without it, on the same inputs read once from disk
(median of RUNS runs each, alternating, after a warm-up that also pays numpy's
import; garbage collector off, as in benchmarks/core.py, then on for
information). results.load (disk included) is shown for scale. Runs in a temp
folder removed at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import workspace as bench_ws  # noqa: E402
from benchmarks.core import ms, no_gc  # noqa: E402
from vendorbench import results  # noqa: E402
from vendorbench.analysis import agreement, decision, sensitivity, sla, tco  # noqa: E402
from vendorbench.store import Workspace  # noqa: E402

RUNS = 9
TARGET_RATIO = 2.0


def add_terms(ws: Workspace) -> None:
    """SLA terms and TCO inputs for every vendor, some balanced, some not, so every rule runs."""
    for i, v in enumerate(ws.vendors()):
        ws.set_sla(v.id, {"first_response_hours": 4 + i % 5, "resolution_hours": 24, "csat_min_pct": 80 + i % 10,
                          "fcr_target_pct": 60 + i % 20, "reopen_max_pct": 5 + i % 6, "qa_sample_pct": 3 + i % 5,
                          "calibration": ("weekly", "none")[i % 2], "fee_at_risk_pct": 2 + i % 16})
        ws.set_tco(v.id, {"pricing": ("hourly", "per_contact")[i % 2], "hourly_rate": 12 + i, "productive_hours": 140,
                          "agents": 10 + i, "price_per_contact": 3 + i / 4, "contacts_per_month": 9000,
                          "management_monthly": 4000, "oversight_monthly": 2500, "onboarding_one_off": 20000,
                          "integration_one_off": 15000, "exit_one_off": 10000, "contract_months": 24,
                          "fcr_pct": 60 + i})


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="vendorbench-bench-analysis-"))
    try:
        run(root / "ws-60k")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(path: Path) -> None:
    print("vendorbench decision-analysis benchmark")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; timing loops run with gc disabled")
    t = time.perf_counter()
    ws = bench_ws.build(path, **bench_ws.ABOUT_60K)
    add_terms(ws)
    kw = bench_ws.ABOUT_60K
    print(f"\nWorkspace: {kw['vendors']} vendors x {kw['evaluators']} evaluators x {kw['criteria']} criteria "
          f"= {len(ws.answers()):,} answers, SLA terms and TCO inputs for every vendor "
          f"(built in {time.perf_counter() - t:.1f} s)")

    ws = Workspace(path)
    inputs = (ws.meta.name, ws.scorecard, ws.legal, ws.vendors(), ws.votes(), ws.findings(), ws.weights(),
              ws.conditions_off(), ws.sla_terms(), ws.tco_inputs())
    plain = lambda: results.compute(*inputs, analysis=False)  # noqa: E731
    full = lambda: results.compute(*inputs)  # noqa: E731
    full()  # warm-up: numpy import, caches
    plain()
    without, with_ = [], []
    with no_gc():
        for _ in range(RUNS):  # alternating: background load hits both alike
            without += timed(plain, 1)
            with_ += timed(full, 1)
    t_without, t_with = statistics.median(without), statistics.median(with_)
    ratio = t_with / t_without
    gc_without, gc_with = [], []
    for _ in range(RUNS):  # the same with the garbage collector on, as in a real run (informational)
        gc_without += timed(plain, 1)
        gc_with += timed(full, 1)
    gc_ratio = statistics.median(gc_with) / statistics.median(gc_without)

    res = full()
    scores = [v.score for v in res.vendors]
    candidates = [v.score for v in res.vendors if results.recommendable(v)]
    names = {v.vendor.id: v.vendor.name for v in res.vendors}
    sc, w = res.scorecard, res.weights
    sla_terms, tco_inputs = inputs[8], inputs[9]
    with no_gc():
        parts = {
            "agreement (alpha overall + per category, disagreements)":
                timed(lambda: agreement.agreement(sc, scores), RUNS),
            f"sensitivity (flip points + {sensitivity.DRAWS:,} Dirichlet draws)":
                timed(lambda: sensitivity.sensitivity(sc, w, scores, names), RUNS),
            "SLA check + TCO, every vendor":
                timed(lambda: ([sla.check(sla_terms.get(v, {})) for v in names],
                               [tco.compute(tco_inputs.get(v, {})) for v in names]), RUNS),
            "cost-only guard": timed(lambda: tco.cost_only_warnings(sc, w, scores, names), RUNS),
            "what would change the decision (flips, leave-one-evaluator-out)":
                timed(lambda: decision.decide(sc, w, candidates, res.decision.pick, res.decision.runner_up, names,
                                              res.sensitivity.categories), RUNS) if res.decision else [0.0],
        }
        load = timed(lambda: results.load(Workspace(path)), 5)

    a, s = res.agreement, res.sensitivity
    print(f"\nresults.compute, median of {RUNS} runs each (alternating):")
    print(f"   without analysis  {ms(t_without)}")
    print(f"   with analysis     {ms(t_with)}")
    print(f"   ratio             {ratio:.2f} (target <= {TARGET_RATIO}) {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    print(f"   with gc on: {ms(statistics.median(gc_without))} vs {ms(statistics.median(gc_with))}, "
          f"ratio {gc_ratio:.2f} (informational)")
    print("\nWhere the analysis time goes (medians, informational):")
    for label, samples in parts.items():
        print(f"   {ms(statistics.median(samples)):>10}  {label}")
    print(f"\nresults.load (disk + compute + analysis), median of 5: {ms(statistics.median(load))}")
    print("\nWhat it found (synthetic random scores, so agreement is low and nearly every unit disagrees):")
    print(f"   alpha {float(a.alpha):.3f}; {len(a.disagreements):,} disagreements of "
          f"{sum(len(v.votes) for v in scores):,} units")
    top = sorted(s.rank1.items(), key=lambda kv: -kv[1])[:3]
    print("   rank 1 in draws: " + ", ".join(f"{names[v]} {float(p):.1%}" for v, p in top))
    print(f"   {len(s.summary)} sensitivity sentence(s); first: {s.summary[0] if s.summary else '-'}")
    print(f"   {sum(len(c.findings) for c in res.sla.values())} SLA findings; "
          f"{len(res.warnings)} cost-only warning(s)")


if __name__ == "__main__":
    main()
