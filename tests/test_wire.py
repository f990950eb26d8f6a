"""The JSON text written part by part (advisor.reasoning.wire) is the text of the data.

``to_json()`` writes the decisions piece by piece, with each reason's text kept between
recommendations; whatever the profile, the rules and the search found, it must be the very
text ``json.dumps(rec.to_data(), indent=2, ensure_ascii=False)`` gives.
"""

from __future__ import annotations

import gc
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_modelcache import generated
from test_properties import RULES, profiles

import advisor
from advisor.reasoning import wire
from advisor.reasoning.records import RECORDS
from advisor.reasoning.ruleset import load_rules

ROOT = Path(__file__).resolve().parent.parent
TIMESERIES = load_rules([ROOT / "examples" / "packs" / "timeseries.yaml"], cache=False)
# Text a writer must escape or carry as it is: quotes, backslashes, non-ASCII letters, symbols.
ODD = ['"quoted"', "back\\slash", "{braces}", "Ünïcødé ≥ 3 TB", "€ 5 / «x»", "it's <b>"]


def _same(rec: Any) -> None:
    expected = json.dumps(rec.to_data(), indent=2, ensure_ascii=False)
    assert rec.to_json() == expected


RULE_SETS = [
    RULES,
    TIMESERIES,
    load_rules(cache=False, output=RECORDS),
    load_rules([ROOT / "examples" / "packs" / "timeseries.yaml"], cache=False, output=RECORDS),
]


@settings(max_examples=300, deadline=None)
@given(profiles(), st.booleans())
def test_the_json_text_is_the_text_of_the_data(data: dict[str, Any], what_if: bool) -> None:
    for rules in RULE_SETS:
        _same(advisor.evaluate(data, rules=rules, what_if=what_if))


def test_thousands_of_profiles_as_people_write_them() -> None:
    rng = random.Random(11)
    written = 0
    for _ in range(3000):
        try:
            profile = advisor.Profile.model_validate(generated(rng))
        except ValueError:
            continue
        _same(advisor.evaluate(profile, rules=RULES, what_if=rng.random() < 0.2))
        written += 1
    assert written > 1000


def test_odd_text_and_tiny_numbers_are_written_as_json_writes_them(tmp_path: Path) -> None:
    # A rate under 1e-4 percent a year is where pydantic-core and json.dumps part ways.
    rates = ["0.00001%/year", "0.0000001%/year", "40%/year"] * 2
    for name, growth in zip(ODD, rates, strict=True):
        profile = {
            "name": name,
            "volume": "3 TB",
            "growth": growth,
            "structure": {"structured": 33.3333, "semi_structured": 66.6667},
            "latency": "1.5s",
            "users": "low",
        }
        _same(advisor.evaluate(profile, rules=RULES, what_if=True))
    # The rules' own text, odd in the same ways (the pack's wording is written from the cache).
    pack = yaml.safe_load((ROOT / "rules" / "core.yaml").read_text(encoding="utf-8"))
    pack["pack"] = "odd"
    for n, rule in enumerate(pack["rules"]):
        rule["title"] = f"{ODD[n % len(ODD)]} {rule['title']}"
        rule["rationale"] = f"{rule['rationale']} {ODD[(n + 1) % len(ODD)]}"
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(pack), encoding="utf-8")
    rules = load_rules([odd], builtin=False, cache=False)
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        _same(advisor.evaluate(example, rules=rules, what_if=False))
        _same(advisor.evaluate(example, rules=rules, what_if=True))


def test_kept_texts_stay_few_and_never_stand_for_another_rule_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kept text holds its reason, so its id cannot pass to another while kept; and the
    # texts kept are bounded, however many rule sets come and go (here, a bound of 50).
    monkeypatch.setattr(wire, "_MOST", 50)
    core = yaml.safe_load((ROOT / "rules" / "core.yaml").read_text(encoding="utf-8"))
    example = ROOT / "examples" / "retail-bi.yaml"
    for n in range(40):
        pack = {**core, "pack": f"p{n}"}
        pack["rules"] = [{**rule, "title": f"v{n} {rule['title']}"} for rule in core["rules"]]
        path = tmp_path / f"p{n}.json"
        path.write_text(json.dumps(pack), encoding="utf-8")
        rules = load_rules([path], builtin=False, cache=False)
        text = advisor.evaluate(example, rules=rules).to_json()
        assert f'"title": "v{n} ' in text
        assert f'"title": "v{n - 1} ' not in text
        del rules
        gc.collect()
        assert 0 < len(wire._written) <= 50
