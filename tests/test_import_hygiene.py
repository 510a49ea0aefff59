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


# What the TUI's first screen (the overview, vendors listed, results still computing) may not import:
# the results and the analysis behind them are computed in a worker after the first paint; reports,
# spreadsheets, the RFP tools and the other screens load when they are used.
NOT_ON_FIRST_SCREEN = ("vendorbench.results", "vendorbench.scoring", "vendorbench.legal", "vendorbench.analysis",
                       "vendorbench.report", "vendorbench.rfp", "vendorbench.summary", "vendorbench.brief",
                       "vendorbench.operations", "vendorbench.tui.screens.scorecard",
                       "vendorbench.tui.screens.results", "vendorbench.tui.screens.dialogs",
                       "reportlab", "openpyxl", "numpy", "pypdf",
                       # pydantic's import alone was a third of the first screen's start (benchmarks/tui.py):
                       # the vendors and workspace.json are read without it (vendorbench/vendors.py)
                       "pydantic", "vendorbench.models", "vendorbench.questionnaires", "vendorbench.audit",
                       "vendorbench.governance")


def test_tui_first_screen_imports_only_what_it_shows():
    code = ("import sys\n"
            "import vendorbench.cli\n"
            "from vendorbench.store import Workspace\n"  # what `vendorbench open` imports to start
            "from vendorbench.tui import run\n"
            "from vendorbench.tui.app import VendorbenchApp\n"
            "from vendorbench.tui.screens.overview import OverviewScreen\n"
            f"bad = sorted(m for m in sys.modules if m.startswith({NOT_ON_FIRST_SCREEN!r}))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_tui_first_screen_draws_the_vendors_without_pydantic(tmp_path):
    """Not only the imports: the overview as it first draws (vendor rows, results not computed yet)
    reads the workspace without loading pydantic or the modules built on it."""
    from vendorbench.store import Workspace

    ws = Workspace.create(tmp_path / "ws", "Event")
    ws.add_vendor("Acme [bold]Support[/bold]", region="offshore", by="Lead")
    code = ("import asyncio, sys\n"
            "from vendorbench.store import Workspace\n"
            "from vendorbench.tui.app import VendorbenchApp\n"
            "from vendorbench.tui.screens.overview import OverviewScreen\n"
            "OverviewScreen._compute = lambda self, *args: None  # the results worker, which needs pydantic\n"
            "async def main():\n"
            f"    app = VendorbenchApp(Workspace({str(ws.root)!r}), 'Ann')\n"
            "    async with app.run_test(size=(120, 40)) as pilot:\n"
            "        await pilot.pause()\n"
            "        table = app.screen.query_one('#vendors')\n"
            "        cell = str(table.get_row_at(0)[1])\n"
            "        bad = sorted(m for m in sys.modules if m.startswith(('pydantic', 'vendorbench.models')))\n"
            "    if app.saver is not None:\n"
            "        app.saver.stop()  # run_test exits without action_quit\n"
            "    print(cell, '|', ','.join(bad))\n"
            "asyncio.run(main())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "Acme [bold]Support[/bold] |"
