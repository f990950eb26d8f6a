"""``advisor ask`` at the terminal: the questionnaire asked one question at a time.

This is the terminal side of :mod:`advisor.questionnaire` (which decides what to ask and
checks answers): it shows questions, reads lines, offers help on ``?``, goes back on ``<``,
shows a review screen where any answer can be changed, and keeps a draft after every answer so
that Ctrl-C, Ctrl-D or a closed terminal loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from .draft import save_draft
from .errors import InterviewInterruptedError, UsageError
from .files import write_atomic
from .questionnaire import AnswerError, Questionnaire, Step, refuse_unsafe
from .renderers.text import clean

BACK = frozenset({"<", "back"})
HELP = frozenset({"?", "help"})
INTRO = (
    "Describe the workload; advisor recommends where its data should live and how it moves.\n"
    "Enter takes the [default] · ? explains a question · < goes back · "
    "Ctrl-C keeps your answers"
)


class Screen(Protocol):
    """Where the interview shows text and reads answers (a terminal, or a script in tests)."""

    console: Console

    def read(self, prompt: str) -> str:
        """Show ``prompt`` and read one line; raises ``EOFError`` or ``KeyboardInterrupt``."""
        ...


@dataclass
class TerminalScreen:
    """The real terminal: rich for output, the ``input`` builtin (with line editing) for input."""

    console: Console

    def read(self, prompt: str) -> str:
        """Read one line after ``prompt``."""
        return self.console.input(Text(prompt, style="bold"))


class Interview:
    """One ``advisor ask`` session.

    Args:
        questionnaire: The answers so far (pre-filled from a draft, a profile or ``--set``).
        screen: Where to show and read.
        keep_draft: Whether to save a draft after every answer (off for tests of the screen).
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
        self.asked: list[str] = []  # keys answered in this session, for going back

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
                if step is not None:
                    self._ask(step)
                elif self._review():
                    return
        except (KeyboardInterrupt, EOFError):
            self.console.print()
            path = self._save_draft()
            raise InterviewInterruptedError(path, len(self.q.answers)) from None

    def _save_draft(self) -> Path | None:
        if not self.keep_draft:
            return None
        return save_draft(self.q.answers, self.draft)

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
            self.asked.append(step.key)
            self._save_draft()
            return

    def _back(self) -> None:
        if not self.asked:
            self.console.print(Text("  This is the first question.", style="yellow"))
            return
        self.q.take_back(self.asked.pop())

    # -- showing ---------------------------------------------------------------------------------

    def _show_question(self, step: Step) -> None:
        question = step.question
        self.console.print()
        if step.group is not None and question is step.top.fields[0]:
            heading = f"{self._progress(step)}  {step.top.prompt}"
            self.console.print(Text(heading, style="bold"))
            self.console.print(Text(f"  Group {step.group + 1}", style="cyan"))
            line = Text(f"  {question.prompt}")
        elif step.group is not None:
            line = Text(f"  {question.prompt}")
        else:
            line = Text(f"{self._progress(step)}  ", style="bold")
            line.append(question.prompt, style="bold")
        self.console.print(line)
        for number, choice in enumerate(question.choices, 1):
            self.console.print(Text(f"     {number:>2}  {choice.label}"))
        notes = []
        if question.examples and question.kind != "choice":
            notes.append(f"e.g. {', '.join(question.examples)}")
        if question.optional and question.kind != "choice":
            notes.append("optional: Enter skips")
        if notes:
            self.console.print(_indented(" · ".join(notes), style="dim"))

    def _progress(self, step: Step) -> str:
        """``3/12``: where this question stands among the top-level questions."""
        tops = [question.field for question in self.q.questions if question.when is None]
        top = step.top
        # A dependent question (a share of a mixed structure) counts as part of its parent.
        field = top.when.field if top.when is not None else top.field
        return f"{tops.index(field) + 1:>2}/{len(tops)}"

    def _show_help(self, step: Step) -> None:
        question = step.question
        self.console.print(_indented(question.help, style="cyan"))
        if question.examples:
            self.console.print(_indented(f"Accepted, for example: {', '.join(question.examples)}"))
        if question.kind == "choice":
            self.console.print(_indented("Type a number or a name."))
        if question.kind == "multi":
            self.console.print(_indented("Type numbers or names separated by commas, or none."))

    def _show_error(self, error: AnswerError) -> None:
        line = Text("  ✗ ", style="red bold")
        line.append(clean(error.message), style="red")
        self.console.print(line)
        if error.hint:
            self.console.print(Text(f"    hint: {clean(error.hint)}", style="yellow"))

    # -- review ----------------------------------------------------------------------------------

    def _review(self) -> bool:
        """Show every answer; True when the user accepts them, False after an edit or back."""
        items = self.q.review()
        self.console.print()
        self.console.print(Text("Review your answers", style="bold"))
        width = max(len(item.question.field) for item in items)
        for item in items:
            line = Text(f"  {item.number:>2}  {item.question.field:<{width}}  ")
            line.append(clean(item.shown), style="cyan")
            self.console.print(line)
        self.console.print(
            Text("Enter shows the recommendation; a number changes that answer; < goes back.")
        )
        while True:
            choice = self.screen.read("  > ").strip().lower()
            if not choice:
                return True
            if choice in BACK:
                self._back()
                return False
            if choice.isdigit() and 1 <= int(choice) <= len(items):
                self.q.reopen(items[int(choice) - 1].question)
                return False
            self.console.print(
                Text(f"  ✗ type a number from 1 to {len(items)}, or press Enter", style="red")
            )


