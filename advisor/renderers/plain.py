"""``--format plain``: no colour, no box drawing; for pipes, logs and ``NO_COLOR``."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from ..recommendation import Recommendation
from .view import DecisionView, clean, profile_summary, sources_text, title, views


def render_plain(recommendations: Sequence[Recommendation]) -> str:
    """Each recommendation as plain text, separated by a blank line."""
    return "\n".join(_one(rec) for rec in recommendations)


def _one(rec: Recommendation) -> str:
    storage, pipeline = views(rec)
    heading = title(rec)
    lines = [heading, "=" * len(heading), profile_summary(rec), ""]
    lines.append(f"Storage:  {storage.headline}  [confidence: {storage.confidence}]")
    lines.append(f"Pipeline: {pipeline.headline}  [confidence: {pipeline.confidence}]")
    for view in (storage, pipeline):
        lines += ["", *_decision(view)]
    if rec.what_would_change:
        lines += ["", "What would change the answer:"]
        lines += [f"  - {clean(change.summary)}" for change in rec.what_would_change]
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in rec.rules.packs)
    lines += ["", f"Rules: {packs}; {len(rec.rules.fired)} fired", ""]
    return "\n".join(lines)


def _decision(view: DecisionView) -> list[str]:
    rows = [
        [
            index,
            clean(entry.option),
            entry.score,
            "eliminated" if entry.eliminated else ("primary" if entry is view.primary else ""),
        ]
        for index, entry in enumerate(view.ranking, 1)
    ]
    table = tabulate(rows, headers=["#", view.name, "score", ""], tablefmt="simple")
    lines = [f"{view.name.capitalize()} ranking", *("  " + row for row in table.splitlines())]
    if view.reasons_for:
        lines += ["", f"Why {clean(view.primary.option)}:"]
        lines += [
            f"  {reason.effect:>10}  {clean(reason.title)} ({sources_text(reason)})"
            for reason in view.reasons_for
        ]
    for entry, reasons in view.alongside:
        lines += ["", f"Why {clean(entry.option)} alongside:"]
        lines += [
            f"  {reason.effect:>10}  {clean(reason.title)} ({sources_text(reason)})"
            for reason in reasons
        ]
    against = [(entry, reasons) for entry, reasons in view.against if reasons]
    if against:
        lines += ["", "Why not the others:"]
        for entry, reasons in against:
            for reason in reasons:
                lines.append(
                    f"  {clean(entry.option):>12} {reason.effect:>10}  {clean(reason.title)}"
                    f" ({sources_text(reason)})"
                )
    return lines
