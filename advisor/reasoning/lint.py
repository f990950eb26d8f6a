"""``advisor rules lint``: what a rule-pack author should fix before anyone relies on the pack.

A pack that loads is well formed; lint asks whether it is sound:

errors (exit 1)
    ``criterion-overlap``: two rules of one criterion can fire for the same profile and both
    change one option's score (the engine would count only the larger: a fact counted twice,
    or bands that overlap); ``never-holds``: a condition no profile can meet;
    ``claim-not-said``: a citation whose claim has no ``said`` line for ``rules show`` to quote.

Warnings:
    ``never-fires-in-tests``: a rule that no test of its own pack makes fire;
    ``untouched-option``: an option no rule scores, eliminates, requires or adds;
    ``unused-source``: a source no rule cites; ``no-criterion``: a scoring rule that names no
    criterion, so nothing stops it counting a fact another rule already counts;
    ``same-condition``: two rules with the same condition about the same decision, which are
    usually one rule.

Whether conditions can hold, alone or together, is decided fact by fact: each condition is
expanded into alternatives of simple tests (``not``, ``any``, ``has_any`` and the like
unfolded through the operator registry), and a set of tests on one fact holds when some value
within the fact's declared range meets them all. Two relations between facts are used, as the
facts declare them: the projected volume is never below the volume held, and the shares of one
whole (the structure, the users' skills) add up to 100. Other relations are not, so lint may
miss a contradiction that spans two facts, or report two rules as able to fire together when
only such a relation forbids it. Only the order between the volume and its projections is used.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import combinations, product
from typing import Any, Literal

from advisor.profiles.document import Path_
from advisor.reasoning.facts import FACTS_BY_NAME, Fact
from advisor.reasoning.operators import OPS
from advisor.reasoning.packtest import run_pack_tests
from advisor.reasoning.ruleset import CompiledRule, Locator, RuleSet, fact_value

Level = Literal["error", "warning"]
Atom = tuple[str, str, Any]
Alternatives = list[tuple[Atom, ...]]
# A condition that unfolds into more alternatives than this is left unanalysed, not guessed at.
MAX_ALTERNATIVES = 4096
# Comparisons of two alternatives (of two rules of one criterion), at most, per lint: past it,
# lint says what it left unchecked rather than run for minutes on a pack of thousands of rules
# or of rules whose conditions unfold into many alternatives. About a second's work.
MAX_COMPARISONS = 200_000
# Operators over a list, unfolded into simple tests: (alternatives or all, the simple operator).
_UNFOLD: dict[str, tuple[str, str]] = {
    "in": ("any", "eq"),
    "not_in": ("all", "ne"),
    "has_any": ("any", "has"),
    "has_all": ("all", "has"),
    "has_none": ("all", "lacks"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing lint found, located in a pack file.

    Attributes:
        level: ``error`` (``rules lint`` exits 1) or ``warning``.
        code: Stable, for scripts: ``criterion-overlap``, ``never-holds``...
    """

    level: Level
    code: str
    source: str
    line: int
    col: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.col or 1}" if self.line else self.source
        text = f"{where}: {self.level}: {self.message} [{self.code}]"
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


def lint_rules(rules: RuleSet, packs: Collection[str] | None = None) -> list[Finding]:
    """Check the packs of ``rules`` whose ids are in ``packs`` (all packs when ``None``).

    Rules of other packs take part (a user pack's rule may overlap a built-in one), but
    findings are only reported against the packs asked about.

    Returns:
        Findings in pack order, then file order.
    """
    chosen = [p for p in rules.packs if packs is None or p.id in packs]
    linter = _Linter(rules)
    findings: list[Finding] = []
    for pack in chosen:
        findings += linter.pack(pack.id)
    return sorted(findings, key=lambda f: (f.source, f.line, f.col, f.code))


