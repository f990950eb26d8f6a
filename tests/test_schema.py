"""`advisor schema`: a JSON Schema that agrees with the advisor on what a profile is.

The schema is checked with `jsonschema`, the reference validator, under draft 2020-12 (what
the schema declares) and under draft 7 (what VS Code's YAML extension validates with), so a
profile an editor marks is one the advisor refuses, and the other way round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.protocols import Validator
from pydantic import BaseModel, ValidationError

from advisor.errors import ProfileError
from advisor.profiles.document import load_documents
from advisor.profiles.loader import parse_profiles
from advisor.profiles.profile import Growth, Latency, Profile, Structure, UserGroup
from advisor.profiles.schema import profile_schema
from advisor.profiles.template import profile_template
from advisor.profiles.units import parse_duration

from advisor_run import EXAMPLES, ROOT, run_advisor

SCHEMA: dict[str, Any] = json.loads(profile_schema())
VALIDATORS: list[type[Validator]] = [Draft202012Validator, Draft7Validator]
MINIMAL = {"volume": "2 TB", "structure": "structured", "latency": "1d", "users": "low"}

# Every profile the project ships or tests with (tests/scenarios/expect.yaml holds expectations,
# not a profile).
PROFILE_FILES = sorted(
    [
        *EXAMPLES.glob("*.yaml"),
        *(ROOT / "tests" / "scenarios").glob("seed-*.yaml"),
        *(ROOT / "tests" / "data").glob("*.yaml"),
    ]
)


def shipped_profiles() -> Iterator[tuple[str, Any]]:
    """(where, data) for every document of every shipped profile and of the template."""
    texts = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in PROFILE_FILES]
    texts.append(("advisor init's template", profile_template()))
    for source, text in texts:
        for number, document in enumerate(load_documents(text, source), 1):
            yield f"{source}#{number}", document.data


def problems(validator: type[Validator], data: Any) -> list[str]:
    return [error.message for error in validator(SCHEMA).iter_errors(data)]


def schema_accepts(data: object) -> bool:
    return all(not problems(validator, data) for validator in VALIDATORS)


def advisor_accepts(data: object) -> bool:
    try:
        Profile.model_validate(data)
    except ValidationError:
        return False
    return True


# -- the command -----------------------------------------------------------------------------


def test_advisor_schema_prints_a_draft_2020_12_schema(tmp_path: Path) -> None:
    result = run_advisor(["schema"], tmp_path)

    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == SCHEMA
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(printed)
    # VS Code's YAML extension refuses a schema that is not valid draft 7 as well.
    Draft7Validator.check_schema(printed)


# -- what it accepts -------------------------------------------------------------------------


def test_every_shipped_profile_is_found() -> None:
    # A moved folder would leave the tests below checking nothing.
    assert len(PROFILE_FILES) >= 10
    assert len(list(EXAMPLES.glob("*.yaml"))) >= 6


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_the_schema_accepts_every_shipped_profile_and_the_template(
    validator: type[Validator],
) -> None:
    refused = {where: p for where, data in shipped_profiles() if (p := problems(validator, data))}
    assert not refused


def test_the_schema_accepts_the_normalised_profile_of_the_json_output() -> None:
    for where, data in shipped_profiles():
        normalised = Profile.model_validate(data).to_data()
        assert schema_accepts(normalised), (where, normalised)


# -- what it refuses, as the advisor does ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        pytest.param({"user": "low"}, "'user' was unexpected", id="unknown-key"),
        pytest.param({"volume": None}, "'volume' is a required property", id="missing-volume"),
        pytest.param({"users": None}, "'users' is a required property", id="missing-users"),
        pytest.param({"budget": "huge"}, "'huge' is not one of", id="bad-budget"),
        pytest.param({"team": "Large"}, "'Large' is not one of", id="team-is-case-sensitive"),
        pytest.param({"workloads": ["bi"]}, "'bi'", id="bad-workload"),
        pytest.param({"users": [{"role": "manager"}]}, "'manager'", id="bad-role"),
        pytest.param({"users": [{"role": "analyst", "skil": "low"}]}, "skil", id="nested-key"),
        pytest.param({"users": [{"count": 3}]}, "'role' is a required property", id="no-role"),
        pytest.param({"users": []}, "[]", id="no-users"),
        pytest.param({"latency": {"query": "interactive"}}, "freshness", id="no-freshness"),
        pytest.param({"latency": {"freshness": "1d", "query": "fast"}}, "'fast'", id="bad-query"),
        pytest.param({"latency": "soon"}, "'soon'", id="bad-duration"),
        pytest.param({"latency": "0s"}, "'0s'", id="zero-duration"),
        pytest.param({"volume": "3 TX"}, "'3 TX'", id="bad-size-unit"),
        pytest.param({"volume": "-3 TB"}, "'-3 TB'", id="negative-size"),
        pytest.param({"volume": True}, "True", id="boolean-size"),
        pytest.param({"growth": "200 GB"}, "'200 GB'", id="growth-without-period"),
        pytest.param({"growth": "5 GB/fortnight"}, "fortnight", id="growth-bad-period"),
        pytest.param({"structure": "tabular"}, "'tabular'", id="bad-structure-word"),
        pytest.param({"structure": {"tables": 100}}, "'tables'", id="bad-structure-kind"),
        pytest.param({"structure": {"structured": 120}}, "120", id="share-over-100"),
        pytest.param({"sources": 0}, "0", id="no-sources"),
        pytest.param({"name": "x" * 201}, "is too long", id="long-name"),
    ],
)
def test_the_schema_refuses_what_the_advisor_refuses(change: dict[str, Any], fragment: str) -> None:
    data = {k: v for k, v in {**MINIMAL, **change}.items() if v is not None}

    assert not advisor_accepts(data)
    for validator in VALIDATORS:
        found = problems(validator, data)
        assert found, f"{validator.__name__} accepts {data}"
        assert fragment in "\n".join(found) or any(
            fragment in str(error.context) for error in validator(SCHEMA).iter_errors(data)
        )


def test_the_minimal_profile_is_accepted_by_both() -> None:
    assert advisor_accepts(MINIMAL)
    assert schema_accepts(MINIMAL)


# -- the same fields, each described ---------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "model"),
    [
        (SCHEMA, Profile),
        (SCHEMA["$defs"]["Growth"], Growth),
        (SCHEMA["$defs"]["Structure"], Structure),
        (SCHEMA["$defs"]["Latency"], Latency),
        (SCHEMA["$defs"]["UserGroup"], UserGroup),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_the_schema_has_exactly_the_models_fields(
    where: dict[str, Any], model: type[BaseModel]
) -> None:
    assert set(where["properties"]) == set(model.model_fields)
    assert where["additionalProperties"] is False


def test_the_required_fields_are_the_profiles() -> None:
    required = {name for name, field in Profile.model_fields.items() if field.is_required()}
    assert set(SCHEMA["required"]) == required == {"volume", "structure", "latency", "users"}


def _property_schemas(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field the schema declares (not the constraints in a oneOf, which declare none)."""
    if isinstance(node, dict):
        for name, child in (node.get("properties") or {}).items():
            yield f"{path}.{name}", child
        for key, child in node.items():
            if key != "oneOf":
                yield from _property_schemas(child, f"{path}/{key}")
    elif isinstance(node, list):
        for child in node:
            yield from _property_schemas(child, path)


