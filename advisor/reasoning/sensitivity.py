"""What would change the answer: the nearest single changes of a profile that flip a primary.

Each field a person could change (the volume, growth, ingest rate, structure, freshness, query
speed, each group of users' size and skill, sources, workloads, budget, team) is varied on its
own, in each direction, by asking the engine itself: numbers are scanned in widening steps until
a decision's primary changes, then bisected to the edge and rounded to a value a person would
write (a value at which the answer has changed, so that ``--set`` with it reproduces the flip);
words are tried one by one. The built-in rules are written so that along one field an answer
never returns to an option it has left, so the first change found in a direction is the edge.

Changes are ordered by how far they are from the profile: a number by the ratio of the two
values (1.2 TB from 800 GB is nearer than 3 TB from 800 GB), a share by points, a word on a
scale (budget, team, skill) by steps, other words and a workload added or removed as one step.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

from advisor.profiles.shapes import (
    BUDGETS,
    QUERIES,
    SKILLS,
    TEAMS,
    WORKLOADS,
    growth_record,
    user_shares,
    users_by_skill,
    volume_facts,
)
from advisor.profiles.units import format_duration, format_size
from advisor.reasoning.engine import Scorer, Tested
from advisor.reasoning.facts import FACT_INDEX, FACTS, NUMERIC_KINDS, FactValues, fact_values
from advisor.reasoning.records import Level, assemble
from advisor.reasoning.ruleset import RuleSet
from advisor.reasoning.trace import explained

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile, Structure
    from advisor.reasoning.recommendation import Change, Outlook, Recommendation

DECISIONS = ("storage", "pipeline")
# How far a number is scanned, at most: a thousand times, or a thousandth of, its value.
_REACH = 1000.0
_STEP = 2.5
# A word on a scale one step away counts as far as a number changed by this ratio.
_WORD_STEP = 0.7
_MAX_SIZE = 10**24
# How near, by ratio, the bisection places an edge (see _edge): an edge this near the profile's
# value is the profile's value.
_ON_THE_EDGE = 2e-3
_MAX_SECONDS = 10 * 365 * 86400


class _Probe:
    """The primaries for a profile with some of its facts changed, each answer asked once.

    The search asks hundreds of what-ifs of one profile, each moving one field; building a
    profile and a full recommendation for each would cost a hundred times what it needs. A
    probe knows which facts a field moves and tests again only the rules that read them.
    """

    def __init__(
        self,
        rules: RuleSet,
        values: FactValues,
        moves: tuple[str, ...],
        tested: Tested | None = None,
    ) -> None:
        self._indices = tuple(FACT_INDEX[name] for name in moves)
        self.made = rules.output
        self._scorer = Scorer(rules, values, frozenset(self._indices), tested)
        self._values = list(values)
        self._seen: dict[Any, tuple[str, ...]] = {}
        self.decisions = self._scorer.decisions
        # The values rules compare each moved number with; None for a fact that is not a number.
        self._cuts = tuple(
            rules.thresholds.get(index, ()) if FACTS[index].kind in NUMERIC_KINDS else None
            for index in self._indices
        )

    def primaries(self, moved: tuple[Any, ...]) -> tuple[str, ...]:
        """Each decision's primary with the moved facts at ``moved`` (in ``moves`` order)."""
        # Two values of a number on the same side of every value rules compare it with give
        # every rule the same verdict: the answer is asked once per such band.
        key = tuple(
            [
                value if cuts is None else (bisect_left(cuts, value), value in cuts)
                for value, cuts in zip(moved, self._cuts, strict=True)
            ]
        )
        known = self._seen.get(key)
        if known is None:
            values = self._values.copy()
            for index, value in zip(self._indices, moved, strict=True):
                values[index] = value
            known = self._seen[key] = self._scorer.primaries(tuple(values))
        return known

    def settled(
        self, before: tuple[Any, ...], after: tuple[Any, ...], fixed: frozenset[int]
    ) -> bool:
        """Whether no rule's verdict can change on going further the way ``before → after``.

        True when each moved number (but those at ``fixed``, which do not move with the field)
        has left every value rules compare it with behind, moving away from them. The facts a
        field moves are monotonic in it, so what has left them behind never comes back.
        """
        for place, cuts in enumerate(self._cuts):
            if not cuts or place in fixed:
                continue
            old, new = before[place], after[place]
            if not ((new > old and new > cuts[-1]) or (new < old and new < cuts[0])):
                return False
        return True

    def primary(self, moved: tuple[Any, ...], decision: str) -> str:
        """``decision``'s primary with the moved facts at ``moved``."""
        return self.primaries(moved)[self.decisions.index(decision)]


