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

from ._version import __version__

if TYPE_CHECKING:
    from .comparison import Comparison, compare
    from .engine import recommend
    from .errors import (
        AdvisorError,
        Diagnostic,
        InputError,
        ProfileError,
        RulePackError,
        UsageError,
    )
    from .evaluation import default_rules, evaluate, with_settings
    from .loader import load_profile, load_profiles, parse_profiles
    from .profile import Profile
    from .recommendation import (
        Change,
        Confidence,
        Decision,
        Ranked,
        Reason,
        Recommendation,
    )
    from .ruleset import RuleSet, load_rules

_EXPORTS: dict[str, str] = {
    "evaluate": "evaluation",
    "default_rules": "evaluation",
    "with_settings": "evaluation",
    "recommend": "engine",
    "compare": "comparison",
    "Comparison": "comparison",
    "load_profile": "loader",
    "load_profiles": "loader",
    "parse_profiles": "loader",
    "load_rules": "ruleset",
    "RuleSet": "ruleset",
    "Profile": "profile",
    "Recommendation": "recommendation",
    "Decision": "recommendation",
    "Ranked": "recommendation",
    "Reason": "recommendation",
    "Confidence": "recommendation",
    "Change": "recommendation",
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
