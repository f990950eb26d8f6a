"""``--format table``: one line per profile, for a portfolio at a glance.

Columns: where the profile came from (``file [n]`` for a file's profile ``n``, counted from 0
as ``source.document`` is), its name, the storage and the pipeline (each with what is needed
alongside, and a batch's cadence), and the confidence of each, storage then pipeline
(``high/low``: a sure storage answer, a close pipeline call). A line is never wrapped, so that
``grep`` and ``sort`` see one profile per line; on a terminal, a long source and then a long
name are shortened with ``…`` to fit, and a terminal too narrow for the columns even then gets
each profile as a few wrapped lines instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.text import clean

if TYPE_CHECKING:
    from advisor.reasoning.batch import Source
    from advisor.reasoning.recommendation import Recommendation

HEADERS = ("source", "name", "storage", "pipeline", "confidence s/p")
# The least a shortened column keeps: the source first (a path keeps its file name), then the
# name, which says more about a workload than the folders around it.
_SHORTEST = ((0, 16, True), (1, 16, False))


def table_row(rec: Recommendation, source: Source | None = None) -> tuple[str, ...]:
    """One profile's line: where, what, and the two answers."""
    if source is None:
        where = "-"
    elif source.document == 0:
        where = source.file
    else:
        where = f"{source.file} [{source.document}]"
    storage = " + ".join((rec.storage.primary, *rec.storage.complements))
    pipeline = " + ".join(
        _with_cadence(option, cadence)
        for option, cadence in (
            (rec.pipeline.primary, rec.pipeline.cadence),
            *((o, rec.pipeline.complement_cadences.get(o)) for o in rec.pipeline.complements),
        )
    )
    confidence = f"{rec.confidence.storage}/{rec.confidence.pipeline}"
    return (where, rec.profile.name or "", storage, pipeline, confidence)


def _with_cadence(option: str, cadence: str | None) -> str:
    return f"{option} ({cadence})" if cadence and cadence != "continuous" else option


def render_rows(rows: Sequence[tuple[str, ...]], width: int | None = None) -> str:
    """The table of ``rows`` (tabulate's ``simple`` layout), user text made inert.

    Args:
        rows: From :func:`table_row`.
        width: Shorten the name, then the source, so that each line fits; ``None`` keeps
            every cell whole (a file or a pipe).
    """
    from tabulate import tabulate

    cells = [[clean(cell) for cell in row] for row in rows]
    if width is not None and _fit(cells, width) > 0:
        return _stacked([[clean(cell) for cell in row] for row in rows], width)
    return tabulate(cells, headers=HEADERS, tablefmt="simple", disable_numparse=True) + "\n"


def _stacked(cells: list[list[str]], width: int) -> str:
    """Each profile as lines wrapped at words: where and what, then the answers, indented."""
    import textwrap

    heads = textwrap.TextWrapper(
        width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )
    bodies = textwrap.TextWrapper(
        width,
        initial_indent="  ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines: list[str] = []
    for source, name, storage, pipeline, confidence in cells:
        where = _shorten(source, width, from_left=True)  # a path keeps its file name
        lines += heads.wrap(f"{where}  {name}" if name else where)
        lines += bodies.wrap(f"storage {storage}; pipeline {pipeline}; confidence {confidence}")
    return "\n".join(lines) + "\n"


def render_table(
    recommendations: Sequence[Recommendation],
    sources: Sequence[Source] | None = None,
    *,
    width: int | None = None,
) -> str:
    """Every result, one line each."""
    found = list(sources) if sources is not None else [None] * len(recommendations)
    rows = [table_row(rec, source) for rec, source in zip(recommendations, found, strict=True)]
    return render_rows(rows, width)


def _fit(cells: list[list[str]], width: int) -> int:
    """Shorten the name and then the source column so that each line fits in ``width``.

    Returns:
        By how many columns the lines are still too long (0 when they fit).
    """
    # tabulate gives a header two characters more than its text.
    widths = [
        max(len(header) + 2, *(len(row[n]) for row in cells)) for n, header in enumerate(HEADERS)
    ]
    over = sum(widths) + 2 * (len(widths) - 1) - width
    for column, least, from_left in _SHORTEST:
        if over <= 0:
            return 0
        room = max(least, widths[column] - over)
        over -= widths[column] - room
        for row in cells:
            row[column] = _shorten(row[column], room, from_left=from_left)
    return max(over, 0)


def _shorten(text: str, room: int, *, from_left: bool) -> str:
    if len(text) <= room:
        return text
    # A path keeps its end (the file name); a name keeps its start.
    return "…" + text[-(room - 1) :] if from_left else text[: room - 1] + "…"
