"""Rule packs load strictly: every mistake is reported at its file:line, and nothing runs.

Each test starts from a small valid pack (PACK) and changes one line, so the line numbers in the
expected messages are the lines of PACK below.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import WriteFile

import advisor
from advisor.errors import RulePackError
from advisor.reasoning.ruleset import builtin_rules_dir, load_rules

from advisor_run import run_advisor

PACK = """\
pack: extra
version: 0.1.0
sources:
  my-guide: {title: My guide}
rules:
  - id: storage.extra-rule
    title: An extra rule
    rationale: Because it is true.
    sources: [my-guide]
    when: {fact: volume, op: ge, value: 1 TB}
    effects:
      score: {warehouse: 5}
"""
PROFILE = {
    "volume": "2 TB",
    "structure": "mixed",
    "latency": "1d",
    "users": [{"role": "data_scientist", "count": 4}],
    "workloads": ["ml"],
}


def edited(old: str, new: str) -> str:
    assert old in PACK, old
    return PACK.replace(old, new, 1)


def problems(write_file: WriteFile, text: str) -> list[str]:
    """The diagnostics (as printed) of loading ``text`` as a pack beside the built-in ones."""
    path = write_file("extra.yaml", text)
    with pytest.raises(RulePackError) as caught:
        load_rules([path], cache=False)
    return [str(d).replace(str(path), "extra.yaml") for d in caught.value.diagnostics]


def test_the_base_pack_loads_and_its_rule_runs(write_file: WriteFile) -> None:
    rules = load_rules([write_file("extra.yaml", PACK)], cache=False)
    rec = advisor.evaluate(PROFILE, rules=rules)
    assert "storage.extra-rule" in rec.rules.fired
    assert [p.id for p in rec.rules.packs] == ["core", "extra"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "fact: volume",
            "fact: volum",
            "extra.yaml:10:18: error: unknown fact 'volum'\n  hint: did you mean 'volume'?",
            id="unknown-fact",
        ),
        pytest.param(
            "warehouse: 5",
            "warehous: 5",
            "extra.yaml:12:15: error: unknown option 'warehous'\n  hint: did you mean 'warehouse'?",
            id="unknown-option",
        ),
        pytest.param(
            "warehouse: 5",
            "snowflake: 5",
            # Five edits from 'lake', and little alike: a product name, not a misspelling.
            "extra.yaml:12:15: error: unknown option 'snowflake'\n"
            "  hint: options are: database, warehouse, lake, lakehouse, none, batch, micro_batch, "
            "streaming",
            id="unknown-option-unlike-any",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: workloads, op: ge, value: ml}",
            "extra.yaml:10:33: error: operator 'ge' does not apply to set fact 'workloads'\n"
            "  hint: use one of: has, lacks, has_any, has_all, has_none",
            id="op-not-for-set",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: query, op: lt, value: interactive}",
            "extra.yaml:10:29: error: operator 'lt' does not apply to unordered choice fact "
            "'query'\n  hint: use one of: eq, ne, in, not_in",
            id="no-ordering-on-unordered-choice",
        ),
        pytest.param(
            "op: ge",
            "op: gte",
            "extra.yaml:10:30: error: 'gte' is not one of: eq, ne, lt, le, gt, ge, in, not_in, "
            "has, lacks, has_any, has_all, has_none\n  hint: did you mean 'ge'?",
            id="unknown-operator",
        ),
        pytest.param(
            "value: 1 TB",
            "value: 1 TBB",
            "extra.yaml:10:41: error: unknown size unit 'TBB' in '1 TBB'; use for example "
            "'800 GB', '3TB', '2.5 PiB' or a whole number of bytes",
            id="bad-value-unit",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: freshness, op: le, value: 5 parsecs}",
            "extra.yaml:10:44: error: unknown duration unit 'parsecs' in '5 parsecs'; use for "
            "example '30s', '15m', '12h', '1d', '1w', '1mo', 'real-time', 'hourly', 'daily', "
            "'weekly' or 'monthly'",
            id="bad-duration-unit",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: workloads, op: has, value: mll}",
            "extra.yaml:10:45: error: 'mll' is not a value of workloads (transactional, "
            "reporting, dashboards, ad_hoc, ml, realtime, archive); did you mean 'ml'?",
            id="unknown-choice",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: workloads, op: has_any, value: ml}",
            "extra.yaml:10:49: error: has_any needs a non-empty list of values",
            id="list-operator-needs-a-list",
        ),
        pytest.param(
            "    effects:\n",
            "    effect:\n",
            "extra.yaml:11:5: error: unknown key 'effect'\n  hint: did you mean 'effects'?",
            id="unknown-key",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: volume, op: ge, valeu: 1 TB}",
            "extra.yaml:10:34: error: unknown key 'valeu'\n  hint: did you mean 'value'?",
            id="unknown-key-in-condition",
        ),
        pytest.param(
            "    sources: [my-guide]\n",
            "",
            "extra.yaml:6:5: error: missing required field 'rules[0].sources'",
            id="missing-sources",
        ),
        pytest.param(
            "sources: [my-guide]",
            "sources: []",
            "extra.yaml:9:14: error: needs at least 1 item, found none",
            id="empty-sources",
        ),
        pytest.param(
            "    title: An extra rule\n",
            "",
            "extra.yaml:6:5: error: missing required field 'rules[0].title'",
            id="missing-title",
        ),
        pytest.param(
            "    rationale: Because it is true.\n",
            "",
            "extra.yaml:6:5: error: missing required field 'rules[0].rationale'",
            id="missing-rationale",
        ),
        pytest.param(
            "sources: [my-guide]",
            "sources: [my-guid]",
            "extra.yaml:9:15: error: unknown source 'my-guid'\n  hint: did you mean 'my-guide'?",
            id="unknown-source",
        ),
        pytest.param(
            "sources: [my-guide]",
            "sources: [bratsis-2023:D99]",
            "extra.yaml:9:15: error: bratsis-2023 has no claim 'D99'; its claims are D1-D26",
            id="unknown-claim",
        ),
        pytest.param(
            "id: storage.extra-rule",
            "id: storage.size-small",
            "extra.yaml:6:9: error: duplicate rule id 'storage.size-small'\n"
            "  hint: first defined in RULES/core.yaml",
            id="duplicate-rule-id-across-packs",
        ),
        pytest.param(
            "warehouse: 5",
            "warehouse: true",
            "extra.yaml:12:26: error: expected a whole number, found true",
            id="score-is-not-a-bool",
        ),
        pytest.param(
            "warehouse: 5",
            "warehouse: 0",
            "extra.yaml:12:7: error: a score of 0 does nothing; remove it",
            id="score-of-zero",
        ),
        pytest.param(
            "score: {warehouse: 5}",
            "{eliminate: [lake], require: [lake]}",
            "extra.yaml:12:7: error: lake: a rule cannot eliminate an option and also require "
            "or add it as a complement",
            id="eliminate-and-require",
        ),
        pytest.param(
            "id: storage.extra-rule",
            "id: Storage.Extra",
            "extra.yaml:6:9: error: a rule id is a decision and a name joined by a dot, in "
            "lowercase with - or _, such as 'storage.size-small'; "
            "found 'Storage.Extra'",
            id="bad-rule-id",
        ),
        pytest.param(
            "version: 0.1.0",
            "version: 1.0.x",
            "extra.yaml:2:10: error: a version is three numbers, such as '1.0.0'; found '1.0.x'",
            id="bad-version",
        ),
    ],
)
def test_a_broken_rule_fails_at_its_line(
    write_file: WriteFile, old: str, new: str, expected: str
) -> None:
    found = problems(write_file, edited(old, new))
    builtin = str(builtin_rules_dir())
    assert [p.replace(builtin, "RULES") for p in found] == [expected]


def test_every_problem_in_a_pack_is_reported_at_once(write_file: WriteFile) -> None:
    text = edited("fact: volume", "fact: volum").replace("warehouse: 5", "warehous: 5")
    found = problems(write_file, text)
    assert [p.split(": error")[0] for p in found] == ["extra.yaml:10:18", "extra.yaml:12:15"]


def test_an_option_declared_again_fails_where_it_is_declared(write_file: WriteFile) -> None:
    text = PACK + "decisions:\n  storage:\n    options:\n      warehouse: {title: Another}\n"
    found = problems(write_file, text)
    assert len(found) == 1
    assert found[0].startswith("extra.yaml:16:7: error: option 'warehouse' is already declared")
    assert "first declared in" in found[0]
    assert "core.yaml" in found[0]


def test_an_option_cannot_be_in_two_decisions_of_one_pack(write_file: WriteFile) -> None:
    text = PACK + (
        "decisions:\n"
        "  storage:\n"
        "    options:\n"
        "      vector_store: {title: Vector store}\n"
        "  pipeline:\n"
        "    options:\n"
        "      vector_store: {title: Vector store again}\n"
    )
    found = problems(write_file, text)
    assert len(found) == 1
    assert found[0].startswith("extra.yaml:19:7: error: option 'vector_store' is already declared")


def test_only_pipeline_options_have_a_cadence(write_file: WriteFile) -> None:
    text = PACK + (
        "decisions:\n  storage:\n    options:\n      cache: {title: Cache, cadence_max: 1h}\n"
    )
    assert problems(write_file, text) == [
        "extra.yaml:16:7: error: only pipeline options have continuous, cadence_max or moves"
    ]


def test_covers_names_other_options_of_the_same_decision(write_file: WriteFile) -> None:
    text = PACK + (
        "decisions:\n  storage:\n    options:\n      cache: {title: Cache, covers: [lak, batch]}\n"
    )
    assert problems(write_file, text) == [
        "extra.yaml:16:38: error: 'cache' cannot cover 'lak'\n  hint: did you mean 'lake'?",
        "extra.yaml:16:43: error: 'cache' cannot cover 'batch'\n"
        "  hint: covers names other options of storage: database, warehouse, lake, lakehouse",
    ]


def test_an_unknown_decision_is_named(write_file: WriteFile) -> None:
    text = PACK + "decisions:\n  storag:\n    options:\n      cache: {title: Cache}\n"
    assert problems(write_file, text) == [
        "extra.yaml:14:3: error: unknown decision 'storag'\n  hint: did you mean 'storage'?"
    ]


def test_a_source_declared_again_differently_fails(write_file: WriteFile) -> None:
    text = PACK.replace(
        "  my-guide: {title: My guide}\n",
        "  my-guide: {title: My guide}\n  bratsis-2023: {title: Another book}\n",
    )
    found = problems(write_file, text)
    assert len(found) == 1
    assert found[0].startswith(
        "extra.yaml:5:3: error: source 'bratsis-2023' is already declared differently"
    )


def test_a_source_may_be_cited_from_another_pack(write_file: WriteFile) -> None:
    text = edited("sources: [my-guide]", "sources: [bratsis-2023:D4, azure-big-data]")
    rules = load_rules([write_file("extra.yaml", text)], cache=False)
    assert rules.rule("storage.extra-rule").sources == ("bratsis-2023:D4", "azure-big-data")


def test_a_pack_loaded_twice_is_named(write_file: WriteFile, tmp_path: Path) -> None:
    first = write_file("extra.yaml", PACK)
    second = write_file("copy.yaml", PACK.replace("storage.extra-rule", "storage.other"))
    with pytest.raises(RulePackError) as caught:
        load_rules([first, second], cache=False)
    # Canonical order (by pack id, then path) decides which copy is "the second", not argv.
    (message,) = [str(d) for d in caught.value.diagnostics]
    assert message == (
        f"{first}:1:7: error: pack 'extra' is loaded twice\n  hint: also in {second}"
    )


@pytest.mark.parametrize(
    ("tests_yaml", "expected"),
    [
        pytest.param(
            "  - name: a test\n    expect: {not_fires: [storage.size-smal]}\n",
            "extra.yaml:15:26: error: unknown rule 'storage.size-smal'\n"
            "  hint: did you mean 'storage.size-small'?",
            id="unknown-rule-in-not-fires",
        ),
        pytest.param(
            "  - name: a test\n    profile: {}\n    expect: {storage: warehose}\n",
            "extra.yaml:16:23: error: unknown storage option 'warehose'\n"
            "  hint: did you mean 'warehouse'?",
            id="unknown-primary",
        ),
        pytest.param(
            "  - name: a test\n    profile: {}\n    expect: {pipeline: warehouse}\n",
            "extra.yaml:16:24: error: unknown pipeline option 'warehouse'\n"
            "  hint: pipeline options are: none, batch, micro_batch, streaming",
            id="option-of-the-other-decision",
        ),
        pytest.param(
            "  - name: a test\n    profile: {}\n    expect: {}\n",
            "extra.yaml:16:13: error: a test expects something: storage, pipeline, includes, "
            "excludes, fires, not_fires, cadence_max or warns",
            id="expects-nothing",
        ),
        pytest.param(
            "  - name: a test\n    expect: {storage: lake}\n"
            "  - name: a test\n    expect: {storage: warehouse}\n",
            "extra.yaml:16:11: error: duplicate test name 'a test'\n"
            "  hint: first used by test 1 of this pack; give each test its own name",
            id="duplicate-test-name",
        ),
    ],
)
def test_a_pack_test_that_could_never_fail_does_not_load(
    write_file: WriteFile, tests_yaml: str, expected: str
) -> None:
    found = problems(write_file, PACK + "tests:\n" + tests_yaml)
    assert found == [expected]


# -- a user pack extends the built-in knowledge without code -----------------------------------

VECTOR_PACK = """\
pack: vectors
version: 0.1.0
sources:
  vector-guide: {title: Choosing a vector store}
