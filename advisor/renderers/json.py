"""``--format json``: recommendation v1, one object, or an array for several profiles."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..recommendation import Recommendation
from ..text import inert_json


def render_json(recommendations: Sequence[Recommendation]) -> str:
    """One JSON object for one recommendation, a JSON array for several."""
    if len(recommendations) == 1:
        text = recommendations[0].to_json()
    else:
        text = json.dumps([r.to_data() for r in recommendations], indent=2, ensure_ascii=False)
    return inert_json(text) + "\n"
