"""`advisor evaluate`, `rules`, `schema` as a user runs them: a new process, real files, pipes."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer

import advisor
from advisor.cli import app as cli
from advisor.cli.options import MORE

from advisor_run import ROOT, clean_env

DATA = Path(__file__).resolve().parent / "data"
APP_PLUS_ANALYTICS = DATA / "seed-07-app-plus-analytics.yaml"
REALTIME = DATA / "seed-06-realtime-ops-dashboards.yaml"
ANSI = re.compile(r"\x1b[\[\]]")
BOX = re.compile(r"[\u2500-\u259f]")  # box drawing and block elements
LOCATED = re.compile(r"^\S+:\d+:\d+: error: ", re.MULTILINE)
BAD_PROFILE = "volume: 3 TB\nstructur: structured\nlatency: 1d\nusers: low\n"


def advisor_cmd(
    args: Sequence[str | Path],
    tmp_path: Path,
    *,
    stdin: str | None = None,
    cwd: Path | None = None,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """``python -m advisor ARGS`` with pipes for stdin/stdout/stderr; colour allowed by default."""
    environment = clean_env(tmp_path, COLUMNS="100")
    environment.pop("NO_COLOR")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        cwd=cwd or tmp_path,
        env=environment,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def assert_user_error(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 2, a message on stderr, nothing on stdout, and no traceback anywhere."""
    assert result.returncode == 2, result.stderr
    assert "error:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def profile_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def named_profile(name: str) -> str:
    """A valid profile whose name is ``name`` (written as a YAML double-quoted string)."""
    return (
        f"name: {json.dumps(name)}\nvolume: 3 TB\nstructure: structured\nlatency: 1d\nusers: low\n"
    )


# -- formats ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON answer for the app-plus-analytics scenario, which the other formats must show."""
    result = advisor_cmd(
        ["evaluate", APP_PLUS_ANALYTICS, "-f", "json"], tmp_path_factory.mktemp("json")
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def headline(data: dict[str, Any], decision: str) -> str:
    """``warehouse + database`` as every human format writes it."""
    return " + ".join([data[decision]["primary"], *data[decision]["complements"]])


def test_json_is_recommendation_v1(expected: dict[str, Any]) -> None:
    assert expected["schema_version"] == 1
    # The scenario's contract (expect.yaml): an application database plus a warehouse.
    storage = expected["storage"]
    assert {"database", "warehouse"} <= {storage["primary"], *storage["complements"]}
    assert expected["pipeline"]["cadence"]
    assert list(expected["confidence"]) == ["storage", "pipeline"]


@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown"])
def test_every_human_format_shows_the_answer(
    fmt: str, expected: dict[str, Any], tmp_path: Path
) -> None:
    result = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "--format", fmt], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout.replace("\\", "")  # markdown escapes
    assert headline(expected, "storage") in out
    assert f"every {expected['pipeline']['cadence']}" in out
    assert f"confidence: {expected['confidence']['storage']}" in out.replace(
        "confidence ", "confidence: "
    )
    top = expected["storage"]["ranking"][0]
    assert f"Why {top['option']}" in out.replace("*", "")
    strongest = next(r for r in top["reasons"] if r["effect"].startswith("+"))
    assert strongest["title"] in out
    # The whole reasoning cites its sources (the Markdown report always has it).
    full = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "--format", fmt, "--explain"], tmp_path)
    assert top["reasons"][0]["sources"][0] in full.stdout.replace("\\", "")


def test_rich_puts_the_answer_before_the_reasons(expected: dict[str, Any], tmp_path: Path) -> None:
    out = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "-f", "rich"], tmp_path).stdout

    lines = out.splitlines()
    assert re.search(rf"Storage +{re.escape(headline(expected, 'storage'))} ", lines[1])
    assert re.search(rf"Pipeline +{expected['pipeline']['primary']} \(every ", lines[2])
    assert f"confidence {expected['confidence']['storage']}" in lines[1]
    assert "runner-up " in lines[1]
    assert out.index("Why ") > out.index("confidence")
    full = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "-f", "rich", "--explain"], tmp_path)
    assert full.stdout.index("Why ") > full.stdout.index(" score")


def test_default_is_plain_when_stdout_is_not_a_terminal(
    expected: dict[str, Any], tmp_path: Path
) -> None:
    result = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS], tmp_path)

    assert result.returncode == 0
    assert result.stdout.startswith(expected["profile"]["name"] + "\n")
    level = expected["confidence"]["storage"]
    assert f"Storage:  {headline(expected, 'storage')}  [confidence: {level}" in result.stdout
    assert not ANSI.search(result.stdout)
    assert not BOX.search(result.stdout)


def test_rich_to_a_pipe_has_no_colour(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-f", "rich"], tmp_path)

    assert result.returncode == 0
    assert BOX.search(result.stdout)  # it is the rich layout ...
    assert not ANSI.search(result.stdout)  # ... without escapes a pipe would carry


def _on_terminal(tmp_path: Path, **env: str) -> str:
    pexpect = pytest.importorskip("pexpect")
    environment = clean_env(tmp_path, TERM="xterm-256color")
    environment.pop("NO_COLOR")
    environment.update(env)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "evaluate", str(REALTIME)],
        env=environment,
        dimensions=(50, 100),
        encoding="utf-8",
        timeout=120,
    )
    out: str = child.read()
    child.close()
    assert child.exitstatus == 0, out
    return out


