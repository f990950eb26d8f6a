"""Reading profiles from files, text and Python objects: one path, the same checks for all."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from advisor.errors import Diagnostic, InputError, ProfileError
from advisor.profiles.document import Document, load_documents, read_text
from advisor.profiles.shapes import PROFILE_FIELDS, ProfileRecord
from advisor.profiles.validation import validate

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile

PROFILE_EXAMPLES: dict[str, str] = {
    "volume": "3 TB",
    "structure": "structured",
    "latency": "1d",
    "users": "low",
    "freshness": "15m",
    "role": "analyst",
}

ProfileLike: TypeAlias = Union["Profile", Mapping[str, Any], str, os.PathLike[str]]


def parse_profiles(text: str, source: str = "<text>") -> list[Profile]:
    """Validate every profile in a YAML or JSON text (one per document).

    Raises:
        ProfileError: With every problem in every document, located.
    """
    results, outside = parse_documents(text, source)
    problems = [d for item in results if isinstance(item, ProfileError) for d in item.diagnostics]
    if problems or outside:
        raise ProfileError(sorted([*problems, *outside], key=lambda d: (d.line, d.col)))
    return [item for item in results if not isinstance(item, ProfileError)]


def parse_documents(
    text: str, source: str = "<text>", *, records: bool = False
) -> tuple[list[Profile | ProfileError], list[Diagnostic]]:
    """Each document of a YAML or JSON text as a profile, or as the error that refuses it.

    One bad document does not hide the others' profiles: a problem inside a document (a
    duplicate key, an anchor) refuses that document only. With ``records``, a valid profile
    is a plain record (see :func:`profile_from_document`).

    Returns:
        One item per document, and the problems that are in no document (an empty one).

    Raises:
        ProfileError: The text cannot be read as YAML at all (its syntax, an alias).
    """
    if not isinstance(text, str):
        raise ProfileError(
            [Diagnostic(source, 0, 0, f"expected text, found {type(text).__name__}")]
        )
    problems: list[Diagnostic] = []
    owners: list[int] = []
    documents = _documents(text, source, problems, owners)
    found: dict[int, list[Diagnostic]] = {}
    for problem, owner in zip(problems, owners, strict=True):
        found.setdefault(owner, []).append(problem)
    results: list[Profile | ProfileError] = []
    for index, document in enumerate(documents):
        own = found.get(index, [])
        try:
            profile = profile_from_document(document, records=records)
        except ProfileError as exc:
            own = [*own, *exc.diagnostics]
        else:
            if not own:
                results.append(profile)
                continue
        results.append(ProfileError(sorted(own, key=lambda d: (d.line, d.col))))
    return results, found.get(-1, [])


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


def profile_from_document(document: Document, *, records: bool = False) -> Profile:
    """Validate one loaded document as a profile.

    Args:
        document: The loaded document.
        records: Build a plain record (:class:`advisor.profiles.shapes.ProfileRecord`), read
            as the model is, by the models' own cached validator: what the command line's fast
            path evaluates, without importing pydantic's model layer. A profile it refuses,
            or one not read from a file, goes through the model as always, so that every
            message is the model's.
    """
    data = document.data
    if isinstance(data, dict) and data and not any(key in PROFILE_FIELDS for key in data):
        # Another kind of file altogether (a docker-compose.yml, a rule pack in a folder of
        # profiles): one line that says so, not a "did you mean" for each of its keys.
        keys = ", ".join(str(key) for key in list(data)[:3])
        raise ProfileError(
            [
                document.diagnostic(
                    (),
                    f"not a workload profile: none of its keys ({keys}"
                    f"{', ...' if len(data) > 3 else ''}) is a profile field",
                    "a profile has volume, structure, latency and users; `advisor init` writes one",
                )
            ]
        )
    if records and document.values and isinstance(data, dict):
        from advisor.profiles.modelcache import record_validator

        validator = record_validator()
        if validator is not None:
            # Refused (the model below says why, with its hints and places), or a cache entry
            # not ours, which may make a run slower, never make it fail: the model reads it.
            try:
                profile: Profile = validator.validate_python(data)
            except Exception:
                pass
            else:
                if isinstance(profile, ProfileRecord):
                    return profile
    from advisor.profiles.modelcache import forget, prepare
    from advisor.profiles.profile import Profile

    cached = prepare()
    try:
        return validate(Profile, document, error=ProfileError, examples=PROFILE_EXAMPLES)
    except ProfileError:
        raise
    except Exception:
        if not cached:
            raise
        # Ours refuse with a ValidationError, never otherwise: read from a cache that someone
        # else wrote. Built afresh from the models, once.
        forget()
        return validate(Profile, document, error=ProfileError, examples=PROFILE_EXAMPLES)


def to_profile(value: ProfileLike) -> Profile:
    """Accept a ``Profile``, a mapping (as in YAML), or a path to a file with one profile.

    Raises:
        ProfileError: The value is not a valid profile, or none of the accepted kinds.
    """
    from advisor.profiles.profile import Profile

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


def _documents(
    text: str, source: str, problems: list[Diagnostic], owners: list[int]
) -> list[Document]:
    try:
        return load_documents(text, source, problems=problems, owners=owners)
    except ProfileError:
        raise
    except InputError as exc:
        raise ProfileError(exc.diagnostics) from None
