"""Files a user hands yjtui (a policy pack, a case's facts, an encrypted export), read with limits.

Such a file may have been built to hurt: a pack in the shared packs folder, facts from another system, an export
header. Read as it is, a FIFO hangs the reader, `/dev/zero` fills memory, arrays nested 5,000 deep blow the parser's
stack and a 5,000-digit integer stops the standard library's conversion. So every such file is read here:

- regular files only, refused at once otherwise (opened without blocking, so a FIFO cannot hang the open);
- at most `limit` bytes (a stream such as standard input too);
- JSON and TOML parsed with a bound on nesting depth and on an integer's digits.

Every refusal is an `InputError` whose message is for the user (it names the file, never its contents).
Pure Python, below the rules: the pack reader, `yjtui evaluate` and the export reader all use it.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path
from typing import IO, Any

from yjtui.text import shown

MAX_DEPTH = 32  # a pack nests about 5 deep (values.contact_minimums.value[0].remainder), facts about 4
MAX_DIGITS = 20  # every whole number yjtui reads fits in 64 bits (the largest is a year or an amount of days)
KIB, MIB = 1024, 1024 * 1024


class InputError(ValueError):
    """A file or text refused before (or instead of) being parsed; the message names why, for the user."""


def _name(path: Path | str) -> str:
    return shown(str(path))


def read_bytes(path: Path | str, *, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Anything else (a folder, a FIFO, a device, a file
    too large) is an `InputError` at once, without waiting for a writer or reading what is too much."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"{_name(path)}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a file")
            raise InputError(f"{_name(path)}: cannot read: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise InputError(f"{_name(path)}: cannot read: {info.st_size:,} bytes, more than the "
                             f"{_size(limit)} allowed")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)  # the file may have grown since fstat
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise InputError(f"{_name(path)}: cannot read: more than the {_size(limit)} allowed")
    return data


def read_text(path: Path | str, *, limit: int) -> str:
    """`read_bytes` as UTF-8 text."""
    data = read_bytes(path, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{_name(path)}: cannot read: not UTF-8 text") from None


def read_stream(stream: IO[str], *, limit: int, label: str = "standard input") -> str:
    """At most `limit` characters of a text stream (standard input); more is an `InputError`."""
    try:
        text = stream.read(limit + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{label}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if len(text) > limit:
        raise InputError(f"{label}: cannot read: more than the {_size(limit)} allowed")
    return text


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB and not limit % MIB else f"{limit // KIB} KiB" \
        if limit >= KIB else f"{limit} bytes"


def check_shape(doc: Any, *, max_depth: int = MAX_DEPTH, max_digits: int = MAX_DIGITS) -> None:
    """Refuse a parsed document nested more than `max_depth` deep or holding a whole number of more than
    `max_digits` digits. Walked without recursion, so it cannot itself run out of stack."""
    limit = 10 ** max_digits
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= limit:
                raise InputError(f"a whole number of more than {max_digits} digits")
            continue
        if depth > max_depth:
            raise InputError(f"nested more than {max_depth} deep")
        stack.extend((child, depth + 1) for child in children)


def _whole(text: str, max_digits: int) -> int:
    if len(text.lstrip("-")) > max_digits:
        raise InputError(f"a whole number of more than {max_digits} digits")
    return int(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")  # not JSON at all (RFC 8259), unlike a limit


def loads_json(text: str, *, max_depth: int = MAX_DEPTH, max_digits: int = MAX_DIGITS) -> Any:
    """JSON with bounded nesting and integers. Raises `json.JSONDecodeError` for text that is not JSON (its line
    and column are the caller's to show), `ValueError` for NaN and Infinity, and `InputError` for the limits."""
    try:
        doc = json.loads(text, parse_int=lambda s: _whole(s, max_digits), parse_constant=_no_constant)
    except RecursionError:
        raise InputError(f"nested more than {max_depth} deep") from None
    check_shape(doc, max_depth=max_depth, max_digits=max_digits)
    return doc


def loads_toml(text: str, *, max_depth: int = MAX_DEPTH, max_digits: int = MAX_DIGITS) -> dict[str, Any]:
    """TOML with bounded nesting and integers. Raises `tomllib.TOMLDecodeError` for text that is not TOML (its
    line is the caller's to show) and `InputError` for the limits."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:
        raise InputError(f"nested more than {max_depth} deep") from None
    except ValueError as exc:  # int(): more digits than Python converts (sys.get_int_max_str_digits)
        if "digits" in str(exc):
            raise InputError(f"a whole number of more than {max_digits} digits") from None
        raise InputError("not valid TOML") from None
    check_shape(doc, max_depth=max_depth, max_digits=max_digits)
    return doc
