"""What each person keeps of their own on this laptop, in the user config folder (not in the store, which a team
shares): the theme chosen in the palette, and their own keys.

- `preferences.json`: `{"theme": "textual-light"}`, written when the theme changes.
- `keys.toml`: a binding id (as `F1` help and `yjtui/screens/keys.py` list them) = the keys that replace it, for a
  laptop whose F-keys need Fn or a terminal or browser that keeps a ctrl key for itself:

      [keys]
      "court.next" = "ctrl+right"          # several keys: "ctrl+right,f12"
      "workflow.court" = "ctrl+3"

  Textual's keymap applies it. Ids it does not know, or keys that are not text, are named on the help screen.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path


def config_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path("yjtui")


def keys_file() -> Path:
    return config_dir() / "keys.toml"


def saved_theme() -> str | None:
    try:
        theme = json.loads((config_dir() / "preferences.json").read_text(encoding="utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None
    return theme if isinstance(theme, str) else None


def save_theme(name: str) -> None:
    path = config_dir() / "preferences.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
            current = current if isinstance(current, dict) else {}
        except (OSError, ValueError):
            current = {}
        current["theme"] = name
        work = path.with_suffix(".tmp")
        work.write_text(json.dumps(current, indent=2), encoding="utf-8")
        os.replace(work, path)
    except OSError:
        pass  # a read-only profile: the theme is simply not kept


def user_keymap(known_ids: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The person's keys by binding id, and what in the file could not be used (each said in words). Without
    `known_ids` (at start-up, before the workflow screens load) ids are not checked: Textual skips unknown ones."""
    path = keys_file()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path.name} could not be read ({exc}); the usual keys apply"]
    table = raw.get("keys", {})
    if not isinstance(table, dict):
        return {}, [f"{path.name}: [keys] should be a table of binding id = key"]
    keymap, problems = {}, []
    for binding_id, keys in table.items():
        if known_ids is not None and binding_id not in known_ids:
            problems.append(f"{path.name}: no binding has the id {binding_id!r} (F1 lists them)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path.name}: {binding_id} should be keys as text, e.g. \"ctrl+right\"")
        else:
            keymap[binding_id] = keys.strip()
    return keymap, problems
