"""The library's front door: profile in, reasoned recommendation out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

from .engine import recommend
from .loader import ProfileLike, to_profile
from .recommendation import Recommendation
from .ruleset import RuleSet, load_rules

RulesLike = RuleSet | Sequence[str | os.PathLike[str]] | None


@cache
def default_rules() -> RuleSet:
    """The built-in rule packs, loaded once per process."""
    return load_rules()


def resolve_rules(rules: RulesLike, *, builtin: bool = True) -> RuleSet:
    """A rule set from a ``RuleSet``, extra pack paths, or ``None`` (the built-in packs).

    Args:
        rules: What to load.
        builtin: Load pack paths beside the built-in packs; ``False`` loads them alone (they
            must then declare the decisions and options themselves).
    """
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, str | os.PathLike):
        rules = [rules]
    if not builtin:
        return load_rules(list(rules or ()), builtin=False)
    return load_rules(list(rules)) if rules else default_rules()


def evaluate(profile: ProfileLike, *, rules: RulesLike = None) -> Recommendation:
    """Recommend a storage tier and a pipeline for a workload, with the reasons.

    Args:
        profile: A :class:`~advisor.Profile`, a mapping written as in a YAML profile, or the path
            of a file holding one profile.
        rules: ``None`` for the built-in packs; a :class:`~advisor.RuleSet`; or paths of extra
            packs (files or folders) to load beside the built-ins.

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
    return recommend(to_profile(profile), resolve_rules(rules))
