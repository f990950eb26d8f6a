"""Running the tests that rule packs carry (``advisor rules test``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .engine import recommend
from .errors import ProfileError
from .loader import profile_from_document
from .ruleset import RuleSet
from .units import parse_duration

# A test gives only the fields it is about; the rest come from this small, quiet workload.
TEST_BASE: dict[str, Any] = {
    "volume": "100 GB",
    "structure": "structured",
    "latency": "1d",
    "users": [{"role": "analyst", "count": 5}],
}


@dataclass(frozen=True)
class PackTestResult:
    """The outcome of one pack test."""

    pack: str
    name: str
    failures: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures

    def report(self) -> str:
        """``ok   core: name`` or ``FAIL core: name`` with the failures indented."""
        head = f"{'ok  ' if self.passed else 'FAIL'} {self.pack}: {self.name}"
        return "\n".join([head, *(f"       {failure}" for failure in self.failures)])


def run_pack_tests(rules: RuleSet) -> list[PackTestResult]:
    """Run every test of every pack in ``rules`` against the whole rule set."""
    results = []
    for pack in rules.packs:
        for test in pack.data.get("tests", []):
            results.append(_run(rules, pack.id, pack.path, test))
    return results


def _run(rules: RuleSet, pack: str, path: str, test: dict[str, Any]) -> PackTestResult:
    profile_data = {**TEST_BASE, **test["profile"]}
    try:
        profile = profile_from_document(Document(profile_data, f"{path} (test {test['name']!r})"))
    except ProfileError as exc:
        return PackTestResult(pack, test["name"], tuple(str(d) for d in exc.diagnostics))
    rec = recommend(profile, rules)
    expect = test["expect"]
    failures: list[str] = []
    for decision_name in ("storage", "pipeline"):
        wanted = expect.get(decision_name)
        if wanted is None:
            continue
        allowed = [wanted] if isinstance(wanted, str) else wanted
        decision = rec.storage if decision_name == "storage" else rec.pipeline
        if decision.primary not in allowed:
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
        f"expected {o} in the answer, got {sorted(chosen)}"
        for o in expect.get("includes", [])
        if o not in chosen
    ]
    failures += [
        f"expected {o} not in the answer" for o in expect.get("excludes", []) if o in chosen
    ]
    fired = set(rec.rules.fired)
    failures += [f"rule {r} did not fire" for r in expect.get("fires", []) if r not in fired]
    failures += [f"rule {r} fired" for r in expect.get("not_fires", []) if r in fired]
    if expect.get("cadence_max") is not None:
        cadence = rec.pipeline.cadence
        seconds = None if cadence in (None, "continuous") else parse_duration(cadence)
        if seconds is None or seconds > expect["cadence_max"]:
            failures.append(f"cadence {cadence}, expected at most {expect['cadence_max']}s")
    return PackTestResult(pack, test["name"], tuple(failures))
