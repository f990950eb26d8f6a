"""The questionnaire behind ``advisor ask``: questions as data, answers checked like a profile.

This module holds no terminal code: it knows which question comes next, what its default is,
whether an answer is acceptable and what profile the answers make. The questions live in
``data/questions.yaml``; every answer is read as the same text after ``key:`` in a profile file
would be, and checked by the :class:`~advisor.profile.Profile` model itself, so the
questionnaire, a YAML file and the Python API accept the same values with the same messages.

Answers are kept as the text the user gave, keyed by the dotted profile path they fill
(``volume``, ``latency.freshness``, ``users.0.role``); that is also what a draft stores.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .document import Document, load_documents, plain_scalar
from .errors import Diagnostic, InputError, ProfileError
from .loader import profile_from_document
from .profile import ROLE_FOR_SKILL, STRUCTURE_KINDS, Profile, UserGroup
from .validation import suggest

_FROZEN = ConfigDict(frozen=True, extra="forbid")
QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "questions.yaml"
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
    """Ask a question only when an earlier answer has a given value."""

    model_config = _FROZEN

    field: str
    equals: str


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
    default_from_profile: bool = False
    more: str | None = None
    fields: tuple[Question, ...] = ()

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
    from .validation import validate

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
        if self.group is None:
            return self.key
        return f"{self.top.field}[{self.group}].{self.question.field}"


class AnswerError(Exception):
    """An answer that cannot be accepted, with the reason and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


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
    ) -> None:
        self.questions = questions if questions is not None else load_questions()
        self.answers: dict[str, str] = dict(answers or {})
        # Answers taken back (going back, editing): shown as defaults when asked again.
        self.previous: dict[str, str] = {}

    # -- which steps there are -----------------------------------------------------------------

    def steps(self) -> list[Step]:
        """Every step that applies given the answers so far, in order."""
        steps: list[Step] = []
        for question in self.questions:
            if (
                question.when is not None
                and self._value(question.when.field) != question.when.equals
            ):
                continue
            if question.kind != "group":
                steps.append(Step(question.field, question, question))
                continue
            group = 0
            while True:
                for inner in question.fields:
                    key = f"{question.field}.{group}.{inner.field}"
                    steps.append(Step(key, inner, question, group))
                more = self._more(question, group)
                steps.append(Step(f"{question.field}.{group}.more", more, question, group))
                if self.answers.get(f"{question.field}.{group}.more") != "yes":
                    break
                group += 1
        return steps

    def _value(self, key: str) -> str | None:
        return self.answers.get(key)

    def _more(self, group: Question, number: int) -> Question:
        later = f"{group.field}.{number + 1}."
        had_more = any(key.startswith(later) for key in (*self.answers, *self.previous))
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
        while True:
            pending = [s for s in self.steps() if s.key not in self.answers]
            filled = False
            for step in pending:
                default = self.default(step)
                if default is not None or step.question.optional:
                    self.answers[step.key] = default or ""
                    filled = True
                    break  # steps may change (a group ends); look again
            if not filled:
                return

    # -- defaults and answers --------------------------------------------------------------------

    def default(self, step: Step) -> str | None:
        """What Enter means at ``step``: the earlier answer, else the question's default."""
        if step.key in self.previous:
            return self.previous[step.key]
        question = step.question
        if question.remainder_of:
            given = [plain_scalar(self.answers.get(key, "")) for key in question.remainder_of]
            if all(isinstance(v, int | float) and not isinstance(v, bool) for v in given):
                rest = 100 - sum(given)
                return f"{rest:g}" if rest >= 0 else None
            return None
        if question.default_from_profile and step.group is not None:
            return self._model_default(step)
        return question.default

    def _model_default(self, step: Step) -> str | None:
        """A group field's default as the profile model fills it (a skill from the role)."""
        prefix = f"{step.top.field}.{step.group}."
        group = {
            key.removeprefix(prefix): plain_scalar(text)
            for key, text in self.answers.items()
            if key.startswith(prefix) and key != step.key and not key.endswith(".more")
        }
        try:
            value = UserGroup.model_validate(group).model_dump().get(step.question.field)
        except ValueError:
            return None
        return None if value is None else str(value)

    def check(self, step: Step, text: str) -> str:
        """The answer to store for ``text`` typed at ``step``.

        Empty text takes the default. Choices may be given by number. The answer is then
        checked by the profile model, in the context of the answers so far.

        Raises:
            AnswerError: The answer is not acceptable; the message is the one a profile file
                with the same value would get.
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
                example = f"for example {question.examples[0]!r}" if question.examples else None
                raise AnswerError("an answer is needed here", example)
        if question.kind == "confirm":
            word = text.lower()
            if word in YES or word in NO:
                return "yes" if word in YES else "no"
            raise AnswerError(f"answer yes or no, not {text!r}")
        if question.kind == "choice":
            text = _by_number(text, question)
        elif question.kind == "multi":
            text = ", ".join(_by_number(part, question) for part in _split(text))
        candidate = {**self.answers, step.key: text}
        problems = self._problems(candidate, step)
        if problems:
            raise AnswerError(problems[0].message, problems[0].hint)
        return text

    def answer(self, step: Step, text: str) -> str:
        """Check ``text`` and keep it as the answer at ``step``; returns what was kept."""
        value = self.check(step, text)
        self.answers[step.key] = value
        self.previous.pop(step.key, None)
        return value

    def take_back(self, key: str) -> None:
        """Remove the answer at ``key``, keeping it as the default for when it is asked again."""
        if key in self.answers:
            self.previous[key] = self.answers.pop(key)

    def reopen(self, top: Question) -> None:
        """Take back a top-level question's answers, to edit them from the review.

        Questions that depend on it (the shares of a mixed structure) are taken back too.
        """
        for step in self.steps():
            depends = step.top.when is not None and step.top.when.field == top.field
            if step.top.field == top.field or depends:
                self.take_back(step.key)

    def _problems(self, answers: Mapping[str, str], step: Step) -> list[Diagnostic]:
        data = self.profile_data(answers)
        for field, placeholder in _PLACEHOLDERS.items():
            data.setdefault(field, placeholder)
        try:
            profile_from_document(Document(data, "<answers>"))
        except ProfileError as exc:
            return [d for d in exc.diagnostics if self._concerns(d, step, answers)]
        return []

    def _concerns(self, diagnostic: Diagnostic, step: Step, answers: Mapping[str, str]) -> bool:
        """Whether a problem at ``diagnostic.path`` is this step's to fix."""
        path = _dotted(diagnostic.path)
        if path == step.key or path.startswith(step.key + "."):
            return True
        if not step.key.startswith(path + "."):
            return False
        # A problem of the whole (shares not summing to 100) belongs to the last of its parts.
        siblings = [s.key for s in self.steps() if s.key.startswith(path + ".")]
        return all(key in answers for key in siblings)

    # -- results -----------------------------------------------------------------------------------

    def profile_data(self, answers: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The answers as a profile mapping, written as a person would write the YAML."""
        answers = self.answers if answers is None else answers
        active = {step.key: step for step in self._steps_for(answers)}
        data: dict[str, Any] = {}
        for key, step in active.items():
            if key not in answers or step.question.kind == "confirm":
                continue
            text = answers[key]
            if text == "" and (step.question.optional or step.question.kind == "multi"):
                continue
            value: Any = (
                [plain_scalar(part) for part in _split(text)]
                if step.question.kind == "multi"
                else plain_scalar(text)
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
            if top.field in seen or top.when is not None:
                continue
            seen.add(top.field)
            items.append(ReviewItem(len(items) + 1, top, _shown(top, data)))
        return items


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


def _split(text: str) -> list[str]:
    if text.strip().lower() in NONE_WORDS:
        return []
    return [part.strip() for part in text.replace(",", " ").split() if part.strip()]


def _by_number(text: str, question: Question) -> str:
    """A choice given by its number becomes its value; anything else is left to the model."""
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(question.choices):
            return question.choices[number - 1].value
        raise AnswerError(
            f"there is no choice {number}", f"pick 1 to {len(question.choices)}, or type a name"
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


def refuse_unsafe(text: str) -> str:
    """Refuse text that cannot be stored safely.

    Control characters, and bytes the terminal's encoding could not read (which arrive as lone
    surrogates), are refused rather than saved into a profile or a draft.

    Raises:
        AnswerError: The text cannot be stored.
    """
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":
            raise AnswerError(
                "this text has bytes that are not valid in the terminal's encoding",
                "check the terminal's locale (for example LANG=C.UTF-8) and type it again",
            )
        if category == "Cc" and char not in "\t":
            raise AnswerError(
                f"control character U+{ord(char):04X} cannot be stored",
                "type plain text",
            )
    return text.replace("\t", " ")


# -- answers from a profile file, --set and drafts ----------------------------------------------


def answers_from_data(data: Mapping[str, Any], source: str = "<answers>") -> dict[str, str]:
    """Turn a (possibly partial) profile mapping into answers, as text by key.

    Shorthand forms are expanded the way the profile model reads them (``users: low`` is one
    group; ``latency: 15m`` is the freshness; shares imply ``structure: mixed``).

    Raises:
        InputError: A key is not a profile field (with a "did you mean" hint).
    """
    problems: list[Diagnostic] = []
    answers: dict[str, str] = {}
    fields = list(Profile.model_fields)
    for key, value in data.items():
        if key not in fields:
            problems.append(
                Diagnostic(source, 0, 0, f"unknown field {key!r}", suggest(key, fields), key)
            )
            continue
        if key == "latency" and isinstance(value, Mapping):
            for inner, text in value.items():
                answers[f"latency.{inner}"] = _text(text)
        elif key == "latency":
            answers["latency.freshness"] = _text(value)
        elif key == "structure" and isinstance(value, Mapping):
            answers["structure"] = "mixed"
            for kind in STRUCTURE_KINDS:
                answers[f"structure.{kind}"] = _text(value.get(kind, 0))
            for inner in value:
                if inner not in STRUCTURE_KINDS:
                    problems.append(
                        Diagnostic(
                            source,
                            0,
                            0,
                            f"unknown field 'structure.{inner}'",
                            suggest(inner, STRUCTURE_KINDS),
                            f"structure.{inner}",
                        )
                    )
        elif key == "users":
            answers.update(_users(value))
        elif key == "workloads" and isinstance(value, list):
            answers["workloads"] = ", ".join(_text(item) for item in value)
        elif key == "growth" and isinstance(value, Mapping):
            problems.append(
                Diagnostic(source, 0, 0, "write growth as text, such as '200 GB/month'", None, key)
            )
        else:
            answers[key] = _text(value)
    if problems:
        raise InputError(problems)
    return answers


def _users(value: Any) -> dict[str, str]:
    answers: dict[str, str] = {}
    if isinstance(value, str) and value in ROLE_FOR_SKILL:
        value = [{"role": ROLE_FOR_SKILL[value], "skill": value}]
    if isinstance(value, Mapping):
        value = [value]
    groups = value if isinstance(value, list) else [{"role": value}]
    for number, item in enumerate(groups):
        group = item if isinstance(item, Mapping) else {"role": item}
        for field, text in group.items():
            answers[f"users.{number}.{field}"] = _text(text)
        answers[f"users.{number}.more"] = "yes" if number < len(groups) - 1 else "no"
    return answers


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_assignments(pairs: Iterable[str]) -> dict[str, Any]:
    """``["volume=3 TB", "latency.query=interactive"]`` → a nested profile mapping.

    Values are read as YAML reads an unquoted value, so ``sources=3`` is a number.

    Raises:
        InputError: An item is not ``key=value``.
    """
    data: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(
                Diagnostic(
                    "--set",
                    0,
                    0,
                    f"expected key=value, found {pair!r}",
                    "for example --set volume='3 TB'",
                )
            )
            continue
        parsed: Any = plain_scalar(value.strip())
        if key == "workloads" and isinstance(parsed, str):
            parsed = _split(parsed)
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                child = {}
                target[part] = child
            target = child
        target[parts[-1]] = parsed
    if problems:
        raise InputError(problems)
    if isinstance(data.get("users"), dict):
        # users.0.role=... on the command line: groups by number.
        groups = data["users"]
        data["users"] = [
            groups[k] for k in sorted(groups, key=lambda k: int(k) if k.isdigit() else 0)
        ]
    return data