decisions:
  storage:
    options:
      vector_store: {title: Vector store, summary: Embeddings served by similarity search.}
rules:
  - id: storage.embeddings-need-vector-store
    title: Similarity search over embeddings needs a vector store
    rationale: Nearest-neighbour queries over embeddings need an index built for them.
    sources: [vector-guide]
    when:
      all:
        - {fact: workloads, op: has, value: ml}
        - {fact: technical_share, op: ge, value: 80}
    effects:
      score: {vector_store: 80}
      complement: [lakehouse]
tests:
  - name: ML teams get a vector store beside a lakehouse
    profile:
      users: [{role: data_scientist, count: 4}]
      workloads: [ml]
    expect:
      storage: vector_store
      includes: [lakehouse]
"""


def test_a_user_pack_adds_a_storage_option_without_code(write_file: WriteFile) -> None:
    rules = load_rules([write_file("vectors.yaml", VECTOR_PACK)], cache=False)
    assert [o.id for o in rules.decisions["storage"]] == [
        "database",
        "warehouse",
        "lake",
        "lakehouse",
        "vector_store",
    ]
    rec = advisor.evaluate(PROFILE, rules=rules)
    assert rec.storage.primary == "vector_store"
    assert rec.storage.complements == ("lakehouse",)
    top, second = rec.storage.ranking[:2]
    assert (top.option, top.title) == ("vector_store", "Vector store")
    assert top.score > second.score
    assert [r.rule for r in top.reasons] == ["storage.embeddings-need-vector-store"]
    without = advisor.evaluate(PROFILE, rules=load_rules(cache=False))
    assert "vector_store" not in [entry.option for entry in without.storage.ranking]


def test_a_user_pack_works_through_the_cli(write_file: WriteFile, tmp_path: Path) -> None:
    pack = write_file("vectors.yaml", VECTOR_PACK)
    profile = write_file("profile.json", json.dumps(PROFILE))
    result = run_advisor(["evaluate", "--format", "json", "--rules", pack, profile], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["storage"]["primary"] == "vector_store"
    assert [p["id"] for p in data["rules"]["packs"]] == ["core", "vectors"]
    tested = run_advisor(["rules", "test", "--rules", pack], tmp_path)
    assert "ok   vectors: ML teams get a vector store beside a lakehouse" in tested.stdout


# -- hostile rule files are data, and fail cleanly ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "value: 1 TB",
            "value: \"__import__('os').system('touch MARKER')\"",
            "expected a size such as",
            id="code-as-a-size",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: workloads, op: has, value: \"__import__('os').system('touch MARKER')\"}",
            "is not a value of workloads",
            id="code-as-a-choice",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            '{fact: sources, op: ge, value: "exec(\'open(\\"MARKER\\", \\"w\\")\')"}',
            "sources is a number; expected a number",
            id="code-as-a-number",
        ),
        pytest.param(
            "fact: volume", "fact: __class__", "unknown fact '__class__'", id="dunder-fact"
        ),
        pytest.param(
            "fact: volume", "fact: profile.__init__", "unknown fact", id="attribute-path-fact"
        ),
        pytest.param("op: ge", "op: __ge__", "'__ge__' is not one of", id="dunder-operator"),
        pytest.param(
            "warehouse: 5", "__class__: 5", "an id is a lowercase word", id="dunder-option"
        ),
        pytest.param(
            "value: 1 TB",
            "value: !!python/object/apply:os.system ['touch MARKER']",
            "tags (!!python/object/apply:os.system) are not accepted",
            id="python-tag",
        ),
        pytest.param(
            "value: 1 TB",
            "value: '{{ 7 * 7 }} ${7*7} %(x)s'",
            "expected a size such as",
            id="template-syntax",
        ),
        pytest.param(
            "{fact: volume, op: ge, value: 1 TB}",
            "{fact: query, op: eq, value: '(a+)+$'}",
            "'(a+)+$' is not a value of query",
            id="regex-syntax",
        ),
    ],
)
def test_a_hostile_rule_file_is_data_and_fails_cleanly(
    write_file: WriteFile, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    marker = tmp_path / "MARKER"
    text = edited(old, new.replace("MARKER", str(marker)))
    found = problems(write_file, text)
    assert len(found) == 1
    assert found[0].startswith("extra.yaml:")
    assert expected in found[0]
    assert not marker.exists()


def test_a_hostile_text_that_is_valid_data_stays_text(write_file: WriteFile) -> None:
    hostile = "{{ __import__('os').system('id') }} ${jndi:ldap://x} %s %(x)s"
    text = edited("title: An extra rule", f'title: "{hostile}"').replace(
        "rationale: Because it is true.", f'rationale: "{hostile}"'
    )
    rules = load_rules([write_file("extra.yaml", text)], cache=False)
    rec = advisor.evaluate(PROFILE, rules=rules)
    reason = next(
        r for r in rec.storage.ranked("warehouse").reasons if r.rule == "storage.extra-rule"
    )
    assert (reason.title, reason.because) == (hostile, hostile)


def test_a_broken_pack_on_the_command_line_is_a_message_not_a_traceback(
    write_file: WriteFile, tmp_path: Path
) -> None:
    pack = write_file("extra.yaml", edited("fact: volume", "fact: __class__"))
    profile = write_file("profile.json", json.dumps(PROFILE))
    result = run_advisor(["evaluate", "--rules", pack, profile], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{pack}:10:18: error: unknown fact '__class__'")
    assert "Traceback" not in result.stderr


# -- the cache of validated packs -----------------------------------------------------------


def test_a_cached_pack_gives_the_same_rules(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_file("vectors.yaml", VECTOR_PACK)
    fresh = load_rules([pack])
    assert list((tmp_path / "cache").glob("pack-*.json"))
    cached = load_rules([pack])
    assert (
        advisor.evaluate(PROFILE, rules=cached).to_json()
        == advisor.evaluate(PROFILE, rules=fresh).to_json()
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda pack: pack["rules"][0].pop("when"),
        lambda pack: pack.pop("decisions"),
        lambda pack: pack["rules"][0].update(effects=[]),
    ],
    ids=["rule-without-condition", "no-decisions", "effects-not-a-mapping"],
)
def test_a_damaged_cache_entry_is_read_again_from_the_pack(
    write_file: WriteFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[dict[str, Any]], object],
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_file("vectors.yaml", VECTOR_PACK)
    expected = advisor.evaluate(PROFILE, rules=load_rules([pack], builtin=True)).to_json()
    for entry_file in (tmp_path / "cache").glob("pack-*.json"):
        header, payload = entry_file.read_text(encoding="utf-8").splitlines()
        data = json.loads(payload)
        damage(data)
        entry_file.write_text(f"{header}\n{json.dumps(data)}\n", encoding="utf-8")
    monkeypatch.setattr("advisor.cache._warned", [])
    # Not a traceback: the same answer as from the packs themselves, one warning, and a cache
    # mended (the entry no longer matches the checksum it was written with).
    with pytest.warns(RuntimeWarning, match="does not hold what was cached"):
        assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected
    assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected


def test_a_changed_pack_is_not_read_from_the_cache(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    load_rules([write_file("extra.yaml", PACK)])
    broken = write_file("extra.yaml", edited("fact: volume", "fact: volum"))
    with pytest.raises(RulePackError, match="unknown fact 'volum'"):
        load_rules([broken])


def test_the_output_names_each_pack_with_the_sha256_of_its_file(write_file: WriteFile) -> None:
    pack = write_file("vectors.yaml", VECTOR_PACK)
    rec = advisor.evaluate(PROFILE, rules=load_rules([pack], cache=False))
    core = builtin_rules_dir() / "core.yaml"
    assert [(p.id, p.version, p.sha256) for p in rec.rules.packs] == [
        ("core", "2.0.0", hashlib.sha256(core.read_bytes()).hexdigest()),
        ("vectors", "0.1.0", hashlib.sha256(pack.read_bytes()).hexdigest()),
    ]


def test_what_a_claim_says_must_be_one_of_its_claims(write_file: WriteFile) -> None:
    text = edited(
        "  my-guide: {title: My guide}\n",
        "  my-guide:\n    title: My guide\n    claims: G1-G3\n    said: {G1: First., G9: Ninth.}\n",
    )
    assert problems(write_file, text) == [
        "extra.yaml:5:5: error: 'G9' is not one of the claims G1-G3"
    ]


def test_a_source_with_a_single_claim_names_it_alone(write_file: WriteFile) -> None:
    text = edited(
        "  my-guide: {title: My guide}\n",
        "  my-guide:\n    title: My guide\n    claims: G1\n    said: {G1: First.}\n",
    )
    assert load_rules([write_file("extra.yaml", text)], cache=False).sources["my-guide"][
        "said"
    ] == {"G1": "First."}
    bad = edited(
        "  my-guide: {title: My guide}\n",
        "  my-guide:\n    title: My guide\n    claims: first\n",
    )
    assert problems(write_file, bad) == [
        "extra.yaml:6:13: error: claims are a range such as 'D1-D26', or one claim such as "
        "'A1'; found 'first'"
    ]


def test_rules_show_quotes_what_a_cited_claim_says(tmp_path: Path) -> None:
    result = run_advisor(["rules", "show", "storage.sources-several"], tmp_path)
    assert result.returncode == 0, result.stderr
    said = load_rules(cache=False).sources["bratsis-2023"]["said"]["D4"]
    assert f"“{said}”" in " ".join(line.strip() for line in result.stdout.splitlines())


def test_every_claim_of_the_book_is_said_in_the_core_pack() -> None:
    source = load_rules(cache=False).sources["bratsis-2023"]
    assert sorted(source["said"], key=lambda claim: int(claim[1:])) == [
        f"D{n}" for n in range(1, 27)
    ]


def test_an_empty_rules_path_is_refused_not_read_as_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "profile.yaml").write_text("volume: 1 TB\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RulePackError) as caught:
        load_rules([""], cache=False)
    assert str(caught.value) == "<rules>: error: an empty path names no rule pack file or folder"


TIE_PACK = """\
pack: {name}
version: 1.0.0
decisions:
  storage:
    options:
      {option}: {{title: An option}}
    tie_break:
      prefer: {prefer}
      because: {because}
