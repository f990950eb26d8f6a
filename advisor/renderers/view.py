"""What every human-facing format shows, chosen once: headline, reasons for and against.

Renderers differ in markup, not in content; the choices of what to show live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..recommendation import Decision, Ranked, Reason, Recommendation
from ..units import format_duration, format_size

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TOP_REASONS = 4


def clean(text: str) -> str:
    """User-supplied text made inert for a terminal: control and bidi characters become '?'."""
    return _UNSAFE.sub("?", text).replace("\n", " ").replace("\t", " ")


@dataclass(frozen=True)
class DecisionView:
    """One decision as people read it."""

    name: str
    primary: Ranked
    complements: tuple[str, ...]
    cadence: str | None
    confidence: str
    ranking: tuple[Ranked, ...]
    reasons_for: tuple[Reason, ...]
    alongside: tuple[tuple[Ranked, tuple[Reason, ...]], ...]
    against: tuple[tuple[Ranked, tuple[Reason, ...]], ...]

    @property
    def headline(self) -> str:
        """``warehouse + database`` or ``batch every 12h``."""
        text = self.primary.option
        if self.complements:
            text += " + " + " + ".join(self.complements)
        if self.cadence and self.cadence != "continuous":
            text += f" (every {self.cadence})"
        elif self.cadence == "continuous":
            text += " (continuous)"
        return text


def decision_view(name: str, decision: Decision, confidence: str) -> DecisionView:
    """Pick the reasons worth showing for ``decision``."""
    primary = decision.ranking[0]
    for entry in decision.ranking:
        if entry.option == decision.primary:
            primary = entry
    # A "complement" effect on the option that won anyway says nothing about why it won.
    reasons_for = tuple(r for r in primary.reasons if _helps(r) and r.effect != "complement")
    reasons_for = reasons_for[:TOP_REASONS]
    alongside = tuple(
        (entry, tuple(r for r in entry.reasons if r.effect in {"required", "complement"}))
        for entry in decision.ranking
        if entry.option in decision.complements
    )
    against = tuple(
        (entry, tuple(r for r in entry.reasons if not _helps(r))[:2])
        for entry in decision.ranking
        if entry.option != decision.primary and entry.option not in decision.complements
    )
    return DecisionView(
        name=name,
        primary=primary,
        complements=decision.complements,
        cadence=decision.cadence,
        confidence=confidence,
        ranking=decision.ranking,
        reasons_for=reasons_for,
        alongside=alongside,
        against=against,
    )


def views(rec: Recommendation) -> tuple[DecisionView, DecisionView]:
    """The storage and pipeline views of a recommendation."""
    return (
        decision_view("storage", rec.storage, rec.confidence.storage),
        decision_view("pipeline", rec.pipeline, rec.confidence.pipeline),
    )


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
