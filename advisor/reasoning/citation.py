"""Citations of sources by claim (``bratsis-2023:D4``): split and range-check without regexes.

Kept apart from the pack models so that checking a cached pack does not load them.
"""

from __future__ import annotations

_DIGITS = frozenset("0123456789")


def split_claim(claim: str) -> tuple[str, int] | None:
    """``"D14"`` → ``("D", 14)``; ``None`` when the claim is not letters then digits."""
    digits = claim.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    prefix = claim[: len(claim) - len(digits)]
    if not prefix or not digits or not all(ch in _DIGITS for ch in digits):
        return None
    return prefix, int(digits)


def claim_range(claims: str) -> tuple[str, int, int] | None:
    """``"D1-D26"`` → ``("D", 1, 26)``, ``"A1"`` → ``("A", 1, 1)``; ``None`` when neither."""
    low, dash, high = claims.partition("-")
    if not dash:
        high, dash = low, "-"  # one claim: a range of one
    first, last = split_claim(low), split_claim(high)
    if not dash or first is None or last is None or first[0] != last[0] or first[1] > last[1]:
        return None
    return first[0], first[1], last[1]
