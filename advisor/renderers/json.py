"""``--format json``: recommendation v1, one object, or an array for several profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.encoding import json_text
from advisor.text import inert_json

if TYPE_CHECKING:
    from advisor.reasoning.batch import Source
    from advisor.reasoning.recommendation import Recommendation


def render_json(recommendations: Sequence[Recommendation]) -> str:
    """One JSON object for one recommendation, a JSON array for several."""
    if len(recommendations) == 1:
        text = recommendations[0].to_json()
    else:
        text = json_text([r.to_data() for r in recommendations])
    return inert_json(text) + "\n"


def json_array_item(rec: Recommendation, source: Source | None) -> str:
    """One item of a JSON array of results, indented as ``json.dumps(indent=2)`` indents it.

    Lets a long array be written item by item: an opening bracket and a line break, the items
    joined by a comma and a line break, then a line break and the closing bracket give the text
    :func:`render_json` would give for the whole list.
    """
    from advisor.renderers.jsonl import with_source

    return inert_json("  " + json_text(with_source(rec, source)).replace("\n", "\n  "))