"""


def test_a_users_pack_replaces_the_built_in_tie_break(write_file: WriteFile) -> None:
    pack = write_file(
        "mine.yaml",
        TIE_PACK.format(
            name="mine", option="vault", prefer="[lakehouse, warehouse]", because="we run one"
        ),
    )
    rules = load_rules([pack], cache=False)
    assert rules.tie_breaks["storage"].prefer == ("lakehouse", "warehouse")
    assert rules.tie_order["storage"]["lakehouse"] == 0
    assert rules.tie_breaks["pipeline"].prefer[0] == "none"  # the built-in one still stands


def test_two_user_packs_with_different_tie_breaks_are_an_error(write_file: WriteFile) -> None:
    one = write_file(
        "one.yaml",
        TIE_PACK.format(name="one", option="vault", prefer="[lake, warehouse]", because="a"),
    )
    two = write_file(
        "two.yaml",
        TIE_PACK.format(name="two", option="safe", prefer="[warehouse, lake]", because="b"),
    )
    with pytest.raises(RulePackError) as caught:
        load_rules([one, two], cache=False)
    assert "pack 'one' already declares another tie_break for storage" in str(caught.value)


def test_an_option_listed_twice_in_a_tie_break_is_refused(write_file: WriteFile) -> None:
    pack = write_file(
        "twice.yaml",
        TIE_PACK.format(name="twice", option="vault", prefer="[lake, lake]", because="a"),
    )
    with pytest.raises(RulePackError, match="lake: listed more than once in prefer"):
        load_rules([pack], cache=False)


BROKEN_EVERYWHERE = """\
pack: broken
version: "1"
sources:
  g: {title: G, claims: G1-G3}
  h: {title: H, claims: H1-H3, said: {H9: "x"}}
