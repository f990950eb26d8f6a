"""Comparing two recommendations: what changed in the profile, in each answer, and why.

``advisor diff OLD NEW`` answers "what happens if...": the fields that differ, each decision's
answer before and after, how every option's score moved, and the rules that started or stopped
firing between the two, which is what moved them.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from advisor.reasoning.recommendation import Decision, Recommendation, assemble

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class FieldChange(BaseModel):
    """A field of the profile that differs (dotted, as ``--set`` names it)."""

    model_config = _FROZEN

    field: str
    before: Any
    after: Any


class ScoreMove(BaseModel):
    """One option's score in each recommendation."""

    model_config = _FROZEN

    option: str
    before: int
    after: int


class DecisionChange(BaseModel):
    """One decision before and after."""

    model_config = _FROZEN

    decision: Literal["storage", "pipeline"]
    before: str
    after: str
    complements_before: tuple[str, ...]
    complements_after: tuple[str, ...]
    cadence_before: str | None
    cadence_after: str | None
    confidence_before: str
    confidence_after: str
    scores: tuple[ScoreMove, ...]

    @property
    def changed(self) -> bool:
        """Whether the answer a team would build differs."""
        return (self.before, self.complements_before, self.cadence_before) != (
            self.after,
            self.complements_after,
            self.cadence_after,
        )


class Comparison(BaseModel):
    """Two recommendations side by side."""

    model_config = _FROZEN

    fields: tuple[FieldChange, ...]
    decisions: tuple[DecisionChange, ...]
    started: tuple[str, ...]
    stopped: tuple[str, ...]
    titles: dict[str, str] = {}  # a rule's title by id, for the rules that started or stopped

    def to_data(self) -> dict[str, Any]:
        """Plain data in a fixed key order, for ``--format json``."""
        return {
            "schema_version": 1,
            "fields": [{"field": f.field, "from": f.before, "to": f.after} for f in self.fields],
            **{
                d.decision: {
                    "changed": d.changed,
                    "from": {
                        "primary": d.before,
                        "complements": list(d.complements_before),
                        "cadence": d.cadence_before,
                        "confidence": d.confidence_before,
                    },
                    "to": {
                        "primary": d.after,
                        "complements": list(d.complements_after),
                        "cadence": d.cadence_after,
                        "confidence": d.confidence_after,
                    },
                    "scores": [
                        {"option": s.option, "from": s.before, "to": s.after} for s in d.scores
                    ],
                }
                for d in self.decisions
            },
            "rules": {
                "started": list(self.started),
                "stopped": list(self.stopped),
                "titles": {rule: self.titles[rule] for rule in sorted(self.titles)},
            },
        }

    def to_json(self) -> str:
        """The JSON ``advisor diff --format json`` prints."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False)


def compare(old: Recommendation, new: Recommendation) -> Comparison:
    """What differs between two recommendations (of two profiles, with the same rules).

    Args:
        old: The recommendation before.
        new: The recommendation after.

    Returns:
        The fields that differ, each decision before and after, and the rules that started or
        stopped firing.
    """
    before, after = _flat(old.profile.to_data()), _flat(new.profile.to_data())
    fields = tuple(
        assemble(FieldChange, field=key, before=before.get(key), after=after.get(key))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    )
    decisions = tuple(
        _decision(name, getattr(old, name), getattr(new, name), old, new)
        for name in ("storage", "pipeline")
    )
    fired_before, fired_after = set(old.rules.fired), set(new.rules.fired)
    moved = fired_before ^ fired_after
    titles = {
        reason.rule: reason.title
        for rec in (old, new)
        for decision in (rec.storage, rec.pipeline)
        for entry in decision.ranking
        for reason in entry.reasons
        if reason.rule in moved
    }
    titles.update({w.rule: w.title for rec in (old, new) for w in rec.warnings if w.rule in moved})
    return assemble(
        Comparison,
        fields=fields,
        decisions=decisions,
        started=tuple(sorted(fired_after - fired_before)),
        stopped=tuple(sorted(fired_before - fired_after)),
        titles=titles,
    )


def _decision(
    name: str, old: Decision, new: Decision, old_rec: Recommendation, new_rec: Recommendation
) -> DecisionChange:
    scores_after = {entry.option: entry.score for entry in new.ranking}
    return assemble(
        DecisionChange,
        decision=name,
        before=old.primary,
        after=new.primary,
        complements_before=old.complements,
        complements_after=new.complements,
        cadence_before=old.cadence,
        cadence_after=new.cadence,
        confidence_before=getattr(old_rec.confidence, name),
        confidence_after=getattr(new_rec.confidence, name),
        scores=tuple(
            assemble(
                ScoreMove,
                option=entry.option,
                before=entry.score,
                after=scores_after.get(entry.option, entry.score),
            )
            for entry in old.ranking
        ),
    )


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """A profile's data as dotted keys, as ``--set`` names them (``users.0.count``)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}{key}."))
        return out
    if isinstance(data, list) and prefix == "users.":
        out = {}
        for number, value in enumerate(data):
            out.update(_flat(value, f"{prefix}{number}."))
        return out
    return {prefix[:-1]: data}
