"""Running advisor as a user would: a new process, its own rules cache, nothing from the caller."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The caller's environment with a private rules cache and no colour or Python path tweaks."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "FORCE_COLOR"}}
    env.update(ADVISOR_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    env.update(extra)
    return env


def run(
    argv: Sequence[str | Path], *, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command without input, capturing its text output; never raises on a non-zero exit."""
    return subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run_python(code: str, tmp_path: Path, *, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` with this interpreter and a private rules cache."""
    return run([sys.executable, "-c", code], cwd=cwd, env=clean_env(tmp_path))


def run_advisor(
    args: Sequence[str | Path],
    tmp_path: Path,
    *,
    cwd: Path = ROOT,
    env_extra: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m advisor ARGS`` in a new process with a private rules cache."""
    env = clean_env(tmp_path, **(env_extra or {}))
    return run([sys.executable, "-m", "advisor", *args], cwd=cwd, env=env)
