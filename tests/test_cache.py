"""The cache of validated rule packs cannot change an answer.

Whoever can write the cache folder (a shared folder, another user) could otherwise change every
score while the output still names the genuine pack. The built-in pack does not use it at all;
a user pack's entry is used only when it is a regular file owned by this user, in a folder only
this user can write, no larger than an entry can be, and its content matches its checksum.
Anything else is ignored, with one warning, and the pack is read again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import advisor
from advisor.cache import MAX_CACHE_ENTRY, entry_path
from advisor.profiles.document import read_text
from advisor.reasoning.ruleset import builtin_rules_dir, compiled_pack, load_rules

from advisor_run import EXAMPLES, run_advisor

PACK = (EXAMPLES / "packs" / "timeseries.yaml").read_text(encoding="utf-8")
PROFILE = EXAMPLES / "iot-telemetry.yaml"
posix_only = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.setattr("advisor.cache._warned", [])
    return folder


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "timeseries.yaml"
    path.write_text(PACK, encoding="utf-8")
    return path


def honest(pack: Path) -> str:
    return advisor.evaluate(PROFILE, rules=load_rules([pack], cache=False)).to_json()


def entry(cache: Path) -> Path:
    (found,) = cache.glob("pack-*.json")
    return found


def poison(path: Path) -> None:
    """Rewrite an entry so that it would change the answer: every score change tenfold."""
    header, payload = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(payload)
    for rule in data["rules"]:
        for option, delta in rule.get("effects", {}).get("score", {}).items():
            rule["effects"]["score"][option] = delta * 10
    path.write_text(f"{header}\n{json.dumps(data)}\n", encoding="utf-8")


def test_the_built_in_pack_never_reads_the_user_cache(cache: Path) -> None:
    core = builtin_rules_dir() / "core.yaml"
    _, text = read_text(core)
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cache.mkdir(mode=0o700)
    # A planted entry for the built-in pack, which an earlier version would have trusted.
    entry_path(digest).write_text(json.dumps({"sha256": digest, "pack": {"x": 1}}))
    rec = advisor.evaluate(PROFILE, rules=load_rules())
    assert rec.storage.primary == "lakehouse"
    assert [p.id for p in rec.rules.packs] == ["core"]
    assert sorted(p.name for p in cache.iterdir()) == [entry_path(digest).name]  # none added


def test_the_shipped_precompiled_pack_is_current() -> None:
    core = builtin_rules_dir() / "core.yaml"
    source, text = read_text(core)
    shipped = core.with_name("core.compiled.json").read_text(encoding="utf-8")
    assert shipped == compiled_pack(text, source), "run: python -m advisor.reasoning.ruleset"


def test_an_entry_that_does_not_match_its_checksum_is_not_used(cache: Path, pack: Path) -> None:
    expected = honest(pack)
    load_rules([pack])
    poison(entry(cache))
    with pytest.warns(RuntimeWarning, match="does not hold what was cached"):
        assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected


@posix_only
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chown needs root")
def test_an_entry_of_another_user_is_not_used(cache: Path, pack: Path) -> None:
    expected = honest(pack)
    load_rules([pack])
    os.chown(entry(cache), 12345, 12345)
    with pytest.warns(RuntimeWarning, match="belongs to another user"):
        assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected


@posix_only
def test_a_folder_others_can_write_is_neither_read_nor_written(cache: Path, pack: Path) -> None:
    expected = honest(pack)
    load_rules([pack])
    poison(entry(cache))
    # A matching checksum: what a cache that anyone may write could hold.
    header, payload = entry(cache).read_text(encoding="utf-8").splitlines()
    from advisor.cache import _checksum

    forged = {**json.loads(header), "check": _checksum(payload.encode("ascii"))}
    entry(cache).write_text(f"{json.dumps(forged)}\n{payload}\n", encoding="utf-8")
    cache.chmod(0o777)
    with pytest.warns(RuntimeWarning, match="can be written by other users"):
        assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "too-large", "folder"])
def test_an_entry_that_is_not_a_plain_small_file_is_not_read(
    kind: str, cache: Path, pack: Path
) -> None:
    expected = honest(pack)
    load_rules([pack])
    path = entry(cache)
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # reading it would block forever
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "folder":
        path.mkdir()  # opened like a file, it cannot be read as one
    else:
        path.write_bytes(b" " * (MAX_CACHE_ENTRY + 1))
    with pytest.warns(RuntimeWarning, match="cache ignored"):
        assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected


def test_the_command_line_says_so_once(tmp_path: Path, pack: Path) -> None:
    env = {"ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    args: list[str | Path] = ["evaluate", PROFILE, "--rules", pack, "-f", "json"]
    first = run_advisor(args, tmp_path, env_extra=env)
    poison(entry(tmp_path / "cache"))
    again = run_advisor(args, tmp_path, env_extra=env)
    assert again.returncode == 0
    assert again.stdout == first.stdout
    warnings = [line for line in again.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("advisor: warning: cache ignored: ")


def test_a_combination_that_checked_clean_is_not_checked_again(
    cache: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import advisor.reasoning.ruleset

    expected = honest(pack)
    load_rules([pack])
    assert len(list(cache.glob("rules-*.json"))) == 1
    calls: list[str] = []
    original = advisor.reasoning.ruleset._check_rule

    def counting(rule: dict[str, object], *args: object) -> object:
        calls.append(str(rule["id"]))
        return original(rule, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(advisor.reasoning.ruleset, "_check_rule", counting)
    assert advisor.evaluate(PROFILE, rules=load_rules([pack])).to_json() == expected
    assert calls == []


def test_a_pack_alone_is_checked_even_when_it_checked_clean_beside_another(
    cache: Path, tmp_path: Path, pack: Path
) -> None:
    # The time-series pack's rules name an option it declares itself; a second pack that
    # relies on that option checks clean beside it, and alone must fail as it always did.
    needs = tmp_path / "needs.yaml"
    needs.write_text(
        PACK.replace("pack: timeseries", "pack: needs")
        .replace("storage.live-telemetry", "storage.needs-live-telemetry")
        .replace("storage.timeseries-store-only", "storage.needs-timeseries-store-only")
        .split("decisions:")[0]
        + "rules:"
        + PACK.split("rules:", 1)[1]
        .replace("storage.live-telemetry", "storage.needs-live-telemetry")
        .replace("storage.timeseries-store-only", "storage.needs-timeseries-store-only")
        .split("tests:")[0],
        encoding="utf-8",
    )
    load_rules([pack, needs])
    with pytest.raises(advisor.RulePackError, match="unknown option 'timeseries'"):
        load_rules([needs])
