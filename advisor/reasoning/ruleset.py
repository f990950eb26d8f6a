"""Loading rule packs into a compiled rule set the engine can run in microseconds.

Packs are validated (``rulepack``), checked against each other and the declared facts, and
compiled: each condition becomes a small closure over the fact tuple, built from a closed table
of operators. Nothing from a rule file is ever used as code, a pattern or a template: facts and
operators are looked up in fixed tables, values are parsed as sizes, durations, numbers or
declared choices, and everything else is kept as text.

Packs are put in one canonical order (built-in packs first, then by pack id) before anything
depends on their order, so the order of files on the command line or in a folder never changes
a result, an error message or the list of packs in the output.

Parsing YAML with positions is the slowest step of a cold start, so a validated pack is cached
as JSON under the user's cache folder, keyed by the file's SHA-256 and the advisor version.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.cache import read_entry, write_entry
from advisor.errors import Diagnostic, InputError, RulePackError
from advisor.profiles.document import Document, Path_, load_documents, read_text
from advisor.profiles.units import parse_duration, parse_size
from advisor.reasoning.citation import claim_range, split_claim
from advisor.reasoning.facts import FACT_INDEX, FACTS_BY_NAME, NUMERIC_KINDS, Fact, FactValues
from advisor.reasoning.operators import OPS
from advisor.reasoning.records import OutputTypes, assemble
from advisor.spelling import suggest

if TYPE_CHECKING:
    from advisor.reasoning.recommendation import PackInfo, Reason

Test = Callable[[FactValues], bool]
# A test of one fact as compiled: its position in the fact tuple, the operator, and the value it
# compares with (read in the fact's own terms).
Atom = tuple[int, str, Any]
# Bump when the validated form of a pack changes, so stale cache entries are not read.
# A built-in pack's precompiled form, shipped beside it: not a pack of its own.
COMPILED_SUFFIX = ".compiled.json"
DECISIONS = ("storage", "pipeline")


# Rules in one pack, at most: ten times the built-in pack's knowledge a hundred times over.
MAX_RULES = 10_000


def builtin_rules_dir() -> Path:
    """The folder of built-in packs: inside the installed package, or the checkout's ``rules/``."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


@dataclass(frozen=True, slots=True)
class Option:
    """An option of a decision.

    Attributes:
        continuous: A pipeline option that runs all the time (a stream): it has no cadence.
        cadence_max: For a scheduled pipeline option, the longest interval between runs.
        covers: Options of the same decision this one includes (a lakehouse covers a lake).
        moves: False for the pipeline answer "nothing needs to move": it has no cadence.
    """

    id: str
    title: str
    summary: str | None
    decision: str
    continuous: bool = False
    cadence_max: float | None = None
    covers: tuple[str, ...] = ()
    moves: bool = True


@dataclass(frozen=True, slots=True)
class TieBreak:
    """How a decision settles a tie at the top: options in order of preference, and why."""

    prefer: tuple[str, ...]
    because: str


