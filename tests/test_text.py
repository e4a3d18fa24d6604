"""The one sanitiser: stored text shown with nothing a terminal would obey (issue 22)."""

import unicodedata

from hypothesis import given, strategies as st

from yjtui.text import BIDI_CONTROLS, for_file_name, is_clean, shown

HOSTILE = [
    ("\x1b[2J\x1b[H", "␛[2J␛[H"),                      # clear screen, cursor home
    ("\x1b]0;pwned\x07", "␛]0;pwned␇"),                 # OSC 0: window title
    ("\x1b]52;c;aGVsbG8=\x07", "␛]52;c;aGVsbG8=␇"),     # OSC 52: write the clipboard
    ("\x9b31m", "<U+009B>31m"),                          # 8-bit CSI
    ("Al\u202eevee", "Al<U+202E>evee"),                  # right-to-left override
    ("a\u2066b\u2069", "a<U+2066>b<U+2069>"),            # isolates
    ("line\nbreak", "line␊break"),
]


def test_hostile_texts_are_made_visible():
    for raw, expected in HOSTILE:
        assert shown(raw) == expected


def test_plain_names_pass_unchanged():
    for name in ["Alex Reeve", "Zoë O'Brien-Ng", "Ólafur", "محمد", "李雷", ""]:
        assert shown(name) == name and is_clean(name)


def test_newlines_kept_only_when_asked():
    assert shown("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert shown("a\n\x1bb", keep_newlines=True) == "a\n␛b"


def test_none_shows_empty():
    assert shown(None) == ""


@given(st.text())
def test_nothing_a_terminal_obeys_survives(text):
    out = shown(text)
    for ch in out:
        assert unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp"), repr(ch)
        assert ch not in BIDI_CONTROLS
    # Idempotent: showing shown text changes nothing.
    assert shown(out) == out


@given(st.text())
def test_file_name_pieces_are_plain(text):
    piece = for_file_name(text)
    assert piece and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in piece)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_json_text_is_the_same_json_with_nothing_a_terminal_obeys(value):
    import json

    from yjtui.text import json_text

    out = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(out) == value
    assert all(unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp") or ch in "\n" for ch in out)
    assert not set(out) & BIDI_CONTROLS
