"""The ``advisor`` process: set it up, then answer the command.

The plain evaluation of profile files (``advisor evaluate FILE... [--format F] [--no-what-if]
[--explain] [--rules PATH]...``) is answered here, before typer is imported: typer and what its
option parsing pulls in cost more than the evaluation itself. It calls the very functions the
typer command calls (:func:`advisor.cli.runner.evaluate_to`, with the rules from
:func:`advisor.reasoning.evaluation.resolve_rules`), with the same defaults, so the output is the
same byte for byte. Every other command line, and any option this reading does not know, goes to
the typer application (:mod:`advisor.cli.app`), which owns help, usage errors and every other
command.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import warnings
from pathlib import Path
from typing import NamedTuple, NoReturn, TextIO

from advisor.cli import streams
from advisor.cli.options import COMPLETE_VAR
from advisor.renderers import FORMATS

# The options the quick path reads, and nothing else: a flag it does not know (or any value
# that starts with '-') sends the whole command line to typer.
_FLAGS = {"--no-what-if": "no_what_if", "--explain": "explain", "-v": "explain"}
_FORMAT_OPTIONS = ("--format", "-f")
_RECORD_FORMATS = frozenset({"json", "jsonl"})


class QuickEvaluation(NamedTuple):
    """A command line the quick path answers: profile files and a few output options."""

    profiles: tuple[str, ...]
    fmt: str | None = None
    no_what_if: bool = False
    explain: bool = False
    rules: tuple[str, ...] = ()


def quick_evaluation(argv: list[str]) -> QuickEvaluation | None:
    """``argv`` read as a plain ``evaluate``, or ``None`` when typer must read it.

    Plain means: profile paths (files or folders, no ``-``), and only ``--format``/``-f`` with
    a known format, ``--no-what-if`` and ``--explain``/``-v``, each at most once, and
    ``--rules`` with a path that is neither empty nor like an option (typer explains those).
    """
    if not argv or argv[0] != "evaluate":
        return None
    profiles: list[str] = []
    fmt: str | None = None
    flags: set[str] = set()
    rules: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--rules" or arg.startswith("--rules="):
            path = arg.partition("=")[2] if "=" in arg else next(rest, None)
            if path is None or not path.strip() or path.startswith("-"):
                return None
            rules.append(path)
        elif arg in _FORMAT_OPTIONS or arg.startswith("--format="):
            value = arg.partition("=")[2] if "=" in arg else next(rest, None)
            if fmt is not None or value not in FORMATS:
                return None
            fmt = value
        elif arg in _FLAGS and _FLAGS[arg] not in flags:
            flags.add(_FLAGS[arg])
        elif arg and not arg.startswith("-"):
            profiles.append(arg)
        else:
            return None
    if not profiles:
        return None
    return QuickEvaluation(
        tuple(profiles), fmt, "no_what_if" in flags, "explain" in flags, tuple(rules)
    )


def evaluate_quickly(request: QuickEvaluation) -> int:
    """Answer a plain ``evaluate`` as the typer command would; the exit code."""
    from advisor.cli.options import choose_format, settings_for

    try:
        from advisor.cli.runner import evaluate_to
        from advisor.reasoning.evaluation import resolve_rules

        fmt = choose_format(request.fmt, None)
        # JSON is written from the results' own data: plain records serve, and spare the
        # import of pydantic's model layer. Every other format reads the models.
        output = None
        if fmt in _RECORD_FORMATS:
            from advisor.reasoning.records import RECORDS

            output = RECORDS
        rules = resolve_rules([Path(path) for path in request.rules] or None, output=output)
        return evaluate_to(
            list(request.profiles),
            None,
            force=False,
            rules=rules,
            what_if=not request.no_what_if,
            settings=settings_for(fmt, None, explain=request.explain),
        )
    except (Exception, KeyboardInterrupt) as exc:
        code = streams.report(exc)
        if code is None:
            raise
        return code


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit; every user error is a message and an exit code.

    Args:
        argv: The arguments (without the program name); ``None`` reads ``sys.argv``.
    """
    try:
        _main(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C before a command took charge of it
        sys.exit(streams.report(exc))


def _main(argv: list[str] | None) -> NoReturn:
    # The objects imported and loaded live as long as the process: the garbage collector would
    # walk tens of thousands of them again and again for nothing (a tenth of a cold start, and
    # a full walk of a large rule pack's objects). It stays off until the evaluation freezes
    # what is loaded (advisor.cli.runner), or until typer takes the command.
    gc.disable()
    # pydantic scans every installed distribution for plugins on first use; the advisor's own
    # process needs none, and the scan costs more than the rest of the start-up work.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.stand_in_for_closed_streams()
    streams.tolerate_narrow_encodings()
    warnings.showwarning = _show_warning
    _exit_cleanly_on_sigterm()
    args = sys.argv[1:] if argv is None else list(argv)
    # A shell asking for completions (the script of `advisor completion`) runs with no
    # arguments: typer answers it, not the stored help.
    completing = COMPLETE_VAR in os.environ
    if args in ([], ["--help"], ["-h"]) and not completing:
        printed = _print_help()
        if printed is not None:
            sys.exit(printed)
    request = None if completing else quick_evaluation(args)
    if request is not None:
        sys.exit(evaluate_quickly(request))
    gc.enable()
    from advisor.cli.app import run

    sys.exit(run(args))


# `advisor --help` as typer writes it at 80 columns or more: typer spends longer building every
# command's options than the rest of the help takes. A test checks that it is what typer writes;
# `python -m advisor.cli.launcher` writes it again after a command or an option changes.
HELP_FILE = Path(__file__).resolve().parents[1] / "data" / "help.txt"
_HELP_COLUMNS = 80  # click wraps help to the terminal's width, up to 80 columns


def _print_help() -> int | None:
    """Print the top-level help written beforehand, when it fits: the exit code, or ``None``.

    ``None`` leaves the help to typer (a narrower terminal, no stored help).
    """
    import shutil

    if shutil.get_terminal_size((_HELP_COLUMNS, 24)).columns < _HELP_COLUMNS:
        return None
    try:
        text = HELP_FILE.read_text(encoding="utf-8")
    except OSError:
        return None
    if "stdout" in streams.CLOSED:
        return None  # typer's path says so
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:  # a reader gone, a full disk
        code = streams.report(exc)
        assert code is not None
        return code
    return streams.EXIT_OK


def typer_help() -> str:
    """The top-level help as typer writes it at 80 columns (what ``HELP_FILE`` must hold)."""
    import io

    from advisor.cli.app import run

    out = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(_HELP_COLUMNS)
    try:
        with contextlib.redirect_stdout(out):
            run(["--help"])
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return out.getvalue()


def _exit_cleanly_on_sigterm() -> None:
    """Let ``kill`` (SIGTERM) end the process as Ctrl-C does, running its cleanup.

    By default the process would just vanish, leaving a temporary file being written behind.
    """
    import signal

    def stop(signum: int, frame: object) -> None:
        # Once: a terminal that closes sends its hang-up again while the cleanup runs.
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signum, signal.SIG_IGN)
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):  # kill; the terminal closed
        with contextlib.suppress(ValueError, OSError, AttributeError):  # not here, or not main
            signal.signal(getattr(signal, name), stop)


def _show_warning(  # noqa: PLR0917 - the signature warnings.showwarning calls
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Library warnings (say, PyYAML without its C loader) as one line, not a source listing."""
    streams.say(f"advisor: warning: {message}")


if __name__ == "__main__":  # python -m advisor.cli.launcher: write the help again
    HELP_FILE.write_text(typer_help(), encoding="utf-8")
    print(f"wrote {HELP_FILE}")
