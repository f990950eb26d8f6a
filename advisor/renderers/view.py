"""What every human-facing format shows, chosen once: headline, reasons for and against.

Renderers differ in markup, not in content; the choices of what to show live here.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from advisor.profiles.units import format_duration, format_size
from advisor.reasoning.recommendation import (
    Change,
    Decision,
    NearMiss,
    Ranked,
    Reason,
    Recommendation,
    Tie,
)
from advisor.reasoning.records import updated
from advisor.renderers.text import clean

__all__ = ["TOP_REASONS", "DecisionView", "Section", "clean", "decision_view", "views"]

TOP_REASONS = 4
# The short view: what fits one 24-line screen with the answer, changes and next step.
BRIEF_REASONS = 3


@dataclass(frozen=True)
class Section:
    """A group of reasons under one heading: why the primary, a complement, or not an option."""

    kind: Literal["for", "despite", "alongside", "against"]
    option: str
    reasons: tuple[Reason, ...]
    near: tuple[NearMiss, ...] = ()

    @property
    def heading(self) -> str:
        """``Why warehouse``, ``Why database alongside``, ``Why not lake`` (option cleaned)."""
        option = clean(self.option)
        if self.kind == "for":
            return f"Why {option}"
        if self.kind == "despite":
            return f"What counts against {option}"
        if self.kind == "alongside":
            return f"Why {option} alongside"
        return f"Why not {option}"


@dataclass(frozen=True)
class DecisionView:
    """One decision as people read it."""

    name: str
    primary: Ranked
    complements: tuple[str, ...]
    cadence: str | None
    complement_cadences: dict[str, str]
    tie: Tie | None
    confidence: str
    ranking: tuple[Ranked, ...]
    reasons_for: tuple[Reason, ...]
    despite: tuple[Reason, ...]
    alongside: tuple[tuple[Ranked, tuple[Reason, ...]], ...]
    against: tuple[tuple[Ranked, tuple[Reason, ...]], ...]
    explain: bool = False
    # The nearest change that would overturn a low-confidence answer, if one is that near.
    close: str | None = None

    @property
    def headline(self) -> str:
        """The answer in one line, each part with its cadence.

        ``warehouse + database``, ``streaming (continuous) + batch (every 1d)``, or, for a
        pipeline answer that moves nothing, its title too: ``none (No pipeline needed)``.
        """
        text = _with_cadence(self.primary.option, self.cadence)
        if self.name == "pipeline" and self.cadence is None:
            text += f" ({self.primary.title})"
        for option in self.complements:
            text += " + " + _with_cadence(option, self.complement_cadences.get(option))
        return text

    @property
    def runner_up(self) -> Ranked | None:
        """The best option that is not part of the answer, preferring one still in the running."""
        others = [entry for entry in self.ranking if entry.role in {"candidate", "eliminated"}]
        return next((e for e in others if e.role == "candidate"), others[0] if others else None)

    @property
    def standing(self) -> str:
        """What follows the confidence: ``, a close call; runner-up lakehouse 62 vs 78``."""
        text = ", a tie" if self.tie is not None else ", a close call" if self.close else ""
        other = self.runner_up
        if other is None:
            return text
        if other.role == "eliminated":
            return text + "; the only option that fits"
        if other.score == self.primary.score and other.sum != self.primary.sum:
            # Equal on the rounded scale: the sums, which decide, say how they differ.
            return (
                text + f"; runner-up {clean(other.option)}, sum {other.sum} vs {self.primary.sum}"
            )
        return text + f"; runner-up {clean(other.option)} {other.score} vs {self.primary.score}"

    @property
    def verdict(self) -> str:
        """The answer, its confidence and the runner-up, in one line (options cleaned).

        ``warehouse  [confidence: high; runner-up lakehouse 62 vs 78]``
        """
        return f"{clean(self.headline)}  [confidence: {self.confidence}{self.standing}]"

    @property
    def answer(self) -> str:
        """The options of the answer, without cadences: ``lakehouse + database``."""
        return " + ".join(clean(option) for option in (self.primary.option, *self.complements))

    @property
    def brief(self) -> tuple[tuple[str, str], ...]:
        """The reasons the short view shows: ``(effect, text)``, the strongest first.

        The primary's top reasons, then for each option needed alongside, the rule that says so;
        three lines in all, unless more options are needed alongside.
        """
        also = [
            ("also", f"{clean(entry.option)}: {clean(reasons[0].title)}")
            for entry, reasons in self.alongside
            if reasons
        ]
        # At most three lines a decision, but the primary's strongest reason is always shown.
        room = max(BRIEF_REASONS - len(also), 1)
        return (*((r.effect, clean(r.title)) for r in self.reasons_for[:room]), *also)

    @property
    def tie_text(self) -> str | None:
        """``warehouse and lakehouse tie at 64; settled by the pack's preference: ...``."""
        if self.tie is None:
            return None
        options = list(self.tie.options)
        named = ", ".join(options[:-1]) + f" and {options[-1]}"
        return (
            f"{named} tie at {self.primary.score}; {options[0]} is chosen by the rule pack's "
            f"preference for ties: {self.tie.because}"
        )

    @property
    def sections(self) -> tuple[Section, ...]:
        """The reasons to show, in reading order; options with nothing to say are left out."""
        sections: list[Section] = []
        if self.reasons_for:
            sections.append(Section("for", self.primary.option, self.reasons_for))
        if self.despite:
            sections.append(Section("despite", self.primary.option, self.despite))
        sections += [Section("alongside", e.option, rs) for e, rs in self.alongside if rs]
        for entry, reasons in self.against:
            near = entry.near_misses if self.explain else ()
            if reasons or near:
                sections.append(Section("against", entry.option, reasons, near))
        return tuple(sections)

    def status(self, entry: Ranked) -> str:
        """``primary``, ``alongside`` (a complement), ``eliminated`` or empty (a candidate).

        A complement can be eliminated as the primary and still be needed beside it (a batch
        cold path next to a stream); what the reader must do with it is build it alongside.
        """
        return "" if entry.role == "candidate" else entry.role

    @property
    def table(self) -> tuple[Ranked, ...]:
        """The ranking as people read it: the answer, what it needs alongside, then the rest.

        An option needed alongside is part of the answer, not a low score: it comes right after
        the primary, and its score is not what the reader should weigh (see :func:`shown`).
        """
        order = {"primary": 0, "alongside": 1}
        return tuple(sorted(self.ranking, key=lambda entry: order.get(entry.role, 2)))

    def shown(self, entry: Ranked) -> str:
        """The score as a table shows it; for an option needed alongside, ``needed``."""
        return "needed" if entry.role == "alongside" else str(entry.score)


