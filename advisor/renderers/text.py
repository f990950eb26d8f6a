"""Making user-supplied text inert: kept apart so error paths can use it without the models."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC starts terminal sequences; C1 0x9b is a one-byte CSI), bidirectional
# overrides, isolates and marks (they reorder what a reader sees), and the Unicode line and
# paragraph separators (some terminals and editors break lines on them).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SPACES = re.compile(r"[\t\n]")


def clean(text: str) -> str:
    """User-supplied text made inert for a terminal.

    Tabs and newlines become spaces (one reason is one line); other control, bidirectional and
    line-separator characters become ``?`` so a reader can see that something was there.
    """
    return _UNSAFE.sub("?", _SPACES.sub(" ", text))
