"""Reading profiles from files, text and Python objects: one path, the same checks for all."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .document import Document, load_documents, read_text
from .errors import Diagnostic, InputError, ProfileError
from .profile import Profile
from .validation import validate

PROFILE_EXAMPLES: dict[str, str] = {
    "volume": "3 TB",
    "structure": "structured",
    "latency": "1d",
    "users": "low",
    "freshness": "15m",
    "role": "analyst",
}

ProfileLike = Profile | Mapping[str, Any] | str | os.PathLike[str]


def parse_profiles(text: str, source: str = "<text>") -> list[Profile]:
    """Validate every profile in a YAML or JSON text (one per document).

    Raises:
        ProfileError: With every problem in every document, located.
    """
    if not isinstance(text, str):
        raise ProfileError(
            [Diagnostic(source, 0, 0, f"expected text, found {type(text).__name__}")]
        )
    problems: list[Diagnostic] = []
    profiles = []
    for document in _documents(text, source, problems):
        try:
            profiles.append(profile_from_document(document))
        except ProfileError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ProfileError(sorted(problems, key=lambda d: (d.line, d.col)))
    return profiles


def load_profiles(path: str | os.PathLike[str]) -> list[Profile]:
    """Load every profile in a file (``-`` reads stdin); a multi-document file gives several.

    Raises:
        ProfileError: The file cannot be read or holds an invalid profile.
    """
    try:
        source, text = read_text(path)
    except ProfileError:
        raise
    except InputError as exc:
        raise ProfileError(exc.diagnostics) from None
    return parse_profiles(text, source)


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """Load the one profile in a file.

    Args:
        path: A YAML or JSON file, or ``-`` for stdin.

    Returns:
        The validated profile.

    Raises:
        ProfileError: The file cannot be read, is invalid, or holds more than one profile.
    """
    profiles = load_profiles(path)
    if len(profiles) > 1:
        raise ProfileError(
            [
                Diagnostic(
                    "<stdin>" if str(path) == "-" else str(path),
                    0,
                    0,
                    f"holds {len(profiles)} profiles; expected one",
                    "use load_profiles() to read them all",
                )
            ]
        )
    return profiles[0]


def profile_from_document(document: Document) -> Profile:
    """Validate one loaded document as a profile."""
    return validate(Profile, document, error=ProfileError, examples=PROFILE_EXAMPLES)


def to_profile(value: ProfileLike) -> Profile:
    """Accept a ``Profile``, a mapping (as in YAML), or a path to a file with one profile.

    Raises:
        ProfileError: The value is not a valid profile, or none of the accepted kinds.
    """
    if isinstance(value, Profile):
        return value
    if isinstance(value, Mapping):
        return profile_from_document(Document(dict(value), "<profile>"))
    if isinstance(value, str | os.PathLike):
        return load_profile(value)
    # Bad input of any type is an AdvisorError, so that one `except` serves an embedding service.
    raise ProfileError(
        [
            Diagnostic(
                "<profile>",
                0,
                0,
                f"expected a Profile, a mapping or a path, found {type(value).__name__}",
            )
        ]
    )


def _documents(text: str, source: str, problems: list[Diagnostic]) -> list[Document]:
    try:
        return load_documents(text, source, problems=problems)
    except ProfileError:
        raise
    except InputError as exc:
        raise ProfileError(exc.diagnostics) from None
