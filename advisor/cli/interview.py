"""``advisor ask`` at the terminal: the questionnaire asked one question at a time.

This is the terminal side of :mod:`advisor.questions.questionnaire` (which decides what to ask and
checks answers): it shows questions, reads lines, offers help on ``?``, goes back on ``<``,
shows a review screen where any answer can be changed, and keeps a draft after every answer so
that Ctrl-C, Ctrl-D or a closed terminal loses nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from rich.console import Console
from rich.text import Text

from advisor.errors import Diagnostic, InputError, InterviewInterruptedError, UsageError
from advisor.files import write_atomic
from advisor.profiles.document import Document
from advisor.profiles.profile import MAX_GROUPS
from advisor.questions.draft import save_draft
from advisor.questions.questionnaire import (
    NO,
    YES,
    AnswerError,
    Questionnaire,
    Step,
    is_number_text,
    key_label,
    read_value,
    refuse_unsafe,
)
from advisor.text import clean

if TYPE_CHECKING:
    from advisor.profiles.document import Path_
    from advisor.reasoning.ruleset import RuleSet

DRAFT_NOTE = "Answers of an unfinished `advisor ask`; `advisor ask --resume` continues from them."
BACK = frozenset({"<", "back"})
HELP = frozenset({"?", "help"})
INTRO = (
    "A few questions about the data, then a recommendation: about two minutes.\n"
    "Enter takes the [default] · ? for help · < goes back · Ctrl-C keeps your answers"
)


class Screen(Protocol):
    """Where the interview shows text and reads answers (a terminal, or a script in tests)."""

    console: Console

    def read(self, prompt: str) -> str:
        """Show ``prompt`` and read one line; raises ``EOFError`` or ``KeyboardInterrupt``."""
        ...


@dataclass
class TerminalScreen:
    """The real terminal: rich for output; for input, readline where there is one.

    With readline (when the questions and the answers both go through the terminal), the arrow
    keys edit the line and Up recalls earlier answers. Without it (Windows, whose console
    edits lines and keeps a history itself; a Python built without readline; the questions
    shown on standard error), the terminal's own line discipline reads the line.
    """

    console: Console
    line_editing: bool = False

    @classmethod
    def on(cls, console: Console) -> TerminalScreen:
        """The terminal ``console`` writes to, with line editing when readline can give it."""
        import sys

        editing = False
        if console.file is sys.stdout and sys.stdin.isatty() and sys.stdout.isatty():
            try:
                import readline  # noqa: F401 - input() edits lines once it is loaded
            except ImportError:
                pass
            else:
                editing = True
        return cls(console, editing)

    def read(self, prompt: str) -> str:
        """Read one line after ``prompt``.

        A line the terminal's encoding cannot decode (a broken locale) is returned with its
        bad bytes as lone surrogates, for the questionnaire to refuse with a reason.
        """
        try:
            if self.line_editing:
                # readline writes the prompt itself, so that it can redraw the line; styles
                # go between \001 and \002, which tell it they take no room. A prompt that
                # leaves no room to type goes on lines of its own, wrapped at words, but for
                # its last line.
                *before, last = _prompt_lines(prompt, self.console.width)
                for line in before:
                    self.console.print(Text(line, style="bold"))
                start, end = ("\001\x1b[1m\002", "\001\x1b[0m\002") if self._styled else ("", "")
                with _ticking():
                    return input(f"{start}{last}{end}")
            self.console.print(Text(prompt, style="bold"), end="")
            _wait_for_line()
            return input()
        except UnicodeDecodeError as error:
            raw = error.object if isinstance(error.object, bytes) else b""
            text = raw.decode(error.encoding or "utf-8", "surrogateescape")
            return text.splitlines()[0] if text else ""
        except OSError:
            # The terminal is gone (closed, hung up): the end of the answers, as Ctrl-D.
            raise EOFError from None

    @property
    def _styled(self) -> bool:
        return self.console.color_system is not None and not self.console.no_color


_ROOM_TO_TYPE = 12
_TICK = 0.1  # seconds


@contextlib.contextmanager
def _ticking() -> Iterator[None]:
    """A timer signal every tenth of a second while readline waits for a key.

    readline notices Ctrl-C only when its wait for a key is interrupted: one that comes in the
    instant before the wait starts would leave the program waiting with the interruption
    pending. Each tick interrupts the wait, and Python then raises the pending
    ``KeyboardInterrupt``.
    """
    import signal

    if not hasattr(signal, "setitimer"):
        yield
        return
    try:
        previous = signal.signal(signal.SIGALRM, lambda signum, frame: None)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _prompt_lines(prompt: str, width: int) -> list[str]:
    """``prompt`` as it is shown: one line, or wrapped so that the last leaves room to type."""
    if len(prompt) + _ROOM_TO_TYPE <= width:
        return [prompt]
    import textwrap

    lines = textwrap.wrap(prompt, max(1, width - _ROOM_TO_TYPE), break_long_words=False)
    return [*lines[:-1], lines[-1] + " "] if lines else [prompt]


def _wait_for_line() -> None:
    """Wait until standard input has a line (or end of input), or Ctrl-C is pressed.

    ``input()`` alone can miss a Ctrl-C that comes in the instant before it starts reading: the
    signal is noted, but the read already under way is not interrupted, and the program waits
    for a line with the interruption pending. Here the signal also writes to a pipe that the
    wait watches, so it ends the wait however early it came; Python then raises
    ``KeyboardInterrupt`` as usual.
    """
    import select
    import signal
    import sys

    if os.name != "posix" or not hasattr(os, "set_blocking") or not hasattr(select, "select"):
        return  # a console that select cannot watch (Windows): input() alone will do
    try:
        stdin = sys.stdin.fileno()
        wake_read, wake_write = os.pipe()
    except (OSError, ValueError, AttributeError):
        return  # no real file descriptor: input() alone will do
    try:
        os.set_blocking(wake_write, False)
        try:
            previous = signal.set_wakeup_fd(wake_write)
        except ValueError:  # not the main thread
            return
        try:
            while stdin not in select.select([stdin, wake_read], [], [])[0]:
                os.read(wake_read, 512)  # a signal other than SIGINT (which raises): go on
        finally:
            signal.set_wakeup_fd(previous)
    finally:
        os.close(wake_read)
        os.close(wake_write)


class Interview:
    """One ``advisor ask`` session.

    Args:
        questionnaire: The answers so far (pre-filled from a draft, a profile or ``--set``).
        screen: Where to show and read.
        keep_draft: Whether to save a draft after every answer (off for tests of the screen).
        draft: Where to keep it; the default draft file when ``None``.
        problems: Pre-filled answers that were refused, by key, shown when that step is asked.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        screen: Screen,
        *,
        keep_draft: bool = True,
        draft: Path | None = None,
        problems: dict[str, AnswerError] | None = None,
    ) -> None:
        self.q = questionnaire
        self.screen = screen
        self.console = screen.console
        self.keep_draft = keep_draft
        self.draft = draft
        self.problems = dict(problems or {})
        self._draft_failed = False
        # The group of users the last question shown belongs to: a question of another group
        # (or the first after resuming) names its group first.
        self._group_shown: tuple[str, int] | None = None

    # -- the session -----------------------------------------------------------------------------

    def run(self) -> None:
        """Ask until every answer is in and the user accepts the review.

        Raises:
            InterviewInterruptedError: Ctrl-C or Ctrl-D; the answers so far are in the draft.
        """
        try:
            self.console.print(Text(INTRO, style="dim"))
            while True:
                step = self.q.next_step()
                if step is None:
                    if self._review():
                        return
                elif (only := self.q.only_value(step)) is not None:
                    self.q.fill(step, only)
                    self._note(f"{step.label}: {only} (what remains of 100)", style="dim")
                    self._save_draft()
                else:
                    self._ask(step)
        except (KeyboardInterrupt, EOFError, OSError):
            # Ctrl-C, Ctrl-D, or the terminal gone (an OSError writing to it): the answers
            # are kept in the draft either way.
            _newline(self.console)
            raise interrupted(self.q, self._save_draft() if self.keep_draft else None) from None

    def _save_draft(self) -> Path | None:
        """Keep the answers so far; a draft that cannot be written is said once, not fatal."""
        if not self.keep_draft:
            return None
        try:
            return save_draft(self.q.kept(), self.draft, note=DRAFT_NOTE)
        except (UsageError, OSError) as error:
            if not self._draft_failed:
                self._draft_failed = True
                self._print_error(
                    AnswerError(f"answers cannot be kept in a draft: {error}"), "  ! ", "yellow"
                )
            return None

    def _ask(self, step: Step) -> None:
        self._show_question(step)
        problem = self.problems.pop(step.key, None)
        if problem is not None:
            self._show_error(problem)
        while True:
            default = self.q.default(step)
            prompt = f"  [{clean(default)}] > " if default else "  > "
            text = self.screen.read(prompt)
            command = text.strip().lower()
            if command in HELP:
                self._show_help(step)
                continue
            if command in BACK:
                self._back()
                return
            try:
                self.q.answer(step, text)
            except AnswerError as error:
                self._show_error(error)
                continue
            self._save_draft()
            return

    def _back(self) -> None:
        if self.q.back() is None:
            self.console.print(Text("  This is the first question.", style="yellow"))

    # -- showing ---------------------------------------------------------------------------------

    def _print(self, prefix: Text, body: Text) -> None:
        _hanging(self.console, prefix, body)

    def _note(self, text: str, style: str = "") -> None:
        self._print(Text("  "), Text(text, style=style))

    def _show_question(self, step: Step) -> None:
        question = step.question
        self.console.print()
        group = None if step.group is None else (step.top.field, step.group)
        if group is not None and (question is step.top.fields[0] or group != self._group_shown):
            self._print(
                Text(f"{self._progress(step)}  ", style="bold"), Text(step.top.prompt, style="bold")
            )
            self.console.print(Text(f"  Group {group[1] + 1}{self._so_far(step)}", style="cyan"))
        self._group_shown = group
        if step.group is not None:
            self._print(Text("  "), Text(question.prompt))
        else:
            self._print(
                Text(f"{self._progress(step)}  ", style="bold"), Text(question.prompt, style="bold")
            )
        for number, choice in enumerate(question.choices, 1):
            self._print(Text(f"     {number:>2}  "), Text(choice.label))
        notes = []
        if question.examples and question.kind not in {"choice", "multi"}:
            notes.append(f"e.g. {', '.join(question.examples)}")
        if question.kind == "multi":
            notes.append("pick any: numbers or names, separated by commas")
        if question.optional and self.q.default(step) is None:
            notes.append("Enter for none" if question.kind == "multi" else "optional: Enter skips")
        if notes:
            self._note(" · ".join(notes), style="dim")

    def _so_far(self, step: Step) -> str:
        """``: 40 business``: what a group's answers already say, when it has any."""
        prefix = f"{step.top.field}.{step.group}."
        given = [
            clean(self.q.answers[f"{prefix}{field}"])
            for field in ("count", "role")
            if f"{prefix}{field}" in self.q.answers
        ]
        return f": {' '.join(given)}" if given else ""

    def _progress(self, step: Step) -> str:
        """``3/12``: where this question stands among the top-level questions."""
        # Top-level questions that apply to the answers so far (the ingest rate only for data
        # needed within the hour); a share of a mixed structure counts as part of its parent.
        tops = list(dict.fromkeys(s.top.part_of or s.top.field for s in self.q.steps()))
        top = step.top
        field = top.part_of or top.field
        return f"{tops.index(field) + 1:>2}/{len(tops)}"

    def _show_help(self, step: Step) -> None:
        question = step.question
        self._note(question.help, style="cyan")
        if question.examples:
            self._note(f"Accepted, for example: {', '.join(question.examples)}")
        if question.kind == "choice":
            self._note("Type a number or a name.")
        if question.kind == "multi":
            self._note("Type numbers or names separated by commas, or none.")
        self._note("Enter takes the [default]; < goes back to the previous question.", style="dim")

    def _show_error(self, error: AnswerError) -> None:
        self._print_error(error, "  ✗ ", "red")

    def _print_error(self, error: AnswerError, mark: str, style: str) -> None:
        self._print(Text(mark, style=f"{style} bold"), Text(clean(error.message), style=style))
        if error.hint:
            self._print(Text("    hint: ", style="yellow"), Text(clean(error.hint), style="yellow"))

    # -- review ----------------------------------------------------------------------------------

    def _review(self) -> bool:
        """Show every answer; True when the user accepts them, False after an edit or back."""
        items = self.q.review()
        self.console.print()
        self.console.print(Text("Review your answers", style="bold"))
        width = max(len(item.question.field) for item in items)
        for item in items:
            self._print(
                Text(f"  {item.number:>2}  {item.question.field:<{width}}  "),
                Text(clean(item.shown), style="cyan"),
            )
        self.console.print(
            Text("Enter shows the recommendation · a number changes that answer · < goes back")
        )
        while True:
            choice = self.screen.read("  > ").strip().lower()
            if not choice:
                return True
            if choice in BACK:
                self._back()
                return False
            if is_number_text(choice) and 1 <= int(choice) <= len(items):
                self.q.reopen(items[int(choice) - 1].question)
                return False
            named = [item for item in items if item.question.field == choice]
            if named:  # the name shown works as well as the number
                self.q.reopen(named[0].question)
                return False
            if choice in HELP:
                self._note(
                    "Every answer is shown as it goes into the profile. To change one, type its "
                    "number: that question is asked again, with your answer as the default.",
                    style="cyan",
                )
                continue
            self._show_error(AnswerError(f"type a number from 1 to {len(items)}, or press Enter"))


