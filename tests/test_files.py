"""Files the advisor did not create are never read forever, replaced or written through.

As git and ssh treat files they did not make: only regular files are read as input and
replaced as output; a link is not followed for writing; an output never replaces an input
(standard input included, compared by device and inode); temporary files sit beside their
target with a recognisable name and go away on every exit Python sees.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor_run import EXAMPLES, ROOT, clean_env, run_advisor

RETAIL = EXAMPLES / "retail-bi.yaml"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


@posix_only
@pytest.mark.parametrize("where", ["profile", "pack"])
def test_a_fifo_as_input_is_refused_not_waited_on(where: str, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    args: list[str | Path] = (
        ["evaluate", fifo] if where == "profile" else ["evaluate", RETAIL, "--rules", fifo]
    )
    done = run_advisor(args, tmp_path)  # with no writer, reading would block forever
    assert done.returncode == 2
    assert "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@posix_only
@pytest.mark.parametrize("command", ["evaluate", "init"])
def test_force_never_replaces_a_fifo_or_a_device(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for target in (fifo, Path(os.devnull)):
        args: list[str | Path] = (
            ["evaluate", RETAIL, "-o", target, "--force", "-f", "json"]
            if command == "evaluate"
            else ["init", target, "--force"]
        )
        done = run_advisor(args, tmp_path)
        assert done.returncode == 2, done.stderr
        assert "advisor writes only regular files" in done.stderr
    assert fifo.is_fifo()
    assert Path(os.devnull).is_char_device()


def test_force_does_not_write_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("mine\n")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    done = run_advisor(["evaluate", RETAIL, "-o", link, "--force"], tmp_path)
    assert done.returncode == 2
    assert "is a symbolic link" in done.stderr
    assert link.is_symlink()
    assert real.read_text() == "mine\n"


def test_an_output_never_replaces_the_standard_input_it_reads(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_bytes(RETAIL.read_bytes())
    with profile.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "advisor", "evaluate", "-", "-o", profile, "--force"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=clean_env(tmp_path),
            cwd=ROOT,
            check=False,
        )
    assert done.returncode == 2
    assert "is the standard input being read" in done.stderr
    assert profile.read_bytes() == RETAIL.read_bytes()


@pytest.mark.parametrize(
    "args",
    [["evaluate", RETAIL, "--rules", ""], ["rules", "list", "--rules", ""], ["rules", "lint", ""]],
    ids=["evaluate", "rules-list", "rules-lint"],
)
def test_an_empty_rules_path_is_refused(args: list[object], tmp_path: Path) -> None:
    (tmp_path / "stray.yaml").write_text("not: a pack\n")  # what '' would have read
    done = run_advisor(args, tmp_path, cwd=tmp_path)  # type: ignore[arg-type]
    assert done.returncode == 2
    assert "an empty path" in done.stderr


def test_a_temporary_file_is_named_for_its_target_and_removed_when_writing_fails(
    tmp_path: Path,
) -> None:
    from advisor.errors import UsageError
    from advisor.files import write_atomic

    target = tmp_path / "report.md"
    target.write_text("old\n")
    target.chmod(0o644)

    class DiskFullError(Exception):
        pass

    original = os.fsync

    def failing(fd: int) -> None:
        names = os.listdir(tmp_path)
        assert any(n.startswith(".report.md.advisor-") and n.endswith(".tmp") for n in names)
        raise DiskFullError

    os.fsync = failing  # type: ignore[assignment]
    try:
        with pytest.raises(DiskFullError):
            write_atomic(target, "new\n", overwrite=True)
    finally:
        os.fsync = original
    assert sorted(os.listdir(tmp_path)) == ["report.md"]
    assert target.read_text() == "old\n"
    with pytest.raises(UsageError):
        write_atomic(tmp_path, "x")


@posix_only
def test_sigterm_ends_the_command_as_ctrl_c_does(tmp_path: Path) -> None:
    # By default SIGTERM ends Python at once, skipping every cleanup (the temporary file of a
    # write, the draft of answers); it now runs them, and exits as an interruption.
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "evaluate", "-"],
        stdin=subprocess.PIPE,  # left open: the command waits for the profile
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(tmp_path),
        cwd=ROOT,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"advisor: interrupted" in err
    assert b"Traceback" not in err


def test_a_line_break_in_a_file_name_cannot_forge_a_message(tmp_path: Path) -> None:
    forged = "x\nforged.yaml:1:1: error: something else"
    done = run_advisor(["evaluate", forged], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == "x?forged.yaml:1:1: error: something else: error: no such file"
    assert not any(line.startswith("forged.yaml") for line in lines)


@pytest.mark.parametrize("which", ["profile", "pack"])
def test_ask_save_never_replaces_an_input(which: str, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_bytes(RETAIL.read_bytes())
    pack = tmp_path / "ts.yaml"
    pack.write_bytes((EXAMPLES / "packs" / "timeseries.yaml").read_bytes())
    target = profile if which == "profile" else pack
    before = target.read_bytes()
    args: list[str | Path] = ["ask", "--no-input", "--profile", profile, "--rules", pack]
    done = run_advisor([*args, "--save", target, "--force"], tmp_path)
    assert done.returncode == 2
    assert "is one of the inputs" in done.stderr
    assert done.stdout == ""  # refused before any work
    assert target.read_bytes() == before


def test_ask_save_refuses_a_link_before_showing_anything(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("mine\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    done = run_advisor(
        ["ask", "--no-input", "--profile", RETAIL, "--save", tmp_path / "link.yaml"], tmp_path
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "is a symbolic link" in done.stderr


@pytest.mark.skipif(not hasattr(os, "getgroups") or os.geteuid() != 0, reason="needs root")
def test_replacing_a_file_keeps_its_group(tmp_path: Path) -> None:
    from advisor.files import write_atomic

    target = tmp_path / "shared.md"
    target.write_text("old\n")
    os.chown(target, -1, 65534)
    target.chmod(0o640)
    write_atomic(target, "new\n", overwrite=True)
    info = target.stat()
    assert (info.st_gid, info.st_mode & 0o777) == (65534, 0o640)