def decision_view(
    name: str,
    decision: Decision,
    confidence: str,
    *,
    explain: bool = False,
    close: str | None = None,
) -> DecisionView:
    """Pick the reasons worth showing for ``decision``; with ``explain``, all of them."""
    primary = decision.ranking[0]
    for entry in decision.ranking:
        if entry.option == decision.primary:
            primary = entry
    # A "complement" effect on the option that won anyway says nothing about why it won.
    reasons_for = _merged(r for r in primary.reasons if _helps(r) and r.effect != "complement")
    reasons_for = reasons_for if explain else reasons_for[:TOP_REASONS]
    alongside = tuple(
        (entry, tuple(r for r in entry.reasons if r.effect in {"required", "complement"}))
        for entry in decision.ranking
        if entry.option in decision.complements
    )
    # The winner's own weak points: a decision is defended by what it costs, too.
    despite = tuple(r for r in primary.reasons if not _helps(r))[: None if explain else 2]
    others = [
        entry
        for entry in decision.ranking
        if entry.option != decision.primary and entry.option not in decision.complements
    ]
    against = tuple(
        (entry, _why_not(entry, primary, runner_up=number == 0, shown=None if explain else 2))
        for number, entry in enumerate(others)
    )
    return DecisionView(
        name=name,
        primary=primary,
        complements=decision.complements,
        cadence=decision.cadence,
        complement_cadences=decision.complement_cadences,
        tie=decision.tie,
        confidence=confidence,
        ranking=decision.ranking,
        reasons_for=reasons_for,
        despite=despite,
        alongside=alongside,
        against=against,
        explain=explain,
        close=close,
    )


def _why_not(
    entry: Ranked, primary: Ranked, *, runner_up: bool, shown: int | None = 2
) -> tuple[Reason, ...]:
    """What sank ``entry``; for the runner-up, also where the winner gained more than it.

    An option can lose with nothing against it, only less for it; then the answer to "why not
    the lakehouse?" is the winner's gains that the lakehouse did not share, or shared less of:
    ``warehouse +33`` (the lakehouse got nothing) or ``warehouse +33 vs +20``.
    """
    # A need the answer already meets (a warehouse beside the database, where the answer is a
    # lakehouse): said, so that no reason in the JSON goes unexplained in the text.
    covered = tuple(
        updated(r, effect="covered")
        for r in entry.reasons
        if r.effect in {"required", "complement"}
    )
    # One line per rule: one that both eliminates and lowers an option reads "eliminated, -20".
    against = (*covered, *_merged(r for r in entry.reasons if not _helps(r)))[:shown]
    if not runner_up or (shown is not None and len(against) >= shown):
        return against
    listed = {r.rule for r in against}
    theirs = {r.rule: _delta(r) for r in entry.reasons if r.effect[:1] in "+-"}
    edges: list[tuple[int, str, Reason]] = []
    for reason in primary.reasons:
        if not reason.effect.startswith("+") or reason.rule in listed:
            continue
        mine, other = _delta(reason), theirs.get(reason.rule, 0)
        if mine <= other:
            continue
        effect = f"{primary.option} {reason.effect}"
        if reason.rule in theirs:
            effect += f" vs {theirs[reason.rule]:+d}"
        edges.append((other - mine, reason.rule, updated(reason, effect=effect)))
    room = None if shown is None else shown - len(against)
    return against + tuple(reason for *_, reason in sorted(edges))[:room]


