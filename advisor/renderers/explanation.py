"""Explanations: rules in words, and (later) what would change an answer."""

from __future__ import annotations

from typing import Any

from advisor.profiles.units import format_duration
from advisor.reasoning.operators import OPS
from advisor.reasoning.ruleset import CompiledRule, RuleSet


def describe_condition(condition: dict[str, Any], indent: str = "") -> list[str]:
    """A condition as indented lines of plain words."""
    if "all" in condition:
        return [f"{indent}all of:"] + [
            line for part in condition["all"] for line in describe_condition(part, indent + "  ")
        ]
    if "any" in condition:
        return [f"{indent}any of:"] + [
            line for part in condition["any"] for line in describe_condition(part, indent + "  ")
        ]
    if "not" in condition:
        return [f"{indent}not:", *describe_condition(condition["not"], indent + "  ")]
    value = condition.get("value")
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return [f"{indent}{condition['fact']} {OPS[condition['op']].words} {shown}"]


def describe_rule(rule: CompiledRule, rules: RuleSet, *, width: int = 100) -> str:
    """A rule in full, for ``advisor rules show``.

    Args:
        rule: The rule.
        rules: The rule set it belongs to (for its sources).
        width: Lines are wrapped at words to this many columns (prose to at most 88); an
            address longer than the line is not cut.
    """
    from advisor.text import clean

    prose = min(width, 88)
    lines = [clean(rule.id), *_wrap(clean(rule.title), width), ""]
    lines += [*_wrap(clean(rule.rationale), prose), ""]
    if rule.criterion != rule.id:
        criterion = f"Criterion: {clean(rule.criterion)} (counted once per option)"
        lines += [*_wrap(criterion, width), ""]
    lines.append("When:")
    for line in describe_condition(rule.when):
        lines += _wrap(clean(line), width, "  ")
    lines += ["", "Then:"]
    for option, delta, _ in rule.scores:
        lines.append(f"  {option} {delta:+d}")
    for kind, items in (
        ("eliminate", rule.eliminates),
        ("require", rule.requires),
        ("complement", rule.complements),
    ):
        lines += [f"  {kind} {option}" for option, _ in items]
    if rule.cadence is not None:
        lines.append(f"  batch cadence at most {format_duration(rule.cadence)}")
    if rule.warn is not None:
        lines.append(f"  warn {clean(rule.warn)}")
    lines += ["", "Sources:"]
    for citation in rule.sources:
        name = citation.split(":", 1)[0]
        source = rules.sources.get(name, {})
        detail = source.get("title", "")
        if source.get("url"):
            detail += f" <{source['url']}>"
        lines += _wrap(f"{clean(citation)}: {clean(detail)}", width, "  ", "    ")
        said = source.get("said", {}).get(citation.partition(":")[2])
        if said:
            lines += _wrap(clean(f"“{said}”"), prose, "      ")
    lines.append(f"\nPack: {clean(rule.pack)}")
    return "\n".join(lines)


def _wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` wrapped at words (an address is never cut), after ``indent``.

    Continuation lines start with ``hanging`` (``indent`` when ``None``); an indent of the
    lines of a condition (its nesting) is kept.
    """
    import textwrap

    inner = text[: len(text) - len(text.lstrip())]
    first = indent + inner
    rest = (indent if hanging is None else hanging) + inner
    return textwrap.wrap(
        text.strip(),
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def rules_data(rules: RuleSet) -> str:
    """Every rule as JSON, for ``advisor rules list --format json``: one object per rule."""
    import json

    from advisor.text import inert_json

    return inert_json(
        json.dumps(
            [
                {
                    "id": rule.id,
                    "pack": rule.pack,
                    "title": rule.title,
                    # A rule that names no criterion is its own; say so rather than invent a name.
                    "criterion": None if rule.criterion == rule.id else rule.criterion,
                    "rationale": rule.rationale,
                    "sources": list(rule.sources),
                    "when": rule.when,
                    "effects": rule.effects,
                }
                for rule in rules.rules
            ],
            indent=2,
            ensure_ascii=False,
        )
    )
