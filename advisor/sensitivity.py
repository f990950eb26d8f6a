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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .engine import recommend
from .profile import BUDGETS, QUERIES, SKILLS, TEAMS, WORKLOADS, Growth, Profile, Structure
from .recommendation import (
    Change,
    Confidence,
    Level,
    Outlook,
    OutlookChange,
    OutlookPoint,
    Recommendation,
    assemble,
)
from .ruleset import RuleSet
from .trace import explained
from .units import format_duration, format_size

DECISIONS = ("storage", "pipeline")
# How far a number is scanned, at most: a thousand times, or a thousandth of, its value.
_REACH = 1000.0
_STEP = 1.6
# A word on a scale one step away counts as far as a number changed by this ratio.
_WORD_STEP = 0.7
_MAX_SIZE = 10**24
_MAX_SECONDS = 10 * 365 * 86400


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
    # Whether the edge is rounded to a value a person would write (not counts and shares,
    # which are whole already).
    nice: bool = True
    # The --set text for a value, when it is not `field=text(value)` (the structure's shares
    # are set together, so that they still add up to 100).
    assign: Callable[[float], str] | None = None

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
    apply: Callable[[], Profile]
    # Changes of one kind: only the nearest of a kind that flips is kept (team 'small' flips
    # it, so team 'none', further the same way, says nothing more).
    kind: str = ""


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


