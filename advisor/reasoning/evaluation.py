"""The library's front door: profile in, reasoned recommendation out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from advisor.errors import Diagnostic
from advisor.profiles.loader import ProfileLike, to_profile
from advisor.reasoning.engine import recommend
from advisor.reasoning.records import OutputTypes
from advisor.reasoning.ruleset import RuleSet, load_rules

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile
    from advisor.reasoning.recommendation import Recommendation

RulesLike = RuleSet | Sequence[str | os.PathLike[str]] | None


@cache
def default_rules() -> RuleSet:
    """The built-in rule packs, loaded once per process."""
    return load_rules()


def resolve_rules(
    rules: RulesLike, *, builtin: bool = True, output: OutputTypes | None = None
) -> RuleSet:
    """A rule set from a ``RuleSet``, extra pack paths, or ``None`` (the built-in packs).

    Args:
        rules: What to load.
        builtin: Load pack paths beside the built-in packs; ``False`` loads them alone (they
            must then declare the decisions and options themselves).
        output: The classes results are made of, for packs loaded here (``None``: the
            models).
    """
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, str | os.PathLike):
        rules = [rules]
    if not builtin:
        return load_rules(list(rules or ()), builtin=False, output=output)
    if rules or output is not None:
        return load_rules(list(rules or ()), output=output)
    return default_rules()


def evaluate(
    profile: ProfileLike, *, rules: RulesLike = None, what_if: bool = False
) -> Recommendation:
    """Recommend a storage tier and a pipeline for a workload, with the reasons.

    Args:
        profile: A :class:`~advisor.Profile`, a mapping written as in a YAML profile, or the path
            of a file holding one profile.
        rules: ``None`` for the built-in packs; a :class:`~advisor.RuleSet`; or paths of extra
            packs (files or folders) to load beside the built-ins.
        what_if: Also search for the nearest single changes of the profile that would change
            an answer (``what_would_change``). It evaluates the profile a few hundred times,
            so it is off unless asked for; the command line always asks.

    Returns:
        The recommendation (recommendation v1); ``to_json()`` gives the documented JSON.

    Raises:
        ProfileError: The profile is not valid; ``diagnostics`` says what and where.
        RulePackError: An extra rule pack does not load.

    Example:
        >>> import advisor
        >>> rec = advisor.evaluate({"volume": "50 GB", "structure": "structured",
        ...                         "latency": "1d", "users": "medium"})
        >>> rec.storage.primary
        'database'
    """
    ruleset = resolve_rules(rules)
    rec = recommend(to_profile(profile), ruleset)
    if what_if:
        from advisor.reasoning.sensitivity import with_changes

        rec = with_changes(rec, ruleset)
    return rec


def check_settings(assignments: Sequence[str], *, source: str = "<settings>") -> None:
    """Check ``KEY=VALUE`` changes as far as any profile would: their form and their keys.

    What :func:`with_settings` would refuse whatever the profile: checked once before many
    profiles, it is said once, not once a profile.

    Args:
        assignments: The ``KEY=VALUE`` texts.
        source: Where they come from, for messages (the command line says ``--set``).

    Raises:
        InputError: An item is not ``key=value``, or names a field a profile does not have.
    """
    from advisor.questions.questionnaire import answers_from_data, parse_assignments

    _refuse_bad_types(assignments, source)
    _refuse_empty_values(assignments, source)
    answers_from_data(parse_assignments(assignments, source), source)


def _refuse_bad_types(assignments: Sequence[str], source: str) -> None:
    if isinstance(assignments, str) or not all(isinstance(a, str) for a in assignments):
        from advisor.errors import InputError

        raise InputError(
            [Diagnostic(source, 0, 0, "expected a list of KEY=VALUE texts", "['volume=3 TB']")]
        )


def with_settings(
    profile: Profile, assignments: Sequence[str], *, source: str = "<settings>"
) -> Profile:
    """``profile`` with ``KEY=VALUE`` changes applied, as ``advisor evaluate --set`` takes them.

    Keys and values are read as ``advisor ask --set`` reads them (``volume=1.2 TB``,
    ``users.0.count=40``, ``workloads=[ml, reporting]``), and the result is checked by the
    profile model.

    Args:
        profile: The profile to change.
        assignments: The ``KEY=VALUE`` texts.
        source: Where they come from, for messages (the command line says ``--set``).

    Raises:
        InputError: An item is not ``key=value``, or names a field a profile does not have.
        ProfileError: The changed profile is not valid.
    """
    from advisor.errors import ProfileError
    from advisor.profiles.profile import DEFAULT_SKILL
    from advisor.questions.questionnaire import Questionnaire, parse_assignments, prefill

    _refuse_bad_types(assignments, source)
    _refuse_empty_values(assignments, source)
    original = prefill(profile.to_data(), "<profile>")
    answers = original.answers
    given = prefill(parse_assignments(assignments, source), source)
    changes = given.answers
    _check_groups(profile, changes, source)
    for key in changes:
        parts = key.split(".")
        if parts[0] == "users" and parts[2:] == ["role"] and f"{key[:-4]}skill" not in changes:
            # A new role brings its own default skill, unless the old skill was chosen.
            old = profile.users[int(parts[1])] if int(parts[1]) < len(profile.users) else None
            if old is not None and old.skill == DEFAULT_SKILL.get(old.role):
                answers.pop(f"{key[:-4]}skill", None)
    for key in [k for k in changes if k.startswith("users.") and k.endswith(".more")]:
        # `users.0.count=40` speaks of group 0 only: the groups after it stay, unless the
        # changes describe a group after it themselves.
        following = f"users.{int(key.split('.')[1]) + 1}."
        if key in answers and not any(k.startswith(following) for k in changes):
            del changes[key]
    answers.update(changes)
    try:
        return Questionnaire(answers, carried={**original.carried, **given.carried}).profile()
    except ProfileError as exc:
        changed = {key.split(".")[0] for key in changes}
        raise ProfileError(_from_set(d, changed, source) for d in exc.diagnostics) from None


def _refuse_empty_values(assignments: Sequence[str], source: str) -> None:
    from advisor.errors import InputError

    for pair in assignments:
        key, sep, value = pair.partition("=")
        if sep and not value.strip():
            # In a profile `key:` with nothing after it is left to be asked; here it would keep
            # the field as it was, which is not what anyone asking for a variant means.
            raise InputError(
                [
                    Diagnostic(
                        source,
                        0,
                        0,
                        f"{key.strip()}: no value given",
                        f"give one after '=', as in {key.strip()}=...; an empty list is "
                        "workloads=[]",
                    )
                ]
            )


def _check_groups(profile: Profile, changes: dict[str, str], source: str) -> None:
    """A change may name the profile's groups of users, or add the next one; no further."""
    from advisor.errors import InputError

    groups = len(profile.users)
    named = [int(key.split(".")[1]) for key in changes if key.startswith("users.")]
    if not named or max(named) <= groups:
        return
    plural = "s" if groups != 1 else ""
    raise InputError(
        [
            Diagnostic(
                source,
                0,
                0,
                f"users.{max(named)}: the profile has {groups} group{plural} of users "
                f"(users.0 to users.{groups - 1})",
                f"change one of them, or add the next as users.{groups}",
            )
        ]
    )


def _from_set(diagnostic: Diagnostic, changed: set[str], source: str) -> Diagnostic:
    """A problem of the changed profile, said of the changes when one of them caused it."""
    from dataclasses import replace

    from advisor.profiles.profile import SHARES_SUM

    field = diagnostic.path.split(".")[0].split("[")[0]
    if field not in changed:
        return diagnostic
    hint = diagnostic.hint
    if diagnostic.code == SHARES_SUM:
        hint = (
            "set the three shares together, such as "
            "'structure={structured: 60, semi_structured: 30, unstructured: 10}'"
        )
    return replace(diagnostic, source=source, hint=hint)
