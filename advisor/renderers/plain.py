"""``--format plain``: no colour, no box drawing; for pipes, logs and ``NO_COLOR``.

The same content as the terminal view, in the same order: the answer at a glance, the rankings,
then the reasons, each with its sources on an indented line below it. Long lines wrap at
``width`` with a hanging indent, so a reason never wraps back under its effect.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from tabulate import tabulate

from ..recommendation import Reason, Recommendation
from .view import (
    CONFIDENCE_MEANING,
    LEGEND,
    DecisionView,
    changes_shown,
    clean,
    close_call,
    effect_width,
    outlook_text,
    profile_summary,
    source_lines,
    sources_text,
    title,
    views,
    warning_lines,
)

_INDENT = "  "


def render_plain(
    recommendations: Sequence[Recommendation], *, width: int = 100, explain: bool = False
) -> str:
    """Each recommendation as plain text, separated by a blank line.

    Args:
        recommendations: What to show.
        width: Wrap prose at this many columns (tables are not wrapped).
        explain: Every reason with its values, and near misses.

    Returns:
        The text, ending with a newline.
    """
    return "\n".join(_one(rec, width, explain) for rec in recommendations)


def _one(rec: Recommendation, width: int, explain: bool) -> str:
    storage, pipeline = views(rec, explain=explain)
    heading = textwrap.wrap(title(rec), width, break_long_words=False) or [title(rec)]
    lines = [*heading, "=" * max(len(line) for line in heading)]
    for label, view in (("Storage:  ", storage), ("Pipeline: ", pipeline)):
        verdict = f"{clean(view.headline)}  [confidence: {view.confidence}]"
        lines += _wrap(verdict, width, label, " " * len(label))
        if view.tie_text:
            lines += _wrap(clean(view.tie_text), width, " " * 10 + "tie: ", " " * 15)
        elif close := close_call(rec, view.name, view.confidence):
            lines += _wrap(close, width, " " * 10, " " * 12)
    lines += _wrap(profile_summary(rec), width, "Profile:  ", " " * 10)
    lines += _wrap(CONFIDENCE_MEANING, width, " " * 10, " " * 10)
    if rec.warnings:
        lines += ["", "Warnings:"]
        for line in warning_lines(rec):
            lines += _wrap(line, width, _INDENT + "! ", _INDENT + "  ")
    for view in (storage, pipeline):
        lines += ["", *_ranking(view)]
    effects = effect_width(storage, pipeline)
    for view in (storage, pipeline):
        for section in view.sections:
            lines += ["", f"{section.heading}:"]
            for reason in section.reasons:
                lines += _reason(reason, effects, width)
                if explain and reason.when:
                    rest = " " * (len(_INDENT) + effects + 2)
                    lines += _wrap(f"when: {clean(reason.when)}", width, rest, rest + "  ")
            for miss in section.near:
                first = f"{_INDENT}{'nearly':>{effects}}  "
                rest = " " * len(first)
                lines += _wrap(clean(miss.title), width, first, rest)
                lines += _wrap(f"not met: {clean(miss.failed)}", width, rest, rest + "  ")
    outlook = outlook_text(rec)
    if outlook:
        lines += ["", *_wrap(outlook, width, "Growth outlook: ", _INDENT)]
    if rec.what_would_change:
        lines += ["", "What would change the answer:"]
        for change in changes_shown(rec):
            lines += _wrap(change, width, _INDENT + "- ", _INDENT + "  ")
    if rec.rules.sources:
        lines += ["", *_wrap(LEGEND, width, "", ""), "", "Sources:"]
        for line in source_lines(rec):
            # An address is one long word: it may break, rather than run past the width.
            lines += textwrap.wrap(
                line, width, initial_indent=_INDENT, subsequent_indent=_INDENT + "  ",
                break_on_hyphens=False,
            )  # fmt: skip
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in rec.rules.packs)
    lines += ["", f"Rules: {packs}; {len(rec.rules.fired)} fired", ""]
    return "\n".join(lines)


def _ranking(view: DecisionView) -> list[str]:
    rows = [[clean(entry.option), str(entry.score), view.status(entry)] for entry in view.ranking]
    # disable_numparse: an option id is text even when it reads as a number ("inf", "nan").
    table = tabulate(
        rows,
        headers=[view.name.capitalize(), "score", ""],
        tablefmt="simple",
        colalign=("left", "right", "left"),
        disable_numparse=True,
    )
    return [(_INDENT + row).rstrip() for row in table.splitlines()]


def _reason(reason: Reason, effect_width: int, width: int) -> list[str]:
    first = f"{_INDENT}{reason.effect:>{effect_width}}  "
    rest = " " * len(first)
    return [
        *_wrap(clean(reason.title), width, first, rest),
        *_wrap(f"sources: {sources_text(reason)}", width, rest, rest),
    ]


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, len(first) + 20),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
