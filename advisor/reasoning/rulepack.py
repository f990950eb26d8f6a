"""Rule packs: the advisor's knowledge, as YAML data validated into frozen models.

A pack declares decisions and their options, the sources its rules cite, the rules, and tests.
Loading is strict: an unknown key, fact, operator, option or source is an error at its line.

Text from a pack is only ever compared and stored: identifiers are checked character by
character here (no pattern is built from, or run over, a rule file's text in this module), and
nothing a pack says is evaluated, looked up as an attribute or rendered as a template.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

from advisor.profiles.units import parse_duration
from advisor.reasoning.citation import claim_range, split_claim
from advisor.reasoning.operators import Operator
from advisor.text import unsafe_character

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)

_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _word(text: str, first: frozenset[str], rest: frozenset[str]) -> bool:
    return bool(text) and text[0] in first and all(ch in rest for ch in text[1:])


def _id(value: str) -> str:
    if len(value) > 40 or not _word(value, _LOWER, _LOWER | _DIGITS | {"_"}):
        raise ValueError(
            f"an id is a lowercase word of letters, digits and _, such as 'micro_batch'; "
            f"found {value!r}"
        )
    return value


def _rule_id(value: str) -> str:
    head, _, tail = value.partition(".")
    parts = tail.split(".") if tail else []
    tail_chars = _LOWER | _DIGITS | {"_", "-"}
    if (
        len(value) > 80
        or not parts
        or not _word(head, _LOWER, _LOWER | _DIGITS | {"_"})
        or not all(_word(part, _LOWER | _DIGITS, tail_chars) for part in parts)
    ):
        raise ValueError(
            "a rule id is a decision and a name joined by a dot, in lowercase with - or _, "
            f"such as 'storage.size-small'; found {value!r}"
        )
    return value


def _source_name(value: str) -> str:
    if len(value) > 60 or not _word(value, _LOWER | _DIGITS, _LOWER | _DIGITS | {"-"}):
        raise ValueError(
            f"a source name is lowercase words joined by -, such as 'bratsis-2023'; found {value!r}"
        )
    return value


def _code(value: str) -> str:
    if len(value) > 60 or not _word(value, _LOWER, _LOWER | _DIGITS | {"-"}):
        raise ValueError(
            "a warning code is lowercase words joined by -, such as "
            f"'realtime-but-slow-freshness'; found {value!r}"
        )
    return value


def _criterion(value: str) -> str:
    if len(value) > 40 or not _word(value, _LOWER, _LOWER | _DIGITS | {"-", "_"}):
        raise ValueError(
            f"a criterion is a lowercase word, with - or _, such as 'size' or 'live-dashboards'; "
            f"found {value!r}"
        )
    return value


def _citation(value: str) -> str:
    name, colon, claim = value.partition(":")
    claim_chars = _LOWER | _UPPER | _DIGITS
    if (
        len(value) > 80
        or not _word(name, _LOWER | _DIGITS, _LOWER | _DIGITS | {"-"})
        or (colon and not _word(claim, claim_chars, claim_chars | {".", "-", "§"}))
    ):
        raise ValueError(
            "a citation is a source's short name, optionally with a claim, such as "
            f"'bratsis-2023:D4' or 'azure-big-data'; found {value!r}"
        )
    return value


def _claims(value: str) -> str:
    if claim_range(value) is None:
        raise ValueError(
            f"claims are a range such as 'D1-D26', or one claim such as 'A1'; found {value!r}"
        )
    return value


def _version(value: str) -> str:
    parts = value.split(".")
    if len(parts) != 3 or not all(part and all(ch in _DIGITS for ch in part) for part in parts):
        raise ValueError(f"a version is three numbers, such as '1.0.0'; found {value!r}")
    return value


def _url(value: str) -> str:
    if not value.startswith("https://") or len(value) == 8 or any(ch.isspace() for ch in value):
        raise ValueError(f"a source url starts with https:// and has no spaces; found {value!r}")
    return value


def _duration(value: Any) -> Any:
    return None if value is None else parse_duration(value)


Id = Annotated[str, AfterValidator(_id)]
RuleId = Annotated[str, AfterValidator(_rule_id)]
SourceName = Annotated[str, AfterValidator(_source_name)]
Citation = Annotated[str, AfterValidator(_citation)]


def _safe_text(value: str) -> str:
    """Pack text follows the profile's rule: nothing a terminal or a reader would act on."""
    char = unsafe_character(value)
    if char is not None:
        raise ValueError(
            f"must not contain control, format or bidirectional characters (found "
            f"U+{ord(char):04X})"
        )
    return value


