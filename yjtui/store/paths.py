"""Where the store lives, without importing the store itself (the case list's fast start needs it)."""

from __future__ import annotations

import os
from pathlib import Path


def default_path() -> Path:
    """`--db` wins, then `YJTUI_DB`, then the user's data folder (platformdirs)."""
    env = os.environ.get("YJTUI_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("yjtui") / "yjtui.db"
