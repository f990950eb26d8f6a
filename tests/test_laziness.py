"""`advisor --help` stays fast because it never imports what only `evaluate` needs."""

from __future__ import annotations

import json
from pathlib import Path

from advisor_run import EXAMPLES, run_python

# Modules that only evaluating a profile needs; each costs tens of milliseconds to import.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "rich",
    "tabulate",
    "readline",  # only ask's prompts edit lines
    "advisor.reasoning.engine",
    "advisor.reasoning.evaluation",
    "advisor.profiles.profile",
    "advisor.reasoning.ruleset",
    "advisor.profiles.loader",
    "advisor.reasoning.recommendation",
    "advisor.renderers.",  # the renderers themselves; the package holds only their table
)


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = (
        "import json, sys\n"
        f"{code}\n"
        "sys.stderr.write('MODULES=' + json.dumps(sorted(sys.modules)) + '\\n')\n"
    )
    done = run_python(script, tmp_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(
        m
        for m in modules
        if any(
            m.startswith(h) if h.endswith(".") else m == h or m.startswith(h + ".") for h in HEAVY
        )
    )


def test_importing_the_cli_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = _modules_after("import advisor.cli.app", tmp_path)
    assert "advisor.cli.app" in modules
    assert _heavy(modules) == []


def _main_code(*argvs: list[str]) -> str:
    """Code that runs ``advisor ARGV`` in-process for each argv, requiring exit code 0."""
    return "from advisor.cli.app import main\n" + "".join(
        f"try:\n    main({argv!r})\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        for argv in argvs
    )


def test_help_and_version_import_nothing_heavy(tmp_path: Path) -> None:
    code = _main_code(["--help"], ["--version"], ["-h"])
    assert _heavy(_modules_after(code, tmp_path)) == []


def test_command_help_imports_none_of_the_advisor_machinery(tmp_path: Path) -> None:
    # typer (0.29) builds a pydantic TypeAdapter for each option of the command it runs, so
    # `advisor evaluate --help` pays for pydantic; everything else stays unloaded.
    code = _main_code(["evaluate", "--help"], ["rules", "list", "--help"])
    loaded = _heavy(_modules_after(code, tmp_path))
    assert [m for m in loaded if not m.startswith("pydantic")] == []


def test_importing_the_package_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = _modules_after("import advisor; advisor.__version__", tmp_path)
    assert _heavy(modules) == []


def test_evaluate_does_import_what_it_needs(tmp_path: Path) -> None:
    # Guards the guard: the list above names modules the evaluate path really loads.
    code = _main_code(["evaluate", str(EXAMPLES / "retail-bi.yaml"), "--format", "json"])
    loaded = _heavy(_modules_after(code, tmp_path))
    for name in (
        "pydantic",
        "yaml",
        "advisor.reasoning.engine",
        "advisor.profiles.profile",
        "advisor.reasoning.ruleset",
    ):
        assert name in loaded


# What the command line's machinery costs: a plain evaluation never needs it.
COMMAND_LINE = ("typer", "click", "rich", "tabulate", "advisor.cli.app")


def _command_line(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in COMMAND_LINE))


def test_plain_evaluation_is_answered_without_the_command_line_machinery(tmp_path: Path) -> None:
    example = str(EXAMPLES / "retail-bi.yaml")
    plain = [
        ["evaluate", example, "--format", "json"],
        ["evaluate", example, example, "-f", "jsonl", "--no-what-if"],
        ["evaluate", str(EXAMPLES), "--format=json", "--explain"],
        ["evaluate", example, "--rules", str(EXAMPLES / "packs"), "-f", "json"],
    ]
    code = _main_code(*plain).replace(
        "advisor.cli.app import main", "advisor.cli.launcher import main"
    )
    assert _command_line(_modules_after(code, tmp_path)) == []


def test_any_other_evaluation_goes_through_typer(tmp_path: Path) -> None:
    # Guards the guard: an option the quick path does not read sends the line to typer.
    example = str(EXAMPLES / "retail-bi.yaml")
    code = _main_code(["evaluate", example, "-f", "json", "--set", "budget=low"]).replace(
        "advisor.cli.app import main", "advisor.cli.launcher import main"
    )
    assert "typer" in _command_line(_modules_after(code, tmp_path))


def test_missing_libyaml_is_reported_once(tmp_path: Path) -> None:
    # PyYAML built without its C loader still works, several times slower; the user is told once
    # per run, however many documents are loaded.
    code = (
        "import yaml\n"
        "del yaml.CSafeLoader\n"
        "from advisor.cli.app import main\n"
        "main(['evaluate', 'examples/retail-bi.yaml', 'examples/media-ml.yaml', '-f', 'json'])\n"
    )
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
    assert sum("libyaml" in line for line in done.stderr.splitlines()) == 1, done.stderr
    # One plain line, not Python's warning format with a file name and a source listing.
    assert done.stderr.startswith("advisor: warning: PyYAML was built without libyaml"), done.stderr
    assert "RuntimeWarning" not in done.stderr


