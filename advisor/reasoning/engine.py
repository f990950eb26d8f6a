"""The engine: a pure function from a profile and a rule set to a recommendation.

Every option starts at 50; each rule that fires adds its score changes, eliminates options
(hard constraints: an eliminated option stays in the ranking, last, with the rule that
eliminated it, and is never the primary unless every option is), names options the workload
needs alongside the primary (required or complement; these are listed even when eliminated as
the primary, like a batch cold path beside a stream), or raises a warning.

Each fact counts once per option: rules name the criterion they judge, and of the rules of one
criterion that fire, only the largest change to a given option counts. Shown scores map the
sums onto 0..100 along a smooth curve (:func:`shown_score`); ranking, ties and confidence use
the sums themselves. A tie at the top is reported in the decision (``tie``), gives low
confidence, and is settled by the preference the rule packs declare (``tie_break``), never by
the order options or rules are written in.

The batch cadence is the longest usual schedule that still meets the profile's freshness, any
rule's ``cadence`` and the primary option's ``cadence_max``; an option declared ``continuous``
(a stream) has the cadence ``continuous``, and one that moves nothing has none. A scheduled
complement beside a stream gets its own cadence, bound by the rules alone.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from advisor.profiles.units import format_duration
from advisor.reasoning.facts import FactValues, fact_values
from advisor.reasoning.operators import OPS
from advisor.reasoning.records import Level, Role, assemble
from advisor.reasoning.ruleset import CompiledRule, Option, RuleSet

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile
    from advisor.reasoning.recommendation import (
        Decision,
        ProfileWarning,
        Reason,
        Recommendation,
    )

BASE_SCORE = 50
# How far from 50 a sum must move to show about 38 points away (tanh(1)): one strong band of
# two or three criteria agreeing.
SHOWN_SPREAD = 150
HIGH_MARGIN = 50
MEDIUM_MARGIN = 20
# Schedules a team would actually configure; a batch cadence is the longest one that still
# meets the freshness the profile asks for.
SCHEDULES = (60, 300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 604800)
CONTINUOUS = "continuous"
_NO_PREFERENCE = "no rule pack declares a preference for ties here; settled by option id"
# Reasons sort by weight (hard constraints first, then the largest score changes), then rule id.
_BY_WEIGHT = itemgetter(0, 1)
_REASON = itemgetter(2)


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
    made = rules.output
    values = fact_values(profile)
    all_rules = rules.rules
    fired = [order for order, test in enumerate(rules.tests) if test(values)]
    tallies = {option: _Tally() for option in rules.option_ids}
    rule_bound = math.inf
    # Each criterion counts once per option (see _count); the scorer of the search counts the
    # same way, through the same function.
    counted: dict[tuple[str, str], tuple[int, int, int, Reason]] = {}
    eliminated: set[str] = set()
    warned: dict[str, ProfileWarning] = {}
    for order in fired:
        rule = all_rules[order]
        if rule.scores:
            _count(counted, eliminated, order, rule)
        for option, reason in rule.eliminates:
            tally = tallies[option]
            tally.eliminated = True
            tally.reasons.append((-1000, rule.id, reason))
        for option, reason in rule.requires:
            tally = tallies[option]
            tally.required = True
            tally.reasons.append((-999, rule.id, reason))
        for option, reason in rule.complements:
            tally = tallies[option]
            tally.complement = True
            tally.reasons.append((-998, rule.id, reason))
        if rule.cadence is not None and rule.cadence < rule_bound:
            rule_bound = rule.cadence
        if rule.warn is not None and rule.warn not in warned:
            warned[rule.warn] = assemble(
                made.ProfileWarning,
                code=rule.warn,
                message=_sentence(rule),
                rule=rule.id,
                title=rule.title.rstrip("."),
            )
    for (_, option), (size, _, delta, reason) in counted.items():
        tally = tallies[option]
        tally.score += delta
        tally.reasons.append((-size, reason.rule, reason))
    storage, storage_level = _decide(rules, "storage", tallies, None)
    pipeline, pipeline_level = _decide(
        rules, "pipeline", tallies, (min(float(profile.latency.freshness), rule_bound), rule_bound)
    )
    return assemble(
        made.Recommendation,
        schema_version=1,
        profile=profile,
        storage=storage,
        pipeline=pipeline,
        confidence=assemble(made.Confidence, storage=storage_level, pipeline=pipeline_level),
        what_would_change=(),
        warnings=tuple(warned[code] for code in sorted(warned)) if warned else (),
        outlook=None,
        rules=assemble(
            made.RulesUsed,
            packs=rules.pack_infos,
            fired=tuple([all_rules[order].id for order in fired]),
            sources=(),
        ),
        searched=False,
    )


def fired_rules(profile: Profile, rules: RuleSet) -> list[CompiledRule]:
    """The rules whose conditions hold for ``profile``, in id order."""
    values = fact_values(profile)
    return [rule for rule in rules.rules if rule.test(values)]


def _sentence(rule: CompiledRule) -> str:
    title = rule.title.rstrip(".")
    return f"{title}. {rule.rationale}"


def _decide(
    rules: RuleSet,
    decision: str,
    tallies: dict[str, _Tally],
    bounds: tuple[float, float] | None,
) -> tuple[Decision, Level]:
    """Rank one decision's options.

    ``bounds`` is given for the pipeline decision only: the longest cadence the freshness and
    the rules allow, and the longest the rules alone allow (for a scheduled path beside a
    stream, which need not meet the freshness the stream meets).
    """
    made = rules.output
    prefer = rules.tie_order[decision]
    # Rank on the sums themselves (shown scores are rounded); equal sums go by the pack's
    # declared preference, never by declaration order.
    ranked = sorted(
        [
            (tally.eliminated, -tally.score, prefer[option.id], option, tally)
            for option in rules.decisions[decision]
            for tally in (tallies[option.id],)
        ]
    )
    # The sort puts every option still in the running first: the primary heads it (and when
    # every option is eliminated, the best of them is still the answer).
    primary_option = ranked[0][3]
    # Elimination rules an option out as the answer to the profile's constraints, not as a
    # part another rule says the workload also needs: a stream's batch cold path need not meet
    # the freshness that eliminated batch as the primary.
    # An option covered by one the answer already holds is not listed again: a lakehouse,
    # primary or alongside, is a lake underneath.
    wanted = [option for _, _, _, option, tally in ranked[1:] if tally.required or tally.complement]
    complements: tuple[str, ...] = ()
    if wanted:
        covered = {c for option in (primary_option, *wanted) for c in option.covers}
        complements = tuple(option.id for option in wanted if option.id not in covered)
    ranking = tuple(
        [
            assemble(
                made.Ranked,
                option=option.id,
                title=option.title,
                score=shown_score(tally.score),
                sum=tally.score,
                eliminated=out,
                role=_role(option.id, primary_option.id, complements, out),
                reasons=tuple(map(_REASON, sorted(tally.reasons, key=_BY_WEIGHT)))
                if tally.reasons
                else (),
                near_misses=(),
            )
            for out, _, _, option, tally in ranked
        ]
    )
    eligible = [entry for entry in ranking if not entry.eliminated]
    raw = [entry.sum for entry in eligible]
    primary = ranking[0]
    tie = None
    if len(raw) > 1 and raw[0] == raw[1]:
        declared = rules.tie_breaks.get(decision)
        tie = assemble(
            made.Tie,
            options=tuple(
                entry.option for entry, score in zip(eligible, raw, strict=True) if score == raw[0]
            ),
            because=declared.because if declared else _NO_PREFERENCE,
        )
    if not eligible or tie is not None:
        level: Level = "low"
    elif len(eligible) == 1:
        level = "high"
    else:
        margin = raw[0] - raw[1]
        level = "high" if margin >= HIGH_MARGIN else "medium" if margin >= MEDIUM_MARGIN else "low"
    cadence = None
    cadences: dict[str, str] = {}
    if bounds is not None:
        chosen = rules.option(primary.option)
        cadence = _option_cadence(chosen, bounds[0])
        for option_id in complements:
            beside = _option_cadence(
                rules.option(option_id), bounds[1] if chosen.continuous else bounds[0]
            )
            if beside is not None and beside != CONTINUOUS:
                cadences[option_id] = beside
    decision_model = assemble(
        made.Decision,
        primary=primary.option,
        complements=complements,
        ranking=ranking,
        cadence=cadence,
        complement_cadences=cadences,
        tie=tie,
    )
    return decision_model, level


def _role(option: str, primary: str, complements: tuple[str, ...], eliminated: bool) -> Role:
    """What the reader does with an option: build it, build it beside, weigh it, or drop it.

    A complement is ``alongside`` even when it is eliminated as the primary (a batch cold path
    beside a stream): it is part of the answer.
    """
    if option == primary:
        return "primary"
    if option in complements:
        return "alongside"
    return "eliminated" if eliminated else "candidate"


def _option_cadence(option: Option, bound: float) -> str | None:
    """How often ``option`` runs within ``bound`` seconds; ``None`` when it moves nothing."""
    if not option.moves:
        return None
    if option.continuous:
        return CONTINUOUS
    if option.cadence_max is not None:
        bound = min(bound, option.cadence_max)
    return _cadence(bound)


class Tested:
    """A profile's rules tested once, and what the fired ones add up to, for its scorers.

    The search makes a :class:`Scorer` for each set of facts it varies; each needs the verdicts
    of the rules that read none of them. Summed here once, each scorer then takes away only
    the rules it varies, not walks every rule again (packs of thousands of rules).
    """

    __slots__ = ("eliminating", "shared", "sums", "verdicts")

    def __init__(self, rules: RuleSet, values: FactValues) -> None:
        """Test every rule of ``rules`` against ``values``."""
        self.verdicts = [test(values) for test in rules.tests]
        alone = rules.alone
        sums = dict.fromkeys(rules.option_ids, BASE_SCORE)
        # Fired rules that share a count (settled per scorer) and fired rules that eliminate.
        shared: list[int] = []
        eliminating: list[int] = []
        for order, holds in enumerate(self.verdicts):
            if not holds:
                continue
            changes = alone[order]
            if changes is None:
                shared.append(order)
            else:
                for option, delta in changes:
                    sums[option] += delta
            if rules.rules[order].eliminates:
                eliminating.append(order)
        self.sums = sums
        self.shared = tuple(shared)
        self.eliminating = tuple(eliminating)


class Scorer:
    """The engine's scoring reduced to what decides each primary, for asking many what-ifs.

    :func:`recommend` builds every reason of every option; a search for the change that would
    flip an answer needs only the primaries, thousands of times, with a few facts varied at a
    time. A scorer counts once the rules that read none of the varied facts, and for each new
    set of values tests only the rest. It follows :func:`recommend` to the letter: each
    criterion counts once per option (the largest change, the first rule id among equals),
    eliminated options lose, and equal sums go by the declared tie-break.
    """

    __slots__ = ("_base", "_decisions", "_fixed", "_rules", "_steps", "decisions")

    def __init__(
        self,
        rules: RuleSet,
        values: FactValues,
        varying: frozenset[int],
        tested: Tested | None = None,
    ) -> None:
        """Prepare to score ``values`` with the facts at ``varying`` changed.

        Args:
            rules: The rule set.
            values: The facts of the profile being varied.
            varying: Positions in the fact tuple that :meth:`primaries` will be given anew.
            tested: The rules tested against ``values``, when already known (several scorers
                of one profile need not test its rules again).
        """
        if tested is None:
            tested = Tested(rules, values)
        self._decisions = tuple(
            (decision, tuple((o.id, rules.tie_order[decision][o.id]) for o in options))
            for decision, options in rules.decisions.items()
        )
        alone = rules.alone
        reading = rules.reading
        orders = sorted({order for index in varying for order in reading.get(index, ())})
        moving = set(orders)
        # Every fired rule alone in its counts is summed already: take away those that vary.
        base = dict(tested.sums)
        for order in orders:
            changes = alone[order]
            if changes is not None and tested.verdicts[order]:
                for option, delta in changes:
                    base[option] -= delta
        eliminated = {
            option
            for order in tested.eliminating
            if order not in moving
            for option, _ in rules.rules[order].eliminates
        }
        fixed: dict[tuple[str, str], tuple[int, int, int, Reason]] = {}
        for order in tested.shared:
            if order not in moving:
                _count(fixed, eliminated, order, rules.rules[order])
        tested_rules = []
        stepped: dict[tuple[int, str], list[tuple[Any, tuple[tuple[str, int], ...]]]] = {}
        for order in orders:
            rule, changes = rules.rules[order], alone[order]
            if changes is not None and not rule.eliminates and _one_comparison(rule):
                index, op, want = rule.atoms[0]
                stepped.setdefault((index, op), []).append((want, changes))
            else:
                tested_rules.append((order, rule, changes))
        self._rules = tuple(tested_rules)
        options = tuple(base)
        self._steps = tuple(
            _Steps(index, op, found, options) for (index, op), found in stepped.items()
        )
        touched = {(r.criterion, o) for _, r, _ in self._rules for o, _, _ in r.scores}
        for (criterion, option), (_, _, delta, _) in fixed.items():
            if (criterion, option) not in touched:
                base[option] += delta
        self._base = (base, frozenset(eliminated))
        # Only the counts a varying rule may contest are kept to be settled on each call.
        self._fixed = {key: best for key, best in fixed.items() if key in touched}
        self.decisions: tuple[str, ...] = tuple(name for name, _ in self._decisions)

    def primaries(self, values: FactValues) -> tuple[str, ...]:
        """Each decision's primary (in the rule set's decision order) for ``values``."""
        counted = dict(self._fixed)
        base, fixed_out = self._base
        eliminated = set(fixed_out)
        sums = dict(base)
        for steps in self._steps:
            for option, delta in zip(steps.options, steps.at(values[steps.index]), strict=True):
                sums[option] += delta
        for order, rule, alone in self._rules:
            if not rule.test(values):
                continue
            if alone is None:
                _count(counted, eliminated, order, rule)
            else:
                _add(sums, eliminated, alone, rule)
        for (_, option), (_, _, delta, _) in counted.items():
            sums[option] += delta
        chosen = []
        for _, options in self._decisions:
            best, best_key = "", (True, 0, 0)
            for option, preference in options:
                key = (option in eliminated, -sums[option], preference)
                if not best or key < best_key:
                    best, best_key = option, key
            chosen.append(best)
        return tuple(chosen)


_ORDERED = frozenset(name for name, op in OPS.items() if op.ordering)


def _one_comparison(rule: CompiledRule) -> bool:
    """Whether ``rule``'s condition is one ordered comparison of one number, and nothing else."""
    return "fact" in rule.when and len(rule.atoms) == 1 and rule.atoms[0][1] in _ORDERED


