"""The profile models' validators read back from the cache are pydantic's own, to the letter.

A differential test over ten thousand generated and broken profiles: the same profiles accepted
and refused, the same normalised data, the same errors (type, location, message, context).
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import ValidationError
from pydantic_core import SchemaSerializer, SchemaValidator

from advisor.profiles import modelcache
from advisor.profiles.profile import Profile

from advisor_run import EXAMPLES, run_advisor

ROLES = ["business", "analyst", "data_scientist", "engineer", "manager", "", 3]
WORDS = ["low", "medium", "high", "none", "small", "large", "huge", None, 1, True]
JUNK: list[Any] = [None, True, 0, -1, 1.5, float("inf"), "", "x", "12", "3 TB", "15m", "1e9",
                   [], {}, ["ml"], {"a": 1}, "\u202e", "mixed", 10**30, "40%/year"]  # fmt: skip


def generated(rng: random.Random) -> dict[str, Any]:
    """A profile as people write them: mostly valid, every field in its accepted forms."""
    structured = rng.randint(0, 100)
    semi = rng.randint(0, 100 - structured)
    data: dict[str, Any] = {
        "name": rng.choice([None, "Workload", "Ünïcode name", "a" * 200]),
        "volume": rng.choice(
            [
                f"{rng.lognormvariate(math.log(2e12), 3):.0f} B",
                "3 TB",
                "800 GB",
                5 * 10**12,
                "2.5 PiB",
            ]
        ),
        "structure": rng.choice(
            [
                {
                    "structured": structured,
                    "semi_structured": semi,
                    "unstructured": 100 - structured - semi,
                },
                "mixed",
                "structured",
                "unstructured",
                {"structured": 60.5, "semi_structured": 39.5},
            ]
        ),
        "latency": rng.choice(
            [
                "1d",
                "15m",
                "real-time",
                "hourly",
                3600,
                {"freshness": "1h", "query": "interactive"},
                {"freshness": "30s"},
            ]
        ),
        "users": rng.choice(
            [
                "low",
                "high",
                [
                    {"role": rng.choice(ROLES[:4]), "count": rng.randint(1, 300)}
                    for _ in range(rng.randint(1, 4))
                ],
                [{"role": "analyst", "skill": "high"}],
            ]
        ),
    }
    for field, choices in (
        ("growth", ["40%/year", "200 GB/month", "1 TB/year", {"percent_per_year": 5}]),
        ("ingest", ["10 GB/day", "1 TB/day", 1000]),
        ("sources", [1, 8, 100]),
        ("workloads", [[], ["ml"], ["dashboards", "ml", "ml"], "reporting"]),
        ("budget", ["low", "medium", "high"]),
        ("team", ["none", "small", "large"]),
    ):
        if rng.random() < 0.5:
            data[field] = rng.choice(choices)
    return data


def broken(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with one to three values replaced by junk, keys dropped or added."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        action = rng.random()
        if action < 0.5:
            data[rng.choice(list(data))] = rng.choice(JUNK)
        elif action < 0.7:
            data.pop(rng.choice(list(data)), None)
        elif action < 0.8:
            data[rng.choice(["volum", "extra", "users.0"])] = rng.choice(JUNK)
        elif isinstance(users := data.get("users"), list) and users and isinstance(users[0], dict):
            group = users[0]
            group[rng.choice(["role", "skill", "count", "x"])] = rng.choice([*JUNK, *WORDS])
        else:
            data["latency"] = {"freshness": rng.choice(JUNK), "query": rng.choice(WORDS)}
    return data


def mixture(seed: int, count: int = 10_000) -> Iterator[dict[str, Any]]:
    """``count`` profiles, every other one broken, drawn the same way for the same seed."""
    rng = random.Random(seed)
    for n in range(count):
        data = generated(rng)
        yield broken(rng, data) if n % 2 else data


def outcome(pair: tuple[Any, Any], data: Any) -> Any:
    """Accepted with the normalised data, or refused with each error (its exception as text)."""
    validator, serializer = pair
    try:
        value = validator.validate_python(data)
    except ValidationError as exc:
        errors = [
            {**error, "ctx": {k: str(v) for k, v in error.get("ctx", {}).items()}}
            for error in exc.errors(include_url=False)
        ]
        return ("refused", errors)
    return ("accepted", serializer.to_python(value, mode="json", exclude_none=True))


@pytest.fixture(scope="module")
def both() -> tuple[tuple[SchemaValidator, SchemaSerializer], tuple[Any, Any]]:
    Profile.model_rebuild()
    data = json.loads(json.dumps(modelcache.dump()))  # as written to and read from the cache
    schema = modelcache.decode(data["Profile"])
    cached = (SchemaValidator(schema), SchemaSerializer(schema))
    return cached, (Profile.__pydantic_validator__, Profile.__pydantic_serializer__)


def test_ten_thousand_profiles_are_judged_alike(both: Any) -> None:
    cached, pydantics = both
    accepted = refused = 0
    for data in mixture(20261202):
        mine, theirs = outcome(cached, data), outcome(pydantics, data)
        assert mine == theirs, data
        accepted += mine[0] == "accepted"
        refused += mine[0] == "refused"
    # Guards the guard: both kinds were met, in numbers.
    assert accepted > 3000
    assert refused > 3000


def test_only_the_modules_of_the_validators_are_looked_in() -> None:
    for name in (
        "os:system",
        "builtins:eval",
        "advisor.profiles.profile:__class__",
        "subprocess:run",
        # pydantic's module of checks also imports any module by name: only its checks.
        "pydantic._internal._validators:import_string",
    ):
        with pytest.raises(modelcache._UnsupportedError):
            modelcache.decode({"$advisor": "object", "name": name})


def test_a_forged_entry_naming_other_code_is_rebuilt_not_run(tmp_path: Path) -> None:
    # Written by whoever could write the cache: it names os.system. The run must not call
    # it, and must answer as without the cache.
    cache = tmp_path / "cache"
    run_advisor(["evaluate", EXAMPLES / "retail-bi.yaml", "-f", "json"], tmp_path)
    (entry,) = cache.glob("models-*.json")
    header, payload = entry.read_text(encoding="utf-8").splitlines()
    forged = payload.replace('"advisor.profiles.units:parse_size"', '"os:system"')
    assert forged != payload
    from advisor.cache import _checksum

    check = _checksum(forged.encode("ascii"))
    entry.write_text(f'{header[: header.index("check")]}check": "{check}"}}\n{forged}\n')
    done = run_advisor(["evaluate", EXAMPLES / "retail-bi.yaml", "-f", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["profile"]["volume"] == 6_000_000_000_000


@pytest.fixture
def records(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The records' validator, as a second run of the command line finds it in the cache."""
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    modelcache.record_validator.cache_clear()
    assert modelcache.record_validator() is None  # nothing cached yet: the models serve
    modelcache.record_validator.cache_clear()
    modelcache.prepare.__wrapped__()  # the first run writes the schema
    validator = modelcache.record_validator()
    assert validator is not None
    yield validator
    modelcache.record_validator.cache_clear()


