"""``advisor evaluate`` over its inputs: each result written as soon as it is ready.

Command-line side (it writes to the output and to standard error). The typer command and the
quick start-up path (:mod:`advisor.launcher`) both call :func:`run_evaluate`, so the two cannot
differ in what they print. JSON, JSON Lines and the table keep nothing but what they must:
memory stays flat over ten thousand profiles. The formats for people (rich, plain, Markdown,
a decision record) lay the results out together, so they gather them first.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .batch import Outcome, Source, evaluate_many, profile_files
from .errors import ProfileError, UsageError
from .options import Settings
from .renderers.json import json_array_item
from .renderers.jsonl import jsonl_line
from .renderers.table import render_rows, table_row
from .streams import CLOSED, EXIT_OK, EXIT_USAGE, STDOUT_CLOSED, name, say
from .text import clean, inert_json

if TYPE_CHECKING:
    from .profile import Profile
    from .recommendation import Recommendation
    from .ruleset import RuleSet

# The formats written result by result; the others are laid out once every result is in.
STREAMED = frozenset({"json", "jsonl", "table"})
# A progress bar appears only when the run has lasted this long and is not done.
PROGRESS_AFTER = 1.0


@dataclass
class Tally:
    """What a run found: results written and profiles refused."""

    results: int = 0
    refused: int = 0
    problems: list[str] = field(default_factory=list)


class _RefusedError(Exception):
    """Leaves an output file unwritten: a profile was refused."""


def evaluate_to(
    inputs: list[str],
    output: Path | None,
    *,
    force: bool,
    rules: RuleSet,
    what_if: bool,
    settings: Settings,
    vary: Callable[[Profile, Source], Profile] | None = None,
) -> int:
    """Evaluate ``inputs`` to standard output or to the file ``output``; the exit code.

    Results go to standard output as they come. A file is written whole or not at all: when a
    profile is refused, the results of the others would look complete, so the file is left as
    it was (and the messages say which profiles to fix).

    Returns:
        0, or 2 when a profile was refused.
    """
    # The rules and everything loaded so far live as long as the process: out of the garbage
    # collector's sight, the collections that thousands of results trigger need not walk them.
    gc.freeze()

    def run(out: TextIO) -> Tally:
        return run_evaluate(
            inputs, rules=rules, what_if=what_if, settings=settings, out=out, err=say, vary=vary
        )

    if output is None:
        if "stdout" in CLOSED:
            raise UsageError(STDOUT_CLOSED)
        tally = run(sys.stdout)
        sys.stdout.flush()
        return EXIT_USAGE if tally.refused else EXIT_OK
    from .files import atomic_file

    try:
        with atomic_file(output, overwrite=force) as handle:
            tally = run(handle)
            if tally.refused:
                raise _RefusedError
    except _RefusedError:
        say(f"advisor: {name(output)} not written: {_refusals(tally.refused)}")
        return EXIT_USAGE
    say(f"wrote {name(output)}")
    return EXIT_OK


def _refusals(count: int) -> str:
    return "1 profile is not valid" if count == 1 else f"{count} profiles are not valid"


def run_evaluate(
    inputs: list[str],
    *,
    rules: RuleSet,
    what_if: bool,
    settings: Settings,
    out: TextIO,
    err: Callable[[str], None],
    vary: Callable[[Profile, Source], Profile] | None = None,
) -> Tally:
    """Evaluate every profile of ``inputs``, writing each result to ``out`` as it comes.

    Each bad profile is reported on ``err`` with its location, as soon as it is found, and the
    others are still evaluated; the caller turns a tally with refusals into exit code 2.
    """
    files = profile_files(inputs)
    outcomes = evaluate_many(files, rules=rules, what_if=what_if, vary=vary)
    tally = Tally()
    with _Progress(settings.progress and len(files) > 1, len(files), err) as progress:
        report = progress.report
        stream = _counted(outcomes, tally, report, progress)
        if settings.fmt == "json":
            _write_json(stream, out)
        elif settings.fmt == "jsonl":
            _write_jsonl(stream, out)
        elif settings.fmt == "table":
            rows = [table_row(rec, source) for source, rec in stream]
            if rows:
                out.write(render_rows(rows, settings.width if settings.fit else None))
        else:
            _write_laid_out([rec for _, rec in stream], settings, out)
    return tally


def _counted(
    outcomes: Iterator[Outcome],
    tally: Tally,
    report: Callable[[str], None],
    progress: _Progress,
) -> Iterator[tuple[Source, Recommendation]]:
    """The good results; each refusal reported as it is met."""
    for outcome in outcomes:
        progress.advance(outcome.source)
        if outcome.recommendation is None:
            tally.refused += 1
            report(str(ProfileError(outcome.problems)))
            continue
        tally.results += 1
        yield outcome.source, outcome.recommendation


def _write_json(stream: Iterator[tuple[Source, Recommendation]], out: TextIO) -> None:
    """One result as a JSON object (as before); several as an array, item by item.

    The first result is held until the second shows whether there is an array to open; each
    item of an array carries its ``source``. The text is the one ``json.dumps(indent=2)``
    writes for the whole array.
    """
    first = next(stream, None)
    if first is None:
        return
    second = next(stream, None)
    if second is None:
        out.write(inert_json(first[1].to_json()) + "\n")
        return
    out.write("[\n" + json_array_item(first[1], first[0]) + ",\n")
    out.write(json_array_item(second[1], second[0]))
    for source, rec in stream:
        out.write(",\n" + json_array_item(rec, source))
    out.write("\n]\n")


def _write_jsonl(stream: Iterator[tuple[Source, Recommendation]], out: TextIO) -> None:
    for source, rec in stream:
        out.write(jsonl_line(rec, source))
        # A reader of the stream (`| jq`) sees each result as soon as it is ready.
        out.flush()


def _write_laid_out(results: list[Recommendation], settings: Settings, out: TextIO) -> None:
    from .renderers import render

    if not results:
        return
    text = render(
        results,
        settings.fmt,  # type: ignore[arg-type]
        width=settings.width,
        color=settings.color,
        explain=settings.explain,
        more=settings.more,
    )
    out.write(text if text.endswith("\n") else text + "\n")


class _Progress:
    """A progress bar on standard error, shown only once a run has lasted a while.

    Nothing of rich is imported before then, so a short run costs nothing; problems found
    while the bar shows are printed above it, never through it.
    """

    def __init__(self, enabled: bool, files: int, err: Callable[[str], None]) -> None:
        self._enabled = enabled
        self._files = files
        self._err = err
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._done = 0  # files begun
        self._last: str | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def report(self, message: str) -> None:
        if self._bar is None:
            self._err(message)
        else:
            self._bar.console.print(
                clean_lines(message), markup=False, highlight=False, soft_wrap=True
            )

    def advance(self, source: Source) -> None:
        if source.file != self._last:
            self._last = source.file
            self._done += 1
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < PROGRESS_AFTER:
                return
            self._start_bar()
        self._bar.update(self._task, completed=self._done, description=_short(source.file))

    def _start_bar(self) -> None:
        import sys

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            console=Console(file=sys.stderr, highlight=False, markup=False, emoji=False),
            transient=True,
        )
        self._task = self._bar.add_task("", total=self._files)
        self._bar.start()


def clean_lines(text: str) -> str:
    """User text made inert line by line (messages keep their line breaks)."""
    return "\n".join(clean(line) for line in text.split("\n"))


def _short(name: str, room: int = 30) -> str:
    shown = clean(name)
    return shown if len(shown) <= room else "…" + shown[-(room - 1) :]