@dataclass(frozen=True)
class _Numeric:
    """A number a person could change, and how to show and apply it."""

    field: str  # the --set key
    current: float
    lowest: float
    highest: float
    whole: bool
    apply: Callable[[float], Profile]
    text: Callable[[float], str]
    # The facts this field moves, and their values at a value of it: what ``apply`` gives, by
    # the functions Profile.derived uses, without building a profile.
    moves: tuple[str, ...]
    facts: Callable[[float], tuple[Any, ...]]
    # Whether the edge is rounded to a value a person would write (not counts and shares,
    # which are whole already).
    nice: bool = True
    # The --set text for a value, when it is not `field=text(value)` (the structure's shares
    # are set together, so that they still add up to 100).
    assign: Callable[[float], str] | None = None
    # How the field reads in a change, when its key alone says too little ("users.0.count
    # (business)": which group).
    name: str | None = None

    def assignment(self, value: float) -> str:
        """``KEY=VALUE`` for ``--set``."""
        return self.assign(value) if self.assign else f"{self.field}={self.text(value)}"


@dataclass(frozen=True)
class _Choice:
    """A word, a list or a toggle a person could change."""

    field: str
    current: str
    value: str  # the value as --set takes it, and as the change shows it
    distance: float
    # The facts the change moves (of CHOICE_FACTS), with their new values.
    facts: dict[str, Any]
    # Changes of one kind: only the nearest of a kind that flips is kept (team 'small' flips
    # it, so team 'none', further the same way, says nothing more).
    kind: str = ""
    # How the change reads, when not "field before → after" ("workloads + realtime").
    said: str | None = None


# Every fact a word of the profile moves: one probe serves all the words.
CHOICE_FACTS = (
    "budget",
    "team",
    "query",
    "skills",
    "nontechnical_share",
    "sql_share",
    "technical_share",
    "workloads",
)


def what_would_change(profile: Profile, rules: RuleSet) -> tuple[Change, ...]:
    """The nearest single changes of ``profile`` that flip a decision's primary.

    Args:
        profile: A validated profile.
        rules: The rule set to evaluate with.

    Returns:
        For each decision, the nearest flip found along each field and direction, nearest
        first (storage before pipeline where equally near).
    """
    return tuple(change for _, change in _nearest_changes(profile, rules))


class _Probes:
    """The probes of one profile, one for each set of facts moved, made when first needed.

    Fields that move the same facts (each group's size; the volume now and as it grows in the
    outlook) share a probe, and the answers it has found.
    """

    def __init__(self, profile: Profile, rules: RuleSet) -> None:
        self.values = fact_values(profile)
        self._rules = rules
        self._tested = Tested(rules, self.values)
        self._made: dict[tuple[str, ...], _Probe] = {}

    def __call__(self, moves: tuple[str, ...]) -> _Probe:
        probe = self._made.get(moves)
        if probe is None:
            probe = self._made[moves] = _Probe(self._rules, self.values, moves, self._tested)
        return probe


