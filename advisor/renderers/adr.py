"""``--format adr``: an Architecture Decision Record in the MADR shape, built from the reasoning.

Title, status, context and problem, decision drivers, considered options, the decision outcome
with its consequences, the pros and cons of each option, and when to revisit it (from what would
change the answer and the growth outlook). Every piece of user or pack text is literal, by the
Markdown report's policy (:mod:`.markup`). No date is written: the same profile and rules give
the same record.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.reasoning.recommendation import Decision, Ranked, Reason, Recommendation
from advisor.renderers.markdown import source_list, source_targets
from advisor.renderers.markup import inline, link
from advisor.renderers.view import (
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
    urls = {source.name: source.url for source in rec.rules.sources}
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
        lines += [f"- {inline(r.title)} ({_cited(r, urls)})" for r in view.reasons_for]
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
    # Growth is a reason to revisit only when it changes the answer.
    if outlook and rec.outlook is not None and rec.outlook.changes:
        revisit.append(f"growth: {_mid(outlook)}")
    lines += [f"- {item}" for item in revisit] or [
        "- no single change found overturns it"
        if rec.searched
        else "- not known: changes to the profile were not searched"
    ]
    if rec.rules.sources:
        lines += ["", "## More information", "", "Sources the reasons cite:", ""]
        lines += source_list(rec)
    lines.append("")
    lines += source_targets(rec)
    return "\n".join(lines)


def _options(view: DecisionView, decision: Decision) -> list[str]:
    lines: list[str] = []
    for entry in view.table:
        lines += ["", f"### {inline(entry.option)} ({view.name}, {_standing(view, entry)})", ""]
        if entry.role == "alongside":
            # Part of the answer: why it is needed, not how it scored as the primary.
            needed = [r for r in entry.reasons if r.effect in {"required", "complement"}]
            lines += [f"- Needed, because {_mid(r.title)} (`{r.effect}`)" for r in needed]
            continue
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


def _cited(reason: Reason, urls: dict[str, str | None]) -> str:
    return ", ".join(
        link(s, urls.get(s.partition(":")[0]), ref=s.partition(":")[0]) for s in reason.sources
    )
