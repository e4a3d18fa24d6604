"""`textual run --dev yjtui.dev:app` (pip install textual-dev): the app on a throwaway store of fictional children,
with the stylesheets (`yjtui/app.tcss`, `yjtui/screens/*.tcss`) reloaded live as they are edited.

Importing this module makes the demo store (as `yjtui --demo` does); nothing else imports it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def demo_app():
    from yjtui.app import YjtuiApp
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Store

    store = Store(Path(tempfile.mkdtemp(prefix="yjtui-dev-")) / "demo.db")
    fill_demo(store)
    return YjtuiApp(store, demo=True)


app = demo_app()
