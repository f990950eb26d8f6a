"""JSON Schema of profile v1, for editors and validators.

The schema starts from the profile model's own (pydantic's) and writes in what pydantic cannot
say: the text forms a profile accepts (sizes, durations, growth, one-word structure and users)
as patterns built from the same unit tables the parser reads, and a description of every field,
which editors show on hover. It uses only keywords that mean the same in draft 7, because VS
Code's YAML extension checks documents with a draft 7 validator; patterns are written so that
both Python's and JavaScript's (``u`` flag) regular expressions read them the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from advisor._version import __version__
from advisor.profiles.profile import (
    BUDGETS,
    QUERIES,
    ROLES,
    SKILLS,
    STRUCTURE_KINDS,
    TEAMS,
    WORKLOADS,
    Profile,
)
from advisor.profiles.units import (
    AMBIGUOUS_DURATION_UNITS,
    DURATION_EXAMPLES,
    DURATION_UNITS,
    DURATION_WORDS,
    MAX_SIZE,
    PERIODS,
    SIZE_UNITS,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# A number as the parser reads it (no sign but an optional '+': negatives are refused).
_NUMBER = r"\+?(?:\d+(?:\.\d*)?|\.\d+)"
# The same, but not zero: a duration must be more than zero.
_NONZERO = r"\+?(?=[0-9.]*[1-9])(?:\d+(?:\.\d*)?|\.\d+)"


def _anycase(word: str, *, dash_is_underscore: bool = False) -> str:
    """A pattern matching ``word`` in any letter case (JavaScript patterns have no ``(?i)``)."""
    parts = []
    for char in word:
        if char.isalpha():
            parts.append(f"[{char.lower()}{char.upper()}]")
        elif char == "_" and dash_is_underscore:
            parts.append("[-_]")
        elif char in "-_" or char.isdigit():
            parts.append(char)
        else:  # pragma: no cover - a new unit with punctuation needs escaping written here
            raise ValueError(f"cannot write {char!r} into a schema pattern")
    return "".join(parts)


def _one_of(words: Iterable[str], **options: bool) -> str:
    """An alternation of ``words`` in any case (longest first, so the schema text is stable)."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return "(?:" + "|".join(_anycase(word, **options) for word in ordered) + ")"


def _whole(pattern: str) -> str:
    """``pattern`` as the whole value, with the surrounding spaces the parser ignores."""
    return rf"^\s*{pattern}\s*$"


SIZE_PATTERN = _whole(rf"{_NUMBER}\s*{_one_of(SIZE_UNITS)}?")
# A unit the parser refuses in one spelling ('M') is not matched in any case and is written
# again with its case spelled out, less the refused spelling.
_PLAIN_DURATION_UNITS = {u for u in DURATION_UNITS if u.upper() not in AMBIGUOUS_DURATION_UNITS}
_CASED_DURATION_UNITS = "|".join(
    f"[{''.join(c for c in (u.lower(), u.upper()) if c not in AMBIGUOUS_DURATION_UNITS)}]"
    for u in sorted(set(DURATION_UNITS) - _PLAIN_DURATION_UNITS)
)
DURATION_PATTERN = _whole(
    rf"(?:{_one_of(DURATION_WORDS)}|{_NONZERO}\s*"
    rf"(?:{_one_of(_PLAIN_DURATION_UNITS)}|{_CASED_DURATION_UNITS})?)"
)
GROWTH_PATTERN = _whole(
    rf"(?:{_NUMBER}\s*%\s*(?:/|{_anycase('per')}\b)"  # a rate: 40%/year, 5% per month
    rf"|{_NUMBER}\s*{_one_of(SIZE_UNITS)}?(?:\s*/|\s+{_anycase('per')}\b))"  # 200 GB/month
    rf"\s*{_one_of(PERIODS)}"
)

INGEST_PATTERN = _whole(
    rf"{_NUMBER}\s*{_one_of(SIZE_UNITS)}?(?:\s*/|\s+{_anycase('per')}\b)\s*{_one_of(PERIODS)}"
)

_SIZE_TEXT = "'800 GB', '3TB', '2.5 PiB'"
_DURATION_TEXT = DURATION_EXAMPLES
_GROWTH_TEXT = "'200 GB/month', '5 TB/year', '2 GB/day' or '40%/year'"

