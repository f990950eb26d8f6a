"""Recommendation v1 without pydantic: what the engine builds its results from.

The results are the pydantic models of :mod:`advisor.reasoning.recommendation` for the library,
which documents them and returns them typed. The command line's fast path builds the same
results as the plain records here, which need no part of pydantic's model layer (importing it
costs more than the rest of a cold evaluation); a rule set says which classes its results are
made of (:class:`OutputTypes`). Models and records share their methods (the JSON, above all),
defined once here, and tests check that both give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from advisor.profiles.shapes import Record
from advisor.reasoning.wire import Role, recommendation_data, recommendation_json

__all__ = [
    "RECORDS",
    "SCHEMA_VERSION",
    "DecisionMethods",
    "Level",
    "OutputTypes",
    "RecommendationMethods",
    "Role",
    "assemble",
    "updated",
]

if TYPE_CHECKING:
    from advisor.reasoning import recommendation as models
    from advisor.reasoning.recommendation import (
        Decision,
        Outlook,
        Ranked,
    )

T = TypeVar("T")
Level = Literal["high", "medium", "low"]
SCHEMA_VERSION: Literal[1] = 1


_setattr = object.__setattr__


def assemble(model: type[T], **fields: Any) -> T:
    """Build a result (a model or a record) from values the engine already knows are valid.

    ``model_construct`` does the same but also fills defaults and checks aliases, which costs
    more than the rest of an evaluation; the engine gives every field, so this sets the same
    four attributes pydantic's own constructors set. Tests check the result equals a validated
    model.
    """
    obj = model.__new__(model)
    _setattr(obj, "__dict__", fields)
    _setattr(obj, "__pydantic_fields_set__", set(fields))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


def updated(obj: T, **changes: Any) -> T:
    """``obj`` (a result) with some fields changed, as ``model_copy(update=...)``.

    The same object, without the cost of pydantic's copy: the engine's what-if search and
    traces change thousands of reasons of a large rule pack.
    """
    return assemble(type(obj), **{**obj.__dict__, **changes})


class DecisionMethods:
    """What a decision (the model or its record) answers beyond its fields."""

    __slots__ = ()

    if TYPE_CHECKING:
        ranking: tuple[Ranked, ...]

    def ranked(self, option: str) -> Ranked:
        """The ranking entry of ``option``.

        Raises:
            KeyError: No such option in this decision.
        """
        for entry in self.ranking:
            if entry.option == option:
                return entry
        raise KeyError(option)


class RecommendationMethods:
    """What a recommendation (the model or its record) gives: its JSON data and text."""

    __slots__ = ()

    if TYPE_CHECKING:
        schema_version: Literal[1]
        profile: Any
        storage: Decision
        pipeline: Decision
        confidence: Any
        what_would_change: tuple[Any, ...]
        warnings: tuple[Any, ...]
        outlook: Outlook | None
        rules: Any

    def to_data(self) -> dict[str, Any]:
        """Plain data in the documented key order, for JSON and other renderers."""
        return recommendation_data(self)  # type: ignore[arg-type]

    def to_json(self) -> str:
        """The JSON document ``--format json`` prints: byte-identical for the same inputs."""
        return recommendation_json(self)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class OutputTypes:
    """The classes a rule set's results are made of: the pydantic models, or plain records.

    Typed as the models: a record holds the same fields and is read the same way.
    """

    Reason: type[models.Reason]
    NearMiss: type[models.NearMiss]
    Ranked: type[models.Ranked]
    Tie: type[models.Tie]
    Decision: type[models.Decision]
    Confidence: type[models.Confidence]
    Change: type[models.Change]
    OutlookPoint: type[models.OutlookPoint]
    OutlookChange: type[models.OutlookChange]
    Outlook: type[models.Outlook]
    ProfileWarning: type[models.ProfileWarning]
    PackInfo: type[models.PackInfo]
    SourceInfo: type[models.SourceInfo]
    RulesUsed: type[models.RulesUsed]
    Recommendation: type[models.Recommendation]


def _record(name: str, *bases: type) -> Any:  # a record stands for the model of its name
    doc = f"A {name} of the fast path: the model's fields, read as the model's are."
    return type(name + "Record", (*bases, Record), {"__slots__": (), "__doc__": doc})


# The methods a record shares with its model, beyond its fields.
_METHODS: dict[str, tuple[type, ...]] = {
    "Decision": (DecisionMethods,),
    "Recommendation": (RecommendationMethods,),
}
# The plain records, each standing for the model of the same name.
RECORDS = OutputTypes(
    **{
        field.name: _record(field.name, *_METHODS.get(field.name, ()))
        for field in fields(OutputTypes)
    }
)
