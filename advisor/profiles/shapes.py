"""Profile v1 without pydantic: its words, the readings and checks of its fields, its facts.

The pydantic models of :mod:`advisor.profiles.profile` are the profile as the library and its
JSON Schema know it; they are built from what is here. Their validators are the functions here,
so that the validator pydantic builds from the models (kept between runs by
:mod:`advisor.profiles.modelcache`) can also build the plain records below: the command line's
fast path validates a profile into these without importing pydantic's model layer, which costs
more than the rest of a cold evaluation. Both share the methods of :class:`GrowthMethods` and
:class:`ProfileMethods`, so a fact is derived in one place whichever class holds the profile.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args

from pydantic_core import PydanticCustomError

from advisor.profiles.units import parse_growth, shown
from advisor.text import unsafe_character

if TYPE_CHECKING:
    from pydantic_core import SchemaSerializer

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
# The fields of a profile, in the order the model declares them (a test checks they agree).
PROFILE_FIELDS: tuple[str, ...] = (
    "name", "volume", "growth", "ingest", "structure", "latency", "users", "sources",
    "workloads", "budget", "team",
)  # fmt: skip

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


# -- the fields' readings and checks (the models' validators) --------------------------------


def plain_text(value: object) -> object:
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


def problem(kind: str, message: str, hint: str) -> PydanticCustomError:
    """A validation error with advice, shown as the message's hint."""
    return PydanticCustomError(kind, message, {"hint": hint})


def not_bool(value: object) -> object:
    """``true`` is not a count: YAML's booleans would otherwise pass as 1."""
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, found {str(value).lower()}")
    return value


def growth_from_text(value: Any) -> Any:
    """``200 GB/month`` or ``40%/year`` as the growth's fields; a mapping as it is."""
    if isinstance(value, dict | GrowthMethods):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f"growth needs a period, found {shown(value)}; write for example "
            "'200 GB/month' or '40%/year'"
        )
    kind, amount = parse_growth(value)
    return {kind: round(amount) if kind == "bytes_per_year" else amount}


def growth_exactly_one(growth: Any) -> Any:
    """A growth is an amount or a rate, never both, never neither."""
    if (growth.bytes_per_year is None) == (growth.percent_per_year is None):
        raise ValueError("give growth as a size per period or as a rate, such as '40%/year'")
    return growth


def structure_from_word(value: Any) -> Any:
    """``mixed`` or one kind as shares; shares as they are."""
    if isinstance(value, dict | StructureShape):
        return value
    word = value.strip().lower().replace("-", "_") if isinstance(value, str) else None
    if word == "mixed":
        return dict(MIXED_SHARES)
    if word in STRUCTURE_KINDS:
        return {word: 100}
    words = [*STRUCTURE_KINDS, "mixed"]
    raise problem(
        "structure_word",
        f"{shown(value)} is not one of: {', '.join(words)}"
        if isinstance(value, str)
        else f"expected one of: {', '.join(words)}, found {shown(value)}",
        _suggest(word, words)
        or "or give shares in percent, such as {structured: 60, semi_structured: 40}",
    )


def structure_sums_to_100(structure: Any) -> Any:
    """The three shares make the whole volume."""
    total = structure.structured + structure.semi_structured + structure.unstructured
    if abs(total - 100) > 0.01:
        raise problem(
            SHARES_SUM,
            f"shares must sum to 100, these sum to {total:g}",
            "each share is a percent of the volume: together they make 100",
        )
    return structure


def latency_from_duration(value: Any) -> Any:
    """A bare duration is the freshness; a mapping is as it is."""
    if isinstance(value, dict | LatencyShape):
        return value
    # Anything else is a bare freshness, and is refused (or read) as a duration.
    return {"freshness": value}


def default_skill(value: Any) -> Any:
    """A group without a skill has its role's usual one."""
    if isinstance(value, dict) and value.get("skill") is None:
        # An unknown role is reported on its own; do not add a second "skill missing".
        return {**value, "skill": DEFAULT_SKILL.get(str(value.get("role")), "medium")}
    return value


def users_shorthand(value: Any) -> Any:
    """``users: low`` as one group of the role that usually has that skill."""
    if isinstance(value, str):
        skill = value.strip().lower()
        if skill in SKILLS:
            return [{"role": ROLE_FOR_SKILL[skill], "skill": skill}]
        raise problem(
            "users_word",
            f"{shown(value)} is not one of: {', '.join(SKILLS)}",
            _suggest(skill, SKILLS) or "or list the groups, such as [{role: analyst, count: 5}]",
        )
    if isinstance(value, dict):
        raise problem(
            "users_mapping",
            "expected a list of user groups, found a mapping",
            "start each group with a dash: `- role: analyst`",
        )
    return value


