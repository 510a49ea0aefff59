"""RFP pack benchmark: export, and import of a fully answered pack, for the built-in
questionnaires (60 criteria, 57 legal items).

    python benchmarks/rfp.py

Target: export under 1 s and import (checks + round write + evidence records) under
2 s, median of 3 runs, on the 2-core machine. Runs in a temp folder removed at the end.
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

from openpyxl import load_workbook  # noqa: E402

from vendorbench.rfp import pack, responses  # noqa: E402
from vendorbench.store import Workspace  # noqa: E402

RUNS = 3
EXPORT_TARGET, IMPORT_TARGET = 1.0, 2.0


def answered(src: Path, dst: Path, round_no: int) -> Path:
    wb = load_workbook(src)
    for name, cols in (("Questionnaire", (5, 6)), ("Contract terms", (5, 7))):
        sheet = wb[name]
        for row in range(2, sheet.max_row + 1):
            ident = sheet.cell(row, 1).value
            sheet.cell(row, cols[0]).value = ("Accepted" if name == "Contract terms" else
                                              f"Round {round_no}: a paragraph about {ident}. " * 5)
            sheet.cell(row, cols[1]).value = f"doc-{row}.pdf p. {row}" if name == "Questionnaire" else f"MSA {row}"
    wb.save(dst)
    return dst


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="vendorbench-rfp-bench-"))
    try:
        ws = Workspace.create(root / "ws", "Benchmark")
        ws.add_vendor("Acme")
        out = root / "pack.xlsx"
        exports = [timed(lambda: pack.export(ws, "Acme", out)) for _ in range(RUNS)]
        imports = []
        for n in range(RUNS):
            filled = answered(out, root / f"r{n}.xlsx", n)
            imports.append(timed(lambda f=filled: responses.import_file(ws, "Acme", f)))
        ex, im = statistics.median(exports), statistics.median(imports)
        print(f"vendorbench RFP benchmark (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {RUNS})")
        print(f"  export {ex:.2f} s (target {EXPORT_TARGET:g} s), pack {out.stat().st_size / 1024:.0f} KiB")
        print(f"  import {im:.2f} s (target {IMPORT_TARGET:g} s), 117 answers")
        if ex > EXPORT_TARGET or im > IMPORT_TARGET:
            sys.exit(1)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
