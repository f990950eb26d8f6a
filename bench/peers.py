"""The built-in rules' conditions, run by advisor and by the Python rule engines a user could pick.

Each peer gets the same conditions (every rule's ``when`` of the built-in pack, translated into
its own language) and the same facts of the same distinct profiles; before any timing, each must
agree with advisor on which rules fire for every profile, so that the figures compare equal work.
Only the conditions are timed, not advisor's scoring or explanations: that is all a peer does.

The peers are optional (``pip install -e '.[bench]'``); a missing one is reported and skipped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Sizes are bytes, durations seconds, shares percent, ordered words their position: the facts as
# advisor's own conditions see them (advisor.reasoning.facts.fact_values), sets as sorted lists.
Facts = dict[str, Any]


@dataclass(frozen=True)
class PeerResult:
    """One engine's time to test every condition on every profile."""

    name: str
    seconds: float | None  # None: not installed
    note: str = ""


def facts_of(profiles: Sequence[Any]) -> tuple[list[tuple[Any, ...]], list[Facts]]:
    """Each profile's fact tuple (advisor's input) and fact mapping (the peers' input)."""
    from advisor.reasoning.facts import FACTS, fact_values

    tuples = [fact_values(profile) for profile in profiles]
    mappings = [
        {
            fact.name: sorted(value) if isinstance(value, frozenset) else value
            for fact, value in zip(FACTS, values, strict=True)
        }
        for values in tuples
    ]
    return tuples, mappings


def _conditions(rules: Any) -> list[dict[str, Any]]:
    """Each rule's condition with its values as the facts hold them (bytes, seconds, positions)."""
    from advisor.reasoning.facts import FACTS_BY_NAME
    from advisor.reasoning.ruleset import fact_value

    def resolved(condition: dict[str, Any]) -> dict[str, Any]:
        for key in ("all", "any"):
            if key in condition:
                return {key: [resolved(part) for part in condition[key]]}
        if "not" in condition:
            return {"not": resolved(condition["not"])}
        fact = FACTS_BY_NAME[condition["fact"]]
        value = fact_value(fact, condition["op"], condition.get("value"))
        if isinstance(value, frozenset | set | tuple):
            value = sorted(value)
        return {"fact": fact.name, "op": condition["op"], "value": value}

    return [resolved(rule.when) for rule in rules.rules]


# -- rule-engine and zen-engine: one expression string per rule -------------------------------

_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _expression(condition: dict[str, Any], member: Callable[[str, str], str]) -> str:
    """``condition`` in the expression languages of rule-engine and zen-engine.

    They differ only in how a set is asked for a member: ``member(fact, item)``.
    """
    if "all" in condition:
        return "(" + " and ".join(_expression(p, member) for p in condition["all"]) + ")"
    if "any" in condition:
        return "(" + " or ".join(_expression(p, member) for p in condition["any"]) + ")"
    if "not" in condition:
        return "(not " + _expression(condition["not"], member) + ")"
    fact, op, value = condition["fact"], condition["op"], condition["value"]
    if op in _COMPARE:
        return f"({fact} {_COMPARE[op]} {_literal(value)})"
    if op in {"in", "not_in"}:
        inside = f"({fact} in {_literal(value)})"
        return inside if op == "in" else f"(not {inside})"
    if op in {"has", "lacks"}:
        found = member(fact, _literal(value))
        return found if op == "has" else f"(not {found})"
    members = [member(fact, _literal(item)) for item in value]
    if op == "has_any":
        return "(" + " or ".join(members) + ")"
    if op == "has_all":
        return "(" + " and ".join(members) + ")"
    return "(not (" + " or ".join(members) + "))"  # has_none


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(float(value)) if isinstance(value, float) else str(value)


def rule_engine_tester(conditions: list[dict[str, Any]]) -> Callable[[Facts], list[bool]]:
    import rule_engine

    def member(fact: str, item: str) -> str:
        return f"({item} in {fact})"

    compiled = [rule_engine.Rule(_expression(c, member)) for c in conditions]
    return lambda facts: [rule.matches(facts) for rule in compiled]


def zen_tester(conditions: list[dict[str, Any]]) -> Callable[[Facts], list[bool]]:
    import zen

    def member(fact: str, item: str) -> str:
        return f"contains({fact}, {item})"

    compiled = [zen.compile_expression(_expression(c, member)) for c in conditions]
    return lambda facts: [bool(expression.evaluate(facts)) for expression in compiled]


# -- business-rules (venmo): JSON conditions over a variables class ---------------------------

_BR_COMPARE = {
    "eq": "equal_to",
    "lt": "less_than",
    "le": "less_than_or_equal_to",
    "gt": "greater_than",
    "ge": "greater_than_or_equal_to",
}
_INVERSE = {
    "eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le", "in": "not_in",
    "not_in": "in", "has": "lacks", "lacks": "has", "has_any": "has_none", "has_none": "has_any",
}  # fmt: skip


