"""Profile v1: the description of a workload that every recommendation starts from.

One model serves the YAML file, the questionnaire and the Python API, so a value accepted in one
is accepted in all, with the same message when it is not. Shorthand forms (``structure: mixed``,
``latency: 15m``, ``users: low``) are expanded here, once; everything the rules need that is not
written in the profile (bytes, seconds, shares of users, projected volume) is derived here, once,
in :attr:`Profile.derived`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from advisor.profiles.units import (
    DURATION_EXAMPLES,
    MAX_PERCENT_PER_YEAR,
    MAX_SIZE,
    parse_duration,
    parse_growth,
    parse_ingest,
    parse_size,
    shown,
)
from advisor.text import unsafe_character

Role = Literal["business", "analyst", "data_scientist", "engineer"]
Skill = Literal["low", "medium", "high"]
Workload = Literal[
    "transactional", "reporting", "dashboards", "ad_hoc", "ml", "realtime", "archive"
]
Budget = Literal["low", "medium", "high"]
Team = Literal["none", "small", "large"]
Query = Literal["interactive", "analytical"]
StructureWord = Literal["structured", "semi_structured", "unstructured", "mixed"]

ROLES: tuple[str, ...] = get_args(Role)
SKILLS: tuple[str, ...] = get_args(Skill)
WORKLOADS: tuple[str, ...] = get_args(Workload)
BUDGETS: tuple[str, ...] = get_args(Budget)
TEAMS: tuple[str, ...] = get_args(Team)
QUERIES: tuple[str, ...] = get_args(Query)
STRUCTURE_KINDS: tuple[str, ...] = ("structured", "semi_structured", "unstructured")

# Groups of users in one profile, at most. A group is a role at a skill level, so a handful is
# usual; an organisation that lists every team still fits. Every step that reads the groups
# (validation, the search, `ask`) is linear in their number, so the bound is on size, not time.
MAX_GROUPS = 1000
# The code of the error that a structure's shares do not sum to 100 (Diagnostic.code).
SHARES_SUM = "shares_sum"

DEFAULT_SKILL: dict[str, str] = {
    "business": "low",
    "analyst": "medium",
    "data_scientist": "high",
    "engineer": "high",
}
# `users: low` names a skill, not a role: read it as one group of the role that usually has it.
ROLE_FOR_SKILL: dict[str, str] = {"low": "business", "medium": "analyst", "high": "data_scientist"}
# `structure: mixed` means no kind dominates; it stands for this split.
MIXED_SHARES: dict[str, int] = {"structured": 34, "semi_structured": 33, "unstructured": 33}

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)

Bytes = Annotated[int, BeforeValidator(parse_size), Field(ge=0)]
BytesPerDay = Annotated[int, BeforeValidator(parse_ingest), Field(ge=0, le=MAX_SIZE)]
Seconds = Annotated[int | float, BeforeValidator(parse_duration)]
Share = Annotated[int | float, Field(ge=0, le=100, allow_inf_nan=False)]


# Characters that reorder or hide text on a terminal (bidirectional overrides and isolates).


def _plain_text(value: object) -> object:
    """Refuse text that could not be shown or stored safely (control characters)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
        assert isinstance(value, str)
        ch = unsafe_character(value)
        if ch is not None:
            raise PydanticCustomError(
                "control_character",
                "must not contain control characters (found U+{code})",
                {"code": f"{ord(ch):04X}", "hint": "keep the name to one line of plain text"},
            )
    return value


def _problem(kind: str, message: str, hint: str) -> PydanticCustomError:
    """A validation error with advice, shown as the message's hint."""
    return PydanticCustomError(kind, message, {"hint": hint})


def _not_bool(value: object) -> object:
    """``true`` is not a count: YAML's booleans would otherwise pass as 1."""
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, found {str(value).lower()}")
    return value


