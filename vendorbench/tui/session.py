"""What the TUI holds between screens: the workspace, who is working, and the
latest results (recomputed by the core when something changed)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from ..store import Workspace

if TYPE_CHECKING:
    from ..results import Results


class Session:
    def __init__(self, ws: Workspace, user: str):
        self.ws = ws
        self.user = user
        self._results: Results | None = None
        # the day evidence expiry is judged on: None is the clock's today (tests fix a day)
        self.today: _dt.date | None = None

    def day(self) -> _dt.date:
        return self.today or _dt.date.today()

    @property
    def results(self) -> Results:
        if self._results is None:
            # imported here: the first screen paints before the results (and the analysis
            # they pull in) are needed, in a worker
            from .. import results as results_mod

            self._results = results_mod.load(self.ws, self.day())
        return self._results

    @property
    def cached_results(self) -> Results | None:
        """The results if they are up to date, without computing them."""
        return self._results

    def invalidate(self) -> None:
        """Something was saved (here or by a teammate): recompute on next use."""
        self._results = None
