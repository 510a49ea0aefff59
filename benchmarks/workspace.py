"""Synthetic, deterministic benchmark workspaces for vendorbench.

    from benchmarks.workspace import build, about_1k
    ws = build(tmpdir / "ws")                 # 20 vendors x 10 evaluators x 300 criteria = 60,000 answers
    ws = about_1k(tmpdir / "small")           # 4 x 5 x 50 = 1,000 answers

Everything goes through the public Workspace API (create, add_vendor,
import_answers, import_findings), so a workspace built here is exactly what a
real team would have on disk. The same arguments and seed give the same
scorecard, vendors, scores, notes and findings (only the "updated" timestamps
differ). Prints nothing.
"""

from __future__ import annotations

import random
from pathlib import Path

from vendorbench.models import Answer, Finding
from vendorbench.store import Workspace

REGIONS = ("onshore", "nearshore", "offshore")
STATUS_WEIGHTS = {"ok": 6, "negotiate": 3, "missing": 1, "na": 1}
ABOUT_1K = {"vendors": 4, "evaluators": 5, "criteria": 50, "categories": 5}
ABOUT_60K = {"vendors": 20, "evaluators": 10, "criteria": 300, "categories": 12}

_NOTES = (
    "Evidence seen in the pilot week; matches the rubric anchor.",
    "Reference call confirmed this, but only for one client.",
    "Sales deck claim, no document produced yet.",
    "Asked for the SOC 2 report section; promised next week.",
    "Strong answer in the live demo — agents handled escalations well.",
    "Unclear; needs a follow-up question in the next round.",
)


def _toml_str(text: str) -> str:
    """A TOML basic string (the generated texts never contain control characters)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scorecard_toml(criteria: int = 300, categories: int = 12, seed: int = 1) -> str:
    """A valid scorecard with `criteria` criteria spread over `categories` categories.

    Two criteria (the first of the first two categories) carry a knockout threshold.
    """
    if categories < 1 or criteria < categories:
        raise ValueError("need at least one criterion per category")
    rng = random.Random(f"scorecard-{seed}")
    per_cat = [criteria // categories + (1 if i < criteria % categories else 0) for i in range(categories)]
    out = [
        'id = "bench-scorecard"',
        'title = "Benchmark scorecard"',
        f'version = "{criteria}x{categories}-s{seed}"',
        'kind = "scorecard"',
        _kv("description", "Synthetic scorecard generated for benchmarks."),
        "",
    ]
    knockouts_left = 2
    for ci, n in enumerate(per_cat, start=1):
        out += [
            "[[categories]]",
            f'id = "cat{ci:02d}"',
            _kv("title", f"Category {ci}"),
            f"weight = {rng.randint(2, 15)}",
            _kv("description", f"Synthetic category {ci} of {categories}."),
            "",
        ]
        for ki in range(1, n + 1):
            out += [
                "  [[categories.criteria]]",
                f'  id = "cat{ci:02d}.k{ki:03d}"',
                "  " + _kv("title", f"Criterion {ki} of category {ci}: does the vendor meet requirement {ci}.{ki}?"),
                f"  weight = {rng.randint(1, 5)}",
                "  " + _kv("guidance", f"Ask for documents proving requirement {ci}.{ki}; "
                                       "score the evidence, not the pitch."),
            ]
            if ki == 1 and knockouts_left:
                out.append("  knockout_below = 1.5")
                knockouts_left -= 1
            out.append("  [categories.criteria.rubric]")
            anchors = ("0", "1", "2", "3", "4", "5") if ki % 3 == 0 else ("0", "3", "5")
            out += [f'  "{a}" = ' + _toml_str(f"Anchor {a} for requirement {ci}.{ki}.") for a in anchors]
            out.append("")
    return "\n".join(out) + "\n"


def _kv(key: str, text: str) -> str:
    return f"{key} = {_toml_str(text)}"


def build(path: str | Path, vendors: int = 20, evaluators: int = 10, criteria: int = 300,
          categories: int = 12, seed: int = 1) -> Workspace:
    """Create a filled workspace at path (a new or empty folder) and return it.

    vendors x evaluators x criteria answers (scores 0..5, about 2% "na", about 5%
    with a note), plus one legal reviewer's finding on every checklist item of
    every vendor. The scorecard TOML is written next to the workspace folder
    (path + ".scorecard.toml") and pinned into the workspace by Workspace.create.
    """
    path = Path(path)
    sc_file = path.parent / f"{path.name}.scorecard.toml"
    sc_file.write_text(scorecard_toml(criteria, categories, seed), encoding="utf-8")
    ws = Workspace.create(path, f"Benchmark {vendors}x{evaluators}x{criteria}", scorecard=str(sc_file),
                          legal="legal-risk")
    rng = random.Random(seed)

    vendor_ids = [ws.add_vendor(f"Vendor {i:03d}", region=REGIONS[i % 3],
                                website=f"https://vendor{i:03d}.example").id
                  for i in range(1, vendors + 1)]
    people = [f"Evaluator {i:02d}" for i in range(1, evaluators + 1)]
    crit_ids = [c.id for c in ws.scorecard.criteria()]

    answers = []
    for person in people:
        bias = rng.uniform(-0.8, 0.8)  # evaluators differ a little in strictness
        for vid in vendor_ids:
            for cid in crit_ids:
                r = rng.random()
                if r < 0.02:
                    value: int | str = "na"
                else:
                    value = min(5, max(0, round(rng.gauss(3.0 + bias, 1.2))))
                note = rng.choice(_NOTES) if rng.random() < 0.05 else ""
                answers.append(Answer(evaluator=person, vendor_id=vid, criterion=cid, value=value, note=note))
    ws.import_answers(answers)

    statuses, weights = zip(*STATUS_WEIGHTS.items())
    findings = [
        Finding(reviewer="Legal Reviewer", vendor_id=vid, item=item.id,
                status=rng.choices(statuses, weights)[0],
                note="Clause needs rewording." if rng.random() < 0.1 else "")
        for vid in vendor_ids for item in ws.legal.items()
    ]
    ws.import_findings(findings)
    return ws


def about_1k(path: str | Path, seed: int = 1) -> Workspace:
    """4 vendors x 5 evaluators x 50 criteria = 1,000 answers."""
    return build(path, seed=seed, **ABOUT_1K)


def about_60k(path: str | Path, seed: int = 1) -> Workspace:
    """20 vendors x 10 evaluators x 300 criteria = 60,000 answers (the build() defaults)."""
    return build(path, seed=seed, **ABOUT_60K)
