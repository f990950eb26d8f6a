"""``advisor evaluate`` over its inputs: each result written as soon as it is ready.

Command-line side (it writes to the output and to standard error). The typer command and the
quick start-up path (:mod:`advisor.cli.launcher`) both call :func:`run_evaluate`, so the two cannot
differ in what they print. JSON, JSON Lines and the table keep nothing but what they must:
memory stays flat over ten thousand profiles. The formats for people (rich, plain, Markdown,
a decision record) lay the results out together, so they gather them first.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from advisor.cli.options import Settings
from advisor.cli.streams import (
    CLOSED,
    EXIT_OK,
    EXIT_USAGE,
    STDOUT_CLOSED,
    STDOUT_CLOSED_HINT,
    name,
    problems,
    say,
    silence_stdout,
)
from advisor.errors import Diagnostic, InputError, ProfileError, UsageError
from advisor.reasoning.batch import STDIN, Outcome, Source, evaluate_many, profile_files
from advisor.renderers.json import json_array_item
from advisor.renderers.jsonl import jsonl_line
from advisor.renderers.table import render_rows, table_row
from advisor.text import clean, inert_json

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile
    from advisor.reasoning.recommendation import Recommendation
    from advisor.reasoning.ruleset import RuleSet

# The formats written result by result; the others are laid out once every result is in.
STREAMED = frozenset({"json", "jsonl", "table"})
# A progress bar appears only when the run has lasted this long and is not done.
PROGRESS_AFTER = 1.0


@dataclass
class Tally:
    """What a run found: results written and profiles refused."""

    results: int = 0
    refused: int = 0


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
    jobs: int | None = None,
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
    # A result is freed by reference counting as soon as it is written (it holds no cycles: a
    # few dozen objects over 500 profiles are left to the collector). Collecting every 700
    # allocations, Python's default, walked each result's objects again and again and cost a
    # third of a portfolio's time; every 100,000 keeps memory as flat at a fraction of that.
    gc.set_threshold(100_000, 10, 10)
    gc.enable()  # the launcher leaves it off while loading

    def run(out: TextIO) -> Tally:
        return run_evaluate(
            inputs,
            rules=rules,
            what_if=what_if,
            settings=settings,
            out=out,
            err=problems,
            vary=vary,
            jobs=jobs,
        )

    if output is None:
        if "stdout" in CLOSED:
            raise UsageError(STDOUT_CLOSED, hint=STDOUT_CLOSED_HINT)
        try:
            tally = run(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): the command ends quietly, as it asked. Answered
            # here, where both ways in agree: click would make it exit code 1.
            silence_stdout()
            return EXIT_OK
        if tally.refused and tally.results:
            # The messages above may have scrolled away among the results.
            total = tally.results + tally.refused
            say(f"advisor: {_refusals(tally.refused)} (of {total}); the others were evaluated")
        return EXIT_USAGE if tally.refused else EXIT_OK
    from advisor.files import atomic_file

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
    err: Callable[[InputError], None],
    vary: Callable[[Profile, Source], Profile] | None = None,
    jobs: int | None = None,
) -> Tally:
    """Evaluate every profile of ``inputs``, writing each result to ``out`` as it comes.

    Each bad profile is reported on ``err`` with its location, as soon as it is found, and the
    others are still evaluated; the caller turns a tally with refusals into exit code 2. With
    JSON Lines and the table, a large portfolio is shared among ``jobs`` processes (all the
    machine's processors by default), its results still written in input order.
    """
    files = profile_files(inputs)
    tally = Tally()
    with _Progress(settings.progress and len(files) > 1, len(files), err) as progress:
        report = progress.report
        line = LINES.get(settings.fmt)
        if line is not None:
            workers = _workers(jobs, files)
            if workers > 1:
                out.flush()
                items = _in_parallel(files, workers, (rules, what_if, vary, line))
            else:
                items = _rendered(
                    evaluate_many(files, rules=rules, what_if=what_if, vary=vary), line
                )
            lines = _counted(items, tally, report, progress)
            if settings.fmt == "jsonl":
                _write_lines(lines, out, every=CHUNK if workers > 1 else 1)
            else:
                rows = [row for _, row in lines]
                if rows:
                    out.write(render_rows(rows, settings.width if settings.fit else None))
            return tally
        outcomes = evaluate_many(files, rules=rules, what_if=what_if, vary=vary)
        stream = _counted(_rendered(outcomes, None), tally, report, progress)
        if settings.fmt == "json":
            _write_json(stream, out, array=len(files) > 1)
        else:
            _write_laid_out([rec for _, rec in stream], settings, out)
    return tally


# The formats whose results are one line each, by the function that writes one: their results
# can be rendered apart from each other, in other processes.
LINES: dict[str, Callable[[Recommendation, Source], Any]] = {
    "jsonl": jsonl_line,
    "table": table_row,
}
# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 100
# Files handed to a process at a time. A process is sent its next chunk only once it has sent
# back the last: a chunk waiting in the pipe while the process waits to send its results could
# fill both directions of the pipe and stop both sides for good.
CHUNK = 25
IN_FLIGHT = 1

Item = tuple[Source, Any, tuple[Diagnostic, ...]]


def _rendered(
    outcomes: Iterator[Outcome], line: Callable[[Recommendation, Source], Any] | None
) -> Iterator[Item]:
    for outcome in outcomes:
        rec = outcome.recommendation
        if rec is None:
            yield outcome.source, None, outcome.problems
        else:
            yield outcome.source, rec if line is None else line(rec, outcome.source), ()


def _workers(jobs: int | None, files: list[str]) -> int:
    """How many processes share the work: ``jobs``, or every processor for a large portfolio."""
    import multiprocessing

    if STDIN in files:
        # Standard input is the parent's to read: a forked process would find it taken.
        return 1
    import signal

    # Forked workers and the signal masks that stop them cleanly are POSIX's.
    posix = hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")
    if not posix or "fork" not in multiprocessing.get_all_start_methods():
        # A new interpreter per process (Windows) would load everything again: not worth it.
        return 1
    count = len(files)
    if jobs is not None:
        return max(1, min(jobs, count // CHUNK + 1))
    if count < PARALLEL_FROM:
        return 1
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on this system
        available = os.cpu_count() or 1
    return max(1, min(available, count // CHUNK))


# What each process of a parallel run works with: set before the processes are forked, so they
# inherit it (rules, settings and functions are never pickled).
_JOB: dict[str, Any] = {}


def _in_parallel(files: list[str], workers: int, job: Any) -> Iterator[Item]:
    """Each file's items, evaluated by ``workers`` forked processes, in input order.

    A process is sent a chunk of files whenever it has fewer than ``IN_FLIGHT``; results are
    read as soon as any is ready and handed on in input order, holding at most a few chunks
    ahead. Plain processes and pipes, no threads: a process that dies (the out-of-memory
    killer) is an error, not a wait for ever, and Ctrl-C stops them all at once.
    """
    from multiprocessing.connection import Connection, wait

    from advisor.profiles.modelcache import prepare

    _JOB["job"] = job
    chunks = [files[n : n + CHUNK] for n in range(0, len(files), CHUNK)]
    # What each process would otherwise do for itself, once, here: it inherits the result,
    # and anything said about it (a cache ignored) is said once.
    prepare()
    sys.stdout.flush()
    sys.stderr.flush()
    processes: list[Any] = []
    try:
        assigned = _start_workers(workers, processes)
        ready: dict[int, list[Item]] = {}
        sent = handed = 0
        ahead = workers * IN_FLIGHT * 2  # chunks evaluated but not yet handed on, at most
        while handed < len(chunks):
            for link, queue in assigned.items():
                while len(queue) < IN_FLIGHT and sent < len(chunks) and sent - handed < ahead:
                    _talk(link.send, chunks[sent])
                    queue.append(sent)
                    sent += 1
            while handed in ready:
                yield from ready.pop(handed)
                handed += 1
            if handed == len(chunks):
                break
            busy = [link for link, queue in assigned.items() if queue]
            if not busy:
                # Everything sent was evaluated and handed on: room to send again, and nothing
                # to wait for until then (waiting on no process would wait for ever).
                continue
            for link in cast("list[Connection]", wait(busy)):
                ready[assigned[link].popleft()] = _talk(link.recv)
        for link in assigned:
            _talk(link.send, None)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        _JOB.clear()


def _start_workers(workers: int, processes: list[Any]) -> dict[Any, deque[int]]:
    """Fork ``workers`` processes (added to ``processes``); each one's pipe and chunks sent."""
    import multiprocessing
    import signal

    context = multiprocessing.get_context("fork")
    assigned: dict[Any, deque[int]] = {}
    # Ctrl-C and kill wait while the processes are forked: a worker caught before it could
    # ignore them would print a traceback of its own. The parent gets them next.
    stopping = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        for _ in range(workers):
            parent, child = context.Pipe()
            # The worker closes the parent's ends it inherits (its own and the earlier
            # workers'): should the parent die, its pipe ends, and so does the worker.
            inherited = [parent, *assigned]
            process = context.Process(target=_work, args=(child, inherited), daemon=True)
            process.start()
            child.close()
            processes.append(process)
            assigned[parent] = deque()
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
    return assigned


def _talk(call: Callable[..., Any], *args: Any) -> Any:
    """A send to or a receive from a worker; a worker gone is said as such.

    Not a broken pipe of our own output, which would end the command quietly.
    """
    try:
        return call(*args)
    except (EOFError, OSError):
        raise UsageError(
            "a worker process ended before its work was done (killed, or out of memory?)",
            hint="run again, or with --jobs 1 to use one process",
        ) from None


def _work(link: Any, inherited: list[Any]) -> None:
    """A worker: evaluate each chunk of files it is sent, until it is sent ``None``.

    It ends quietly when its parent is gone (its pipe closed): the parent reports.
    """
    _quiet_worker()
    for end in inherited:
        end.close()
    try:
        while (files := link.recv()) is not None:
            link.send(_evaluate_chunk(files))
    except (EOFError, OSError):
        return


def _quiet_worker() -> None:
    """A worker leaves Ctrl-C and ``kill`` to its parent, which stops it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Forked with both blocked (see _in_parallel): taken again, now that they do no harm.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _evaluate_chunk(files: list[str]) -> list[Item]:
    rules, what_if, vary, line = _JOB["job"]
    return list(_rendered(evaluate_many(files, rules=rules, what_if=what_if, vary=vary), line))


def _counted(
    items: Iterator[Item],
    tally: Tally,
    report: Callable[[InputError], None],
    progress: _Progress,
) -> Iterator[tuple[Source, Any]]:
    """The good results; each refusal reported as it is met."""
    for source, result, found in items:
        progress.advance(source)
        if result is None:
            tally.refused += 1
            report(ProfileError(found))
            continue
        tally.results += 1
        yield source, result


def _write_json(
    stream: Iterator[tuple[Source, Recommendation]], out: TextIO, *, array: bool
) -> None:
    """An array of results, item by item, each with its ``source``; or one result's object.

    An array whenever several files are read, however many of their profiles are valid (a
    script can rely on the shape); for one file, whenever it holds several profiles (the
    first is held until the second shows there is one). One profile alone is one object, as
    it always was. The text is the one ``json.dumps(indent=2)`` writes for the whole array.
    """
    first = next(stream, None)
    if first is None:
        if array:
            out.write("[]\n")
        return
    second = None if array else next(stream, None)
    if second is None and not array:
        out.write(inert_json(first[1].to_json()) + "\n")
        return
    out.write("[\n" + json_array_item(first[1], first[0]))
    if second is not None:
        out.write(",\n" + json_array_item(second[1], second[0]))
    for source, rec in stream:
        out.write(",\n" + json_array_item(rec, source))
    out.write("\n]\n")


def _write_lines(lines: Iterator[tuple[Source, str]], out: TextIO, *, every: int = 1) -> None:
    """Write each line; a reader of the stream (``| jq``) sees results as they are ready.

    ``every``: flush after so many lines (the results of a parallel run come a chunk at a time,
    and a flush for each of them would cost a system call for nothing).
    """
    import signal

    # Ctrl-C or kill while a line is half written would leave half a JSON object for the
    # reader: each is held until the line (and its flush) is out, then acts at once.
    # SIGHUP and pthread_sigmask are POSIX's: elsewhere lines are written without the hold.
    stopping = {
        getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
    }
    hold = getattr(signal, "pthread_sigmask", None)
    for count, (_, line) in enumerate(lines, 1):
        if hold is not None:
            hold(signal.SIG_BLOCK, stopping)
        try:
            out.write(line)
            if count % every == 0:
                out.flush()
        finally:
            if hold is not None:
                hold(signal.SIG_UNBLOCK, stopping)
    out.flush()


def _write_laid_out(results: list[Recommendation], settings: Settings, out: TextIO) -> None:
    from advisor.renderers import render

    if not results:
        return
    text = render(
        results,
        settings.fmt,
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

    def __init__(self, enabled: bool, files: int, err: Callable[[InputError], None]) -> None:
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

    def report(self, error: InputError) -> None:
        if self._bar is None:
            self._err(error)
        else:
            self._bar.console.print(
                clean_lines(str(error)), markup=False, highlight=False, soft_wrap=True
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
