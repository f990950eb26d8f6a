"""Without POSIX: every command runs with what Windows lacks taken away (no fork, no POSIX
signals or masks, no readline, termios or fcntl, a select that refuses files).

tests/data/no_posix/sitecustomize.py takes them away in each process started here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from advisor_run import EXAMPLES, ROOT, clean_env, run

NO_POSIX = ROOT / "tests" / "data" / "no_posix"


def environment(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path, PYTHONPATH=str(NO_POSIX), ADVISOR_STATE_DIR=str(tmp_path / "st"))


def test_the_stand_in_takes_posix_away(tmp_path: Path) -> None:
    probe = "import os, signal, sys; print(hasattr(os, 'fork'), hasattr(signal, 'SIGHUP'))"
    done = run([sys.executable, "-c", probe], cwd=tmp_path, env=environment(tmp_path))
    assert done.stdout.split() == ["False", "False"]


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    text = (EXAMPLES / "retail-bi.yaml").read_text(encoding="utf-8")
    for number in range(120):  # enough for workers, were there any
        (folder / f"p{number:03}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "{example}", "--format", "json"],
        ["evaluate", "{example}", "--explain", "--format", "rich"],
        ["evaluate", "{portfolio}", "--format", "jsonl", "--jobs", "2"],
        ["evaluate", "{portfolio}", "--format", "table"],
        ["evaluate", "{example}", "--set", "volume=80 TB", "-o", "out.md"],
        ["ask", "--no-input", "--profile", "{example}", "--save", "saved.yaml"],
        ["diff", "{example}", "--set", "volume=80 TB"],
        ["init", "new.yaml"],
        ["rules", "list"],
        ["rules", "test"],
        ["rules", "lint"],
        ["schema"],
        ["completion", "powershell"],
        ["--help"],
    ],
    ids=lambda args: " ".join(a.strip("{}") for a in args[:3]),
)
def test_every_command_runs_without_posix(tmp_path: Path, portfolio: Path, args: list[str]) -> None:
    example = str(EXAMPLES / "retail-bi.yaml")
    argv = [a.format(example=example, portfolio=portfolio) for a in args]
    done = run([sys.executable, "-m", "advisor", *argv], cwd=tmp_path, env=environment(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if "jsonl" in args:
        assert len(done.stdout.splitlines()) == 120


def test_ask_asks_and_keeps_a_draft_without_posix(tmp_path: Path) -> None:
    env = environment(tmp_path)
    env.update(TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(
        sys.executable, ["-m", "advisor", "ask"], cwd=str(tmp_path), env=env,
        encoding="utf-8", timeout=20, dimensions=(40, 100),
    )  # fmt: skip
    child.expect_exact("What is this workload called?")
    child.expect_exact("> ")
    child.sendline("Portable")
    child.expect_exact("How many separate systems")
    child.expect_exact("> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    [draft] = (tmp_path / "st").glob("draft-*.yaml")
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"]["name"] == "Portable"