# One sentence or two per field, shown by editors on hover; the README's profile reference
# says the same at more length.
DESCRIPTIONS: dict[str, str] = {
    "name": "Free text shown in the report (at most 200 characters). Optional.",
    "volume": (
        f"Required. How much data is held now: {_SIZE_TEXT} (decimal kB..EB or binary "
        "KiB..EiB units), or a whole number of bytes."
    ),
    "growth": (
        "How fast the data grows: a size per hour, day, week, month or year ('200 GB/month', "
        "'5 TB/year') or a rate ('40%/year'). Optional; leave it out for no growth."
    ),
    "ingest": (
        "How much data arrives a day, whether or not it is kept: a size per day, week, month "
        "or year ('2 TB/day'), or whole bytes a day. Optional; without it, growth stands in."
    ),
    "structure": (
        "Required. Share of the volume by kind, in percent, summing to 100; kinds left out "
        "count 0. Or one word: structured, semi_structured, unstructured, mixed."
    ),
    "latency": (
        "Required. How fresh the data must be, and how fast queries must answer. A bare "
        f"duration means the freshness: {_DURATION_TEXT}."
    ),
    "users": (
        "Required. Who uses the data: one entry per group, {role, count, skill}. Or one skill "
        "word for a single group: low (business), medium (analyst), high (data scientist)."
    ),
    "sources": "How many distinct systems or business units the data combines. Default 1.",
    "workloads": (
        "What the data is for, any of: transactional (an application's own reads and writes), "
        "reporting, dashboards, ad_hoc (one-off analysis), ml (machine learning), realtime "
        "(automated decisions or alerts on live events), archive (history kept for possible "
        "later use). Default: none."
    ),
    "budget": "Money for storage and compute: low, medium or high. Default medium.",
    "team": (
        "Data-engineering capacity: none (nobody builds pipelines), small (one or two data "
        "engineers) or large (a data platform team). Default small."
    ),
    "Growth.bytes_per_year": "Bytes added per 365-day year (the normalised form of a size).",
    "Growth.percent_per_year": "Percent added per year (the normalised form of a rate).",
    "Structure.structured": "Percent of the volume in tables: rows and columns. Default 0.",
    "Structure.semi_structured": "Percent in JSON, logs and events. Default 0.",
    "Structure.unstructured": "Percent in images, documents, audio and free text. Default 0.",
    "Latency.freshness": (
        f"Required. How old data may be when it is used: {_DURATION_TEXT}, or seconds."
    ),
    "Latency.query": (
        "How fast queries must answer: interactive (people wait, as on a dashboard: seconds) "
        "or analytical (minutes are fine). Default analytical."
    ),
    "UserGroup.role": ("Required. Who they are: business, analyst, data_scientist or engineer."),
    "UserGroup.skill": (
        "What they can do: low (no code), medium (SQL), high (Python, Spark). Default by role: "
        "business low, analyst medium, data_scientist and engineer high."
    ),
    "UserGroup.count": "How many people are in the group. Default 1.",
}


