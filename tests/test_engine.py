"""The engine on small hand-made packs, where every score can be worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import advisor
from advisor.profiles.loader import to_profile
from advisor.reasoning.engine import recommend, shown_score
from advisor.reasoning.ruleset import RuleSet, load_rules

ALWAYS: dict[str, Any] = {"fact": "volume", "op": "ge", "value": 0}
PROFILE: dict[str, Any] = {
    "volume": "100 GB",
    "structure": "structured",
    "latency": "1d",
    "users": "medium",
}


def mini_rules(
    tmp_path: Path,
    *rules: dict[str, Any],
    name: str = "mini",
    options: bool = True,
    covers: dict[str, list[str]] | None = None,
) -> RuleSet:
    """A rule set of one pack with storage alpha/beta/gamma and pipeline nightly/frequent/stream."""
    pack: dict[str, Any] = {
        "pack": name,
        "version": "1.0.0",
        "sources": {"guide": {"title": "A guide"}},
        "rules": [
            {
                "title": f"Rule {index}",
                "rationale": f"Because of reason {index}.",
                "sources": ["guide"],
                "when": ALWAYS,
                **rule,
            }
            for index, rule in enumerate(rules)
        ],
    }
    if options:
        pack["decisions"] = {
            "storage": {
                "options": {
                    option: {"title": option.capitalize(), "covers": (covers or {}).get(option, [])}
                    for option in ("alpha", "beta", "gamma")
                }
            },
            "pipeline": {
                "options": {
                    "nightly": {"title": "Nightly"},
                    "frequent": {"title": "Frequent", "cadence_max": "15m"},
                    "stream": {"title": "Stream", "continuous": True},
                }
            },
        }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(pack, indent=1), encoding="utf-8")
    return load_rules([path], builtin=False, cache=False)


def scores(decision: advisor.Decision) -> list[tuple[str, int, bool]]:
    return [(entry.option, entry.score, entry.eliminated) for entry in decision.ranking]


def run(rules: RuleSet, **profile: Any) -> advisor.Recommendation:
    return recommend(to_profile({**PROFILE, **profile}), rules)


def test_scores_start_at_50_and_add_up(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.one", "effects": {"score": {"beta": 12, "gamma": -8}}},
        {"id": "storage.two", "effects": {"score": {"beta": 5}}},
    )
    rec = run(rules)
    # Shown scores are the sums (50 + changes) along the 0..100 curve.
    assert scores(rec.storage) == [
        ("beta", shown_score(67), False),
        ("alpha", 50, False),
        ("gamma", shown_score(42), False),
    ]
    assert rec.storage.primary == "beta"
    beta = rec.storage.ranked("beta")
    assert [(r.rule, r.effect, r.because, r.sources) for r in beta.reasons] == [
        ("storage.one", "+12", "Because of reason 0.", ("guide",)),
        ("storage.two", "+5", "Because of reason 1.", ("guide",)),
    ]


def test_a_rule_that_does_not_hold_does_nothing(tmp_path: Path) -> None:
    big = {"fact": "volume", "op": "ge", "value": "1 PB"}
    rules = mini_rules(
        tmp_path, {"id": "storage.big", "when": big, "effects": {"score": {"gamma": 40}}}
    )
    rec = run(rules)
    assert rec.storage.primary == "alpha"
    assert rec.rules.fired == ()
    assert run(rules, volume="2 PB").storage.primary == "gamma"


def test_shown_scores_keep_their_order_past_the_top_and_confidence_uses_the_sums(
    tmp_path: Path,
) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.up", "effects": {"score": {"beta": 700, "gamma": 660, "alpha": -600}}},
    )
    rec = run(rules)
    shown = scores(rec.storage)
    assert [option for option, _, _ in shown] == ["beta", "gamma", "alpha"]
    assert 100 >= shown[0][1] >= shown[1][1] > 50 > shown[2][1] >= 0
    assert rec.confidence.storage == "medium"  # 750 against 710: a margin of 40
    assert shown_score(50) == 50
    assert shown_score(50 + 40) - 50 == 50 - shown_score(50 - 40)  # symmetric about 50
    assert all(shown_score(x) <= shown_score(x + 1) for x in range(-2000, 2000))


def test_adding_rules_that_never_fire_changes_no_shown_score(tmp_path: Path) -> None:
    one = mini_rules(tmp_path, {"id": "storage.m", "effects": {"score": {"beta": 30}}})
    more = mini_rules(
        tmp_path,
        {"id": "storage.m", "effects": {"score": {"beta": 30}}},
        {
            "id": "storage.never",
            "when": {"fact": "sources", "op": "gt", "value": 10**9},
            "effects": {"score": {"alpha": 900}},
        },
        name="more",
    )
    assert scores(run(one).storage) == scores(run(more).storage)


def test_a_tie_is_said_and_settled_by_option_id_when_no_pack_declares_a_preference(
    tmp_path: Path,
) -> None:
    rules = mini_rules(
        tmp_path, {"id": "storage.tie", "effects": {"score": {"gamma": 5, "beta": 5}}}
    )
    rec = run(rules)
    assert [entry.option for entry in rec.storage.ranking] == ["beta", "gamma", "alpha"]
    assert rec.confidence.storage == "low"
    assert rec.storage.tie is not None
    assert rec.storage.tie.options == ("beta", "gamma")
    assert "option id" in rec.storage.tie.because
    data = json.loads(rec.to_json())
    assert data["storage"]["tie"] == {
        "options": ["beta", "gamma"],
        "because": rec.storage.tie.because,
    }
    assert data["pipeline"]["tie"]["options"] == ["frequent", "nightly", "stream"]


def test_a_declared_preference_settles_a_tie_whatever_order_options_are_written_in(
    tmp_path: Path,
) -> None:
    for order in (("alpha", "beta", "gamma"), ("gamma", "beta", "alpha")):
        pack = {
            "pack": f"p{order[0]}",
            "version": "1.0.0",
            "sources": {"guide": {"title": "A guide"}},
            "decisions": {
                "storage": {
                    "options": {o: {"title": o} for o in order},
                    "tie_break": {"prefer": ["gamma", "alpha"], "because": "gamma is simpler"},
                },
                "pipeline": {"options": {"nightly": {"title": "Nightly"}}},
            },
            "rules": [
                {
                    "id": "storage.tie",
                    "title": "Tie",
                    "rationale": "Both.",
                    "sources": ["guide"],
                    "when": ALWAYS,
                    "effects": {"score": {"beta": 5, "gamma": 5}},
                }
            ],
        }
        path = tmp_path / f"{order[0]}.json"
        path.write_text(json.dumps(pack), encoding="utf-8")
        rec = run(load_rules([path], builtin=False, cache=False))
        assert rec.storage.primary == "gamma"
        assert rec.storage.tie is not None
        assert rec.storage.tie.options == ("gamma", "beta")
        assert rec.storage.tie.because == "gamma is simpler"
        assert rec.pipeline.tie is None  # one option: nothing to tie with


def test_no_tie_is_reported_when_the_top_two_differ(tmp_path: Path) -> None:
    rec = run(mini_rules(tmp_path, {"id": "storage.m", "effects": {"score": {"beta": 1}}}))
    assert rec.storage.tie is None
    assert json.loads(rec.to_json())["storage"]["tie"] is None


def test_each_criterion_counts_once_per_option(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.size-a", "criterion": "size", "effects": {"score": {"beta": 10}}},
        {"id": "storage.size-b", "criterion": "size", "effects": {"score": {"beta": 20}}},
        {"id": "storage.size-c", "criterion": "size", "effects": {"score": {"gamma": 5}}},
        {"id": "storage.other", "criterion": "team", "effects": {"score": {"beta": 3}}},
    )
    rec = run(rules)
    beta = rec.storage.ranked("beta")
    # The larger size effect and the team effect, not 10 + 20 + 3.
    assert beta.score == shown_score(73)
    assert [r.rule for r in beta.reasons] == ["storage.size-b", "storage.other"]
    assert rec.storage.ranked("gamma").score == shown_score(55)  # another option, same criterion
    assert "storage.size-a" in rec.rules.fired


def test_a_warning_rule_adds_a_warning_with_its_code(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.risky", "effects": {"warn": "risky-profile"}},
        {"id": "storage.risky-too", "effects": {"warn": "risky-profile"}},
        {"id": "storage.another", "effects": {"warn": "another-risk"}},
    )
    rec = run(rules)
    assert [(w.code, w.rule) for w in rec.warnings] == [
        ("another-risk", "storage.another"),
        ("risky-profile", "storage.risky"),
    ]
    assert rec.warnings[1].message == "Rule 0. Because of reason 0."
    assert json.loads(rec.to_json())["warnings"][0] == {
        "code": "another-risk",
        "message": "Rule 2. Because of reason 2.",
        "rule": "storage.another",
        "title": "Rule 2",  # the message's first sentence, for a short view
    }


@pytest.mark.parametrize(
    ("margin", "level"),
    [(1, "low"), (19, "low"), (20, "medium"), (49, "medium"), (50, "high"), (90, "high")],
)
def test_confidence_comes_from_the_margin_between_the_top_two(
    tmp_path: Path, margin: int, level: str
) -> None:
    rules = mini_rules(tmp_path, {"id": "storage.m", "effects": {"score": {"beta": margin}}})
    assert run(rules).confidence.storage == level


def test_an_eliminated_option_ranks_last_with_its_reason_and_is_not_primary(
    tmp_path: Path,
) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.boost", "effects": {"score": {"gamma": 40}}},
        {"id": "storage.rule-out", "effects": {"eliminate": ["gamma"]}},
    )
    rec = run(rules)
    assert rec.storage.primary == "alpha"
    assert scores(rec.storage) == [
        ("alpha", 50, False),
        ("beta", 50, False),
        ("gamma", shown_score(90), True),
    ]
    first = rec.storage.ranked("gamma").reasons[0]
    assert (first.rule, first.effect) == ("storage.rule-out", "eliminated")


def test_when_every_option_is_eliminated_the_best_is_named_with_low_confidence(
    tmp_path: Path,
) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.boost", "effects": {"score": {"beta": 10}}},
        {"id": "storage.none", "effects": {"eliminate": ["alpha", "beta", "gamma"]}},
    )
    rec = run(rules)
    assert rec.storage.primary == "beta"
    assert all(entry.eliminated for entry in rec.storage.ranking)
    assert rec.confidence.storage == "low"


def test_only_one_option_left_is_high_confidence(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path, {"id": "storage.two-out", "effects": {"eliminate": ["alpha", "beta"]}}
    )
    rec = run(rules)
    assert (rec.storage.primary, rec.confidence.storage) == ("gamma", "high")


def test_required_and_complement_options_are_listed_beside_the_primary(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.boost", "effects": {"score": {"beta": 30}}},
        {"id": "storage.needs-gamma", "effects": {"require": ["gamma"]}},
        {"id": "storage.also-alpha", "effects": {"complement": ["alpha", "beta"]}},
    )
    rec = run(rules)
    assert rec.storage.primary == "beta"
    assert rec.storage.complements == ("alpha", "gamma")  # declared order; the primary is not
    assert rec.storage.ranked("gamma").reasons[0].effect == "required"
    assert rec.storage.ranked("alpha").reasons[0].effect == "complement"


def test_an_option_eliminated_as_primary_can_still_be_needed_beside_it(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "pipeline.fresh", "effects": {"score": {"stream": 30}, "eliminate": ["nightly"]}},
        {"id": "pipeline.history", "effects": {"complement": ["nightly"]}},
    )
    rec = run(rules)
    assert rec.pipeline.primary == "stream"
    assert rec.pipeline.complements == ("nightly",)
    assert rec.pipeline.ranked("nightly").eliminated


@pytest.mark.parametrize(
    ("freshness", "boost", "cadence"),
    [
        ("1d", "nightly", "1d"),
        ("20h", "nightly", "12h"),
        ("1w", "nightly", "1w"),
        ("90m", "nightly", "1h"),
        ("30s", "nightly", "30s"),
        ("1d", "frequent", "15m"),
        ("5m", "frequent", "5m"),
        ("1d", "stream", "continuous"),
    ],
)
def test_the_cadence_is_the_longest_usual_schedule_that_meets_every_bound(
    tmp_path: Path, freshness: str, boost: str, cadence: str
) -> None:
    rules = mini_rules(tmp_path, {"id": "pipeline.pick", "effects": {"score": {boost: 10}}})
    rec = run(rules, latency=freshness)
    assert (rec.pipeline.primary, rec.pipeline.cadence) == (boost, cadence)
    assert rec.storage.cadence is None


def test_a_rule_can_shorten_the_cadence_but_never_lengthen_it(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "pipeline.nightly", "effects": {"score": {"nightly": 10}}},
        {"id": "pipeline.twice-a-day", "effects": {"cadence": "12h"}},
        {"id": "pipeline.weekly", "effects": {"cadence": "1w"}},
    )
    assert run(rules).pipeline.cadence == "12h"
    assert run(rules, latency="2h").pipeline.cadence == "2h"


def test_reasons_list_hard_constraints_first_then_the_largest_effects(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.b-small", "effects": {"score": {"gamma": 5}}},
        {"id": "storage.a-small", "effects": {"score": {"gamma": -5}}},
        {"id": "storage.large", "effects": {"score": {"gamma": -20}}},
        {"id": "storage.needed", "effects": {"complement": ["gamma"]}},
        {"id": "storage.out", "effects": {"eliminate": ["gamma"]}},
    )
    reasons = run(rules).storage.ranked("gamma").reasons
    assert [(r.rule, r.effect) for r in reasons] == [
        ("storage.out", "eliminated"),
        ("storage.needed", "complement"),
        ("storage.large", "-20"),
        ("storage.a-small", "-5"),
        ("storage.b-small", "+5"),
    ]


def test_fired_rules_are_listed_in_id_order(tmp_path: Path) -> None:
    rules = mini_rules(
        tmp_path,
        {"id": "storage.zed", "effects": {"score": {"beta": 1}}},
        {"id": "pipeline.alpha", "effects": {"score": {"stream": 1}}},
        {"id": "storage.abc", "effects": {"score": {"beta": 1}}},
    )
    assert run(rules).rules.fired == ("pipeline.alpha", "storage.abc", "storage.zed")


def test_the_engine_is_a_pure_function(tmp_path: Path) -> None:
    rules = mini_rules(tmp_path, {"id": "storage.boost", "effects": {"score": {"beta": 12}}})
    profile = to_profile(PROFILE)
    before = profile.model_dump()
    first = recommend(profile, rules).to_json()
    assert recommend(profile, rules).to_json() == first
    assert profile.model_dump() == before
    assert recommend(to_profile(PROFILE), rules).to_json() == first


def test_the_order_of_packs_on_the_command_line_changes_nothing(tmp_path: Path) -> None:
    base = mini_rules(tmp_path, name="base").packs[0].path
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "pack": "another",
                "version": "2.0.0",
                "sources": {"guide": {"title": "A guide"}},
                "decisions": {"storage": {"options": {"delta": {"title": "Delta"}}}},
                "rules": [
                    {
                        "id": "storage.delta-ties",
                        "title": "Delta ties with beta",
                        "rationale": "Both fit.",
                        "sources": ["guide"],
                        "when": ALWAYS,
                        "effects": {"score": {"delta": 9, "beta": 9}},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    forward = load_rules([base, extra], builtin=False, cache=False)
    backward = load_rules([extra, base], builtin=False, cache=False)
    assert [p.id for p in backward.packs] == ["another", "base"]
    assert run(forward).to_json() == run(backward).to_json()
    # The tie between beta and the added delta is said and settled by option id (no pack
    # declares a preference), whatever the command line said.
    assert run(backward).storage.primary == "beta"
    assert run(backward).storage.tie is not None


def test_built_in_packs_come_first_whatever_the_user_pack_is_called(tmp_path: Path) -> None:
    user = tmp_path / "aaa.json"
    user.write_text(
        json.dumps(
            {
                "pack": "aaa",
                "version": "0.0.1",
                "decisions": {"storage": {"options": {"archive_tier": {"title": "Archive"}}}},
            }
        ),
        encoding="utf-8",
    )
    rules = load_rules([user], cache=False)
    assert [p.id for p in rules.packs] == ["core", "aaa"]
    assert [o.id for o in rules.decisions["storage"]][-1] == "archive_tier"


def test_a_rule_set_without_options_for_a_decision_does_not_load(tmp_path: Path) -> None:
    with pytest.raises(advisor.RulePackError, match="no pack declares the options"):
        mini_rules(tmp_path, options=False)


def test_assembled_recommendation_equals_a_validated_one() -> None:
    """The engine's fast construction must give exactly what pydantic validation gives."""
    from advisor.reasoning.recommendation import Recommendation

    paths = sorted((Path(__file__).parent / "scenarios").glob("seed-*.yaml"))
    # With the search, the reasons are traced and copied (recommendation.updated) too.
    for path, what_if in [(p, w) for p in paths for w in (False, True)]:
        rec = advisor.evaluate(path, what_if=what_if)
        _ = rec.profile.derived  # a cached value on the profile must not affect equality
        rebuilt = Recommendation.model_validate(rec.model_dump())
        assert rebuilt == rec
        assert rebuilt.to_json() == rec.to_json()
        assert rebuilt.model_fields_set == rec.model_fields_set