class Growth(BaseModel):
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

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dict | Growth):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                f"growth needs a period, found {shown(value)}; write for example "
                "'200 GB/month' or '40%/year'"
            )
        kind, amount = parse_growth(value)
        return {kind: round(amount) if kind == "bytes_per_year" else amount}

    @model_validator(mode="after")
    def _exactly_one(self) -> Growth:
        if (self.bytes_per_year is None) == (self.percent_per_year is None):
            raise ValueError("give growth as a size per period or as a rate, such as '40%/year'")
        return self

    def per_year(self, volume: float) -> float:
        """Bytes added in the first year from ``volume``."""
        if self.bytes_per_year is not None:
            return float(self.bytes_per_year)
        return volume * (self.percent_per_year or 0.0) / 100

    def project(self, volume: float, years: float) -> float:
        """Volume after ``years``: linear for an amount, compounding for a rate."""
        if self.bytes_per_year is not None:
            return volume + self.bytes_per_year * years
        return volume * math.pow(1 + (self.percent_per_year or 0.0) / 100, years)


class Structure(BaseModel):
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

    @model_validator(mode="before")
    @classmethod
    def _from_word(cls, value: Any) -> Any:
        if isinstance(value, dict | Structure):
            return value
        word = value.strip().lower().replace("-", "_") if isinstance(value, str) else None
        if word == "mixed":
            return dict(MIXED_SHARES)
        if word in STRUCTURE_KINDS:
            return {word: 100}
        words = [*STRUCTURE_KINDS, "mixed"]
        raise _problem(
            "structure_word",
            f"{shown(value)} is not one of: {', '.join(words)}"
            if isinstance(value, str)
            else f"expected one of: {', '.join(words)}, found {shown(value)}",
            _suggest(word, words)
            or "or give shares in percent, such as {structured: 60, semi_structured: 40}",
        )

    @model_validator(mode="after")
    def _sums_to_100(self) -> Structure:
        total = self.structured + self.semi_structured + self.unstructured
        if abs(total - 100) > 0.01:
            raise _problem(
                SHARES_SUM,
                f"shares must sum to 100, these sum to {total:g}",
                "each share is a percent of the volume: together they make 100",
            )
        return self


