"""The closed set of operators a rule's condition may use, and everything known about each.

One registry: the pack model validates ``op`` against :data:`Operator`, the compiler builds
its tests from :attr:`Op.test`, ``advisor rules lint`` reasons with :attr:`Op.negation` and
:attr:`Op.many`, and explanations read :attr:`Op.words`. An operator added here is added
everywhere; one missing from here exists nowhere.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args

Operator = Literal[
    "eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "has", "lacks", "has_any", "has_all",
    "has_none",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Op:
    """One operator.

    Attributes:
        name: What a rule writes after ``op:``.
        words: How an explanation reads it ("≥", "includes any of").
        test: ``test(actual, wanted)``; ``wanted`` is the rule's value, parsed (a frozenset
            for operators that take a list).
        negation: The operator that holds exactly when this one does not (``None`` when no
            single operator does: "not all of" is "any one missing").
        many: Takes a list of values rather than one.
        ordering: Compares by order (only for facts whose values are ordered).
    """

    name: str
    words: str
    test: Callable[[Any, Any], bool]
    negation: str | None
    many: bool = False
    ordering: bool = False


def _in(actual: Any, wanted: Any) -> bool:
    return actual in wanted


def _not_in(actual: Any, wanted: Any) -> bool:
    return actual not in wanted


def _has(actual: Any, wanted: Any) -> bool:
    return wanted in actual


def _lacks(actual: Any, wanted: Any) -> bool:
    return wanted not in actual


def _has_any(actual: Any, wanted: Any) -> bool:
    return not wanted.isdisjoint(actual)


def _has_all(actual: Any, wanted: Any) -> bool:
    return bool(wanted <= actual)


def _has_none(actual: Any, wanted: Any) -> bool:
    return bool(wanted.isdisjoint(actual))


OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op("eq", "is", operator.eq, "ne"),
        Op("ne", "is not", operator.ne, "eq"),
        Op("lt", "<", operator.lt, "ge", ordering=True),
        Op("le", "≤", operator.le, "gt", ordering=True),
        Op("gt", ">", operator.gt, "le", ordering=True),
        Op("ge", "≥", operator.ge, "lt", ordering=True),
        Op("in", "is one of", _in, "not_in", many=True),
        Op("not_in", "is none of", _not_in, "in", many=True),
        Op("has", "includes", _has, "lacks"),
        Op("lacks", "does not include", _lacks, "has"),
        Op("has_any", "includes any of", _has_any, "has_none", many=True),
        Op("has_all", "includes all of", _has_all, None, many=True),
        Op("has_none", "includes none of", _has_none, "has_any", many=True),
    )
}
ALL_OPERATORS: tuple[str, ...] = get_args(Operator)
# Which operators apply to which kind of fact (see ``facts.Fact.operators``).
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
MEMBERSHIP = ("eq", "ne", "in", "not_in")
SET_OPERATORS = ("has", "lacks", "has_any", "has_all", "has_none")