# Every piece of text a pack shows: titles, rationales, what a source said, its address.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_safe_text),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    AfterValidator(_safe_text),
]
Duration = Annotated[float, BeforeValidator(_duration), Field(gt=0)]
Delta = Annotated[StrictInt, Field(ge=-1000, le=1000)]


class OptionSpec(BaseModel):
    """One option of a decision (``warehouse``, ``streaming``).

    Pipeline options may say how they run: ``continuous: true`` (a stream; no batch cadence)
    or ``cadence_max: 15m`` (the longest interval between runs, for micro-batches). An option
    may ``cover`` others of its decision (a lakehouse is a lake underneath): a covered option is
    never listed as a complement of the option that covers it.
    """

    model_config = _FROZEN

    title: Title
    summary: Text | None = None
    continuous: StrictBool = False
    cadence_max: Duration | None = None
    moves: StrictBool = Field(
        default=True,
        description="false for the pipeline answer 'nothing needs to move': it has no cadence",
    )
    covers: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way_of_running(self) -> OptionSpec:
        ways = [self.continuous, self.cadence_max is not None, not self.moves]
        if sum(ways) > 1:
            raise ValueError(
                "an option runs continuously, has a cadence_max, or moves nothing: one of these"
            )
        return self


class TieBreak(BaseModel):
    """Which option a decision prefers when two are tied at the top, and why.

    Options not listed come after the listed ones, by id: a tie is never settled by the order
    options happen to be declared in.
    """

    model_config = _FROZEN

    prefer: list[Id] = Field(min_length=2)
    because: Text

    @model_validator(mode="after")
    def _each_once(self) -> TieBreak:
        twice = sorted({option for option in self.prefer if self.prefer.count(option) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)}: listed more than once in prefer")
        return self


class DecisionSpec(BaseModel):
    """A decision and its options; a later pack may add options to an existing decision."""

    model_config = _FROZEN

    title: Title | None = None
    options: dict[Id, OptionSpec] = Field(min_length=1)
    tie_break: TieBreak | None = None


class SourceSpec(BaseModel):
    """A source rules may cite: a book or a public guide (see anchors.md)."""

    model_config = _FROZEN

    title: Title
    url: Annotated[str, AfterValidator(_url), AfterValidator(_safe_text)] | None = None
    claims: Annotated[str, AfterValidator(_claims)] | None = None
    said: dict[str, Text] = Field(
        default_factory=dict,
        description="what each claim says, in the pack's own words, for `advisor rules show`",
    )

    @model_validator(mode="after")
    def _said_within_claims(self) -> SourceSpec:
        if not self.said:
            return self
        bounds = claim_range(self.claims) if self.claims else None
        if bounds is None:
            raise ValueError("`said` needs `claims`, the range of claims it describes")
        prefix, low, high = bounds
        for claim in self.said:
            parsed = split_claim(claim)
            if parsed is None or parsed[0] != prefix or not low <= parsed[1] <= high:
                raise ValueError(f"{claim!r} is not one of the claims {self.claims}")
        return self


class Condition(BaseModel):
    """A condition: ``all`` / ``any`` / ``not`` over tests ``{fact, op, value}``."""

    model_config = _FROZEN

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


