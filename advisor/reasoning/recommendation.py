"""Recommendation v1: what ``evaluate`` returns and ``--format json`` prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.profiles.profile import Profile
from advisor.reasoning.records import (
    SCHEMA_VERSION,
    DecisionMethods,
    Level,
    OutputTypes,
    RecommendationMethods,
    Role,
    assemble,
    updated,
)

__all__ = [
    "MODELS",
    "SCHEMA_VERSION",
    "Change",
    "Confidence",
    "Decision",
    "Level",
    "NearMiss",
    "Outlook",
    "OutlookChange",
    "OutlookPoint",
    "PackInfo",
    "ProfileWarning",
    "Ranked",
    "Reason",
    "Recommendation",
    "Role",
    "RulesUsed",
    "SourceInfo",
    "Tie",
    "assemble",
    "updated",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Reason(BaseModel):
    """One rule's effect on one option, and why."""

    model_config = _FROZEN

    rule: str
    title: str
    effect: str = Field(description="'+12' / '-8', 'eliminated', 'required' or 'complement'")
    because: str
    sources: tuple[str, ...]
    when: str | None = Field(
        default=None,
        description="with the what-if search: the condition, with the profile's values",
    )


class NearMiss(BaseModel):
    """A rule that would have raised an option, but for one failed test."""

    model_config = _FROZEN

    rule: str
    title: str
    failed: str = Field(description="the test that did not hold, with the profile's value")


class Ranked(BaseModel):
    """One option's place in a decision."""

    model_config = _FROZEN

    option: str
    title: str
    score: int = Field(ge=0, le=100, description="the sum, shown on 0..100")
    sum: int = Field(
        default=50,
        description="50 plus the score changes of the rules that count: what ranks the options, "
        "decides ties and sets the confidence",
    )
    eliminated: bool = Field(
        description="ruled out as the primary by a hard constraint; a complement can be "
        "eliminated as the primary and still be needed alongside it (see role)"
    )
    role: Role = Field(
        default="candidate",
        description="primary: the answer; alongside: needed beside the primary (one of the "
        "decision's complements); candidate: an option that lost; eliminated: ruled out",
    )
    reasons: tuple[Reason, ...]
    near_misses: tuple[NearMiss, ...] = ()


class Tie(BaseModel):
    """Two or more options tied at the top, and how the tie was settled."""

    model_config = _FROZEN

    options: tuple[str, ...] = Field(description="the tied options, the chosen one first")
    because: str = Field(description="the preference the rule pack declares for ties")


class Decision(DecisionMethods, BaseModel):
    """The answer to one decision (storage or pipeline)."""

    model_config = _FROZEN

    primary: str
    complements: tuple[str, ...]
    ranking: tuple[Ranked, ...]
    cadence: str | None = Field(
        default=None,
        description="pipeline only: how often a batch runs, 'continuous', or none when "
        "nothing needs to move",
    )
    complement_cadences: dict[str, str] = Field(
        default_factory=dict,
        description="pipeline only: the cadence of each complement that runs on a schedule",
    )
    tie: Tie | None = Field(default=None, description="set when the top options tied")


class Confidence(BaseModel):
    """How clearly each primary beat the runner-up."""

    model_config = _FROZEN

    storage: Level
    pipeline: Level


class Change(BaseModel):
    """A small change to the profile that would flip a primary."""

    model_config = _FROZEN

    field: str = Field(
        description="the field changed, as a KEY=VALUE change names it: `users.0.count`"
    )
    before: str = Field(description="the profile's value")
    after: str = Field(description="the nearest value at which the primary changes")
    decision: Literal["storage", "pipeline"]
    primary: str = Field(description="the primary after the change")
    assignment: str = Field(
        description="the change as `KEY=VALUE`, as `with_settings` and the command line take it"
    )
    summary: str


class OutlookPoint(BaseModel):
    """The answer at one point of the growth outlook."""

    model_config = _FROZEN

    months: int = Field(description="from now")
    volume: str = Field(description="the volume then, as the growth projects it")
    storage: str
    pipeline: str


class OutlookChange(BaseModel):
    """The month a decision's answer changes as the data grows."""

    model_config = _FROZEN

    decision: Literal["storage", "pipeline"]
    month: int
    before: str
    after: str


class Outlook(BaseModel):
    """How the answer ages as the data grows: now, in 12 and 36 months, and when it changes."""

    model_config = _FROZEN

    points: tuple[OutlookPoint, ...]
    changes: tuple[OutlookChange, ...]


class ProfileWarning(BaseModel):
    """A contradictory or risky profile, with a stable code scripts can test."""

    model_config = _FROZEN

    code: str
    message: str
    rule: str = Field(description="the rule that raised it")
    title: str = Field(default="", description="the message's first sentence: the risk in brief")


class PackInfo(BaseModel):
    """A rule pack that took part."""

    model_config = _FROZEN

    id: str
    version: str
    sha256: str


class SourceInfo(BaseModel):
    """A source the reasons cite, as its pack declares it."""

    model_config = _FROZEN

    name: str
    title: str
    url: str | None = None


class RulesUsed(BaseModel):
    """The rule packs consulted, the rules that fired, and the sources the reasons cite."""

    model_config = _FROZEN

    packs: tuple[PackInfo, ...]
    fired: tuple[str, ...] = ()
    sources: tuple[SourceInfo, ...] = Field(
        default=(), description="with the what-if search: each cited source, once"
    )


class Recommendation(RecommendationMethods, BaseModel):
    """A reasoned recommendation for one profile (recommendation v1).

    :meth:`to_data` and :meth:`to_json` give recommendation v1 as documented; pydantic's own
    ``model_dump()`` gives the model's fields under their Python names (``before``, not
    ``from``) and with what the JSON leaves out (``searched``).
    """

    model_config = _FROZEN

    schema_version: Literal[1] = SCHEMA_VERSION
    profile: Profile
    storage: Decision
    pipeline: Decision
    confidence: Confidence
    what_would_change: tuple[Change, ...] = ()
    warnings: tuple[ProfileWarning, ...] = ()
    outlook: Outlook | None = Field(
        default=None, description="with a growth rate and the what-if search: how it ages"
    )
    rules: RulesUsed
    searched: bool = Field(
        default=False,
        description="whether what_would_change was searched for (so that an empty one means "
        "no single change within reach overturns the answer); not part of the JSON",
    )


MODELS = OutputTypes(
    Reason=Reason,
    NearMiss=NearMiss,
    Ranked=Ranked,
    Tie=Tie,
    Decision=Decision,
    Confidence=Confidence,
    Change=Change,
    OutlookPoint=OutlookPoint,
    OutlookChange=OutlookChange,
    Outlook=Outlook,
    ProfileWarning=ProfileWarning,
    PackInfo=PackInfo,
    SourceInfo=SourceInfo,
    RulesUsed=RulesUsed,
    Recommendation=Recommendation,
)
