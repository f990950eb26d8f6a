"""Renderers: pure functions from recommendations to text, one module per format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..recommendation import Recommendation

Format = Literal["rich", "plain", "json", "jsonl", "table", "markdown", "adr"]
FORMATS: tuple[str, ...] = ("rich", "plain", "json", "jsonl", "table", "markdown", "adr")


def render(
    recommendations: Sequence[Recommendation],
    fmt: Format,
    *,
    width: int = 100,
    color: bool = True,
    explain: bool = False,
    more: str | None = None,
) -> str:
    """Render one or several recommendations in ``fmt``.

    Args:
        recommendations: What to show; several give a JSON array or sections one after another.
        fmt: The output format.
        width: Terminal width: the ``rich`` layout and where ``plain`` wraps prose.
        color: Whether the ``rich`` format may use colour (ANSI escapes).
        explain: ``rich`` and ``plain`` show the whole reasoning (both rankings, every reason
            with its sources, condition and the profile's values, why not each option, the
            rules that nearly raised it, the notation and the sources); without it they show
            the verdict first, in one screen. The Markdown report always has the whole
            reasoning, and with ``explain`` the values and near misses too. ``jsonl`` and
            ``table`` give one line per result (the command line adds where each profile
            came from).
        more: The short view's last line, saying how to see the rest (the caller's words: the
            library names no command-line flag).

    Returns:
        The text, ending with a newline.
    """
    if fmt == "json":
        from .json import render_json

        return render_json(recommendations)
    if fmt == "jsonl":
        from .jsonl import render_jsonl

        return render_jsonl(recommendations)
    if fmt == "table":
        from .table import render_table

        return render_table(recommendations)
    if fmt == "adr":
        from .adr import render_adr

        return render_adr(recommendations)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(recommendations, explain=explain)
    if fmt == "rich":
        from .terminal import render_terminal

        return render_terminal(
            recommendations, width=width, color=color, explain=explain, more=more
        )
    from .plain import render_plain

    return render_plain(recommendations, width=width, explain=explain, more=more)
