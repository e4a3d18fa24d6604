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

MAGIC = b"yjtui-encrypted-export 1"
SUFFIX = ".yjx"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_PASSWORD = 8


class ExportCryptoError(Exception):
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

    parts = blob.split(b"\n")
    if len(parts) < 3 or parts[0] != MAGIC:
        raise ExportCryptoError("This is not a yjtui encrypted export (its first line is not "
                                f"'{MAGIC.decode()}').")
    try:
        header = json.loads(parts[1])
        if header.get("kdf") != "scrypt":
            raise ValueError
        salt = base64.b64decode(header["salt"])
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):  # refuse a header built to exhaust memory
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise ExportCryptoError("The export's header is damaged; it cannot be read.") from None
    try:
        return Fernet(_key(password, salt, n, r, p)).decrypt(parts[2].strip())
    except InvalidToken:
        raise ExportCryptoError("Wrong password, or the export has been changed or damaged.") from None


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


def read_encrypted(path: Path | str, password: str) -> bytes:
    return decrypt_bytes(Path(path).expanduser().read_bytes(), password)
