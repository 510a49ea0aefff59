"""What every vendorbench screen shares: header, footer, refresh on return."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import VendorbenchApp
    from ..session import Session


class BaseScreen(Screen[None]):
    HELP_TITLE = ""
    HELP_TEXT = ""

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
