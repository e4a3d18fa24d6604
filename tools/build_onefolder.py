"""The one-folder build for a service's IT (PyInstaller): `dist/yjtui/` holds `yjtui` (`yjtui.exe` on Windows)
and everything it needs beside it, no Python to install. Build on the platform you ship to:

    pip install --require-hashes -r requirements.lock && pip install --no-deps .    # the lock has PyInstaller
    python tools/build_onefolder.py                 # then copy dist/yjtui/ to the laptops (or a share)

What is named here by hand, and why: yjtui, Rich, holidays and SQLAlchemy import modules by name at run time (the
store and the rules load after the first paint, screens load from the workflow registry), which PyInstaller's
import scan cannot see; the reference data, the packs, the stylesheets and the Alembic migrations are read as files
(through importlib.resources, so they only need to be beside the package). `tests/test_onefolder_build.py` builds
it and runs `--help`, `evaluate` and the app's first screen in tmux (on every CI run).
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def arguments(dist: Path, work: Path) -> list[str]:
    pkg = Path(str(files("yjtui")))
    data = pkg / "data" if (pkg / "data").is_dir() else ROOT / "data"  # the wheel's copy, else the checkout's
    sep = os.pathsep
    args = [str(ROOT / "tools" / "yjtui_entry.py"), "--name", "yjtui", "--onedir", "--noconfirm", "--clean",
            "--console", "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            "--add-data", f"{data}{sep}yjtui/data",
            "--add-data", f"{pkg / 'store' / 'migrations'}{sep}yjtui/store/migrations",
            "--collect-data", "yjtui", "--collect-data", "textual_serve", "--collect-data", "docx"]
    for name in ("yjtui", "rich", "holidays", "sqlalchemy.dialects", "alembic", "textual"):
        args += ["--collect-submodules", name]
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="where dist/yjtui/ goes (default: ./dist)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's working folder")
    args = parser.parse_args(argv)
    import PyInstaller.__main__

    PyInstaller.__main__.run(arguments(Path(args.dist), Path(args.work)) + ["--log-level", "WARN"])
    exe = Path(args.dist) / "yjtui" / ("yjtui.exe" if sys.platform == "win32" else "yjtui")
    print(f"Built {exe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
