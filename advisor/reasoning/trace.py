"""Why, with the values: a rule's condition read against a profile's actual facts.

``volume_in_1y 7.8 TB ≥ 3 TB`` says both what the rule asks and what the profile has, so a
reader can check a reason without opening the rule. A rule whose condition is a list of tests
that all but one of hold "nearly fired": naming the test that failed tells a team how close an
option came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.profiles.units import format_duration, format_size
from advisor.reasoning.facts import FACT_INDEX, FACTS_BY_NAME, Fact, FactValues, fact_values
from advisor.reasoning.operators import OPS
from advisor.reasoning.records import assemble, updated
from advisor.reasoning.ruleset import CompiledRule, RuleSet

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile
    from advisor.reasoning.recommendation import NearMiss, Reason, Recommendation


def trace(condition: dict[str, Any], values: FactValues) -> str:
    """``condition`` in words, each test with the profile's value beside what it asks."""
    for group, joiner in (("all", " and "), ("any", " or ")):
        if group in condition:
            parts = [trace(part, values) for part in condition[group]]
            return joiner.join(f"({p})" if " and " in p or " or " in p else p for p in parts)
    if "not" in condition:
        return f"not ({trace(condition['not'], values)})"
    fact = FACTS_BY_NAME[condition["fact"]]
    actual = _shown(fact, values[FACT_INDEX[fact.name]])
    wanted = condition.get("value")
    wanted_text = ", ".join(map(str, wanted)) if isinstance(wanted, list) else str(wanted)
    if condition["op"] in {"eq", "ne"}:
        # "team is large", "team is small, not large": not "team large is large".
        if actual == wanted_text:
            return f"{fact.name} is {actual}"
        return f"{fact.name} is {actual}, not {wanted_text}"
    return f"{fact.name} {actual} {OPS[condition['op']].words} {wanted_text}"


def traced(
    reasons: tuple[Reason, ...],
    rules: RuleSet,
    values: FactValues,
    known: dict[str, str] | None = None,
) -> tuple[Reason, ...]:
    """``reasons`` each with ``when``: its rule's condition with the profile's values.

    Args:
        reasons: The reasons to trace.
        rules: The rule set the reasons come from.
        values: The profile's facts.
        known: Traces already made for these values, by rule id (one rule gives reasons to
            several options, with the same trace for each); filled as traces are made.
    """
    known = {} if known is None else known
    traced_reasons = []
    for reason in reasons:
        when = known.get(reason.rule)
        if when is None:
            when = known[reason.rule] = trace(rules.rule(reason.rule).when, values)
        traced_reasons.append(updated(reason, when=when))
    return tuple(traced_reasons)


def near_misses(profile: Profile, rules: RuleSet, fired: set[str]) -> dict[str, list[NearMiss]]:
    """For each option, the rules that would have raised it but for one failed test.

    Only rules whose condition is a list of two or more tests (``all``) are weighed: "all but
    one" means nothing for a single test. Other bands of a criterion that counted are left out.
    """
    values = fact_values(profile)
    found: dict[str, list[NearMiss]] = {}
    # Another band of a criterion that counted is not a near miss: only one band can hold.
    counted = {rules.rule(rule_id).criterion for rule_id in fired}
    for rule in rules.rules:
        if rule.id in fired or rule.criterion in counted:
            continue
        failed = _failed_tests(rule, values)
        if failed is None or len(failed) != 1:
            continue
        raised = [o for o, delta, _ in rule.scores if delta > 0] + [o for o, _ in rule.requires]
        for option in raised:
            found.setdefault(option, []).append(
                assemble(
                    rules.output.NearMiss,
                    rule=rule.id,
                    title=rule.title,
                    failed=trace(failed[0], values),
                )
            )
    return found


def explained(rec: Recommendation, rules: RuleSet) -> Recommendation:
    """``rec`` with each reason's values (``when``) and each losing option's near misses."""
    values = fact_values(rec.profile)
    misses = near_misses(rec.profile, rules, set(rec.rules.fired))
    known: dict[str, str] = {}
    decisions = {}
    for name in ("storage", "pipeline"):
        decision = getattr(rec, name)
        ranking = tuple(
            updated(
                entry,
                reasons=traced(entry.reasons, rules, values, known),
                near_misses=()
                if entry.option == decision.primary
                else tuple(misses.get(entry.option, ())),
            )
            for entry in decision.ranking
        )
        decisions[name] = updated(decision, ranking=ranking)
    cited = sorted(
        {
            citation.partition(":")[0]
            for decision in (rec.storage, rec.pipeline)
            for entry in decision.ranking
            for reason in entry.reasons
            for citation in reason.sources
        }
    )
    sources = tuple(
        assemble(
            rules.output.SourceInfo,
            name=name,
            title=rules.sources.get(name, {}).get("title", name),
            url=rules.sources.get(name, {}).get("url"),
        )
        for name in cited
    )
    return updated(rec, **decisions, rules=updated(rec.rules, sources=sources))


def _failed_tests(rule: CompiledRule, values: FactValues) -> list[dict[str, Any]] | None:
    if not rule.parts:
        return None
    return [
        test for test, part in zip(rule.when["all"], rule.parts, strict=True) if not part(values)
    ]


def _shown(fact: Fact, value: Any) -> str:
    if fact.kind == "size":
        return format_size(value)
    if fact.kind == "duration":
        return format_duration(value)
    if fact.kind == "share":
        return f"{value:.3g}%"
    if fact.kind == "set":
        return "[" + ", ".join(sorted(value)) + "]"
    if fact.kind == "choice" and fact.ordered:
        return str(fact.choices[value])
    return str(value)