rules:
  - id: storage.bad-fact
    title: A
    rationale: r
    sources: ["g:G1"]
    when: {fact: volum, op: ge, value: 1 TB}
    effects: {score: {lake: 1}}
  - id: storage.misspelt-key
    titel: B
    rationale: r
    sources: ["g:G1"]
    when: {fact: volume, op: ge, value: 1 TB}
    effects: {score: {lake: 1}}
  - id: storage.bad-option-and-claim
    title: C
    rationale: r
    sources: ["g:G7", "h:H1"]
    when: {fact: volume, op: ge, value: 1 TB}
    effects: {score: {snowflake: 1}}
tests:
  - name: the misspelt rule fires
    profile: {volume: 1 TB, structure: structured, latency: 1d, users: low}
    expect: {fires: [storage.misspelt-key, storage.nowhere]}
"""


def test_every_problem_of_a_pack_comes_at_once(write_file: WriteFile) -> None:
    # Shape errors (version, a misspelt key, a said outside the claims) used to hide the
    # problems of the rules that had the right shape until they were fixed: three rounds.
    found = [line.partition("\n")[0] for line in problems(write_file, BROKEN_EVERYWHERE)]
    assert found == [
        "extra.yaml:2:10: error: a version is three numbers, such as '1.0.0'; found '1'",
        "extra.yaml:5:6: error: 'H9' is not one of the claims H1-H3",
        "extra.yaml:11:18: error: unknown fact 'volum'",
        "extra.yaml:14:5: error: unknown key 'titel'",
        "extra.yaml:22:15: error: g has no claim 'G7'; its claims are G1-G3",
        "extra.yaml:24:23: error: unknown option 'snowflake'",
        # The rule with a misspelt key is known by its id; only the id nobody declares is not.
        "extra.yaml:28:44: error: unknown rule 'storage.nowhere'",
    ]


@pytest.mark.parametrize(
    ("head", "first"),
    [
        ("pack: [a, b]\nversion: 0.1.0\n", "extra.yaml:1:7: error: expected text, found a list"),
        ("version: 0.1.0\n", "extra.yaml:1:1: error: missing required field 'pack'"),
        (
            "pack: extra\nversion: 0.1.0\nsources: [a, b]\n",
            "extra.yaml:3:10: error: expected a mapping",
        ),
    ],
    ids=["pack-a-list", "no-pack", "sources-a-list"],
)
def test_a_broken_head_still_lets_the_rules_be_checked(
    write_file: WriteFile, head: str, first: str
) -> None:
    body = (
        "rules:\n  - id: storage.x\n    title: X\n    rationale: r\n    sources: [nosuch]\n"
        "    when: {fact: nofact, op: ge, value: 1}\n    effects: {score: {lake: 1}}\n"
    )
    found = [p.partition("\n")[0] for p in problems(write_file, head + body)]
    assert found[0].startswith(first)
    assert any("unknown fact 'nofact'" in p for p in found)


def test_a_misspelt_condition_key_is_told_the_keys_a_file_writes(write_file: WriteFile) -> None:
    found = problems(write_file, edited("{fact: volume, op: ge, value: 1 TB}", "{bogus: 1}"))
    assert any("known keys: all, any, fact, not, op, value" in p for p in found), found


def test_names_of_left_out_parts_are_not_offered_as_options(write_file: WriteFile) -> None:
    # A broken rule's id counts as known to the pack's tests, but is no storage option.
    text = BROKEN_EVERYWHERE.replace(
        "fires: [storage.misspelt-key, storage.nowhere]", "storage: [nosuch]"
    )
    found = problems(write_file, text)
    hints = [p for p in found if "unknown storage option 'nosuch'" in p]
    assert hints
    assert "storage.misspelt-key" not in hints[0]
