"""``--format markdown``: a report for pull requests, wikis and issues."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabulate import tabulate

from ..recommendation import Recommendation
from .view import (
    CONFIDENCE_MEANING,
    LEGEND,
    DecisionView,
    changes_shown,
    clean,
    close_call,
    outlook_text,
    profile_summary,
    source_lines,
    title,
    views,
)

# `@` too: a name like @team pasted into a pull request would notify people.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&$@])")


def escape(text: str) -> str:
    """User text made literal in Markdown (and inert as HTML)."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def render_markdown(recommendations: Sequence[Recommendation], *, explain: bool = False) -> str:
    """Each recommendation as a Markdown section; with ``explain``, every reason's values."""
    return "\n".join(_one(rec, explain) for rec in recommendations)


def _one(rec: Recommendation, explain: bool = False) -> str:
    storage, pipeline = views(rec, explain=explain)
    lines = [f"# {escape(title(rec))}", ""]
    for label, view in (("Storage", storage), ("Pipeline", pipeline)):
        lines.append(f"- **{label}:** {escape(view.headline)} (confidence: {view.confidence})")
        if view.tie_text:
            lines.append(f"  - **Tie:** {escape(view.tie_text)}")
        elif close := close_call(rec, view.name, view.confidence):
            lines.append(f"  - {escape(close)}")
    lines.append(f"- **Profile:** {escape(profile_summary(rec))}")
    lines.append(f"- {escape(CONFIDENCE_MEANING)}")
    if rec.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- **{escape(w.code)}:** {escape(w.message)}" for w in rec.warnings]
    for view in (storage, pipeline):
        lines += ["", *_decision(view)]
    outlook = outlook_text(rec)
    if outlook:
        lines += ["", "## Growth outlook", "", escape(outlook)]
    if rec.what_would_change:
        lines += ["", "## What would change the answer", ""]
        lines += [f"- {escape(change)}" for change in changes_shown(rec)]
    if rec.rules.sources:
        lines += ["", escape(LEGEND), "", "## Sources", ""]
        lines += [f"- {escape(line)}" for line in source_lines(rec)]
    packs = ", ".join(f"{escape(p.id)} {escape(p.version)}" for p in rec.rules.packs)
    lines += ["", f"_Rules: {packs}; {len(rec.rules.fired)} fired._", ""]
    return "\n".join(lines)


def _decision(view: DecisionView) -> list[str]:
    rows = [[escape(e.option), str(e.score), view.status(e)] for e in view.ranking]
    lines = [f"## {view.name.capitalize()}", ""]
    # disable_numparse: an option id is text even when it reads as a number ("inf", "nan").
    lines.append(
        tabulate(
            rows,
            headers=["option", "score", ""],
            tablefmt="github",
            colalign=("left", "right", "left"),
            disable_numparse=True,
        )
    )
    for section in view.sections:
        option = f"**{escape(section.option)}**"
        heading = {
            "for": f"Why {option}:",
            "despite": f"What counts against {option}:",
            "alongside": f"Why {option} alongside:",
            "against": f"Why not {option}:",
        }[section.kind]
        lines += ["", heading, ""]
        lines += [
            f"- `{r.effect}` {escape(r.title)} ({', '.join(escape(s) for s in r.sources)})"
            + (f" when {escape(r.when)}" if view.explain and r.when else "")
            for r in section.reasons
        ]
        lines += [
            f"- nearly: {escape(miss.title)} (not met: {escape(miss.failed)})"
            for miss in section.near
        ]
    return lines
