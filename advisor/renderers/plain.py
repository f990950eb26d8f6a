"""``--format plain``: no colour, no box drawing; for pipes, logs and ``NO_COLOR``.

The same content as the terminal view, in the same order: the answer at a glance, the rankings,
then the reasons, each with its sources on an indented line below it. Long lines wrap at
``width`` with a hanging indent, so a reason never wraps back under its effect.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from tabulate import tabulate

from advisor.reasoning.recommendation import Reason, Recommendation
from advisor.renderers.view import (
    LEGEND,
    NO_CHANGE,
    DecisionView,
    Section,
    brief_changes,
    brief_outlook,
    changes_shown,
    clean,
    confidence_line,
    confidence_meaning,
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
    recommendations: Sequence[Recommendation],
    *,
    width: int = 100,
    explain: bool = False,
    more: str | None = None,
) -> str:
    """Each recommendation as plain text, separated by a blank line.

    Args:
        recommendations: What to show.
        width: Wrap prose at this many columns (tables are not wrapped).
        explain: The whole reasoning: both rankings, every reason with its sources and values,
            why not each option, near misses, the notation and the sources. Without it, the
            verdict first, in a screen: the answer, runner-up and confidence, the top reasons,
            what would change it, warnings, and ``more``.
        more: A last line of the short view, saying how to see the rest.

    Returns:
        The text, ending with a newline.
    """
    if explain:
        return "\n".join(_full(rec, width) for rec in recommendations)
    return "\n".join(_brief(rec, width, more) for rec in recommendations)


def _heading(rec: Recommendation, width: int) -> list[str]:
    heading = textwrap.wrap(title(rec), width, break_long_words=False) or [title(rec)]
    return [*heading, "=" * max(len(line) for line in heading)]


def _verdicts(views_: Sequence[DecisionView], width: int, *, close: bool) -> list[str]:
    """Each decision's verdict, with how a tie was settled (and a close call's change)."""
    lines = []
    for label, view in zip(("Storage:  ", "Pipeline: "), views_, strict=True):
        lines += _wrap(view.verdict, width, label, " " * len(label))
        if view.tie_text:
            lines += _wrap(clean(view.tie_text), width, " " * 10 + "tie: ", " " * 15)
        elif close and view.close:
            lines += _wrap(view.close, width, " " * 10, " " * 12)
    return lines


def _warnings(rec: Recommendation, width: int, *, brief: bool = False) -> list[str]:
    lines = []
    for line in warning_lines(rec, brief=brief):
        lines += _wrap(line, width, _INDENT + "! ", _INDENT + "  ")
    return lines


def _brief(rec: Recommendation, width: int, more: str | None) -> str:
    storage, pipeline = views(rec)
    # The close call's change leads the list of changes below: it is not said twice.
    lines = [*_heading(rec, width), *_verdicts((storage, pipeline), width, close=False)]
    lines += _wrap(profile_summary(rec), width, "Profile:  ", " " * 10)
    if rec.warnings:
        lines += ["Warnings:", *_warnings(rec, width, brief=True)]
    lines.append("")
    effects = max(len(effect) for view in (storage, pipeline) for effect, _ in view.brief)
    for view in (storage, pipeline):
        lines.append(f"Why {view.answer}:")
        for effect, text in view.brief:
            first = f"{_INDENT}{effect:>{effects}}  "
            lines += _wrap(text, width, first, " " * len(first))
    changes = brief_changes(rec)
    if changes == [NO_CHANGE]:
        lines += ["", *_wrap(f"What would change it: {NO_CHANGE}.", width, "", _INDENT)]
    elif changes:
        lines += ["", "What would change it:"]
        for change in changes:
            lines += _wrap(change, width, _INDENT + "- ", _INDENT + "  ")
    outlook = brief_outlook(rec)
    if outlook:
        lines += _wrap(outlook, width, "Growth: ", _INDENT)
    lines += ["", *_wrap(confidence_line(rec), width, "", "")]
    if more:
        lines += _wrap(clean(more), width, "", "")
    return "\n".join([*lines, ""])


def _full(rec: Recommendation, width: int) -> str:
    storage, pipeline = views(rec, explain=True)
    lines = [*_heading(rec, width), *_verdicts((storage, pipeline), width, close=True)]
    lines += _wrap(profile_summary(rec), width, "Profile:  ", " " * 10)
    lines += _wrap(confidence_meaning(rec), width, " " * 10, " " * 10)
    if rec.warnings:
        lines += ["", "Warnings:", *_warnings(rec, width)]
    for view in (storage, pipeline):
        lines += ["", *_ranking(view)]
    effects = effect_width(storage, pipeline)
    for view in (storage, pipeline):
        for section in view.sections:
            lines += ["", f"{section.heading}:", *_section(section, effects, width)]
    outlook = outlook_text(rec)
    if outlook:
        lines += ["", *_wrap(outlook, width, "Growth outlook: ", _INDENT)]
    if changes_shown(rec):
        lines += ["", "What would change the answer:"]
        for change in changes_shown(rec, with_set=True):
            lines += _wrap(change, width, _INDENT + "- ", _INDENT + "  ")
    if rec.rules.sources:
        lines += ["", *_wrap(LEGEND, width, "", ""), "", "Sources:", *_sources(rec, width)]
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in rec.rules.packs)
    lines += ["", f"Rules: {packs}; {len(rec.rules.fired)} fired", ""]
    return "\n".join(lines)


def _section(section: Section, effects: int, width: int) -> list[str]:
    """A section's reasons (with their conditions) and near misses."""
    lines = []
    for reason in section.reasons:
        lines += _reason(reason, effects, width)
        if reason.when:
            rest = " " * (len(_INDENT) + effects + 2)
            lines += _wrap(f"when: {clean(reason.when)}", width, rest, rest + "  ")
    for miss in section.near:
        first = f"{_INDENT}{'nearly':>{effects}}  "
        rest = " " * len(first)
        lines += _wrap(clean(miss.title), width, first, rest)
        lines += _wrap(f"not met: {clean(miss.failed)}", width, rest, rest + "  ")
    return lines


def _sources(rec: Recommendation, width: int) -> list[str]:
    """The sources cited, one a line; an address is never broken, so it can be clicked."""
    lines = []
    for line in source_lines(rec):
        # One longer than the width runs past it, on a line of its own.
        lines += textwrap.wrap(
            line, width, initial_indent=_INDENT, subsequent_indent=_INDENT + "  ",
            break_long_words=False, break_on_hyphens=False,
        )  # fmt: skip
    return lines


def _ranking(view: DecisionView) -> list[str]:
    rows = [[clean(entry.option), view.shown(entry), view.status(entry)] for entry in view.table]
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


# Columns of text a wrapped line keeps at least; a hanging indent that leaves fewer shrinks.
_ROOM = 20


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped at words, the first line after ``first``, the others after ``rest``.

    On a narrow terminal an indent that would leave under ``_ROOM`` columns, or too few for
    the longest word, shrinks to two levels; a first-line label (an effect column) then takes
    a line of its own. A word longer than the line (an address) is never cut: it runs past.
    """
    room = max(_ROOM, max((len(word) for word in text.split()), default=0))
    head: list[str] = []
    shrunk = len(rest) > width - room
    if shrunk:
        rest = _INDENT * 2
    if len(first) > width - room or (shrunk and not first.strip()):
        if first.strip():
            head = [_INDENT + first.strip()]
        first = rest
    return head + (
        textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        or [first.rstrip()]
    )
