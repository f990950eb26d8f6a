"""Structure-aware fuzzing: valid-ish profiles and packs, mutated, through every layer.

Each example starts from something close to valid (a profile or rule pack built from the real
fields and vocabularies), mutates it (a value of the wrong type, a hostile string, a huge
number, a missing or extra key, a byte-level change of its YAML), and runs it through the
loader, the validator, the engine with the what-if search, and every renderer. Whatever the
input, the only outcomes allowed are a recommendation whose every rendering is inert text, or
an ``AdvisorError`` carrying located diagnostics: never another exception.

CI runs a bounded number of examples (the same ones each time). To fuzz for longer:

    ADVISOR_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor
from advisor.errors import AdvisorError
from advisor.profiles.document import load_documents
from advisor.profiles.profile import BUDGETS, ROLES, SKILLS, TEAMS, WORKLOADS
from advisor.reasoning.ruleset import load_rules
from advisor.renderers import FORMATS, render

EXAMPLES = int(os.environ.get("ADVISOR_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# What a terminal or a reader would act on, in any rendering but JSON's escapes.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")

HOSTILE = st.sampled_from(
    [
        "\x1b[31mred",
        "\x9b2J",
        "\u202eevil",
        "a\u200bb",
        "\ud800",
        "[x](https://evil.example)",
        "<img src=x onerror=1>",
        "ops@evil.example",
        "#12 @team",
        "1" + " " * 5000 + "!",
        "9" * 5000,
        "\\ud83d\\ude00",
        "",
        " ",
        "null",
        "1e999",
        "-1 TB",
        "NaN",
    ]
)
SCALARS = st.one_of(
    HOSTILE,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A profile of the real fields, most values plausible, some not."""
    group = st.fixed_dictionaries(
        {"role": st.sampled_from(ROLES), "count": st.integers(1, 10_000)},
        optional={"skill": st.sampled_from(SKILLS)},
    )
    data: dict[str, Any] = {
        "name": draw(st.text(max_size=40) | HOSTILE),
        "volume": draw(st.sampled_from(["800 GB", "3 TB", "40 PB", "1 EB", "0", "12 GB"])),
        "structure": draw(st.sampled_from(["structured", "mixed", "unstructured"])),
        "latency": {
            "freshness": draw(st.sampled_from(["1s", "15m", "1h", "1d", "1w", "real-time"])),
            "query": draw(st.sampled_from(["interactive", "analytical"])),
        },
        "users": draw(st.lists(group, min_size=1, max_size=6)),
        "sources": draw(st.integers(1, 200)),
        "workloads": draw(st.lists(st.sampled_from(WORKLOADS), unique=True, max_size=5)),
        "budget": draw(st.sampled_from(BUDGETS)),
        "team": draw(st.sampled_from(TEAMS)),
    }
    if draw(st.booleans()):
        data["growth"] = draw(st.sampled_from(["200 GB/month", "40%/year", "1 TB per year"]))
    if draw(st.booleans()):
        data["ingest"] = draw(st.sampled_from(["2 TB/day", "80 GB/hour", "5 GB/day"]))
    # Mutations: a value replaced, a key dropped, an unknown key added.
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["replace", "drop", "add", "group"]))
        key = draw(st.sampled_from(sorted(data)))
        if kind == "replace":
            data[key] = draw(VALUES)
        elif kind == "drop":
            data.pop(key, None)
        elif kind == "add":
            data[draw(st.text(max_size=10) | HOSTILE)] = draw(VALUES)
        elif (
            isinstance(data.get("users"), list)
            and data["users"]
            and isinstance(data["users"][0], dict)
        ):
            data["users"][0] = {
                **data["users"][0],
                draw(st.sampled_from(["role", "skill", "count"])): draw(VALUES),
            }
    return data


