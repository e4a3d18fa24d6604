"""Encrypted exports: a document holding a child's personal data, sealed with a password before it leaves yjtui.

A password-protected zip is not enough (ZipCrypto is broken; zip AES is not in the standard library and leaks file
names). The format is Fernet (the `cryptography` library's documented, authenticated scheme: AES-128-CBC with
HMAC-SHA256, https://github.com/fernet/spec), with the key derived from the password by scrypt and a random salt.

File layout (`.yjx`), all ASCII:

    line 1  yjtui-encrypted-export 1
    line 2  {"kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "<base64, 16 bytes>"}
    line 3  the Fernet token (URL-safe base64)

Anyone with the password and the `cryptography` library can read it back without yjtui (the header says how);
`yjtui decrypt-export FILE` does it. Changing the header only makes the key wrong: the token still authenticates.

For the other export writers: `write_encrypted(path, data, password) -> Path` and `read_encrypted(path, password)
-> bytes`.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from yjtui.casework.export.document import ExportError
from yjtui.inputs import MIB, InputError, loads_json, read_bytes

MAGIC = b"yjtui-encrypted-export 1"
SUFFIX = ".yjx"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_PASSWORD = 8
MAX_COST = 4  # a header may ask at most 4 times yjtui's own scrypt cost (memory and work)
MAX_HEADER = 1024
MAX_FILE = 512 * MIB


class ExportCryptoError(ExportError):
    """The message is for the user (wrong password, not an encrypted export, damaged)."""


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def encrypt_bytes(data: bytes, password: str) -> bytes:
    from cryptography.fernet import Fernet

    if len(password) < MIN_PASSWORD:
        raise ExportCryptoError(f"An export password needs at least {MIN_PASSWORD} characters.")
    salt = os.urandom(16)
    header = {"kdf": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()}
    token = Fernet(_key(password, salt, **SCRYPT)).encrypt(data)
    return MAGIC + b"\n" + json.dumps(header).encode() + b"\n" + token + b"\n"


def decrypt_bytes(blob: bytes, password: str) -> bytes:
    from cryptography.fernet import Fernet, InvalidToken

    parts = blob.split(b"\n", 2)
    if len(parts) < 3 or parts[0] != MAGIC:
        raise ExportCryptoError("This is not a yjtui encrypted export (its first line is not "
                                f"'{MAGIC.decode()}').")
    salt, n, r, p = _header(parts[1])
    try:
        return Fernet(_key(password, salt, n, r, p)).decrypt(parts[2].strip())
    except InvalidToken:
        raise ExportCryptoError("Wrong password, or the export has been changed or damaged.") from None


def _header(line: bytes) -> tuple[bytes, int, int, int]:
    """The scrypt parameters of a header, refused unless deriving the key costs at most MAX_COST times ours in
    memory (128 * n * r bytes) and in work (n * r * p): a header is whatever the file's sender wrote, and n=2**20,
    r=32 asks for 4 GiB."""
    damaged = ExportCryptoError("The export's header is damaged; it cannot be read.")
    if len(line) > MAX_HEADER:
        raise damaged
    try:
        header = loads_json(line.decode("ascii"), max_depth=2, max_digits=10)
        if not isinstance(header, dict) or header.get("kdf") != "scrypt":
            raise ValueError
        salt = base64.b64decode(header["salt"], validate=True)
        n, r, p = (header[k] for k in ("n", "r", "p"))
        if not all(type(v) is int and v >= 1 for v in (n, r, p)) or not 8 <= len(salt) <= 64:
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise damaged from None
    ours = SCRYPT["n"] * SCRYPT["r"]
    if n < 2 or n & (n - 1) or n * r > MAX_COST * ours or n * r * p > MAX_COST * ours * SCRYPT["p"]:
        raise ExportCryptoError(f"The export's header asks for a key costing more than {MAX_COST} times yjtui's "
                                f"own (scrypt n={n}, r={r}, p={p}); it is refused rather than tried.")
    return salt, n, r, p


def write_encrypted(path: Path | str, data: bytes, password: str) -> Path:
    """Seal `data` with `password` into `path` (`.yjx` added if missing), readable by this user only."""
    path = Path(path).expanduser()
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    blob = encrypt_bytes(data, password)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
    return path


def read_export(path: Path | str) -> bytes:
    """An export's bytes, checked before any password is asked for: a regular file of at most MAX_FILE bytes
    (never a FIFO or a device), with the first line and a header yjtui will try."""
    try:
        blob = read_bytes(Path(path).expanduser(), limit=MAX_FILE)
    except InputError as exc:
        raise ExportCryptoError(str(exc)) from None
    parts = blob.split(b"\n", 2)
    if len(parts) < 3 or parts[0] != MAGIC:
        raise ExportCryptoError("This is not a yjtui encrypted export (its first line is not "
                                f"'{MAGIC.decode()}').")
    _header(parts[1])
    return blob


def read_encrypted(path: Path | str, password: str) -> bytes:
    return decrypt_bytes(read_export(path), password)
