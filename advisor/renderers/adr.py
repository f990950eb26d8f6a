"""``--format adr``: an Architecture Decision Record in the MADR shape, built from the reasoning.

Title, status, context and problem, decision drivers, considered options, the decision outcome
with its consequences, the pros and cons of each option, and when to revisit it (from what would
change the answer and the growth outlook). Every piece of user or pack text is literal, by the
Markdown report's policy (:mod:`.markup`). No date is written: the same profile and rules give
the same record.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..recommendation import Decision, Ranked, Reason, Recommendation
from .markup import inline
from .view import (
    DecisionView,
    confidence_line,
    outlook_text,
    profile_summary,
    title,
    views,
    warning_lines,
)

_PER_OPTION = 3


def render_adr(recommendations: Sequence[Recommendation]) -> str:
    """Each recommendation as a MADR-style decision record, one after another."""
    return "\n".join(_record(rec) for rec in recommendations)


def _record(rec: Recommendation) -> str:
    storage, pipeline = views(rec)
    lines = [
        f"# Where {_mid(title(rec))} keeps and moves its data: "
        f"{_mid(storage.headline)}; {_mid(pipeline.headline)}",
        "",
        "- Status: proposed",
        f"- Confidence: storage {storage.confidence}, pipeline {pipeline.confidence}",
        f"  - {inline(confidence_line(rec))}",
        "",
        "## Context and problem statement",
        "",
        f"{inline(profile_summary(rec))}. Where should the data live, and how should it move?",
        "",
        "## Decision drivers",
        "",
    ]
    for view in (storage, pipeline):
        lines += [f"- {inline(r.title)} ({_cited(r)})" for r in view.reasons_for]
    lines += [f"- {inline(line)}" for line in warning_lines(rec)]
    lines += ["", "## Considered options", ""]
    for name, view in (("Storage", storage), ("Pipeline", pipeline)):
        ranked = ", ".join(
            f"{_mid(e.option)} ({view.shown(e)}{f', {view.status(e)}' if view.status(e) else ''})"
            for e in view.table
        )
        lines.append(f"- {name}: {ranked}")
    lines += ["", "## Decision outcome", ""]
    for view in (storage, pipeline):
        drivers = "; ".join(_mid(r.title) for r in view.reasons_for[:2]) or "no rule decided it"
        lines.append(f"- {view.name.capitalize()}: **{_mid(view.headline)}**. Chiefly: {drivers}.")
        if view.tie_text:
            lines.append(f"  - Tie: {_mid(view.tie_text)}")
    lines += ["", "### Consequences", ""]
    for view in (storage, pipeline):
        lines += [f"- Good, because {_mid(r.title)}" for r in view.reasons_for[:_PER_OPTION]]
        lines += [f"- Bad, because {_mid(r.title)}" for r in view.despite]
    lines += [f"- Bad, because {_mid(line)}" for line in warning_lines(rec)]
    lines += ["", "## Pros and cons of the options"]
    for view, decision in ((storage, rec.storage), (pipeline, rec.pipeline)):
        lines += _options(view, decision)
    lines += ["", "## Revisit when", ""]
    revisit = [inline(change.summary) for change in rec.what_would_change[:6]]
    outlook = outlook_text(rec)
    if outlook:
        revisit.append(f"growth: {_mid(outlook)}")
    lines += [f"- {item}" for item in revisit] or ["- no single change found overturns it"]
    lines.append("")
    return "\n".join(lines)


def _options(view: DecisionView, decision: Decision) -> list[str]:
    lines: list[str] = []
    for entry in view.table:
        lines += ["", f"### {inline(entry.option)} ({view.name}, {_standing(view, entry)})", ""]
        good = [r for r in entry.reasons if r.effect.startswith("+")][:_PER_OPTION]
        bad = [r for r in entry.reasons if r.effect[:1] == "-" or r.effect == "eliminated"]
        # Effects are the engine's own text (a signed number, or a word), never a pack's: in a
        # code span, where Markdown escapes would show as written.
        lines += [f"- Good, because {_mid(r.title)} (`{r.effect}`)" for r in good]
        lines += [f"- Bad, because {_mid(r.title)} (`{r.effect}`)" for r in bad[:_PER_OPTION]]
        if not good and not bad:
            lines.append("- No rule spoke for or against it.")
    return lines


def _standing(view: DecisionView, entry: Ranked) -> str:
    status = view.status(entry)
    if status == "alongside":
        return "needed alongside"
    return f"score {entry.score}" + (f", {status}" if status else "")


def _mid(text: str) -> str:
    """``text`` literal in Markdown, in the middle of a line."""
    return inline(text, leading=False)


def _cited(reason: Reason) -> str:
    return ", ".join(_mid(s) for s in reason.sources)