def test_every_field_has_a_description_for_editors_to_show() -> None:
    fields = list(_property_schemas(SCHEMA))
    assert len(fields) >= 20
    undescribed = [path for path, child in fields if len(child.get("description", "")) < 20]
    assert not undescribed


# -- the text forms: whatever the advisor reads, an editor must not mark ----------------------


def any_case(words: list[str]) -> st.SearchStrategy[str]:
    """One of ``words``, each letter in either case."""
    return st.sampled_from(words).flatmap(
        lambda word: st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
            lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))
        )
    )


spaces = st.sampled_from(["", " ", "  ", "\t"])
numbers = st.one_of(
    st.integers(min_value=0, max_value=999).map(str),
    st.sampled_from(["2.5", ".5", "5.", "0.0", "+3", "-3", "1e3", "1,5", "."]),
)
SIZE_UNITS = ["b", "kb", "mb", "gb", "tb", "pb", "eb", "kib", "mib", "gib", "tib", "pib", "eib"]
SIZE_UNITS += ["byte", "bytes", ""]
DURATION_UNITS = ["s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute"]
DURATION_UNITS += ["minutes", "h", "hr", "hrs", "hour", "hours", "d", "day", "days", "w"]
DURATION_UNITS += ["week", "weeks", "mo", "mos", "month", "months", "y", "yr", "yrs", "year"]
DURATION_UNITS += ["years", ""]
NOT_UNITS = ["ms", "mth", "k", "gbs", "tbyte", "x", "sek"]


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


