"""``--format jsonl``: JSON Lines, one compact recommendation v1 object per line.

Written line by line as results come, so a reader of the stream (``| jq``) sees each one as soon
as it is ready. Each line carries its ``source`` when it is known (the file and which profile
in it), as every batch format does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.encoding import json_text
from advisor.text import inert_json

if TYPE_CHECKING:
    from advisor.reasoning.batch import Source
    from advisor.reasoning.recommendation import Recommendation


def with_source(rec: Recommendation, source: Source | None) -> dict[str, Any]:
    """The recommendation's JSON data, with where its profile came from when known."""
    data = rec.to_data()
    if source is not None:
        data["source"] = source.to_data()
    return data


def jsonl_line(rec: Recommendation, source: Source | None = None) -> str:
    """One result as one line of compact JSON, ending with a newline."""
    return inert_json(json_text(with_source(rec, source), indent=None)) + "\n"


def render_jsonl(
    recommendations: Sequence[Recommendation], sources: Sequence[Source] | None = None
) -> str:
    """Every result, one line each."""
    if sources is None:
        return "".join(jsonl_line(rec) for rec in recommendations)
    return "".join(
        jsonl_line(rec, source) for rec, source in zip(recommendations, sources, strict=True)
    )
