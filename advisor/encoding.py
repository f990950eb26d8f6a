"""JSON text, written the way ``json.dumps(indent=2, ensure_ascii=False)`` writes it, fast.

CPython's ``json`` module falls back to its pure-Python encoder whenever ``indent`` is set, which
made encoding cost four times the evaluation it reports. pydantic-core (already installed with
pydantic) writes the same bytes from Rust, but for floats under 1e-4, which Python writes as
``1e-05`` and pydantic-core as ``0.00001`` or ``1e-7``. Such a number is rare (a growth rate
under 0.0001 %), and when the text could hold one it is written by ``json`` instead, so the
result is always the text ``json.dumps`` gives (a test checks it over generated data).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import to_json

# Searched for "e-" first (a literal prefix the pattern engine scans for quickly).
_EXPONENT = re.compile(rb"e-[0-9](?![0-9])")


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON text, as ``json.dumps(data, indent=indent, ensure_ascii=False)``.

    With ``indent=None`` the text is compact: one line, no space after ``,`` or ``:`` (as
    ``json.dumps(separators=(",", ":"))``).
    """
    raw = to_json(data, indent=indent)
    if not as_json_writes(raw):
        separators = (",", ":") if indent is None else None
        return json.dumps(data, indent=indent, ensure_ascii=False, separators=separators)
    return raw.decode("utf-8")


def as_json_writes(raw: bytes) -> bool:
    """Whether pydantic-core's ``raw`` is sure to be the text ``json.dumps`` writes.

    It is, but where it may hold a float under 1e-4 (see above).
    """
    return b"0.0000" not in raw and not _short_exponent(raw)


def _short_exponent(raw: bytes) -> bool:
    """Whether ``raw`` may hold a number like ``1e-7``: a digit, ``e-``, one digit, no more.

    Only a float under 1e-6 is written so by pydantic-core. Prose holds ``e-`` often but
    rarely between digits; a false alarm costs only the slower encoder.
    """
    if b"e-" not in raw:
        return False
    return any(raw[at.start() - 1 : at.start()].isdigit() for at in _EXPONENT.finditer(raw))
