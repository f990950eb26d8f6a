"""Every shipped example runs through the CLI and gets the answer its kind of team should get.

The expectations follow from the domain brief (claim ids in brackets), not from today's scores:
a rule change that moves a score keeps these passing; one that sends a seed-stage start-up to a
data lake does not.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import advisor
from advisor.profiles.units import parse_duration

from advisor_run import EXAMPLES, run_advisor

Result = dict[str, Any]


def chosen(result: Result, decision: str) -> set[str]:
    """The primary and its complements: everything the team is told to run."""
    return {result[decision]["primary"], *result[decision]["complements"]}


def eliminated(result: Result, decision: str) -> set[str]:
    return {r["option"] for r in result[decision]["ranking"] if r["eliminated"]}


def cadence_seconds(result: Result) -> float:
    cadence = result["pipeline"]["cadence"]
    assert isinstance(cadence, str)
    return 0.0 if cadence == "continuous" else float(parse_duration(cadence))


def startup_saas(r: Result) -> None:
    # One application database and small data: stay on it, no analytics stack yet [D1, D2].
    assert r["storage"]["primary"] == "database"
    assert r["storage"]["complements"] == []
    # A day-old answer is fine and nobody runs a platform: a scheduled batch [D16, D19].
    assert r["pipeline"]["primary"] == "batch"
    assert cadence_seconds(r) <= 86400


def retail_bi(r: Result) -> None:
    # Mostly structured data from five systems for business users: a warehouse [D4, D8].
    assert r["storage"]["primary"] == "warehouse"
    # A raw lake serves no business user on its own [D10, D11].
    assert "lake" not in chosen(r, "storage")
    # ETL from several systems, yesterday's numbers: batch, at least daily [D18, D19, D20].
    assert r["pipeline"]["primary"] == "batch"
    assert cadence_seconds(r) <= 86400


def iot_telemetry(r: Result) -> None:
    # Alerts within seconds on live events: a stream [D16, D21].
    assert r["pipeline"]["primary"] == "streaming"
    assert r["pipeline"]["cadence"] == "continuous"
    # The same events feed models and an archive: a batch cold path beside the stream (lambda).
    assert "batch" in r["pipeline"]["complements"]
    # Hundreds of terabytes of semi-structured history: lake storage, not a database [D9, D24].
    assert r["storage"]["primary"] in {"lake", "lakehouse"}
    assert "database" in eliminated(r, "storage")


def media_ml(r: Result) -> None:
    # Mostly unstructured files for technical users, kept for later: a lake [D9, D10, D11]
    # (a lakehouse, being a lake underneath, is an acceptable first choice too).
    assert r["storage"]["primary"] in {"lake", "lakehouse"}
    assert "database" in eliminated(r, "storage")
    assert "warehouse" not in chosen(r, "storage")
    scores = {x["option"]: x["score"] for x in r["storage"]["ranking"]}
    assert scores["lake"] > scores["warehouse"]
    # Weekly training on day-old data: batch [D16, D19].
    assert r["pipeline"]["primary"] == "batch"


def fintech_fraud(r: Result) -> None:
    # The payment application keeps its relational database [D22] ...
    assert "database" in chosen(r, "storage")
    assert "database" not in eliminated(r, "storage")
    # ... and reports and models over several sources need an analytical store beside it [D22, D23].
    assert chosen(r, "storage") & {"warehouse", "lakehouse"}
    # Every payment scored within a second: a stream [D16] ...
    assert r["pipeline"]["primary"] == "streaming"
    # ... and model training and reports from the full history: a batch path beside it [D19].
    assert "batch" in r["pipeline"]["complements"]


def midsize_mixed(r: Result) -> None:
    # Business dashboards and data scientists on the same mixed data: a lakehouse [D13, D14].
    assert r["storage"]["primary"] == "lakehouse"
    # Hourly is fresh enough: frequent batches, not an always-on stream [D15, D16].
    assert r["pipeline"]["primary"] in {"batch", "micro_batch"}
    assert cadence_seconds(r) <= 3600


EXPECTATIONS: dict[str, Callable[[Result], None]] = {
    "startup-saas.yaml": startup_saas,
    "retail-bi.yaml": retail_bi,
    "iot-telemetry.yaml": iot_telemetry,
    "media-ml.yaml": media_ml,
    "fintech-fraud.yaml": fintech_fraud,
    "midsize-mixed.yaml": midsize_mixed,
}
SHIPPED = sorted(p.name for p in EXAMPLES.glob("*.y*ml"))


def test_every_example_has_expectations() -> None:
    assert len(SHIPPED) >= 4
    assert sorted(EXPECTATIONS) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_example_says_what_team_it_describes(name: str) -> None:
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    header = list(itertools.takewhile(lambda line: line.startswith("#"), lines))
    # A comment block of several lines before the first field: who the team is, what it needs.
    assert len(header) >= 4, f"{name}: starts with {len(header)} comment lines"


def check_result(result: Result, source: Path) -> None:
    """What every recommendation must satisfy, whatever the workload."""
    assert result["schema_version"] == 1
    assert result["profile"]["name"], f"{source.name}: examples carry a name"
    freshness = result["profile"]["latency"]["freshness"]
    for decision in ("storage", "pipeline"):
        ranking = result[decision]["ranking"]
        assert result[decision]["primary"] == ranking[0]["option"]
        assert not ranking[0]["eliminated"]
        assert all(0 <= entry["score"] <= 100 for entry in ranking)
        for entry in ranking:
            for reason in entry["reasons"]:
                assert reason["sources"], f"{reason['rule']} cites no source"
        assert ranking[0]["reasons"], f"no reason given for the {decision} primary"
    assert cadence_seconds(result) <= freshness
    assert result["rules"]["fired"]


@pytest.mark.parametrize("name", SHIPPED)
def test_example_json(name: str, tmp_path: Path) -> None:
    path = EXAMPLES / name
    done = run_advisor(["evaluate", str(path), "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    check_result(result, path)
    EXPECTATIONS[name](result)


@pytest.mark.parametrize("name", SHIPPED)
def test_example_plain_agrees_with_library(name: str, tmp_path: Path) -> None:
    expected = advisor.evaluate(EXAMPLES / name)
    done = run_advisor(["evaluate", f"examples/{name}", "--format", "plain"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert expected.profile.name
    assert expected.profile.name in done.stdout
    for label, decision in (("Storage", expected.storage), ("Pipeline", expected.pipeline)):
        assert re.search(rf"^{label}:\s+{decision.primary}\b", done.stdout, re.M), done.stdout


def test_all_examples_at_once(tmp_path: Path) -> None:
    paths = [EXAMPLES / name for name in SHIPPED]
    done = run_advisor(["evaluate", *map(str, paths), "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    names = [result["profile"]["name"] for result in json.loads(done.stdout)]
    assert names == [advisor.load_profile(path).name for path in paths]


def decided_by(name: str) -> list[str]:
    """The rule ids an example's header names after ``# Decided by:`` (continued on ``#   ``)."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Decided by:"))
    text = lines[start].removeprefix("# Decided by:")
    for line in lines[start + 1 :]:
        if not line.startswith("#   "):
            break
        text += line.removeprefix("#")
    return [part.strip() for part in text.split(",") if part.strip()]