def test_default_on_a_terminal_is_rich_with_colour(tmp_path: Path) -> None:
    out = _on_terminal(tmp_path)

    assert ANSI.search(out)
    assert BOX.search(out)
    assert re.search(r"Pipeline +streaming", re.sub(r"\x1b\[[0-9;]*m", "", out))


def test_no_color_on_a_terminal_gives_plain(tmp_path: Path) -> None:
    out = _on_terminal(tmp_path, NO_COLOR="1")

    assert not ANSI.search(out)
    assert not BOX.search(out)
    assert "Pipeline: streaming" in out


def test_no_color_with_rich_format_keeps_the_layout_without_escapes(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-f", "rich"], tmp_path, NO_COLOR="1")

    assert result.returncode == 0
    assert not ANSI.search(result.stdout)


def test_plain_matches_the_golden_file_at_the_terminal_width(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME], tmp_path, COLUMNS="100")
    golden = ROOT / "tests" / "golden" / "seed-06-realtime-ops-dashboards.plain.txt"

    # The library's rendering, and the command line's pointer to the rest of the reasoning.
    assert result.stdout == golden.read_text(encoding="utf-8") + MORE + "\n"


# -- inputs -----------------------------------------------------------------------------------


def test_dash_reads_the_profile_from_stdin(tmp_path: Path) -> None:
    text = APP_PLUS_ANALYTICS.read_text(encoding="utf-8")

    piped = advisor_cmd(["evaluate", "-", "-f", "json"], tmp_path, stdin=text)
    from_file = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "-f", "json"], tmp_path)

    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == from_file.stdout


def test_stdin_errors_are_located_in_stdin(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", "-"], tmp_path, stdin=BAD_PROFILE)

    assert_user_error(result)
    assert result.stderr.startswith("<stdin>:2:1: error: unknown key 'structur'")


def test_stdin_given_twice_is_a_usage_error(tmp_path: Path) -> None:
    text = REALTIME.read_text(encoding="utf-8")

    result = advisor_cmd(["evaluate", "-", "-"], tmp_path, stdin=text)

    assert_user_error(result)
    assert "more than once" in result.stderr


def test_multi_document_file_gives_one_result_each(tmp_path: Path) -> None:
    both = REALTIME.read_text(encoding="utf-8") + "---\n" + APP_PLUS_ANALYTICS.read_text("utf-8")
    path = profile_file(tmp_path, "two.yaml", both)

    result = advisor_cmd(["evaluate", path, "-f", "json"], tmp_path)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["pipeline"]["primary"] for d in data] == ["streaming", "batch"]


def test_several_files_give_a_json_array_in_order(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, REALTIME, "-f", "json"], tmp_path)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [d["profile"]["name"] for d in data] == [
        "AI product with its application data and company-wide analytics",
        "Internal dashboards that daily decisions rely on",
    ]


def test_several_files_in_plain_give_one_section_each(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, REALTIME], tmp_path)

    assert result.returncode == 0
    assert result.stdout.count("Storage:  ") == 2


def test_problems_in_several_files_are_all_reported_and_the_rest_evaluated(
    tmp_path: Path,
) -> None:
    bad = profile_file(tmp_path, "bad.yaml", BAD_PROFILE)

    result = advisor_cmd(["evaluate", bad, "missing.yaml", REALTIME, "-f", "jsonl"], tmp_path)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.yaml:2:1: error: unknown key 'structur'" in result.stderr
    assert "missing.yaml: error:" in result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["source"] == {"file": str(REALTIME), "document": 0}


# -- bad input and usage: exit 2, a located message, no traceback ------------------------------


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    profile_file(tmp_path, "unknown-key.yaml", BAD_PROFILE)
    profile_file(
        tmp_path,
        "invalid.yaml",
        "volume: lots\nstructure: structured\nlatency: 1d\nusers: low\n",
    )
    profile_file(tmp_path, "broken.yaml", "volume: [3 TB\nstructure: structured\n")
    (tmp_path / "folder").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["evaluate", "missing.yaml"], r"^missing\.yaml: error: no such file"),
        (["evaluate", "invalid.yaml"], r"^invalid\.yaml:1:9: error: "),
        (["evaluate", "broken.yaml"], r"^broken\.yaml:\d+:\d+: error: "),
        (
            ["evaluate", "unknown-key.yaml"],
            r"^unknown-key\.yaml:2:1: error: unknown key 'structur'\n"
            r"  hint: did you mean 'structure'\?",
        ),
        (
            ["evaluate", "folder"],
            r"^folder: error: holds no profile files \(\*\.yaml, \*\.yml, \*\.json\)",
        ),
        (
            ["evaluate", "invalid.yaml", "--format", "jsn"],
            r"error: --format: unknown format 'jsn'\n  hint: did you mean 'json'\?",
        ),
        (["evaluate", "invalid.yaml", "--rules", "no-such-pack"], r"no-such-pack: error: "),
        (["evaluate", "invalid.yaml", "--rules", "unknown-key.yaml"], r"unknown-key\.yaml:"),
        (
            ["evaluate"],
            r"advisor: error: Missing argument .PROFILE.\.\n  hint: see `advisor evaluate --help`",
        ),
        (["evaluate", "invalid.yaml", "--fromat", "json"], r"error: No such option: --fromat"),
        (["evaluat", "x.yaml"], r"error: No such command"),
    ],
    ids=[
        "missing-file",
        "invalid-value",
        "broken-yaml",
        "unknown-key",
        "directory",
        "bad-format",
        "missing-rules",
        "invalid-rules",
        "missing-argument",
        "unknown-option",
        "unknown-command",
    ],
)
def test_bad_input_is_a_message_and_exit_2(
    args: list[str], expected: str, bad_inputs: Path
) -> None:
    result = advisor_cmd(args, bad_inputs)

    assert_user_error(result)
    assert re.search(expected, result.stderr, re.MULTILINE), result.stderr


