"""Profile v1: shorthand forms, defaults, checks, normalised data and derived facts."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.errors import ProfileError
from advisor.profiles.loader import parse_profiles, to_profile
from advisor.profiles.profile import MIXED_SHARES, Profile

TB = 10**12
GB = 10**9


def minimal(**fields: Any) -> dict[str, Any]:
    """The smallest valid profile, with ``fields`` replacing or adding entries."""
    return {
        "volume": "3 TB",
        "structure": "structured",
        "latency": "1d",
        "users": "low",
        **fields,
    }


def errors(data: dict[str, Any]) -> str:
    with pytest.raises(ProfileError) as caught:
        to_profile(data)
    return str(caught.value)


FULL = """\
name: Acme retail analytics
volume: 3 TB
growth: 200 GB/month
structure:
  structured: 60
  semi_structured: 30
  unstructured: 10
latency:
  freshness: 15m
  query: interactive
users:
  - role: business
    skill: low
    count: 40
  - role: data_scientist
    count: 3
sources: 8
workloads: [dashboards, ml]
budget: medium
team: small
"""


def test_the_design_example_loads_normalised() -> None:
    (profile,) = parse_profiles(FULL, "acme.yaml")
    assert profile.to_data() == {
        "name": "Acme retail analytics",
        "volume": 3 * TB,
        "growth": {"bytes_per_year": 2400 * GB},
        "structure": {"structured": 60, "semi_structured": 30, "unstructured": 10},
        "latency": {"freshness": 900, "query": "interactive"},
        "users": [
            {"role": "business", "skill": "low", "count": 40},
            {"role": "data_scientist", "skill": "high", "count": 3},
        ],
        "sources": 8,
        "workloads": ["dashboards", "ml"],
        "budget": "medium",
        "team": "small",
    }


def test_optional_fields_take_their_documented_defaults() -> None:
    profile = to_profile(minimal())
    assert profile.name is None
    assert profile.growth is None
    assert profile.sources == 1
    assert profile.workloads == []
    assert profile.budget == "medium"
    assert profile.team == "small"
    assert profile.latency.query == "analytical"
    assert "name" not in profile.to_data()
    assert "growth" not in profile.to_data()


# --- shorthand forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "shares"),
    [
        ("structured", {"structured": 100, "semi_structured": 0, "unstructured": 0}),
        ("semi_structured", {"structured": 0, "semi_structured": 100, "unstructured": 0}),
        ("semi-structured", {"structured": 0, "semi_structured": 100, "unstructured": 0}),
        ("Unstructured", {"structured": 0, "semi_structured": 0, "unstructured": 100}),
        ("mixed", MIXED_SHARES),
    ],
)
def test_structure_as_one_word(word: str, shares: dict[str, int]) -> None:
    assert to_profile(minimal(structure=word)).to_data()["structure"] == shares


def test_mixed_shares_sum_to_100() -> None:
    assert sum(MIXED_SHARES.values()) == 100


def test_missing_structure_kinds_count_zero() -> None:
    profile = to_profile(minimal(structure={"structured": 70, "unstructured": 30}))
    assert profile.structure.semi_structured == 0


def test_latency_as_a_bare_duration_is_freshness() -> None:
    profile = to_profile(minimal(latency="15m"))
    assert profile.to_data()["latency"] == {"freshness": 900, "query": "analytical"}


@pytest.mark.parametrize(
    ("word", "group"),
    [
        ("low", {"role": "business", "skill": "low", "count": 1}),
        ("medium", {"role": "analyst", "skill": "medium", "count": 1}),
        ("high", {"role": "data_scientist", "skill": "high", "count": 1}),
        ("High", {"role": "data_scientist", "skill": "high", "count": 1}),
    ],
)
def test_users_as_one_skill_word(word: str, group: dict[str, Any]) -> None:
    assert to_profile(minimal(users=word)).to_data()["users"] == [group]


@pytest.mark.parametrize(
    ("role", "skill"),
    [("business", "low"), ("analyst", "medium"), ("data_scientist", "high"), ("engineer", "high")],
)
def test_skill_defaults_by_role(role: str, skill: str) -> None:
    (group,) = to_profile(minimal(users=[{"role": role}])).users
    assert group.skill == skill
    assert group.count == 1


def test_a_stated_skill_beats_the_role_default() -> None:
    (group,) = to_profile(minimal(users=[{"role": "business", "skill": "high", "count": 4}])).users
    assert (group.skill, group.count) == ("high", 4)


def test_workloads_are_deduplicated_in_canonical_order() -> None:
    profile = to_profile(minimal(workloads=["ml", "dashboards", "ml", "transactional"]))
    assert profile.workloads == ["transactional", "dashboards", "ml"]


def test_one_workload_may_be_written_without_a_list() -> None:
    assert to_profile(minimal(workloads="archive")).workloads == ["archive"]


def test_growth_as_rate_and_as_amount() -> None:
    assert to_profile(minimal(growth="40%/year")).to_data()["growth"] == {"percent_per_year": 40.0}
    assert to_profile(minimal(growth="1 TB/year")).to_data()["growth"] == {"bytes_per_year": TB}


# --- round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        minimal(),
        minimal(structure="mixed", users="high", growth="10%/month", latency="real-time"),
        minimal(growth="200 GB/month", workloads=["ml", "reporting"], name="  Café  "),
        minimal(latency={"freshness": "1.5s", "query": "interactive"}, volume="2.5 PiB"),
    ],
)
def test_normalised_data_round_trips_to_the_same_model(data: dict[str, Any]) -> None:
    profile = to_profile(data)
    again = Profile.model_validate(profile.to_data())
    assert again == profile
    assert again.to_data() == profile.to_data()


def test_name_is_trimmed_and_nfc_normalised() -> None:
    assert to_profile(minimal(name="  Cafe\u0301 ")).name == "Caf\u00e9"


# --- checks ----------------------------------------------------------------------------


def test_shares_must_sum_to_100() -> None:
    message = errors(minimal(structure={"structured": 60, "semi_structured": 30}))
    assert "<profile>: error: structure: shares must sum to 100, these sum to 90" in message


def test_shares_over_100_say_their_sum() -> None:
    message = errors(minimal(structure={"structured": 60, "unstructured": 60}))
    assert "these sum to 120" in message


def test_fractional_shares_that_sum_to_100_are_fine() -> None:
    profile = to_profile(
        minimal(structure={"structured": 33.3, "semi_structured": 33.3, "unstructured": 33.4})
    )
    assert profile.structure.unstructured == pytest.approx(33.4)


def test_a_share_above_100_is_named() -> None:
    message = errors(minimal(structure={"structured": 120}))
    assert "structure.structured: must be at most 100, found 120" in message


def test_a_share_that_is_not_a_number_gets_one_message() -> None:
    message = errors(minimal(structure={"structured": "lots"}))
    assert message == "<profile>: error: structure.structured: expected a number, found 'lots'"


def test_an_unknown_structure_word_suggests_the_closest() -> None:
    message = errors(minimal(structure="structred"))
    assert "structure: 'structred' is not one of: structured, semi_structured" in message
    assert "hint: did you mean 'structured'?" in message


def test_an_unknown_users_word_lists_the_skills() -> None:
    message = errors(minimal(users="lots"))
    assert "users: 'lots' is not one of: low, medium, high" in message
    assert "hint: or list the groups" in message


def test_users_as_a_mapping_asks_for_a_list() -> None:
    message = errors(minimal(users={"role": "analyst"}))
    assert "users: expected a list of user groups, found a mapping" in message
    assert "hint: start each group with a dash" in message


def test_users_must_not_be_empty() -> None:
    assert "users: needs at least 1 item, found none" in errors(minimal(users=[]))


def test_count_must_be_at_least_one() -> None:
    message = errors(minimal(users=[{"role": "analyst", "count": 0}]))
    assert "users[0].count: must be at least 1, found 0" in message


def test_an_unknown_role_is_one_problem_with_a_suggestion() -> None:
    message = errors(minimal(users=[{"role": "analist"}]))
    assert message.count("error:") == 1
    assert "users[0].role: 'analist' is not one of: business, analyst" in message
    assert "did you mean 'analyst'?" in message


def test_an_unknown_workload_suggests_the_closest() -> None:
    message = errors(minimal(workloads=["ml", "dashbords"]))
    assert "workloads[1]: 'dashbords' is not one of: transactional" in message
    assert "did you mean 'dashboards'?" in message


@pytest.mark.parametrize(
    ("growth", "message"),
    [
        (5, "growth: growth needs a period, found 5"),
        ("5 GB", "growth: expected growth such as '200 GB/month'"),
        ({"bytes_per_year": 1, "percent_per_year": 2}, "give growth as a size per period or"),
        ({"percent_per_year": 10**7}, "growth.percent_per_year: must be at most 100000"),
    ],
)
def test_bad_growth(growth: object, message: str) -> None:
    assert message in errors(minimal(growth=growth))


@pytest.mark.parametrize(
    "name", ["bell\x07", "line\nbreak", "nul\x00", "esc\x1b[31m", "bidi\u202eevil"]
)
def test_control_characters_in_name_are_refused(name: str) -> None:
    message = errors(minimal(name=name))
    assert "<profile>: error: name: must not contain control characters (found U+" in message


def test_a_name_may_be_any_printable_text() -> None:
    assert to_profile(minimal(name="Données clients — 2024 ✓")).name == "Données clients — 2024 ✓"


def test_a_very_long_name_is_refused() -> None:
    assert "name: is too long: at most 200 characters" in errors(minimal(name="x" * 201))


def test_a_number_as_name_asks_for_quotes() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profiles("name: 2024\nvolume: 1 TB\nstructure: mixed\nlatency: 1d\nusers: low\n")
    assert str(caught.value) == (
        "<text>:1:7: error: expected text, found 2024\n"
        "  hint: put the value in quotes to keep it as text"
    )


# --- derived facts ------------------------------------------------------------------------


def test_derived_facts_of_the_design_example() -> None:
    (profile,) = parse_profiles(FULL)
    d = profile.derived
    assert d.volume == 3 * TB
    assert d.growth_per_year == 2400 * GB
    assert d.volume_in_1y == pytest.approx(5.4 * TB)
    assert d.volume_in_3y == pytest.approx(10.2 * TB)
    assert d.daily_ingest == pytest.approx(2400 * GB / 365)
    assert d.freshness == 900
    assert (d.structured_share, d.semi_structured_share, d.unstructured_share) == (60, 30, 10)
    assert d.users_total == 43
    assert d.nontechnical_share == pytest.approx(100 * 40 / 43)
    assert d.sql_share == 0
    assert d.technical_share == pytest.approx(100 * 3 / 43)
    assert d.roles == {"business", "data_scientist"}
    assert d.skills == {"low", "high"}
    assert d.workloads == {"dashboards", "ml"}


def test_a_rate_compounds_over_the_years() -> None:
    d = to_profile(minimal(volume="10 TB", growth="40%/year")).derived
    assert d.growth_per_year == pytest.approx(4 * TB)
    assert d.volume_in_1y == pytest.approx(14 * TB)
    assert d.volume_in_3y == pytest.approx(10 * TB * 1.4**3)


def test_a_monthly_rate_compounds_monthly() -> None:
    d = to_profile(minimal(volume="1 TB", growth="10%/month")).derived
    assert d.volume_in_1y == pytest.approx(TB * 1.1**12)


def test_without_growth_the_volume_stays() -> None:
    d = to_profile(minimal(volume="800 GB")).derived
    assert (d.growth_per_year, d.daily_ingest) == (0, 0)
    assert d.volume_in_1y == d.volume_in_3y == 800 * GB


def test_shares_of_users_by_skill() -> None:
    users = [
        {"role": "business", "count": 8},
        {"role": "analyst", "count": 1},
        {"role": "engineer"},
    ]
    d = to_profile(minimal(users=users)).derived
    assert d.users_total == 10
    assert (d.nontechnical_share, d.sql_share, d.technical_share) == (80, 10, 10)


def test_derived_facts_are_computed_once() -> None:
    profile = to_profile(minimal())
    assert profile.derived is profile.derived


def test_a_copy_with_changes_derives_afresh() -> None:
    profile = to_profile(minimal(volume="1 TB"))
    assert profile.derived.volume == TB
    bigger = profile.model_copy(update={"volume": 5 * TB})
    assert bigger.derived.volume == 5 * TB
    assert profile.derived.volume == TB


def test_profiles_are_frozen() -> None:
    profile = to_profile(minimal())
    with pytest.raises(ValueError, match="frozen"):
        profile.volume = 1


@pytest.mark.parametrize(("value", "found"), [(None, "nothing"), (100, "100"), (["a"], "a list")])
def test_structure_that_is_neither_word_nor_shares(value: object, found: str) -> None:
    message = errors(minimal(structure=value))
    assert (
        "structure: expected one of: structured, semi_structured, unstructured, mixed, " in message
    )
    assert message.splitlines()[0].endswith(f"found {found}")


def test_an_empty_name_is_no_name() -> None:
    (profile,) = parse_profiles("name:\nvolume: 1 TB\nstructure: mixed\nlatency: 1d\nusers: low\n")
    assert profile.name is None
    assert to_profile(minimal(name=None)).name is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sources", True, "sources: expected a whole number, found true"),
        (
            "users",
            [{"role": "analyst", "count": False}],
            "count: expected a whole number, found false",
        ),
    ],
)
def test_true_and_false_are_not_counts(field: str, value: object, message: str) -> None:
    data = {"volume": "1 GB", "structure": "structured", "latency": "1d", "users": "low"}
    with pytest.raises(ProfileError) as caught:
        to_profile({**data, field: value})
    assert message in str(caught.value)


def test_workloads_written_as_one_comma_text_get_the_list_to_write() -> None:
    data = {"volume": "1 GB", "structure": "structured", "latency": "1d", "users": "low"}
    with pytest.raises(ProfileError) as caught:
        to_profile({**data, "workloads": "dashboards, reporting"})
    (problem,) = caught.value.diagnostics
    assert problem.message == "a list is needed here, found the text 'dashboards, reporting'"
    assert problem.hint == "write [dashboards, reporting]"


@pytest.mark.parametrize("char", ["\u2028", "\u200e", "\ue000", "\x1b"])
def test_a_name_refuses_what_the_prompt_refuses(char: str) -> None:
    # One policy (advisor.text) for files, prompts and the screen: a character refused at
    # the prompt is refused in a profile too.
    from advisor.questions.questionnaire import AnswerError, refuse_unsafe

    data = {"volume": "1 GB", "structure": "structured", "latency": "1d", "users": "low"}
    with pytest.raises(ProfileError, match="must not contain control characters"):
        to_profile({**data, "name": f"Acme{char}x"})
    with pytest.raises(AnswerError):
        refuse_unsafe(f"Acme{char}x")
