"""Rule tests as data (tests/rule_cases/*.yaml), and the pack tests run by `advisor rules test`.

A case file holds ``cases:``, each ``{name, profile, expect}`` exactly as in a pack's ``tests:``;
they are validated with the same model and run with the same code as ``advisor rules test``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import WriteFile
from pydantic import BaseModel, ConfigDict

from advisor.errors import RulePackError
from advisor.profiles.document import load_documents
from advisor.profiles.validation import validate
from advisor.reasoning.packtest import TEST_BASE, merge, run_case, run_pack_tests
from advisor.reasoning.rulepack import RuleTest
from advisor.reasoning.ruleset import expectation_problems, load_rules

from advisor_run import run_advisor

CASES = Path(__file__).resolve().parent / "rule_cases"
RULES = load_rules(cache=False)


class CaseFile(BaseModel):
    """A file of rule cases."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cases: list[RuleTest]


def load_cases(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """``(file:line, case)`` for every case in ``path``; a bad case fails with its location."""
    document = load_documents(path.read_text(encoding="utf-8"), path.name)[0]
    cases = validate(CaseFile, document, error=RulePackError).model_dump(mode="json")["cases"]
    choices = {name: tuple(o.id for o in options) for name, options in RULES.decisions.items()}
    rule_ids = {rule.id for rule in RULES.rules}
    located = []
    for index, case in enumerate(cases):
        problems = expectation_problems(case["expect"], choices, rule_ids)
        if problems:
            raise RulePackError(
                [
                    document.diagnostic(("cases", index, "expect", *at), message, hint)
                    for at, message, hint in problems
                ]
            )
        line, _ = document.locate(("cases", index))
        located.append((f"{path.name}:{line}", case))
    return located


ALL_CASES = [item for path in sorted(CASES.glob("*.yaml")) for item in load_cases(path)]


def test_there_are_rule_cases_for_storage_and_pipeline() -> None:
    assert {path.stem for path in CASES.glob("*.yaml")} >= {"pipeline", "storage-size"}
    assert len(ALL_CASES) >= 40


@pytest.mark.parametrize(
    "case", [case for _, case in ALL_CASES], ids=[where for where, _ in ALL_CASES]
)
def test_rule_case(case: dict[str, Any]) -> None:
    result = run_case(RULES, case, pack="rule_cases")
    assert result.failures == ()


def test_every_rule_is_pinned_by_a_case_or_a_pack_test() -> None:
    mentioned = {
        rule
        for case in [c for _, c in ALL_CASES] + list(RULES.packs[0].data["tests"])
        for key in ("fires", "not_fires")
        for rule in case["expect"].get(key, [])
    }
    assert {rule.id for rule in RULES.rules} - mentioned == set()


def test_a_case_naming_a_rule_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "cases:\n  - name: a typo\n    expect: {not_fires: [storage.size-smal]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError) as caught:
        load_cases(path)
    assert str(caught.value) == (
        "typo.yaml:3:26: error: unknown rule 'storage.size-smal'\n"
        "  hint: did you mean 'storage.size-small'?"
    )


def test_a_fragment_merges_into_the_default_workload_key_by_key() -> None:
    merged = merge(TEST_BASE, {"latency": {"query": "interactive"}, "users": "high"})
    assert merged["latency"] == {"freshness": "1d", "query": "interactive"}
    assert merged["users"] == "high"
    assert merged["volume"] == TEST_BASE["volume"]
    assert merge(TEST_BASE, {"latency": "15m"})["latency"] == "15m"


# -- the built-in pack's own tests -------------------------------------------------------------


def test_the_built_in_pack_tests_pass_in_the_library() -> None:
    results = run_pack_tests(RULES)
    assert len(results) >= 30
    assert [r.report() for r in results if not r.passed] == []


def test_advisor_rules_test_passes_with_the_built_in_pack(tmp_path: Path) -> None:
    result = run_advisor(["rules", "test"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert all(line.startswith("ok   core: ") for line in lines[:-1])
    assert lines[-1] == f"{len(lines) - 1} passed, 0 failed"


FAILING_PACK = """\
pack: extra
version: 0.1.0
tests:
  - name: small data in a lake, wrongly
    profile: {volume: 10 GB}
    expect:
      storage: lake
      fires: [pipeline.freshness-minutes]
  - name: a profile that does not validate
    profile: {volume: lots}
    expect: {storage: database}
"""


def test_a_failing_pack_test_exits_1_with_a_readable_fail_line(
    write_file: WriteFile, tmp_path: Path
) -> None:
    pack = write_file("extra.yaml", FAILING_PACK)
    result = run_advisor(["rules", "test", "--rules", pack], tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    out = result.stdout
    assert (
        f"FAIL extra: small data in a lake, wrongly ({pack}:4)\n"
        "       storage: got database, expected lake\n"
        "       rule pipeline.freshness-minutes did not fire\n"
    ) in out
    assert (
        f"FAIL extra: a profile that does not validate ({pack}:9)\n       profile volume: " in out
    )
    assert out.splitlines()[-1].endswith(" passed, 2 failed")
    assert "ok   core: " in out


def test_a_pack_test_reports_each_kind_of_failure() -> None:
    case = {
        "name": "everything wrong",
        "profile": {"latency": "1m", "workloads": ["dashboards"]},
        "expect": {
            "storage": ["lake", "lakehouse"],
            "pipeline": ["batch"],
            "includes": ["warehouse"],
            "excludes": ["streaming"],
            "fires": ["storage.archive-only"],
            "not_fires": ["pipeline.live-dashboards"],
            "cadence_max": 3600,
        },
    }
    result = run_case(RULES, case, pack="demo", where="demo.yaml:1")
    assert result.report().splitlines() == [
        "FAIL demo: everything wrong (demo.yaml:1)",
        "       storage: got database, expected lake or lakehouse",
        "       pipeline: got streaming, expected batch",
        "       expected warehouse in the answer, got database, streaming",
        "       expected streaming not in the answer, got database, streaming",
        "       rule storage.archive-only did not fire",
        "       rule pipeline.live-dashboards fired",
        "       cadence continuous, expected at most 1h",
    ]