def _nearest_changes(
    profile: Profile, rules: RuleSet, probes: _Probes | None = None
) -> list[tuple[float, Change]]:
    """:func:`what_would_change`, each change with its distance from the profile."""
    probes = probes or _Probes(profile, rules)
    values = probes.values
    found: list[tuple[float, int, str, Change]] = []
    for knob in _numbers(profile):
        probe = probes(knob.moves)
        for direction in (1, -1):
            for distance, change in _numeric_flips(knob, direction, probe):
                kind = f"{knob.field}:{direction}"
                found.append((distance, DECISIONS.index(change.decision), kind, change))
    probe = probes(CHOICE_FACTS)
    base = probe.primaries(tuple(values[FACT_INDEX[name]] for name in CHOICE_FACTS))
    for choice in _choices(profile):
        moved = tuple(choice.facts.get(name, values[FACT_INDEX[name]]) for name in CHOICE_FACTS)
        answers = probe.primaries(moved)
        for decision in DECISIONS:
            after = answers[probe.decisions.index(decision)]
            if after != base[probe.decisions.index(decision)]:
                change = _change(
                    rules.output.Change,
                    decision,
                    choice.field,
                    before=choice.current,
                    after=choice.value,
                    primary=after,
                    assignment=f"{choice.field}={choice.value}",
                    said=choice.said,
                )
                found.append((choice.distance, DECISIONS.index(decision), choice.kind, change))
    found.sort(key=lambda item: (item[0], item[1], item[3].field, item[3].after))
    kept: list[tuple[float, Change]] = []
    seen: set[tuple[str, str]] = set()
    for distance, _, kind, change in found:
        if (change.decision, kind) not in seen:
            seen.add((change.decision, kind))
            kept.append((distance, change))
    return kept


# A change this near (by the ratio of two values: 10 %, 3 %) makes a call close whatever the
# margin: an answer that a tenth more data would overturn is not a confident one.
NEAR = math.log(1.10)
VERY_NEAR = math.log(1.03)
_LOWER: dict[str, Level] = {"high": "medium", "medium": "low", "low": "low"}


def with_changes(rec: Recommendation, rules: RuleSet) -> Recommendation:
    """``rec`` with ``what_would_change``, the growth ``outlook`` and a nearer confidence.

    A decision whose answer a change of 10 % or less would overturn is one level less sure
    than its margin says, and one within 3 % is ``low``.
    """
    probes = _Probes(rec.profile, rules)
    changes = _nearest_changes(rec.profile, rules, probes)
    levels: dict[str, Level] = {
        "storage": rec.confidence.storage,
        "pipeline": rec.confidence.pipeline,
    }
    for decision in DECISIONS:
        nearest = min((d for d, c in changes if c.decision == decision), default=math.inf)
        if nearest <= VERY_NEAR:
            levels[decision] = "low"
        elif nearest <= NEAR:
            levels[decision] = _LOWER[levels[decision]]
    data = dict(rec.__dict__)
    data["what_would_change"] = tuple(change for _, change in changes)
    data["outlook"] = growth_outlook(rec.profile, rules, probes)
    data["confidence"] = assemble(rules.output.Confidence, **levels)
    data["searched"] = True
    return explained(assemble(type(rec), **data), rules)


OUTLOOK_MONTHS = 36


def growth_outlook(
    profile: Profile, rules: RuleSet, probes: _Probes | None = None
) -> Outlook | None:
    """The answer now, in 12 and in 36 months as the data grows, and the month it changes.

    Returns:
        ``None`` when the profile does not grow.
    """
    growth = profile.growth
    if growth is None or growth.per_year(profile.volume) <= 0:
        return None

    knob = next(_numbers(profile))  # the volume, as the search varies it
    probe = (probes or _Probes(profile, rules))(knob.moves)

    def at(months: int) -> tuple[int, tuple[str, ...]]:
        volume = min(round(growth.project(profile.volume, months / 12)), _MAX_SIZE)
        return volume, probe.primaries(knob.facts(volume))

    answers = [at(months) for months in range(OUTLOOK_MONTHS + 1)]
    place = {decision: probe.decisions.index(decision) for decision in DECISIONS}
    made = rules.output
    points = tuple(
        assemble(
            made.OutlookPoint,
            months=months,
            volume=format_size(answers[months][0]),
            storage=answers[months][1][place["storage"]],
            pipeline=answers[months][1][place["pipeline"]],
        )
        for months in (0, 12, 36)
    )
    changes = []
    for decision in DECISIONS:
        now = answers[0][1][place[decision]]
        for months in range(1, OUTLOOK_MONTHS + 1):
            then = answers[months][1][place[decision]]
            if then != now:
                changes.append(
                    assemble(
                        made.OutlookChange, decision=decision, month=months, before=now, after=then
                    )
                )
                break
    return assemble(made.Outlook, points=points, changes=tuple(changes))