def _delta(reason: Reason) -> int:
    return int(reason.effect)


def _merged(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """One line per rule: a rule that both requires and raises an option reads "required, +25"."""
    by_rule: dict[str, Reason] = {}
    for reason in reasons:
        seen = by_rule.get(reason.rule)
        if seen is None:
            by_rule[reason.rule] = reason
        else:
            by_rule[reason.rule] = updated(seen, effect=f"{seen.effect}, {reason.effect}")
    return tuple(by_rule.values())


def views(rec: Recommendation, *, explain: bool = False) -> tuple[DecisionView, DecisionView]:
    """The storage and pipeline views of a recommendation; with ``explain``, every reason."""
    storage, pipeline = (
        decision_view(
            name,
            getattr(rec, name),
            getattr(rec.confidence, name),
            explain=explain,
            close=close_call(rec, name, getattr(rec.confidence, name)),
        )
        for name in ("storage", "pipeline")
    )
    return storage, pipeline


def effect_width(*decisions: DecisionView) -> int:
    """The width of the widest effect shown, so reason titles can start in one column."""
    return max(
        (len(r.effect) for view in decisions for s in view.sections for r in s.reasons),
        default=0,
    )


def _with_cadence(option: str, cadence: str | None) -> str:
    if cadence == "continuous":
        return f"{option} (continuous)"
    if cadence:
        return f"{option} (every {cadence})"
    return option


CHANGES_SHOWN = 3
CONFIDENCE_MEANING = (
    "Confidence: high, a clear lead that no change of 10 % or less in one field overturns; "
    "medium, a fair lead; low, a close call or a tie."
)
# Each level in words, for the short view, which says only what the levels it shows mean.
LEVEL_MEANING = {
    "high": "no change of 10 % in one field overturns it",
    "medium": "a fair lead",
    "low": "a close call or a tie",
}


# Without the what-if search, a level says only how large the lead is.
MARGIN_MEANING = {"high": "a clear lead", "medium": "a fair lead", "low": "a close call or a tie"}
NOT_SEARCHED = "from the lead alone: changes to the profile were not searched"


def confidence_line(rec: Recommendation) -> str:
    """What the confidence levels of this answer mean, in one sentence."""
    levels = [rec.confidence.storage, rec.confidence.pipeline]
    shown = [level for level in ("high", "medium", "low") if level in levels]
    meaning = LEVEL_MEANING if rec.searched else MARGIN_MEANING
    text = "Confidence " + "; ".join(f"{level}: {meaning[level]}" for level in shown)
    return text + ("." if rec.searched else f" ({NOT_SEARCHED}).")


def confidence_meaning(rec: Recommendation) -> str:
    """What every confidence level means, in one sentence (for the whole reasoning)."""
    if rec.searched:
        return CONFIDENCE_MEANING
    return (
        f"Confidence, {NOT_SEARCHED}: high, a clear lead; medium, a fair lead; low, a close call "
        "or a tie."
    )


def brief_outlook(rec: Recommendation) -> str | None:
    """How the answer ages, in a line (``6 TB now → 11.4 TB in 36 months; the answer holds``)."""
    outlook = rec.outlook
    if outlook is None:
        return None
    first, last = outlook.points[0], outlook.points[-1]
    grows = f"{clean(first.volume)} now → {clean(last.volume)} in {last.months} months"
    if not outlook.changes:
        return f"{grows}; the answer holds."
    changes = "; ".join(
        f"{c.decision} becomes {clean(c.after)} in about {c.month} "
        + ("month" if c.month == 1 else "months")
        for c in outlook.changes
    )
    return f"{grows}; {changes}."


def brief_changes(rec: Recommendation) -> list[str]:
    """The nearest changes for the short view: three in all, the nearest of each decision first.

    Changes are listed nearest first; the nearest of each decision is always shown, so that a
    close pipeline call is not hidden by three storage changes.
    """
    changes = list(rec.what_would_change)
    first: dict[str, Change] = {}
    for change in changes:
        first.setdefault(change.decision, change)
    chosen = list(first.values())
    chosen += [c for c in changes if c not in chosen][: max(CHANGES_SHOWN - len(chosen), 0)]
    return [clean(c.summary) for c in changes if c in chosen] or (
        [NO_CHANGE] if rec.searched else []
    )


LEGEND = (
    "Notation: scores run 0-100 and compare options within a decision (50 is where each "
    "starts); +40 is a rule's change to an option's sum, and 'warehouse +40 vs +13' the "
    "winner's change beside the runner-up's; eliminated, ruled out by a hard constraint; "
    "required or complement, a rule that says the workload needs the option; alongside "
    "(needed), part of the answer beside the primary; covered, a need the answer already "
    "meets; nearly, a rule that would have fired but for the test not met; sources name a "
    "source and its claim, which the rules show command quotes."
)


def source_lines(rec: Recommendation) -> list[str]:
    """Each source the reasons cite, once: ``name: title <url>``, cleaned."""
    return [
        f"{clean(s.name)}: {clean(s.title)}" + (f" <{clean(s.url)}>" if s.url else "")
        for s in rec.rules.sources
    ]


def close_call(rec: Recommendation, decision: str, confidence: str) -> str | None:
    """For a low-confidence answer that one change overturns, that change, said plainly."""
    if confidence != "low":
        return None
    for change in rec.what_would_change:
        if change.decision == decision:
            return f"a close call: {clean(change.summary)}"
    return None


NO_CHANGE = "no single change found overturns it"


def changes_shown(rec: Recommendation, *, with_set: bool = False) -> list[str]:
    """The nearest changes that would flip each decision, at most three a decision, cleaned.

    With ``with_set``, each says how to set it (``set: KEY=VALUE``). After a search that found
    none, one line says so; without a search, there is nothing to say.
    """
    shown: list[str] = []
    counts: dict[str, int] = {}
    for change in rec.what_would_change:
        counts[change.decision] = counts.get(change.decision, 0) + 1
        if counts[change.decision] <= CHANGES_SHOWN:
            line = clean(change.summary)
            # Quoted for a shell, so that it can be copied as it is: volume=5 TB is two words.
            setting = shlex.quote(clean(change.assignment))
            shown.append(f"{line} (set: {setting})" if with_set else line)
    return shown or ([NO_CHANGE] if rec.searched else [])


def outlook_text(rec: Recommendation) -> str | None:
    """One sentence on how the answer ages as the data grows, or ``None`` without growth."""
    outlook = rec.outlook
    if outlook is None:
        return None
    volumes = " → ".join(
        f"{clean(p.volume)} {'now' if p.months == 0 else f'in {p.months} months'}"
        for p in outlook.points
    )
    if not outlook.changes:
        return f"{volumes}: the answer holds for {outlook.points[-1].months} months."
    changes = "; ".join(
        f"{c.decision} {clean(c.before)} → {clean(c.after)} in about {c.month} "
        f"month{'s' if c.month != 1 else ''}"
        for c in outlook.changes
    )
    return f"{volumes}: {changes}."


def warning_lines(rec: Recommendation, *, brief: bool = False) -> list[str]:
    """Each warning as ``code: message`` (with ``brief``, ``code: title``), cleaned."""
    return [f"{clean(w.code)}: {clean(w.title if brief else w.message)}" for w in rec.warnings]


def _helps(reason: Reason) -> bool:
    return reason.effect.startswith("+") or reason.effect in {"required", "complement"}


def title(rec: Recommendation) -> str:
    """The profile's name, or a description made from its size."""
    if rec.profile.name:
        return clean(rec.profile.name)
    return f"Workload of {format_size(rec.profile.volume)}"


def profile_summary(rec: Recommendation) -> str:
    """One line: volume, growth, freshness, users, sources."""
    p = rec.profile
    d = p.derived
    parts = [format_size(p.volume)]
    if p.growth:
        parts.append(f"{format_size(d.volume_in_1y)} in a year")
    parts.append(f"fresh within {format_duration(p.latency.freshness)}")
    parts.append(f"{d.users_total} user{'s' if d.users_total != 1 else ''}")
    parts.append(f"{p.sources} source{'s' if p.sources != 1 else ''}")
    if p.workloads:
        parts.append(", ".join(p.workloads))
    return " · ".join(parts)


def sources_text(reason: Reason) -> str:
    """``bratsis-2023:D4, azure-big-data``."""
    return ", ".join(clean(s) for s in reason.sources)
