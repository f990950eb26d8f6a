"""``--format rich``: the terminal view, with colour, tables and panels.

Every piece of user-supplied text (profile names, rule text from user packs) goes into
``rich.text.Text`` objects, never into markup strings, so ``[bold]`` in a name prints as written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..recommendation import Recommendation
from .view import DecisionView, clean, profile_summary, sources_text, title, views

_LEVEL_STYLE = {"high": "green", "medium": "yellow", "low": "red"}


def render_terminal(
    recommendations: Sequence[Recommendation], *, width: int = 100, color: bool = True
) -> str:
    """Render for a terminal of ``width`` columns; ANSI colour only when ``color``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for index, rec in enumerate(recommendations):
        if index:
            console.print()
        console.print(_recommendation(rec))
    return buffer.getvalue()


def _recommendation(rec: Recommendation) -> Panel:
    storage, pipeline = views(rec)
    headline = Table.grid(padding=(0, 2))
    headline.add_column(style="bold")
    headline.add_column()
    headline.add_column()
    for view in (storage, pipeline):
        headline.add_row(
            view.name.capitalize(),
            Text(clean(view.headline), style="bold cyan"),
            Text(f"confidence {view.confidence}", style=_LEVEL_STYLE.get(view.confidence, "")),
        )
    parts: list[object] = [Text(profile_summary(rec), style="dim"), Text(), headline]
    for view in (storage, pipeline):
        parts += [Text(), _ranking(view), *_reasons(view)]
    if rec.what_would_change:
        parts += [Text(), Text("What would change the answer", style="bold")]
        parts += [Text(f"• {clean(change.summary)}") for change in rec.what_would_change]
    packs = ", ".join(f"{clean(p.id)} {clean(p.version)}" for p in rec.rules.packs)
    parts += [Text(), Text(f"Rules: {packs}; {len(rec.rules.fired)} fired", style="dim")]
    return Panel(Group(*parts), title=Text(title(rec), style="bold"), title_align="left")  # type: ignore[arg-type]


def _ranking(view: DecisionView) -> Table:
    table = Table(title=f"{view.name.capitalize()} ranking", title_justify="left", expand=False)
    table.add_column("#", justify="right")
    table.add_column("option")
    table.add_column("score", justify="right")
    table.add_column("")
    for index, entry in enumerate(view.ranking, 1):
        bar = "█" * (entry.score // 10)
        status = "eliminated" if entry.eliminated else "primary" if entry is view.primary else ""
        style = "dim strike" if entry.eliminated else "bold" if entry is view.primary else ""
        table.add_row(
            str(index),
            Text(clean(entry.option), style=style),
            str(entry.score),
            Text(f"{bar} {status}".strip(), style="cyan" if entry is view.primary else "dim"),
        )
    return table


def _reasons(view: DecisionView) -> list[Text]:
    lines: list[Text] = []
    if view.reasons_for:
        lines += [Text(), Text(f"Why {clean(view.primary.option)}", style="bold")]
        for reason in view.reasons_for:
            line = Text(f"  {reason.effect:>10}  ", style="green")
            line.append(clean(reason.title))
            line.append(f"  {sources_text(reason)}", style="dim")
            lines.append(line)
    for entry, reasons in view.alongside:
        lines += [Text(), Text(f"Why {clean(entry.option)} alongside", style="bold")]
        for reason in reasons:
            line = Text(f"  {reason.effect:>10}  ", style="cyan")
            line.append(clean(reason.title))
            line.append(f"  {sources_text(reason)}", style="dim")
            lines.append(line)
    against = [(entry, reasons) for entry, reasons in view.against if reasons]
    if against:
        lines += [Text(), Text("Why not the others", style="bold")]
        for entry, reasons in against:
            for reason in reasons:
                line = Text(f"  {clean(entry.option):>12} ", style="bold")
                line.append(f"{reason.effect:>10}  ", style="red")
                line.append(clean(reason.title))
                line.append(f"  {sources_text(reason)}", style="dim")
                lines.append(line)
    return lines
