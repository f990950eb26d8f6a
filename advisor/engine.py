"""The engine: a pure function from a profile and a rule set to a recommendation.

Every option starts at 50; each rule that fires adds its score changes (sums, so the order of
rules cannot matter), eliminates options (hard constraints: an eliminated option stays in the
ranking, last, with the rule that eliminated it, and is never the primary unless every option
is) and names options the workload needs alongside the primary (required or complement; these
are listed even when eliminated as the primary, like a batch cold path beside a stream).
Scores are shown clamped to 0..100; ranking and confidence use the unclamped sums, so two
options past 100 keep their true order. Ties break by the order options are declared in, with
packs in canonical order, so the answer never depends on the order rules or files are given.

The batch cadence is the longest usual schedule that still meets the profile's freshness, any
rule's ``cadence`` and the primary option's ``cadence_max``; an option declared ``continuous``
(a stream) has the cadence ``continuous``.
"""

from __future__ import annotations

import math
from operator import itemgetter

from .facts import fact_values
from .profile import Profile
from .recommendation import (
    Confidence,
    Decision,
    Level,
    Ranked,
    Reason,
    Recommendation,
    RulesUsed,
    assemble,
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
# Reasons sort by weight (hard constraints first, then the largest score changes), then rule id.
_BY_WEIGHT = itemgetter(0, 1)


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
    fired = fired_rules(profile, rules)
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
    storage, storage_level = _decide(rules, "storage", tallies, None)
    pipeline, pipeline_level = _decide(rules, "pipeline", tallies, cadence_bound)
    return assemble(
        Recommendation,
        schema_version=1,
        profile=profile,
        storage=storage,
        pipeline=pipeline,
        confidence=assemble(Confidence, storage=storage_level, pipeline=pipeline_level),
        what_would_change=(),
        rules=assemble(RulesUsed, packs=rules.pack_infos, fired=tuple(rule.id for rule in fired)),
    )


def fired_rules(profile: Profile, rules: RuleSet) -> list[CompiledRule]:
    """The rules whose conditions hold for ``profile``, in id order."""
    values = fact_values(profile)
    return [rule for rule in rules.rules if rule.test(values)]


def _decide(
    rules: RuleSet, decision: str, tallies: dict[str, _Tally], cadence_bound: float | None
) -> tuple[Decision, Level]:
    """Rank one decision's options; ``cadence_bound`` is given for the pipeline decision only."""
    options = rules.decisions[decision]
    order = {option.id: index for index, option in enumerate(options)}
    ranked = sorted(
        options,
        # Rank on the raw sum so that two options clamped to 100 still keep their true order.
        key=lambda o: (tallies[o.id].eliminated, -tallies[o.id].score, order[o.id]),
    )
    ranking = tuple(
        assemble(
            Ranked,
            option=option.id,
            title=option.title,
            score=_clamp(tallies[option.id].score),
            eliminated=tallies[option.id].eliminated,
            reasons=tuple(
                reason for *_, reason in sorted(tallies[option.id].reasons, key=_BY_WEIGHT)
            ),
        )
        for option in ranked
    )
    eligible = [entry for entry in ranking if not entry.eliminated]
    raw = [tallies[entry.option].score for entry in eligible]
    primary = (eligible or list(ranking))[0]
    # Elimination rules an option out as the answer to the profile's constraints, not as a
    # part another rule says the workload also needs: a stream's batch cold path need not meet
    # the freshness that eliminated batch as the primary.
    covered = rules.option(primary.option).covers
    complements = tuple(
        option.id
        for option in options
        if option.id != primary.option
        and option.id not in covered
        and (tallies[option.id].required or tallies[option.id].complement)
    )
    if not eligible:
        level: Level = "low"
    elif len(eligible) == 1:
        level = "high"
    else:
        margin = raw[0] - raw[1]
        level = "high" if margin >= HIGH_MARGIN else "medium" if margin >= MEDIUM_MARGIN else "low"
    cadence = None
    if cadence_bound is not None:
        chosen = rules.option(primary.option)
        if chosen.cadence_max is not None:
            cadence_bound = min(cadence_bound, chosen.cadence_max)
        cadence = CONTINUOUS if chosen.continuous else _cadence(cadence_bound)
    decision_model = assemble(
        Decision, primary=primary.option, complements=complements, ranking=ranking, cadence=cadence
    )
    return decision_model, level


def _clamp(score: int) -> int:
    return 0 if score < 0 else 100 if score > 100 else score


def _cadence(bound: float) -> str:
    fitting = [step for step in SCHEDULES if step <= bound]
    if fitting:
        return format_duration(fitting[-1])
    # Below the shortest schedule: rounded down (whole seconds, or milliseconds under a second)
    # so that the text never reads longer than the freshness allows: 10.75s is "10s", not
    # "10.8s". A millisecond is the finest cadence written.
    if bound >= 1:
        return format_duration(math.floor(bound))
    return f"{max(math.floor(bound * 1000), 1) / 1000:g}s"