def _hanging(console: Console, prefix: Text, body: Text) -> None:
    """``prefix`` then ``body``, its wrapped lines indented under its first character.

    When the prefix leaves fewer than 20 columns (a long field name on a narrow terminal), the
    body goes on the lines below it, indented by six.
    """
    if console.width - prefix.cell_len < 20:
        console.print(Text(prefix.plain.rstrip(), style=prefix.style), soft_wrap=False)
        prefix = Text(" " * min(6, prefix.cell_len))
    width = max(1, console.width - prefix.cell_len)
    text = Text()
    for number, line in enumerate(body.wrap(console, width)):
        text.append_text(prefix if number == 0 else Text(" " * prefix.cell_len))
        line.rstrip()
        text.append_text(line)
        text.append("\n")
    console.print(text, end="", soft_wrap=True)


def interrupted(q: Questionnaire, draft: Path | None) -> InterviewInterruptedError:
    """The error that ends ``advisor ask`` early, saying where the answers were kept."""
    kept = Questionnaire(q.kept(), q.questions)
    # Counted as the review lists them: the shares of a mixed structure are one answer, and so
    # is every group of users.
    answered = {
        step.top.part_of or step.top.field for step in kept.steps() if step.key in kept.answers
    }
    # No answers: no draft worth offering later (it would hide older drafts that have some).
    if not answered and draft is not None:
        draft.unlink(missing_ok=True)
        draft = None
    return InterviewInterruptedError(draft, len(answered))


