"""The benchmark still runs (its numbers are for people; no timing is asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

from advisor_run import ROOT, clean_env, run


def test_bench_runs_and_reports_every_measurement(tmp_path: Path) -> None:
    done = run(
        [
            sys.executable,
            ROOT / "bench" / "bench.py",
            "--runs",
            "1",
            "--library-seconds",
            "0.05",
            "--profiles",
            "5",
        ],
        cwd=tmp_path,
        env=clean_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for row in (
        'python -c "import typer, rich, pydantic, yaml"',
        "floor: typer app",
        "evaluate examples/retail-bi.yaml --format json",
        "--format json --no-what-if",
        "--help",
        "evaluate():",
        "PyYAML C loader (libyaml):",
        "what would change + growth outlook add",
        "distinct generated profiles",
        "what would change + growth outlook:",
    ):
        assert row in out, out
    assert "1.00x" in out
    assert "target <= 1.3x" in out
    assert "target <= 0.7x" in out
    assert "target >= 20,000/s" in out
