"""The benchmark still runs (its numbers are for people; no timing is asserted here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from advisor_run import ROOT, clean_env, run


def test_bench_runs_and_reports_every_measurement(tmp_path: Path) -> None:
    done = run(
        [
            sys.executable,
            ROOT / "bench" / "bench.py",
            *("--runs", "1", "--profiles", "20", "--portfolio", "5,10", "--rules", "10"),
        ],
        cwd=tmp_path,
        env=clean_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for row in (
        "CPUs",
        "PyYAML C loader (libyaml):",
        'python -c "import typer, rich, pydantic, yaml"',
        "floor: typer app",
        "evaluate examples/retail-bi.yaml --format json",
        "--format json --no-what-if",
        "--format plain",
        "--help",
        "what would change + growth outlook add",
        "evaluate(), full recommendation",
        "to_json() of those",
        "what would change + outlook",
        "10 profiles, --no-what-if",
        "10 profiles, peak memory",
        "5 profiles, with the search",
        "10 rules (1 pack), cold evaluate",
        "1,000 user groups, evaluate with search",
        "ask --profile, 600 groups, whole run",
        "ask, one answer at 600 groups",
    ):
        assert row in out, out
    assert re.search(r"advisor \(\d+ conditions x 20 profiles\)", out), out
    for target in ("target <= 1.3x", "target <= 0.6x", "target >= 40,000"):
        assert target in out, out
    # Targets set for 10,000 profiles and rules are not judged against a smaller run.
    for said in ("targets at 10,000", "target at 10,000"):
        assert said in out, out
    for judged in ("target >= 3,000", "target <= 3:"):
        assert judged not in out, out
