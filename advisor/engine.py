"""The engine: a pure function from a profile and a rule set to a recommendation.

Hard constraints (eliminate) first, then additive scores from every rule that fires, then
complements and the batch cadence. Rules are applied in id order and every effect is a sum or a
set union, so neither rule order nor file order can change the result; ties between equal
scores break by the order options are declared in, so the answer is deterministic.
"""

from __future__ import annotations

from .facts import fact_values
from .profile import Profile
from .recommendation import (
    Confidence,
    Decision,
    Level,
    PackInfo,
    Ranked,
    Reason,
    Recommendation,
    RulesUsed,
)
from .ruleset import CompiledRule, RuleSet
from .units import format_duration

BASE_SCORE = 50
HIGH_MARGIN = 15
MEDIUM_MARGIN = 6
# Schedules a team would actually configure; a batch cadence is the longest one that still
# meets the freshness the profile asks for.
SCHEDULES = (60, 300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 604800)
CONTINUOUS = "continuous"
STREAMING = "streaming"


class _Tally:
    __slots__ = ("complement", "eliminated", "reasons", "required", "score")

    def __init__(self) -> None:
        self.score = BASE_SCORE
        self.reasons: list[tuple[int, str, Reason]] = []
        self.eliminated = False
        self.required = False
        self.complement = False


def recommend(profile: Profile, rules: RuleSet) -> Recommendation:
    """Score every option for ``profile`` with ``rules`` (no what-if analysis).

    Args:
        profile: A validated profile.
        rules: A compiled rule set, from :func:`advisor.load_rules`.

    Returns:
        The recommendation, with ``what_would_change`` empty.
    """
    values = fact_values(profile)
    fired = [rule for rule in rules.rules if rule.test(values)]
    tallies = {option.id: _Tally() for options in rules.decisions.values() for option in options}
    cadence_bound = float(profile.latency.freshness)
    for rule in fired:
        for option, delta, reason in rule.scores:
            tally = tallies[option]
            tally.score += delta
            tally.reasons.append((-abs(delta), rule.id, reason))
        for option, reason in rule.eliminates:
            tallies[option].eliminated = True
            tallies[option].reasons.append((-1000, rule.id, reason))
        for option, reason in rule.requires:
            tallies[option].required = True
            tallies[option].reasons.append((-999, rule.id, reason))
        for option, reason in rule.complements:
            tallies[option].complement = True
            tallies[option].reasons.append((-998, rule.id, reason))
        if rule.cadence is not None and rule.cadence < cadence_bound:
            cadence_bound = rule.cadence
    storage, storage_level = _decide(rules, "storage", tallies)
    pipeline, pipeline_level = _decide(rules, "pipeline", tallies)
    cadence = CONTINUOUS if pipeline.primary == STREAMING else _cadence(cadence_bound)
    return Recommendation.model_construct(
        schema_version=1,
        profile=profile,
        storage=storage,
        pipeline=pipeline.model_copy(update={"cadence": cadence}),
        confidence=Confidence.model_construct(storage=storage_level, pipeline=pipeline_level),
        what_would_change=(),
        rules=RulesUsed.model_construct(
            packs=tuple(
                PackInfo.model_construct(id=p.id, version=p.version, sha256=p.sha256)
                for p in rules.packs
            ),
            fired=tuple(rule.id for rule in fired),
        ),
    )


def fired_rules(profile: Profile, rules: RuleSet) -> list[CompiledRule]:
    """The rules whose conditions hold for ``profile``, in id order."""
    values = fact_values(profile)
    return [rule for rule in rules.rules if rule.test(values)]


def _decide(rules: RuleSet, decision: str, tallies: dict[str, _Tally]) -> tuple[Decision, Level]:
    options = rules.decisions[decision]
    order = {option.id: index for index, option in enumerate(options)}
    ranked = sorted(
        options,
        # Rank on the raw sum so that two options clamped to 100 still keep their true order.
        key=lambda o: (tallies[o.id].eliminated, -tallies[o.id].score, order[o.id]),
    )
    ranking = tuple(
        Ranked.model_construct(
            option=option.id,
            title=option.title,
            score=_clamp(tallies[option.id].score),
            eliminated=tallies[option.id].eliminated,
            reasons=tuple(
                reason for *_, reason in sorted(tallies[option.id].reasons, key=_by_weight)
            ),
        )
        for option in ranked
    )
    eligible = [entry for entry in ranking if not entry.eliminated]
    raw = [tallies[entry.option].score for entry in eligible]
    primary = (eligible or list(ranking))[0]
    complements = tuple(
        option.id
        for option in options
        if option.id != primary.option
        and not tallies[option.id].eliminated
        and (tallies[option.id].required or tallies[option.id].complement)
    )
    if not eligible:
        level: Level = "low"
    elif len(eligible) == 1:
        level = "high"
    else:
        margin = raw[0] - raw[1]
        level = "high" if margin >= HIGH_MARGIN else "medium" if margin >= MEDIUM_MARGIN else "low"
    decision_model = Decision.model_construct(
        primary=primary.option, complements=complements, ranking=ranking, cadence=None
    )
    return decision_model, level


def _by_weight(item: tuple[int, str, Reason]) -> tuple[int, str]:
    return item[0], item[1]


def _clamp(score: int) -> int:
    return 0 if score < 0 else 100 if score > 100 else score


def _cadence(bound: float) -> str:
    best = None
    for step in SCHEDULES:
        if step <= bound:
            best = step
    return format_duration(best if best is not None else bound)
