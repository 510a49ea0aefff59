"""The Textual TUI: a thin view over the core (it computes no score itself)."""

from __future__ import annotations

from pathlib import Path


def run(path: str | Path, user: str | None = None) -> int:
    """Open the workspace in the TUI; returns an exit code."""
    from ..store import Workspace, current_user
    from .app import VendorbenchApp

    app = VendorbenchApp(Workspace(path), current_user(user))
    app.run()
    return app.return_code or 0
