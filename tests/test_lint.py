"""`advisor rules lint`: packs that load but are unsound are caught, located, with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import WriteFile

from advisor.reasoning.lint import Finding, lint_rules
from advisor.reasoning.ruleset import load_rules

from advisor_run import run_advisor

# A pack with one of each problem. It adds an option, so it can be linted on its own packs too.
FLAWED = """\
pack: flawed
version: 0.1.0
sources:
  my-guide:
    title: My guide
    claims: G1-G3
    said:
      G1: Big stores are for big data.
  idle-guide:
    title: A guide nobody cites
decisions:
  storage:
    options:
      vault:
        title: Vault
rules:
  - id: storage.big-gets-warehouse
    title: Big data gets a warehouse
    criterion: size
    rationale: Overlaps the built-in size bands.
    sources: [my-guide:G1]
    when: {fact: volume, op: ge, value: 5 TB}
    effects:
      score: {warehouse: 40}
  - id: storage.impossible
    title: Cannot hold
    criterion: oddity
    rationale: More than five and fewer than six sources.
    sources: [my-guide:G1]
    when:
      all:
        - {fact: sources, op: gt, value: 5}
        - {fact: sources, op: lt, value: 6}
    effects:
      score: {lake: 5}
  - id: storage.unsaid
    title: Cites a claim with nothing said
    criterion: oddity2
    rationale: G2 has no said line.
    sources: [my-guide:G2]
    when: {fact: team, op: eq, value: large}
    effects:
      score: {lake: 5}
  - id: storage.no-criterion
    title: Scores without a criterion
    rationale: Nothing stops it counting a fact twice.
    sources: [my-guide:G1]
    when: {fact: team, op: eq, value: large}
    effects:
      score: {lakehouse: 5}
tests:
  - name: big data
    profile: {volume: 6 TB}
    expect: {fires: [storage.big-gets-warehouse]}
