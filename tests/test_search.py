"""The search for what would change an answer takes shortcuts; each is checked against the
plain path it stands in for.

- The scorer's primaries are :func:`recommend`'s, whichever facts it is told will vary.
- Each field the search moves gives, without a profile, the facts that the profile with that
  value gives (the fast path computes through the same functions as ``Profile.derived``).
- Each word the search tries moves the facts as ``--set`` with that word does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import RULES, profiles

from advisor.profiles.loader import to_profile
from advisor.reasoning.engine import Scorer, recommend
from advisor.reasoning.evaluation import with_settings
from advisor.reasoning.facts import FACT_INDEX, FACTS, fact_values
from advisor.reasoning.ruleset import load_rules
from advisor.reasoning.sensitivity import CHOICE_FACTS, _choices, _numbers

ROOT = Path(__file__).resolve().parent.parent
TIMESERIES = load_rules([ROOT / "examples" / "packs" / "timeseries.yaml"], cache=False)


def _generated_pack() -> Any:
    """The built-in rules and 120 more, each a criterion of its own (as large packs are).

    Each compares one number by an ordered operator: the scorer sums these by bisection.
    """
    import tempfile

    facts = [("volume", "ge", "{n} GB"), ("freshness", "le", "{n}m"),
             ("users_total", "gt", "{n}"), ("structured_share", "lt", "{p}")]  # fmt: skip
    options = ["database", "warehouse", "lake", "lakehouse", "batch", "streaming"]
    lines = ["pack: generated", "version: 1.0.0", "sources:", "  g:", "    title: Generated",
             "    claims: G1-G1", "    said:", "      G1: Generated.", "rules:"]  # fmt: skip
    for n in range(120):
        fact, op, value = facts[n % len(facts)]
        lines += [
            f"  - id: storage.generated-{n:03d}",
            f"    title: Generated {n}",
            "    rationale: Generated.",
            "    sources: [g:G1]",
            f"    when: {{fact: {fact}, op: {op}, value: {value.format(n=1 + n * 7, p=n % 100)}}}",
            f"    effects: {{score: {{{options[n % 6]}: {(-1) ** n * (5 + n % 40)}}}}}",
        ]
    folder = Path(tempfile.mkdtemp(prefix="advisor-generated-"))
    (folder / "generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_rules([folder / "generated.yaml"], cache=False)


# Rules alone in their counts take the scorer's short way (RuleSet.alone).
GENERATED = _generated_pack()


@settings(max_examples=150, deadline=None)
@given(profiles(), profiles(), st.sets(st.sampled_from([f.name for f in FACTS])))
def test_the_scorer_picks_the_primaries_that_recommend_picks(
    first: dict[str, Any], second: dict[str, Any], varying: set[str]
) -> None:
    # Prepared on one profile, asked about another that differs in the varying facts only.
    a, b = to_profile(first), to_profile(second)
    values_a, values_b = fact_values(a), fact_values(b)
    mixed = tuple(
        values_b[i] if fact.name in varying else values_a[i] for i, fact in enumerate(FACTS)
    )
    for rules in (RULES, TIMESERIES, GENERATED):
        scorer = Scorer(rules, values_a, frozenset(FACT_INDEX[name] for name in varying))
        expected = _primaries_of(mixed, rules)
        assert scorer.primaries(mixed) == expected
        assert scorer.primaries(values_a) == tuple(
            getattr(recommend(a, rules), d).primary for d in scorer.decisions
        )


def _primaries_of(values: tuple[Any, ...], rules: Any) -> tuple[str, ...]:
    """The primaries recommend gives for a fact tuple (through a scorer that varies nothing)."""
    return Scorer(rules, values, frozenset()).primaries(values)


def test_the_generated_rules_take_the_short_way() -> None:
    # Guards the guard: the generated pack does exercise the rules alone in their counts.
    assert sum(rule.id.startswith("storage.generated-") for rule in GENERATED.rules) == 120
    alone = [
        rule.id
        for rule, changes in zip(GENERATED.rules, GENERATED.alone, strict=True)
        if changes is not None
    ]
    assert sum(rule_id.startswith("storage.generated-") for rule_id in alone) == 120


@pytest.mark.parametrize("op", ["ge", "gt", "le", "lt"])
def test_a_staircase_adds_what_testing_each_rule_adds(op: str) -> None:
    # The scorer sums rules of one comparison by bisection (engine._Steps); at every value a
    # rule compares with, and on either side of it, the sum is what testing each rule gives.
    import random

    from advisor.reasoning.engine import _Steps
    from advisor.reasoning.operators import OPS

    rng = random.Random(op)
    options = ("database", "warehouse", "lake")
    wants = [rng.choice([1, 2, 2, 5, 10, 10, 10, 2.5, 40]) for _ in range(30)]
    rules = [
        (want, tuple((o, rng.randint(-20, 20)) for o in rng.sample(options, rng.randint(1, 3))))
        for want in wants
    ]
    steps = _Steps(0, op, rules, options)
    for value in sorted({v + d for v in wants for d in (-1, -0.5, 0, 0.5, 1)}):
        expected = dict.fromkeys(options, 0)
        for want, changes in rules:
            if OPS[op].test(value, want):
                for option, delta in changes:
                    expected[option] += delta
        assert steps.at(value) == tuple(expected[o] for o in options), value


@settings(max_examples=100, deadline=None)
@given(profiles())
def test_a_scorer_that_varies_nothing_agrees_with_recommend(data: dict[str, Any]) -> None:
    profile = to_profile(data)
    for rules in (RULES, TIMESERIES, GENERATED):
        rec = recommend(profile, rules)
        scorer = Scorer(rules, fact_values(profile), frozenset())
        assert scorer.primaries(fact_values(profile)) == (rec.storage.primary, rec.pipeline.primary)


@settings(max_examples=60, deadline=None)
@given(profiles(), st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=3, max_size=3))
def test_each_field_moves_the_facts_its_profile_would_have(
    data: dict[str, Any], where: list[float]
) -> None:
    profile = to_profile(data)
    for knob in _numbers(profile):
        span = (knob.lowest, min(knob.highest, max(knob.current, 1.0) * 1000))
        for at in where:
            value = span[0] + (span[1] - span[0]) * at
            value = float(round(value)) if knob.whole else value
            expected = fact_values(knob.apply(value))
            got = knob.facts(value)
            assert got == tuple(expected[FACT_INDEX[name]] for name in knob.moves), knob.field


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_each_word_moves_the_facts_as_set_does(data: dict[str, Any]) -> None:
    profile = to_profile(data)
    values = fact_values(profile)
    for choice in _choices(profile):
        assert set(choice.facts) <= set(CHOICE_FACTS)
        expected = fact_values(with_settings(profile, [f"{choice.field}={choice.value}"]))
        for index, fact in enumerate(FACTS):
            got = choice.facts.get(fact.name, values[index])
            assert got == expected[index], (choice.field, choice.value, fact.name)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=str)
def test_the_search_finds_the_same_changes_whatever_its_step(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bands, not the scan's step, decide where an answer flips: a coarser or finer scan finds
    # the same edges (the end of the reach is always tried).
    import advisor
    from advisor.reasoning import sensitivity

    profile = advisor.load_profile(example)
    found = sensitivity.what_would_change(profile, RULES)
    for step in (1.3, 4.0):
        monkeypatch.setattr(sensitivity, "_STEP", step)
        assert sensitivity.what_would_change(profile, RULES) == found


def test_a_tiny_growth_rate_is_reported_as_set_reads_it() -> None:
    # At 100 EB a growth of 0.0069 %/year adds about 19 TB a day; the change that brings it
    # under 30 GB a day is a rate of about 0.00001 %: written out, not as 1.09e-05.
    import advisor

    data = {
        "volume": "100 EB",
        "growth": "0.0069%/year",
        "structure": "structured",
        "latency": "1d",
        "users": [{"role": "data_scientist", "skill": "medium"}],
        "sources": 961,
        "workloads": ["reporting", "archive", "ml"],
        "budget": "low",
    }
    profile = to_profile(data)
    rec = advisor.evaluate(profile, what_if=True)
    growth = [c for c in rec.what_would_change if c.field == "growth"]
    assert growth
    for change in growth:
        assert "e-" not in change.assignment
        varied = recommend(with_settings(profile, [change.assignment]), RULES)
        assert getattr(varied, change.decision).primary == change.primary


def test_without_the_search_nothing_claims_it_was_done() -> None:
    import advisor
    from advisor.renderers import render

    edge = {
        "volume": "1 TB",
        "structure": "structured",
        "latency": "1d",
        "users": [{"role": "business", "count": 150}, {"role": "analyst", "count": 6}],
        "sources": 5,
        "workloads": ["dashboards", "reporting"],
    }
    plain = advisor.evaluate(edge)
    searched = advisor.evaluate(edge, what_if=True)
    assert searched.confidence.storage == "low"  # 1 TB → 990 GB flips it
    for fmt in ("plain", "rich", "markdown", "adr"):
        text = " ".join(render([plain], fmt, color=False).split())
        assert "not searched" in text, fmt
        assert "no change of 10 %" not in text, fmt
        assert "no single change found" not in text, fmt
        full = " ".join(render([searched], fmt, color=False).split())
        assert "not searched" not in full, fmt


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 10_000), st.sampled_from(["low", "medium", "high"])),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_moving_one_group_gives_the_facts_of_adding_every_group_again(
    groups: list[tuple[int, str]], data: st.DataObject
) -> None:
    from advisor.profiles.profile import user_facts, user_shares, users_by_skill
    from advisor.reasoning.sensitivity import _moved

    number = data.draw(st.integers(0, len(groups) - 1))
    after = (
        data.draw(st.integers(1, 10_000)),
        data.draw(st.sampled_from(["low", "medium", "high"])),
    )
    changed = [*groups[:number], after, *groups[number + 1 :]]
    moved = _moved(users_by_skill(groups), groups[number], after)
    assert user_shares(*moved) == user_facts(changed)


def test_a_thousand_groups_are_read_as_the_few_they_add_up_to() -> None:
    # The facts read the users' totals and shares, not how they are grouped: a thousand small
    # groups and the four they add up to rank every option the same, searched or not.
    roles = ["business", "analyst", "engineer", "data_scientist"]
    counts = [(roles[n % 4], 1 + n % 40) for n in range(1000)]
    many = [{"role": role, "count": count} for role, count in counts]
    few = [{"role": r, "count": sum(c for role, c in counts if role == r)} for r in roles]
    base = {"volume": "3 TB", "structure": "structured", "latency": "1d"}
    from advisor.reasoning.evaluation import evaluate

    split, merged = (
        evaluate(to_profile({**base, "users": users}), what_if=True) for users in (many, few)
    )
    for decision in ("storage", "pipeline"):
        ranks = [
            [(r.option, r.sum) for r in getattr(rec, decision).ranking] for rec in (split, merged)
        ]
        assert ranks[0] == ranks[1]
    assert split.confidence == merged.confidence
    assert split.searched
