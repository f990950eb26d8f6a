"""``--format rich``: the terminal view, with colour, tables and panels.

Every piece of user-supplied text (profile names, rule text from user packs) goes into
``rich.text.Text`` objects, never into markup strings, so ``[bold]`` in a name prints as written.

Layout, top to bottom: the answer at a glance (primary + complements, cadence, confidence), the
profile in one dim line, both rankings (side by side when they fit), then the reasons. Reasons
sit in a grid: the effect in a fixed column, the title wrapping in its own column, and the
sources on a dim line under the title, so nothing wraps back under the effect.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from advisor.reasoning.recommendation import Recommendation
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

_LEVEL_STYLE = {"high": "green", "medium": "yellow", "low": "red"}
_STATUS_STYLE = {"primary": "bold cyan", "alongside": "cyan", "eliminated": "red"}
_SECTION_STYLE = {"for": "green", "despite": "yellow", "alongside": "cyan", "against": "red"}
_BAR = "█"
# Narrower than these, the short view and the whole reasoning are laid out as plain text.
NARROW_BRIEF, NARROW_FULL = 40, 60


def render_terminal(
    recommendations: Sequence[Recommendation],
    *,
    width: int = 100,
    color: bool = True,
    explain: bool = False,
    more: str | None = None,
) -> str:
    """Render for a terminal of ``width`` columns; ANSI colour only when ``color``.

    Args:
        recommendations: One panel each, separated by a blank line.
        width: Columns of the terminal; the layout adapts (rankings stack below 100 or so; under
            40 columns, or 60 with ``explain``, it is plain text, wrapped at words).
        color: Emit ANSI styles; without it the output has box drawing but no escapes.
        explain: The whole reasoning (rankings, every reason with its sources and values, why
            not each option, near misses, notation, sources); without it, the verdict first,
            in one screen.
        more: The short view's last line, saying how to see the rest.

    Returns:
        The text, ending with a newline.
    """
    if width < (NARROW_FULL if explain else NARROW_BRIEF):
        # The layout sits in columns (rankings, effects beside reasons) that leave too little
        # room under this width: words would be cut. Plain text wraps at words.
        from advisor.renderers.plain import render_plain

        return render_plain(recommendations, width=width, explain=explain, more=more)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        no_color=not color,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    for index, rec in enumerate(recommendations):
        if index:
            console.print()
        parts = _full(rec, console) if explain else _brief(rec, more)
        console.print(_panel(rec, parts, width))
    return buffer.getvalue()


# The panel's top border around its title: "╭─ " and " ─╮".
_TITLE_FRAME = 6


def _panel(rec: Recommendation, parts: list[RenderableType], width: int) -> Panel:
    """The parts in a rounded panel, titled in its border when the title fits there.

    A title too long for the border is the panel's first line instead, wrapped at words: rich
    would cut it at the border, in the middle of a word.
    """
    heading = Text(title(rec), style="bold")
    fits = heading.cell_len <= width - _TITLE_FRAME
    return Panel(
        Group(*parts) if fits else Group(heading, *parts),
        title=heading if fits else None,
        title_align="left",
        box=box.ROUNDED,
        padding=(0, 1),
    )


def _bullets(lines: Sequence[str]) -> Padding:
    """A bulleted list, indented by two, whose lines wrap under their text, not the bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", Text(line))
    return Padding(grid, (0, 0, 0, 2))


def _notes(views_: tuple[DecisionView, ...], *, close: bool) -> list[RenderableType]:
    """How a tie was settled, and with ``close``, a close call's nearest change."""
    notes: list[RenderableType] = []
    for view in views_:
        note = f"tie: {clean(view.tie_text)}" if view.tie_text else view.close if close else None
        if note:
            notes.append(Padding(Text(note, style="yellow"), (0, 0, 0, 2)))
    return notes


def _warnings(rec: Recommendation, *, brief: bool = False) -> list[RenderableType]:
    return [
        Padding(Text(f"! {line}", style="yellow"), (0, 0, 0, 2))
        for line in warning_lines(rec, brief=brief)
    ]


def _brief(rec: Recommendation, more: str | None) -> list[RenderableType]:
    """The verdict first, in one screen: answer, runner-up, top reasons, changes, next step."""
    storage, pipeline = views(rec)
    parts: list[RenderableType] = [_glance((storage, pipeline), brief=True)]
    # The close call's change leads the list of changes below: it is not said twice.
    parts += _notes((storage, pipeline), close=False)
    parts.append(Text(profile_summary(rec), style="dim"))
    parts += _warnings(rec, brief=True)
    parts.append(Text())
    effects = max(len(effect) for view in (storage, pipeline) for effect, _ in view.brief)
    for view in (storage, pipeline):
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True, justify="right", min_width=effects)
        grid.add_column(ratio=1)
        for effect, text in view.brief:
            grid.add_row(Text(effect, style="cyan" if effect == "also" else "green"), Text(text))
        parts += [Text(f"Why {view.answer}", style="bold"), Padding(grid, (0, 0, 0, 2))]
    changes = brief_changes(rec)
    if changes == [NO_CHANGE]:
        line = Text("What would change it: ", style="bold")
        line.append(f"{NO_CHANGE}.", style="")
        parts += [Text(), line]
    elif changes:
        parts += [Text(), Text("What would change it", style="bold")]
        parts.append(_bullets(changes))
    outlook = brief_outlook(rec)
    if outlook:
        parts.append(Text(f"Growth: {outlook}"))
    parts += [Text(), Text(confidence_line(rec), style="dim")]
    if more:
        parts.append(Text(clean(more), style="dim"))
    return parts