class Latency(BaseModel):
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

    @model_validator(mode="before")
    @classmethod
    def _from_duration(cls, value: Any) -> Any:
        if isinstance(value, dict | Latency):
            return value
        # Anything else is a bare freshness, and is refused (or read) as a duration.
        return {"freshness": value}


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
    count: Annotated[int, BeforeValidator(_not_bool)] = Field(
        default=1, ge=1, le=10_000_000, description="How many people are in the group. Default 1."
    )

    @model_validator(mode="before")
    @classmethod
    def _default_skill(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("skill") is None:
            # An unknown role is reported on its own; do not add a second "skill missing".
            return {**value, "skill": DEFAULT_SKILL.get(str(value.get("role")), "medium")}
        return value


def _users_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        skill = value.strip().lower()
        if skill in SKILLS:
            return [{"role": ROLE_FOR_SKILL[skill], "skill": skill}]
        raise _problem(
            "users_word",
            f"{shown(value)} is not one of: {', '.join(SKILLS)}",
            _suggest(skill, SKILLS) or "or list the groups, such as [{role: analyst, count: 5}]",
        )
    if isinstance(value, dict):
        raise _problem(
            "users_mapping",
            "expected a list of user groups, found a mapping",
            "start each group with a dash: `- role: analyst`",
        )
    return value


def _suggest(word: str | None, choices: tuple[str, ...] | list[str]) -> str | None:
    from advisor.profiles.validation import suggest  # only on the error path

    return suggest(word, choices)


def _workloads(value: Any) -> Any:
    if isinstance(value, str) and "," in value:
        listed = ", ".join(part.strip() for part in value.split(",") if part.strip())
        raise _problem(
            "workloads_text",
            f"a list is needed here, found the text {value!r}",
            f"write [{listed}]",
        )
    if isinstance(value, str):
        return [value]
    return value


def volume_facts(
    volume: int, growth: Growth | None, ingest: int | None
) -> tuple[float, float, float, float]:
    """Bytes added in a year, the volume in one and in three years, and the bytes a day.

    The one place these are computed: :attr:`Profile.derived` and the search for what would
    change the answer (which varies one field at a time without building a profile) both call it.
    """
    per_year = growth.per_year(volume) if growth else 0.0
    in_1y = growth.project(volume, 1) if growth else float(volume)
    in_3y = growth.project(volume, 3) if growth else float(volume)
    # Data arriving a day, kept or not; without it, what growth adds a day.
    daily = float(ingest) if ingest is not None else per_year / 365
    return per_year, in_1y, in_3y, daily


def user_facts(groups: Iterable[tuple[int, str]]) -> tuple[int, float, float, float]:
    """The number of users, and the percent of them of low, medium and high skill.

    Args:
        groups: Each group's ``(count, skill)``.
    """
    return user_shares(*users_by_skill(groups))


def users_by_skill(groups: Iterable[tuple[int, str]]) -> tuple[int, dict[str, int]]:
    """The number of users, and of users of each skill: the sums :func:`user_shares` divides.

    The search for what would change an answer moves one group at a time: it adjusts these sums
    instead of adding up every group again, which made a thousand groups cost a million
    additions a probe.
    """
    total = 0
    by_skill = dict.fromkeys(SKILLS, 0)
    for count, skill in groups:
        total += count
        by_skill[skill] += count
    return total, by_skill


def user_shares(total: int, by_skill: Mapping[str, int]) -> tuple[int, float, float, float]:
    """The number of users, and the percent of them of low, medium and high skill."""
    return (
        total,
        100 * by_skill["low"] / total,
        100 * by_skill["medium"] / total,
        100 * by_skill["high"] / total,
    )


@dataclass(frozen=True, slots=True)
class Derived:
    """Facts computed from a profile, once, for the rules and the renderers."""

    volume: int
    growth_per_year: float
    volume_in_1y: float
    volume_in_3y: float
    daily_ingest: float
    freshness: float
    structured_share: float
    semi_structured_share: float
    unstructured_share: float
    users_total: int
    nontechnical_share: float
    sql_share: float
    technical_share: float
    roles: frozenset[str]
    skills: frozenset[str]
    workloads: frozenset[str]


class Profile(BaseModel):
    """A workload profile (profile v1).

    Build one from a mapping with :func:`advisor.load_profile` or ``Profile.model_validate``;
    every field accepts the same forms as the YAML file.
    """

    model_config = _FROZEN

    # The bound sits on the text alone: on ``str | None`` pydantic applies it to None and crashes.
    name: Annotated[Annotated[str, Field(max_length=200)] | None, BeforeValidator(_plain_text)] = (
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
        BeforeValidator(_users_shorthand),
        Field(
            min_length=1,
            max_length=MAX_GROUPS,
            description="Required. Who uses the data: one entry per group, {role, count, "
            "skill}. Or one skill word for a single group: low (business), medium (analyst), "
            "high (data scientist).",
        ),
    ]
    sources: Annotated[int, BeforeValidator(_not_bool)] = Field(
        default=1,
        ge=1,
        le=100_000,
        description="How many distinct systems or business units the data combines. Default 1.",
    )
    workloads: Annotated[list[Workload], BeforeValidator(_workloads)] = Field(
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

    @field_validator("workloads", mode="after")
    @classmethod
    def _canonical_workloads(cls, value: list[str]) -> list[str]:
        # Order carries no meaning; a canonical order keeps output byte-identical.
        return sorted(set(value), key=WORKLOADS.index)

    @cached_property
    def derived(self) -> Derived:
        """Everything the rules use that the profile does not state outright."""
        per_year, in_1y, in_3y, daily = volume_facts(self.volume, self.growth, self.ingest)
        total, low, medium, high = user_facts((g.count, g.skill) for g in self.users)
        return Derived(
            volume=self.volume,
            growth_per_year=per_year,
            volume_in_1y=in_1y,
            volume_in_3y=in_3y,
            daily_ingest=daily,
            freshness=float(self.latency.freshness),
            structured_share=float(self.structure.structured),
            semi_structured_share=float(self.structure.semi_structured),
            unstructured_share=float(self.structure.unstructured),
            users_total=total,
            nontechnical_share=low,
            sql_share=medium,
            technical_share=high,
            roles=frozenset(group.role for group in self.users),
            skills=frozenset(group.skill for group in self.users),
            workloads=frozenset(self.workloads),
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
