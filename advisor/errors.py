"""The user-facing errors: one small hierarchy, turned into messages and exit codes by the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in something a user wrote, with where it is.

    Attributes:
        source: The file name, ``<stdin>``, or ``<profile>`` for a Python mapping.
        line: 1-based line, or 0 when the input has no lines (a Python mapping).
        col: 1-based column, or 0 when unknown.
        message: What is wrong, in plain words.
        hint: How to fix it, when there is something useful to say.
        path: The dotted path of the offending field (``users[0].role``), when known.
        code: What kind of problem it is, stable between versions (the profile model's error
            type, such as ``shares_sum``), when known; for programs, not people.
    """

    source: str
    line: int
    col: int
    message: str
    hint: str | None = None
    path: str = ""
    code: str = ""

    @property
    def where(self) -> str:
        """``file:line:col``, or the source alone when it has no lines."""
        from advisor.text import one_line

        where = one_line(self.source)
        return f"{where}:{self.line}:{self.col or 1}" if self.line else where

    @property
    def text(self) -> str:
        """The message, after the field's path when no line says where it is."""
        return f"{self.path}: {self.message}" if self.path and not self.line else self.message

    def __str__(self) -> str:
        text = f"{self.where}: error: {self.text}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class AdvisorError(Exception):
    """Base of every error the advisor reports to a user rather than crashes with.

    Attributes:
        message: What is wrong, in plain words.
        hint: How to fix it, when there is something useful to say.
        code: What kind of error it is, stable between versions (``usage``, ``file-exists``,
            ``invalid-profile``...): for programs, which should never read the message.
        exit_code: The command line's exit code for it.
    """

    exit_code = 2
    code = "error"

    def __init__(self, message: str = "", *, hint: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message + (f"\n  hint: {self.hint}" if self.hint else "")


# A message lists the first problems; past these, fixing the first ones comes before reading
# the rest (and a file of a million mistakes must not print a million lines).
SHOWN_DIAGNOSTICS = 20
# Problems collected from one input at most: past this, reading it further stops.
MAX_DIAGNOSTICS = 1000


class InputError(AdvisorError):
    """Something a user wrote (a profile, a rule pack, an answer) is not valid.

    Attributes:
        diagnostics: Every problem found, in file order; there is always at least one. Each
            carries its own place, message and hint.
    """

    code = "invalid-input"

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        if not self.diagnostics:
            raise ValueError("InputError needs at least one diagnostic")
        self.shown = self.diagnostics[:SHOWN_DIAGNOSTICS]
        self.more: str | None = None  # what is left out of a long list, said in one line
        rest = len(self.diagnostics) - SHOWN_DIAGNOSTICS
        if rest > 0:
            self.more = f"... and {rest} more problem{'s' if rest != 1 else ''}"
            if len(self.diagnostics) >= MAX_DIAGNOSTICS:
                self.more += f"; reading stopped after {MAX_DIAGNOSTICS}, so there may be more"
        lines = [str(d) for d in self.shown] + ([self.more] if self.more else [])
        super().__init__("\n".join(lines))

    def __str__(self) -> str:
        return self.message


class ProfileError(InputError):
    """A workload profile is not valid."""

    code = "invalid-profile"


class RulePackError(InputError):
    """A rule pack is not valid: it does not load."""

    code = "invalid-rule-pack"


class UsageError(AdvisorError):
    """The tool was called in a way it cannot honour (a missing file, a bad option value)."""

    code = "usage"


# The codes of errors the command line adds advice to (the library's messages name no flag).
FILE_EXISTS = "file-exists"


class InterviewInterruptedError(AdvisorError):
    """The user left ``advisor ask`` (Ctrl-C, Ctrl-D); the answers so far are in a draft.

    Attributes:
        draft: Where the answers were saved, if anywhere.
        answered: How many answers were saved.
    """

    exit_code = 130
    code = "interrupted"

    def __init__(self, draft: Path | None, answered: int) -> None:
        self.draft = draft
        self.answered = answered
        if draft is None:
            super().__init__("interrupted")
            return
        answers = "1 answer" if answered == 1 else f"{answered} answers"
        super().__init__(f"interrupted; {answers} saved in {draft}")
