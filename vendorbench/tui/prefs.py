"""The TUI's own preferences (theme), kept per user in $XDG_CONFIG_HOME/vendorbench/tui.json.

Not workspace data: a workspace is shared with the team, the theme is one person's choice.
The file is read as untrusted input: a damaged or foreign file gives the defaults and a
message, never a crash, and unknown keys are ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_THEME = "textual-dark"


@dataclass
class Prefs:
    theme: str = DEFAULT_THEME


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"  # as the XDG spec says
    return root / "vendorbench" / "tui.json"


def load(path: Path) -> tuple[Prefs, str | None]:
    """The preferences in path (defaults when there is none) and a message if the file was unusable."""
    try:
        raw = path.read_bytes()[:65536]
    except FileNotFoundError:
        return Prefs(), None
    except OSError as exc:
        return Prefs(), f"{path}: preferences not read ({exc.strerror}); using the defaults"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Prefs(), f"{path}: preferences file is damaged ({exc}); using the defaults"
    if not isinstance(data, dict):
        return Prefs(), f"{path}: preferences file is not a JSON object; using the defaults"
    theme = data.get("theme")
    return Prefs(theme=theme if isinstance(theme, str) and theme else DEFAULT_THEME), None


def save(path: Path, prefs: Prefs) -> None:
    from ..storage import atomic_write, make_dir

    make_dir(path.parent)  # raises StoreError (a VendorbenchError) with the reason
    atomic_write(path, (json.dumps(asdict(prefs), indent=2) + "\n").encode("utf-8"))
