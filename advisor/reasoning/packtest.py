"""Running the tests that rule packs carry (``advisor rules test``).

A test is a profile fragment merged over :data:`TEST_BASE` and what the recommendation must
show: acceptable primaries, options in or out of the answer, rules that must or must not fire,
and the longest acceptable batch cadence. Every pack's tests run against the whole rule set, so
a user pack that changes a built-in answer makes the built-in test that pins it fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.errors import InputError, ProfileError
from advisor.profiles.document import Document, load_documents, read_text
from advisor.profiles.loader import profile_from_document
from advisor.profiles.units import format_duration, parse_duration
from advisor.reasoning.engine import recommend
from advisor.reasoning.recommendation import Recommendation
from advisor.reasoning.ruleset import RuleSet

# A test gives only the fields it is about; the rest come from this small, quiet workload.
TEST_BASE: dict[str, Any] = {
    "volume": "100 GB",
    "structure": "structured",
    "latency": {"freshness": "1d"},
    "users": [{"role": "analyst", "count": 5}],
}


@dataclass(frozen=True)
class PackTestResult:
    """The outcome of one pack test.

    Attributes:
        pack: The id of the pack the test belongs to.
        name: The test's name.
        failures: What did not hold, one line each; empty when the test passed.
        where: ``file:line`` of the test, when known.
        fired: The rules that fired for the test's profile (``rules lint`` asks which never do).
    """

    pack: str
    name: str
    failures: tuple[str, ...] = field(default_factory=tuple)
    where: str = ""
    fired: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures

    def report(self) -> str:
        """``ok   core: name``, or ``FAIL core: name (file:line)`` and the failures indented."""
        from advisor.text import clean  # pack text is user text: inert on a terminal

        head = f"{'ok  ' if self.passed else 'FAIL'} {clean(self.pack)}: {clean(self.name)}"
        if not self.passed and self.where:
            head += f" ({clean(self.where)})"
        failures = (f"       {clean(failure)}" for failure in self.failures)
        return "\n".join([head, *failures])


def merge(base: Any, fragment: Any) -> Any:
    """``fragment`` over ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return fragment


def run_pack_tests(rules: RuleSet) -> list[PackTestResult]:
    """Run every test of every pack in ``rules`` against the whole rule set, in pack order."""
    results = []
    for pack in rules.packs:
        tests = pack.data.get("tests", [])
        document = _document(pack.path) if tests else None
        for index, test in enumerate(tests):
            where = ""
            if document is not None:
                line, _ = document.locate(("tests", index), key=False)
                where = f"{pack.path}:{line}"
            results.append(run_case(rules, test, pack=pack.id, where=where))
    return results


def run_case(
    rules: RuleSet, test: dict[str, Any], *, pack: str = "", where: str = ""
) -> PackTestResult:
    """Run one test case (``{name, profile, expect}``, as validated by ``RuleTest``).

    Args:
        rules: The rule set to evaluate with.
        test: The case as plain data; its ``profile`` is merged over :data:`TEST_BASE`.
        pack: Shown in the report: the pack (or file) the case belongs to.
        where: Shown when the case fails: ``file:line``.

    Returns:
        The result; a profile that does not validate is a failure naming the bad field.
    """
    name = test["name"]
    profile_data = merge(TEST_BASE, test.get("profile", {}))
    try:
        profile = profile_from_document(Document(profile_data, "<test profile>"))
    except ProfileError as exc:
        failures = tuple(
            f"profile {d.path}: {d.message}" if d.path else f"profile: {d.message}"
            for d in exc.diagnostics
        )
        return PackTestResult(pack, name, failures, where)
    rec = recommend(profile, rules)
    failures = tuple(expectation_failures(rec, test["expect"]))
    return PackTestResult(pack, name, failures, where, rec.rules.fired)


def expectation_failures(rec: Recommendation, expect: dict[str, Any]) -> list[str]:
    """What ``rec`` does not do of what ``expect`` (a validated ``TestExpect``) asks."""
    failures: list[str] = []
    for decision_name, decision in (("storage", rec.storage), ("pipeline", rec.pipeline)):
        allowed = expect.get(decision_name)
        if allowed and decision.primary not in allowed:
            failures.append(
                f"{decision_name}: got {decision.primary}, expected {' or '.join(allowed)}"
            )
    chosen = {
        rec.storage.primary,
        *rec.storage.complements,
        rec.pipeline.primary,
        *rec.pipeline.complements,
    }
    failures += [
        f"expected {option} in the answer, got {', '.join(sorted(chosen))}"
        for option in expect.get("includes", [])
        if option not in chosen
    ]
    failures += [
        f"expected {option} not in the answer, got {', '.join(sorted(chosen))}"
        for option in expect.get("excludes", [])
        if option in chosen
    ]
    fired = set(rec.rules.fired)
    failures += [f"rule {r} did not fire" for r in expect.get("fires", []) if r not in fired]
    failures += [f"rule {r} fired" for r in expect.get("not_fires", []) if r in fired]
    warned = {w.code for w in rec.warnings}
    failures += [f"no warning {code}" for code in expect.get("warns", []) if code not in warned]
    limit = expect.get("cadence_max")
    if limit is not None:
        cadence = rec.pipeline.cadence
        seconds = None if cadence in (None, "continuous") else parse_duration(cadence)
        if seconds is None or seconds > limit:
            failures.append(f"cadence {cadence}, expected at most {format_duration(limit)}")
    return failures


def _document(path: str) -> Document | None:
    try:
        _, text = read_text(path)
        return load_documents(text, path)[0]
    except InputError:
        return None
