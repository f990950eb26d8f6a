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


def _described(generated: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the model field's description first (editors show it), no title.

    ``generated`` is the field's schema as pydantic writes it from the model: the description
    is written once, on the field (:mod:`advisor.profiles.profile`).
    """
    rest = {key: value for key, value in schema.items() if key not in {"title", "description"}}
    return {"description": generated["description"], **rest}


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
    """The JSON Schema (draft 2020-12) of profile v1 as plain data.

    pydantic's schema of the :class:`Profile` model gives the fields, what is required, the
    bounds and each field's description; what it cannot say, the text forms a profile accepts
    (sizes, durations, growth, one-word structure and users), is written in as patterns built
    from the unit tables the parser reads.
    """
    generated = Profile.model_json_schema(mode="validation")
    defs = generated["$defs"]
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
        "properties": _profile_properties(generated["properties"], defs),
        "$defs": {
            "Growth": _growth(defs["Growth"]),
            "Structure": _structure(defs["Structure"]),
            "Latency": _latency(defs["Latency"]),
            "UserGroup": _user_group(defs["UserGroup"]),
        },
    }


_SHARE = {"type": "number", "minimum": 0, "maximum": 100, "default": 0}
_SECONDS = {"type": "number", "exclusiveMinimum": 0}


def _duration() -> dict[str, Any]:
    return _text(DURATION_PATTERN, f"expected a duration such as {_DURATION_TEXT}", "15m", "1d")


def _growth(model: dict[str, Any]) -> dict[str, Any]:
    fields = model["properties"]
    amount, rate = fields["bytes_per_year"], fields["percent_per_year"]
    return _object(
        model["description"],
        {
            "bytes_per_year": _described(
                amount, {"type": ["integer", "null"], **_bounds(amount["anyOf"][0])}
            ),
            "percent_per_year": _described(
                rate, {"type": ["number", "null"], **_bounds(rate["anyOf"][0])}
            ),
        },
        # Exactly one of the two, as the model checks (a null one counts as absent).
        oneOf=[
            {"required": [kind], "properties": {kind: {"type": "number"}}}
            for kind in ("bytes_per_year", "percent_per_year")
        ],
    )


def _structure(model: dict[str, Any]) -> dict[str, Any]:
    fields = model["properties"]
    shares = {kind: _described(fields[kind], _SHARE) for kind in STRUCTURE_KINDS}
    return _object(model["description"], shares, minProperties=1)


def _latency(model: dict[str, Any]) -> dict[str, Any]:
    fields = model["properties"]
    return _object(
        model["description"],
        {
            "freshness": _described(fields["freshness"], {"anyOf": [_duration(), _SECONDS]}),
            "query": _described(fields["query"], _words(QUERIES, default="analytical")),
        },
        ("freshness",),
    )


def _user_group(model: dict[str, Any]) -> dict[str, Any]:
    fields = model["properties"]
    return _object(
        model["description"],
        {
            "role": _described(fields["role"], _words(ROLES)),
            # Left empty (null), the skill follows the role, as when it is left out.
            "skill": _described(fields["skill"], {"enum": [*SKILLS, None]}),
            "count": _described(fields["count"], fields["count"]),
        },
        ("role",),
    )


def _profile_properties(fields: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Each field of the profile: the model's description, the forms a profile file takes."""
    size = _text(SIZE_PATTERN, f"expected a size such as {_SIZE_TEXT}", "800 GB", "3 TB")
    rate = _text(GROWTH_PATTERN, f"expected growth such as {_GROWTH_TEXT}", "200 GB/month")
    ingest = _text(INGEST_PATTERN, "expected an ingest rate such as '2 TB/day'", "2 TB/day")
    most_bytes = _bounds(defs["Growth"]["properties"]["bytes_per_year"]["anyOf"][0])
    forms: dict[str, dict[str, Any]] = {
        "name": {"type": ["string", "null"], "maxLength": fields["name"]["anyOf"][0]["maxLength"]},
        "volume": {"anyOf": [size, {"type": "number", **most_bytes}]},
        "growth": {"anyOf": [rate, {"$ref": "#/$defs/Growth"}, {"type": "null"}]},
        "ingest": {
            "anyOf": [
                ingest,
                {"type": "integer", "minimum": 0, "maximum": MAX_SIZE},
                {"type": "null"},
            ]
        },
        "structure": {
            "anyOf": [
                _words((*STRUCTURE_KINDS, "mixed")),
                _any_case_words((*STRUCTURE_KINDS, "mixed"), dash_is_underscore=True),
                {"$ref": "#/$defs/Structure"},
            ]
        },
        "latency": {"anyOf": [_duration(), _SECONDS, {"$ref": "#/$defs/Latency"}]},
        "users": {
            "anyOf": [
                _words(SKILLS),
                _any_case_words(SKILLS),
                {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/UserGroup"}},
            ]
        },
        "sources": fields["sources"],
        # One word alone is read as a list of one.
        "workloads": {"anyOf": [{"type": "array", "items": _words(WORKLOADS)}, _words(WORKLOADS)]},
        "budget": _words(BUDGETS, default="medium"),
        "team": _words(TEAMS, default="small"),
    }
    return {name: _described(fields[name], forms[name]) for name in fields}


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: schema[key] for key in ("minimum", "maximum") if key in schema}


def profile_schema() -> str:
    """The JSON Schema (draft 2020-12) of profile v1 as indented JSON text.

    It accepts the normalised form and every shorthand a profile file may use (sizes and
    durations as text, one-word structure and users), so an editor accepts every profile the
    advisor accepts, and flags unknown keys, missing fields and unknown words as it does.
    """
    return json.dumps(schema_data(), indent=2, ensure_ascii=False)