class Effects(BaseModel):
    """What a rule does when its condition holds."""

    model_config = _FROZEN

    score: dict[Id, Delta] = Field(default_factory=dict)
    eliminate: list[Id] = Field(default_factory=list)
    require: list[Id] = Field(default_factory=list)
    complement: list[Id] = Field(default_factory=list)
    cadence: Duration | None = None
    warn: Annotated[str, AfterValidator(_code)] | None = Field(
        default=None,
        description="a warning's stable code, such as 'realtime-but-slow-freshness'; the "
        "rule's title and rationale are its message",
    )

    @model_validator(mode="after")
    def _meaningful(self) -> Effects:
        if not (
            self.score
            or self.eliminate
            or self.require
            or self.complement
            or self.cadence
            or self.warn
        ):
            raise ValueError(
                "a rule needs at least one effect: score, eliminate, require, complement, "
                "cadence or warn"
            )
        if any(delta == 0 for delta in self.score.values()):
            raise ValueError("a score of 0 does nothing; remove it")
        both = sorted(set(self.eliminate) & {*self.require, *self.complement})
        if both:
            raise ValueError(
                f"{', '.join(both)}: a rule cannot eliminate an option and also require or "
                "add it as a complement"
            )
        return self


class Rule(BaseModel):
    """One piece of knowledge: when a condition holds, these effects, for this reason."""

    model_config = _FROZEN

    id: RuleId
    title: Title
    criterion: Annotated[str, AfterValidator(_criterion)] | None = Field(
        default=None,
        description="the one thing the rule judges (size, structure, audience...): for one "
        "profile at most one rule of a criterion changes a given option's score",
    )
    rationale: Text
    sources: list[Citation] = Field(min_length=1)
    when: Condition
    effects: Effects


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class TestExpect(BaseModel):
    """What a rule-pack test expects of the recommendation.

    ``storage`` / ``pipeline``: acceptable primaries (one id or a list); ``includes`` /
    ``excludes``: options that must / must not be among primaries and complements; ``fires`` /
    ``not_fires``: rule ids; ``cadence_max``: the longest acceptable batch cadence; ``warns``:
    warning codes that must be raised.
    """

    model_config = _FROZEN

    storage: Annotated[list[Id], BeforeValidator(_listed), Field(min_length=1)] | None = None
    pipeline: Annotated[list[Id], BeforeValidator(_listed), Field(min_length=1)] | None = None
    includes: list[Id] = Field(default_factory=list)
    excludes: list[Id] = Field(default_factory=list)
    fires: list[RuleId] = Field(default_factory=list)
    not_fires: list[RuleId] = Field(default_factory=list)
    cadence_max: Duration | None = None
    warns: list[Annotated[str, AfterValidator(_code)]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _expects_something(self) -> TestExpect:
        if not (
            self.storage
            or self.pipeline
            or self.includes
            or self.excludes
            or self.fires
            or self.not_fires
            or self.cadence_max
            or self.warns
        ):
            raise ValueError(
                "a test expects something: storage, pipeline, includes, excludes, fires, "
                "not_fires, cadence_max or warns"
            )
        both = sorted(set(self.fires) & set(self.not_fires))
        if both:
            raise ValueError(f"{', '.join(both)}: listed under both fires and not_fires")
        return self


class RuleTest(BaseModel):
    """A profile fragment (merged over a small default profile) and what it must produce."""

    model_config = _FROZEN

    name: Title
    profile: dict[str, JsonValue] = Field(default_factory=dict)
    expect: TestExpect


class RulePack(BaseModel):
    """A rule pack file."""

    model_config = _FROZEN

    pack: Id
    version: Annotated[str, AfterValidator(_version)]
    title: Title | None = None
    description: Text | None = None
    sources: dict[SourceName, SourceSpec] = Field(default_factory=dict)
    decisions: dict[Id, DecisionSpec] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    tests: list[RuleTest] = Field(default_factory=list)