class _Steps:
    """What rules of one comparison with one fact add at any value of it, found by bisection.

    The rules each compare the same fact by the same operator (all ``ge``, say), with a value
    of their own, and are alone in their counts, so their changes add up as they are. Along
    the fact their sum is a staircase: sorted by value, the rules that hold at ``x`` are
    a leading run (``ge``, ``gt``) or a trailing one (``le``, ``lt``) of the sorted list.
    """

    __slots__ = ("_cut", "_sums", "_wants", "index", "options")

    def __init__(
        self,
        index: int,
        op: str,
        rules: list[tuple[Any, tuple[tuple[str, int], ...]]],
        options: tuple[str, ...],
    ) -> None:
        self.index = index
        self.options = options
        place = {option: n for n, option in enumerate(options)}
        rules = sorted(rules, key=itemgetter(0))
        self._wants = [want for want, _ in rules]
        running = [0] * len(options)
        sums = [tuple(running)]
        for _, changes in rules:
            for option, delta in changes:
                running[place[option]] += delta
            sums.append(tuple(running))
        if op in {"le", "lt"}:  # hold from a place on: the sum of that place's tail
            total = sums[-1]
            sums = [tuple(t - s for t, s in zip(total, row, strict=True)) for row in sums]
        self._sums = sums
        # Where the run of rules holding at x ends (ge: want <= x; gt: want < x) or begins
        # (le: want >= x; lt: want > x) in the sorted values.
        self._cut = bisect_right if op in {"ge", "lt"} else bisect_left

    def at(self, value: Any) -> tuple[int, ...]:
        """Each option's summed change (in ``options`` order) with the fact at ``value``."""
        return self._sums[self._cut(self._wants, value)]


