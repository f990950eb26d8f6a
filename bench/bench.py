"""How fast advisor starts and how fast its library answers, against baselines from the same run.

Run from a checkout with advisor installed (``pip install .`` or ``pip install -e .``)::

    python bench/bench.py              # 20 runs of each command, about a minute
    python bench/bench.py --runs 40    # steadier medians

Every command runs as a new process ("cold" start: a fresh interpreter that imports everything).
The built-in rules are cached after their first load, so one untimed warm-up run of each command
fills that cache (in a fresh temporary folder, via ``ADVISOR_CACHE_DIR``) and the page cache
first; that is the state a user is in from their second run on. Runs are interleaved, one of each
command per round, so that a slow moment of the machine hits every command alike; each ratio
divides two medians from this same run, never numbers from another machine or day.

The library is timed in this process: ``advisor.evaluate()`` calls per second on a profile that is
already validated, with the full recommendation (rankings and every reason) built each time.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXAMPLE = ROOT / "examples" / "retail-bi.yaml"

BASELINE = "import typer, rich, pydantic, yaml"
# The least a typer + pydantic + PyYAML tool can cost before it does any work of its own: what
# advisor's start-up would be if advisor's own code took no time at all.
FLOOR = """\
import typer, yaml
from pydantic import BaseModel

class Model(BaseModel):
    name: str
    size: int

app = typer.Typer(add_completion=False)

@app.command()
def run(path: str) -> None:
    Model.model_validate(yaml.safe_load("name: x\\nsize: 1"))

app(["x"])
"""


@dataclass(frozen=True)
class Command:
    """A command timed as a new process."""

    key: str
    shown: str
    argv: tuple[str, ...]
    target: float | None = None  # the largest acceptable ratio to the baseline


@dataclass(frozen=True)
class Timing:
    """The wall times of one command, in seconds."""

    command: Command
    times: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median wall time."""
        return statistics.median(self.times)


def advisor_argv() -> tuple[str, ...]:
    """The installed ``advisor`` script beside this interpreter, else ``python -m advisor``."""
    script = Path(sys.executable).with_name("advisor")
    if script.is_file() and os.access(script, os.X_OK):
        return (str(script),)
    return (sys.executable, "-m", "advisor")


def commands(example: Path) -> list[Command]:
    """The baseline, the floor and the two advisor commands, in the order they are shown."""
    advisor = advisor_argv()
    shown = "advisor" if len(advisor) == 1 else "python -m advisor"
    try:
        example_name = str(example.relative_to(ROOT))
    except ValueError:
        example_name = str(example)
    return [
        Command("baseline", f'python -c "{BASELINE}"', (sys.executable, "-c", BASELINE)),
        Command(
            "floor",
            "floor: typer app + 1 pydantic model + yaml, no advisor code",
            (sys.executable, "-c", FLOOR),
        ),
        Command(
            "evaluate",
            f"{shown} evaluate {example_name} --format json",
            (*advisor, "evaluate", str(example), "--format", "json"),
            target=1.3,
        ),
        Command(
            "quick",
            f"{shown} evaluate {example_name} --format json --no-what-if",
            (*advisor, "evaluate", str(example), "--format", "json", "--no-what-if"),
        ),
        Command("help", f"{shown} --help", (*advisor, "--help"), target=0.7),
    ]


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall time of one run; a failing command stops the benchmark with its error output."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed


def time_commands(cmds: Sequence[Command], runs: int, env: dict[str, str]) -> list[Timing]:
    """One warm-up run of each command, then ``runs`` interleaved rounds."""
    for command in cmds:
        run_once(command.argv, env)
    times: dict[str, list[float]] = {command.key: [] for command in cmds}
    for round_ in range(runs):
        # Rotate who goes first so no command always runs right after the same neighbour.
        shift = round_ % len(cmds)
        for command in [*cmds[shift:], *cmds[:shift]]:
            times[command.key].append(run_once(command.argv, env))
    return [Timing(command, tuple(times[command.key])) for command in cmds]


