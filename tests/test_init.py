"""`advisor init` as a new user runs it: a template that explains everything and runs as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from advisor.profiles.profile import (
    BUDGETS,
    QUERIES,
    ROLES,
    SKILLS,
    STRUCTURE_KINDS,
    TEAMS,
    WORKLOADS,
    Latency,
    Profile,
    Structure,
    UserGroup,
)
from advisor.profiles.template import profile_template

from advisor_run import run_advisor

TEMPLATE = profile_template()
# What yaml-language-server (VS Code's YAML extension) takes for a schema modeline.
MODELINE = re.compile(r"^#\s+(?:yaml-language-server\s*:|\$schema:)")


def comments(text: str) -> str:
    """Everything after a '#' on each line: what a reader of the template is told."""
    return "\n".join(line.partition("#")[2] for line in text.splitlines())


def test_init_writes_profile_yaml_and_says_what_to_do_next(tmp_path: Path) -> None:
    result = run_advisor(["init"], tmp_path, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "profile.yaml").read_text(encoding="utf-8") == TEMPLATE
    assert "wrote profile.yaml" in result.stderr
    assert "advisor evaluate profile.yaml" in result.stderr
    assert result.stdout == ""


def test_init_writes_the_file_it_is_given(tmp_path: Path) -> None:
    result = run_advisor(["init", "my.yaml"], tmp_path, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "my.yaml").read_text(encoding="utf-8") == TEMPLATE
    assert not (tmp_path / "profile.yaml").exists()
    assert "advisor evaluate my.yaml" in result.stderr


@pytest.mark.parametrize("name", ["p.json", "P.JSON"])
def test_init_writes_json_into_a_json_file(tmp_path: Path, name: str) -> None:
    result = run_advisor(["init", name], tmp_path, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert written == yaml.safe_load(TEMPLATE)
    assert list(written) == list(yaml.safe_load(TEMPLATE))  # the template's order
    assert "JSON holds no comments" in result.stderr
    as_json = run_advisor(["evaluate", name, "-f", "json"], tmp_path, cwd=tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    as_yaml = run_advisor(["evaluate", "t.yaml", "-f", "json"], tmp_path, cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == json.loads(as_yaml.stdout)


def test_init_dash_prints_the_template_and_writes_nothing(tmp_path: Path) -> None:
    result = run_advisor(["init", "-"], tmp_path, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == TEMPLATE
    assert not list(tmp_path.glob("*.yaml"))


def test_the_template_evaluates_as_written_to_a_sensible_answer(tmp_path: Path) -> None:
    assert run_advisor(["init"], tmp_path, cwd=tmp_path).returncode == 0

    result = run_advisor(["evaluate", "profile.yaml", "--format", "json"], tmp_path, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    rec = json.loads(result.stdout)
    # Mostly structured data from four systems, dashboards for 40 business users: the textbook
    # case for a warehouse, fed by batch at least as often as the day-old freshness asks.
    assert rec["storage"]["primary"] == "warehouse"
    assert rec["pipeline"]["primary"] == "batch"
    assert rec["pipeline"]["cadence"] in {"1h", "6h", "12h", "1d"}
    assert rec["profile"]["name"] == "Example retail analytics"


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    mine = tmp_path / "profile.yaml"
    mine.write_text("volume: 1 TB  # my own notes\n", encoding="utf-8")

    refused = run_advisor(["init"], tmp_path, cwd=tmp_path)

    assert refused.returncode == 2
    assert "profile.yaml: file exists" in refused.stderr
    assert "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert mine.read_text(encoding="utf-8") == "volume: 1 TB  # my own notes\n"

    replaced = run_advisor(["init", "--force"], tmp_path, cwd=tmp_path)

    assert replaced.returncode == 0, replaced.stderr
    assert mine.read_text(encoding="utf-8") == TEMPLATE


def test_init_into_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()

    result = run_advisor(["init", "profiles", "--force"], tmp_path, cwd=tmp_path)

    assert result.returncode == 2
    assert "profiles: is a directory" in result.stderr
    assert list((tmp_path / "profiles").iterdir()) == []


@pytest.mark.parametrize("model", [Profile, Structure, Latency, UserGroup])
def test_the_template_shows_every_field(model: type[BaseModel]) -> None:
    # Growth's own fields are the normalised JSON form, not something a person writes.
    for field in model.model_fields:
        assert re.search(rf"^\s*(?:- )?{field}:", TEMPLATE, re.M), f"{field} is not set"
        assert re.search(rf"\b{field}\b", comments(TEMPLATE)), f"{field} is not explained"


@pytest.mark.parametrize(
    ("what", "words"),
    [
        ("roles", ROLES),
        ("skills", SKILLS),
        ("workloads", WORKLOADS),
        ("budget", BUDGETS),
        ("team", TEAMS),
        ("query", QUERIES),
        ("structure words", (*STRUCTURE_KINDS, "mixed")),
        ("duration words", ("real-time", "hourly", "daily", "weekly")),
    ],
)
def test_the_template_explains_every_accepted_word(what: str, words: tuple[str, ...]) -> None:
    explained = comments(TEMPLATE)
    missing = [w for w in words if not re.search(rf"(?<![\w-]){w}(?![\w-])", explained)]
    assert not missing, f"{what}: {missing} not in the template's comments"


def test_the_template_offers_a_schema_modeline_that_is_off_until_asked_for() -> None:
    lines = TEMPLATE.splitlines()
    # Active, it would make the editor look for a file the user has not written yet.
    assert not [line for line in lines if MODELINE.match(line)]
    (commented,) = [line for line in lines if MODELINE.match(line[1:])]
    assert commented[1:] == "# yaml-language-server: $schema=profile.schema.json"
    assert "advisor schema > profile.schema.json" in TEMPLATE
