"""``--format json``: recommendation v1, one object, or an array for several profiles."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from ..recommendation import Recommendation

# json.dumps escapes C0 controls but writes DEL, C1 controls (0x9b is a one-byte CSI), bidi
# controls and line separators as they are; escaped, they are the same JSON string and inert
# on a terminal. They can only occur inside strings, so replacing them keeps the JSON valid.
_RAW = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render_json(recommendations: Sequence[Recommendation]) -> str:
    """One JSON object for one recommendation, a JSON array for several."""
    if len(recommendations) == 1:
        text = recommendations[0].to_json()
    else:
        text = json.dumps([r.to_data() for r in recommendations], indent=2, ensure_ascii=False)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