def _described(where: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its description first (editors show it) and pydantic's title dropped."""
    rest = {key: value for key, value in schema.items() if key not in {"title", "description"}}
    return {"description": DESCRIPTIONS[where], **rest}


def _words(choices: Iterable[str], **extra: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(choices), **extra}


def _any_case_words(choices: Iterable[str], **options: bool) -> dict[str, Any]:
    # The parser reads these words in any case ('Mixed', 'LOW'); the enum beside this branch is
    # what an editor offers for completion.
    choices = tuple(choices)
    return _text(_whole(_one_of(choices, **options)), f"expected one of: {', '.join(choices)}")


def _text(pattern: str, message: str, *examples: str) -> dict[str, Any]:
    """A text form; VS Code shows ``patternErrorMessage`` instead of the pattern itself."""
    schema: dict[str, Any] = {"type": "string", "pattern": pattern, "patternErrorMessage": message}
    return {**schema, "examples": list(examples)} if examples else schema


def _object(
    description: str,
    properties: dict[str, dict[str, Any]],
    required: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "description": description}
    schema["additionalProperties"] = False
    if required:
        schema["required"] = list(required)
    return {**schema, "properties": properties, **extra}


def schema_data() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of profile v1 as plain data."""
    generated = Profile.model_json_schema(mode="validation")
    fields, defs = generated["properties"], generated["$defs"]
    size = _text(SIZE_PATTERN, f"expected a size such as {_SIZE_TEXT}", "800 GB", "3 TB")
    duration = _text(DURATION_PATTERN, f"expected a duration such as {_DURATION_TEXT}", "15m", "1d")
    rate = _text(GROWTH_PATTERN, f"expected growth such as {_GROWTH_TEXT}", "200 GB/month")
    seconds = {"type": "number", "exclusiveMinimum": 0}
    bytes_per_year = defs["Growth"]["properties"]["bytes_per_year"]["anyOf"][0]
    percent_per_year = defs["Growth"]["properties"]["percent_per_year"]["anyOf"][0]
    share = {"type": "number", "minimum": 0, "maximum": 100, "default": 0}

    growth = _object(
        defs["Growth"]["description"],
        {
            "bytes_per_year": _described(
                "Growth.bytes_per_year", {"type": ["integer", "null"], **_bounds(bytes_per_year)}
            ),
            "percent_per_year": _described(
                "Growth.percent_per_year", {"type": ["number", "null"], **_bounds(percent_per_year)}
            ),
        },
        # Exactly one of the two, as the model checks (a null one counts as absent).
        oneOf=[
            {"required": [kind], "properties": {kind: {"type": "number"}}}
            for kind in ("bytes_per_year", "percent_per_year")
        ],
    )
    structure = _object(
        defs["Structure"]["description"],
        {kind: _described(f"Structure.{kind}", share) for kind in STRUCTURE_KINDS},
        minProperties=1,
    )
    latency = _object(
        defs["Latency"]["description"],
        {
            "freshness": _described("Latency.freshness", {"anyOf": [duration, seconds]}),
            "query": _described("Latency.query", _words(QUERIES, default="analytical")),
        },
        ("freshness",),
    )
    count = defs["UserGroup"]["properties"]["count"]
    user_group = _object(
        defs["UserGroup"]["description"],
        {
            "role": _described("UserGroup.role", _words(ROLES)),
            # Left empty (null), the skill follows the role, as when it is left out.
            "skill": _described("UserGroup.skill", {"enum": [*SKILLS, None]}),
            "count": _described("UserGroup.count", count),
        },
        ("role",),
    )
    properties = {
        "name": _described(
            "name",
            {"type": ["string", "null"], "maxLength": fields["name"]["anyOf"][0]["maxLength"]},
        ),
        "volume": _described(
            "volume", {"anyOf": [size, {"type": "number", **_bounds(bytes_per_year)}]}
        ),
        "growth": _described(
            "growth",
            {
                "anyOf": [
                    rate,
                    {"$ref": "#/$defs/Growth"},
                    {"type": "null"},
                ]
            },
        ),
        "ingest": _described(
            "ingest",
            {
                "anyOf": [
                    _text(INGEST_PATTERN, "expected an ingest rate such as '2 TB/day'", "2 TB/day"),
                    {"type": "integer", "minimum": 0, "maximum": MAX_SIZE},
                    {"type": "null"},
                ]
            },
        ),
        "structure": _described(
            "structure",
            {
                "anyOf": [
                    _words((*STRUCTURE_KINDS, "mixed")),
                    _any_case_words((*STRUCTURE_KINDS, "mixed"), dash_is_underscore=True),
                    {"$ref": "#/$defs/Structure"},
                ]
            },
        ),
        "latency": _described(
            "latency", {"anyOf": [duration, seconds, {"$ref": "#/$defs/Latency"}]}
        ),
        "users": _described(
            "users",
            {
                "anyOf": [
                    _words(SKILLS),
                    _any_case_words(SKILLS),
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/UserGroup"}},
                ]
            },
        ),
        "sources": _described("sources", fields["sources"]),
        "workloads": _described(
            "workloads",
            {
                # One word alone is read as a list of one.
                "anyOf": [
                    {"type": "array", "items": _words(WORKLOADS)},
                    _words(WORKLOADS),
                ]
            },
        ),
        "budget": _described("budget", _words(BUDGETS, default="medium")),
        "team": _described("team", _words(TEAMS, default="small")),
    }
    return {
        "$schema": DRAFT,
        "title": "advisor profile v1",
        "description": (
            f"A workload profile for advisor (profile v1, written by advisor {__version__}): "
            "what data there is and how it is used. Required: volume, structure, latency, users."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": list(generated["required"]),
        "properties": properties,
        "$defs": {
            "Growth": growth,
            "Structure": structure,
            "Latency": latency,
            "UserGroup": user_group,
        },
    }


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: schema[key] for key in ("minimum", "maximum") if key in schema}


def profile_schema() -> str:
    """The JSON Schema (draft 2020-12) of profile v1 as indented JSON text.

    It accepts the normalised form and every shorthand a profile file may use (sizes and
    durations as text, one-word structure and users), so an editor accepts every profile the
    advisor accepts, and flags unknown keys, missing fields and unknown words as it does.
    """
    return json.dumps(schema_data(), indent=2, ensure_ascii=False)