class CompiledRule(NamedTuple):
    """A rule ready to run, with its reasons prepared once.

    A named tuple, not a dataclass: a pack of ten thousand rules builds ten thousand of them on
    every cold start, and a tuple is built in a third of the time.
    """

    id: str
    title: str
    rationale: str
    sources: tuple[str, ...]
    pack: str
    criterion: str
    when: dict[str, Any]
    effects: dict[str, Any]
    test: Test
    scores: tuple[tuple[str, int, Reason], ...]
    eliminates: tuple[tuple[str, Reason], ...]
    requires: tuple[tuple[str, Reason], ...]
    complements: tuple[tuple[str, Reason], ...]
    cadence: float | None
    warn: str | None
    # The positions in the fact tuple its condition reads: a search that varies some facts
    # need only test again the rules that read them.
    reads: frozenset[int] = frozenset()
    # For a condition that is a list of two or more plain tests (``all``), each test compiled
    # on its own: which of them fail says how nearly the rule fired.
    parts: tuple[Test, ...] = ()
    # Each test of one fact in the condition, in the order written, with its value as compared.
    atoms: tuple[Atom, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedPack:
    """A pack as loaded: its data (validated) and where it came from.

    Attributes:
        sha256: Of the file's text as UTF-8 (the file's bytes, for a file without a BOM).
        builtin: Shipped with the advisor; built-in packs come first in the canonical order.
    """

    id: str
    version: str
    sha256: str
    path: str
    data: dict[str, Any]
    builtin: bool = False
    # What validated of a broken pack has lost its invalid rules and tests: for each, the
    # index in the file of every item kept, so that problems are placed at their own lines.
    renumbered: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    from_cache: bool = False  # its data came from the user's cache, not from reading it


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs: decisions, options in order, compiled rules, packs."""

    decisions: dict[str, tuple[Option, ...]]
    decision_titles: dict[str, str]
    rules: tuple[CompiledRule, ...]
    packs: tuple[LoadedPack, ...]
    sources: dict[str, dict[str, Any]]
    tie_breaks: dict[str, TieBreak]
    # The classes its results are made of: the pydantic models, or the fast path's records.
    output: OutputTypes

    @cached_property
    def pack_infos(self) -> tuple[PackInfo, ...]:
        """The packs as the recommendation reports them, built once per rule set."""
        return tuple(
            assemble(self.output.PackInfo, id=p.id, version=p.version, sha256=p.sha256)
            for p in self.packs
        )

    @cached_property
    def tests(self) -> tuple[Test, ...]:
        """Each rule's test, in rule order: what the engine runs for every profile."""
        return tuple(rule.test for rule in self.rules)

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """Every option of every decision."""
        return tuple(option.id for options in self.decisions.values() for option in options)

    @cached_property
    def tie_order(self) -> dict[str, dict[str, int]]:
        """Per decision, each option's place in its tie-break (unlisted options after, by id)."""
        order: dict[str, dict[str, int]] = {}
        for decision, options in self.decisions.items():
            declared = self.tie_breaks.get(decision)
            prefer = declared.prefer if declared else ()
            rest = sorted(o.id for o in options if o.id not in prefer)
            order[decision] = {option: index for index, option in enumerate((*prefer, *rest))}
        return order

    @cached_property
    def thresholds(self) -> dict[int, tuple[float, ...]]:
        """Per numeric fact (by position), every value a rule compares it with, sorted.

        Between two of these a fact can move as it likes without changing any rule's verdict:
        the search for what would change an answer uses them to skip work.
        """
        numeric = {FACT_INDEX[f.name] for f in FACTS_BY_NAME.values() if f.kind in NUMERIC_KINDS}
        found: dict[int, set[float]] = {}
        for rule in self.rules:
            for index, _, value in rule.atoms:
                if index in numeric:
                    found.setdefault(index, set()).add(float(value))
        return {index: tuple(sorted(values)) for index, values in sorted(found.items())}

    @cached_property
    def alone(self) -> tuple[tuple[tuple[str, int], ...] | None, ...]:
        """Per rule (by position), its score changes if no other rule shares a count with it.

        A criterion counts once per option (its largest change); a rule that is the only one
        judging its criterion for each option it scores adds its changes as they are (``None``
        for the others). The scorer of the search adds these directly: packs of thousands of
        rules are mostly such.
        """
        keys = Counter(
            (rule.criterion, option) for rule in self.rules for option, _, _ in rule.scores
        )
        found: list[tuple[tuple[str, int], ...] | None] = []
        for rule in self.rules:
            changes: tuple[tuple[str, int], ...] | None = tuple(
                [(option, delta) for option, delta, _ in rule.scores]
            )
            for option, _, _ in rule.scores:
                if keys[(rule.criterion, option)] != 1:
                    changes = None
                    break
            found.append(changes)
        return tuple(found)

    @cached_property
    def reading(self) -> dict[int, tuple[int, ...]]:
        """Per fact (by position), the rules (by position) whose condition reads it."""
        found: dict[int, list[int]] = {}
        for order, rule in enumerate(self.rules):
            for index in rule.reads:
                found.setdefault(index, []).append(order)
        return {index: tuple(orders) for index, orders in found.items()}

    @cached_property
    def _options(self) -> dict[str, Option]:
        return {option.id: option for group in self.decisions.values() for option in group}

    def option(self, option_id: str) -> Option:
        """The option with this id, in whichever decision holds it.

        Raises:
            KeyError: No decision has this option.
        """
        return self._options[option_id]

    @cached_property
    def _rules_by_id(self) -> dict[str, CompiledRule]:
        return {rule.id: rule for rule in self.rules}

    def rule(self, rule_id: str) -> CompiledRule:
        """The rule with this id.

        Raises:
            KeyError: No rule has this id.
        """
        return self._rules_by_id[rule_id]


def pack_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand files and folders (every ``*.yaml``, ``*.yml``, ``*.json`` inside) in sorted order."""
    files: list[Path] = []
    for raw in paths:
        if not str(raw).strip():
            # Path("") is the working folder: an empty argument must not load every file there.
            raise RulePackError(
                [Diagnostic("<rules>", 0, 0, "an empty path names no rule pack file or folder")]
            )
        path = Path(raw)
        try:
            kind = "dir" if path.is_dir() else "file" if path.exists() else None
        except (OSError, ValueError) as exc:  # a name too long, or holding NUL
            raise RulePackError(
                [Diagnostic(str(path), 0, 0, f"cannot be read as a rule pack ({exc})")]
            ) from None
        if kind == "dir":
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix in {".yaml", ".yml", ".json"} and not p.name.endswith(COMPILED_SUFFIX)
            )
            if not found:
                raise RulePackError(
                    [Diagnostic(str(path), 0, 0, "folder holds no rule packs (*.yaml)")]
                )
            files.extend(found)
        elif kind == "file":
            files.append(path)
        else:
            raise RulePackError([Diagnostic(str(path), 0, 0, "no such rule pack file or folder")])
    return files


def load_rules(
    extra: Sequence[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    cache: bool = True,
    output: OutputTypes | None = None,
) -> RuleSet:
    """Load the built-in packs and any ``extra`` packs (files or folders) into a rule set.

    Args:
        extra: User packs to add, as files or folders.
        builtin: Include the packs shipped with the advisor.
        cache: Use (and fill) the cache of validated packs.
        output: The classes results are made of; ``None`` for the pydantic models of
            recommendation v1 (the command line's fast path passes its plain records).

    Raises:
        RulePackError: With every problem found, located.
    """
    files = [(file, True) for file in (pack_files([builtin_rules_dir()]) if builtin else [])]
    files += [(file, False) for file in pack_files(extra)]
    with _no_collection():
        cached: list[str] = []  # the packs read from the cache
        try:
            return _load_files(
                files, read_cache=cache, write_cache=cache, cached=cached, output=output
            )
        except (RulePackError, KeyError, TypeError, ValueError, AttributeError, IndexError):
            if not cached:
                raise  # every pack was read from its file: reading again would say the same
            # Perhaps a cache entry that is not what this version wrote (edited, truncated, an
            # older shape under the same version during development): read the packs
            # themselves, so that problems are reported from the files, and write the cache
            # again.
            return _load_files(files, read_cache=False, write_cache=True, output=output)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while a rule set is built.

    Loading allocates many long-lived objects and frees almost none, which is the worst case
    for Python's collector: with ten thousand rules it spent more time scanning than loading.
    (The command line also freezes what it loaded, see :mod:`advisor.cli.runner`; a library must
    not, since ``gc.freeze`` would keep the embedding program's garbage too.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_files(
    files: Sequence[tuple[Path, bool]],
    *,
    read_cache: bool,
    write_cache: bool,
    cached: list[str] | None = None,
    output: OutputTypes | None = None,
) -> RuleSet:
    packs: list[LoadedPack] = []
    problems: list[Diagnostic] = []
    salvaged: list[LoadedPack] = []
    broken: set[str] = set()
    for file, shipped in files:
        try:
            packs.append(_load_pack(file, read_cache, write_cache, builtin=shipped))
            if cached is not None and packs[-1].from_cache:
                cached.append(packs[-1].path)
        except _PackInvalidError as exc:
            problems.extend(exc.diagnostics)
            if exc.salvage is not None:
                data, names, renumbered = exc.salvage
                source = exc.diagnostics[0].source
                salvaged.append(
                    LoadedPack(data["pack"], data["version"], "", source, data, shipped, renumbered)
                )
                broken |= names
        except InputError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        problems += _later_problems([*packs, *salvaged], broken, problems)
        files_at = {str(source): n for n, (source, _) in enumerate(files)}
        problems.sort(key=lambda d: (files_at.get(d.source, len(files_at)), d.line, d.col))
        raise RulePackError(problems)
    # Checking every rule against every pack is most of the work of loading a large pack. The
    # same packs (by content) with the same advisor always check the same, so a combination
    # that checked clean once is remembered in the cache, beside the packs themselves.
    verdict = _verdict(packs) if any(not pack.builtin for pack in packs) else None
    checked = bool(verdict and read_cache and read_entry(verdict, "rules") == _CHECKED)
    ruleset = build_ruleset(packs, checked=checked, output=output)
    if verdict and write_cache and not checked:
        write_entry(verdict, _CHECKED, "rules")
    return ruleset


_CHECKED = {"checked": True}


def _later_problems(
    packs: Sequence[LoadedPack], broken: set[str], found: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """The problems the checks across packs find in what did validate, not found already.

    Names that an invalid part declared count as known: that part's own error says enough.
    """
    try:
        build_ruleset(packs, known=frozenset(broken))
    except RulePackError as exc:
        seen = set(found)
        later = []
        for diagnostic in exc.diagnostics:
            if diagnostic not in seen:
                seen.add(diagnostic)
                later.append(diagnostic)
        return later
    return []


def _verdict(packs: Sequence[LoadedPack]) -> str:
    """The key of a combination of packs: their contents, in canonical order."""
    parts = [[p.sha256, p.builtin, p.path] for p in canonical_order(packs)]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _load_pack(
    file: Path, read_cache: bool, write_cache: bool, *, builtin: bool = False
) -> LoadedPack:
    source, text = read_text(file)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if builtin:
        # A built-in pack never goes through the user's cache: it is read precompiled from the
        # package itself when that matches the file, or checked here and now.
        data = _shipped(file, digest) or _validate_pack(text, source)
        return LoadedPack(data["pack"], data["version"], digest, source, data, builtin)
    cached = read_entry(digest) if read_cache else None
    if cached is None:
        data = _validate_pack(text, source)
        if write_cache:
            write_entry(digest, data)
    else:
        data = cached
    pack = LoadedPack(data["pack"], data["version"], digest, source, data, builtin)
    return replace(pack, from_cache=cached is not None)


def compiled_pack(text: str, source: str) -> str:
    """The precompiled form of a built-in pack, shipped beside it (``core.compiled.json``).

    It holds the pack's validated data and the SHA-256 of the text it was made from, so that
    an edited pack is never read in its old form. ``python -m advisor.reasoning.ruleset`` writes it.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = _validate_pack(text, source)
    return json.dumps({"sha256": digest, "pack": data}, indent=1, ensure_ascii=False) + "\n"


def _shipped(file: Path, digest: str) -> dict[str, Any] | None:
    try:
        stored = json.loads(file.with_name(file.stem + COMPILED_SUFFIX).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("sha256") != digest:
        return None
    pack = stored.get("pack")
    return pack if isinstance(pack, dict) else None


def _validate_pack(text: str, source: str) -> dict[str, Any]:
    from advisor.profiles.validation import validate
    from advisor.reasoning.rulepack import RulePack

    documents = load_documents(text, source)
    if len(documents) != 1:
        raise RulePackError([Diagnostic(source, 1, 1, "a rule pack file holds one YAML document")])
    rules = documents[0].data.get("rules") if isinstance(documents[0].data, dict) else None
    if isinstance(rules, list) and len(rules) > MAX_RULES:
        # Refused before any rule is checked: checking each of a million would take minutes.
        line, col = documents[0].locate(("rules",), key=True)
        raise RulePackError(
            [
                Diagnostic(
                    source,
                    line,
                    col,
                    f"{len(rules)} rules in one pack; a pack holds at most {MAX_RULES}",
                    "split the rules over several packs, in one folder that is loaded whole",
                )
            ]
        )
    try:
        pack = validate(RulePack, documents[0], error=RulePackError)
    except RulePackError as exc:
        raise _PackInvalidError(exc.diagnostics, _salvage(documents[0].data)) from None
    data: dict[str, Any] = pack.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


class _PackInvalidError(RulePackError):
    """A pack that does not validate, with what of it does (to check the rest at once).

    Attributes:
        salvage: The pack without its invalid parts, and the names those parts declared; or
            ``None`` when nothing could be kept.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], salvage: Salvage | None) -> None:
        super().__init__(diagnostics)
        self.salvage = salvage


# Parts of a pack that stand alone: an invalid one is left out and the rest checked further.
_PARTS = ("rules", "tests", "sources", "decisions")
# A pack's own fields that other checks need, and stand-ins for invalid ones.
_STAND_INS = {"pack": "invalid", "version": "0.0.0"}


class Salvage(NamedTuple):
    """What validated of a broken pack."""

    data: dict[str, Any]  # the pack without its invalid parts, validated
    known: set[str]  # names the invalid parts declared (rule ids, sources, options)
    renumbered: dict[str, tuple[int, ...]]  # see LoadedPack.renumbered


def _salvage(data: Any) -> Salvage | None:
    """``data`` less the parts that fail validation, and the names those parts declared.

    So that one reading of a broken pack reports its invalid parts together with the problems
    of the valid ones (unknown facts, options, claims), instead of one round at a time.
    """
    from pydantic import ValidationError

    from advisor.reasoning.rulepack import RulePack

    if not isinstance(data, dict):
        return None
    pruned = dict(data)
    broken: set[str] = set()
    # Lists are numbered as in the file, and keep those numbers as items are left out.
    numbered = [part for part in ("rules", "tests") if isinstance(pruned.get(part), list)]
    for part in numbered:
        pruned[part] = dict(enumerate(pruned[part]))
    for _ in range(3):  # a stand-in or a removal fixes each error it meets
        as_lists = {p: list(v.values()) if p in numbered else v for p, v in pruned.items()}
        try:
            pack = RulePack.model_validate(as_lists)
        except ValidationError as exc:
            locations = [_in_file(error["loc"], pruned, numbered) for error in exc.errors()]
            if not _prune(pruned, locations, broken):
                return None
            continue
        renumbered = {part: tuple(pruned[part]) for part in numbered}
        dumped = pack.model_dump(mode="json", by_alias=True, exclude_none=True)
        return Salvage(dumped, broken, renumbered)
    return None


def _in_file(loc: tuple[Any, ...], pruned: dict[str, Any], numbered: list[str]) -> tuple[Any, ...]:
    """A location in the validated lists as a location among the file's numbered items."""
    if len(loc) > 1 and loc[0] in numbered and isinstance(loc[1], int):
        numbers = list(pruned[loc[0]])
        if loc[1] < len(numbers):
            return (loc[0], numbers[loc[1]], *loc[2:])
    return loc


def _prune_at(data: dict[str, Any], loc: tuple[Any, ...], drop: dict[str, set[Any]]) -> bool | None:
    """Mark the part at ``loc`` to leave out, or give it a stand-in: whether ``data`` changed.

    ``None`` when nothing can be done about it.
    """
    head = loc[0] if loc else None
    if head in _PARTS and len(loc) > 1 and isinstance(data.get(head), dict):
        drop[head].add(loc[1])
        return False
    if head in _PARTS and data.get(head):  # not a list or mapping at all: left out whole
        data[head] = [] if head in ("rules", "tests") else {}
        return True
    if head in _STAND_INS and (head not in data or data[head] != _STAND_INS[head]):
        data[head] = _STAND_INS[head]
        return True
    if head in data and head not in _STAND_INS and head not in _PARTS:
        del data[head]
        return True
    return None


def _prune(data: dict[str, Any], locations: list[tuple[Any, ...]], broken: set[str]) -> bool:
    """Leave out each location's part (or give it a stand-in); whether anything changed."""
    drop: dict[str, set[Any]] = {part: set() for part in _PARTS}
    changed = False
    for loc in locations:
        done = _prune_at(data, loc, drop)
        if done is None:
            return False  # a problem no leaving out can fix
        changed |= done
    for part, keys in drop.items():
        if not keys:
            continue
        items = data[part]
        gone = [items[k] for k in keys if k in items]
        if part in ("sources", "decisions"):
            broken.update(str(k) for k in keys)
        data[part] = {k: v for k, v in items.items() if k not in keys}
        for item in gone:  # what a left-out part declared is known, if not checked
            if isinstance(item, dict):
                broken.update(str(v) for k, v in item.items() if k in {"id", "name"})
                options = item.get("options")
                if isinstance(options, dict):
                    broken.update(str(o) for o in options)
        changed = True
    return changed


# -- checking packs against each other and against the declared facts -----------------------


class Locator:
    """Finds positions in a pack's file, loading it again only when a problem needs one."""

    def __init__(self, pack: LoadedPack) -> None:
        self.pack = pack
        self._document: Document | None = None

    def at(
        self, path: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        """A diagnostic at ``path`` in the pack's file (at its key, with ``key``)."""
        if self._document is None:
            try:
                _, text = read_text(self.pack.path)
                self._document = load_documents(text, self.pack.path)[0]
            except InputError:
                self._document = Document(None, self.pack.path)
        kept = self.pack.renumbered.get(str(path[0])) if path else None
        if kept is not None and len(path) > 1 and isinstance(path[1], int):
            path = (path[0], kept[path[1]], *path[2:])
        return self._document.diagnostic(path, message, hint, key=key)


def canonical_order(packs: Sequence[LoadedPack]) -> list[LoadedPack]:
    """Packs in the order everything else relies on: built-in first, then by id and path."""
    return sorted(packs, key=lambda pack: (not pack.builtin, pack.id, pack.path))


def build_ruleset(
    packs: Sequence[LoadedPack],
    *,
    checked: bool = False,
    known: frozenset[str] | None = None,
    output: OutputTypes | None = None,
) -> RuleSet:
    """Check packs against each other and the facts, then compile them.

    Packs are taken in canonical order (:func:`canonical_order`), whatever order they come in.
    With ``checked``, these very packs are known to have checked clean before: each rule's
    own checks (facts, operators, values, options, citations) are not run again.

    With ``known``, the packs are what validated of broken ones, checked only for their
    problems: the names in ``known`` (declared by parts left out) are not unknown, and nothing
    is compiled.

    ``output`` is the classes results are made of (``None``: the pydantic models).

    Raises:
        RulePackError: Unknown options, facts, operators, sources or claims; duplicate ids;
            sources declared twice differently; pack tests naming unknown options or rules.
    """
    if output is None:
        from advisor.reasoning.recommendation import MODELS

        output = MODELS
    build = _Build(canonical_order(packs), known, output)
    build.accept_packs()
    build.check_decisions()
    tie_breaks = build.check_options()
    compiled = build.compile_rules(checked)
    build.check_tests()
    if build.problems:
        raise RulePackError(build.problems)
    compiled.sort(key=lambda rule: rule.id)
    return RuleSet(
        decisions={d: tuple(build.decisions[d]) for d in DECISIONS},
        decision_titles={d: build.titles.get(d, d) for d in DECISIONS},
        rules=tuple(compiled),
        packs=tuple(build.accepted),
        sources=build.sources,
        tie_breaks=tie_breaks,
        output=output,
    )


class _Build:
    """The state of checking and compiling packs, step by step (see :func:`build_ruleset`)."""

    def __init__(
        self, packs: list[LoadedPack], known: frozenset[str] | None, output: OutputTypes
    ) -> None:
        self.packs = packs
        self.known = known
        self.output = output
        self.problems: list[Diagnostic] = []
        self.locators = {pack.path: Locator(pack) for pack in packs}
        self.decisions: dict[str, list[Option]] = {}
        self.titles: dict[str, str] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.source_at: dict[str, str] = {}
        self.option_at: dict[str, str] = {}
        self.accepted: list[LoadedPack] = []
        self.options: dict[str, Option] = {}
        self.rule_at: dict[str, str] = {}

    def accept_packs(self) -> None:
        """Each pack once; its sources, unless declared differently before; its options."""
        seen: dict[str, str] = {}
        for pack in self.packs:
            where = self.locators[pack.path]
            if pack.id in seen:
                message = f"pack {pack.id!r} is loaded twice"
                self.problems.append(where.at(("pack",), message, f"also in {seen[pack.id]}"))
                continue
            seen[pack.id] = pack.path
            self.accepted.append(pack)
            self._add_sources(pack, where)
            self.problems += _declare_options(
                pack, where, self.decisions, self.titles, self.option_at
            )

    def _add_sources(self, pack: LoadedPack, where: Locator) -> None:
        for name, spec in pack.data.get("sources", {}).items():
            if name in self.sources and self.sources[name] != spec:
                self.problems.append(
                    where.at(
                        ("sources", name),
                        f"source {name!r} is already declared differently",
                        f"in {self.source_at[name]}; cite it without declaring it again",
                        key=True,
                    )
                )
                continue
            self.sources.setdefault(name, spec)
            self.source_at.setdefault(name, pack.path)

    def check_decisions(self) -> None:
        """Every decision has options (unless a part left out declared them)."""
        for decision_id in DECISIONS:
            if self.decisions.get(decision_id) or (self.known and decision_id in self.known):
                continue
            message = f"no pack declares the options of the {decision_id!r} decision"
            self.problems.append(Diagnostic("<rules>", 0, 0, message))

    def check_options(self) -> dict[str, TieBreak]:
        """What options cover, and each decision's tie-break."""
        self.options = {o.id: o for group in self.decisions.values() for o in group}
        self.problems += _cover_problems(self.accepted, self.locators, self.options)
        tie_breaks, found = _tie_breaks(self.accepted, self.locators, self.options)
        self.problems += found
        return tie_breaks

    def compile_rules(self, checked: bool) -> list[CompiledRule]:
        """Each rule checked (unless ``checked``) and compiled; a rule id only once."""
        compiled: list[CompiledRule] = []
        for pack in self.accepted:
            where = self.locators[pack.path]
            for index, rule in enumerate(pack.data.get("rules", [])):
                base: Path_ = ("rules", index)
                if rule["id"] in self.rule_at:
                    first = f"first defined in {self.rule_at[rule['id']]}"
                    message = f"duplicate rule id {rule['id']!r}"
                    self.problems.append(where.at((*base, "id"), message, first))
                    continue
                self.rule_at[rule["id"]] = pack.path
                found = (
                    []
                    if checked
                    else _check_rule(
                        rule, base, where, self.options, self.sources, known=self.known
                    )
                )
                self.problems += found
                if not found and self.known is None:
                    compiled.append(_compile_rule(rule, pack.id, self.output))
        return compiled

    def check_tests(self) -> None:
        """Each pack test's name once in its pack; the options and rules it names exist."""
        choices = {d: tuple(o.id for o in self.decisions.get(d, ())) for d in DECISIONS}
        known = self.known or frozenset()
        for pack in self.accepted:
            where = self.locators[pack.path]
            names: dict[str, int] = {}
            for index, test in enumerate(pack.data.get("tests", [])):
                if test["name"] in names:
                    first = names[test["name"]]
                    self.problems.append(
                        where.at(
                            ("tests", index, "name"),
                            f"duplicate test name {test['name']!r}",
                            f"first used by test {first + 1} of this pack; give each test its "
                            "own name",
                        )
                    )
                names.setdefault(test["name"], index)
                self.problems += [
                    where.at(("tests", index, "expect", *path), message, hint)
                    for path, message, hint in expectation_problems(
                        test["expect"], choices, self.rule_at
                    )
                    # A name a left-out part declared is not unknown (nor offered in a hint).
                    if test["expect"][path[0]][path[1]] not in known
                ]


def _declare_options(
    pack: LoadedPack,
    where: Locator,
    decisions: dict[str, list[Option]],
    titles: dict[str, str],
    option_at: dict[str, str],
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for decision_id, decision in pack.data.get("decisions", {}).items():
        if decision_id not in DECISIONS:
            problems.append(
                where.at(
                    ("decisions", decision_id),
                    f"unknown decision {decision_id!r}",
                    suggest(decision_id, DECISIONS) or "decisions are: storage, pipeline",
                    key=True,
                )
            )
            continue
        if "title" in decision:
            titles.setdefault(decision_id, decision["title"])
        for option_id, spec in decision["options"].items():
            at: Path_ = ("decisions", decision_id, "options", option_id)
            if option_id in option_at:
                problems.append(
                    where.at(
                        at,
                        f"option {option_id!r} is already declared",
                        f"first declared in {option_at[option_id]}",
                        key=True,
                    )
                )
                continue
            if decision_id != "pipeline" and (
                spec.get("continuous") or "cadence_max" in spec or spec.get("moves") is False
            ):
                problems.append(
                    where.at(
                        at, "only pipeline options have continuous, cadence_max or moves", key=True
                    )
                )
                # Declared all the same, so rules that name it raise no second error.
            option_at[option_id] = pack.path
            decisions.setdefault(decision_id, []).append(
                Option(
                    option_id,
                    spec["title"],
                    spec.get("summary"),
                    decision_id,
                    bool(spec.get("continuous", False)),
                    spec.get("cadence_max"),
                    tuple(sorted(set(spec.get("covers", [])))),
                    bool(spec.get("moves", True)),
                )
            )
    return problems


def _cover_problems(
    packs: Sequence[LoadedPack], locators: dict[str, Locator], options: dict[str, Option]
) -> list[Diagnostic]:
    """``covers`` may only name other options of the same decision."""
    problems: list[Diagnostic] = []
    for pack in packs:
        for decision_id, decision in pack.data.get("decisions", {}).items():
            for option_id, spec in decision["options"].items():
                for index, covered in enumerate(spec.get("covers", [])):
                    known = options.get(covered)
                    if known is None or known.decision != decision_id or covered == option_id:
                        same = [
                            o
                            for o, v in options.items()
                            if v.decision == decision_id and o != option_id
                        ]
                        at = ("decisions", decision_id, "options", option_id, "covers", index)
                        problems.append(
                            locators[pack.path].at(
                                at,
                                f"{option_id!r} cannot cover {covered!r}",
                                suggest(covered, same)
                                or f"covers names other options of {decision_id}: "
                                + ", ".join(same),
                            )
                        )
    return problems


def _tie_breaks(
    packs: Sequence[LoadedPack], locators: dict[str, Locator], options: dict[str, Option]
) -> tuple[dict[str, TieBreak], list[Diagnostic]]:
    """Each decision's tie-break.

    A user's pack replaces the built-in preference (a team may rather have the lakehouse on a
    tie); two user packs that declare different ones for a decision are an error, since which
    should win would depend only on their names.
    """
    found: dict[str, TieBreak] = {}
    declared_by: dict[str, LoadedPack] = {}
    problems: list[Diagnostic] = []
    for pack in packs:
        for decision_id, decision in pack.data.get("decisions", {}).items():
            spec = decision.get("tie_break")
            if spec is None or decision_id not in DECISIONS:
                continue
            same = [o for o, v in options.items() if v.decision == decision_id]
            bad = False
            for index, option_id in enumerate(spec["prefer"]):
                if option_id not in same:
                    bad = True
                    problems.append(
                        locators[pack.path].at(
                            ("decisions", decision_id, "tie_break", "prefer", index),
                            f"{option_id!r} is not an option of {decision_id}",
                            suggest(option_id, same) or _listing("options", same),
                        )
                    )
            if bad:
                continue
            tie_break = TieBreak(tuple(spec["prefer"]), spec["because"])
            earlier = declared_by.get(decision_id)
            if earlier is not None and not earlier.builtin and found[decision_id] != tie_break:
                problems.append(
                    locators[pack.path].at(
                        ("decisions", decision_id, "tie_break"),
                        f"pack {earlier.id!r} already declares another tie_break for {decision_id}",
                        f"in {earlier.path}; keep one of them",
                        key=True,
                    )
                )
                continue
            found[decision_id] = tie_break
            declared_by[decision_id] = pack
    return found, problems


Problem = tuple[Path_, str, str | None]


def _listing(what: str, names: Iterable[str]) -> str:
    """``options are: a, b`` for a hint, or what to do when there are none at all."""
    listed = ", ".join(names)
    if not listed:
        return f"no pack declares any {what}; declare them under `decisions:`"
    return f"{what} are: {listed}"


def expectation_problems(
    expect: dict[str, Any],
    choices: dict[str, tuple[str, ...]],
    rule_ids: Collection[str],
) -> list[Problem]:
    """Options and rule ids a test expectation names that do not exist.

    A test that expects an unknown rule *not* to fire would pass for ever; so would one that
    excludes an option nobody declares. Both are reported as errors instead.

    Args:
        expect: A validated ``TestExpect`` as plain data.
        choices: Option ids of each decision.
        rule_ids: Every rule id in the rule set (a set or a mapping: each test of a pack of
            thousands of rules looks its names up).

    Returns:
        ``(path inside expect, message, hint)`` for each problem.
    """
    every = [option for group in choices.values() for option in group]
    problems: list[Problem] = []

    def check(key: str, allowed: Sequence[str], what: str) -> None:
        for index, item in enumerate(expect.get(key) or []):
            if item not in allowed:
                hint = suggest(item, allowed) or _listing(what, allowed)
                problems.append(((key, index), f"unknown {what[:-1]} {item!r}", hint))

    check("storage", choices.get("storage", ()), "storage options")
    check("pipeline", choices.get("pipeline", ()), "pipeline options")
    check("includes", every, "options")
    check("excludes", every, "options")
    for key in ("fires", "not_fires"):
        for index, item in enumerate(expect.get(key) or []):
            if item not in rule_ids:
                hint = suggest(item, sorted(rule_ids)) or "see `advisor rules list`"
                problems.append(((key, index), f"unknown rule {item!r}", hint))
    return problems


def _check_rule(
    rule: dict[str, Any],
    base: Path_,
    where: Locator,
    options: dict[str, Option],
    sources: dict[str, Any],
    *,
    known: frozenset[str] | None = None,
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    known = known or frozenset()
    for index, citation in enumerate(rule["sources"]):
        name, _, claim = citation.partition(":")
        if name in known:
            continue
        if name not in sources:
            problems.append(
                where.at(
                    (*base, "sources", index),
                    f"unknown source {name!r}",
                    suggest(name, sources) or "declare it under `sources:` in a pack",
                )
            )
            continue
        message = _claim_problem(name, claim, sources[name])
        if message:
            problems.append(where.at((*base, "sources", index), message))
    problems.extend(_check_condition(rule["when"], (*base, "when"), where))
    effects = rule["effects"]
    for option_id in effects.get("score", {}):
        if option_id not in options and option_id not in known:
            problems.append(
                where.at(
                    (*base, "effects", "score", option_id),
                    f"unknown option {option_id!r}",
                    suggest(option_id, options) or _listing("options", options),
                    key=True,
                )
            )
    for kind in ("eliminate", "require", "complement"):
        for index, option_id in enumerate(effects.get(kind, [])):
            if option_id not in options and option_id not in known:
                problems.append(
                    where.at(
                        (*base, "effects", kind, index),
                        f"unknown option {option_id!r}",
                        suggest(option_id, options) or _listing("options", options),
                    )
                )
    return problems


def _claim_problem(name: str, claim: str, source: dict[str, Any]) -> str | None:
    """Why ``name:claim`` cites nothing the source declares, or ``None`` when it is fine."""
    declared = source.get("claims")
    if not claim or not declared:
        return None
    bounds = claim_range(declared)
    parsed = split_claim(claim)
    if bounds is None or (
        parsed is not None and parsed[0] == bounds[0] and bounds[1] <= parsed[1] <= bounds[2]
    ):
        return None
    return f"{name} has no claim {claim!r}; its claims are {declared}"


def _check_condition(condition: dict[str, Any], path: Path_, where: Locator) -> list[Diagnostic]:
    for group in ("all", "any"):
        if group in condition:
            return [
                problem
                for index, part in enumerate(condition[group])
                for problem in _check_condition(part, (*path, group, index), where)
            ]
    if "not" in condition:
        return _check_condition(condition["not"], (*path, "not"), where)
    name = condition["fact"]
    fact = FACTS_BY_NAME.get(name)
    if fact is None:
        return [
            where.at(
                (*path, "fact"),
                f"unknown fact {name!r}",
                suggest(name, FACTS_BY_NAME) or f"facts are: {', '.join(FACTS_BY_NAME)}",
            )
        ]
    op = condition["op"]
    if op not in fact.operators:
        kind = fact.kind if fact.kind != "choice" or fact.ordered else "unordered choice"
        return [
            where.at(
                (*path, "op"),
                f"operator {op!r} does not apply to {kind} fact {name!r}",
                f"use one of: {', '.join(fact.operators)}",
            )
        ]
    try:
        fact_value(fact, op, condition.get("value"))
    except ValueError as exc:
        return [where.at((*path, "value"), str(exc))]
    return []


def fact_value(fact: Fact, op: str, value: Any) -> Any:
    """A rule's value, read in the fact's own terms (bytes, seconds, positions, sets)."""
    if OPS[op].many:
        if not isinstance(value, list) or not value:
            raise ValueError(f"{op} needs a non-empty list of values")
        return frozenset(_one_value(fact, item) for item in value)
    if isinstance(value, list):
        raise ValueError(f"{op} compares with one value, not a list")
    return _one_value(fact, value)


def _one_value(fact: Fact, value: Any) -> Any:
    if fact.kind == "size":
        return parse_size(value)
    if fact.kind == "duration":
        return parse_duration(value)
    if fact.kind in {"number", "share"}:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{fact.name} is a number; expected a number, found {value!r}")
        return value
    if value not in fact.choices:
        hint = suggest(value, fact.choices)
        raise ValueError(
            f"{value!r} is not a value of {fact.name} ({', '.join(fact.choices)})"
            + (f"; {hint}" if hint else "")
        )
    return fact.choices.index(value) if fact.ordered and fact.kind == "choice" else value


# -- compiling -------------------------------------------------------------------------------


def compile_condition(condition: dict[str, Any], atoms: list[Atom] | None = None) -> Test:
    """A closure testing ``condition`` against a fact tuple (the condition must be checked).

    Args:
        condition: The checked condition.
        atoms: Where to note each test of one fact, as it is read (the value parsed once).
    """
    if "all" in condition:
        return _all_of(tuple(compile_condition(part, atoms) for part in condition["all"]))
    if "any" in condition:
        parts = tuple(compile_condition(part, atoms) for part in condition["any"])
        if len(parts) == 1:
            return parts[0]

        # Plain loops, not all()/any() over generators: this is the engine's innermost work,
        # and a generator costs more than the comparisons it drives.
        def some(values: FactValues) -> bool:
            for part in parts:  # noqa: SIM110
                if part(values):
                    return True
            return False

        return some
    if "not" in condition:
        inner = compile_condition(condition["not"], atoms)
        return lambda values: not inner(values)
    fact = FACTS_BY_NAME[condition["fact"]]
    index = FACT_INDEX[fact.name]
    test = OPS[condition["op"]].test
    want = fact_value(fact, condition["op"], condition.get("value"))
    if atoms is not None:
        atoms.append((index, condition["op"], want))
    return lambda values: test(values[index], want)


def _all_of(parts: tuple[Test, ...]) -> Test:
    if len(parts) == 1:
        return parts[0]

    def every(values: FactValues) -> bool:
        for part in parts:  # noqa: SIM110 - see compile_condition
            if not part(values):
                return False
        return True

    return every


def condition_atoms(condition: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each ``{fact, op, value}`` test of a (checked) condition, in the order written."""
    for key in ("all", "any"):
        for part in condition.get(key, ()):
            yield from condition_atoms(part)
    if "not" in condition:
        yield from condition_atoms(condition["not"])
    if "fact" in condition:
        yield condition


def _compile_rule(rule: dict[str, Any], pack: str, output: OutputTypes) -> CompiledRule:
    effects = rule["effects"]
    tests = rule["when"].get("all")
    sources = tuple(rule["sources"])
    atoms: list[Atom] = []
    if _plain_list(tests):
        # Each test compiled once, on its own (which fail says how nearly the rule fired) and
        # as the parts of the whole.
        parts = tuple(compile_condition(test, atoms) for test in tests)
        test = _all_of(parts)
    else:
        parts, test = (), compile_condition(rule["when"], atoms)

    rule_id = rule["id"]
    made = _Reasons(output.Reason, rule_id, rule["title"], rule["rationale"], sources)
    score = effects.get("score")
    return CompiledRule(
        id=rule_id,
        title=made.title,
        rationale=made.because,
        sources=sources,
        pack=pack,
        # A rule that names no criterion is a criterion of its own: it never shares a count.
        criterion=rule.get("criterion") or rule_id,
        when=rule["when"],
        effects=effects,
        test=test,
        scores=tuple([(o, delta, made(f"{delta:+d}")) for o, delta in sorted(score.items())])
        if score
        else (),
        eliminates=made.marking(effects.get("eliminate"), "eliminated"),
        requires=made.marking(effects.get("require"), "required"),
        complements=made.marking(effects.get("complement"), "complement"),
        cadence=effects.get("cadence"),
        warn=effects.get("warn"),
        reads=frozenset([index for index, _, _ in atoms]),
        parts=parts,
        atoms=tuple(atoms),
    )


class _Reasons(NamedTuple):
    """A rule's reasons, one for each effect on an option."""

    kind: type[Reason]
    rule: str
    title: str
    because: str
    sources: tuple[str, ...]

    def __call__(self, effect: str) -> Reason:
        return assemble(
            self.kind,
            rule=self.rule,
            title=self.title,
            effect=effect,
            because=self.because,
            sources=self.sources,
            when=None,
        )

    def marking(self, options: list[str] | None, effect: str) -> tuple[tuple[str, Reason], ...]:
        """A reason for each of ``options`` (in id order, once each)."""
        return tuple([(o, self(effect)) for o in sorted(set(options))]) if options else ()


def _plain_list(tests: Any) -> bool:
    """Whether ``tests`` (a condition's ``all``) is two or more tests of single facts."""
    return isinstance(tests, list) and len(tests) >= 2 and all("fact" in t for t in tests)


def _write_compiled() -> None:  # pragma: no cover - a maintainer's command
    """Write each built-in pack's precompiled form beside it."""
    for file in pack_files([builtin_rules_dir()]):
        source, text = read_text(file)
        target = file.with_name(file.stem + COMPILED_SUFFIX)
        target.write_text(compiled_pack(text, source), encoding="utf-8")
        print(f"wrote {target}")


if (
    __name__ == "__main__"
):  # python -m advisor.reasoning.ruleset: refresh the precompiled built-in packs
    _write_compiled()
