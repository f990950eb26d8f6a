"""Did you mean: the nearest of a few names to a misspelt one."""

from __future__ import annotations

import typing

# Past this length a value is not a misspelt name (and comparing it would cost).
_LONGEST_NAME = 64
_SIMILAR = 0.75


def closest(word: object, choices: typing.Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells (ignoring case), or ``None``.

    What the two share at the start (``storage.`` of two rule ids) is left out, then a
    misspelling is a few typed characters away: at most one edit (a letter added, left out,
    changed, or two swapped) per three letters, as compilers and linters judge it; or, spelt
    by ear (``bizness``), most of its letters in the same order (a similarity of 0.75).
    ``snowflake`` is five edits from ``lake`` and little like it: not a misspelling.
    """
    if not isinstance(word, str):
        return None
    lowered = {choice.lower(): choice for choice in choices}
    typed = word.lower()
    if typed in lowered:
        return lowered[typed]
    if len(typed) > _LONGEST_NAME:
        return None
    import difflib  # only on the error path

    best: tuple[int, float, str] | None = None
    for choice in sorted(lowered):
        shared = next(
            (n for n, pair in enumerate(zip(typed, choice, strict=False)) if pair[0] != pair[1]),
            min(len(typed), len(choice)),
        )
        mine, theirs = typed[shared:], choice[shared:]
        allowed = max(1, max(len(mine), len(theirs)) // 3)
        if abs(len(mine) - len(theirs)) > allowed + 3:
            continue  # too far apart either way
        distance = edit_distance(mine, theirs)
        likeness = difflib.SequenceMatcher(None, mine, theirs).ratio()
        if distance > allowed and likeness < _SIMILAR:
            continue
        rank = (distance if distance <= allowed else allowed + 1, -likeness, choice)
        if best is None or rank < best:
            best = rank
    return lowered[best[2]] if best else None


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != other),
            )
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def suggest(word: object, choices: typing.Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt ``word``, or ``None``."""
    match = closest(word, choices)
    return f"did you mean {match!r}?" if match is not None and match != word else None
