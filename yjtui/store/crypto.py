"""Encryption at rest for the case store: SQLCipher, so a laptop lost on the way to court gives up no child's data.

- The passphrase goes to SQLCipher by `PRAGMA key` on a connection this module opens itself, before SQLAlchemy
  sees it: never in a URL, a log line, an exception message or the audit trail.
- SQLAlchemy's `sqlite+pysqlcipher` dialect is not used: it can only take the key from the URL's password (and
  refuses an empty one), which is what the ICO-minded requirement forbids. The plain `sqlite` dialect is given the
  `sqlcipher3` module and a keyed `creator` instead; the SQL is the same.
- `PRAGMA cipher_log_level = NONE` first on every connection: SQLCipher otherwise writes errors to stderr, over the
  Textual screen.
- Conversion (plain → encrypted) writes a new file with `sqlcipher_export`, checks it opens and holds every row,
  and only then replaces the plain file. Rekey is SQLCipher's own `PRAGMA rekey`, one transaction.

SQLCipher's defaults (version 4: AES-256, PBKDF2-HMAC-SHA512 with 256,000 iterations, HMAC per page) are kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from yjtui.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


class PassphraseNeeded(StoreError):
    """The store is encrypted and no passphrase was given."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the store (SQLCipher cannot tell a wrong key from a damaged file)."""


def _module():
    import sqlcipher3

    return sqlcipher3


def looks_encrypted(path: Path) -> bool:
    """A non-empty file without SQLite's header, a whole number of pages long: what SQLCipher writes.

    A text file or other junk is rarely a multiple of 512 bytes, so it still gets "not a yjtui store".
    """
    path = Path(path)
    if not path.exists():
        return False
    size = path.stat().st_size
    if size == 0:
        return False
    with open(path, "rb") as fh:
        head = fh.read(16)
    return head != SQLITE_HEADER and size % 512 == 0


def is_plain_sqlite(path: Path) -> bool:
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    with open(path, "rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def check_passphrase_text(key: str) -> None:
    if not key:
        raise StoreError("The passphrase cannot be blank.")
    if "\x00" in key:
        raise StoreError("The passphrase cannot contain a NUL character.")


def _quote(key: str) -> str:
    # PRAGMA takes no bound parameters: a SQL string literal, single quotes doubled.
    return "'" + key.replace("'", "''") + "'"


def _apply_key(con, key: str, pragma: str = "key") -> None:
    check_passphrase_text(key)
    con.execute(f"PRAGMA {pragma} = {_quote(key)}")


def quiet(con) -> None:
    con.execute("PRAGMA cipher_log_level = NONE")


def connect(path: Path, key: str, *, check_same_thread: bool = False):
    """A sqlcipher3 connection to `path`, keyed and proved readable; WrongPassphrase if the key does not open it."""
    sc = _module()
    con = sc.connect(str(path), check_same_thread=check_same_thread)
    try:
        quiet(con)
        _apply_key(con, key)
        # The key is only checked when a page is read: read one now, so a wrong passphrase fails here.
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sc.DatabaseError:
        con.close()
        raise WrongPassphrase(
            f"That passphrase does not open {path}. Check it and try again "
            "(or the file is damaged, or not a yjtui store).") from None
    except StoreError:
        con.close()
        raise
    return con


def connector(path: Path, key: str):
    """The engine's `creator`: every pooled connection is keyed before SQLAlchemy uses it."""

    def create():
        return connect(path, key)

    return create


def backup(path: Path, key: str, target: Path) -> None:
    """Copy an encrypted store page for page into `target`, encrypted with the same key (SQLite's backup API)."""
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    src = connect(path, key)
    sc = _module()
    dst = sc.connect(str(target))
    try:
        quiet(dst)
        _apply_key(dst, key)
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)


def _counts(con) -> dict[str, int]:
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _remove_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


def encrypt_plain(path: Path, key: str) -> dict[str, int]:
    """Convert a plain store to an encrypted one in place; returns the row count of each table (all kept)."""
    path = Path(path)
    check_passphrase_text(key)
    if looks_encrypted(path):
        raise StoreError(f"{path} is already encrypted. To change its passphrase: yjtui rekey.")
    if not is_plain_sqlite(path):
        raise StoreError(f"{path} is not a yjtui store (no SQLite header), so there is nothing to encrypt.")
    sc = _module()
    work = path.with_name(path.name + ".encrypting")
    if work.exists():
        work.unlink()
    fd = os.open(work, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    src = sc.connect(str(path), isolation_level=None)
    try:
        quiet(src)
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything committed is in the main file
        before = _counts(src)
        user_version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(work), key))
        src.execute("SELECT sqlcipher_export('encrypted')")
        src.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        src.execute("DETACH DATABASE encrypted")
    except sc.DatabaseError as exc:
        work.unlink(missing_ok=True)
        raise StoreError(f"Could not encrypt {path}: {exc}") from None
    finally:
        src.close()
    check = connect(work, key)
    try:
        check.execute("PRAGMA journal_mode = WAL")
        after = _counts(check)
    finally:
        check.close()
    if after != before:
        work.unlink(missing_ok=True)
        raise StoreError(f"Encrypting {path} did not keep every record; the plain store is unchanged.")
    _remove_sidecars(path)
    os.replace(work, path)
    _remove_sidecars(work)
    os.chmod(path, 0o600)
    return after


def rekey(path: Path, old: str, new: str) -> dict[str, int]:
    """Change an encrypted store's passphrase (SQLCipher re-encrypts every page in one transaction)."""
    path = Path(path)
    check_passphrase_text(new)
    if not looks_encrypted(path):
        raise StoreError(f"{path} is not encrypted. To encrypt it: yjtui encrypt.")
    con = connect(path, old)
    try:
        before = _counts(con)
        _apply_key(con, new, "rekey")
    finally:
        con.close()
    con = connect(path, new)
    try:
        after = _counts(con)
    finally:
        con.close()
    if after != before:  # pragma: no cover - SQLCipher's rekey is one transaction
        raise StoreError(f"Rekeying {path} changed the record counts; restore from the backup.")
    return after


def plain_backups(path: Path) -> list[Path]:
    """Backups made before migrations while the store was plain: they still hold readable data."""
    path = Path(path)
    return sorted(p for p in path.parent.glob(f"{path.name}.pre-*.bak") if is_plain_sqlite(p))


# --- the lock screen's PIN (plain stores): only a salted scrypt hash is kept --------------------------------------
_PIN_N, _PIN_R, _PIN_P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash` (hex): stored in settings; the PIN itself is never stored."""
    import hashlib

    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_PIN_N, r=_PIN_R, p=_PIN_P, dklen=32)
    return f"scrypt${_PIN_N}${_PIN_R}${_PIN_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(bytes.fromhex(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, bytes.fromhex(digest))