def test_records_are_read_as_the_models_are(records: Any) -> None:
    # The fast path's profiles (plain records, validated without pydantic's model layer)
    # against the models', over ten thousand generated and broken profiles read from text:
    # the same accepted and refused, the same normalised data and facts, the same messages.
    from advisor.errors import ProfileError
    from advisor.profiles.loader import parse_documents
    from advisor.profiles.shapes import ProfileRecord
    from advisor.reasoning.facts import fact_values

    accepted = refused = 0
    for data in mixture(20261203):
        text = json.dumps(data)  # JSON is YAML: read as a file is
        (mine,), _ = parse_documents(text, "p.json", records=True)
        (theirs,), _ = parse_documents(text, "p.json")
        if isinstance(theirs, ProfileError):
            assert isinstance(mine, ProfileError), data
            assert mine.diagnostics == theirs.diagnostics, data
            refused += 1
            continue
        assert isinstance(mine, ProfileRecord), data
        assert isinstance(theirs, Profile)
        assert mine.to_data() == theirs.to_data(), data
        assert fact_values(cast(Profile, mine)) == fact_values(theirs), data
        accepted += 1
    # Guards the guard: both kinds were met, in numbers.
    assert accepted > 3000
    assert refused > 3000


def test_a_profile_not_read_from_text_is_a_model(records: Any) -> None:
    # A Python mapping has no positions to place a message at, and may hold what no file can
    # (a lone surrogate): the model reads it, as always.
    from advisor.profiles.document import Document
    from advisor.profiles.loader import profile_from_document

    data = {"volume": "3 TB", "structure": "structured", "latency": "1d", "users": "low"}
    assert isinstance(profile_from_document(Document(data, "<profile>"), records=True), Profile)


@pytest.mark.parametrize("fmt", ["json", "plain"])
@pytest.mark.parametrize(
    "forgery",
    [
        # Not a schema of the models at all: refused before use.
        lambda payload: json.dumps({**json.loads(payload), "Profile": {"type": "any"}}),
        # A check swapped for another: fine on a plain profile, failing as ours never do on
        # one with `sources` (the example has it): the models are built afresh.
        lambda payload: payload.replace(
            "advisor.profiles.shapes:not_bool", "advisor.profiles.shapes:growth_exactly_one"
        ),
    ],
)
def test_an_entry_that_builds_something_else_is_not_used(
    tmp_path: Path, fmt: str, forgery: Any
) -> None:
    # Checksummed and naming only allowed code, but not the models' schema: a run must neither
    # fail nor answer from it, on the models' path or the records' (json).
    args: list[str | Path] = ["evaluate", EXAMPLES / "retail-bi.yaml", "-f", fmt]
    clean = run_advisor(args, tmp_path)
    (entry,) = (tmp_path / "cache").glob("models-*.json")
    header, payload = entry.read_text(encoding="utf-8").splitlines()
    forged = forgery(payload)
    assert forged != payload
    from advisor.cache import _checksum

    check = _checksum(forged.encode("ascii"))
    entry.write_text(f'{header[: header.index("check")]}check": "{check}"}}\n{forged}\n')
    for _ in range(2):
        done = run_advisor(args, tmp_path)
        assert (done.returncode, done.stdout) == (0, clean.stdout), done.stderr