def _change(
    kind: type[Change],
    decision: str,
    field: str,
    *,
    before: str,
    after: str,
    primary: str,
    assignment: str,
    said: str | None = None,
) -> Change:
    summary = f"{said or f'{field} {before} → {after}'}: {decision} becomes {primary}"
    return assemble(
        kind,
        field=field,
        before=before,
        after=after,
        decision=decision,
        primary=primary,
        assignment=assignment,
        summary=summary,
    )


# -- numbers ---------------------------------------------------------------------------------------


def _numeric_flips(knob: _Numeric, direction: int, probe: _Probe) -> Iterator[tuple[float, Change]]:
    """For each decision, the nearest value in ``direction`` at which its primary changes."""
    here = knob.facts(knob.current)
    place = {decision: probe.decisions.index(decision) for decision in DECISIONS}
    now = probe.primaries(here)
    wanted = {decision: now[place[decision]] for decision in DECISIONS}
    # Facts the field leaves where they are (the ingest rate, when the volume moves and the
    # profile gives its ingest): monotonic, so the same at both ends means the same throughout.
    ends = (knob.facts(knob.lowest), knob.facts(knob.highest))
    fixed = frozenset(
        place for place, fact in enumerate(here) if all(end[place] == fact for end in ends)
    )
    last, before = knob.current, here
    for value in _scan(knob, direction):
        moved = knob.facts(value)
        now = probe.primaries(moved)
        flipped = [d for d in wanted if now[place[d]] != wanted[d]]
        for decision in flipped:
            edge = _edge(knob, (last, value), decision, wanted[decision], probe)
            yield (
                _distance(knob, edge),
                _change(
                    probe.made.Change,
                    decision,
                    knob.field,
                    before=knob.text(knob.current),
                    after=knob.text(edge),
                    primary=probe.primary(knob.facts(edge), decision),
                    assignment=knob.assignment(edge),
                    said=f"{knob.name} {knob.text(knob.current)} → {knob.text(edge)}"
                    if knob.name
                    else None,
                ),
            )
            del wanted[decision]
        if not wanted or probe.settled(before, moved, fixed):
            return
        last, before = value, moved


def _scan(knob: _Numeric, direction: int) -> Iterator[float]:
    """Values away from the current one, in widening steps, within the field's range."""
    start = knob.current
    if start <= 0 and direction < 0:
        return
    value = start if start > 0 else max(knob.lowest, 1.0)
    if start <= 0:
        yield value
    seen = {start}
    limit = start * _REACH if start > 0 else knob.lowest * _REACH**3
    floor = start / _REACH
    while True:
        value = value * _STEP if direction > 0 else value / _STEP
        if knob.whole:
            value = float(math.ceil(value) if direction > 0 else math.floor(value))
        # The end of the reach itself is always tried, whatever the step lands on.
        if direction > 0 and (value > knob.highest or value > limit):
            end = min(knob.highest, limit)
            end = float(math.floor(end)) if knob.whole else end
            if end not in seen and end > start:
                yield end
            return
        if direction < 0 and (value < knob.lowest or value < floor):
            end = max(knob.lowest, floor)
            end = float(math.ceil(end)) if knob.whole else end
            if end not in seen and end < start:
                yield end
            return
        if value in seen:
            value += direction
            if knob.whole and not knob.lowest <= value <= knob.highest:
                return
        seen.add(value)
        yield value