def workloads_list(value: Any) -> Any:
    """One workload as a list of one; a comma-separated text is refused with the list to write."""
    if isinstance(value, str) and "," in value:
        listed = ", ".join(part.strip() for part in value.split(",") if part.strip())
        raise problem(
            "workloads_text",
            f"a list is needed here, found the text {value!r}",
            f"write [{listed}]",
        )
    if isinstance(value, str):
        return [value]
    return value


def canonical_workloads(value: list[str]) -> list[str]:
    """Workloads once each, in the order they are declared."""
    # Order carries no meaning; a canonical order keeps output byte-identical.
    return sorted(set(value), key=WORKLOADS.index)


def _suggest(word: str | None, choices: tuple[str, ...] | list[str]) -> str | None:
    from advisor.spelling import suggest  # only on the error path

    return suggest(word, choices)


# -- what a profile says beyond its fields -----------------------------------------------------


class GrowthMethods:
    """What a growth (the model or its record) says: bytes added a year, volume in some years."""

    __slots__ = ()

    if TYPE_CHECKING:
        bytes_per_year: int | None
        percent_per_year: float | None

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


class StructureShape:
    """A structure, the model or its record (what its reading passes through as it is)."""

    __slots__ = ()


class LatencyShape:
    """A latency, the model or its record (what its reading passes through as it is)."""

    __slots__ = ()


def volume_facts(
    volume: int, growth: GrowthMethods | None, ingest: int | None
) -> tuple[float, float, float, float]:
    """Bytes added in a year, the volume in one and in three years, and the bytes a day.

    The one place these are computed: :attr:`ProfileMethods.derived` and the search for what
    would change the answer (which varies one field at a time without building a profile) both
    call it.
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


class Derived(NamedTuple):
    """Facts computed from a profile, once, for the rules and the renderers.

    A named tuple: every evaluation of a new profile builds one, in a third of a frozen
    dataclass's time.
    """

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


class ProfileMethods:
    """What a profile (the model or its record) says beyond its fields."""

    __slots__ = ()

    if TYPE_CHECKING:
        volume: int
        growth: GrowthMethods | None
        ingest: int | None
        structure: Any
        latency: Any
        users: Sequence[Any]
        workloads: Sequence[str]

    @cached_property
    def derived(self) -> Derived:
        """Everything the rules use that the profile does not state outright."""
        per_year, in_1y, in_3y, daily = volume_facts(self.volume, self.growth, self.ingest)
        users = self.users
        total, low, medium, high = user_facts([(g.count, g.skill) for g in users])
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
            roles=frozenset([group.role for group in users]),
            skills=frozenset([group.skill for group in users]),
            workloads=frozenset(self.workloads),
        )


# -- plain records --------------------------------------------------------------------------


class Record:
    """A plain record, as pydantic-core's validator builds a model: its fields in ``__dict__``.

    The slots are those pydantic-core sets beside the fields; without them its bookkeeping
    would land among the fields.
    """

    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if k != "derived")
        return f"{type(self).__name__}({fields})"


class GrowthRecord(GrowthMethods, Record):
    """A validated growth, as the fast path holds it."""

    __slots__ = ()


class StructureRecord(StructureShape, Record):
    """A validated structure, as the fast path holds it."""

    __slots__ = ()


class LatencyRecord(LatencyShape, Record):
    """A validated latency, as the fast path holds it."""

    __slots__ = ()


class UserGroupRecord(Record):
    """A validated group of users, as the fast path holds it."""

    __slots__ = ()


class ProfileRecord(ProfileMethods, Record):
    """A validated profile, as the fast path holds it: read as the model is, built faster."""

    __slots__ = ()
    # Set with the validator (advisor.profiles.modelcache.record_validator): the model's
    # serializer, built over these records; named as the model names its own.
    __pydantic_serializer__: SchemaSerializer | None = None

    def to_data(self) -> dict[str, Any]:
        """The normalised profile as plain data, as :meth:`Profile.to_data` gives it."""
        serializer = type(self).__pydantic_serializer__
        assert serializer is not None, "a record is made by the validator that sets this"
        data: dict[str, Any] = serializer.to_python(self, mode="json", exclude_none=True)
        return data


def growth_record(**fields: Any) -> GrowthRecord:
    """A growth record from trusted values (the search varies a growth without validating it)."""
    record = GrowthRecord.__new__(GrowthRecord)
    record.__dict__.update({"bytes_per_year": None, "percent_per_year": None, **fields})
    return record


# The model each record stands for, by the model's name in the validators' schema.
RECORDS: dict[str, type[Record]] = {
    "Growth": GrowthRecord,
    "Structure": StructureRecord,
    "Latency": LatencyRecord,
    "UserGroup": UserGroupRecord,
    "Profile": ProfileRecord,
}
