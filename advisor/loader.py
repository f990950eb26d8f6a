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
    results = parse_documents(text, source)
    problems = [d for item in results if isinstance(item, ProfileError) for d in item.diagnostics]
    if problems:
        raise ProfileError(sorted(problems, key=lambda d: (d.line, d.col)))
    return [item for item in results if isinstance(item, Profile)]


def parse_documents(text: str, source: str = "<text>") -> list[Profile | ProfileError]:
    """Each document of a YAML or JSON text as a profile, or as the error that refuses it.

    One bad document does not hide the others' profiles; a problem of the text as a whole
    (its syntax, a duplicate key) is raised, since no document of it can be trusted.

    Raises:
        ProfileError: The text cannot be read as YAML, or breaks a rule of the format.
    """
    if not isinstance(text, str):
        raise ProfileError(
            [Diagnostic(source, 0, 0, f"expected text, found {type(text).__name__}")]
        )
    problems: list[Diagnostic] = []
    documents = _documents(text, source, problems)
    results: list[Profile | ProfileError] = []
    for document in documents:
        try:
            results.append(profile_from_document(document))
        except ProfileError as exc:
            results.append(exc)
    if problems:
        # Reported with the documents' own problems, in the order of the text.
        own = [d for item in results if isinstance(item, ProfileError) for d in item.diagnostics]
        raise ProfileError(sorted([*problems, *own], key=lambda d: (d.line, d.col)))
    return results


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