def _edge(
    knob: _Numeric, between: tuple[float, float], decision: str, primary: str, probe: _Probe
) -> float:
    """The value nearest the first of ``between`` at which ``decision`` leaves ``primary``.

    The first value keeps the answer and the second changes it; the result is a value a person
    would write (few significant digits, whole minutes) on the changed side.
    """
    inside, outside = between

    def changed(value: float) -> bool:
        return probe.primary(knob.facts(value), decision) != primary

    for _ in range(60):
        if knob.whole and abs(outside - inside) <= 1:
            break
        if not knob.whole and abs(outside - inside) <= 1e-3 * max(abs(outside), 1e-9):
            break
        middle = (
            math.floor((inside + outside) / 2)
            if knob.whole
            else math.sqrt(inside * outside)
            if inside > 0 and outside > 0
            else (inside + outside) / 2
        )
        if middle in {inside, outside}:
            break
        if changed(middle):
            outside = middle
        else:
            inside = middle
    if not knob.nice:
        return outside
    up = outside > inside
    past = probe.primary(knob.facts(outside), decision)
    near: list[float] = []
    for value, tolerance in _nice_values(knob, outside, up):
        # On the changed side, with the same new answer as at the edge itself.
        if (value - inside) * (outside - inside) > 0 and (
            probe.primary(knob.facts(value), decision) == past
        ):
            near.append(value)
            # The roundest value near enough the edge is what a person would write, if it is
            # nearer the edge than the profile is: half way there must not yet change the answer.
            if abs(value - outside) <= tolerance * abs(outside) and _nearer_the_edge(
                knob.current, outside, value
            ):
                return value
    return min(near, key=lambda value: abs(value - outside), default=outside)


def _nearer_the_edge(current: float, edge: float, value: float) -> bool:
    if current <= 0 or edge <= 0 or value <= 0:
        return True
    # A profile on the edge itself (a freshness of exactly 1h where "under an hour" begins)
    # flips with any step past it: the roundest such step is the one to show ("59m").
    if abs(math.log(edge / current)) <= _ON_THE_EDGE:
        return True
    return abs(math.log(value / edge)) < abs(math.log(edge / current))


def _nice_values(knob: _Numeric, value: float, up: bool) -> Iterator[tuple[float, float]]:
    """Values past ``value`` in its direction, the roundest first.

    Each comes with how far from ``value`` it may be, relatively, to be taken: a whole minute
    is what schedules use, so "6m" beats "5.02m", but "61s" beats "2m".
    """
    if knob.field == "latency.freshness":
        # Whole days, hours, minutes, then seconds: "59m" rather than "58.3m", "6m" rather
        # than "5.02m".
        for unit in (86400.0, 3600.0, 60.0, 1.0):
            steps = value / unit
            # Back toward the edge first (61 s for an edge found at 61.2 s), then away from it;
            # the caller keeps only values on the changed side.
            wholes = (_whole(steps, not up, slack=0.0), _whole(steps, up), _whole(steps, up, 0.0))
            for whole in dict.fromkeys(wholes):
                if whole > 0:
                    yield whole * unit, 0.2 if unit == 60.0 else 0.05
        return
    for digits in (1, 2, 3):
        for slack in (2e-3, 0.0):
            yield _rounded(value, digits, up, slack), 0.05


def _whole(steps: float, up: bool, slack: float = 2e-3) -> int:
    """``steps`` rounded to a whole number away from where it came from.

    The edge is known to 0.1 %, so a value that far short of a whole number is taken as it:
    9.9995 seconds, found from above, rounds down to 10, not 9 (each value is checked anyway).
    """
    room = slack * abs(steps)
    return math.ceil(steps - room) if up else math.floor(steps + room)


def _rounded(value: float, digits: int, up: bool, slack: float = 2e-3) -> float:
    """``value`` to ``digits`` significant digits, rounded away from the side it came from."""
    if value <= 0:
        return value
    scale = 10 ** (math.floor(math.log10(value)) - digits + 1)
    steps = value / scale
    return float(_whole(steps, up, slack) * scale)


def _distance(knob: _Numeric, value: float) -> float:
    if knob.field.startswith("structure"):
        return abs(value - knob.current) / 25
    low = max(min(knob.current, value), 1e-9)
    high = max(knob.current, value, 1e-9)
    return math.log(high / low) if knob.current > 0 else math.log(max(value, 2.0))


_VOLUME_FACTS = ("volume", "growth_per_year", "volume_in_1y", "volume_in_3y", "daily_ingest")
_USER_FACTS = ("users_total", "nontechnical_share", "sql_share", "technical_share")
_SHARES = ("structured_share", "semi_structured_share", "unstructured_share")


