"""One policy for user-supplied text: what cannot be stored or shown safely, and making it inert.

Profiles, answers at a prompt and rule packs are refused when they hold such characters; every
renderer and message cleans what reaches a terminal, whatever its origin. Both use this table,
so a name refused in a file is refused at the prompt too, and anything shown is inert.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that reorder or hide what a reader sees (bidirectional marks, embeddings,
# overrides and isolates) although Unicode does not class them as controls.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters (C0, DEL, C1: ESC starts terminal sequences, 0x9b is a one-byte CSI),
# surrogates (bytes a broken locale could not decode), private use, line and paragraph
# separators (some terminals and editors break lines on them).
# Format characters (Cf) are invisible: zero-width spaces and joiners, word joiners, a stray
# byte-order mark, tag characters; one can make two different names look the same. The two
# joiners that some scripts need between letters (U+200C, U+200D) are kept.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Zl", "Zp", "Cf"})
_SCRIPT_JOINERS = frozenset("\u200c\u200d")
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff\ue000-\uf8ff"
    # Invisible format characters (see _UNSAFE_CATEGORIES), the ones text is likely to hold.
    r"\u00ad\u0600-\u0605\u06dd\u070f\u08e2\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff"
    r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)
_SPACES = re.compile(r"[\t\n]")


def unsafe_character(text: str, *, allow: str = "") -> str | None:
    """The first character of ``text`` that cannot be stored or shown safely, or ``None``.

    Args:
        text: User-supplied text.
        allow: Characters to accept anyway (a prompt turns a tab into a space).
    """
    for char in text:
        if char in allow or char in _SCRIPT_JOINERS:
            continue
        if unicodedata.category(char) in _UNSAFE_CATEGORIES or char in BIDI_CONTROLS:
            return char
    return None


# json.dumps escapes C0 controls but writes DEL, C1 controls, bidi controls and line separators
# as they are; escaped, they are the same JSON string and inert on a terminal.
_RAW_IN_JSON = re.compile(
    r"[\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)


# The first UTF-8 byte of every character above but DEL: text with none of them (most JSON
# is plain ASCII) needs no search, and a byte search is many times faster than the pattern.
_RAW_IN_JSON_LEADS = (b"\xc2", b"\xd8", b"\xe2", b"\xef")


def inert_json(text: str) -> str:
    """JSON text with every character a terminal would act on written as a JSON escape.

    Such characters can only occur inside JSON strings, so the JSON stays valid and equal.
    """
    if text.isascii():
        if "\x7f" not in text:
            return text
    else:
        raw = text.encode("utf-8", "surrogatepass")
        if "\x7f" not in text and not any(lead in raw for lead in _RAW_IN_JSON_LEADS):
            return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """Text that must stay on one line, such as a file name before ``:line:col: error:``.

    A line break in a file name would let the name forge a message of its own; it becomes
    ``?``, as does every character :func:`clean` neuters.
    """
    return _UNSAFE.sub("?", text.replace("\n", "?").replace("\t", " "))


def clean(text: str) -> str:
    """User-supplied text made inert for a terminal.

    Tabs and newlines become spaces (one reason is one line); other control, bidirectional,
    private-use and line-separator characters become ``?`` so a reader can see that something
    was there.
    """
    return _UNSAFE.sub("?", _SPACES.sub(" ", text))