def _nearest_changes(profile: Profile, rules: RuleSet) -> list[tuple[float, Change]]:
    """:func:`what_would_change`, each change with its distance from the profile."""
    base = recommend(profile, rules)
    found: list[tuple[float, int, str, Change]] = []
    for knob in _numbers(profile):
        for direction in (1, -1):
            for distance, change in _numeric_flips(knob, direction, base, rules):
                kind = f"{knob.field}:{direction}"
                found.append((distance, DECISIONS.index(change.decision), kind, change))
    for choice in _choices(profile):
        rec = recommend(choice.apply(), rules)
        for decision in DECISIONS:
            after = _primary(rec, decision)
            if after != _primary(base, decision):
                change = _change(
                    decision,
                    choice.field,
                    before=choice.current,
                    after=choice.value,
                    primary=after,
                    assignment=f"{choice.field}={choice.value}",
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
    changes = _nearest_changes(rec.profile, rules)
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
    data["outlook"] = growth_outlook(rec.profile, rules)
    data["confidence"] = assemble(Confidence, **levels)
    return explained(assemble(type(rec), **data), rules)


OUTLOOK_MONTHS = 36


def growth_outlook(profile: Profile, rules: RuleSet) -> Outlook | None:
    """The answer now, in 12 and in 36 months as the data grows, and the month it changes.

    Returns:
        ``None`` when the profile does not grow.
    """
    growth = profile.growth
    if growth is None or growth.per_year(profile.volume) <= 0:
        return None

    def at(months: int) -> tuple[Profile, Recommendation]:
        volume = round(growth.project(profile.volume, months / 12))
        later = profile.model_copy(update={"volume": min(volume, _MAX_SIZE)})
        return later, recommend(later, rules)

    answers = [at(months) for months in range(OUTLOOK_MONTHS + 1)]
    points = tuple(
        assemble(
            OutlookPoint,
            months=months,
            volume=format_size(answers[months][0].volume),
            storage=answers[months][1].storage.primary,
            pipeline=answers[months][1].pipeline.primary,
        )
        for months in (0, 12, 36)
    )
    changes = []
    for decision in DECISIONS:
        now = _primary(answers[0][1], decision)
        for months in range(1, OUTLOOK_MONTHS + 1):
            then = _primary(answers[months][1], decision)
            if then != now:
                changes.append(
                    assemble(OutlookChange, decision=decision, month=months, before=now, after=then)
                )
                break
    return assemble(Outlook, points=points, changes=tuple(changes))


def _change(
    decision: str, field: str, *, before: str, after: str, primary: str, assignment: str
) -> Change:
    summary = f"{field} {before} → {after}: {decision} becomes {primary}"
    return assemble(
        Change,
        field=field,
        before=before,
        after=after,
        decision=decision,
        primary=primary,
        assignment=assignment,
        summary=summary,
    )


# -- numbers ---------------------------------------------------------------------------------------


def _numeric_flips(
    knob: _Numeric, direction: int, base: Recommendation, rules: RuleSet
) -> Iterator[tuple[float, Change]]:
    """For each decision, the nearest value in ``direction`` at which its primary changes."""
    wanted = {decision: _primary(base, decision) for decision in DECISIONS}
    last = knob.current
    for value in _scan(knob, direction):
        rec = recommend(knob.apply(value), rules)
        flipped = [d for d in wanted if _primary(rec, d) != wanted[d]]
        for decision in flipped:
            edge = _edge(knob, (last, value), decision, wanted[decision], rules)
            after = recommend(knob.apply(edge), rules)
            yield (
                _distance(knob, edge),
                _change(
                    decision,
                    knob.field,
                    before=knob.text(knob.current),
                    after=knob.text(edge),
                    primary=_primary(after, decision),
                    assignment=knob.assignment(edge),
                ),
            )
            del wanted[decision]
        if not wanted:
            return
        last = value


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
        if direction > 0 and (value > knob.highest or value > limit):
            if knob.highest not in seen and start < knob.highest <= limit:
                yield knob.highest
            return
        if direction < 0 and (value < knob.lowest or value < floor):
            if knob.lowest not in seen and floor <= knob.lowest < start:
                yield knob.lowest
            return
        if value in seen:
            value += direction
            if knob.whole and not knob.lowest <= value <= knob.highest:
                return
        seen.add(value)
        yield value


def _edge(
    knob: _Numeric, between: tuple[float, float], decision: str, primary: str, rules: RuleSet
) -> float:
    """The value nearest the first of ``between`` at which ``decision`` leaves ``primary``.

    The first value keeps the answer and the second changes it; the result is a value a person
    would write (few significant digits, whole minutes) on the changed side.
    """
    inside, outside = between

    def changed(value: float) -> bool:
        return _primary(recommend(knob.apply(value), rules), decision) != primary

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
    past = _primary(recommend(knob.apply(outside), rules), decision)
    near: list[float] = []
    for value, tolerance in _nice_values(knob, outside, up):
        # On the changed side, with the same new answer as at the edge itself.
        if (value - inside) * (outside - inside) > 0 and (
            _primary(recommend(knob.apply(value), rules), decision) == past
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


def _numbers(profile: Profile) -> Iterator[_Numeric]:
    d = profile.derived
    yield _Numeric(
        "volume", float(profile.volume), 0.0, _MAX_SIZE, False,
        lambda v: profile.model_copy(update={"volume": round(v)}), format_size,
    )  # fmt: skip
    growth = profile.growth
    if growth is not None and growth.percent_per_year is not None:
        yield _Numeric(
            "growth", growth.percent_per_year, 0.0, 100_000.0, False,
            lambda v: profile.model_copy(update={"growth": Growth(percent_per_year=v)}),
            lambda v: f"{v:g}%/year",
        )  # fmt: skip
    else:
        yield _Numeric(
            "growth", float(d.growth_per_year), 10**9, _MAX_SIZE, False,
            lambda v: profile.model_copy(update={"growth": Growth(bytes_per_year=round(v))}),
            lambda v: f"{format_size(v)}/year",
        )  # fmt: skip
    yield _Numeric(
        "ingest", float(d.daily_ingest), 10**8, _MAX_SIZE, False,
        lambda v: profile.model_copy(update={"ingest": round(v)}),
        lambda v: f"{format_size(v)}/day",
    )  # fmt: skip
    yield _Numeric(
        "latency.freshness", float(d.freshness), 1.0, _MAX_SECONDS, False,
        lambda v: profile.model_copy(
            update={"latency": profile.latency.model_copy(update={"freshness": v})}
        ),
        format_duration,
    )  # fmt: skip
    yield _Numeric(
        "sources", float(profile.sources), 1.0, 100_000.0, True,
        lambda v: profile.model_copy(update={"sources": int(v)}), lambda v: str(int(v)), False,
    )  # fmt: skip
    for number, group in enumerate(profile.users):
        yield _Numeric(
            f"users.{number}.count", float(group.count), 1.0, 10_000_000.0, True,
            _with_group(profile, number, "count"), lambda v: str(int(v)), False,
        )  # fmt: skip
    yield _Numeric(
        "structure.structured", float(profile.structure.structured), 0.0, 100.0, True,
        lambda v: profile.model_copy(update={"structure": _structured(profile.structure, v)}),
        lambda v: f"{v:g}%", False,
        lambda v: _structure_assignment(_structured(profile.structure, v)),
    )  # fmt: skip


def _with_group(profile: Profile, number: int, field: str) -> Callable[[float], Profile]:
    def apply(value: float) -> Profile:
        users = list(profile.users)
        users[number] = users[number].model_copy(update={field: int(value)})
        return profile.model_copy(update={"users": users})

    return apply


def _structure_assignment(structure: Structure) -> str:
    shares = ", ".join(
        f"{kind}: {getattr(structure, kind):g}"
        for kind in ("structured", "semi_structured", "unstructured")
    )
    return f"structure={{{shares}}}"


def _structured(structure: Structure, share: float) -> Structure:
    """``structure`` with ``share`` percent structured, the rest split as it was."""
    rest = structure.semi_structured + structure.unstructured
    # Whole percents, as a person would write them; the rest keeps its split.
    semi = round((100 - share) * structure.semi_structured / rest) if rest else 100 - share
    return Structure(structured=share, semi_structured=semi, unstructured=100 - share - semi)


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
                              _with(profile, **{field: word}), f"{field}:{steps > 0}")  # fmt: skip
    query = profile.latency.query
    for word in QUERIES:
        if word != query:
            latency = profile.latency.model_copy(update={"query": word})
            yield _Choice("latency.query", query, word, _WORD_STEP,
                          _with(profile, latency=latency), "latency.query")  # fmt: skip
    for number, group in enumerate(profile.users):
        for skill in SKILLS:
            if skill != group.skill:
                steps = SKILLS.index(skill) - SKILLS.index(group.skill)
                users = list(profile.users)
                users[number] = group.model_copy(update={"skill": skill})
                yield _Choice(f"users.{number}.skill", group.skill, skill,
                              abs(steps) * _WORD_STEP, _with(profile, users=users),
                              f"users.{number}.skill:{steps > 0}")  # fmt: skip
    workloads: list[str] = list(profile.workloads)
    for workload in WORKLOADS:
        changed = (
            [w for w in workloads if w != workload]
            if workload in workloads
            else sorted([*workloads, workload], key=WORKLOADS.index)
        )
        listed = "[" + ", ".join(changed) + "]"
        # Changing what the data is for is a bigger change than nudging a number.
        yield _Choice("workloads", "[" + ", ".join(workloads) + "]", listed, 1.5,
                      _with(profile, workloads=changed), f"workloads:{workload}")  # fmt: skip


def _primary(rec: Recommendation, decision: str) -> str:
    return rec.storage.primary if decision == "storage" else rec.pipeline.primary


def _with(profile: Profile, **update: Any) -> Callable[[], Profile]:
    return lambda: profile.model_copy(update=update)
