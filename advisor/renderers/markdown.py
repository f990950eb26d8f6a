"""``--format markdown``: a report for pull requests, wikis and issues."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tabulate import tabulate

from ..recommendation import Recommendation
from .view import DecisionView, clean, profile_summary, title, views

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


def escape(text: str) -> str:
    """User text made literal in Markdown (and inert as HTML)."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def render_markdown(recommendations: Sequence[Recommendation]) -> str:
    """Each recommendation as a Markdown section."""
    return "\n".join(_one(rec) for rec in recommendations)


def _one(rec: Recommendation) -> str:
    storage, pipeline = views(rec)
    lines = [f"# {escape(title(rec))}", "", escape(profile_summary(rec)), ""]
    lines += [
        f"- **Storage:** {escape(storage.headline)} (confidence: {storage.confidence})",
        f"- **Pipeline:** {escape(pipeline.headline)} (confidence: {pipeline.confidence})",
    ]
    for view in (storage, pipeline):
        lines += ["", *_decision(view)]
    if rec.what_would_change:
        lines += ["", "## What would change the answer", ""]
        lines += [f"- {escape(c.summary)}" for c in rec.what_would_change]
    packs = ", ".join(f"{escape(p.id)} {escape(p.version)}" for p in rec.rules.packs)
    lines += ["", f"_Rules: {packs}; {len(rec.rules.fired)} fired._", ""]
    return "\n".join(lines)


def _decision(view: DecisionView) -> list[str]:
    rows = [
        [index, escape(e.option), e.score, "eliminated" if e.eliminated else ""]
        for index, e in enumerate(view.ranking, 1)
    ]
    lines = [f"## {view.name.capitalize()}", ""]
    lines.append(tabulate(rows, headers=["#", "option", "score", ""], tablefmt="github"))
    if view.reasons_for:
        lines += ["", f"Why **{escape(view.primary.option)}**:", ""]
        lines += [
            f"- `{r.effect}` {escape(r.title)} ({', '.join(escape(s) for s in r.sources)})"
            for r in view.reasons_for
        ]
    for entry, reasons in view.alongside:
        lines += ["", f"Why **{escape(entry.option)}** alongside:", ""]
        lines += [
            f"- `{r.effect}` {escape(r.title)} ({', '.join(escape(s) for s in r.sources)})"
            for r in reasons
        ]
    against = [(e, rs) for e, rs in view.against if rs]
    if against:
        lines += ["", "Why not the others:", ""]
        lines += [
            f"- **{escape(e.option)}** `{r.effect}` {escape(r.title)}"
            f" ({', '.join(escape(s) for s in r.sources)})"
            for e, rs in against
            for r in rs
        ]
    return lines
