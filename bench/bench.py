"""Every speed target of advisor, measured in one run against baselines from the same run.

Run from a checkout with advisor installed (``pip install -e .``; the peer rule engines are the
``bench`` extra: ``pip install -e '.[bench]'``)::

    python bench/bench.py              # about three minutes on two cores
    python bench/bench.py --runs 40    # steadier start-up medians

Start-up: every command runs as a new process ("cold": a fresh interpreter that imports
everything) with the rules cache filled by one untimed warm-up run, the state a user is in from
their second run on. Runs are interleaved, one of each command per round, so that a slow moment
of the machine hits every command alike; each ratio divides two medians of this same run.

Library, portfolio and scale figures use distinct generated profiles (the same ones in every
run), never one profile over and over. Peak memory is the child process's own maximum resident
set size. The peers are timed on the built-in rules' conditions only, after each has been
checked to agree with advisor on every profile.
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
# The portfolio and the rule pack the targets are set for (a run may measure other sizes too).
TARGET_SIZE = 10_000

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
        Command(
            "plain",
            f"{shown} evaluate {example_name} --format plain",
            (*advisor, "evaluate", str(example), "--format", "plain"),
        ),
        Command("help", f"{shown} --help", (*advisor, "--help"), target=0.6),
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


def rate(call: Callable[[Any], object], items: Sequence[Any], passes: int = 3) -> float:
    """Calls a second of ``call`` over ``items``, the best of ``passes`` passes."""
    best = math.inf
    for _ in range(passes):
        start = time.perf_counter()
        for item in items:
            call(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


@dataclass(frozen=True)
class Figure:
    """One measured figure and its target."""

    what: str
    value: float
    unit: str
    target: float | None = None
    higher_is_better: bool = False

    def line(self, width: int) -> str:
        shown = f"{self.value:,.0f}" if self.value >= 100 else f"{self.value:.2f}"
        text = f"  {self.what:<{width}}  {shown:>10} {self.unit:<11}"
        if self.target is None:
            return text.rstrip()
        sign = ">=" if self.higher_is_better else "<="
        limit = f"{self.target:,.0f}" if self.target >= 100 else f"{self.target:g}"
        met = self.value >= self.target if self.higher_is_better else self.value <= self.target
        return f"{text}  target {sign} {limit}: {'meets' if met else 'misses'}"


def show(title: str, figures: Sequence[Figure]) -> None:
    print()
    print(title)
    width = max(len(f.what) for f in figures)
    for figure in figures:
        print(figure.line(width))


def library_figures(count: int) -> list[Figure]:
    """``evaluate()`` and ``to_json()`` rates and the search's cost, on distinct profiles."""
    import advisor
    from advisor.reasoning.sensitivity import growth_outlook, what_would_change

    profiles = distinct_profiles(count)
    rules = advisor.default_rules()
    recs = [advisor.evaluate(p, rules=rules) for p in profiles]
    # Each pass on fresh copies: a profile's derived facts are computed by its first
    # evaluation, and that is part of evaluating it.
    passes = [[p.model_copy() for p in profiles] for _ in range(3)]
    evaluate_rate = max(
        rate(lambda p: advisor.evaluate(p, rules=rules), fresh, 1) for fresh in passes
    )
    json_rate = rate(lambda r: r.to_json(), recs)
    searched = [advisor.evaluate(p, rules=rules, what_if=True) for p in profiles[:500]]
    json_searched = rate(lambda r: r.to_json(), searched)
    search = 1 / rate(
        lambda p: (what_would_change(p, rules), growth_outlook(p, rules)), profiles[:500]
    )
    return [
        Figure("evaluate(), full recommendation", evaluate_rate, "calls/s", 40_000, True),
        Figure("to_json() of those", json_rate, "calls/s", 40_000, True),
        Figure("to_json() with what_if=True", json_searched, "calls/s"),
        Figure("what would change + outlook", search * 1000, "ms/profile", 2.0),
    ]