def library_rate(example: Path, seconds: float) -> tuple[float, float, int]:
    """``evaluate()`` calls per second on a validated profile, and with ``to_json()`` too.

    Returns:
        The median rate of five timed stretches for ``evaluate()`` and for
        ``evaluate().to_json()``, and the number of reasons in one recommendation.
    """
    import advisor

    profile = advisor.load_profile(example)
    rules = advisor.default_rules()
    first = advisor.evaluate(profile, rules=rules)
    reasons = sum(
        len(entry.reasons)
        for decision in (first.storage, first.pipeline)
        for entry in decision.ranking
    )

    def rate(call_json: bool) -> float:
        # Size each stretch from a short trial so the whole measurement takes about `seconds`.
        trial_start = time.perf_counter()
        trial = 0
        while time.perf_counter() - trial_start < 0.05:
            result = advisor.evaluate(profile, rules=rules)
            if call_json:
                result.to_json()
            trial += 1
        per_call = (time.perf_counter() - trial_start) / trial
        calls = max(1, int(seconds / 5 / per_call))
        rates = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(calls):
                result = advisor.evaluate(profile, rules=rules)
                if call_json:
                    result.to_json()
            rates.append(calls / (time.perf_counter() - start))
        return statistics.median(rates)

    return rate(call_json=False), rate(call_json=True), reasons


def distinct_profiles(count: int, seed: int = 20261202) -> list[Any]:
    """``count`` validated profiles, all different, drawn the same way in every run."""
    import advisor

    rng = random.Random(seed)
    roles = ("business", "analyst", "data_scientist", "engineer")
    workloads = ("transactional", "reporting", "dashboards", "ad_hoc", "ml", "realtime", "archive")
    found = []
    for _ in range(count):
        structured = rng.randint(0, 100)
        semi = rng.randint(0, 100 - structured)
        data: dict[str, Any] = {
            "volume": f"{rng.lognormvariate(math.log(2e12), 3):.0f} B",
            "structure": {
                "structured": structured,
                "semi_structured": semi,
                "unstructured": 100 - structured - semi,
            },
            "latency": {
                "freshness": f"{rng.choice((1, 30, 300, 900, 3600, 21600, 86400))}s",
                "query": rng.choice(("interactive", "analytical")),
            },
            "users": [
                {"role": rng.choice(roles), "count": rng.randint(1, 300)}
                for _ in range(rng.randint(1, 4))
            ],
            "sources": rng.randint(1, 20),
            "workloads": rng.sample(workloads, rng.randint(0, 4)),
            "budget": rng.choice(("low", "medium", "high")),
            "team": rng.choice(("none", "small", "large")),
        }
        if rng.random() < 0.6:
            data["growth"] = f"{rng.randint(1, 80)}%/year"
        found.append(advisor.Profile.model_validate(data))
    return found


def search_time(count: int) -> tuple[float, float, float]:
    """Per profile, over ``count`` distinct profiles, the median of three passes each.

    Returns:
        Seconds per profile for ``evaluate()``; for the search alone (the nearest changes that
        would flip each answer, and the growth outlook); and for all that ``what_if=True`` adds
        to ``evaluate()`` (the search, the confidence it adjusts, and each reason's values).
    """
    import advisor
    from advisor.sensitivity import growth_outlook, what_would_change

    profiles = distinct_profiles(count)
    rules = advisor.default_rules()

    def per_profile(call: Callable[[Any], object]) -> float:
        passes = []
        for _ in range(3):
            start = time.perf_counter()
            for profile in profiles:
                call(profile)
            passes.append((time.perf_counter() - start) / len(profiles))
        return statistics.median(passes)

    plain = per_profile(lambda p: advisor.evaluate(p, rules=rules))
    search = per_profile(lambda p: (what_would_change(p, rules), growth_outlook(p, rules)))
    full = per_profile(lambda p: advisor.evaluate(p, rules=rules, what_if=True))
    return plain, search, full - plain


def has_libyaml() -> bool:
    """Whether PyYAML has its C loader (without it, loading YAML is several times slower)."""
    import yaml

    return hasattr(yaml, "CSafeLoader")