def test_profile_errors_are_located_file_line_col(bad_inputs: Path) -> None:
    result = advisor_cmd(["evaluate", "invalid.yaml", "unknown-key.yaml"], bad_inputs)

    assert_user_error(result)
    assert len(LOCATED.findall(result.stderr)) >= 2


def test_control_characters_in_a_file_name_do_not_reach_the_terminal(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", "evil\x1b]0;owned\x07.yaml"], tmp_path)

    assert_user_error(result)
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "evil?]0;owned?.yaml: error: no such file" in result.stderr


# -- --output -------------------------------------------------------------------------------


def test_output_writes_the_file_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "out" / "answer.json"
    target.parent.mkdir()

    result = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "--output", target], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    # The extension chose the format: the file is the same JSON stdout would have carried.
    expected = advisor_cmd(["evaluate", APP_PLUS_ANALYTICS, "-f", "json"], tmp_path).stdout
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in target.parent.iterdir()] == ["answer.json"]  # no temporary left


def test_output_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "answer.md"
    previous = os.umask(0o022)
    try:
        result = advisor_cmd(["evaluate", REALTIME, "-o", target], tmp_path)
    finally:
        os.umask(previous)

    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").startswith("# Internal dashboards")


def test_output_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    target = profile_file(tmp_path, "notes.txt", "my own notes\n")

    refused = advisor_cmd(["evaluate", REALTIME, "-o", target], tmp_path)

    assert_user_error(refused)
    assert "file exists" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "my own notes\n"

    forced = advisor_cmd(["evaluate", REALTIME, "-o", target, "--force"], tmp_path)

    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("Internal dashboards")


@pytest.mark.parametrize("via", ["same-path", "symlink", "rules-pack"])
def test_output_never_replaces_an_input_even_with_force(via: str, tmp_path: Path) -> None:
    profile = profile_file(tmp_path, "profile.yaml", REALTIME.read_text(encoding="utf-8"))
    args: list[str | Path] = ["evaluate", profile, "--force", "-f", "json"]
    if via == "same-path":
        args += ["-o", profile]
        victim = profile
    elif via == "symlink":
        (tmp_path / "link.yaml").symlink_to(profile)
        args += ["-o", tmp_path / "link.yaml"]
        victim = profile
    else:
        pack = profile_file(tmp_path, "pack.yaml", "pack: mine\n")
        args += ["--rules", pack, "-o", pack]
        victim = pack
    before = victim.read_bytes()

    result = advisor_cmd(args, tmp_path)

    assert_user_error(result)
    # A link is refused as a link, before it is compared with the inputs.
    expected = "is a symbolic link" if via == "symlink" else "refusing to overwrite"
    assert expected in result.stderr
    assert victim.read_bytes() == before


def test_invalid_input_leaves_no_output_file(tmp_path: Path) -> None:
    bad = profile_file(tmp_path, "bad.yaml", BAD_PROFILE)
    target = tmp_path / "result.json"

    result = advisor_cmd(["evaluate", REALTIME, bad, "-o", target], tmp_path)

    assert_user_error(result)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["bad.yaml"]


