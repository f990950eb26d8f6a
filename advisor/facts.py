"""The facts rules may test: declared here, computed from a profile in one pass.

A rule names a fact and an operator; both must be declared here or the rule does not load.
Each fact has a kind that says which operators apply and how a rule's value is read (sizes
as ``1 TB``, durations as ``12h``, choices from a closed list).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .profile import BUDGETS, QUERIES, ROLES, SKILLS, TEAMS, WORKLOADS, Profile

Kind = Literal["size", "duration", "number", "share", "choice", "set"]

COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
OPERATORS: dict[Kind, tuple[str, ...]] = {
    "size": COMPARISONS,
    "duration": COMPARISONS,
    "number": COMPARISONS,
    "share": COMPARISONS,
    "choice": ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"),
    "set": ("has", "lacks", "has_any", "has_all", "has_none"),
}
ALL_OPERATORS: tuple[str, ...] = (
    *COMPARISONS,
    "in",
    "not_in",
    "has",
    "lacks",
    "has_any",
    "has_all",
    "has_none",
)


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact rules may test.

    Attributes:
        name: What rules call it.
        kind: Decides the operators and how a rule's value is read.
        description: One line for ``advisor rules facts`` and error hints.
        choices: For ``choice`` and ``set`` facts, the values in their natural order
            (``lt``/``ge`` on a choice compare positions in this order).
    """

    name: str
    kind: Kind
    description: str
    choices: tuple[str, ...] = ()
    ordered: bool = False


FACTS: tuple[Fact, ...] = (
    Fact("volume", "size", "data held now"),
    Fact("growth_per_year", "size", "bytes added in the next year (from an amount or a rate)"),
    Fact("volume_in_1y", "size", "projected volume in one year"),
    Fact("volume_in_3y", "size", "projected volume in three years"),
    Fact("daily_ingest", "size", "average bytes added per day"),
    Fact("structured_share", "share", "percent of the volume that is structured (tables)"),
    Fact("semi_structured_share", "share", "percent that is semi-structured (JSON, logs, events)"),
    Fact("unstructured_share", "share", "percent that is unstructured (images, text, audio)"),
    Fact("freshness", "duration", "how old data may be when it is used"),
    Fact("query", "choice", "interactive (dashboards, seconds) or analytical (minutes)", QUERIES),
    Fact("users_total", "number", "number of people using the data"),
    Fact("nontechnical_share", "share", "percent of users with low skill (no code)"),
    Fact("sql_share", "share", "percent of users with medium skill (SQL)"),
    Fact("technical_share", "share", "percent of users with high skill (Python/Spark)"),
    Fact("roles", "set", "roles among the users", ROLES),
    Fact("skills", "set", "skill levels among the users", SKILLS, True),
    Fact("sources", "number", "distinct systems or business units to combine"),
    Fact("workloads", "set", "what the data is used for", WORKLOADS),
    Fact("budget", "choice", "budget: low, medium or high", BUDGETS, True),
    Fact("team", "choice", "data-engineering capacity: none, small or large", TEAMS, True),
)
FACT_INDEX: dict[str, int] = {fact.name: index for index, fact in enumerate(FACTS)}
FACTS_BY_NAME: dict[str, Fact] = {fact.name: fact for fact in FACTS}

FactValues = tuple[Any, ...]


def fact_values(profile: Profile) -> FactValues:
    """The value of every declared fact for ``profile``, in ``FACTS`` order."""
    d = profile.derived
    return (
        d.volume,
        d.growth_per_year,
        d.volume_in_1y,
        d.volume_in_3y,
        d.daily_ingest,
        d.structured_share,
        d.semi_structured_share,
        d.unstructured_share,
        d.freshness,
        profile.latency.query,
        d.users_total,
        d.nontechnical_share,
        d.sql_share,
        d.technical_share,
        d.roles,
        d.skills,
        profile.sources,
        d.workloads,
        BUDGETS.index(profile.budget),
        TEAMS.index(profile.team),
    )


def ordinal(fact: Fact) -> Callable[[str], int] | None:
    """For an ordered choice fact, the function from a choice to its position."""
    return fact.choices.index if fact.ordered and fact.kind == "choice" else None
