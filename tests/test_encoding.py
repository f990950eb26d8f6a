"""JSON text: the fast encoder writes exactly what ``json.dumps`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor.encoding import json_text

from advisor_run import EXAMPLES

# Every JSON value, with text from all of Unicode but lone surrogates (no profile holds one) and
# floats across every magnitude, the tiny ones whose exponent the two encoders write apart.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [1e-5, 1.5e-7, 2e-9, 1e-10, 1e16, 1e22, -0.0, 5e-324]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | FLOATS | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=600, deadline=None)
@given(JSON)
def test_indented_text_is_json_dumps_text(data: Any) -> None:
    assert json_text(data) == json.dumps(data, indent=2, ensure_ascii=False)


@settings(max_examples=600, deadline=None)
@given(JSON)
def test_compact_text_is_json_dumps_text(data: Any) -> None:
    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert json_text(data, indent=None) == expected


def test_a_tiny_growth_rate_is_written_as_python_writes_it() -> None:
    rec = advisor.evaluate(
        {
            "volume": "1 TB",
            "growth": "0.000015%/year",
            "structure": "structured",
            "latency": "1d",
            "users": "low",
        }
    )
    text = rec.to_json()
    assert '"percent_per_year": 1.5e-05' in text
    assert text == json.dumps(rec.to_data(), indent=2, ensure_ascii=False)


def test_recommendations_are_written_as_before() -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        rec = advisor.evaluate(example, what_if=True)
        assert rec.to_json() == json.dumps(rec.to_data(), indent=2, ensure_ascii=False)


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
def test_inert_json_escapes_exactly_what_its_pattern_names(text: str) -> None:
    from advisor.text import _RAW_IN_JSON, inert_json

    expected = _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    assert inert_json(text) == expected
