"""The process's standard streams: written to safely, whatever state they were left in.

Command-line side. Shared by the quick start-up path (:mod:`advisor.cli.launcher`) and the typer
commands (:mod:`advisor.cli.app`), and free of both typer and rich, so that neither is imported to
print a line.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from advisor.errors import InputError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# Narrower than this, no layout reads; text is laid out at this width and the terminal wraps it.
MIN_WIDTH = 30

# Standard streams that were closed when the process started (`advisor ... >&-`).
CLOSED: set[str] = set()
STDOUT_CLOSED = "standard output is closed"
STDOUT_CLOSED_HINT = "write the result to a file with --output FILE"


def stand_in_for_closed_streams() -> None:
    """Give a closed standard stream a stand-in, so that nothing finds ``None`` in its place.

    A closed standard input reads as empty; a closed standard error discards messages; a closed
    standard output is an error when the result would go there.
    """
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            CLOSED.add(name)
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def tolerate_narrow_encodings() -> None:
    """Write ``?`` for what the output's encoding cannot show, rather than crash mid-output.

    Output is UTF-8 text (·, █, box drawing); a terminal or pipe may not take it
    (``PYTHONIOENCODING=ascii``, a Latin-1 console).
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in {"utf8", "utf8sig"} and callable(reconfigure):
            reconfigure(errors="replace")


def name(path: object) -> str:
    """A file name for a message, on one line whatever it holds (a newline could forge one)."""
    from advisor.text import one_line

    return one_line(str(path))


def inert(text: str) -> str:
    """Text that may carry a user's bytes (file names, values), made safe for a terminal."""
    from advisor.text import clean

    return "\n".join(clean(line) for line in text.split("\n"))


def say(message: str) -> None:
    """One message on standard error, made inert (lost, with nothing else to do, if it is gone)."""
    _write_err(inert(message.rstrip("\n")) + "\n")


def _write_err(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # the terminal closed under us: no one is left to tell
        pass


def silence_stdout() -> None:
    """After a reader went away (``advisor ... | head``), let the exit flush go nowhere.

    Python flushes stdout again at exit; pointing the descriptor at /dev/null stops a second
    BrokenPipeError (and its "Exception ignored" message) there.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass


def color_allowed() -> bool:
    """Whether the environment lets output be coloured (https://no-color.org, ``TERM=dumb``)."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def width() -> int:
    """The terminal's width, kept between 30 and 140 columns (100 when it is not known)."""
    import shutil

    return max(MIN_WIDTH, min(shutil.get_terminal_size((100, 24)).columns, 140))


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (a closed stream or a stand-in is not)."""
    try:
        return stream.isatty()
    except (ValueError, AttributeError):
        return False


_RED, _CYAN, _BOLD, _RESET = "\x1b[1;31m", "\x1b[36m", "\x1b[1m", "\x1b[0m"


def problem(where: str, message: str, hint: str | None = None) -> None:
    """Say one problem on standard error: ``where: error: message`` and ``  hint: ...``.

    The one place every command's errors are written; coloured when standard error is a
    terminal and colour is allowed (plain under ``NO_COLOR``).
    """
    color = is_terminal(sys.stderr) and color_allowed()
    where, message = inert(where), inert(message)
    if color:
        text = f"{_BOLD}{where}:{_RESET} {_RED}error:{_RESET} {message}"
    else:
        text = f"{where}: error: {message}"
    if hint:
        text += f"\n  {_CYAN}hint:{_RESET} {inert(hint)}" if color else f"\n  hint: {inert(hint)}"
    _write_err(text + "\n")


def problems(error: InputError) -> None:
    """Each problem of ``error`` (the first ones, then how many more), as :func:`problem`."""
    for diagnostic in error.shown:
        problem(diagnostic.where, diagnostic.text, diagnostic.hint)
    if error.more:
        say(error.more)


def report(exc: BaseException) -> int | None:
    """The message and exit code of an error every command may meet, or ``None`` for others.

    Advisor's own errors, a path the system refuses, Ctrl-C and a reader that went away; the
    typer commands add their own kinds (:func:`advisor.cli.app.run`). An error not tied to a
    place in a file is said as ``advisor: error: ...``, whichever command met it.
    """
    from advisor.errors import FILE_EXISTS, AdvisorError, InputError, InterviewInterruptedError

    # Advice the command line adds to a library error, by the error's code: the library's
    # messages name no command-line flag.
    hints = {FILE_EXISTS: "pass --force to replace it"}

    if isinstance(exc, KeyboardInterrupt):
        say("advisor: interrupted")
        return EXIT_INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        silence_stdout()
        return EXIT_OK
    if isinstance(exc, InputError):
        problems(exc)
        return exc.exit_code
    if isinstance(exc, InterviewInterruptedError):
        resume = "; `advisor ask --resume` continues" if exc.draft is not None else ""
        say(f"advisor: {exc.message}{resume}")
        return exc.exit_code
    if isinstance(exc, AdvisorError):
        problem("advisor", exc.message, exc.hint or hints.get(exc.code))
        return exc.exit_code
    if isinstance(exc, OSError):
        # A path the system refuses (a name too long, no permission) is bad input, not a bug.
        where = f"{name(exc.filename)}: " if exc.filename else ""
        problem("advisor", f"{where}{exc.strerror or exc}")
        return EXIT_USAGE
    return None
