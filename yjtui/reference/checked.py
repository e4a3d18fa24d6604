"""Start-up's check of the reference data, skipped while the files are the very ones already found good.

Reading and validating every set costs a few milliseconds of each start (bench/startup.py), yet the files change
only when yjtui is upgraded or someone edits them. After a clean check their fingerprint (the folder, yjtui's
version, the loader's and the schema's own files, and each data file's name, size and modification time) is
written to the user cache folder; a start with the same fingerprint skips the check (and msgspec is not loaded).
Any change, or no stamp, checks them all again.
"""

from __future__ import annotations

from pathlib import Path


def _stamp() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("yjtui") / "reference-data-checked"


def fingerprint(folder: Path) -> str | None:
    import yjtui

    try:
        files = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(Path(folder).glob("*.json"))]
        from importlib.resources import files as package_files

        # The checks' own code changing (a source checkout) means checking again; a frozen build has no such file.
        package = package_files("yjtui.reference")
        own = [Path(str(package.joinpath(name))) for name in ("loader.py", "schema.py")]
        own_mark = [(p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else None for p in own]
        return repr((str(Path(folder).resolve()), yjtui.__version__, own_mark, files))
    except OSError:
        return None


def unchanged_since_checked(folder: Path) -> bool:
    mark = fingerprint(folder)
    try:
        return mark is not None and _stamp().read_text(encoding="utf-8") == mark
    except (OSError, UnicodeDecodeError):
        return False


def remember_checked(folder: Path) -> None:
    mark = fingerprint(folder)
    if mark is None:
        return
    try:
        stamp = _stamp()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(mark, encoding="utf-8")
    except OSError:
        pass  # no writable cache folder: the files are simply checked again at the next start
