"""What every vendorbench screen shares: header, footer, refresh on return."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from textual.screen import UPDATE_PERIOD, Screen

if TYPE_CHECKING:
    from ..app import VendorbenchApp
    from ..session import Session


class FrameClock:
    """When the screen paints its next frame: as soon as it is asked to, at most one frame
    per UPDATE_PERIOD (Textual's MAX_FPS).

    Textual's own clock is a 1/60 s interval timer that is paused between frames; when a
    change arrives right after a frame, the timer skips to its next-but-one tick, so the
    frame showing it came 17-33 ms late (after a score key, the frame saying "saved" waited
    on it every time). Same interface as the Timer that Screen uses for it (pause, resume);
    uses Screen internals of the pinned Textual (8.2.8); the Pilot tests cover the result."""

    def __init__(self, screen: Screen[Any]):
        self._screen = screen
        self._handle: asyncio.TimerHandle | None = None
        self._last = 0.0

    def resume(self) -> None:
        if self._handle is None:
            delay = max(0.0, self._last + UPDATE_PERIOD - time.monotonic())
            self._handle = asyncio.get_running_loop().call_later(delay, self._tick)

    def pause(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _tick(self) -> None:
        self._handle = None
        self._last = time.monotonic()
        screen = self._screen
        if not screen.is_running:
            return
        try:
            screen._on_timer_update()  # noqa: SLF001
        except Exception as error:  # as Textual's timer does: the app shows it and exits
            screen.app._handle_exception(error)  # noqa: SLF001


class BaseScreen(Screen[None]):
    HELP_TITLE = ""
    HELP_TEXT = ""

    @property
    def _update_timer(self) -> Any:  # Screen's frame clock: see FrameClock
        clock = self.__dict__.get("_frame_clock")
        if clock is None:
            clock = self.__dict__["_frame_clock"] = FrameClock(self)
        return clock

    @property
    def vb(self) -> VendorbenchApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        return self.vb.session

    def refresh_data(self) -> None:
        """Redraw from the core's current results (after saves, refresh, or return)."""

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def highlighted_vendor(self) -> str | None:
        return None

    def palette_commands(self) -> Any:
        return ()
