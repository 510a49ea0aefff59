"""After-signing benchmark: the staffing requirement of a very large centre, and a long KPI scorecard.

    python benchmarks/staffing.py

results.load computes the staffing requirement on every call (the cost-only
guard uses the corrected TCO), so it must stay small next to the rest.

Targets (median of RUNS runs):
- Erlang C requirement for 2,000,000 voice contacts a month, 15-minute intervals,
  24/7 (672 intervals, up to ~500 agents per interval), from day and hour
  profiles and from 672 distinct interval volumes: at most 0.5 s each;
- the scorecard of 60 months with SLA credits, earn-back and a 200-ticket QA
  calibration sample per month: at most 1 s (it runs for `kpi show`, a QBR or a
  TUI screen, not in results.load). Most of it is the QA alpha: agreement's
  ordinal distance table is quadratic in the distinct scores (about 50 here).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vendorbench.analysis import performance, staffing  # noqa: E402

RUNS = 5
TARGET_S = 0.5
TARGET_SCORECARD_S = 1.0


def median_time(fn) -> float:
    out = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main() -> None:
    inputs = {"channel": "voice", "interval_minutes": "15", "monthly_volume": 2_000_000, "aht_seconds": 300,
              "service_level_pct": 80, "answer_seconds": 20}
    days = dict.fromkeys(staffing.DAYS, 100 / 7)
    hours = {f"{h:02d}": 2 + (h % 12) for h in range(24)}
    req = staffing.requirement(inputs, days, hours)
    t_req = median_time(lambda: staffing.requirement(inputs, days, hours))
    print(f"requirement: {len(req.intervals)} intervals, peak {req.peak_agents} agents, {req.fte:,.0f} FTE: "
          f"{t_req * 1000:.0f} ms (target {TARGET_S * 1000:.0f} ms)")
    # the worst case: volumes given per interval, every one different (no repeated traffic to reuse)
    given = [(i.day, i.start, i.contacts * (1 + n / 10_000)) for n, i in enumerate(req.intervals)]
    t_given = median_time(lambda: staffing.requirement(inputs, intervals=given))
    print(f"requirement, {len(given)} distinct interval volumes: {t_given * 1000:.0f} ms "
          f"(target {TARGET_S * 1000:.0f} ms)")

    rng = random.Random("vendorbench-bench-staffing")
    rows = [{"period": f"{2027 + m // 12}-{m % 12 + 1:02d}", "volume": 12000, "first_response_hours": rng.uniform(1, 3),
             "resolution_hours": rng.uniform(15, 30), "fcr_pct": rng.uniform(60, 78), "csat_pct": rng.uniform(80, 92),
             "reopen_pct": rng.uniform(5, 10), "qa_score_pct": rng.uniform(80, 90), "qa_sample_size": 600,
             "fee_invoiced": 65000, "credit_claimed": 0} for m in range(60)]
    terms = {"first_response_hours": 2, "resolution_hours": 24, "fcr_target_pct": 70, "csat_min_pct": 88,
             "reopen_max_pct": 7, "qa_score_min_pct": 85, "qa_sample_pct": 5, "fee_at_risk_pct": 10,
             "credit_first_response_pct": 25, "credit_resolution_pct": 15, "credit_fcr_pct": 30, "credit_csat_pct": 30,
             "credit_reopen_pct": 10, "credit_qa_score_pct": 20, "credit_cap_pct": 8, "earn_back_months": "2"}
    samples = {r["period"]: [(f"T{t}", b := rng.randint(50, 100), min(100, b + rng.randint(-5, 5))) for t in range(200)]
               for r in rows}
    t_sc = median_time(lambda: performance.scorecard(rows, terms, samples))
    print(f"scorecard: 60 months, 200 QA tickets each: {t_sc * 1000:.0f} ms "
          f"(target {TARGET_SCORECARD_S * 1000:.0f} ms)")
    ok = max(t_req, t_given) <= TARGET_S and t_sc <= TARGET_SCORECARD_S
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