def _check(rec: advisor.Recommendation) -> None:
    for fmt in FORMATS:
        text = render([rec], fmt, color=False)
        if fmt == "json":
            json.loads(text)
        assert not UNSAFE.search(text), (fmt, UNSAFE.search(text))


@FUZZ
@given(profiles())
def test_any_mapping_is_a_recommendation_or_a_located_error(data: dict[str, Any]) -> None:
    try:
        rec = advisor.evaluate(data, what_if=True)
    except AdvisorError:
        return  # refused, as an AdvisorError: allowed
    _check(rec)


@FUZZ
@given(profiles(), st.data())
def test_any_yaml_text_is_a_recommendation_or_a_located_error(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    try:
        text = json.dumps(data, ensure_ascii=draw.draw(st.booleans()), allow_nan=True)
    except (UnicodeEncodeError, ValueError):
        return
    # Byte-level mutations of the text: a character replaced, removed or repeated.
    for _ in range(draw.draw(st.integers(0, 3))):
        if not text:
            break
        at = draw.draw(st.integers(0, len(text) - 1))
        change = draw.draw(st.sampled_from(["replace", "remove", "repeat"]))
        if change == "replace":
            text = (
                text[:at]
                + draw.draw(st.sampled_from(list(":-[]{}\"'#&*!|>\t\n\\%@`")))
                + text[at + 1 :]
            )
        elif change == "remove":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + text[at] * draw.draw(st.integers(2, 200)) + text[at:]
    try:
        profiles_read = advisor.parse_profiles(text, source="fuzz.yaml")
    except AdvisorError as exc:
        located = all(d.source == "fuzz.yaml" for d in getattr(exc, "diagnostics", ()))
        assert located, str(exc)  # noqa: PT017 - any AdvisorError is allowed; it must say where
        return
    for profile in profiles_read:
        _check(advisor.evaluate(profile, what_if=True))


PACK = """\
pack: fuzz
version: 1.0.0
sources:
  src: {title: A source, claims: S1, said: {S1: it says so}}
rules:
  - id: storage.fuzz
    title: A rule
    criterion: fuzz
    rationale: because
    sources: ['src:S1']
    when: {fact: volume, op: ge, value: 1 TB}
    effects: {score: {lake: 10}}
"""


# Where a mutation lands in the pack above, and the keys it may change there.
PLACES: dict[str, list[str]] = {
    "pack": ["pack", "version", "rules", "sources", "extra"],
    "rule": ["id", "title", "criterion", "sources", "rationale"],
    "when": ["fact", "op", "value", "all"],
    "effects": ["score", "eliminate", "warn", "cadence", "complement"],
    "source": ["title", "url", "said", "claims"],
}


def _at(pack: Any, where: str) -> Any:
    if where == "pack":
        return pack
    if where == "source":
        return pack["sources"]["src"]
    rule = pack["rules"][0]
    return rule if where == "rule" else rule[where]


@FUZZ
@given(st.data())
def test_any_pack_loads_or_is_a_located_error(draw: st.DataObject) -> None:
    documents = load_documents(PACK, "fuzz.yaml")
    pack: Any = documents[0].data
    for _ in range(draw.draw(st.integers(1, 3))):
        where = draw.draw(st.sampled_from(sorted(PLACES)))
        key = draw.draw(st.sampled_from(PLACES[where]))
        # A place an earlier mutation replaced is no longer there to change: skip it.
        with contextlib.suppress(TypeError, KeyError, IndexError):
            _at(pack, where)[key] = draw.draw(VALUES)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        try:
            path.write_text(json.dumps(pack, allow_nan=True), encoding="utf-8")
        except UnicodeEncodeError:
            return
        try:
            rules = load_rules([path], cache=False)
        except AdvisorError:
            return  # refused, as an AdvisorError: allowed
    rec = advisor.evaluate(
        {"volume": "3 TB", "structure": "mixed", "latency": "1d", "users": "low"},
        rules=rules,
        what_if=True,
    )
    _check(rec)
