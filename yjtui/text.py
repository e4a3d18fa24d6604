"""Text from the store made safe to show: the one sanitiser every screen, export, file name and log uses.

Anyone who can write a record (a colleague on the team server, whoever holds a copied file) could plant a name
that, written to a terminal as it is, clears the screen, sets the window title or writes the clipboard (OSC 52).
So stored text is hostile when shown: control characters, escape sequences and bidirectional overrides are made
visible (ESC shows as the picture "␛", a right-to-left override as "<U+202E>"), never passed through, and never
silently dropped either, so a practitioner can see that a record holds something odd and report it.

Pure Python and at the bottom of the layers: the store, casework, screens and the command line all use it.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit bidirectional formatting (Unicode TR9): embeddings, overrides, isolates and marks. A name holding
# U+202E shows its letters in reverse, so "Reeve" can read as another child's name ("Trojan Source").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# C0 controls have pictures of their own (U+2400 + code); DEL is U+2421.
_PICTURE = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _visible(ch: str) -> str:
    code = ord(ch)
    if code in _PICTURE:
        return _PICTURE[code]
    return f"<U+{code:04X}>"


def _is_hostile(ch: str, keep_newlines: bool) -> bool:
    if keep_newlines and ch in "\n\t":
        return False
    if ch in BIDI_CONTROLS:
        return True
    # Cc: C0, DEL and C1 (U+0080-U+009F, which include the 8-bit CSI and OSC); Cs: lone surrogates; Co/Cn are left
    # alone (private-use letters are real text in some fonts). Zl/Zp (line and paragraph separators) break layout.
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


# Every character `shown` may change lies in these ranges (first, last): the quick test below, and the only ones the
# team server's trigger needs to ask `is_clean` about (store/security.py).
SUSPECT_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x61C, 0x61C), (0x200E, 0x200F), (0x2028, 0x202E), (0x2066, 0x2069),
                  (0xD800, 0xDFFF))
_SUSPECT = re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in SUSPECT_RANGES) + "]")


def shown(value: object, *, keep_newlines: bool = False) -> str:
    """`value` as text that cannot command a terminal: every control character, escape, C1 code and bidi override
    made visible. None shows as "". `keep_newlines` keeps line breaks and tabs (a multi-line note in a text area)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not _SUSPECT.search(text):  # the common case: nothing to do, no copy
        return text
    return "".join(_visible(ch) if _is_hostile(ch, keep_newlines) else ch for ch in text)


def json_text(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character `shown` would make visible
    written as a \\uXXXX escape instead: the same JSON value, and nothing a terminal obeys when it is printed. Such
    characters can only be inside JSON strings (the syntax is ASCII), where the escape means the same."""
    if not _SUSPECT.search(text):
        return text
    return "".join(f"\\u{ord(ch):04x}" if _is_hostile(ch, True) else ch for ch in text)


def is_clean(text: str, *, keep_newlines: bool = False) -> bool:
    """True when `shown(text)` would change nothing: what the field checks and the server's constraints test."""
    return shown(text, keep_newlines=keep_newlines) == text


def for_file_name(text: str, *, limit: int = 60) -> str:
    """A piece of a file name: letters, digits, '-' and '_' only (no path separators, no dots, nothing hostile).
    File names never carry a child's name: pass a YJS reference or a record number."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", shown(text)).strip("-")
    return cleaned[:limit] or "record"
