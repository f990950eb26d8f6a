"""What ``evaluate``'s output options mean: the formats, their defaults, how results are shown.

Command-line side, and light: read by ``advisor --help`` and by the quick start-up path, so it
imports nothing of the library but the table of output formats (:mod:`advisor.renderers`,
whose renderers load only when used).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from advisor.cli import streams
from advisor.renderers import FORMATS, format_for_file

if TYPE_CHECKING:
    from pathlib import Path

# The variable a shell's completion script sets when it asks for completions (typer's protocol;
# `advisor completion SHELL` prints the script).
COMPLETE_VAR = "_ADVISOR_COMPLETE"
# A file's content must not depend on the window it was written from.
FILE_WIDTH = 100
# The short view's last line: where the rest of the reasoning is.
MORE = "More: --explain (all reasons, sources) · --format adr (decision record)"


class Settings(NamedTuple):
    """How to show the results (the command line's options, already checked).

    A named tuple, not a dataclass: ``advisor --help`` reads this module, and importing
    ``dataclasses`` would cost it more than everything else here.
    """

    fmt: str
    width: int = 100
    color: bool = False
    explain: bool = False
    more: str | None = None
    progress: bool = False  # standard error is a terminal: a long run may show its progress
    fit: bool = False  # the output is a terminal: a table is shortened to its width


def choose_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, or the default for where the output goes.

    Raises:
        UsageError: ``fmt`` is not a format (with the nearest one as a hint).
    """
    if fmt is not None:
        if fmt in FORMATS:
            return fmt
        from advisor.errors import UsageError
        from advisor.spelling import suggest

        hint = suggest(fmt, FORMATS) or f"choose one of {', '.join(FORMATS)}"
        raise UsageError(f"--format: unknown format {fmt!r}", hint=hint)
    if output is not None:
        # With --output and no --format, the file's extension chooses; else plain text.
        return format_for_file(output.suffix) or "plain"
    if sys.stdout.isatty() and streams.color_allowed():
        return "rich"
    return "plain"


def settings_for(fmt: str, output: Path | None, *, explain: bool) -> Settings:
    """The settings for showing results in ``fmt`` on standard output or in ``output``."""
    to_terminal = output is None and streams.is_terminal(sys.stdout)
    return Settings(
        fmt=fmt,
        width=streams.width() if output is None else FILE_WIDTH,
        color=to_terminal and fmt == "rich" and streams.color_allowed(),
        explain=explain,
        more=None if explain else MORE,
        progress=streams.is_terminal(sys.stderr),
        fit=to_terminal,
    )