class _Linter:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.locators = {pack.id: Locator(pack) for pack in rules.packs}
        self.index: dict[str, int] = {}
        for pack in rules.packs:
            for number, rule in enumerate(pack.data.get("rules", [])):
                self.index[rule["id"]] = number
        self.alternatives = {rule.id: _alternatives(rule.when) for rule in rules.rules}
        self._fired: dict[str, set[str]] | None = None

    def fired_in_tests(self, pack: str) -> set[str]:
        if self._fired is None:
            self._fired = defaultdict(set)
            for result in run_pack_tests(self.rules):
                self._fired[result.pack].update(result.fired)
        return self._fired[pack]

    def at(  # noqa: PLR0917 - a finding is these six things
        self,
        pack: str,
        path: Path_,
        level: Level,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> Finding:
        d = self.locators[pack].at(path, message, hint, key=key)
        return Finding(level, code, d.source, d.line, d.col, message, hint)

    def rule_at(self, rule: CompiledRule, *path: str | int) -> Path_:
        return ("rules", self.index[rule.id], *path)

    def pack(self, pack: str) -> list[Finding]:
        own = [rule for rule in self.rules.rules if rule.pack == pack]
        found: list[Finding] = []
        for rule in own:
            found += self.citations(rule)
            if self.alternatives[rule.id] is None:
                found.append(
                    self.at(
                        pack,
                        self.rule_at(rule, "when"),
                        "warning",
                        "unanalysed",
                        f"the condition of {rule.id} unfolds into more than {MAX_ALTERNATIVES} "
                        "alternatives: lint cannot tell whether it can hold or overlaps others",
                        "split it into simpler rules",
                    )
                )
            if self.alternatives[rule.id] == []:
                found.append(
                    self.at(
                        pack,
                        self.rule_at(rule, "when"),
                        "error",
                        "never-holds",
                        f"the condition of {rule.id} can never hold",
                        "two of its tests on one fact contradict each other",
                    )
                )
            if rule.scores and rule.criterion == rule.id:
                found.append(
                    self.at(
                        pack,
                        self.rule_at(rule, "id"),
                        "warning",
                        "no-criterion",
                        f"{rule.id} changes scores but names no criterion",
                        "add `criterion:` (size, structure, audience...) so that no fact is "
                        "counted twice",
                    )
                )
        found += self.overlaps(pack, own)
        found += self.same_conditions(pack, own)
        found += self.untested(pack, own)
        found += self.untouched_options(pack)
        found += self.unused_sources(pack)
        return found

    def citations(self, rule: CompiledRule) -> list[Finding]:
        found = []
        for number, citation in enumerate(rule.sources):
            name, _, claim = citation.partition(":")
            said = self.rules.sources.get(name, {}).get("said", {})
            if claim and claim in said:
                continue
            if claim:
                message = f"{rule.id} cites {citation}, but {name} says nothing for {claim}"
                hint = f"add `{claim}: ...` under `said:` of {name}, in your own words"
            else:
                message = f"{rule.id} cites {name} without naming which of its claims"
                hint = (
                    f"cite a claim, such as {name}:{next(iter(said))}"
                    if said
                    else f"give {name} `claims:` and `said:` lines, and cite one of them"
                )
            found.append(
                self.at(
                    rule.pack,
                    self.rule_at(rule, "sources", number),
                    "error",
                    "claim-not-said",
                    message,
                    hint,
                )
            )
        return found

    def overlaps(self, pack: str, own: list[CompiledRule]) -> list[Finding]:
        by_criterion: dict[str, list[CompiledRule]] = defaultdict(list)
        for rule in self.rules.rules:
            if rule.scores and rule.criterion != rule.id:
                by_criterion[rule.criterion].append(rule)
        found = []
        mine = {rule.id for rule in own}
        compared = 0
        stopped: str | None = None
        for criterion, group in sorted(by_criterion.items()):
            if stopped is not None:
                break
            for first, second in combinations(group, 2):
                if first.id not in mine and second.id not in mine:
                    continue
                cost = len(self.alternatives[first.id] or ()) * len(
                    self.alternatives[second.id] or ()
                )
                if compared + cost > MAX_COMPARISONS:
                    stopped = criterion
                    break
                compared += max(cost, 1)
                shared = sorted(
                    {option for option, _, _ in first.scores}
                    & {option for option, _, _ in second.scores}
                )
                if not shared or not _together(
                    self.alternatives[first.id], self.alternatives[second.id]
                ):
                    continue
                reported, other = (first, second) if first.id in mine else (second, first)
                other_at = self.locators[other.pack].at(self.rule_at(other), "")
                found.append(
                    self.at(
                        pack,
                        self.rule_at(reported, "criterion"),
                        "error",
                        "criterion-overlap",
                        f"{reported.id} and {other.id} judge {criterion!r} and can both fire "
                        f"for one profile, changing {', '.join(shared)}",
                        f"{other.id} is at {other_at.source}:{other_at.line}; make their "
                        "conditions bands that do not overlap, or give them different criteria",
                        key=False,
                    )
                )
        if stopped is not None:
            found.append(
                self.at(
                    pack,
                    ("pack",),
                    "warning",
                    "overlap-check-incomplete",
                    f"lint stopped comparing rules for overlap at criterion {stopped!r}, after "
                    f"{compared} comparisons of their conditions; later pairs are not checked",
                    "lint a smaller pack, or fewer rules per criterion",
                )
            )
        return found

    def same_conditions(self, pack: str, own: list[CompiledRule]) -> list[Finding]:
        seen: dict[str, CompiledRule] = {}
        found = []
        for rule in self.rules.rules:
            # Rules about different decisions may share a condition and still say two things.
            decisions = sorted(
                {
                    self.rules.option(option).decision
                    for effects in (rule.scores, rule.eliminates, rule.requires, rule.complements)
                    for option, *_ in effects
                }
            )
            key = repr((_canonical(rule.when), decisions))
            first = seen.setdefault(key, rule)
            if first is not rule and rule in own:
                found.append(
                    self.at(
                        pack,
                        self.rule_at(rule, "when"),
                        "warning",
                        "same-condition",
                        f"{rule.id} has the same condition as {first.id}",
                        "rules with one condition are usually one rule: merge them",
                    )
                )
        return found

    def untested(self, pack: str, own: list[CompiledRule]) -> list[Finding]:
        if not own:
            return []
        fired = self.fired_in_tests(pack)
        return [
            self.at(
                pack,
                self.rule_at(rule, "id"),
                "warning",
                "never-fires-in-tests",
                f"no test of pack {pack!r} makes {rule.id} fire",
                "add a test under `tests:` whose profile meets its condition",
            )
            for rule in own
            if rule.id not in fired
        ]

    def untouched_options(self, pack: str) -> list[Finding]:
        touched = {
            option
            for rule in self.rules.rules
            for effects in (rule.scores, rule.eliminates, rule.requires, rule.complements)
            for option, *_ in effects
        }
        found = []
        data = next(p.data for p in self.rules.packs if p.id == pack)
        for decision, spec in data.get("decisions", {}).items():
            for option in spec.get("options", {}):
                if option not in touched:
                    found.append(
                        self.at(
                            pack,
                            ("decisions", decision, "options", option),
                            "warning",
                            "untouched-option",
                            f"no rule scores, eliminates, requires or adds option {option!r}",
                            "it can only win by a tie; add the rules that say when it fits",
                            key=True,
                        )
                    )
        return found

    def unused_sources(self, pack: str) -> list[Finding]:
        cited = {
            citation.partition(":")[0] for rule in self.rules.rules for citation in rule.sources
        }
        data = next(p.data for p in self.rules.packs if p.id == pack)
        return [
            self.at(
                pack,
                ("sources", name),
                "warning",
                "unused-source",
                f"source {name!r} is declared but no rule cites it",
                "cite it from the rules that rest on it, or remove it",
                key=True,
            )
            for name in data.get("sources", {})
            if name not in cited
        ]


# -- can a condition hold? ---------------------------------------------------------------------


def _alternatives(condition: dict[str, Any], negate: bool = False) -> Alternatives | None:
    """``condition`` as alternatives of simple tests that can each hold; ``None``: too many.

    An empty list means the condition can never hold.
    """
    raw = _unfold(condition, negate)
    if raw is None:
        return None
    return [alternative for alternative in raw if _holds(alternative)]


def _unfold(condition: dict[str, Any], negate: bool) -> Alternatives | None:
    if "not" in condition:
        return _unfold(condition["not"], not negate)
    for group in ("all", "any"):
        if group in condition:
            parts = [_unfold(part, negate) for part in condition[group]]
            return _combine(parts, every=(group == "all") != negate)
    fact = FACTS_BY_NAME[condition["fact"]]
    op = condition["op"]
    value = fact_value(fact, op, condition.get("value"))
    if op in _UNFOLD:
        group, simple = _UNFOLD[op]
        tests: list[Alternatives] = [
            [((fact.name, simple, item),)] for item in sorted(value, key=repr)
        ]
        return _combine(
            [_negated(test) if negate else test for test in tests],
            every=(group == "all") != negate,
        )
    atom: Atom = (fact.name, op, value)
    return _negated([(atom,)]) if negate else [(atom,)]


def _negated(alternatives: Alternatives) -> Alternatives:
    # Only ever called on one simple test.
    (((fact, op, value),),) = alternatives
    negation = OPS[op].negation
    assert negation is not None  # simple operators all have one
    return [((fact, negation, value),)]


def _combine(parts: list[Alternatives | None], *, every: bool) -> Alternatives | None:
    if any(part is None for part in parts):
        return None
    known = [part for part in parts if part is not None]
    if not every:
        joined = [alternative for part in known for alternative in part]
        return joined if len(joined) <= MAX_ALTERNATIVES else None
    result: Alternatives = [()]
    for part in known:
        # Give up before the work, not after it: the product is what costs.
        if len(result) * len(part) > MAX_ALTERNATIVES:
            return None
        result = [left + right for left in result for right in part if _holds(left + right)]
    return result


def _together(first: Alternatives | None, second: Alternatives | None) -> bool:
    """Whether some profile can meet both conditions (unanalysable ones are taken as disjoint)."""
    if first is None or second is None or len(first) * len(second) > MAX_ALTERNATIVES:
        return False
    return any(_holds(a + b) for a, b in product(first, second))


def _holds(tests: Iterable[Atom]) -> bool:
    """Whether some value of each fact meets every simple test on it.

    Facts declared never below another (``at_least``) share their bounds first: a floor on
    the volume is a floor on the volume in a year, a ceiling on the volume in a year is a
    ceiling on the volume.
    """
    by_fact: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for fact, op, value in tests:
        by_fact[fact].append((op, value))
    for _ in _ORDERED:  # enough rounds to carry a bound along the longest chain
        for high, low in _ORDERED:
            by_fact[high] += [(op, v) for op, v in by_fact.get(low, []) if op in _FLOORS]
            by_fact[low] += [(op, v) for op, v in by_fact.get(high, []) if op in _CEILINGS]
    if not all(
        _fact_holds(FACTS_BY_NAME[name], sorted(set(ops), key=repr))
        for name, ops in by_fact.items()
        if ops
    ):
        return False
    return all(_shares_can_add_up(parts, by_fact) for parts in _WHOLES.values())


def _shares_can_add_up(parts: tuple[str, ...], by_fact: dict[str, list[tuple[str, Any]]]) -> bool:
    """Whether the shares of one whole can meet their tests and still add up to 100.

    A strict bound (``gt 50``) cannot be met exactly, so floors that add up to exactly 100 with
    one of them strict are too many, and likewise for ceilings.
    """
    floor = ceiling = 0.0
    floor_open = ceiling_open = False
    for name in parts:
        tests = by_fact.get(name, [])
        low = max(((float(v), op == "gt") for op, v in tests if op in _FLOORS), default=(0, False))
        high = min(
            ((float(v), op == "lt") for op, v in tests if op in _CEILINGS),
            key=lambda bound: (bound[0], not bound[1]),
            default=(100, False),
        )
        floor, floor_open = floor + low[0], floor_open or low[1]
        ceiling, ceiling_open = ceiling + high[0], ceiling_open or high[1]
    if floor > 100 or (floor == 100 and floor_open):
        return False
    return not (ceiling < 100 or (ceiling == 100 and ceiling_open))


# (fact, a fact it is never below), from the fact declarations.
_ORDERED = tuple(
    (fact.name, fact.at_least) for fact in FACTS_BY_NAME.values() if fact.at_least is not None
)
_WHOLES: dict[str, tuple[str, ...]] = {}
for _fact in FACTS_BY_NAME.values():
    if _fact.whole_of is not None:
        _WHOLES[_fact.whole_of] = (*_WHOLES.get(_fact.whole_of, ()), _fact.name)
_FLOORS = {"gt", "ge", "eq"}
_CEILINGS = {"lt", "le", "eq"}


def _fact_holds(fact: Fact, tests: list[tuple[str, Any]]) -> bool:
    """Whether some value of ``fact`` passes every one of ``tests`` (op, value)."""
    if fact.kind == "set":
        wanted = {value for op, value in tests if op == "has"}
        refused = {value for op, value in tests if op == "lacks"}
        if wanted & refused:
            return False
        return not fact.never_empty or bool(wanted) or bool(set(fact.choices) - refused)
    if fact.kind == "choice" and not fact.ordered:
        allowed = set(fact.choices)
        for op, value in tests:
            allowed = allowed & {value} if op == "eq" else allowed - {value}
        return bool(allowed)
    return _range_holds(fact, tests)


def _range_holds(fact: Fact, tests: list[tuple[str, Any]]) -> bool:
    """Whether a number (or an ordered choice's position) passes every one of ``tests``."""
    low, low_open = float(fact.lowest), False
    high = float(len(fact.choices) - 1) if fact.kind == "choice" else fact.highest
    top, top_open = (math.inf if high is None else float(high)), False
    excluded: set[float] = set()
    for op, value in tests:
        number = float(value)
        if op in {"gt", "ge", "eq"} and (number > low or (number == low and op == "gt")):
            low, low_open = number, op == "gt"
        if op in {"lt", "le", "eq"} and (number < top or (number == top and op == "lt")):
            top, top_open = number, op == "lt"
        if op == "ne":
            excluded.add(number)
    if not (fact.whole or fact.kind == "choice"):
        if low < top:
            return True
        return low == top and not low_open and not top_open and low not in excluded
    first = math.floor(low) + 1 if low_open else math.ceil(low)
    last = math.ceil(top) - 1 if top_open else math.floor(top) if top != math.inf else top
    if first > last:
        return False
    if last == math.inf or last - first >= len(excluded):
        return True
    return any(float(n) not in excluded for n in range(int(first), int(last) + 1))


def _canonical(condition: Any) -> Any:
    """A condition with list order made irrelevant, to compare two rules' conditions."""
    if isinstance(condition, dict):
        return tuple(sorted((key, _canonical(value)) for key, value in condition.items()))
    if isinstance(condition, list):
        return tuple(sorted((_canonical(item) for item in condition), key=repr))
    return condition