def _full(rec: Recommendation, console: Console) -> list[RenderableType]:
    explain = True
    storage, pipeline = views(rec, explain=explain)
    inner = console.options.update_width(console.width - 4)  # panel border and padding
    parts: list[RenderableType] = [_glance((storage, pipeline))]
    parts += _notes((storage, pipeline), close=True)
    parts.append(Text(profile_summary(rec), style="dim"))
    parts.append(Text(confidence_meaning(rec), style="dim"))
    if rec.warnings:
        parts += [Text(), Text("Warnings", style="bold yellow"), *_warnings(rec)]
    parts += [Text(), _rankings(_ranking(storage), _ranking(pipeline), console, inner)]
    # One effect-column width for the whole panel, so every reason title starts in one column.
    effects = effect_width(storage, pipeline)
    for view in (storage, pipeline):
        for section in view.sections:
            grid = _reason_grid(section, _SECTION_STYLE[section.kind], effects, explain)
            parts += [Text(), Text(section.heading, style="bold"), grid]
    outlook = outlook_text(rec)
    if outlook:
        parts += [
            Text(),
            Text("Growth outlook", style="bold"),
            Padding(Text(outlook), (0, 0, 0, 2)),
        ]
    if changes_shown(rec):
        parts += [Text(), Text("What would change the answer", style="bold")]
        parts.append(_bullets(changes_shown(rec, with_set=True)))
    if rec.rules.sources:
        parts += [Text(), Text(LEGEND, style="dim"), Text(), Text("Sources", style="bold")]
        parts += [Padding(Text(line, style="dim"), (0, 0, 0, 2)) for line in source_lines(rec)]
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in rec.rules.packs)
    parts += [Text(), Text(f"Rules: {packs}; {len(rec.rules.fired)} fired", style="dim")]
    return parts


def _glance(views_: tuple[DecisionView, ...], *, brief: bool = False) -> Table:
    """The answer in two lines: decision, primary + complements (cadence), confidence.

    With ``brief``, the confidence says whether the call is close, and the runner-up follows
    on the same line, wrapping under the answer when it must.
    """
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    if brief:
        grid.add_column(ratio=1)
        for view in views_:
            line = Text(clean(view.headline), style="bold cyan")
            line.append("  ")
            line.append(f"confidence {view.confidence}", style=_LEVEL_STYLE[view.confidence])
            line.append(view.standing)
            grid.add_row(view.name.capitalize(), line)
        return grid
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, justify="right")
    for view in views_:
        confidence = Text(f"confidence {view.confidence}", style=_LEVEL_STYLE[view.confidence])
        headline = Text(clean(view.headline), style="bold cyan")
        grid.add_row(view.name.capitalize(), headline, confidence)
    return grid


def _ranking(view: DecisionView) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        collapse_padding=True,
    )
    table.add_column(view.name.capitalize(), no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=10)
    table.add_column("", no_wrap=True)
    for entry in view.table:
        status = view.status(entry)
        # An option needed alongside is part of the answer: no score bar that reads as weak.
        bar = "" if status == "alongside" else _BAR * (entry.score // 10)
        table.add_row(
            Text(clean(entry.option), style=_option_style(status)),
            Text(view.shown(entry), style=_option_style(status)),
            Text(bar, style="cyan" if status == "primary" else "dim"),
            Text(status, style=_STATUS_STYLE.get(status, "")),
        )
    return table


def _option_style(status: str) -> str:
    return {"primary": "bold", "eliminated": "dim strike"}.get(status, "")


def _rankings(left: Table, right: Table, console: Console, options: ConsoleOptions) -> Table:
    """Both rankings side by side when they fit the panel, else one under the other."""
    gap = 6
    needed = sum(Measurement.get(console, options, t).maximum for t in (left, right)) + gap
    grid = Table.grid(padding=(0, gap, 0, 0))
    if needed <= options.max_width:
        grid.add_row(left, right)
    else:
        grid.add_row(left)
        grid.add_row(Text())
        grid.add_row(right)
    return grid


def _reason_grid(
    section: Section, effect_style: str, effect_width: int, explain: bool = False
) -> Padding:
    """Effect in a right-aligned column; the title wraps in its own column, sources dim below."""
    grid = Table.grid(padding=(0, 0, 0, 2))
    grid.add_column(no_wrap=True, justify="right", min_width=effect_width)
    grid.add_column(ratio=1)
    for reason in section.reasons:
        body = Text(clean(reason.title))
        body.append("\n")
        body.append(sources_text(reason), style="dim")
        if explain and reason.when:
            body.append(f"\nwhen: {clean(reason.when)}", style="dim")
        grid.add_row(Text(reason.effect, style=effect_style), body)
    for miss in section.near:
        body = Text(clean(miss.title))
        body.append(f"\nnot met: {clean(miss.failed)}", style="dim")
        grid.add_row(Text("nearly", style="dim"), body)
    return Padding(grid, (0, 0, 0, 2))
