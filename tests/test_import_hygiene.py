"""The core never imports Textual (the TUI's) or ReportLab (the report's): the CLI,
the report and the TUI stay thin views over it, and start-up stays fast."""

from __future__ import annotations

import subprocess
import sys

CORE = ["vendorbench.models", "vendorbench.questionnaires", "vendorbench.storage", "vendorbench.store",
        "vendorbench.scoring", "vendorbench.legal", "vendorbench.results", "vendorbench.transfer",
        "vendorbench.cli", "vendorbench.sync", "vendorbench.analysis", "vendorbench.analysis.agreement",
        "vendorbench.analysis.sensitivity", "vendorbench.analysis.sla", "vendorbench.analysis.tco",
        "vendorbench.analysis.terms"]


def test_core_does_not_import_textual_or_reportlab():
    code = (f"import sys\nfor m in {CORE!r}: __import__(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'reportlab'))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