def write_portfolio(folder: Path, count: int) -> None:
    """``count`` distinct profile files in ``folder``, as a portfolio would hold them."""
    import yaml

    import advisor

    folder.mkdir(parents=True, exist_ok=True)
    for number, profile in enumerate(distinct_profiles(count, seed=7)):
        data = profile.to_data()
        data["name"] = f"workload {number}"
        (folder / f"p{number:05d}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
        )
    assert advisor  # imported for the profiles' model


# Runs a command and reports its wall time and peak memory. A small process of its own: a
# forked child counts its parent's memory in its peak until it executes the command, and this
# parent is a few megabytes, where the benchmark is a hundred.
_MEASURE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, elapsed, peak)
"""


def run_measured(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one run of ``argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    code, elapsed, peak = done.stdout.split()
    if done.returncode != 0 or code != "0":
        sys.exit(f"bench: {' '.join(argv)} failed ({code}):\n{done.stderr}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    kib = int(peak) // 1024 if sys.platform == "darwin" else int(peak)
    return float(elapsed), kib


def portfolio_figures(sizes: Sequence[int], env: dict[str, str], work: Path) -> list[Figure]:
    """One ``advisor evaluate FOLDER --format jsonl`` over portfolios of several sizes."""
    advisor = advisor_argv()
    figures = []
    largest = max(sizes)
    write_portfolio(work / "portfolio", largest)
    files = sorted((work / "portfolio").iterdir())
    for size in sizes:
        folder = work / f"portfolio-{size}"
        folder.mkdir()
        for file in files[:size]:
            (folder / file.name).symlink_to(file)
        argv = (*advisor, "evaluate", str(folder), "--format", "jsonl", "--no-what-if")
        run_measured(argv, env)  # page cache
        elapsed, peak = run_measured(argv, env)
        target = size == TARGET_SIZE  # the targets are set for this many, not for any run
        figures.append(
            Figure(f"{size:,} profiles, --no-what-if", size / elapsed, "profiles/s",
                   3000 if target else None, True)
        )  # fmt: skip
        figures.append(Figure(f"{size:,} profiles, peak memory", peak / 1024, "MiB",
                              150 if target else None))  # fmt: skip
    small = min(sizes)
    argv = (*advisor, "evaluate", str(work / f"portfolio-{small}"), "--format", "jsonl")
    elapsed, peak = run_measured(argv, env)
    figures.append(Figure(f"{small:,} profiles, with the search", small / elapsed, "profiles/s"))
    return figures


def write_rules(folder: Path, count: int) -> None:
    """``count`` generated rules over the built-in options, 1,000 to a pack file."""
    folder.mkdir(parents=True, exist_ok=True)
    facts = [("volume", "ge", "{n} GB"), ("freshness", "le", "{n}m"), ("users_total", "ge", "{n}"),
             ("sources", "ge", "{n}"), ("structured_share", "ge", "{p}")]  # fmt: skip
    options = ["database", "warehouse", "lake", "lakehouse"]
    for first in range(0, count, 1000):
        lines = [f"pack: generated{first // 1000:02d}", "version: 1.0.0",
                 "sources:", "  generated:", "    title: Generated for the benchmark",
                 "    claims: G1-G1", "    said:", "      G1: Generated for the benchmark.",
                 "rules:"]  # fmt: skip
        for n in range(first, min(count, first + 1000)):
            fact, op, value = facts[n % len(facts)]
            threshold = value.format(n=1 + n % 997, p=n % 100)
            lines += [
                f"  - id: storage.generated-{n:05d}",
                f"    title: Generated rule {n}",
                f"    criterion: generated-{n}",
                "    rationale: Generated for the benchmark.",
                "    sources: [generated:G1]",
                f"    when: {{fact: {fact}, op: {op}, value: {threshold}}}",
                f"    effects: {{score: {{{options[n % 4]}: {1 + n % 3}}}}}",
            ]
        (folder / f"generated{first // 1000:02d}.yaml").write_text("\n".join(lines) + "\n")


def scale_figures(
    rule_counts: Sequence[int], runs: int, env: dict[str, str], work: Path, example: Path
) -> list[Figure]:
    """Large packs (cold, against the baseline), many user groups, and ask on many groups."""
    import yaml

    advisor = advisor_argv()
    cmds = [Command("baseline", "baseline", (sys.executable, "-c", BASELINE))]
    for count in rule_counts:
        write_rules(work / f"rules-{count}", count)
        argv = (*advisor, "evaluate", str(example), "--rules", str(work / f"rules-{count}"),
                "--format", "json")  # fmt: skip
        cmds.append(Command(f"rules-{count}", f"{count} rules", argv))
    timings = {t.command.key: t.median for t in time_commands(cmds, max(3, runs // 4), env)}
    figures = [
        Figure(
            f"{count:,} rules ({packs} pack{'s' if packs > 1 else ''}), cold evaluate",
            timings[f"rules-{count}"] / timings["baseline"],
            "x baseline",
            3.0 if count == TARGET_SIZE else None,
        )
        for count in rule_counts
        for packs in (-(-count // 1000),)
    ]
    roles = ["business", "analyst", "data_scientist", "engineer"]
    base = {"volume": "3 TB", "structure": "structured", "latency": "1d"}
    import advisor as library

    groups = [{"role": roles[n % 4], "count": 1 + n % 50} for n in range(1000)]
    profile = library.Profile.model_validate({**base, "users": groups})
    rules = library.default_rules()
    library.evaluate(profile, rules=rules, what_if=True)
    seconds = 1 / rate(lambda p: library.evaluate(p, rules=rules, what_if=True), [profile], 5)
    figures.append(Figure("1,000 user groups, evaluate with search", seconds * 1000, "ms", 100))
    teams = work / "teams.yaml"
    teams.write_text(yaml.safe_dump({**base, "users": groups[:600]}), encoding="utf-8")
    argv = (*advisor, "ask", "--profile", str(teams), "--no-input", "--format", "json")
    run_measured(argv, env)
    elapsed = min(run_measured(argv, env)[0] for _ in range(3))
    figures.append(Figure("ask --profile, 600 groups, whole run", elapsed, "s", 1.0))
    figures.append(Figure("ask, one answer at 600 groups", answer_time(groups[:600], base) * 1000,
                          "ms", 20))  # fmt: skip
    return figures


def answer_time(groups: list[dict[str, Any]], base: dict[str, Any]) -> float:
    """Seconds to take one answer and find the next question, with ``groups`` pre-filled."""
    from advisor.cli.interview import refused
    from advisor.questions.questionnaire import Questionnaire, answers_from_data

    q = Questionnaire(answers_from_data({**base, "users": groups}, "bench"))
    refused(q)
    q.fill_described_groups()
    step = q.step(f"users.{len(groups) // 2}.count")

    def answer(text: str) -> None:
        q.answer(step, text)
        q.next_step()

    return 1 / rate(answer, ["7", "8", "9"] * 3)


def peer_figures(count: int) -> list[Figure]:
    """The built-in conditions over ``count`` distinct profiles: advisor and the peers."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import peers

    import advisor

    rules = advisor.default_rules()
    results = peers.compare(distinct_profiles(count, seed=11), rules)
    mine = results[0].seconds or math.inf
    figures = []
    for result in results:
        if result.seconds is None:
            print(f"  {result.name}: {result.note}")
            continue
        what = f"{result.name} ({len(rules.rules)} conditions x {count:,} profiles)"
        figures.append(Figure(what, result.seconds * 1000, "ms"))
        if result.name != "advisor":
            figures.append(
                Figure(f"  advisor is faster than {result.name} by", result.seconds / mine, "x")
            )
    return figures