sizes = joined(spaces, numbers, spaces, any_case(SIZE_UNITS + NOT_UNITS), spaces)
durations = st.one_of(
    joined(spaces, numbers, spaces, any_case(DURATION_UNITS + NOT_UNITS), spaces),
    joined(
        spaces,
        any_case(
            ["real-time", "realtime", "hourly", "daily", "weekly", "monthly", "yearly", "annual"]
        ),
    ),
)
growths = joined(
    sizes | joined(numbers, spaces, st.just("%")),
    st.sampled_from(["/", " / ", " per ", "per ", " per", " Per ", " ", "//"]),
    any_case(["day", "d", "week", "w", "month", "mo", "year", "y", "yr", "fortnight", "s"]),
    spaces,
)
structure_words = joined(
    spaces,
    any_case(["structured", "semi_structured", "semi-structured", "unstructured", "mixed"])
    | any_case(["un-structured", "semistructured", "mix", "tables"]),
    spaces,
)
skill_words = any_case(["low", "medium", "high", "none", "expert"])

Field = Callable[[str], dict[str, Any]]
FIELDS: dict[str, tuple[st.SearchStrategy[str], Field]] = {
    "volume": (sizes, lambda text: {"volume": text}),
    "latency": (durations, lambda text: {"latency": text}),
    "freshness": (durations, lambda text: {"latency": {"freshness": text}}),
    "structure": (structure_words, lambda text: {"structure": text}),
    "users": (skill_words, lambda text: {"users": text}),
}


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_schema_and_the_advisor_agree_on_text_forms(field: str, data: st.DataObject) -> None:
    strategy, place = FIELDS[field]
    text = data.draw(strategy, label=field)
    profile = {**MINIMAL, **place(text)}

    if field in {"freshness", "latency"} and _past_ten_years(text):
        # A duration past the advisor's bound: a limit no pattern can express, like a rate
        # that compounds too far (below). The advisor refuses it; the schema cannot.
        assert not advisor_accepts(profile)
        return
    assert schema_accepts(profile) == advisor_accepts(profile), repr(text)


def _past_ten_years(text: str) -> bool:
    try:
        parse_duration(text)
    except ValueError as error:
        return "longer than any duration" in str(error)
    return False


@settings(max_examples=300, deadline=None)
@given(text=growths)
def test_every_growth_the_advisor_reads_is_one_the_schema_accepts(text: str) -> None:
    # Not the other way round: a rate like 90%/day compounds past what the advisor accepts,
    # a bound no pattern can express.
    profile = {**MINIMAL, "growth": text}
    if advisor_accepts(profile):
        assert schema_accepts(profile), repr(text)


@pytest.mark.parametrize(
    "text", ["200 GB/month", "5 TB / year", "2 gb per day", "40%/year", "10 % per Month", "7%/w"]
)
def test_common_growth_forms_are_accepted_by_both(text: str) -> None:
    profile = {**MINIMAL, "growth": text}
    assert advisor_accepts(profile)
    assert schema_accepts(profile)


def test_a_profile_loaded_from_yaml_text_is_checked_the_same_way() -> None:
    # The YAML loader keeps '3 TB' and '1d' as text and 'no' as text: the schema sees the same.
    text = "volume: 3 TB\nstructure: mixed\nlatency: 1d\nusers: medium\nbudget: no\n"
    (document,) = load_documents(text, "p.yaml")
    assert document.data["budget"] == "no"
    assert not schema_accepts(document.data)
    with pytest.raises(ProfileError, match="'no' is not one of: low, medium, high"):
        parse_profiles(text, "p.yaml")


# -- the README's editor set-up --------------------------------------------------------------


def test_the_readme_editor_setup_uses_the_file_advisor_schema_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("#### Checking profiles in your editor") :]
    assert "advisor schema > profile.schema.json" in section
    # The comment to paste is the one the template carries, switched on.
    modeline = "# yaml-language-server: $schema=profile.schema.json"
    assert f"```yaml\n{modeline}\n```" in section
    assert f"#{modeline}\n" in profile_template()
    settings = section[section.index("<!-- editor-settings") :]
    block = re.search(r"^```json\n(.*?)^```$", settings, re.M | re.S)
    assert block is not None
    associations = json.loads(block.group(1))["yaml.schemas"]
    assert list(associations) == ["./profile.schema.json"]
    # Rule packs are YAML too; a pattern that caught them would mark every rule as a mistake.
    assert all(
        "rules" not in pattern and pattern != "*.yaml"
        for pattern in associations["./profile.schema.json"]
    )


def test_every_field_of_the_model_carries_its_description() -> None:
    # The schema's descriptions are the model's, written once on each field.
    for model in (Profile, Growth, Structure, Latency, UserGroup):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
    shown = json.loads(profile_schema())
    assert (
        shown["properties"]["volume"]["description"] == Profile.model_fields["volume"].description
    )