def test_the_written_help_is_what_typer_writes() -> None:
    from advisor.cli.launcher import HELP_FILE, typer_help

    assert HELP_FILE.read_text(encoding="utf-8") == typer_help(), (
        "the commands changed: run `python -m advisor.cli.launcher`"
    )


def test_top_level_help_is_answered_without_typer_when_it_fits(tmp_path: Path) -> None:
    code = _main_code(["--help"], ["-h"]).replace(
        "advisor.cli.app import main", "advisor.cli.launcher import main"
    )
    assert _command_line(_modules_after(code, tmp_path)) == []
    # Narrower than the help was written for: typer writes it, wrapped to the width.
    narrow = run_python(
        "import os\nos.environ['COLUMNS'] = '60'\n"
        "from advisor.cli.launcher import main\nmain(['--help'])",
        tmp_path,
    )
    assert narrow.returncode == 0, narrow.stderr
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_the_quick_path_answers_as_typer_does(tmp_path: Path) -> None:
    # The same command lines through the launcher's quick path and through typer: the same
    # output, the same messages, the same exit code, for good and bad packs and profiles.
    example = str(EXAMPLES / "retail-bi.yaml")
    extra = EXAMPLES / "packs" / "timeseries.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: broken\nversion: 1\nrules:\n  - id: x\n", encoding="utf-8")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.yaml").write_text((EXAMPLES / "media-ml.yaml").read_text(encoding="utf-8"))
    (mixed / "b.yaml").write_text(
        "volume: 3 TB\nstructur: mixed\nlatency: 1d\nusers: [{role: analyts}]\n---\n"
        "volume: 2 TB\nstructure: {structured: 70}\nlatency: 1h\nusers: low\n"
    )
    lines = [
        ["evaluate", str(mixed), "--format", "json"],
        ["evaluate", str(mixed), "--format", "jsonl", "--no-what-if"],
        ["evaluate", example, "--rules", str(extra), "--format", "json"],
        ["evaluate", example, f"--rules={extra}", "-f", "jsonl", "--no-what-if"],
        ["evaluate", example, "--rules", str(broken), "--format", "json"],
        ["evaluate", example, "--rules", str(tmp_path / "absent"), "--format", "json"],
        ["evaluate", str(tmp_path / "absent.yaml"), "--format", "json"],
        ["evaluate", str(EXAMPLES), "--format", "table", "--explain"],
    ]
    for argv in lines:
        answers = []
        for module in ("advisor.cli.launcher", "advisor.cli.app"):
            code = f"from {module} import main\nmain({argv!r})"
            done = run_python(code, tmp_path)
            answers.append((done.returncode, done.stdout, done.stderr))
        assert answers[0] == answers[1], argv
        assert "Traceback" not in answers[0][2]


# pydantic's model layer and the modules that define models: a plain JSON evaluation, once
# the cache holds the profile's validator, is answered without them (plain records in and out).
MODEL_LAYER = (
    "pydantic.main",
    "pydantic.types",
    "pydantic.fields",
    "annotated_types",
    "advisor.profiles.profile",
    "advisor.reasoning.recommendation",
)


def test_plain_json_evaluation_never_imports_the_model_layer(tmp_path: Path) -> None:
    example = str(EXAMPLES / "retail-bi.yaml")
    lines = [
        ["evaluate", example, "--format", "json"],
        ["evaluate", example, str(EXAMPLES / "media-ml.yaml"), "-f", "jsonl", "--no-what-if"],
        ["evaluate", example, "--rules", str(EXAMPLES / "packs"), "--format=json"],
    ]
    for argv in lines:
        _modules_after(_exiting(argv), tmp_path)  # the first run writes the cache
        loaded = _modules_after(_exiting(argv), tmp_path)  # the second run: the cache is warm
        assert sorted(m for m in MODEL_LAYER if m in loaded) == [], argv
        assert "advisor.reasoning.records" in loaded  # guards the guard


def test_other_formats_still_read_the_models(tmp_path: Path) -> None:
    # Guards the guard: the list above names modules an evaluation does load otherwise.
    argv = ["evaluate", str(EXAMPLES / "retail-bi.yaml"), "--format", "plain"]
    _modules_after(_exiting(argv), tmp_path)
    loaded = _modules_after(_exiting(argv), tmp_path)
    assert {"pydantic.main", "advisor.profiles.profile"} <= loaded


def _exiting(argv: list[str]) -> str:
    """Code that runs ``advisor ARGV`` through the launcher, requiring exit code 0."""
    return (
        "from advisor.cli.launcher import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
    )