def has_libyaml() -> bool:
    """Whether PyYAML has its C loader (without it, loading YAML is several times slower)."""
    import yaml

    return hasattr(yaml, "CSafeLoader")


def versions() -> str:
    """The interpreter and the versions that shape start-up time."""
    import advisor

    # The version of the code measured, not of whatever distribution carries the name.
    names = ("typer", "rich", "pydantic", "pydantic-core", "PyYAML")
    found = [f"advisor {advisor.__version__}"]
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def machine() -> str:
    """What the figures were measured on."""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"


def verdict(ratio: float, target: float | None) -> str:
    """``meets``/``misses`` against a ratio target, or nothing without one."""
    if target is None:
        return ""
    return f"target <= {target:.1f}x: {'meets' if ratio <= target else 'misses'}"


def report(timings: Sequence[Timing], runs: int) -> None:
    """Print the table of start-up medians and ratios to the baseline."""
    base = timings[0].median
    width = max(len(t.command.shown) for t in timings)
    print()
    print(f"Start-up: median wall time of {runs} new processes each, interleaved")
    print("(rules cache filled by one warm-up run: 'cold' = a new process)")
    print(f"  {'command':<{width}}  {'median':>9}  {'ratio':>6}")
    for timing in timings:
        ratio = timing.median / base
        print(
            f"  {timing.command.shown:<{width}}  {timing.median * 1000:7.1f} ms  "
            f"{ratio:5.2f}x  {verdict(ratio, timing.command.target)}".rstrip()
        )
    by_key = {t.command.key: t.median for t in timings}
    added = by_key["evaluate"] / by_key["quick"] - 1
    print(
        f"  what would change + growth outlook add {added:+.1%} to the cold run "
        f"(target <= 10%: {'meets' if added <= 0.10 else 'misses'})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (20)")
    parser.add_argument(
        "--example", type=Path, default=DEFAULT_EXAMPLE, help="the profile to evaluate"
    )
    parser.add_argument(
        "--profiles", type=int, default=5000, help="distinct profiles for the library (5000)"
    )
    parser.add_argument(
        "--portfolio", default="1000,3000,10000", help="portfolio sizes (1000,3000,10000)"
    )
    parser.add_argument("--rules", default="2500,5000,10000", help="rule counts (2500,5000,10000)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.portfolio.split(",")]
    rule_counts = [int(n) for n in args.rules.split(",")]
    if args.runs < 1 or args.profiles < 1 or min(sizes) < 1 or min(rule_counts) < 1:
        parser.error("--runs, --profiles, --portfolio and --rules must be at least 1")
    example = args.example.resolve()

    print(machine())
    print(versions())
    print(f"PyYAML C loader (libyaml): {'yes' if has_libyaml() else 'NO (YAML loads slowly)'}")
    # Python's bytecode cache is part of a warm start like the rules cache: an installed package
    # ships compiled, and a checkout compiles on its first run unless this variable forbids it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as work:
        env["ADVISOR_CACHE_DIR"] = str(Path(work) / "cache")
        report(time_commands(commands(example), args.runs, env), args.runs)
        # The library uses the same fresh cache, so nothing from earlier runs is measured.
        os.environ["ADVISOR_CACHE_DIR"] = env["ADVISOR_CACHE_DIR"]
        show(f"Library, on {args.profiles:,} distinct profiles (best of 3 passes)",
             library_figures(args.profiles))  # fmt: skip
        show(f"Portfolio: one `advisor evaluate FOLDER --format jsonl` (distinct profiles; "
             f"targets at {TARGET_SIZE:,})",
             portfolio_figures(sizes, env, Path(work)))  # fmt: skip
        show(f"Scale of one input (the rules' target at {TARGET_SIZE:,})",
             scale_figures(rule_counts, args.runs, env, Path(work), example))  # fmt: skip
        show("Peers: the built-in rules' conditions, same facts (best of 3)",
             peer_figures(min(args.profiles, 2000)))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