"""


def findings(write_file: WriteFile, text: str) -> list[Finding]:
    path = write_file("flawed.yaml", text)
    rules = load_rules([path], cache=False)
    return lint_rules(rules, ["flawed"])


def test_the_built_in_pack_lints_clean(tmp_path: Path) -> None:
    result = run_advisor(["rules", "lint"], tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "0 errors, 0 warnings in core\n"


def test_every_kind_of_problem_is_found_and_located(write_file: WriteFile) -> None:
    found = findings(write_file, FLAWED)
    by_code: dict[str, list[Finding]] = {}
    for finding in found:
        by_code.setdefault(finding.code, []).append(finding)
    assert {code: len(items) for code, items in sorted(by_code.items())} == {
        "claim-not-said": 1,
        # 5 TB held now meets the bands from 3 TB up (a year out is never less), not those below.
        "criterion-overlap": 3,
        "never-fires-in-tests": 3,
        "never-holds": 1,
        "no-criterion": 1,
        "same-condition": 1,
        "untouched-option": 1,
        "unused-source": 1,
    }
    overlap = by_code["criterion-overlap"][0]
    assert (overlap.level, overlap.line) == ("error", 19)
    assert overlap.message == (
        "storage.big-gets-warehouse and storage.size-big-data judge 'size' and can "
        "both fire for one profile, changing warehouse"
    )
    assert overlap.hint is not None
    assert "core.yaml:" in overlap.hint
    never = by_code["never-holds"][0]
    assert (never.level, never.line, never.message) == (
        "error",
        31,
        "the condition of storage.impossible can never hold",
    )
    assert str(by_code["claim-not-said"][0]) == (
        f"{never.source}:40:15: error: storage.unsaid cites my-guide:G2, but my-guide says "
        "nothing for G2 [claim-not-said]\n"
        "  hint: add `G2: ...` under `said:` of my-guide, in your own words"
    )
    assert by_code["untouched-option"][0].message == (
        "no rule scores, eliminates, requires or adds option 'vault'"
    )
    assert by_code["unused-source"][0].message == (
        "source 'idle-guide' is declared but no rule cites it"
    )
    assert {f.level for f in by_code["never-fires-in-tests"]} == {"warning"}


def test_errors_exit_1_and_warnings_alone_exit_0(write_file: WriteFile, tmp_path: Path) -> None:
    flawed = write_file("flawed.yaml", FLAWED)
    result = run_advisor(["rules", "lint", str(flawed)], tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "5 errors, 7 warnings in flawed"
    assert f"{flawed}:19:" in result.stdout

    only_warnings = FLAWED.split("rules:\n", maxsplit=1)[0] + "rules: []\n"
    mild = write_file("mild.yaml", only_warnings.replace("pack: flawed", "pack: mild"))
    result = run_advisor(["rules", "lint", str(mild)], tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "0 errors, 3 warnings in mild"


# Conditions written as in a pack, and whether some profile can meet them.
CONDITIONS: list[tuple[str, bool]] = [
    ("all: [{fact: sources, op: gt, value: 5}, {fact: sources, op: lt, value: 6}]", False),
    ("all: [{fact: freshness, op: gt, value: 5m}, {fact: freshness, op: lt, value: 6m}]", True),
    ("{fact: structured_share, op: gt, value: 100}", False),
    ("{fact: skills, op: has_none, value: [low, medium, high]}", False),
    ("{fact: workloads, op: has_none, value: [transactional, reporting, dashboards, ad_hoc,"
     " ml, realtime, archive]}", True),
    ("{fact: budget, op: lt, value: low}", False),
    ("all: [{fact: query, op: eq, value: interactive},"
     " {not: {fact: query, op: in, value: [interactive]}}]", False),
    ("not: {any: [{fact: team, op: eq, value: none}, {fact: team, op: ne, value: none}]}", False),
    ("all: [{fact: roles, op: has_all, value: [analyst, engineer]},"
     " {not: {fact: roles, op: has_any, value: [engineer]}}]", False),
    ("not: {fact: roles, op: has_all, value: [analyst, engineer]}", True),
    ("all: [{fact: volume, op: ge, value: 1 TB}, {fact: volume, op: le, value: 1 TB}]", True),
    ("all: [{fact: volume, op: ge, value: 1 TB}, {fact: volume, op: lt, value: 1 TB}]", False),
    # The volume in three years is never below the volume now...
    ("all: [{fact: volume, op: ge, value: 2 TB}, {fact: volume_in_3y, op: lt, value: 1 TB}]",
     False),
    ("all: [{fact: volume, op: lt, value: 2 TB}, {fact: volume_in_3y, op: ge, value: 1 PB}]",
     True),
    # ... and the shares of one whole add up to 100.
    ("all: [{fact: structured_share, op: ge, value: 60},"
     " {fact: unstructured_share, op: gt, value: 39}]", True),
    ("all: [{fact: structured_share, op: ge, value: 60},"
     " {fact: unstructured_share, op: gt, value: 40}]", False),
    ("all: [{fact: structured_share, op: gt, value: 50},"
     " {fact: semi_structured_share, op: gt, value: 50}]", False),
    ("all: [{fact: structured_share, op: lt, value: 30},"
     " {fact: semi_structured_share, op: lt, value: 30},"
     " {fact: unstructured_share, op: le, value: 40}]", False),
    ("all: [{fact: structured_share, op: ge, value: 60},"
     " {fact: unstructured_share, op: ge, value: 50}]", False),
    ("all: [{fact: technical_share, op: le, value: 20}, {fact: sql_share, op: le, value: 20},"
     " {fact: nontechnical_share, op: le, value: 50}]", False),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "can_hold"), CONDITIONS)
def test_whether_a_condition_can_hold_is_decided_fact_by_fact(
    write_file: WriteFile, condition: str, can_hold: bool
) -> None:
    text = condition if condition.startswith("{") else "{" + condition + "}"
    pack = {
        "pack": "one",
        "version": "1.0.0",
        "sources": {"g": {"title": "G", "claims": "G1-G1", "said": {"G1": "Said."}}},
        "rules": [
            {
                "id": "storage.one",
                "title": "One",
                "criterion": "one",
                "rationale": "Because.",
                "sources": ["g:G1"],
                "when": yaml.safe_load(text),
                "effects": {"score": {"lake": 1}},
            }
        ],
        "tests": [{"name": "t", "profile": {}, "expect": {"not_fires": ["storage.one"]}}],
    }
    rules = load_rules([write_file("one.json", json.dumps(pack))], cache=False)
    codes = {finding.code for finding in lint_rules(rules, ["one"])}
    assert ("never-holds" not in codes) == can_hold


def test_a_condition_too_big_to_analyse_is_said_not_passed(write_file: WriteFile) -> None:
    # Thirteen pairs of overlapping tests unfold into 2**13 alternatives that can all hold:
    # more than lint will weigh.
    padding = [
        {
            "any": [
                {"fact": "volume", "op": "gt", "value": f"{i} GB"},
                {"fact": "volume", "op": "lt", "value": f"{10**6 + i} GB"},
            ]
        }
        for i in range(13)
    ]
    pack = {
        "pack": "big",
        "version": "1.0.0",
        "sources": {"g": {"title": "G", "claims": "G1", "said": {"G1": "Said."}}},
        "rules": [
            {
                "id": "storage.padded",
                "title": "Padded",
                "criterion": "padded",
                "rationale": "Because.",
                "sources": ["g:G1"],
                "when": {"all": [*padding, {"fact": "budget", "op": "lt", "value": "low"}]},
                "effects": {"score": {"lake": 1}},
            }
        ],
    }
    rules = load_rules([write_file("big.json", json.dumps(pack))], cache=False)
    found = {f.code: f for f in lint_rules(rules, ["big"])}
    assert found["unanalysed"].level == "warning"
    assert "more than 4096 alternatives" in found["unanalysed"].message


def test_lint_bounds_its_work_and_its_output(tmp_path: Path) -> None:
    # 100 rules of one criterion, each a choice among 64 values: comparing every pair of
    # alternatives took minutes. Lint now stops, says so, and lists the first findings.
    from advisor_run import run_advisor

    anys = ", ".join(f"{{fact: sources, op: eq, value: {n + 1}}}" for n in range(64))
    rules = "".join(
        f"  - id: storage.r{i}\n    title: R{i}\n    criterion: c\n    rationale: because\n"
        f"    sources: ['s:S1']\n    when: {{any: [{anys}]}}\n"
        f"    effects: {{score: {{lake: {i % 5 + 1}}}}}\n"
        for i in range(100)
    )
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nversion: 1.0.0\nsources:\n  s: {title: S, claims: S1, said: {S1: x}}\n"
        "rules:\n" + rules,
        encoding="utf-8",
    )
    done = run_advisor(["rules", "lint", pack], tmp_path)
    assert done.returncode == 1
    assert "[overlap-check-incomplete]" in done.stdout
    assert "more findings" in done.stdout
    assert len(done.stdout.splitlines()) < 500