def _numbers(profile: Profile) -> Iterator[_Numeric]:
    """The numbers of ``profile`` a person could change; the volume first."""
    d = profile.derived
    growth, ingest = profile.growth, profile.ingest
    yield _Numeric(
        "volume", float(profile.volume), 0.0, _MAX_SIZE, False,
        apply=lambda v: profile.model_copy(update={"volume": round(v)}),
        text=format_size,
        moves=_VOLUME_FACTS,
        facts=lambda v: (round(v), *volume_facts(round(v), growth, ingest)),
    )  # fmt: skip
    if growth is not None and growth.percent_per_year is not None:
        yield _Numeric(
            "growth", growth.percent_per_year, 0.0, 100_000.0, False,
            apply=lambda v: profile.model_copy(
                update={"growth": _models().Growth(percent_per_year=v)}
            ),
            text=lambda v: f"{_plain_number(v)}%/year",
            moves=_VOLUME_FACTS[1:],
            facts=lambda v: volume_facts(
                profile.volume, growth_record(percent_per_year=v), ingest
            ),
        )  # fmt: skip
    else:
        yield _Numeric(
            "growth", float(d.growth_per_year), 10**9, _MAX_SIZE, False,
            apply=lambda v: profile.model_copy(
                update={"growth": _models().Growth(bytes_per_year=round(v))}
            ),
            text=lambda v: f"{format_size(v)}/year",
            moves=_VOLUME_FACTS[1:],
            facts=lambda v: volume_facts(
                profile.volume, growth_record(bytes_per_year=round(v)), ingest
            ),
        )  # fmt: skip
    yield _Numeric(
        "ingest", float(d.daily_ingest), 10**8, _MAX_SIZE, False,
        apply=lambda v: profile.model_copy(update={"ingest": round(v)}),
        text=lambda v: f"{format_size(v)}/day",
        moves=("daily_ingest",),
        facts=lambda v: volume_facts(profile.volume, growth, round(v))[3:],
    )  # fmt: skip
    yield _Numeric(
        "latency.freshness", float(d.freshness), 1.0, _MAX_SECONDS, False,
        apply=lambda v: profile.model_copy(
            update={"latency": profile.latency.model_copy(update={"freshness": v})}
        ),
        text=format_duration,
        moves=("freshness",),
        facts=lambda v: (float(v),),
    )  # fmt: skip
    yield _Numeric(
        "sources", float(profile.sources), 1.0, 100_000.0, True,
        apply=lambda v: profile.model_copy(update={"sources": int(v)}),
        text=lambda v: str(int(v)),
        moves=("sources",),
        facts=lambda v: (int(v),),
        nice=False,
    )  # fmt: skip
    sums = users_by_skill((group.count, group.skill) for group in profile.users)
    for number, group in enumerate(profile.users):
        yield _Numeric(
            f"users.{number}.count", float(group.count), 1.0, 10_000_000.0, True,
            apply=_with_group(profile, number, "count"),
            text=lambda v: str(int(v)),
            moves=_USER_FACTS,
            facts=_group_facts(sums, group.count, group.skill),
            nice=False,
            name=f"users.{number}.count ({group.role})",
        )  # fmt: skip
    yield _Numeric(
        "structure.structured", float(profile.structure.structured), 0.0, 100.0, True,
        apply=lambda v: profile.model_copy(
            update={"structure": _models().Structure(**_split(profile.structure, v))}
        ),
        text=lambda v: f"{v:g}%",
        moves=_SHARES,
        facts=lambda v: tuple(float(share) for share in _split(profile.structure, v).values()),
        nice=False,
        assign=lambda v: _structure_assignment(_split(profile.structure, v)),
    )  # fmt: skip


def _models() -> ModuleType:
    """The profile models, for ``apply``: tests build the profile a change stands for."""
    from advisor.profiles import profile

    return profile


