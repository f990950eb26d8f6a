"""The code base stays lint-clean, formatted and type-checked (mypy --strict), as CI demands."""

from __future__ import annotations

import sys

import pytest

from advisor_run import ROOT, run

CHECKS = {
    "ruff check": ["ruff", "check", "--no-cache", "--output-format=concise", "."],
    "ruff format": ["ruff", "format", "--check", "--no-cache", "."],
    # Files, strictness and plugins come from [tool.mypy] in pyproject.toml.
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("name", CHECKS)
def test_tool_passes(name: str) -> None:
    done = run([sys.executable, "-m", *CHECKS[name]], cwd=ROOT)
    assert done.returncode == 0, f"{name} found problems:\n{done.stdout}\n{done.stderr}"
