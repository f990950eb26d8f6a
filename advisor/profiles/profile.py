"""Profile v1: the description of a workload that every recommendation starts from.

One model serves the YAML file, the questionnaire and the Python API, so a value accepted in one
is accepted in all, with the same message when it is not. Shorthand forms (``structure: mixed``,
``latency: 15m``, ``users: low``) are expanded here, once; everything the rules need that is not
written in the profile (bytes, seconds, shares of users, projected volume) is derived here, once,
in :attr:`Profile.derived`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from advisor.profiles.shapes import (
    BUDGETS,
    DEFAULT_SKILL,
    MAX_GROUPS,
    MIXED_SHARES,
    QUERIES,
    ROLE_FOR_SKILL,
    ROLES,
    SHARES_SUM,
    SKILLS,
    STRUCTURE_KINDS,
    TEAMS,
    WORKLOADS,
    Budget,
    Derived,
    GrowthMethods,
    LatencyShape,
    ProfileMethods,
    Query,
    Role,
    Skill,
    StructureShape,
    StructureWord,
    Team,
    Workload,
    canonical_workloads,
    default_skill,
    growth_exactly_one,
    growth_from_text,
    latency_from_duration,
    not_bool,
    plain_text,
    structure_from_word,
    structure_sums_to_100,
    user_facts,
    user_shares,
    users_by_skill,
    users_shorthand,
    volume_facts,
    workloads_list,
)
from advisor.profiles.units import (
    DURATION_EXAMPLES,
    MAX_PERCENT_PER_YEAR,
    MAX_SIZE,
    parse_duration,
    parse_ingest,
    parse_size,
)

__all__ = [
    "BUDGETS",
    "DEFAULT_SKILL",
    "MAX_GROUPS",
    "MIXED_SHARES",
    "QUERIES",
    "ROLES",
    "ROLE_FOR_SKILL",
    "SHARES_SUM",
    "SKILLS",
    "STRUCTURE_KINDS",
    "TEAMS",
    "WORKLOADS",
    "Budget",
    "Derived",
    "Growth",
    "Latency",
    "Profile",
    "Query",
    "Role",
    "Skill",
    "Structure",
    "StructureWord",
    "Team",
    "UserGroup",
    "Workload",
    "user_facts",
    "user_shares",
    "users_by_skill",
    "volume_facts",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)

Bytes = Annotated[int, BeforeValidator(parse_size), Field(ge=0)]
BytesPerDay = Annotated[int, BeforeValidator(parse_ingest), Field(ge=0, le=MAX_SIZE)]
Seconds = Annotated[int | float, BeforeValidator(parse_duration)]
Share = Annotated[int | float, Field(ge=0, le=100, allow_inf_nan=False)]


class Growth(GrowthMethods, BaseModel):
    """How fast the data grows: an absolute amount per year, or a rate per year."""

    model_config = _FROZEN

    bytes_per_year: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SIZE,
        description="Bytes added per 365-day year (the normalised form of a size).",
    )
    percent_per_year: float | None = Field(
        default=None,
        ge=0,
        le=MAX_PERCENT_PER_YEAR,
        allow_inf_nan=False,
        description="Percent added per year (the normalised form of a rate).",
    )

    _from_text = model_validator(mode="before")(growth_from_text)
    _exactly_one = model_validator(mode="after")(growth_exactly_one)


class Structure(StructureShape, BaseModel):
    """Share of the volume by kind, in percent, summing to 100."""

    model_config = _FROZEN

    structured: Share = Field(
        default=0, description="Percent of the volume in tables: rows and columns. Default 0."
    )
    semi_structured: Share = Field(
        default=0, description="Percent in JSON, logs and events. Default 0."
    )
    unstructured: Share = Field(
        default=0, description="Percent in images, documents, audio and free text. Default 0."
    )

    _from_word = model_validator(mode="before")(structure_from_word)
    _sums_to_100 = model_validator(mode="after")(structure_sums_to_100)


class Latency(LatencyShape, BaseModel):
    """How fresh the data must be when used, and how fast queries must answer."""

    model_config = _FROZEN

    freshness: Seconds = Field(
        description=f"Required. How old data may be when it is used: {DURATION_EXAMPLES}, or "
        "seconds."
    )
    query: Query = Field(
        default="analytical",
        description="How fast queries must answer: interactive (people wait, as on a "
        "dashboard: seconds) or analytical (minutes are fine). Default analytical.",
    )

    _from_duration = model_validator(mode="before")(latency_from_duration)


class UserGroup(BaseModel):
    """One group of people who use the data."""

    model_config = _FROZEN

    role: Role = Field(
        description="Required. Who they are: business, analyst, data_scientist or engineer."
    )
    skill: Skill = Field(
        description="What they can do: low (no code), medium (SQL), high (Python, Spark). "
        "Default by role: business low, analyst medium, data_scientist and engineer high."
    )
    count: Annotated[int, BeforeValidator(not_bool)] = Field(
        default=1, ge=1, le=10_000_000, description="How many people are in the group. Default 1."
    )

    _default_skill = model_validator(mode="before")(default_skill)


class Profile(ProfileMethods, BaseModel):
    """A workload profile (profile v1).

    Build one from a mapping with :func:`advisor.load_profile` or ``Profile.model_validate``;
    every field accepts the same forms as the YAML file.
    """

    model_config = _FROZEN

    # The bound sits on the text alone: on ``str | None`` pydantic applies it to None and crashes.
    name: Annotated[Annotated[str, Field(max_length=200)] | None, BeforeValidator(plain_text)] = (
        Field(
            default=None,
            description="Free text shown in the report (at most 200 characters). Optional.",
        )
    )
    volume: Bytes = Field(
        description="Required. How much data is held now: '800 GB', '3TB', '2.5 PiB' (decimal "
        "kB..EB or binary KiB..EiB units), or a whole number of bytes."
    )
    growth: Growth | None = Field(
        default=None,
        description="How fast the data grows: a size per hour, day, week, month or year "
        "('200 GB/month', '5 TB/year') or a rate ('40%/year'). Optional; leave it out for no "
        "growth.",
    )
    ingest: BytesPerDay | None = Field(
        default=None,
        description="How much data arrives a day, whether or not it is kept: a size per day, "
        "week, month or year ('2 TB/day'), or whole bytes a day. Optional; without it, growth "
        "stands in.",
    )
    structure: Structure = Field(
        description="Required. Share of the volume by kind, in percent, summing to 100; kinds "
        "left out count 0. Or one word: structured, semi_structured, unstructured, mixed."
    )
    latency: Latency = Field(
        description="Required. How fresh the data must be, and how fast queries must answer. "
        f"A bare duration means the freshness: {DURATION_EXAMPLES}."
    )
    users: Annotated[
        list[UserGroup],
        BeforeValidator(users_shorthand),
        Field(
            min_length=1,
            max_length=MAX_GROUPS,
            description="Required. Who uses the data: one entry per group, {role, count, "
            "skill}. Or one skill word for a single group: low (business), medium (analyst), "
            "high (data scientist).",
        ),
    ]
    sources: Annotated[int, BeforeValidator(not_bool)] = Field(
        default=1,
        ge=1,
        le=100_000,
        description="How many distinct systems or business units the data combines. Default 1.",
    )
    workloads: Annotated[
        list[Workload], BeforeValidator(workloads_list), AfterValidator(canonical_workloads)
    ] = Field(
        default_factory=list,
        max_length=len(WORKLOADS) * 3,
        description="What the data is for, any of: transactional (an application's own reads "
        "and writes), reporting, dashboards, ad_hoc (one-off analysis), ml (machine learning), "
        "realtime (automated decisions or alerts on live events), archive (history kept for "
        "possible later use). Default: none.",
    )
    budget: Budget = Field(
        default="medium",
        description="Money for storage and compute: low, medium or high. Default medium.",
    )
    team: Team = Field(
        default="small",
        description="Data-engineering capacity: none (nobody builds pipelines), small (one or "
        "two data engineers) or large (a data platform team). Default small.",
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update`` its derived facts are computed afresh, never copied stale.

        ``update`` values are taken as they are, unchecked (pydantic's rule); to change a field
        from user input, validate ``{**profile.to_data(), field: value}`` instead.
        """
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("derived", None)
        return copy

    def to_data(self) -> dict[str, Any]:
        """The normalised profile as plain data (bytes, seconds, shares), as in the JSON output."""
        return self.model_dump(mode="json", exclude_none=True)
