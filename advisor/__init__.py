"""advisor: where a team's data should live and how it should move, and why.

The public API is what this module exports. Imports are lazy so that the command line starts
fast: ``import advisor`` costs nothing until a name is used.

Example:
    >>> import advisor
    >>> rec = advisor.evaluate("examples/startup-saas.yaml")  # doctest: +SKIP
    >>> rec.storage.primary, rec.pipeline.primary  # doctest: +SKIP
    ('database', 'batch')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from advisor._version import __version__

if TYPE_CHECKING:
    from advisor.errors import (
        AdvisorError,
        Diagnostic,
        InputError,
        ProfileError,
        RulePackError,
        UsageError,
    )
    from advisor.profiles.loader import load_profile, load_profiles, parse_profiles
    from advisor.profiles.profile import Profile
    from advisor.reasoning.comparison import Comparison, compare
    from advisor.reasoning.engine import recommend
    from advisor.reasoning.evaluation import default_rules, evaluate, with_settings
    from advisor.reasoning.recommendation import (
        Change,
        Confidence,
        Decision,
        Ranked,
        Reason,
        Recommendation,
    )
    from advisor.reasoning.ruleset import RuleSet, load_rules

_EXPORTS: dict[str, str] = {
    "evaluate": "reasoning.evaluation",
    "default_rules": "reasoning.evaluation",
    "with_settings": "reasoning.evaluation",
    "recommend": "reasoning.engine",
    "compare": "reasoning.comparison",
    "Comparison": "reasoning.comparison",
    "load_profile": "profiles.loader",
    "load_profiles": "profiles.loader",
    "parse_profiles": "profiles.loader",
    "load_rules": "reasoning.ruleset",
    "RuleSet": "reasoning.ruleset",
    "Profile": "profiles.profile",
    "Recommendation": "reasoning.recommendation",
    "Decision": "reasoning.recommendation",
    "Ranked": "reasoning.recommendation",
    "Reason": "reasoning.recommendation",
    "Confidence": "reasoning.recommendation",
    "Change": "reasoning.recommendation",
    "AdvisorError": "errors",
    "InputError": "errors",
    "ProfileError": "errors",
    "RulePackError": "errors",
    "UsageError": "errors",
    "Diagnostic": "errors",
}

__all__ = [
    "AdvisorError",
    "Change",
    "Comparison",
    "Confidence",
    "Decision",
    "Diagnostic",
    "InputError",
    "Profile",
    "ProfileError",
    "Ranked",
    "Reason",
    "Recommendation",
    "RulePackError",
    "RuleSet",
    "UsageError",
    "__version__",
    "compare",
    "default_rules",
    "evaluate",
    "load_profile",
    "load_profiles",
    "load_rules",
    "parse_profiles",
    "recommend",
    "with_settings",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