def _plain_number(value: float) -> str:
    """``value`` as a person writes it, never in scientific notation (``0.0000109``).

    ``--set`` reads what a change reports, and reads no exponent.
    """
    text = format(Decimal(f"{value:.6g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_group(profile: Profile, number: int, field: str) -> Callable[[float], Profile]:
    def apply(value: float) -> Profile:
        users = list(profile.users)
        users[number] = users[number].model_copy(update={field: int(value)})
        return profile.model_copy(update={"users": users})

    return apply


def _group_facts(
    sums: tuple[int, dict[str, int]], count: int, skill: str
) -> Callable[[float], tuple[Any, ...]]:
    """The user facts with one group of ``count`` users of ``skill`` resized."""

    def facts(value: float) -> tuple[Any, ...]:
        return user_shares(*_moved(sums, (count, skill), (int(value), skill)))

    return facts


def _moved(
    sums: tuple[int, dict[str, int]], before: tuple[int, str], after: tuple[int, str]
) -> tuple[int, dict[str, int]]:
    """The sums of :func:`users_by_skill` with one group changed from ``before`` to ``after``."""
    total, by_skill = sums
    changed = dict(by_skill)
    changed[before[1]] -= before[0]
    changed[after[1]] += after[0]
    return total - before[0] + after[0], changed


def _structure_assignment(shares: dict[str, float]) -> str:
    listed = ", ".join(f"{kind}: {share:g}" for kind, share in shares.items())
    return f"structure={{{listed}}}"


def _split(structure: Structure, share: float) -> dict[str, float]:
    """The shares with ``share`` percent structured, the rest split as it was."""
    rest = structure.semi_structured + structure.unstructured
    # Whole percents, as a person would write them; the rest keeps its split.
    semi = round((100 - share) * structure.semi_structured / rest) if rest else 100 - share
    return {"structured": share, "semi_structured": semi, "unstructured": 100 - share - semi}


# -- words -----------------------------------------------------------------------------------------


def _choices(profile: Profile) -> Iterator[_Choice]:
    for field, scale, current in (
        ("budget", BUDGETS, profile.budget),
        ("team", TEAMS, profile.team),
    ):
        for word in scale:
            if word != current:
                steps = scale.index(word) - scale.index(current)
                yield _Choice(field, current, word, abs(steps) * _WORD_STEP,
                              {field: scale.index(word)}, f"{field}:{steps > 0}")  # fmt: skip
    query = profile.latency.query
    for word in QUERIES:
        if word != query:
            yield _Choice("latency.query", query, word, _WORD_STEP, {"query": word},
                          "latency.query")  # fmt: skip
    sums = users_by_skill((group.count, group.skill) for group in profile.users)
    # How many groups have each skill: a skill leaves the profile with its last group.
    holders: Counter[str] = Counter(group.skill for group in profile.users)
    for number, group in enumerate(profile.users):
        for skill in SKILLS:
            if skill != group.skill:
                steps = SKILLS.index(skill) - SKILLS.index(group.skill)
                moved = _moved(sums, (group.count, group.skill), (group.count, skill))
                _, low, medium, high = user_shares(*moved)
                facts = {
                    "skills": frozenset(
                        s for s in SKILLS if s == skill or (holders[s] - (s == group.skill)) > 0
                    ),
                    "nontechnical_share": low,
                    "sql_share": medium,
                    "technical_share": high,
                }
                said = f"users.{number}.skill ({group.count} {group.role}) {group.skill} → {skill}"
                yield _Choice(f"users.{number}.skill", group.skill, skill,
                              abs(steps) * _WORD_STEP, facts,
                              f"users.{number}.skill:{steps > 0}", said)  # fmt: skip
    workloads: list[str] = list(profile.workloads)
    for workload in WORKLOADS:
        changed_list = (
            [w for w in workloads if w != workload]
            if workload in workloads
            else sorted([*workloads, workload], key=WORKLOADS.index)
        )
        listed = "[" + ", ".join(changed_list) + "]"
        # Changing what the data is for is a bigger change than nudging a number.
        said = f"workloads {'-' if workload in workloads else '+'} {workload}"
        yield _Choice("workloads", "[" + ", ".join(workloads) + "]", listed, 1.5,
                      {"workloads": frozenset(changed_list)}, f"workloads:{workload}",
                      said)  # fmt: skip
