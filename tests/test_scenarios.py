"""The seed scenarios agree with their expectations, through the library and through the CLI.

tests/scenarios/ is a copy of the shared seed scenarios (profiles plus expect.yaml), so a fresh
clone checks the same thing as ``check-scenarios --advisor "python -m advisor"``; the checks
below read expect.yaml with the same meaning as that tool.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import advisor

from advisor_run import run_advisor

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
# Loaded once, without the on-disk cache: the tests leave the user's cache folder alone.
RULES = advisor.load_rules(cache=False)
EXPECT: dict[str, dict[str, Any]] = yaml.safe_load(
    (SCENARIOS / "expect.yaml").read_text(encoding="utf-8")
)
UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def seconds(text: object) -> float | None:
    """A cadence such as ``12h`` in seconds; ``None`` for anything else (``continuous``)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", str(text))
    return float(match.group(1)) * UNIT[match.group(2)] if match else None


def disagreements(expect: dict[str, Any], rec: dict[str, Any]) -> list[str]:
    """How a recommendation (as JSON data) differs from one scenario's expectations."""
    storage, pipeline = rec["storage"], rec["pipeline"]
    sp, pp = storage["primary"], pipeline["primary"]
    every_storage = {sp, *storage.get("complements", [])}
    every_pipeline = {pp, *pipeline.get("complements", [])}
    bad = []
    if "storage" in expect and sp not in expect["storage"]:
        bad.append(f"storage {sp}, expected one of {expect['storage']}")
    if "storage_not" in expect and sp in expect["storage_not"]:
        bad.append(f"storage {sp} is wrong here")
    if "storage_all" in expect and not set(expect["storage_all"]) <= every_storage:
        bad.append(f"storage {sorted(every_storage)} lacks {expect['storage_all']}")
    if "pipeline" in expect and pp not in expect["pipeline"]:
        bad.append(f"pipeline {pp}, expected one of {expect['pipeline']}")
    if "pipeline_all" in expect and not set(expect["pipeline_all"]) <= every_pipeline:
        bad.append(f"pipeline {sorted(every_pipeline)} lacks {expect['pipeline_all']}")
    if "cadence_max" in expect:
        got = seconds(pipeline.get("cadence"))
        limit = seconds(expect["cadence_max"])
        if got is None or limit is None or got > limit:
            bad.append(f"cadence {pipeline.get('cadence')!r}, at most {expect['cadence_max']}")
    return bad


def test_every_expectation_has_its_profile_and_every_profile_is_expected() -> None:
    profiles = {path.stem for path in SCENARIOS.glob("*.yaml")} - {"expect"}
    assert profiles == set(EXPECT)
    assert len(EXPECT) >= 8


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_scenario_agrees_through_the_library(name: str) -> None:
    rec = advisor.evaluate(SCENARIOS / f"{name}.yaml", rules=RULES)
    assert disagreements(EXPECT[name], rec.to_data()) == []


def test_every_scenario_agrees_through_the_cli_json(tmp_path: Path) -> None:
    names = sorted(EXPECT)
    files = [SCENARIOS / f"{name}.yaml" for name in names]
    result = run_advisor(["evaluate", "--format", "json", *files], tmp_path)
    assert result.returncode == 0, result.stderr
    recs = json.loads(result.stdout)
    assert isinstance(recs, list)
    assert len(recs) == len(names)
    found = {name: disagreements(EXPECT[name], rec) for name, rec in zip(names, recs, strict=True)}
    assert found == {name: [] for name in names}


def test_the_check_reports_a_wrong_answer() -> None:
    rec = advisor.evaluate(SCENARIOS / "seed-05-client-usage-insights.yaml", rules=RULES).to_data()
    wrong = {
        "storage": ["lake"],
        "storage_not": [rec["storage"]["primary"]],
        "storage_all": ["lake"],
        "pipeline": ["streaming"],
        "pipeline_all": ["streaming"],
        "cadence_max": "1h",
    }
    assert len(disagreements(wrong, rec)) == len(wrong)


def test_a_continuous_pipeline_has_no_batch_cadence_to_meet_a_maximum() -> None:
    rec = advisor.evaluate(
        SCENARIOS / "seed-06-realtime-ops-dashboards.yaml", rules=RULES
    ).to_data()
    assert rec["pipeline"]["cadence"] == "continuous"
    assert disagreements({"cadence_max": "1w"}, rec) == ["cadence 'continuous', at most 1w"]