def test_output_to_a_directory_is_refused(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-o", tmp_path], tmp_path)

    assert_user_error(result)
    assert "is a directory" in result.stderr


def test_output_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-o", tmp_path / "nope" / "out.txt"], tmp_path)

    assert_user_error(result)
    assert "cannot write" in result.stderr


def test_output_dash_is_stdout(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-o", "-", "-f", "json"], tmp_path)

    assert result.returncode == 0
    assert json.loads(result.stdout)["pipeline"]["primary"] == "streaming"
    assert not (tmp_path / "-").exists()


# -- determinism and hostile text ---------------------------------------------------------------


def test_json_is_byte_identical_across_runs(tmp_path: Path) -> None:
    args: list[str | Path] = ["evaluate", APP_PLUS_ANALYTICS, REALTIME, "-f", "json"]

    first = advisor_cmd(args, tmp_path, PYTHONHASHSEED="1")
    second = advisor_cmd(args, tmp_path, PYTHONHASHSEED="2")

    assert first.returncode == 0
    assert first.stdout == second.stdout


@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_markup_in_a_name_prints_literally(fmt: str, tmp_path: Path) -> None:
    name = "[bold red]x[/] *x* <script> | pipe |"
    path = profile_file(tmp_path, "markup.yaml", named_profile(name))

    result = advisor_cmd(["evaluate", path, "-f", fmt], tmp_path)

    assert result.returncode == 0, result.stderr
    assert name in result.stdout


def test_markup_in_a_name_is_escaped_in_markdown(tmp_path: Path) -> None:
    path = profile_file(
        tmp_path, "markup.yaml", named_profile("[bold red]x[/] *x* <script> | pipe |")
    )

    result = advisor_cmd(["evaluate", path, "-f", "markdown"], tmp_path)

    assert result.returncode == 0, result.stderr
    heading = result.stdout.splitlines()[0]
    # Only what Markdown would act on is escaped: a "|" outside a table is text.
    assert heading == r"# \[bold red\]x\[/\] \*x\* \<script> | pipe |"
    assert "<script>" not in result.stdout.replace("\\<script>", "")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    profile = REALTIME.read_text(encoding="utf-8")
    many = profile_file(tmp_path, "many.yaml", "---\n".join([profile] * 80))
    env = clean_env(tmp_path, COLUMNS="100")
    with subprocess.Popen(
        [sys.executable, "-m", "advisor", "evaluate", str(many)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        errors = process.stderr.read().decode()
        code = process.wait(timeout=120)

    assert first.startswith(b"Internal dashboards")
    assert errors == ""
    assert code == 0


def test_an_ascii_only_stdout_gets_question_marks_not_a_crash(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME], tmp_path, PYTHONIOENCODING="ascii")

    assert result.returncode == 0, result.stderr
    assert "500 GB ? fresh within 1m" in result.stdout


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs keep the rules cache out of the user's home."""
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.usefixtures("private_cache")
def test_interrupt_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import advisor.reasoning.batch

    def interrupted(*args: object, **kwargs: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(advisor.reasoning.batch, "parse_documents", interrupted)

    code = cli.run(["evaluate", str(REALTIME)])

    assert code == 128 + signal.SIGINT
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err == "advisor: interrupted\n"


# -- other commands -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["evaluate", "ask"])
def test_every_output_format_is_offered_and_rendered(command: str, tmp_path: Path) -> None:
    from advisor.renderers import OUTPUT_FORMATS, render

    shown = " ".join(advisor_cmd([command, "--help"], tmp_path, COLUMNS="400").stdout.split())
    rec = advisor.evaluate(ROOT / "examples" / "retail-bi.yaml")
    for name, spec in OUTPUT_FORMATS.items():
        listed = f"{name} ({spec.summary})" if spec.summary else name
        assert re.search(rf"\b{re.escape(listed)}(?:,| or|\.| \[)", shown), name
        assert render([rec], name).endswith("\n")
    completed = advisor_cmd(
        [], tmp_path, _ADVISOR_COMPLETE="complete_bash", COMP_WORDS=f"advisor {command} -f j",
        COMP_CWORD="3",
    )  # fmt: skip
    assert completed.stdout.split() == ["json", "jsonl"]


def test_an_unknown_format_is_an_error_not_plain_text() -> None:
    from advisor.renderers import render

    rec = advisor.evaluate(ROOT / "examples" / "retail-bi.yaml")
    with pytest.raises(ValueError, match="unknown output format 'yaml'"):
        render([rec], "yaml")


def test_version(tmp_path: Path) -> None:
    result = advisor_cmd(["--version"], tmp_path)

    assert result.returncode == 0
    assert result.stdout == f"advisor {advisor.__version__}\n"


def _command_paths() -> list[list[str]]:
    """Every command and group of the app, found from the app so new commands are covered."""
    paths: list[list[str]] = [[]]

    def walk(command: object, prefix: list[str]) -> None:
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(cli.app), [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "advisor")
def test_help_for_every_command(path: list[str], tmp_path: Path) -> None:
    result = advisor_cmd([*path, "--help"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: {' '.join(['advisor', *path])} ")
    assert result.stderr == ""
    # Words, not Python: no types (PROFILE <list[str]>), no braces ({PROFILE}...), and no
    # summary of a command cut off (...) in a list of commands.
    assert not re.search(r"<(?:str|int|path|list\[|bool|float)", result.stdout)
    assert "{" not in result.stdout.partition("\n")[0]
    commands = result.stdout.partition("Commands:\n")[2]
    assert "..." not in commands


def test_bare_advisor_shows_help(tmp_path: Path) -> None:
    result = advisor_cmd([], tmp_path)

    assert result.returncode == 0
    assert "evaluate" in result.stdout
    assert "Traceback" not in result.stderr


def test_rules_list_names_every_rule(tmp_path: Path) -> None:
    result = advisor_cmd(["rules", "list"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "storage.sources-several" in result.stdout
    assert re.search(r"\n\d+ rules from core \d+\.\d+\.\d+\n$", result.stdout)


def test_rules_show_prints_one_rule_with_its_sources(tmp_path: Path) -> None:
    result = advisor_cmd(["rules", "show", "storage.sources-several"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storage.sources-several\n")
    assert "Sources:" in result.stdout
    assert "bratsis-2023:D4" in result.stdout


def test_rules_show_with_a_misspelt_id_suggests_the_right_one(tmp_path: Path) -> None:
    result = advisor_cmd(["rules", "show", "storage.sources-severl"], tmp_path)

    assert_user_error(result)
    assert "no rule 'storage.sources-severl'" in result.stderr
    assert "did you mean 'storage.sources-several'?" in result.stderr


def test_schema_is_a_json_schema_of_the_profile(tmp_path: Path) -> None:
    result = advisor_cmd(["schema"], tmp_path)

    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"volume", "structure", "latency", "users"} <= set(schema["properties"])
    assert {"volume", "structure", "latency", "users"} <= set(schema["required"])


@pytest.mark.usefixtures("private_cache")
def test_run_returns_the_exit_code_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["evaluate", str(REALTIME), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["storage"]["primary"] == "warehouse"

    assert cli.run(["evaluate", "no-such-file.yaml"]) == 2
    assert capsys.readouterr().err.startswith("no-such-file.yaml: error: no such file")


# -- found by review: inputs that reached a traceback, or output that varied -----------------


def test_a_written_report_does_not_depend_on_the_terminal_width(tmp_path: Path) -> None:
    for columns in ("60", "140"):
        result = advisor_cmd(
            ["evaluate", REALTIME, "-f", "plain", "-o", f"report-{columns}.txt"],
            tmp_path,
            COLUMNS=columns,
        )
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "report-60.txt").read_text() == (tmp_path / "report-140.txt").read_text()


def test_an_output_name_the_system_refuses_is_a_message(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "-o", "x" * 5000], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("advisor: error: ")
    assert "name too long" in result.stderr.lower()


def test_a_hostile_pack_test_name_is_refused_as_a_profile_name_would_be(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        "pack: evil\nversion: 1.0.0\ntests:\n"
        '  - name: "x\\e]0;pwned\\a\\e[31mRED\\u202e"\n'
        "    profile: {latency: 1d}\n"
        "    expect: {pipeline: streaming}\n",
        encoding="utf-8",
    )
    result = advisor_cmd(["rules", "test", "--rules", "evil.yaml"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("evil.yaml:4:11: error: must not contain control")
    assert "\x1b" not in result.stderr + result.stdout
    assert "\x07" not in result.stderr + result.stdout


# -- rule packs on their own, and rules for scripts -------------------------------------------

TIMESERIES = ROOT / "examples" / "packs" / "timeseries.yaml"


def test_no_builtin_without_a_pack_is_a_usage_error(tmp_path: Path) -> None:
    for args in (
        ["evaluate", str(ROOT / "examples" / "retail-bi.yaml"), "--no-builtin"],
        ["rules", "list", "--no-builtin"],
        ["rules", "test", "--no-builtin"],
    ):
        result = advisor_cmd(args, tmp_path)
        assert_user_error(result)
        assert "--no-builtin leaves no rules unless --rules names a pack" in result.stderr


def test_no_builtin_loads_only_the_given_packs(tmp_path: Path) -> None:
    core = ROOT / "rules" / "core.yaml"
    # The built-in pack under another name, alone: the same answers as with the built-ins.
    alone = tmp_path / "mine.yaml"
    alone.write_text(
        core.read_text(encoding="utf-8").replace("pack: core\n", "pack: mine\n"), encoding="utf-8"
    )
    profile = ROOT / "examples" / "retail-bi.yaml"
    mine = advisor_cmd(
        ["evaluate", profile, "-f", "json", "--no-builtin", "--rules", alone], tmp_path
    )
    builtin = advisor_cmd(["evaluate", profile, "-f", "json"], tmp_path)
    assert mine.returncode == 0, mine.stderr
    mine_data, builtin_data = json.loads(mine.stdout), json.loads(builtin.stdout)
    assert [p["id"] for p in mine_data["rules"]["packs"]] == ["mine"]
    assert mine_data["storage"] == builtin_data["storage"]
    # A pack that declares no options cannot stand alone: the error says what is missing.
    lonely = advisor_cmd(["evaluate", profile, "--no-builtin", "--rules", TIMESERIES], tmp_path)
    assert_user_error(lonely)
    assert "no pack declares the options of the 'pipeline' decision" in lonely.stderr


def test_rules_list_json_gives_every_rule_in_full(tmp_path: Path) -> None:
    result = advisor_cmd(["rules", "list", "--format", "json", "--rules", TIMESERIES], tmp_path)
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)
    by_id = {rule["id"]: rule for rule in rules}
    assert [rule["id"] for rule in rules] == sorted(by_id)
    size = by_id["storage.size-small"]
    assert set(size) == {
        "id", "pack", "title", "criterion", "rationale", "sources", "when", "effects"
    }  # fmt: skip
    assert (size["pack"], size["criterion"]) == ("core", "size")
    assert size["when"] == {"fact": "volume_in_1y", "op": "lt", "value": "100 GB"}
    assert by_id["storage.transactions-only"]["criterion"] is None
    assert by_id["storage.live-telemetry-suits-a-timeseries-store"]["pack"] == "timeseries"
    bad = advisor_cmd(["rules", "list", "--format", "yaml"], tmp_path)
    assert_user_error(bad)
    assert "formats are: table, json" in bad.stderr


@pytest.mark.parametrize(
    ("text", "code"),
    [("evil \\x9b2J", "U+009B"), ("right \\u202e left", "U+202E"), ("a\\u200bb", "U+200B")],
    ids=["c1-csi", "bidi", "zero-width"],
)
def test_pack_text_follows_the_profile_text_rules(text: str, code: str, tmp_path: Path) -> None:
    pack = tmp_path / "hostile.yaml"
    pack.write_text(
        "pack: hostile\nversion: 1.0.0\nsources:\n  g: {title: G, claims: G1, said: {G1: x}}\n"
        f'rules:\n  - id: storage.hostile\n    title: "{text}"\n'
        "    criterion: hostile\n    rationale: because\n    sources: ['g:G1']\n"
        "    when: {fact: sources, op: ge, value: 1000}\n    effects: {score: {lake: 1}}\n",
        encoding="utf-8",
    )
    result = advisor_cmd(["rules", "list", "-f", "json", "--rules", pack], tmp_path)
    assert result.returncode == 2
    assert (
        f"hostile.yaml:7:12: error: must not contain control, format or bidirectional "
        f"characters (found {code})" in result.stderr
    )
    assert result.stdout == ""


def test_evaluate_set_reproduces_each_change_the_json_reports(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    result = advisor_cmd(["evaluate", profile, "-f", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["what_would_change"]
    assert changes
    for change in changes[:3]:
        varied = advisor_cmd(["evaluate", profile, "-f", "json", "--set", change["set"]], tmp_path)
        assert varied.returncode == 0, varied.stderr
        assert json.loads(varied.stdout)[change["decision"]]["primary"] == change["new_primary"]


def test_evaluate_set_names_a_group_as_messages_do(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    outputs = {
        spelling: advisor_cmd(["evaluate", profile, "-f", "json", "--set", spelling], tmp_path)
        for spelling in ("users[1].count=3", "users.1.count=3")
    }
    for result in outputs.values():
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["profile"]["users"][1]["count"] == 3
    assert outputs["users[1].count=3"].stdout == outputs["users.1.count=3"].stdout


def test_evaluate_set_with_a_bad_key_or_value_is_a_located_usage_error(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    typo = advisor_cmd(["evaluate", profile, "--set", "volum=3 TB"], tmp_path)
    assert_user_error(typo)
    assert "--set: error: volum: unknown key 'volum'" in typo.stderr
    assert "did you mean 'volume'?" in typo.stderr
    bad = advisor_cmd(["evaluate", profile, "--set", "volume=lots"], tmp_path)
    assert_user_error(bad)
    assert "--set: error: volume: expected a size" in bad.stderr


def test_no_what_if_skips_the_search_and_the_outlook(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    quick = json.loads(
        advisor_cmd(["evaluate", profile, "-f", "json", "--no-what-if"], tmp_path).stdout
    )
    full = json.loads(advisor_cmd(["evaluate", profile, "-f", "json"], tmp_path).stdout)
    assert quick["what_would_change"] == []
    assert quick["outlook"] is None
    assert full["what_would_change"]
    assert full["outlook"] is not None
    assert quick["storage"]["primary"] == full["storage"]["primary"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("workloads=", "--set: error: workloads: no value given"),
        ("users.9.count=3", "--set: error: users.9: the profile has 2 groups of users"),
        ("structure.structured=60", "set the three shares together"),
    ],
)
def test_evaluate_set_refuses_what_would_be_silently_wrong(
    tmp_path: Path, change: str, message: str
) -> None:
    result = advisor_cmd(
        ["evaluate", ROOT / "examples" / "retail-bi.yaml", "--set", change], tmp_path
    )
    assert_user_error(result)
    assert message in result.stderr


def test_a_new_role_brings_its_own_default_skill() -> None:
    import advisor

    profile = advisor.load_profile(ROOT / "examples" / "retail-bi.yaml")
    changed = advisor.with_settings(profile, ["users.0.role=data_scientist"])
    assert (changed.users[0].role, changed.users[0].skill) == ("data_scientist", "high")
    chosen = advisor.with_settings(profile, ["users.0.role=data_scientist", "users.0.skill=low"])
    assert chosen.users[0].skill == "low"


# -- advisor diff ------------------------------------------------------------------------------


def test_diff_shows_what_a_set_change_does_and_why(tmp_path: Path) -> None:
    startup = ROOT / "examples" / "startup-saas.yaml"
    result = advisor_cmd(
        ["diff", startup, "--set", "volume=3 TB", "--set", "sources=4", "-f", "plain"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  volume: 40 GB → 3 TB\n" in out
    assert "  sources: 1 → 4\n" in out
    assert "Storage: database → database + warehouse\n" in out
    assert "Pipeline: unchanged, batch (every 1d)\n" in out
    assert "  now fires: storage.sources-several (Several systems or business units" in out
    assert "  no longer fires: storage.size-small (Small data: under 100 GB within a year)\n" in out


def test_diff_of_two_files_in_json(tmp_path: Path) -> None:
    old, new = ROOT / "examples" / "retail-bi.yaml", ROOT / "examples" / "midsize-mixed.yaml"
    data = json.loads(advisor_cmd(["diff", old, new, "-f", "json"], tmp_path).stdout)
    assert data["storage"]["changed"] is True
    assert (data["storage"]["from"]["primary"], data["storage"]["to"]["primary"]) == (
        "warehouse",
        "lakehouse",
    )
    assert {"field": "sources", "from": 5, "to": 12} in data["fields"]
    assert "storage.sources-many" in data["rules"]["started"]
    same = json.loads(advisor_cmd(["diff", old, old, "-f", "json"], tmp_path).stdout)
    assert same["fields"] == []
    assert same["storage"]["changed"] is False
    assert same["rules"] == {"started": [], "stopped": [], "titles": {}}


def test_diff_needs_something_to_compare(tmp_path: Path) -> None:
    result = advisor_cmd(["diff", ROOT / "examples" / "retail-bi.yaml"], tmp_path)
    assert_user_error(result)
    assert "diff needs a NEW profile or --set changes" in result.stderr


def test_a_set_error_over_several_profiles_names_the_profile(tmp_path: Path) -> None:
    profiles = [ROOT / "examples" / "retail-bi.yaml", ROOT / "examples" / "iot-telemetry.yaml"]
    result = advisor_cmd(["evaluate", *profiles, "--set", "users.3.count=3"], tmp_path)
    assert_user_error(result)
    assert result.stderr.startswith(
        f"--set, on {profiles[0]} (Retailer, ERP + CRM + e-commerce into BI): error: users.3: "
    )


def test_diff_refuses_stdin_twice_and_formats_it_does_not_write(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    twice = advisor_cmd(["diff", "-", "-"], tmp_path, stdin=profile.read_text(encoding="utf-8"))
    assert_user_error(twice)
    assert "'-' (stdin) is given twice" in twice.stderr
    rich = advisor_cmd(["diff", profile, profile, "-f", "rich"], tmp_path)
    assert_user_error(rich)
    assert "diff writes plain, json or markdown" in rich.stderr


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("growth=null", "growth: 'null' is no value"),
        ("growth=~", "growth: '~' is no value"),
        ("name={a: 1}", "name: expected text, found a YAML list or mapping"),
        ("name=[x](https://e.example)", "is not a YAML list or mapping"),
    ],
)
def test_set_refuses_what_would_not_change_the_field_as_written(
    assignment: str, message: str, tmp_path: Path
) -> None:
    result = advisor_cmd(["evaluate", REALTIME, "--set", assignment], tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "hint: " in result.stderr
    assert "Traceback" not in result.stderr


def test_set_takes_bracketed_text_in_quotes(tmp_path: Path) -> None:
    result = advisor_cmd(
        ["evaluate", REALTIME, "--set", 'name="[x](https://e.example)"', "-f", "json"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"]["name"] == "[x](https://e.example)"


@pytest.mark.parametrize(
    "args",
    [
        ("rules", "list"),
        ("rules", "show", "storage.audience-business-and-sql"),
        ("diff", ROOT / "examples" / "retail-bi.yaml", "--set", "volume=80 TB"),
        ("evaluate", ROOT / "examples" / "fintech-fraud.yaml", "--explain"),
    ],
    ids=["rules-list", "rules-show", "diff", "evaluate-explain"],
)
def test_a_40_column_terminal_gets_lines_that_fit(tmp_path: Path, args: tuple[str, ...]) -> None:
    narrow = advisor_cmd(args, tmp_path, COLUMNS="40")
    wide = advisor_cmd(args, tmp_path, COLUMNS="140")
    assert narrow.returncode == wide.returncode == 0, narrow.stderr
    # Only a word longer than the line (an address) runs past it; no word is cut.
    assert [
        line for line in narrow.stdout.splitlines() if len(line) > 40 and " " in line.strip()
    ] == []
    rules = {word for word in narrow.stdout.split() if set(word) == {"="}}  # a title's underline
    assert set(narrow.stdout.split()) - rules <= set(wide.stdout.split())


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_prints_a_script_that_asks_advisor(shell: str, tmp_path: Path) -> None:
    result = advisor_cmd(["completion", shell], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_ADVISOR_COMPLETE" in result.stdout
    answered = advisor_cmd(
        [], tmp_path, _ADVISOR_COMPLETE="complete_bash", COMP_WORDS="advisor ru", COMP_CWORD="1"
    )
    assert answered.stdout.split() == ["rules"]  # not the stored top-level help


def test_completion_for_an_unknown_shell_suggests_one(tmp_path: Path) -> None:
    result = advisor_cmd(["completion", "bsh"], tmp_path)
    assert_user_error(result)
    assert "did you mean 'bash'?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate"],
        ["diff", "x.yaml"],
        ["rules", "show", "no.such-rule"],
        ["completion", "tcsh"],
        ["evaluate", "x.yaml", "-f", "yml"],
        ["init", "taken.yaml"],
        ["ask"],  # standard input is not a terminal
    ],
    ids=" ".join,
)
def test_every_command_says_an_error_the_same_way(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "taken.yaml").write_text("# mine\n", encoding="utf-8")
    result = advisor_cmd(args, tmp_path)
    assert_user_error(result)
    first, _, rest = result.stderr.partition("\n")
    assert first.startswith("advisor: error: ")
    assert rest.startswith("  hint: ")


def test_errors_are_coloured_on_a_terminal_and_plain_under_no_color(tmp_path: Path) -> None:
    import pexpect

    env = clean_env(tmp_path, TERM="xterm")
    env.pop("NO_COLOR")
    shown = {}
    for label, extra in (("colour", {}), ("plain", {"NO_COLOR": "1"})):
        child = pexpect.spawn(
            sys.executable, ["-m", "advisor", "init", "taken.yaml"], cwd=str(tmp_path),
            env={**env, **extra}, encoding="utf-8", timeout=20,
        )  # fmt: skip
        (tmp_path / "taken.yaml").write_text("# mine\n", encoding="utf-8")
        child.expect(pexpect.EOF)
        shown[label] = child.before
    assert "\x1b[1;31merror:\x1b[0m" in shown["colour"]
    assert "\x1b[36mhint:\x1b[0m pass --force to replace it" in shown["colour"]
    assert "\x1b" not in shown["plain"]
    assert "advisor: error: taken.yaml: file exists" in shown["plain"]


def test_a_library_error_carries_its_code_and_names_no_flag(tmp_path: Path) -> None:
    from advisor.errors import FILE_EXISTS, UsageError
    from advisor.files import write_atomic

    taken = tmp_path / "taken.yaml"
    taken.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        write_atomic(taken, "new", overwrite=False)
    assert caught.value.code == FILE_EXISTS
    assert "--" not in str(caught.value)  # the command line adds "pass --force", by the code
    assert taken.read_text(encoding="utf-8") == "# mine\n"


def test_no_code_decides_by_a_message_or_a_class_name() -> None:
    # Errors are data (a code, a hint); reading their words or their class's name to decide
    # breaks when a message is reworded or a library renames a class.
    pattern = re.compile(
        r"\.message\.startswith|message ==|in str\((?:exc|error|e)\)|str\((?:exc|error)\)\."
        r"|__name__ ==|\.hint\.startswith|hint\.startswith"
    )
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "advisor").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and "__main__" not in line
    ]
    assert found == []


def test_a_change_shown_can_be_pasted_into_a_shell(tmp_path: Path) -> None:
    import shlex

    profile = ROOT / "examples" / "retail-bi.yaml"
    shown = advisor_cmd(["evaluate", profile, "--explain", "-f", "plain"], tmp_path, COLUMNS="400")
    pasted = re.findall(r"\(set: (.+?)\)$", shown.stdout, re.M)
    assert pasted
    for text in pasted:
        [setting] = shlex.split(text)  # one argument, as a shell reads it
        varied = advisor_cmd(["evaluate", profile, "-f", "json", "--set", setting], tmp_path)
        assert varied.returncode == 0, varied.stderr


@pytest.mark.parametrize(("spelling", "group"), [("users[00].role", 0), ("users.01.role", 1)])
def test_a_group_number_with_a_leading_zero_is_that_group(
    tmp_path: Path, spelling: str, group: int
) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    done = advisor_cmd(
        ["evaluate", profile, "-f", "json", "--set", f"{spelling}=engineer"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    groups = json.loads(done.stdout)["profile"]["users"]
    assert groups[group]["role"] == "engineer"


def test_a_size_in_another_scripts_digits_is_refused_as_the_schema_refuses_it(
    tmp_path: Path,
) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    done = advisor_cmd(["evaluate", profile, "--set", "volume=\u0661\u0660\u0660 GB"], tmp_path)
    assert_user_error(done)
    assert "expected a size" in done.stderr


@pytest.mark.parametrize("cword", ["x", ""])
def test_a_malformed_completion_request_is_quiet(tmp_path: Path, cword: str) -> None:
    done = advisor_cmd(
        [], tmp_path, _ADVISOR_COMPLETE="complete_bash", COMP_WORDS="advisor ev", COMP_CWORD=cword
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_ask_without_input_into_a_closed_stdout_is_an_error(tmp_path: Path) -> None:
    profile = ROOT / "examples" / "retail-bi.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "--no-input", "--profile", str(profile)],
        cwd=tmp_path, env=clean_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, check=False, close_fds=True,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 2
    assert "standard output is closed" in done.stderr