@pytest.mark.parametrize("name", SHIPPED)
def test_the_rules_an_example_names_are_the_ones_that_fire(name: str) -> None:
    named = decided_by(name)
    assert len(named) >= 3, f"{name}: name the rules that decide the answer"
    known = {rule.id for rule in advisor.default_rules().rules}
    assert set(named) <= known, f"{name} names rules that do not exist"
    fired = set(advisor.evaluate(EXAMPLES / name).rules.fired)
    assert [rule for rule in named if rule not in fired] == []


def test_the_example_pack_adds_an_option_that_ranks_with_no_code_change(tmp_path: Path) -> None:
    pack = EXAMPLES / "packs" / "timeseries.yaml"
    tested = run_advisor(["rules", "test", "--rules", str(pack)], tmp_path)
    assert tested.returncode == 0, tested.stdout
    assert "ok   timeseries: fleet telemetry" in tested.stdout
    linted = run_advisor(["rules", "lint", str(pack)], tmp_path)
    assert linted.returncode == 0, linted.stdout
    assert linted.stdout.endswith("0 errors, 0 warnings in timeseries\n")
    rules = advisor.load_rules([pack], cache=False)
    assert "timeseries" in [option.id for option in rules.decisions["storage"]]
    iot = advisor.evaluate(EXAMPLES / "iot-telemetry.yaml", rules=rules)
    assert iot.storage.primary == "timeseries"
    assert "lakehouse" in iot.storage.complements
    retail = advisor.evaluate(EXAMPLES / "retail-bi.yaml", rules=rules)
    assert retail.storage.primary == "warehouse"
    assert retail.storage.ranked("timeseries").eliminated
