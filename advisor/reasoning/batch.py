"""Many profiles in one pass: folders expanded, each profile evaluated as soon as it is read.

A portfolio of workloads is thousands of files. Nothing here keeps a result after handing it on,
so memory stays flat however many there are; and a bad profile is one outcome among the others,
reported with its location, never a reason to drop the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import Diagnostic, InputError, ProfileError
from advisor.profiles.document import read_text
from advisor.profiles.loader import parse_documents

if TYPE_CHECKING:
    from advisor.profiles.profile import Profile
    from advisor.reasoning.recommendation import Recommendation
    from advisor.reasoning.ruleset import RuleSet

# What a folder given as input contributes: its profile files, in name order.
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a profile came from: the file, and which profile in it (counting from 0).

    ``file`` is the name as given (a folder's files as ``folder/name``), or ``<stdin>``.
    """

    file: str
    document: int

    def to_data(self) -> dict[str, Any]:
        """The ``source`` object of recommendation v1 in batch output.

        A file name that is not valid UTF-8 (a Latin-1 name on a UTF-8 system) shows each
        undecodable byte as U+FFFD, as a terminal would: JSON text can only hold characters.
        """
        try:
            raw = self.file.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate no file system gave: from Python itself
            raw = self.file.encode("utf-8", "replace")
        return {"file": raw.decode("utf-8", "replace"), "document": self.document}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One profile's result: its recommendation, or the problems that stopped it.

    A file that cannot be read or parsed at all is one outcome with ``document`` 0 and no
    recommendation.
    """

    source: Source
    recommendation: Recommendation | None
    problems: tuple[Diagnostic, ...] = ()


def profile_files(inputs: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The files ``inputs`` name: a file as given, a folder as its profile files, sorted.

    Only a folder's own files count (not its subfolders'), and only those ending in
    ``.yaml``, ``.yml`` or ``.json``; hidden files (an editor's swap file, a half-written
    temporary) are left out. ``-`` stands for standard input. A name that is neither a file
    nor a folder is kept, so that reading it reports what is wrong with it.
    """
    found: list[str] = []
    for item in inputs:
        name = os.fspath(item)
        if name != STDIN and os.path.isdir(name):
            # An empty folder stays, so that reading it says it holds no profiles.
            found.extend(_folder_files(name) or [name])
        else:
            found.append(name)
    return found


def _folder_files(folder: str) -> list[str]:
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.lower().endswith(PROFILE_SUFFIXES):
                continue
            try:
                # A link whose target is gone counts too: reading it says so.
                regular = entry.is_file() or entry.is_symlink()
            except OSError:
                # A link that loops or cannot be followed: kept, so that reading it reports
                # what is wrong with it, beside the other files.
                regular = True
            if regular:
                names.append(entry.name)
    # By name, bytewise, so that the order is the same on every machine and locale.
    return [str(Path(folder, name)) for name in sorted(names)]


def read_profiles(
    files: Iterable[str], *, records: bool = False
) -> Iterator[tuple[Source, Profile | None, tuple[Diagnostic, ...]]]:
    """Each profile of each file, validated, or the problems found instead, in order.

    With ``records``, each valid profile is a plain record (see
    :func:`advisor.profiles.loader.profile_from_document`).
    """
    for name in files:
        if not name:
            empty = Diagnostic("''", 0, 0, "an empty file name", "name a profile file or a folder")
            yield Source("", 0), None, (empty,)
            continue
        try:
            shown, text = read_text(name)
        except InputError as exc:
            problems = tuple(exc.diagnostics)
            if name != STDIN and os.path.isdir(name):
                # Only a folder with no profile file in it gets here (profile_files).
                kinds = ", ".join(f"*{suffix}" for suffix in PROFILE_SUFFIXES)
                problems = (Diagnostic(name, 0, 0, f"holds no profile files ({kinds})"),)
            yield Source(_shown(name), 0), None, problems
            continue
        try:
            documents, outside = parse_documents(text, shown, records=records)
        except InputError as exc:
            yield Source(shown, 0), None, tuple(exc.diagnostics)
            continue
        if outside:
            # An empty document: said, and the file's profiles still evaluated.
            yield Source(shown, 0), None, tuple(outside)
        for index, item in enumerate(documents):
            if isinstance(item, ProfileError):
                yield Source(shown, index), None, tuple(item.diagnostics)
            else:
                yield Source(shown, index), item, ()


def evaluate_many(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    rules: RuleSet,
    what_if: bool = True,
    vary: Callable[[Profile, Source], Profile] | None = None,
) -> Iterator[Outcome]:
    """Evaluate every profile that ``inputs`` name, one by one, in order.

    Args:
        inputs: Files, folders (their ``*.yaml``, ``*.yml`` and ``*.json``, sorted) and ``-``
            for standard input.
        rules: The compiled rule set.
        what_if: Search for what would change each answer, as ``evaluate(what_if=True)``.
        vary: Applied to each valid profile before it is evaluated (the command line's
            ``KEY=VALUE`` variants); an :class:`~advisor.InputError` it raises becomes that
            profile's problem.

    Yields:
        One :class:`Outcome` per profile, or per file that could not be read. A rule set
        whose results are plain records reads each profile as one too.
    """
    from advisor.reasoning.engine import recommend
    from advisor.reasoning.records import RECORDS

    search = None
    if what_if:
        from advisor.reasoning.sensitivity import with_changes

        search = with_changes
    records = rules.output is RECORDS
    for source, read, problems in read_profiles(profile_files(inputs), records=records):
        if read is None:
            yield Outcome(source, None, problems)
            continue
        profile = read
        if vary is not None:
            try:
                profile = vary(read, source)
            except InputError as exc:
                yield Outcome(source, None, tuple(exc.diagnostics))
                continue
        rec = recommend(profile, rules)
        if search is not None:
            rec = search(rec, rules)
        yield Outcome(source, rec)


def _shown(name: str) -> str:
    return "<stdin>" if name == STDIN else name
