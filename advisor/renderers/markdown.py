"""``--format markdown``: a self-contained report for pull requests, wikis and issues.

It renders as written on GitHub and GitLab: a summary, each decision's ranking table, the
reasons for the answer with their sources linked, why not each other option, what would change
the answer, how it ages, and the sources in full. User text is literal (see :mod:`.markup`):
only what Markdown would act on is escaped, so the file reads well as text too.
"""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from advisor.reasoning.recommendation import Reason, Recommendation
from advisor.renderers.markup import cell, definition, inline, link
from advisor.renderers.view import (
    LEGEND,
    DecisionView,
    changes_shown,
    confidence_line,
    outlook_text,
    profile_summary,
    title,
    views,
)


def render_markdown(recommendations: Sequence[Recommendation], *, explain: bool = False) -> str:
    """Each recommendation as a Markdown report.

    Args:
        recommendations: One report each, one after another.
        explain: Each reason with its condition and the profile's values, and under each
            losing option the rules that nearly raised it.

    Returns:
        The text, ending with a newline.
    """
    return "\n".join(_one(rec, explain) for rec in recommendations)


def _one(rec: Recommendation, explain: bool) -> str:
    storage, pipeline = views(rec, explain=True)
    urls = {source.name: source.url for source in rec.rules.sources}
    lines = [f"# {inline(title(rec))}", "", "## Summary", ""]
    for view in (storage, pipeline):
        verdict = f"{view.headline}, confidence {view.confidence}{view.standing}"
        lines.append(f"- **{view.name.capitalize()}:** {inline(verdict, leading=False)}")
        if view.tie_text:
            lines.append(f"  - tie: {inline(view.tie_text, leading=False)}")
        elif view.close:
            lines.append(f"  - {inline(view.close)}")
    lines.append(f"- **Profile:** {inline(profile_summary(rec), leading=False)}")
    lines.append(f"- {inline(confidence_line(rec))}")
    if rec.warnings:
        lines += ["", "## Warnings", ""]
        lines += [
            f"- **{inline(w.code, leading=False)}:** {inline(w.message, leading=False)}"
            for w in rec.warnings
        ]
    for view in (storage, pipeline):
        lines += ["", *_decision(view, urls, explain)]
    if changes_shown(rec):
        lines += ["", "## What would change the answer", ""]
        lines += [f"- {inline(change)}" for change in changes_shown(rec, with_set=True)]
    outlook = outlook_text(rec)
    if outlook:
        lines += ["", "## Growth outlook", "", inline(outlook)]
    if rec.rules.sources:
        lines += ["", "## Sources", "", *source_list(rec)]
        lines += ["", f"_{inline(LEGEND, leading=False)}_"]
    packs = ", ".join(f"{inline(p.id, leading=False)} {p.version}" for p in rec.rules.packs)
    lines += ["", f"_Rules: {packs}; {len(rec.rules.fired)} fired._", ""]
    lines += source_targets(rec)
    return "\n".join(lines)


def source_list(rec: Recommendation) -> list[str]:
    """Each cited source once, as a list item: its title, linked, and its name."""
    return [
        f"- {link(s.title, s.url, ref=s.name)} ({inline(s.name, leading=False)})"
        for s in rec.rules.sources
    ]


def source_targets(rec: Recommendation) -> list[str]:
    """The sources' addresses, once each, for the end of a document (then a blank line).

    Citations link through these, so the text above reads as text too.
    """
    targets = [definition(s.name, s.url) for s in rec.rules.sources]
    return [*(target for target in targets if target), ""] if any(targets) else []


def _decision(view: DecisionView, urls: dict[str, str | None], explain: bool) -> list[str]:
    rows = [[cell(e.option), view.shown(e), view.status(e)] for e in view.table]
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
        option = inline(section.option, leading=False)
        heading = {
            "for": f"Why {option}",
            "despite": f"What counts against {option}",
            "alongside": f"Why {option} alongside",
            "against": f"Why not {option}",
        }[section.kind]
        lines += ["", f"### {heading}", ""]
        for reason in section.reasons:
            lines.append(_reason(reason, urls))
            if explain and reason.when:
                lines.append(f"  - when: {inline(reason.when, leading=False)}")
        for miss in section.near if explain else ():
            lines.append(f"- nearly: {inline(miss.title, leading=False)}")
            lines.append(f"  - not met: {inline(miss.failed, leading=False)}")
    return lines


def _reason(reason: Reason, urls: dict[str, str | None]) -> str:
    """``- **+40** Title ([bratsis-2023:D8](url), ...)``: each citation linked to its source."""
    cited = ", ".join(
        link(s, urls.get(s.partition(":")[0]), ref=s.partition(":")[0]) for s in reason.sources
    )
    text = f"- **{inline(reason.effect, leading=False)}** {inline(reason.title, leading=False)}"
    return text + (f" ({cited})" if cited else "")
