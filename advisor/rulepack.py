"""Rule packs: the advisor's knowledge, as YAML data validated into frozen models.

A pack declares decisions and their options, the sources its rules cite, the rules, and tests.
Loading is strict: an unknown key, fact, operator, option or source is an error at its line.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, model_validator

from .facts import ALL_OPERATORS
from .units import parse_duration

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True, populate_by_name=False)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
RuleId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)+$", max_length=80)
]
Citation = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(:[A-Za-z0-9][A-Za-z0-9.§-]*)?$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Operator = Literal[
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in",
    "not_in",
    "has",
    "lacks",
    "has_any",
    "has_all",
    "has_none",
]
assert set(Operator.__args__) == set(ALL_OPERATORS)  # type: ignore[attr-defined]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class OptionSpec(BaseModel):
    """One option of a decision (``warehouse``, ``streaming``)."""

    model_config = _FROZEN

    title: Title
    summary: Text | None = None


class DecisionSpec(BaseModel):
    """A decision and its options; a later pack may add options to an existing decision."""

    model_config = _FROZEN

    title: Title | None = None
    options: dict[Id, OptionSpec] = Field(min_length=1)

    @classmethod
    def mapping_value_type(cls) -> Any:
        """Let "did you mean" hints look inside ``options``."""
        return None


class SourceSpec(BaseModel):
    """A source rules may cite: a book or a public guide (see anchors.md)."""

    model_config = _FROZEN

    title: Title
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    claims: Annotated[str, StringConstraints(pattern=r"^[A-Z]+\d+-[A-Z]+\d+$")] | None = None


class Condition(BaseModel):
    """A condition: ``all`` / ``any`` / ``not`` over tests ``{fact, op, value}``."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, populate_by_name=True)

    all: list[Condition] | None = Field(default=None, min_length=1)
    any: list[Condition] | None = Field(default=None, min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    fact: str | None = None
    op: Operator | None = None
    value: JsonValue = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [
            name
            for name, present in (
                ("all", self.all is not None),
                ("any", self.any is not None),
                ("not", self.not_ is not None),
                ("fact", self.fact is not None),
            )
            if present
        ]
        if len(forms) != 1:
            raise ValueError(
                "a condition is exactly one of: all: [...], any: [...], not: {...}, "
                "or {fact: ..., op: ..., value: ...}"
                + (f" (this one has {', '.join(forms)})" if forms else "")
            )
        if self.fact is not None and self.op is None:
            raise ValueError("a test needs an operator: op: eq|ne|lt|le|gt|ge|in|not_in|has|...")
        if self.fact is None and (self.op is not None or self.value is not None):
            raise ValueError("op and value belong with fact")
        return self


def _duration(value: Any) -> Any:
    return None if value is None else parse_duration(value)


class Effects(BaseModel):
    """What a rule does when its condition holds."""

    model_config = _FROZEN

    score: dict[Id, Annotated[int, Field(ge=-100, le=100)]] = Field(default_factory=dict)
    eliminate: list[Id] = Field(default_factory=list)
    require: list[Id] = Field(default_factory=list)
    complement: list[Id] = Field(default_factory=list)
    cadence: Annotated[int | float | None, Field(gt=0)] = None

    @model_validator(mode="before")
    @classmethod
    def _read_cadence(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("cadence") is not None:
            return {**value, "cadence": _duration(value["cadence"])}
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Effects:
        if not (self.score or self.eliminate or self.require or self.complement or self.cadence):
            raise ValueError(
                "a rule needs at least one effect: score, eliminate, require, complement or cadence"
            )
        if any(delta == 0 for delta in self.score.values()):
            raise ValueError("a score of 0 does nothing; remove it")
        return self


class Rule(BaseModel):
    """One piece of knowledge: when a condition holds, these effects, for this reason."""

    model_config = _FROZEN

    id: RuleId
    title: Title
    rationale: Text
    sources: list[Citation] = Field(min_length=1)
    when: Condition
    effects: Effects


class TestExpect(BaseModel):
    """What a rule-pack test expects of the recommendation."""

    model_config = _FROZEN

    storage: str | list[str] | None = None
    pipeline: str | list[str] | None = None
    includes: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    fires: list[RuleId] = Field(default_factory=list)
    not_fires: list[RuleId] = Field(default_factory=list)
    cadence_max: Annotated[int | float | None, Field(gt=0)] = None

    @model_validator(mode="before")
    @classmethod
    def _read_cadence(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("cadence_max") is not None:
            return {**value, "cadence_max": _duration(value["cadence_max"])}
        return value


class RuleTest(BaseModel):
    """A profile fragment (merged over a small default profile) and what it must produce."""

    model_config = _FROZEN

    name: Title
    profile: dict[str, JsonValue]
    expect: TestExpect


class RulePack(BaseModel):
    """A rule pack file."""

    model_config = _FROZEN

    pack: Id
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Title | None = None
    description: Text | None = None
    sources: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")], SourceSpec
    ] = Field(default_factory=dict)
    decisions: dict[Id, DecisionSpec] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    tests: list[RuleTest] = Field(default_factory=list)