def _indented(text: str, style: str = "") -> Padding:
    """Text indented under its question, wrapped lines included."""
    return Padding(Text(text, style=style), (0, 0, 0, 2), expand=False)


# -- after the recommendation: saving the answers -------------------------------------------------


def default_file_name(name: str | None) -> str:
    """``Acme retail analytics`` → ``acme-retail-analytics.yaml``; ``profile.yaml`` without one."""
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:48].strip("-")
    return f"{slug or 'profile'}.yaml"


def profile_text(q: Questionnaire) -> str:
    """The answers as a profile file, in the forms the user typed."""
    import yaml

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
    suggested = default_file_name(q.profile().name)
    while True:
        typed = screen.read(f"  File [{clean(suggested)}] > ").strip()
        try:
            refuse_unsafe(typed)
        except AnswerError as error:
            console.print(Text(f"  ✗ {error.message}", style="red"))
            continue
        path = Path(typed or suggested).expanduser()
        if path.is_dir():
            console.print(
                Text(f"  ✗ {clean(str(path))} is a folder; give a file name", style="red")
            )
            continue
        overwrite = False
        if path.exists():
            question = f"  {clean(str(path))} exists. Replace it? [y/N] "
            if not _yes(screen, question, default=False):
                continue
            overwrite = True
        try:
            write_atomic(path, profile_text(q), overwrite=overwrite)
        except UsageError as error:
            console.print(Text(f"  ✗ {clean(str(error))}", style="red"))
            continue
        console.print(
            Text(f"  Saved {clean(str(path))}. ", style="green")
            + Text(f"Run `advisor evaluate {clean(str(path))}` to see this recommendation again.")
        )
        return path