def versions() -> str:
    """The interpreter and the versions that shape start-up time."""
    names = ("advisor", "typer", "rich", "pydantic", "PyYAML")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def verdict(ratio: float, target: float | None) -> str:
    """``meets``/``misses`` against a ratio target, or nothing without one."""
    if target is None:
        return ""
    return f"target <= {target:.1f}x: {'meets' if ratio <= target else 'misses'}"


def report(timings: Sequence[Timing], runs: int, cache: str) -> None:
    """Print the table of medians and ratios to the baseline."""
    base = timings[0].median
    width = max(len(t.command.shown) for t in timings)
    print(f"Start-up: median wall time of {runs} new processes each, interleaved")
    print(f"(rules cache {cache}, filled by one warm-up run first: 'cold' = new process)")
    print()
    print(f"  {'command':<{width}}  {'median':>9}  {'ratio':>6}")
    for timing in timings:
        ratio = timing.median / base
        print(
            f"  {timing.command.shown:<{width}}  {timing.median * 1000:7.1f} ms  "
            f"{ratio:5.2f}x  {verdict(ratio, timing.command.target)}".rstrip()
        )
    by_key = {t.command.key: t.median for t in timings}
    own = by_key["evaluate"] - by_key["floor"]
    added = by_key["evaluate"] / by_key["quick"] - 1
    print()
    print(
        f"  what would change + growth outlook add {added:+.1%} to the cold run "
        f"(target <= 10%: {'meets' if added <= 0.10 else 'misses'})"
    )
    print(
        f"  advisor's own share of `evaluate`: {own * 1000:.1f} ms above the floor "
        f"({by_key['evaluate'] / by_key['floor']:.2f}x the floor)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (20)")
    parser.add_argument(
        "--library-seconds",
        type=float,
        default=2.0,
        help="time spent on each library measurement (2.0)",
    )
    parser.add_argument(
        "--example", type=Path, default=DEFAULT_EXAMPLE, help="the profile to evaluate"
    )
    parser.add_argument(
        "--profiles", type=int, default=500, help="distinct profiles the search is timed on (500)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.library_seconds <= 0 or args.profiles < 1:
        parser.error("--runs and --profiles must be at least 1 and --library-seconds above 0")
    example = args.example.resolve()

    print(versions())
    print(f"PyYAML C loader (libyaml): {'yes' if has_libyaml() else 'NO (YAML loads slowly)'}")
    # Python's bytecode cache is part of a warm start like the rules cache: an installed package
    # ships compiled, and a checkout compiles on its first run unless this variable forbids it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if "PYTHONDONTWRITEBYTECODE" in os.environ:
        print("PYTHONDONTWRITEBYTECODE is ignored for the timed commands (bytecode is cached)")
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as cache:
        env["ADVISOR_CACHE_DIR"] = cache
        timings = time_commands(commands(example), args.runs, env)
        print()
        report(timings, args.runs, "in a new temporary folder")

        # The library uses the same fresh cache, so nothing from earlier runs is measured.
        os.environ["ADVISOR_CACHE_DIR"] = cache
        calls, calls_json, reasons = library_rate(example, args.library_seconds)
        plain, search, added = search_time(args.profiles)
    print()
    print(f"Library: advisor.evaluate(profile) on a validated profile ({example.name}),")
    print(f"full recommendation with {reasons} reasons, median of 5 stretches")
    status = "meets" if calls >= 20_000 else "misses"
    print(f"  evaluate():           {calls:10,.0f} calls/s  target >= 20,000/s: {status}")
    print(f"  evaluate().to_json(): {calls_json:10,.0f} calls/s")
    print()
    print(f"Search, on {args.profiles:,} distinct generated profiles (median of 3 passes):")
    status = "meets" if search < 0.002 else "misses"
    print(f"  evaluate():                            {plain * 1000:6.3f} ms a profile")
    print(
        f"  what would change + growth outlook:    {search * 1000:6.3f} ms a profile  "
        f"target < 2 ms: {status}"
    )
    print(f"  all that what_if=True adds (+ traces): {added * 1000:6.3f} ms a profile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
