"""The facts rules may test: declared here, computed from a profile in one pass.

A rule names a fact and an operator; both must be declared here or the rule does not load.
Each fact has a kind that says which operators apply and how a rule's value is read (sizes
as ``1 TB``, durations as ``12h``, choices from a closed list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from advisor.profiles.shapes import BUDGETS, QUERIES, ROLES, SKILLS, TEAMS, WORKLOADS
from advisor.reasoning.operators import COMPARISONS, MEMBERSHIP, SET_OPERATORS

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile

Kind = Literal["size", "duration", "number", "share", "choice", "set"]
# The kinds whose values are numbers: compared by order, searched by scanning.
NUMERIC_KINDS: frozenset[str] = frozenset({"size", "duration", "number", "share"})

OPERATORS: dict[Kind, tuple[str, ...]] = {
    "size": COMPARISONS,
    "duration": COMPARISONS,
    "number": COMPARISONS,
    "share": COMPARISONS,
    # Ordering comparisons apply only to ordered choices (see ``Fact.operators``).
    "choice": (*MEMBERSHIP, "lt", "le", "gt", "ge"),
    "set": SET_OPERATORS,
}


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact rules may test.

    Attributes:
        name: What rules call it.
        kind: Decides the operators and how a rule's value is read.
        description: One line for ``advisor rules facts`` and error hints.
        choices: For ``choice`` and ``set`` facts, the values in their natural order.
        ordered: For a ``choice`` fact, whether ``choices`` is a scale (``budget: low <
            medium < high``), so that ``lt``/``ge`` compare positions; comparing an unordered
            choice (``query``) by position would mean nothing and is refused at load.
        lowest: The smallest value a profile can give the fact (``rules lint`` reasons with it).
        highest: The largest, when there is one.
        whole: Only whole numbers occur (counts), so ``> 1`` and ``< 2`` never both hold.
        never_empty: For a ``set`` fact, whether every profile has at least one member.
        at_least: Another fact this one is never below (the volume in a year is never below
            the volume held now, since growth is never negative).
        whole_of: For a share, the whole it is part of: the shares of one whole add up to 100.
    """

    name: str
    kind: Kind
    description: str
    choices: tuple[str, ...] = ()
    ordered: bool = False
    lowest: float = 0
    highest: float | None = None
    whole: bool = False
    never_empty: bool = False
    at_least: str | None = None
    whole_of: str | None = None

    @property
    def operators(self) -> tuple[str, ...]:
        """The operators a rule may apply to this fact."""
        if self.kind == "choice" and not self.ordered:
            return MEMBERSHIP
        return OPERATORS[self.kind]


FACTS: tuple[Fact, ...] = (
    Fact("volume", "size", "data held now"),
    Fact("growth_per_year", "size", "bytes added in the next year (from an amount or a rate)"),
    Fact("volume_in_1y", "size", "projected volume in one year", at_least="volume"),
    Fact("volume_in_3y", "size", "projected volume in three years", at_least="volume_in_1y"),
    Fact("daily_ingest", "size", "bytes arriving a day: the ingest field, else what growth adds"),
    Fact(
        "structured_share",
        "share",
        "percent of the volume that is structured (tables)",
        highest=100,
        whole_of="structure",
    ),
    Fact(
        "semi_structured_share",
        "share",
        "percent that is semi-structured (JSON, logs, events)",
        highest=100,
        whole_of="structure",
    ),
    Fact(
        "unstructured_share",
        "share",
        "percent that is unstructured (images, text, audio)",
        highest=100,
        whole_of="structure",
    ),
    Fact("freshness", "duration", "how old data may be when it is used"),
    Fact("query", "choice", "interactive (dashboards, seconds) or analytical (minutes)", QUERIES),
    Fact("users_total", "number", "number of people using the data", lowest=1, whole=True),
    Fact(
        "nontechnical_share",
        "share",
        "percent of users with low skill (no code)",
        highest=100,
        whole_of="users",
    ),
    Fact(
        "sql_share",
        "share",
        "percent of users with medium skill (SQL)",
        highest=100,
        whole_of="users",
    ),
    Fact(
        "technical_share",
        "share",
        "percent of users with high skill (Python/Spark)",
        highest=100,
        whole_of="users",
    ),
    Fact("roles", "set", "roles among the users", ROLES, never_empty=True),
    Fact("skills", "set", "skill levels among the users", SKILLS, never_empty=True),
    Fact(
        "sources", "number", "distinct systems or business units to combine", lowest=1, whole=True
    ),
    Fact("workloads", "set", "what the data is used for", WORKLOADS),
    Fact("budget", "choice", "budget: low, medium or high", BUDGETS, True),
    Fact("team", "choice", "data-engineering capacity: none, small or large", TEAMS, True),
)
FACT_INDEX: dict[str, int] = {fact.name: index for index, fact in enumerate(FACTS)}
FACTS_BY_NAME: dict[str, Fact] = {fact.name: fact for fact in FACTS}

FactValues = tuple[Any, ...]


def fact_values(profile: Profile) -> FactValues:
    """The value of every declared fact for ``profile``, in ``FACTS`` order.

    Sizes are bytes, durations seconds, shares percent; an ordered choice is its position in
    ``Fact.choices`` so that ``budget ge medium`` compares positions.
    """
    d = profile.derived
    # Keyed by name, then laid out in FACTS order: a fact declared without a value here fails
    # on the first evaluation instead of shifting every later fact by one place.
    by_name: dict[str, Any] = {
        "volume": d.volume,
        "growth_per_year": d.growth_per_year,
        "volume_in_1y": d.volume_in_1y,
        "volume_in_3y": d.volume_in_3y,
        "daily_ingest": d.daily_ingest,
        "structured_share": d.structured_share,
        "semi_structured_share": d.semi_structured_share,
        "unstructured_share": d.unstructured_share,
        "freshness": d.freshness,
        "query": profile.latency.query,
        "users_total": d.users_total,
        "nontechnical_share": d.nontechnical_share,
        "sql_share": d.sql_share,
        "technical_share": d.technical_share,
        "roles": d.roles,
        "skills": d.skills,
        "sources": profile.sources,
        "workloads": d.workloads,
        "budget": BUDGETS.index(profile.budget),
        "team": TEAMS.index(profile.team),
    }
    return tuple(by_name[fact.name] for fact in FACTS)