def _add(
    sums: dict[str, int],
    eliminated: set[str],
    changes: tuple[tuple[str, int], ...],
    rule: CompiledRule,
) -> None:
    """Add a fired rule that is alone in its counts: its changes as they are, its eliminations."""
    for option, delta in changes:
        sums[option] += delta
    for option, _ in rule.eliminates:
        eliminated.add(option)


def _count(
    counted: dict[tuple[str, str], tuple[int, int, int, Reason]],
    eliminated: set[str],
    order: int,
    rule: CompiledRule,
) -> None:
    """Add a fired rule: its eliminations, and each score change that is its criterion's largest.

    ``counted`` holds, per criterion and option, ``(size, -order, change, reason)``: the
    largest change, and of equal ones the rule first in id order (so the reason, last, is never
    compared).
    """
    for option, _ in rule.eliminates:
        eliminated.add(option)
    for option, delta, reason in rule.scores:
        key = (rule.criterion, option)
        entry = (abs(delta), -order, delta, reason)
        seen = counted.get(key)
        if seen is None or entry > seen:
            counted[key] = entry


@lru_cache(maxsize=4096)  # sums are small integers: a few thousand cover every profile
def shown_score(score: int) -> int:
    """A summed score as shown: 0..100, rising with the sum, 50 for a sum of 50.

    A smooth curve rather than a clamp, so that two options past the top never both read 100
    and lose their order; it depends on the sum alone, so adding a rule that fires for nobody
    changes nothing shown.
    """
    moved = 50 * math.tanh((score - BASE_SCORE) / SHOWN_SPREAD)
    # Halves round away from the middle, so that +x and -x read as far from 50 as each other.
    return BASE_SCORE + int(math.copysign(math.floor(abs(moved) + 0.5), moved))


def _cadence(bound: float) -> str:
    if bound == math.inf:
        bound = SCHEDULES[-1]
    fitting = [step for step in SCHEDULES if step <= bound]
    if fitting:
        return format_duration(fitting[-1])
    # Below the shortest schedule: rounded down (whole seconds, or milliseconds under a second)
    # so that the text never reads longer than the freshness allows: 10.75s is "10s", not
    # "10.8s". A millisecond is the finest cadence written.
    if bound >= 1:
        return format_duration(math.floor(bound))
    return f"{max(math.floor(bound * 1000), 1) / 1000:g}s"