def _business_rules(condition: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    """A condition in business-rules' form: only all/any, so a ``not`` is pushed to the leaves."""
    if "all" in condition:
        return {"all": [_business_rules(p, kinds) for p in condition["all"]]}
    if "any" in condition:
        return {"any": [_business_rules(p, kinds) for p in condition["any"]]}
    if "not" in condition:
        return _business_rules(_negated(condition["not"]), kinds)
    fact, op, value = condition["fact"], condition["op"], condition["value"]
    if kinds[fact] == "set":
        named = {
            "has": ("contains_all", [value]),
            "lacks": ("shares_no_elements_with", [value]),
            "has_any": ("shares_at_least_one_element_with", value),
            "has_all": ("contains_all", value),
            "has_none": ("shares_no_elements_with", value),
        }[op]
        return {"name": fact, "operator": named[0], "value": named[1]}
    if op in {"in", "not_in"}:
        each = [{"name": fact, "operator": "equal_to", "value": v} for v in value]
        if op == "in":
            return {"any": each}
        return {"all": [_business_rules({"not": {"fact": fact, "op": "eq", "value": v}}, kinds)
                        for v in value]}  # fmt: skip
    if op == "ne" and kinds[fact] == "number":
        return {"any": [{"name": fact, "operator": "less_than", "value": value},
                        {"name": fact, "operator": "greater_than", "value": value}]}  # fmt: skip
    if op == "ne":  # no "not equal" for text: a pattern that matches anything else
        return {"name": fact, "operator": "matches_regex", "value": f"^(?!{re.escape(value)}$)"}
    return {"name": fact, "operator": _BR_COMPARE[op], "value": value}


def _negated(condition: dict[str, Any]) -> dict[str, Any]:
    if "all" in condition:
        return {"any": [_negated(p) for p in condition["all"]]}
    if "any" in condition:
        return {"all": [_negated(p) for p in condition["any"]]}
    if "not" in condition:
        inner: dict[str, Any] = condition["not"]
        return inner
    op = condition["op"]
    if op == "has_all":
        return {"any": [{**condition, "op": "lacks", "value": v} for v in condition["value"]]}
    return {**condition, "op": _INVERSE[op]}


def business_rules_tester(
    conditions: list[dict[str, Any]], sample: Facts
) -> Callable[[Facts], list[bool]]:
    from business_rules import engine, variables

    kinds = {
        name: "set" if isinstance(v, list) else "number" if not isinstance(v, str) else "text"
        for name, v in sample.items()
    }

    def variable(name: str, kind: str) -> Any:
        decorator = {
            "set": variables.select_multiple_rule_variable,
            "number": variables.numeric_rule_variable,
            "text": variables.string_rule_variable,
        }[kind]

        def read(self: Any) -> Any:
            return self.facts[name]

        read.__name__ = name
        return decorator()(read)

    members: dict[str, Any] = {"__init__": lambda self, facts: setattr(self, "facts", facts)}
    for name, kind in kinds.items():
        members[name] = variable(name, kind)
    Variables = type("Variables", (variables.BaseVariables,), members)  # noqa: N806
    translated = [_business_rules(c, kinds) for c in conditions]
    return lambda facts: [
        engine.check_conditions_recursively(c, Variables(facts)) for c in translated
    ]


# -- timing -------------------------------------------------------------------------------------


def compare(profiles: Sequence[Any], rules: Any, *, passes: int = 3) -> list[PeerResult]:
    """Time every engine on every condition of ``rules`` for each of ``profiles``."""
    tuples, mappings = facts_of(profiles)
    conditions = _conditions(rules)
    expected = [[rule.test(values) for rule in rules.rules] for values in tuples]

    def advisor_pass() -> None:
        for values in tuples:
            for rule in rules.rules:
                rule.test(values)

    results = [PeerResult("advisor", _best(advisor_pass, passes))]
    builders: list[tuple[str, Callable[[], Callable[[Facts], list[bool]]]]] = [
        ("rule-engine", lambda: rule_engine_tester(conditions)),
        ("business-rules", lambda: business_rules_tester(conditions, mappings[0])),
        ("zen-engine", lambda: zen_tester(conditions)),
    ]
    for name, build in builders:
        try:
            tester = build()
        except ImportError:
            results.append(PeerResult(name, None, "not installed: pip install -e '.[bench]'"))
            continue
        fired = [tester(facts) for facts in mappings]
        if fired != expected:
            wrong = sum(a != b for a, b in zip(fired, expected, strict=True))
            results.append(PeerResult(name, None, f"disagrees with advisor on {wrong} profiles"))
            continue

        def peer_pass(tester: Callable[[Facts], list[bool]] = tester) -> None:
            for facts in mappings:
                tester(facts)

        results.append(PeerResult(name, _best(peer_pass, passes)))
    return results


def _best(run: Callable[[], None], passes: int) -> float:
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)
