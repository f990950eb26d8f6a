"""Explanation and renderers: pure functions from recommendations (and rules) to text.

One module per output format, the table of formats (below), and the explanations of rules
and conditions (:mod:`advisor.renderers.explanation`). Nothing here reads a terminal or a
file: the command line passes the width and whether colour is wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from advisor.reasoning.recommendation import Recommendation


class Layout(NamedTuple):
    """What a caller asked of the layout; each format reads what applies to it."""

    width: int
    color: bool
    explain: bool
    more: str | None


def _json(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.json import render_json

    return render_json(recs)


def _jsonl(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.jsonl import render_jsonl

    return render_jsonl(recs)


def _table(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.table import render_table

    return render_table(recs)


def _markdown(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.markdown import render_markdown

    return render_markdown(recs, explain=layout.explain)


def _adr(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.adr import render_adr

    return render_adr(recs)


def _rich(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.terminal import render_terminal

    return render_terminal(
        recs, width=layout.width, color=layout.color, explain=layout.explain, more=layout.more
    )


def _plain(recs: Sequence[Recommendation], layout: Layout) -> str:
    from advisor.renderers.plain import render_plain

    return render_plain(recs, width=layout.width, explain=layout.explain, more=layout.more)


class OutputFormat(NamedTuple):
    """One output format: its name, what it gives, the files that choose it, its renderer."""

    name: str
    summary: str  # a few words for help, or "" when the name says enough
    suffixes: tuple[str, ...]  # an output file's extensions that pick it
    renderer: Callable[[Sequence[Recommendation], Layout], str]


# Every output format, in the order help lists them: the command line's choices and their
# help, what an output file's extension picks, and what render() accepts all read this table.
OUTPUT_FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("rich", "", (), _rich),
        OutputFormat("plain", "", (), _plain),
        OutputFormat("json", "", (".json",), _json),
        OutputFormat("jsonl", "one line per result", (".jsonl",), _jsonl),
        OutputFormat("table", "one line per profile", (), _table),
        OutputFormat("markdown", "", (".md", ".markdown"), _markdown),
        OutputFormat("adr", "a decision record", (), _adr),
    )
}
FORMATS: tuple[str, ...] = tuple(OUTPUT_FORMATS)
# The formats of a comparison of two recommendations (renderers.diff); on a terminal it is
# shown as plain text.
COMPARISON_FORMATS: tuple[str, ...] = ("plain", "json", "markdown")
# An output format's name (one of FORMATS; render() refuses any other).
Format = str


def describe_formats(names: Sequence[str] = FORMATS) -> str:
    """``rich (a framed view ...), plain (...) or adr (...)``: formats for a help text."""
    shown = [
        f"{name} ({OUTPUT_FORMATS[name].summary})" if OUTPUT_FORMATS[name].summary else name
        for name in names
    ]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def format_for_file(suffix: str) -> str | None:
    """The format an output file's extension (``.json``) picks, or ``None``."""
    lowered = suffix.lower()
    return next((f.name for f in OUTPUT_FORMATS.values() if lowered in f.suffixes), None)


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
        fmt: The output format, one of :data:`FORMATS`.
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

    Raises:
        ValueError: ``fmt`` is not an output format.
    """
    found = OUTPUT_FORMATS.get(fmt)
    if found is None:
        raise ValueError(f"unknown output format {fmt!r}; formats are: {', '.join(FORMATS)}")
    return found.renderer(recommendations, Layout(width, color, explain, more))