def _yes(screen: Screen, prompt: str, *, default: bool) -> bool:
    while True:
        answer = screen.read(prompt).strip().lower()
        if not answer:
            return default
        if answer in {"y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        screen.console.print(Text("  ✗ answer y or n", style="red"))


@dataclass
class ScriptedScreen:
    """A screen that reads from a list and echoes each answer, for tests and golden output."""

    console: Console
    lines: Iterator[str]
    on_read: Callable[[str], None] | None = None

    def read(self, prompt: str) -> str:
        """The next scripted line, echoed after its prompt as a terminal would show it."""
        try:
            line = next(self.lines)
        except StopIteration:
            raise EOFError from None
        self.console.print(Text(prompt + line), end="\n")
        if self.on_read is not None:
            self.on_read(line)
        return line


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
    fmt: str = "rich"
    width: int = 100
    color: bool = True


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
    from .draft import discard_draft, draft_path, load_draft
    from .questionnaire import answers_from_data, parse_assignments

    answers: dict[str, str] = {}
    draft = load_draft() if options.resume or not options.no_input else None
    if options.resume and draft is None:
        raise UsageError(f"no unfinished answers to resume (no draft at {draft_path()})")
    if draft is not None and not options.resume and screen is not None:
        screen.console.print(
            Text(
                f"An unfinished questionnaire was saved with {len(draft)} answers.", style="yellow"
            )
        )
        if _yes(screen, "Continue from those answers? [Y/n] ", default=True):
            answers.update(draft)
        else:
            discard_draft()
    elif draft is not None and options.resume:
        answers.update(draft)
    if options.profile is not None:
        answers.update(answers_from_data(_partial_profile(options.profile), str(options.profile)))
    if options.assignments:
        answers.update(answers_from_data(parse_assignments(options.assignments), "--set"))
    q = Questionnaire(answers)
    return q, refused(q)


def _partial_profile(path: Path) -> dict[str, object]:
    """A profile file's fields, complete or not (what is missing will be asked)."""
    from .document import load_documents, read_text
    from .errors import Diagnostic, InputError

    source, text = read_text(path)
    documents = load_documents(text, source)
    data = documents[0].data
    if len(documents) != 1 or not isinstance(data, dict):
        raise InputError([Diagnostic(source, 1, 1, "expected one profile (a mapping of fields)")])
    return data


def refused(q: Questionnaire) -> dict[str, AnswerError]:
    """Check every pre-filled answer as if typed; take out and return those refused."""
    problems: dict[str, AnswerError] = {}
    changed = True
    while changed:  # taking an answer out can change which steps apply
        changed = False
        for step in q.steps():
            if step.key in q.answers and step.key not in problems:
                try:
                    q.answers[step.key] = q.check(step, q.answers[step.key])
                except AnswerError as error:
                    problems[step.key] = error
                    del q.answers[step.key]
                    changed = True
                    break
    return problems


def ask(options: AskOptions, screen: Screen | None) -> None:
    """Run ``advisor ask``: pre-fill, ask what is missing, show the result, offer to save.

    Args:
        options: The command line's options.
        screen: The terminal; ``None`` with ``--no-input``.

    Raises:
        InterviewInterruptedError: The user left; the answers are in the draft.
        UsageError: ``--no-input`` and answers are missing or refused.
    """
    from .draft import discard_draft
    from .evaluation import evaluate, resolve_rules
    from .renderers import render

    rules = resolve_rules(list(options.rules) or None)  # a bad pack fails before any question
    q, problems = start(options, screen)
    if screen is None:
        _complete_without_asking(q, problems)
    else:
        Interview(q, screen, problems=problems).run()
    profile = q.profile()
    recommendation = evaluate(profile, rules=rules)
    text = render([recommendation], options.fmt, width=options.width, color=options.color)  # type: ignore[arg-type]
    if screen is None:
        import sys

        sys.stdout.write(text)
    else:
        screen.console.print()
        screen.console.out(text, end="", highlight=False)
    if options.save is not None:
        write_atomic(options.save, profile_text(q), overwrite=options.force)
    elif screen is not None:
        offer_to_save(q, screen)
    discard_draft()


def _complete_without_asking(q: Questionnaire, problems: dict[str, AnswerError]) -> None:
    """``--no-input``: defaults for what has one; everything else missing or refused is an error."""
    from .errors import Diagnostic, InputError

    q.fill_defaults()
    diagnostics = [
        Diagnostic("advisor ask", 0, 0, error.message, error.hint, key)
        for key, error in problems.items()
    ]
    missing = q.missing()
    if missing:
        names = ", ".join(step.label for step in missing)
        diagnostics.append(
            Diagnostic(
                "advisor ask",
                0,
                0,
                f"no answer for: {names}",
                "give them with --set key=value (for example --set volume='3 TB') "
                "or --profile FILE",
            )
        )
    if diagnostics:
        raise InputError(diagnostics)