def test_an_option_is_not_listed_beside_the_option_that_covers_it(tmp_path: Path) -> None:
    # A lakehouse is a lake underneath: "lakehouse + lake" would tell a team to build twice.
    effects = {"score": {"gamma": 20}, "complement": ["alpha", "beta"]}
    rules = mini_rules(
        tmp_path, {"id": "storage.x", "effects": effects}, covers={"gamma": ["alpha"]}
    )
    assert run(rules).storage.primary == "gamma"
    assert run(rules).storage.complements == ("beta",)
    uncovered = mini_rules(tmp_path, {"id": "storage.x", "effects": effects}, name="plain")
    assert run(uncovered).storage.complements == ("alpha", "beta")


def test_records_give_the_json_the_models_give() -> None:
    # The command line's fast path builds results as plain records (no pydantic model layer);
    # over many profiles, with the search, they must print the very bytes the models print.
    import random

    from test_modelcache import generated

    from advisor.errors import ProfileError
    from advisor.reasoning.records import RECORDS
    from advisor.reasoning.ruleset import load_rules

    packs = [[], [Path(__file__).parent.parent / "examples" / "packs" / "timeseries.yaml"]]
    rng = random.Random(7)
    compared = 0
    for extra in packs:
        models = load_rules(extra, cache=False)
        records = load_rules(extra, cache=False, output=RECORDS)
        for _ in range(600):
            try:
                profile = advisor.Profile.model_validate(generated(rng))
            except (ProfileError, ValueError):
                continue
            for what_if in (False, True):
                mine = advisor.evaluate(profile, rules=records, what_if=what_if)
                theirs = advisor.evaluate(profile, rules=models, what_if=what_if)
                assert type(mine) is RECORDS.Recommendation  # guards the guard
                assert mine.to_json() == theirs.to_json()
                assert mine.to_data() == theirs.to_data()
                compared += 1
    assert compared > 1500
