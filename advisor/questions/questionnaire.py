"""The questionnaire behind ``advisor ask``: questions as data, answers checked like a profile.

This module holds no terminal code: it knows which question comes next, what its default is,
whether an answer is acceptable and what profile the answers make. The questions live in
``data/questions.yaml``; every answer is read as the same text after ``key:`` in a profile file
would be, and checked by the :class:`~advisor.profiles.profile.Profile` model itself, so the
questionnaire, a YAML file and the Python API accept the same values with the same messages.

Answers are kept as the text the user gave, keyed by the dotted profile path they fill
(``volume``, ``latency.freshness``, ``users.0.role``); that is also what a draft stores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.errors import Diagnostic, InputError, ProfileError
from advisor.profiles.document import Document, Path_, format_path, load_documents, plain_scalar
from advisor.profiles.loader import profile_from_document
from advisor.profiles.profile import (
    MAX_GROUPS,
    ROLE_FOR_SKILL,
    SHARES_SUM,
    STRUCTURE_KINDS,
    WORKLOADS,
    Latency,
    Profile,
    UserGroup,
)
from advisor.profiles.units import parse_duration
from advisor.spelling import suggest
from advisor.text import unsafe_character

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# Characters that reorder what a reader sees (bidirectional embeddings, overrides, isolates):
# refused in a profile's name, and so at the prompt.
QUESTIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "questions.yaml"
YES = frozenset({"y", "yes"})
NO = frozenset({"n", "no"})
NONE_WORDS = frozenset({"none", "-"})
# Stand-ins for required fields not answered yet, so one answer can be checked on its own.
_PLACEHOLDERS: dict[str, Any] = {
    "volume": "1 GB",
    "structure": "structured",
    "latency": {"freshness": "1d"},
    "users": [{"role": "analyst"}],
}


class Choice(BaseModel):
    """One numbered choice of a question."""

    model_config = _FROZEN

    value: str
    label: str


class When(BaseModel):
    """Ask a question only when an earlier answer has a given value, or is a short duration."""

    model_config = _FROZEN

    field: str
    equals: str | None = None
    at_most: str | None = Field(
        default=None, description="a duration: ask when the answer is this long or shorter"
    )

    @model_validator(mode="after")
    def _one_test(self) -> When:
        if (self.equals is None) == (self.at_most is None):
            raise ValueError("a condition has exactly one of: equals, at_most")
        if self.at_most is not None:
            parse_duration(self.at_most)
        return self

    def holds(self, answer: str | None) -> bool:
        """Whether ``answer`` (the text given for ``field``) meets the condition."""
        if self.equals is not None:
            return answer == self.equals
        if answer is None or self.at_most is None:
            return False
        try:
            return float(parse_duration(read_value(answer))) <= parse_duration(self.at_most)
        except ValueError:
            return False


class Question(BaseModel):
    """One question; a ``group`` asks its ``fields`` once per group, while the user wants more."""

    model_config = _FROZEN

    field: str
    kind: Literal["text", "number", "choice", "multi", "group", "confirm"]
    prompt: str = Field(min_length=1)
    help: str = Field(min_length=1)
    examples: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    default: str | None = None
    optional: bool = False
    when: When | None = None
    remainder_of: tuple[str, ...] = ()
    remainder_split: int = Field(default=1, ge=1)
    default_from_profile: bool = False
    more: str | None = None
    fields: tuple[Question, ...] = ()

    @property
    def part_of(self) -> str | None:
        """The question this one is part of (a share of a mixed structure), if any.

        Such a question is asked, counted and reviewed with its parent; a conditional question
        that is not part of another (the ingest rate) stands on its own.
        """
        if self.when is not None and self.field.startswith(self.when.field + "."):
            return self.when.field
        return None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if (self.kind in {"choice", "multi"}) != bool(self.choices):
            raise ValueError("choice and multi questions, and only they, have choices")
        if (self.kind == "group") != bool(self.fields and self.more):
            raise ValueError("a group, and only a group, has fields and a `more` question")
        return self


class QuestionSet(BaseModel):
    """The questions file."""

    model_config = _FROZEN

    questions: tuple[Question, ...] = Field(min_length=1)


@cache
def load_questions(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    """The questions, validated from their YAML file (once per process)."""
    from advisor.profiles.validation import validate

    text = path.read_text(encoding="utf-8")
    document = load_documents(text, str(path))[0]
    return validate(QuestionSet, document).questions


@dataclass(frozen=True)
class Step:
    """One prompt to put: a question, at the answer key it fills.

    Attributes:
        key: Where the answer goes (``volume``, ``users.1.count``, ``users.1.more``).
        question: What to ask.
        top: The top-level question it belongs to (``users`` for every group field).
        group: The group number for a group's fields, else ``None``.
    """

    key: str
    question: Question
    top: Question
    group: int | None = None

    @property
    def label(self) -> str:
        """How the step is named in messages and the review: ``users[1].count``."""
        return key_label(self.key)


def key_label(key: str) -> str:
    """``users.0.role`` → ``users[0].role``: an answer key named as messages name fields."""
    parts = key.split(".")
    return format_path(tuple(int(part) if is_number_text(part) else part for part in parts))


def key_from_label(label: str) -> str:
    """``users[0].role`` → ``users.0.role``: a field as messages name it, as an answer key.

    Both spellings are accepted wherever a key is given, since messages write the first.
    """
    return _INDEX_RE.sub(r".\1", label)


_INDEX_RE = re.compile(r"\[(\d+)\]")


class AnswerError(Exception):
    """An answer that cannot be accepted, with the reason and a hint.

    Attributes:
        at_prompt: The hint speaks of the prompt (``type <``): it means nothing to a script.
    """

    def __init__(self, message: str, hint: str | None = None, *, at_prompt: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.at_prompt = at_prompt


@dataclass(frozen=True)
class ReviewItem:
    """One line of the review screen: a top-level question and its answer as shown."""

    number: int
    question: Question
    shown: str


class Questionnaire:
    """The answers given so far, and everything that follows from them.

    Args:
        answers: Answers to start from (a draft, ``--profile``, ``--set``), as text by key.
        questions: The questions; the shipped ones by default.
    """

    def __init__(
        self,
        answers: Mapping[str, str] | None = None,
        questions: tuple[Question, ...] | None = None,
        *,
        carried: Mapping[str, Any] | None = None,
        origins: Mapping[str, tuple[Document, Path_]] | None = None,
    ) -> None:
        self.questions = questions if questions is not None else load_questions()
        self.answers: dict[str, str] = dict(answers or {})
        # Profile fields no question asks about, as given (see prefill): kept in the profile.
        self.carried: dict[str, Any] = dict(carried or {})
        # Where a pre-filled answer came from (a file and its place in it), for messages.
        self.origins: dict[str, tuple[Document, Path_]] = dict(origins or {})
        # Answers taken back (going back, editing): shown as defaults when asked again.
        self.previous: dict[str, str] = {}
        # Answers filled because nothing else was possible (the last share): going back
        # passes over them to the question before.
        self.filled: set[str] = set()

    # -- which steps there are -----------------------------------------------------------------

    def steps(self) -> list[Step]:
        """Every step that applies given the answers so far, in order."""
        steps: list[Step] = []
        for question in self.questions:
            # A question on its own that was answered already (from a profile or --set, or
            # taken back to be asked again) stays whatever its condition, so that no answer
            # given is dropped; a part of another question goes with it.
            kept = question.part_of is None and (
                question.field in self.answers or question.field in self.previous
            )
            if (
                question.when is not None
                and not question.when.holds(self._value(question.when.field))
                and not kept
            ):
                continue
            if question.kind != "group":
                steps.append(Step(question.field, question, question))
                continue
            group = 0
            described = self._groups_with_answers(question)
            while True:
                for inner in question.fields:
                    key = f"{question.field}.{group}.{inner.field}"
                    steps.append(Step(key, inner, question, group))
                more = self._more(question, group + 1 in described)
                steps.append(Step(f"{question.field}.{group}.more", more, question, group))
                if self.answers.get(f"{question.field}.{group}.more") != "yes":
                    break
                group += 1
        return steps

    def _value(self, key: str) -> str | None:
        return self.answers.get(key)

    def _groups_with_answers(self, group: Question, *, taken_back: bool = True) -> set[int]:
        """The numbers of ``group``'s groups that hold an answer (or one taken back).

        Read once per list of steps: asking each group whether the next one has answers made
        the list cost the square of the number of groups, and pre-filling it the cube.
        """
        prefix = f"{group.field}."
        numbers: set[int] = set()
        for key in (*self.answers, *(self.previous if taken_back else ())):
            if key.startswith(prefix):
                number = key[len(prefix) :].partition(".")[0]
                if number.isdigit():
                    numbers.add(int(number))
        return numbers

    def _more(self, group: Question, had_more: bool) -> Question:
        return Question(
            field="more",
            kind="confirm",
            prompt=group.more or "Another?",
            help="Answer yes to describe another group, no to go on.",
            default="yes" if had_more else "no",
        )

    def next_step(self) -> Step | None:
        """The first step without an answer, or ``None`` when all are answered."""
        for step in self.steps():
            if step.key not in self.answers:
                return step
        return None

    def step(self, key: str) -> Step:
        """The step at ``key``.

        Raises:
            KeyError: No such step applies now.
        """
        for step in self.steps():
            if step.key == key:
                return step
        raise KeyError(key)

    def missing(self) -> list[Step]:
        """Steps with no answer that cannot be left to a default."""
        return [
            step
            for step in self.steps()
            if step.key not in self.answers
            and self.default(step) is None
            and not step.question.optional
        ]

    def fill_defaults(self) -> None:
        """Answer every step that has a default (or is optional) with it; for ``--no-input``."""
        self._fill(lambda step: True)

    def fill_described_groups(self) -> None:
        """Complete the groups already described with their defaults, as a profile file would.

        ``users: [{role: analyst}]`` in a file means one analyst of the role's usual skill;
        pre-filled from that file, the group's count and skill are not asked again.
        """
        described = {
            (question.field, number)
            for question in self.questions
            if question.kind == "group"
            for number in self._groups_with_answers(question, taken_back=False)
        }
        self._fill(
            lambda step: step.group is not None and (step.top.field, step.group) in described
        )

    def _fill(self, wanted: Callable[[Step], bool]) -> None:
        """Give each wanted step without an answer its default, in order, until none is left.

        The steps are listed again only after an answer that changes them (a group's "another?",
        an answer another question depends on), not after every answer: a profile of hundreds
        of groups is filled in one pass or two.
        """
        shaping = {q.when.field for q in self.questions if q.when is not None}
        while True:
            filled = False
            for step in self.steps():
                if step.key in self.answers or not wanted(step):
                    continue
                default = self.default(step)
                if default is not None or step.question.optional:
                    self.answers[step.key] = default or ""
                    filled = True
                    if step.question.kind == "confirm" or step.key in shaping:
                        break  # the steps change (a group ends, a question applies)
            if not filled:
                return

    def complete(self) -> bool:
        """Whether the answers as they stand make a valid profile, as a file with them would.

        The fields left out are then the ones the profile model fills with its own defaults,
        which are the questions' defaults.
        """
        try:
            self.profile()
        except ProfileError:
            return False
        return True

    # -- defaults and answers --------------------------------------------------------------------

    def default(self, step: Step) -> str | None:
        """What Enter means at ``step``: the earlier answer, else the question's default."""
        if step.key in self.previous:
            return self.previous[step.key]
        question = step.question
        if question.remainder_of:
            rest = self._remainder(question)
            if rest is None or rest < 0:
                return None
            # Split among the shares still to come, in whole numbers: 66 left → 33 and 33.
            share = rest if question.remainder_split == 1 else rest // question.remainder_split
            return f"{share:g}"
        if question.default_from_profile and step.group is not None:
            return self._model_default(step)
        return question.default

    def only_value(self, step: Step) -> str | None:
        """The one answer ``step`` can take, when there is only one, else ``None``.

        The last share of a whole (what remains of 100) once the others are given.
        """
        question = step.question
        if not question.remainder_of or question.remainder_split != 1:
            return None
        rest = self._remainder(question)
        return f"{rest:g}" if rest is not None and 0 <= rest <= 100 else None

    def fill(self, step: Step, value: str) -> None:
        """Keep ``value`` as the answer at ``step`` without asking (see :meth:`only_value`)."""
        self.answers[step.key] = value
        self.previous.pop(step.key, None)
        self.filled.add(step.key)

    def _remainder(self, question: Question) -> float | None:
        """100 less the shares given before ``question``; ``None`` until they are numbers."""
        given = [read_value(self.answers.get(key, "")) for key in question.remainder_of]
        numbers = [
            float(v) for v in given if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        return 100 - sum(numbers) if len(numbers) == len(given) else None

    def _model_default(self, step: Step) -> str | None:
        """A group field's default as the profile model fills it (a skill from the role)."""
        prefix = f"{step.top.field}.{step.group}."
        group = {
            key.removeprefix(prefix): read_value(text)
            for key, text in self.answers.items()
            if key.startswith(prefix) and key != step.key and not key.endswith(".more")
        }
        try:
            value = UserGroup.model_validate(group).model_dump().get(step.question.field)
        except ValueError:
            return None
        return None if value is None else str(value)

    def check(self, step: Step, text: str, *, typed: bool = True) -> str:
        """The answer to store for ``text`` given at ``step``.

        Empty text takes the default. Typed choices may be given by number. The answer is then
        checked by the profile model, in the context of the answers so far.

        Args:
            step: Where the answer goes.
            text: The answer as typed, or as pre-filled from a profile, ``--set`` or a draft.
            typed: Whether a person typed it at the prompt. Only then is a number a choice's
                number: ``budget: 1`` in a profile file is refused, and so it is pre-filled.

        Raises:
            AnswerError: The answer is not acceptable; the message is the one a profile file
                with the same value would get.
        """
        text = self.normalize(step, text, typed=typed)
        if step.question.kind == "confirm" or (text == "" and step.question.optional):
            return text
        candidate = {**self.answers, step.key: text}
        problems = self._problems(candidate, step)
        if typed and not problems:
            # At the prompt, where the share can be retyped; a pre-filled set of shares that
            # does not add up is fixed at its last share, where the whole is known.
            self._check_part_of_a_whole(step, candidate)
        if problems:
            raise self.refusal(step, problems[0])
        return text

    def normalize(self, step: Step, text: str, *, typed: bool = True) -> str:
        """The answer to store for ``text`` at ``step``, judged on its own (see :meth:`check`).

        What an answer means alone: its default when empty, yes or no, a choice's number, a
        list's items. Whether it makes a valid profile with the other answers is
        :meth:`problems`'s to say.

        Raises:
            AnswerError: The answer is not acceptable on its own.
        """
        text = refuse_unsafe(text).strip()
        question = step.question
        if not text:
            default = self.default(step)
            if default is not None:
                text = default
            elif question.optional:
                return ""
            else:
                raise self._no_answer(step)
        if question.kind == "confirm":
            word = text.lower()
            if word in YES or word in NO:
                return "yes" if word in YES else "no"
            raise AnswerError(f"answer yes or no, not {text!r}")
        if question.kind == "choice" and typed:
            text = _by_number(text, question)
        elif question.kind == "multi":
            parts = _split(text, [choice.value for choice in question.choices] if typed else None)
            text = ", ".join(_by_number(part, question) if typed else part for part in parts)
        value = read_value(text)
        if isinstance(value, str) and value != text:
            refuse_unsafe(value)  # a quoted answer's escapes ("\e") may hide a control character
        return text

    def refusal(self, step: Step, problem: Diagnostic) -> AnswerError:
        """The error shown at ``step`` for a problem the profile model found there."""
        hint = problem.hint
        if step.question.remainder_of and problem.code == SHARES_SUM:
            return AnswerError(
                problem.message, "type < to go back and change the other shares", at_prompt=True
            )
        return AnswerError(problem.message, hint)

    def _check_part_of_a_whole(self, step: Step, answers: Mapping[str, str]) -> None:
        """A share that already takes the parts past 100 is refused now, not at the last one."""
        for question in self.questions:
            if step.key not in question.remainder_of:
                continue
            values = [read_value(answers.get(key, "0")) for key in question.remainder_of]
            numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            if len(numbers) == len(values) and sum(numbers) > 100:
                raise AnswerError(
                    f"the shares so far add up to {sum(numbers):g}; all of them must sum to 100",
                    "type a smaller share, or < to go back and change an earlier one",
                    at_prompt=True,
                )

    def _no_answer(self, step: Step) -> AnswerError:
        question = step.question
        if question.remainder_of and (rest := self._remainder(question)) is not None:
            return AnswerError(
                f"the other shares already add up to {100 - rest:g}, more than 100",
                "type < to go back and change them",
                at_prompt=True,
            )
        example = f"for example {question.examples[0]!r}" if question.examples else None
        if question.choices:
            example = f"type a number from 1 to {len(question.choices)}, or a name"
        return AnswerError("an answer is needed here", example)

    def answer(self, step: Step, text: str) -> str:
        """Check ``text`` and keep it as the answer at ``step``; returns what was kept."""
        value = self.check(step, text)
        self.answers[step.key] = value
        self.previous.pop(step.key, None)
        self.filled.discard(step.key)
        return value

    def kept(self) -> dict[str, str]:
        """Every answer worth keeping in a draft.

        Those given, and those taken back to be asked again: going back and then leaving must
        not lose what was typed after that point.
        """
        return {**self.previous, **self.answers}

    def take_back(self, key: str) -> None:
        """Remove the answer at ``key``, keeping it as the default for when it is asked again."""
        if key in self.answers:
            self.previous[key] = self.answers.pop(key)

    def back(self) -> Step | None:
        """Take back the answer before the next question (the last one, once all are in).

        This is ``<`` at a prompt: the step before, whether it was typed in this session or
        came from a draft, ``--profile`` or ``--set``, is asked again with its answer as the
        default.

        Returns:
            The step taken back, or ``None`` at the first question.
        """
        answered: list[Step] = []
        for step in self.steps():
            if step.key not in self.answers:
                break
            answered.append(step)
        while answered and answered[-1].key in self.filled:
            self.filled.discard(answered[-1].key)
            self.answers.pop(answered.pop().key)  # filled again once the one before is
        if not answered:
            return None
        self.take_back(answered[-1].key)
        return answered[-1]

    def reopen(self, top: Question) -> None:
        """Take back a top-level question's answers, to edit them from the review.

        Questions that depend on it (the shares of a mixed structure) are taken back too.
        """
        for step in self.steps():
            depends = step.top.part_of == top.field
            if step.top.field == top.field or depends:
                self.take_back(step.key)

    def _problems(self, answers: Mapping[str, str], step: Step) -> list[Diagnostic]:
        steps = self._steps_for(answers)
        return [d for d in self.problems(answers, steps) if self.concerns(d, step, answers, steps)]

    def problems(
        self, answers: Mapping[str, str], steps: list[Step] | None = None
    ) -> list[Diagnostic]:
        """What the profile model finds wrong with ``answers`` as a whole, if anything."""
        data = self.profile_data(answers, steps)
        for field, placeholder in _PLACEHOLDERS.items():
            data.setdefault(field, placeholder)
        # A position for the whole document, so messages and hints are the ones a file gets
        # ("put the value in quotes to keep it as text" is only said of a written value).
        document = Document(data, "<answers>", values={(): (1, 1)})
        try:
            profile_from_document(document)
        except ProfileError as exc:
            return list(exc.diagnostics)
        return []

    def concerns(
        self,
        diagnostic: Diagnostic,
        step: Step,
        answers: Mapping[str, str],
        steps: list[Step] | None = None,
    ) -> bool:
        """Whether a problem at ``diagnostic.path`` is this step's to fix.

        Args:
            diagnostic: A problem of the profile the answers make.
            step: The step asked about.
            answers: The answers the profile was made from.
            steps: The steps of ``answers``, when the caller has them already.
        """
        path = _dotted(diagnostic.path)
        every = steps if steps is not None else self._steps_for(answers)
        parts = [s.key for s in every if s.key.startswith(path + ".")]
        if parts:
            # A problem of the whole (shares not summing to 100) belongs to the last of its
            # parts, once they are all answered: not to the question they depend on, where no
            # answer could fix it.
            return step.key == parts[-1] and all(key in answers for key in parts)
        return path == step.key or path.startswith(step.key + ".")

    # -- results -----------------------------------------------------------------------------------

    def profile_data(
        self, answers: Mapping[str, str] | None = None, steps: list[Step] | None = None
    ) -> dict[str, Any]:
        """The answers as a profile mapping, written as a person would write the YAML.

        Args:
            answers: The answers; the questionnaire's own by default.
            steps: The steps of ``answers``, when the caller has them already.
        """
        answers = self.answers if answers is None else answers
        active = {step.key: step for step in (steps or self._steps_for(answers))}
        data: dict[str, Any] = {}
        for key, step in active.items():
            if key not in answers or step.question.kind == "confirm":
                continue
            text = answers[key]
            if text == "" and (step.question.optional or step.question.kind == "multi"):
                continue
            value: Any = (
                [read_value(part) for part in _split(text)]
                if step.question.kind == "multi"
                else read_value(text)
            )
            _put(data, key, value)
        structure = data.get("structure")
        if isinstance(structure, dict):
            # "mixed" alone (shares not given yet) is the profile's own shorthand; with shares,
            # the shares are the structure.
            structure.pop("__word__", None)
            if not structure:
                data["structure"] = "mixed"
        if "users" in data:
            data["users"] = [data["users"][k] for k in sorted(data["users"], key=int)]
        for key, value in self.carried.items():
            data.setdefault(key, value)
        return data

    def _steps_for(self, answers: Mapping[str, str]) -> list[Step]:
        saved = self.answers
        self.answers = dict(answers)
        try:
            return self.steps()
        finally:
            self.answers = saved

    def profile(self) -> Profile:
        """The validated profile of the answers.

        Raises:
            ProfileError: The answers do not make a valid profile (something is missing).
        """
        return profile_from_document(Document(self.profile_data(), "<answers>"))

    def review(self) -> list[ReviewItem]:
        """The top-level questions that apply, numbered, with their answers as shown."""
        items: list[ReviewItem] = []
        data = self.profile_data()
        seen: set[str] = set()
        for step in self.steps():
            top = step.top
            # Dependent questions (the shares) are shown, and edited, with their parent.
            if top.field in seen or top.part_of is not None:
                continue
            seen.add(top.field)
            items.append(ReviewItem(len(items) + 1, top, _shown(top, data)))
        return items


def read_value(text: str) -> Any:
    """An answer's value, read as YAML reads the same text after ``key:`` in a profile.

    Plain text is typed as the profile loader types it (``12`` is a number, ``true`` a
    boolean); text in quotes (``"2024"``) stays text, as it does in a file.
    """
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        try:
            value = load_documents(f"value: {text}\n", "<answer>")[0].data
        except InputError:
            value = None  # not one quoted scalar ("a" and "b"): left to the model as text
        if isinstance(value, dict) and isinstance(value.get("value"), str):
            return value["value"]
    return plain_scalar(text)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    if parts[0] == "structure" and len(parts) == 1:
        if value == "mixed":
            data.setdefault("structure", {"__word__": "mixed"})
        else:
            data["structure"] = value
        return
    target = data
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    target[parts[-1]] = value


def _dotted(path: str) -> str:
    """``users[0].role`` → ``users.0.role``."""
    return path.replace("[", ".").replace("]", "")


def _split(text: str, words: Collection[str] | None = None) -> list[str]:
    """The items of a list answer, separated by commas; ``none`` or ``-`` is no item.

    With the accepted ``words`` (or their numbers), items may also be separated by spaces
    (``ml dashboards``, ``3 5``); any other text with spaces stays one item, so that a
    misspelling (``ad hoc``) is reported whole, with a "did you mean".
    """
    if text.strip().lower() in NONE_WORDS:
        return []
    items: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        pieces = part.split()
        if words is not None and all(piece in words or is_number_text(piece) for piece in pieces):
            items.extend(pieces)
        elif part:
            items.append(part)
    return items


def _by_number(text: str, question: Question) -> str:
    """A choice given by its number becomes its value; anything else is left to the model."""
    if is_number_text(text):
        # Compared as text first: a number of thousands of digits is no choice, and Python
        # refuses to turn one that long into an int at all.
        digits = text.lstrip("0") or "0"
        if len(digits) <= 3 and 1 <= int(digits) <= len(question.choices):
            return question.choices[int(digits) - 1].value
        shown = digits if len(digits) <= 12 else f"{digits[:6]}...{digits[-3:]}"
        raise AnswerError(
            f"there is no choice {shown}", f"pick 1 to {len(question.choices)}, or type a name"
        )
    return text


def _shown(question: Question, data: Mapping[str, Any]) -> str:
    value: Any = data
    for part in question.field.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if question.field == "structure" and isinstance(value, Mapping):
        return ", ".join(f"{k} {v}%" for k, v in value.items())
    if question.kind == "group" and isinstance(value, list):
        return "; ".join(
            f"{g.get('count', 1)} {g.get('role')}" + (f" ({g['skill']})" if g.get("skill") else "")
            for g in value
        )
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if value is None or value == "":
        default = question.default
        return f"{default} (default)" if default else "none"
    return str(value)


def is_number_text(text: str) -> bool:
    """Whether ``text`` is a choice or group number: at most nine ASCII digits.

    ``str.isdigit`` is true for ``²`` and other digits ``int`` refuses, which would crash; and
    ``int`` refuses more than 4,300 digits. No choice or group has a ten-digit number.
    """
    return text.isascii() and text.isdigit() and len(text) <= 9


def refuse_unsafe(text: str) -> str:
    """Refuse text that cannot be stored safely.

    Control characters, characters that reorder or hide text on a terminal (bidirectional
    overrides, line separators, private use), and bytes the terminal's encoding could not read
    (which arrive as lone surrogates) are refused rather than saved into a profile or a draft.
    A tab becomes a space.

    Raises:
        AnswerError: The text cannot be stored.
    """
    char = unsafe_character(text, allow="\t")
    if char is None:
        return text.replace("\t", " ")
    category = unicodedata.category(char)
    if category == "Cs":
        raise AnswerError(
            "this text has bytes that are not valid in the terminal's encoding",
            "check the terminal's locale (for example LANG=C.UTF-8) and type it again",
        )
    if category == "Cc":
        # Arrow and function keys arrive as escape sequences: the line is typed as is,
        # without cursor movement, so say so rather than only naming the character.
        hint = (
            "arrow keys do not move the cursor here; use Backspace, then type the answer again"
            if char == "\x1b"
            else "type plain text"
        )
        raise AnswerError(f"control character U+{ord(char):04X} cannot be stored", hint)
    raise AnswerError(f"character U+{ord(char):04X} cannot be stored", "type plain text")


# -- answers from a profile file, --set and drafts ----------------------------------------------


class Prefill(NamedTuple):
    """Answers read from a (possibly partial) profile mapping, and where each came from."""

    answers: dict[str, str]  # text by answer key, as typed at the question
    paths: dict[str, Path_]  # each answer's place in the mapping, for located messages
    carried: dict[str, Any]  # fields no question asks about: kept as given, not as answers


def answers_from_data(
    data: Mapping[str, Any], source: str = "<answers>", *, document: Document | None = None
) -> dict[str, str]:
    """Turn a (possibly partial) profile mapping into answers, as text by key.

    The answers of :func:`prefill`; see there.
    """
    return prefill(data, source, document=document).answers


def prefill(
    data: Mapping[str, Any],
    source: str = "<answers>",
    *,
    document: Document | None = None,
    questions: tuple[Question, ...] | None = None,
) -> Prefill:
    """Turn a (possibly partial) profile mapping into answers, with where each came from.

    Shorthand forms are expanded the way the profile model reads them (``users: low`` is one
    group; ``latency: 15m`` is the freshness; shares imply ``structure: mixed``). A field
    without a value (``budget:``) is left unanswered, to be asked. Text that an answer would
    read as something else (``name: "2024"``) is kept in quotes, so it stays text. A profile
    field that no question asks about is carried as it is, so that no field is lost.

    Args:
        data: The fields, as loaded from a profile file or built by :func:`parse_assignments`.
        source: Where they come from, for messages.
        document: The loaded file, to give messages its line numbers.
        questions: The questions that will be asked (the built-in ones by default).

    Raises:
        InputError: A key is not a profile field (with a "did you mean" hint), or a value has a
            shape no answer can hold (``users`` as a mapping).
    """
    reader = _Reader(document if document is not None else Document(dict(data), source))
    asked = {q.field.split(".")[0] for q in (questions or load_questions())}
    carried: dict[str, Any] = {}
    for key, value in data.items():
        if key not in Profile.model_fields:
            reader.unknown((key,), Profile.model_fields)
        elif value is None:
            continue
        elif key not in asked:
            carried[key] = value
        else:
            _FIELD_READERS.get(key, _Reader.plain)(reader, key, value)
    if reader.problems:
        raise InputError(reader.problems)
    return Prefill(reader.answers, reader.paths, carried)


class _Reader:
    """Answers read from one mapping, with their places, and the problems met."""

    def __init__(self, where: Document) -> None:
        self.where = where
        self.problems: list[Diagnostic] = []
        self.answers: dict[str, str] = {}
        self.paths: dict[str, Path_] = {}

    def unknown(self, path: Path_, known: Iterable[str]) -> None:
        known = list(known)
        name = str(path[-1])
        hint = suggest(name, known) or f"known keys: {', '.join(known)}"
        self.problems.append(self.where.diagnostic(path, f"unknown key {name!r}", hint, key=True))

    def put(self, key: str, text: str, path: Path_) -> None:
        self.answers[key] = text
        self.paths[key] = path

    def plain(self, key: str, value: Any) -> None:
        self.put(key, _text(value), (key,))

    def latency(self, key: str, value: Any) -> None:
        if not isinstance(value, Mapping):
            self.put("latency.freshness", _text(value), (key,))  # a duration alone
            return
        for inner, text in value.items():
            if inner not in Latency.model_fields:
                self.unknown((key, inner), Latency.model_fields)
            elif text is not None:
                self.put(f"latency.{inner}", _text(text), (key, inner))

    def structure(self, key: str, value: Any) -> None:
        if not isinstance(value, Mapping):
            self.plain(key, value)  # one word
            return
        self.put("structure", "mixed", (key,))
        given = [v for v in value.values() if isinstance(v, int | float)]
        # Shares left out are 0 in a whole profile; while the given ones fall short of 100
        # (``structure.structured=60`` alone), the rest are left to be asked.
        whole = sum(given) >= 100
        for kind in STRUCTURE_KINDS:
            if kind in value or whole:
                at = (key, kind) if kind in value else (key,)
                self.put(f"structure.{kind}", _text(value.get(kind, 0)), at)
        for inner in value:
            if inner not in STRUCTURE_KINDS:
                self.unknown((key, inner), STRUCTURE_KINDS)

    def users(self, key: str, value: Any) -> None:
        found = _users(value, self.where, self.problems, self.unknown)
        for answer_key, (text, path) in found.items():
            self.put(answer_key, text, path)

    def workloads(self, key: str, value: Any) -> None:
        if not isinstance(value, list):
            self.plain(key, value)
            return
        self.put(key, ", ".join(_text(item) for item in value), (key,))

    def growth(self, key: str, value: Any) -> None:
        if not isinstance(value, Mapping):
            self.plain(key, value)
            return
        # The normalised form (the JSON output's): one amount a year, written as an answer.
        text = _growth_text(value)
        if text is None:
            self.problems.extend(_model_problems(key, dict(value), self.where))
        else:
            self.put(key, text, (key,))


# How a field's value becomes answers, where it is not one text (:meth:`_Reader.plain`).
_FIELD_READERS: dict[str, Callable[[_Reader, str, Any], None]] = {
    "latency": _Reader.latency,
    "structure": _Reader.structure,
    "users": _Reader.users,
    "workloads": _Reader.workloads,
    "growth": _Reader.growth,
}


def _users(
    value: Any,
    where: Document,
    problems: list[Diagnostic],
    unknown: Callable[[tuple[str | int, ...], Iterable[str]], None],
) -> dict[str, tuple[str, Path_]]:
    """The answers of ``users``, each with its place in the mapping."""
    answers: dict[str, tuple[str, Path_]] = {}
    skill = value.strip().lower() if isinstance(value, str) else None
    shorthand = skill in ROLE_FOR_SKILL
    if skill in ROLE_FOR_SKILL:
        value = [{"role": ROLE_FOR_SKILL[skill], "skill": skill}]
    if not isinstance(value, list):
        # Refused as the profile model refuses it, with its message (`users: analyst`).
        problems.extend(_model_problems("users", value, where))
        return answers
    for number, item in enumerate(value):
        group = item if isinstance(item, Mapping) else {"role": item}
        for field, text in group.items():
            if field not in UserGroup.model_fields:
                unknown(("users", number, field), UserGroup.model_fields)
            elif text is not None:
                at: Path_ = ("users",) if shorthand else ("users", number, field)
                if not isinstance(item, Mapping):
                    at = ("users", number)
                answers[f"users.{number}.{field}"] = (_text(text), at)
        more = "yes" if number < len(value) - 1 else "no"
        answers[f"users.{number}.more"] = (more, ("users",) if shorthand else ("users", number))
    return answers


def _model_problems(field: str, value: Any, where: Document) -> list[Diagnostic]:
    """What the profile model says of ``field: value``, located in ``where``."""
    data = {**_PLACEHOLDERS, field: value}
    try:
        profile_from_document(Document(data, where.source, where.values, where.keys))
    except ProfileError as exc:
        return [d for d in exc.diagnostics if _dotted(d.path).split(".")[0] == field]
    return []


def _growth_text(value: Mapping[str, Any]) -> str | None:
    # bool is an int to Python, not to a profile: compare types exactly.
    amount, rate = value.get("bytes_per_year"), value.get("percent_per_year")
    if set(value) == {"bytes_per_year"} and type(amount) is int and amount >= 0:
        return f"{amount} B/year"
    if set(value) == {"percent_per_year"} and type(rate) in {int, float}:
        return f"{_text(rate)}%/year"  # a negative rate is refused by the model, as in a file
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and "e" in repr(value):
        # 1e-05 as 0.00001: an answer is read back by the same readers as a file, which take
        # no exponent in a rate or a share. The same digits, so the same number.
        return format(Decimal(repr(value)), "f")
    text = str(value)
    if isinstance(value, str) and text and read_value(text) != text:
        # Text that would be read as a number, a boolean or nothing, or that has quotes of its
        # own: in quotes, as a profile file would need it.
        return "'" + text.replace("'", "''") + "'"
    return text


# Where KEY=VALUE changes come from in messages, when the caller does not say.
SETTINGS = "<settings>"
# Fields whose value is text: a list or mapping there is a mistake, not a value to stringify.
_TEXT_KEYS = frozenset({"name", "volume", "growth", "ingest", "budget", "team", "latency.query"})


def parse_assignments(pairs: Iterable[str], source: str = SETTINGS) -> dict[str, Any]:
    """``["volume=3 TB", "latency.query=interactive"]`` → a nested profile mapping.

    Values are read as YAML reads a value after ``key:``, so ``sources=3`` is a number,
    ``name='"2024"'`` is text, and ``users=[{role: analyst, count: 5}]`` is a list. A
    shorthand and a part of the same field combine: ``latency=15m`` with
    ``latency.query=interactive``, ``users=low`` with ``users.0.count=40``. Groups of users
    are numbered from 0 (``users.1.role=analyst`` or ``users[1].role=analyst``).

    Args:
        pairs: The ``KEY=VALUE`` texts.
        source: Where they come from, for messages (the command line says ``--set``).

    Raises:
        InputError: An item is not ``key=value``.
    """
    data: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key_from_label(key.strip())
        # A group's number as a number: users.01 is users.1, not a key nobody reads.
        parts = [str(int(p)) if is_number_text(p) else p for p in key.split(".")]
        key = ".".join(parts)
        try:
            if not sep or not all(parts):
                raise _RefusedError(
                    f"expected key=value, found {pair!r}", "for example volume='3 TB'"
                )
            _place(data, parts, _assigned_value(key, value.strip(), source))
        except _RefusedError as refused:
            problems.append(Diagnostic(source, 0, 0, refused.message, refused.hint))
    if isinstance(data.get("users"), dict):
        data["users"] = _numbered_groups(data["users"], source, problems)
    if problems:
        raise InputError(problems)
    return data


class _RefusedError(Exception):
    """One ``KEY=VALUE`` that cannot be taken, with the reason and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _assigned_value(key: str, value: str, source: str) -> Any:
    """``value`` read as YAML reads it after ``key:``.

    Raises:
        _RefusedError: Not a list or mapping though it starts as one; a list or mapping for a
            text field; no value (``null``).
    """
    if value[:1] in {"[", "{"}:
        # A list or mapping as in a profile: users=[{role: analyst, count: 5}].
        try:
            parsed: Any = load_documents(f"value: {value}\n", source)[0].data["value"]
        except InputError:
            raise _RefusedError(
                f"{key}: {value!r} is not a YAML list or mapping",
                "quote text that starts with a bracket: 'name=\"[a] b\"'; "
                "a list is written as in a profile: 'workloads=[reporting, ml]'",
            ) from None
        if key in _TEXT_KEYS:
            raise _RefusedError(
                f"{key}: expected text, found a YAML list or mapping",
                f"quote it to give text: '{key}=\"{value}\"'",
            )
    else:
        parsed = read_value(value)
    if parsed is None:
        # `null` or `~` would leave the field as it was, which no one asking for a change means.
        raise _RefusedError(
            f"{key}: {value!r} is no value",
            "give one, such as volume='3 TB'; to leave out a field the profile gives, edit the "
            "profile",
        )
    if key == "workloads" and isinstance(parsed, str):
        return _split(parsed, WORKLOADS)
    return parsed


def _place(data: dict[str, Any], parts: list[str], value: Any) -> None:
    """Put ``value`` at the dotted ``parts`` of ``data``, expanding shorthands on the way."""
    target = data
    for depth, part in enumerate(parts[:-1]):
        child = _expanded(parts[: depth + 1], target.get(part))
        target[part] = child
        target = child
    last = parts[-1]
    if isinstance(target.get(last), dict) and not isinstance(value, dict):
        # latency.query=... then latency=15m: the shorthand fills its part, keeping the rest.
        target[last] = {**_expanded(parts, value), **target[last]}
    else:
        target[last] = value


def _numbered_groups(
    groups: dict[str, Any], source: str, problems: list[Diagnostic]
) -> list[dict[str, Any]]:
    """Groups of users set by number (``users.1.count=5``) as the list of groups."""
    for name in groups:
        if not is_number_text(name):
            problems.append(
                Diagnostic(
                    source,
                    0,
                    0,
                    f"users.{name}: a group of users is set by its number",
                    f"for example users.0.{name}=...",
                )
            )
    numbers = sorted(int(name) for name in groups if is_number_text(name))
    if numbers and numbers[-1] >= MAX_GROUPS:
        problems.append(
            Diagnostic(
                source,
                0,
                0,
                f"users.{numbers[-1]}: groups are numbered from 0 to {MAX_GROUPS - 1}",
                "number the groups in order: users.0, users.1, ...",
            )
        )
        numbers = []
    # A group keeps its number: `users.1.count=5` is the second group's count, and the groups
    # before it are left to the profile or to be asked.
    return [groups.get(str(n), {}) for n in range(numbers[-1] + 1 if numbers else 0)]


def _expanded(path: list[str], value: Any) -> dict[str, Any]:
    """A field's shorthand as the mapping that its parts can be added to."""
    if isinstance(value, dict):
        return value
    if path == ["latency"] and value is not None:
        return {"freshness": value}
    if path == ["users"]:
        skill = value.strip().lower() if isinstance(value, str) else None
        if skill in ROLE_FOR_SKILL:
            return {"0": {"role": ROLE_FOR_SKILL[skill], "skill": skill}}
        if isinstance(value, list):
            return {str(number): item for number, item in enumerate(value)}
    return {}
