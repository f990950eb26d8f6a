"""Comparisons as text: ``advisor diff`` in plain text, Markdown or JSON."""

from __future__ import annotations

import textwrap
from typing import Any

from advisor.profiles.units import format_duration, format_size
from advisor.reasoning.comparison import Comparison, DecisionChange
from advisor.text import clean, inert_json

# How a changed field's value reads: sizes and durations as a person writes them.
_READ: dict[str, Any] = {
    "volume": format_size,
    "ingest": lambda v: f"{format_size(v)}/day",
    "growth.bytes_per_year": lambda v: f"{format_size(v)}/year",
    "growth.percent_per_year": lambda v: f"{v:g}%/year",
    "latency.freshness": format_duration,
}


def render_comparison(comparison: Comparison, fmt: str, *, width: int = 100) -> str:
    """``comparison`` as ``plain`` (also what ``rich`` shows), ``markdown`` or ``json`` text.

    Raises:
        ValueError: ``fmt`` is none of these.
    """
    from advisor.renderers import COMPARISON_FORMATS

    if fmt not in {*COMPARISON_FORMATS, "rich"}:
        raise ValueError(f"unknown comparison format {fmt!r}")
    if fmt == "json":
        return inert_json(comparison.to_json()) + "\n"
    lines = _lines(comparison)
    if fmt == "markdown":
        from advisor.renderers.markup import inline

        out = ["# What changed"]
        for kind, text in lines:
            if kind == "head":
                out += ["", f"## {inline(text)}", ""]
            else:
                out.append(f"- {inline(text)}")
        return "\n".join(out) + "\n"
    out = []
    for kind, text in lines:
        if kind == "head":
            out += ["", f"{text}"] if out else [text]
        else:
            out += textwrap.wrap(
                text, width, initial_indent="  ", subsequent_indent="    ",
                break_long_words=False, break_on_hyphens=False,
            ) or ["  "]  # fmt: skip
    return "\n".join(out) + "\n"


def _lines(comparison: Comparison) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [("head", "What changed in the profile")]
    if not comparison.fields:
        lines.append(("item", "nothing"))
    for change in comparison.fields:
        name = _NAMES.get(change.field, change.field)
        lines.append(
            ("item", f"{clean(name)}: {_value(change.field, change.before)} → "
                     f"{_value(change.field, change.after)}")
        )  # fmt: skip
    for decision in comparison.decisions:
        lines += _decision(decision)
    lines.append(("head", "Rules that moved the scores"))
    if not (comparison.started or comparison.stopped):
        lines.append(("item", "the same rules fire"))
    for verb, rules in (("now fires", comparison.started), ("no longer fires", comparison.stopped)):
        for rule in rules:
            title = comparison.titles.get(rule)
            lines.append(
                ("item", f"{verb}: {clean(rule)}" + (f" ({clean(title)})" if title else ""))
            )
    return lines


def _decision(decision: DecisionChange) -> list[tuple[str, str]]:
    def answer(primary: str, complements: tuple[str, ...], cadence: str | None) -> str:
        text = " + ".join(clean(option) for option in (primary, *complements))
        if cadence is None:
            return text
        return f"{text} ({cadence})" if cadence == "continuous" else f"{text} (every {cadence})"

    before = answer(decision.before, decision.complements_before, decision.cadence_before)
    after = answer(decision.after, decision.complements_after, decision.cadence_after)
    name = decision.decision.capitalize()
    head = f"{name}: {before} → {after}" if decision.changed else f"{name}: unchanged, {after}"
    lines = [("head", head)]
    if decision.confidence_before != decision.confidence_after:
        lines.append(
            ("item", f"confidence {decision.confidence_before} → {decision.confidence_after}")
        )
    moved = [s for s in decision.scores if s.before != s.after]
    lines += [
        ("item", f"{clean(s.option)} {s.before} → {s.after} ({s.after - s.before:+d})")
        for s in sorted(moved, key=lambda s: (-abs(s.after - s.before), s.option))
    ]
    if not moved:
        lines.append(("item", "no score moved"))
    return lines


# Fields as a person names them, where the profile's data nests them.
_NAMES = {"growth.bytes_per_year": "growth", "growth.percent_per_year": "growth"}


def _value(field: str, value: Any) -> str:
    if value is None:
        return "(none)"
    read = _READ.get(field)
    if read is not None and isinstance(value, int | float):
        return str(read(value))
    if isinstance(value, list):
        return "[" + ", ".join(clean(str(item)) for item in value) + "]"
    return clean(str(value))