# -- after the recommendation: saving the answers -------------------------------------------------


def default_file_name(name: str | None) -> str:
    """``Acme retail analytics`` → ``acme-retail-analytics.yaml``; ``profile.yaml`` without one."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    return f"{slug or 'profile'}.yaml"


def profile_text(q: Questionnaire, path: Path | None = None) -> str:
    """The answers as a profile file, in the forms the user typed: JSON for a ``.json`` file."""
    import yaml

    from advisor.profiles.template import is_json_file, profile_json

    if path is not None and is_json_file(path):
        return profile_json(q.profile_data())
    body = yaml.safe_dump(
        q.profile_data(), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return (
        "# Written by `advisor ask`. `advisor evaluate` on this file gives the same "
        "recommendation;\n# `advisor init` writes a template that explains every field.\n" + body
    )


def offer_to_save(q: Questionnaire, screen: Screen) -> Path | None:
    """Ask whether to save the answers as a profile, and where; never replace a file unasked."""
    console = screen.console
    console.print()
    if not _yes(screen, "Save these answers as a profile? [Y/n] ", default=True):
        return None
    first = _unused(Path(default_file_name(q.profile().name)))
    suggested = first
    while True:
        typed = screen.read(f"  File [{clean(str(suggested))}] > ").strip()
        try:
            refuse_unsafe(typed)
        except AnswerError as error:
            _fail(console, error.message)
            continue
        try:
            path = Path(typed).expanduser() if typed else suggested
            is_folder = path.is_dir()
        except (OSError, RuntimeError) as error:  # a name too long, `~nosuchuser/...`
            _fail(console, f"cannot use that file name: {error}")
            continue
        if is_folder:
            _fail(console, f"{path} is a folder; give a file name")
            continue
        overwrite = False
        if path.exists():
            question = f"  {clean(str(path))} exists. Replace it? [y/N] "
            if not _yes(screen, question, default=False):
                # Back to the name made from the workload's, not a number added to the file
                # just refused (`profile-2.yaml` means nothing).
                suggested = first if not first.exists() else _unused(first)
                continue
            overwrite = True
        try:
            write_atomic(path, profile_text(q, path), overwrite=overwrite)
        except UsageError as error:
            _fail(console, error.message)
            continue
        shown = clean(str(path))
        _hanging(console, Text("  "), Text(f"Saved {shown}.", style="green"))
        _hanging(console, Text("  "), Text(f"`advisor evaluate {shown}` shows this result again."))
        return path


def _unused(path: Path) -> Path:
    """``path``, or the first of ``name-2.yaml``, ``name-3.yaml``… that does not exist."""
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _fail(console: Console, message: str) -> None:
    console.print(Text(f"  ✗ {clean(message)}", style="red"))


def _yes(screen: Screen, prompt: str, *, default: bool) -> bool:
    while True:
        answer = screen.read(prompt).strip().lower()
        if not answer:
            return default
        if answer in YES:
            return True
        if answer in NO:
            return False
        _fail(screen.console, "answer y or n")


# -- the whole of `advisor ask` --------------------------------------------------------------------


@dataclass(frozen=True)
class AskOptions:
    """What the command line passed to ``advisor ask``."""

    profile: Path | None = None
    assignments: tuple[str, ...] = ()
    no_input: bool = False
    resume: bool = False
    save: Path | None = None
    force: bool = False
    rules: tuple[Path, ...] = ()
    builtin: bool = True
    fmt: str = "rich"
    width: int = 100
    color: bool = True
    more: str | None = None  # the short view's last line: how to see the rest


def start(
    options: AskOptions, screen: Screen | None
) -> tuple[Questionnaire, dict[str, AnswerError]]:
    """Pre-fill the answers from the draft, ``--profile`` and ``--set`` (in that order).

    Returns:
        The questionnaire, and the pre-filled answers that were refused (taken out, by key).

    Raises:
        InputError: ``--profile`` or ``--set`` name fields a profile does not have.
        UsageError: ``--resume`` without a draft.
    """
    from advisor.questions.draft import load_draft, state_dir, unfinished_drafts
    from advisor.questions.questionnaire import parse_assignments, prefill

    answers: dict[str, str] = {}
    carried: dict[str, Any] = {}
    origins: dict[str, tuple[Document, Path_]] = {}
    found = unfinished_drafts() if options.resume or not options.no_input else []
    if options.resume and not found:
        raise UsageError(
            f"no unfinished answers to resume (no draft in {state_dir()})",
            hint="`advisor ask` starts afresh",
        )
    draft = None
    if options.resume:
        chosen = _which_draft(found, screen)
        draft = load_draft(chosen)
        if screen is not None:
            _say(screen.console, f"Continuing from the answers saved in {chosen}.")
        _claim(chosen)
    elif found and screen is not None and options.profile is None and not options.assignments:
        # Answers given with --profile or --set start a session of their own; a draft is
        # offered only to a session that starts from nothing (and --resume still takes one).
        newest = found[0]
        draft = load_draft(newest)
        _say(screen.console, f"Found the answers of an unfinished `advisor ask` in {newest}.")
        if _yes(screen, "Continue from them? (no discards them) [Y/n] ", default=True):
            _claim(newest)
        else:
            newest.unlink(missing_ok=True)
            draft = None
    if draft is not None:
        answers.update(draft)
    given: list[Document] = []
    if options.profile is not None:
        given.append(_partial_profile(options.profile))
    if options.assignments:
        given.append(Document(parse_assignments(options.assignments, "--set"), "--set"))
    for document in given:  # later sources win, answer by answer
        read = prefill(document.data, document.source, document=document)
        answers.update(read.answers)
        carried.update(read.carried)
        origins.update((key, (document, path)) for key, path in read.paths.items())
    q = Questionnaire(answers, carried=carried, origins=origins)
    problems = refused(q)
    if options.profile is not None or options.assignments:
        q.fill_described_groups()
        if not problems and q.complete():
            # A whole profile was given: nothing is missing, so nothing is asked; the review
            # shows every answer and any can still be changed.
            q.fill_defaults()
    return q, problems


def _claim(path: Path) -> None:
    """Take ``path`` for this session; another session may have taken it a moment before."""
    from advisor.questions.draft import claim

    try:
        claim(path)
    except FileNotFoundError:
        raise UsageError(
            f"{path}: another session has just taken these answers",
            hint="run `advisor ask --resume` again to choose another draft",
        ) from None


def _which_draft(found: list[Path], screen: Screen | None) -> Path:
    """The draft to resume: the only one, or the one the user picks of several.

    Raises:
        UsageError: Several drafts, and no terminal to ask which.
    """
    from advisor.questions.draft import load_draft

    if len(found) == 1:
        return found[0]
    if screen is None:
        listed = "\n".join(f"  {path}" for path in found)
        raise UsageError(
            f"{len(found)} unfinished sessions have answers to resume:\n{listed}",
            hint="run `advisor ask --resume` on a terminal to choose one",
        )
    _say(screen.console, f"{len(found)} unfinished sessions have answers to resume:")
    for number, path in enumerate(found, 1):
        try:
            kept = load_draft(path) or {}
        except InputError:
            kept = {}
        name = kept.get("name") or "unnamed"
        count = f"{len(kept)} answer{'s' if len(kept) != 1 else ''}"
        screen.console.print(Text(f"  {number:>2}  {clean(name)}, {count}  ({path.name})"))
    while True:
        answer = screen.read("Which one? (1 is the newest) [1] > ").strip()
        if not answer:
            return found[0]
        if answer.isascii() and answer.isdigit() and 1 <= int(answer[:3]) <= len(found):
            return found[int(answer[:3]) - 1]
        _fail(screen.console, f"answer a number from 1 to {len(found)}")


def _say(console: Console, message: str) -> None:
    console.print(Text(clean(message), style="yellow"))


def _partial_profile(path: Path) -> Document:
    """A profile file, complete or not (what is missing will be asked)."""
    from advisor.errors import Diagnostic, InputError
    from advisor.profiles.document import load_documents, read_text

    source, text = read_text(path)
    documents = load_documents(text, source)
    if len(documents) != 1 or not isinstance(documents[0].data, dict):
        raise InputError([Diagnostic(source, 1, 1, "expected one profile (a mapping of fields)")])
    users = documents[0].data.get("users")
    if isinstance(users, list) and len(users) > MAX_GROUPS:
        # Checked before the answers are laid out: the work to do so grows with the groups.
        raise InputError(
            [
                documents[0].diagnostic(
                    ("users",), f"users: takes at most {MAX_GROUPS} groups, found {len(users)}"
                )
            ]
        )
    return documents[0]


def refused(q: Questionnaire) -> dict[str, AnswerError]:
    """Check every pre-filled answer as a profile file's value; take out those refused.

    Each answer is first read on its own; then the profile they make together is checked once,
    and each problem is laid at the first step it concerns. Checking each answer against the
    whole profile, one by one, made pre-filling hundreds of groups cost minutes.

    Returns:
        The refused answers' errors, by key; each is shown when its question is asked.
    """
    problems: dict[str, AnswerError] = {}
    while True:  # taking an answer out can change which steps apply
        steps = q.steps()
        refused_one = False
        for step in steps:
            if step.key in q.answers and step.key not in problems:
                try:
                    q.answers[step.key] = q.normalize(step, q.answers[step.key], typed=False)
                except AnswerError as error:
                    problems[step.key] = error
                    del q.answers[step.key]  # asked with the reason, not offered as the default
                    refused_one = True
                    break
        if refused_one:
            continue
        found = q.problems(q.answers, steps)
        if not found:
            return problems
        at = _first_concerned(q, steps, found, problems)
        if at is None:
            return problems  # a problem no pre-filled answer can fix: the questions will
        step, problem = at
        problems[step.key] = q.refusal(step, problem)
        del q.answers[step.key]


def _first_concerned(
    q: Questionnaire, steps: list[Step], found: list[Diagnostic], skip: dict[str, AnswerError]
) -> tuple[Step, Diagnostic] | None:
    """The first answered step (in order) that one of the problems ``found`` concerns."""
    for step in steps:
        if step.key not in q.answers or step.key in skip or step.question.kind == "confirm":
            continue
        if step.question.optional and q.answers[step.key] == "":
            continue
        for problem in found:
            if q.concerns(problem, step, q.answers, steps):
                return step, problem
    return None


def ask(options: AskOptions, screen: Screen | None, result: TextIO | None = None) -> None:
    """Run ``advisor ask``: pre-fill, ask what is missing, show the result, offer to save.

    Args:
        options: The command line's options.
        screen: The terminal; ``None`` with ``--no-input``.
        result: Where the recommendation goes; the screen (or stdout without one) if ``None``.

    Raises:
        InterviewInterruptedError: The user left (Ctrl-C, Ctrl-D) at any prompt; the answers
            are in the draft.
        InputError: ``--no-input`` and answers are missing or refused; or a bad ``--profile``
            or ``--set``.
    """
    from advisor.reasoning.evaluation import resolve_rules

    # A bad pack fails before any question is asked.
    rules = resolve_rules(list(options.rules) or None, builtin=options.builtin)
    if screen is None:
        prefilled, problems = start(options, None)
        _complete_without_asking(prefilled, problems)
        _finish(prefilled, options, rules, None, result)
        return
    q: Questionnaire | None = None
    try:
        q, problems = start(options, screen)
        Interview(q, screen, problems=problems).run()
        _finish(q, options, rules, screen, result)
    except (KeyboardInterrupt, EOFError):
        _newline(screen.console)
        raise _left(q) from None


def _newline(console: Console) -> None:
    """End the line a prompt was on; a terminal already gone is left alone."""
    with contextlib.suppress(OSError, ValueError):
        console.print()


def _left(q: Questionnaire | None) -> BaseException:
    """Ctrl-C or Ctrl-D outside the questions (the draft prompt, the result, saving).

    Returns:
        The error to leave with: it names the draft, or is a plain interruption when there is
        nothing to resume.
    """
    from advisor.questions.draft import draft_path, load_draft, unfinished_drafts

    if q is None:  # before any question: a draft this session claimed, or the one offered
        path = draft_path() if draft_path().exists() else next(iter(unfinished_drafts()), None)
        try:
            draft = load_draft(path) if path is not None else None
        except InputError:
            draft = None
        if not draft or path is None:
            return KeyboardInterrupt()
        return interrupted(Questionnaire(draft), path)
    try:
        path = save_draft(q.kept(), note=DRAFT_NOTE)
    except (UsageError, OSError):
        return KeyboardInterrupt()
    return interrupted(q, path)


def _finish(
    q: Questionnaire,
    options: AskOptions,
    rules: RuleSet,
    screen: Screen | None,
    result: TextIO | None,
) -> None:
    """Show the recommendation, save the answers where asked, and drop the draft."""
    import sys

    from advisor.questions.draft import discard_draft
    from advisor.reasoning.evaluation import evaluate
    from advisor.renderers import render

    recommendation = evaluate(q.profile(), rules=rules, what_if=True)
    text = render(
        [recommendation],
        options.fmt,
        width=options.width,
        color=options.color,
        more=options.more,
    )
    if screen is not None:
        screen.console.print()
    if result is None and screen is not None:
        screen.console.out(text, end="", highlight=False)
    else:
        (result or sys.stdout).write(text)
        (result or sys.stdout).flush()
    if options.save is not None:
        write_atomic(options.save, profile_text(q, options.save), overwrite=options.force)
        if screen is not None:
            _say(screen.console, f"Saved {options.save}.")
        else:
            from advisor.cli import streams

            shown = streams.inert(str(options.save))
            streams.say(f"wrote {shown}; `advisor evaluate {shown}` gives this result again")
    elif screen is not None:
        offer_to_save(q, screen)
    if screen is not None:
        # The answers are safe now (shown, and saved if wanted). A script's --no-input run,
        # --resume or not, leaves alone a draft that a person may still want to resume.
        discard_draft()


def _shares_made_up(q: Questionnaire, given: list[str]) -> list[Diagnostic]:
    """A problem where some shares were given and the defaults would invent the others."""
    filled = [k for k in q.answers if k.startswith("structure.") and k not in given]
    if not given or not filled:
        return []
    values = [read_value(q.answers[k]) for k in given]
    total = sum(v for v in values if isinstance(v, int | float) and not isinstance(v, bool))
    document, path = q.origins[given[0]]
    return [
        document.diagnostic(
            path[:1],
            f"shares must sum to 100, these sum to {total:g}",
            "each share is a percent of the volume: together they make 100",
        )
    ]


def _complete_without_asking(q: Questionnaire, problems: dict[str, AnswerError]) -> None:
    """``--no-input``: defaults for what has one; everything else missing or refused is an error.

    Shares of a structure that a file or ``--set`` gave only in part are not made up: the
    questions would have asked for the rest, and a script gets the error ``evaluate`` gives.
    """
    given = [k for k in q.answers if k.startswith("structure.") and k in q.origins]
    q.fill_defaults()
    diagnostics = _shares_made_up(q, given)
    for key, error in problems.items():
        # Advice for the prompt ("type < to go back") means nothing to a script.
        hint = None if error.at_prompt else error.hint
        origin = q.origins.get(key)
        if origin is not None:  # located where it was written, as `evaluate` locates it
            document, path = origin
            diagnostics.append(document.diagnostic(path, error.message, hint))
        else:
            diagnostics.append(Diagnostic("advisor", 0, 0, error.message, hint, key_label(key)))
    missing = [step for step in q.missing() if step.key not in problems]
    if missing:
        names = ", ".join(step.label for step in missing)
        diagnostics.append(
            Diagnostic(
                "advisor",
                0,
                0,
                f"no answer for: {names}",
                "give them with --set key=value (for example --set volume='3 TB') "
                "or --profile FILE",
            )
        )
    if diagnostics:
        raise InputError(diagnostics)
