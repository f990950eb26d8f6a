r"""Text in Markdown: literal where it is data, with only what Markdown needs escaped.

One policy for every Markdown format (the report and the decision record). User text (profile
names, rule-pack text, option ids) must read as written on GitHub and GitLab: never emphasis,
a link, HTML, a table break or a heading's end, and never a mention or an issue reference that
would notify people or link somewhere when the report is pasted into a pull request. Escaping
every punctuation mark does that but makes the file hard to read (``16\\.8 TB``); this escapes
only what would otherwise act:

- ``\\``, ``*``, ``[``, ``]``, ``<``, a backtick, ``~`` (strike-through) and ``$`` (math)
  everywhere; ``_`` at the edge of a word (``ad_hoc`` is safe in GFM, ``_x_`` is not); ``&``
  before a letter or ``#`` (an entity); ``|`` in table cells;
- at the start of the text, a character that would begin a block (``#``, ``>``, ``+``, ``-``,
  ``=``, ``1.``), since text follows list markers and heading marks; a last word of ``#``
  (a heading's closing sequence);
- a word that a renderer would turn into a link or a reference whatever its escapes (an address
  with ``://`` or ``www.``, anything with ``@``: an e-mail address or a mention, ``#12``,
  ``GH-12``, ``!12``, ``&12``, ``%12``, ``~label``, ``$12``, a commit's hex digits) goes in a
  code span, where nothing is linked.

Links are made here too, from pack addresses, which are checked (``https://``) and percent-
encoded where Markdown would read a character.
"""

from __future__ import annotations

from advisor.renderers.text import clean

# Escaped wherever they stand in text.
_ALWAYS = frozenset("\\*[]<`~$")
# Where a word starts with these and one of them is followed by a letter or digit, GitHub or
# GitLab make a reference of it (issues, merge requests, epics, milestones, labels, snippets).
_REFERENCE = frozenset("#!&%~$")
_BLOCK_START = frozenset("#>+-=")
# Characters an address may hold as they are (RFC 3986); anything else is percent-encoded.
_URL_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)


def inline(text: str, *, leading: bool = True) -> str:
    """``text`` as literal Markdown inside a paragraph, list item or heading.

    Args:
        text: The text, from anywhere.
        leading: The text starts a line's content (after a list marker or heading mark), where
            a leading ``#``, ``>``, ``-`` or ``1.`` would begin a block; mid-line it would not.
    """
    return _inline(text, table=False, leading=leading)


def cell(text: str) -> str:
    """``text`` as literal Markdown inside a table cell (``|`` escaped too)."""
    return _inline(text, table=True, leading=False)


def link(text: str, url: str | None, *, ref: str | None = None) -> str:
    """``[text](<url>)``, the text literal; just the text without a usable https address.

    Args:
        text: What the link says.
        url: Where it goes: a pack's address, used only when it is ``https://``.
        ref: A reference label to link through instead (``[text][ref]``), defined once with
            :func:`definition`; used when it is a plain name (letters, digits, ``-._``).
    """
    # No code spans in a link's text: a link is not linked again, and a code span holding "]:"
    # at the start of a line would be read as a link definition before any code span is.
    address = _address(url)
    if address is None:
        # Not a link: text like any other, which may start a line (a list of sources).
        return inline(text)
    label = _inline(text, table=False, leading=False, code=False)
    if ref is not None and is_label(ref):
        return f"[{label}][{ref}]"
    return f"[{label}](<{address}>)"


def definition(ref: str, url: str | None) -> str | None:
    """``[ref]: <url>``, the target of :func:`link`'s ``ref``; ``None`` when there is none."""
    address = _address(url)
    return f"[{ref}]: <{address}>" if address is not None and is_label(ref) else None


def is_label(ref: str) -> bool:
    """Whether ``ref`` can label a reference link as it is."""
    return 0 < len(ref) <= 100 and all(
        char.isascii() and (char.isalnum() or char in "-._") for char in ref
    )


def _address(url: str | None) -> str | None:
    if not url or not url.startswith("https://") or not 8 < len(url) <= 2000:
        return None
    return "".join(
        char if char in _URL_SAFE else "".join(f"%{byte:02X}" for byte in char.encode())
        for char in clean(url)
    )


def _inline(text: str, *, table: bool, leading: bool, code: bool = True) -> str:
    text = clean(text)
    # Markdown drops the spaces that start a line's content: what follows them starts it.
    words = (text.lstrip(" ") if leading else text).split(" ")
    shown = [
        _code(word, table=table) if code and _linkable(word) else _word(word, table=table)
        for word in words
    ]
    if not leading:
        pass
    elif shown[0][:1] in _BLOCK_START:
        shown[0] = "\\" + shown[0]
    elif _ordered_marker(shown[0]):
        digits = len(shown[0]) - len(shown[0].lstrip("0123456789"))
        shown[0] = shown[0][:digits] + "\\" + shown[0][digits:]
    if len(shown) > 1 and shown[-1] and set(shown[-1]) == {"#"}:
        shown[-1] = "\\" + shown[-1]
    return " ".join(shown)


def _word(word: str, *, table: bool) -> str:
    out = []
    for place, char in enumerate(word):
        before = word[place - 1] if place else ""
        after = word[place + 1] if place + 1 < len(word) else ""
        if (
            char in _ALWAYS
            or (char == "_" and not (before.isalnum() and after.isalnum()))
            or (char == "&" and (after.isalnum() or after == "#"))
            or (char == "|" and table)
        ):
            out.append("\\")
        out.append(char)
    return "".join(out)


def _linkable(word: str) -> bool:
    lowered = word.lower()
    if "@" in word or "://" in word or "www." in lowered or _issue_or_commit(lowered):
        return True
    return any(
        char in _REFERENCE and word[place + 1 : place + 2].isalnum()
        for place, char in enumerate(word)
    )


def _issue_or_commit(lowered: str) -> bool:
    """``GH-12`` (an issue on GitHub), or 7 to 40 hex digits with a letter (a commit)."""
    bare = lowered.strip(".,;:!?()\"'")
    if "gh-" in bare and bare[bare.index("gh-") + 3 : bare.index("gh-") + 4].isdigit():
        return True
    hexes = set("0123456789abcdef")
    return (
        7 <= len(bare) <= 40
        and set(bare) <= hexes
        and any(c.isdigit() for c in bare)
        and any(c.isalpha() for c in bare)
    )


def _code(word: str, *, table: bool) -> str:
    """``word`` as a code span: fenced by more backticks than it holds in a row."""
    longest = run = 0
    for char in word:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    # A space inside the fence keeps a backtick at either end from joining it; GFM strips one.
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    body = word.replace("|", "\\|") if table else word
    return f"{fence}{pad}{body}{pad}{fence}"


def _ordered_marker(word: str) -> bool:
    """Whether ``word`` would start an ordered list at the start of a line (``1.``, ``2)``)."""
    digits = len(word) - len(word.lstrip("0123456789"))
    return 0 < digits <= 9 and word[digits:] in {".", ")"}
