"""A portfolio in one call: folders, results streamed as they come, bad profiles among good ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import advisor
from advisor.cli.options import Settings
from advisor.cli.runner import run_evaluate
from advisor.encoding import json_text
from advisor.reasoning.batch import Source, evaluate_many, profile_files

from advisor_run import EXAMPLES, clean_env

BAD = "volume: lots\nstructure: structured\nlatency: 1d\nusers: low\n"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def advisor_cmd(
    args: list[str | Path], cwd: Path, *, cache: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        cwd=cwd,
        env=clean_env(cache or cwd, COLUMNS="100", **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A folder of the examples, a bad profile, a subfolder, a hidden and a non-profile file."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for example in EXAMPLE_FILES:
        (folder / example.name).write_text(example.read_text("utf-8"), "utf-8")
    (folder / "m-bad.yaml").write_text(BAD, "utf-8")
    (folder / "notes.txt").write_text("not a profile", "utf-8")
    (folder / ".hidden.yaml").write_text(BAD, "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "deeper.yaml").write_text(BAD, "utf-8")
    return folder


def test_a_folder_is_its_profile_files_in_name_order(portfolio: Path) -> None:
    names = [Path(name).name for name in profile_files([portfolio])]
    assert names == sorted([*(p.name for p in EXAMPLE_FILES), "m-bad.yaml"])


def test_jsonl_gives_one_line_per_profile_with_its_source_and_reports_the_bad_one(
    portfolio: Path,
) -> None:
    result = advisor_cmd(["evaluate", "portfolio", "-f", "jsonl"], portfolio.parent)

    assert result.returncode == 2
    assert result.stderr == (
        "portfolio/m-bad.yaml:1:9: error: expected a size such as '800 GB', '3TB', '2.5 PiB' "
        "or a whole number of bytes, found 'lots'\n"
        f"advisor: 1 profile is not valid (of {len(EXAMPLE_FILES) + 1}); the others were "
        "evaluated\n"
    )
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXAMPLE_FILES)
    for line, example in zip(lines, EXAMPLE_FILES, strict=True):
        data = json.loads(line)
        assert data["source"] == {"file": f"portfolio/{example.name}", "document": 0}
        # The same result evaluate gives for the file alone, with its source added.
        alone = advisor.evaluate(example, what_if=True).to_data()
        assert {k: v for k, v in data.items() if k != "source"} == alone
        assert " " not in line.split('"profile"')[0]  # compact: no space after separators


def test_a_json_array_is_the_text_of_the_whole_list(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", *EXAMPLE_FILES[:3], "-f", "json"], tmp_path)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["source"]["file"] for d in data] == [str(p) for p in EXAMPLE_FILES[:3]]
    # Written item by item, it is byte for byte what one json.dumps(indent=2) of the list gives.
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_one_result_stays_one_object_without_a_source(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", EXAMPLE_FILES[0], "-f", "json"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == advisor.evaluate(EXAMPLE_FILES[0], what_if=True).to_json() + "\n"


def test_documents_of_one_file_are_numbered_and_a_bad_one_does_not_hide_the_rest(
    tmp_path: Path,
) -> None:
    good = EXAMPLE_FILES[0].read_text("utf-8")
    (tmp_path / "three.yaml").write_text(f"{good}---\n{BAD}---\n{good}", "utf-8")

    result = advisor_cmd(["evaluate", "three.yaml", "-f", "jsonl"], tmp_path)

    assert result.returncode == 2
    assert result.stderr.startswith("three.yaml:")
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [{"file": "three.yaml", "document": n} for n in (0, 2)]


def test_table_is_one_line_per_profile(portfolio: Path) -> None:
    result = advisor_cmd(["evaluate", "portfolio", "-f", "table"], portfolio.parent)

    assert result.returncode == 2
    header, rule, *rows = result.stdout.splitlines()
    assert header.split() == [
        "source",
        "name",
        "storage",
        "pipeline",
        "confidence",
        "s/p",
    ]
    assert set(rule) <= {"-", " "}
    assert len(rows) == len(EXAMPLE_FILES)
    retail = next(row for row in rows if "retail-bi.yaml" in row)
    rec = advisor.evaluate(EXAMPLES / "retail-bi.yaml", what_if=True)
    assert rec.storage.primary in retail
    assert f"{rec.confidence.storage}/{rec.confidence.pipeline}" in retail


def test_table_on_a_narrow_terminal_shortens_names_never_wraps(portfolio: Path) -> None:
    from advisor.renderers.table import render_rows, table_row

    rules = advisor.default_rules()
    rows = [
        table_row(outcome.recommendation, outcome.source)
        for outcome in evaluate_many([portfolio], rules=rules, what_if=False)
        if outcome.recommendation is not None
    ]
    text = render_rows(rows, width=100)
    lines = text.splitlines()
    assert len(lines) == len(rows) + 2
    assert all(len(line) <= 100 for line in lines), text
    assert "…" in text
    # Too narrow for the columns even shortened: each profile as a few lines, words whole.
    for width in (80, 40):
        narrow = render_rows(rows, width=width)
        assert all(len(line) <= width for line in narrow.splitlines()), narrow
        words = set(narrow.split())
        assert all(word in words for row in rows for word in row[1].split())  # names whole
        assert narrow.count("\n  storage ") == len(rows)


def test_output_file_is_not_written_when_a_profile_is_refused(portfolio: Path) -> None:
    result = advisor_cmd(
        ["evaluate", "portfolio", "-f", "jsonl", "-o", "out.jsonl"], portfolio.parent
    )

    assert result.returncode == 2
    assert "portfolio/m-bad.yaml:1:9: error:" in result.stderr
    assert "out.jsonl not written: 1 profile is not valid" in result.stderr
    assert not (portfolio.parent / "out.jsonl").exists()
    assert not [p for p in portfolio.parent.iterdir() if p.name.endswith(".tmp")]


def test_output_file_by_extension_is_jsonl(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", *EXAMPLE_FILES[:2], "-o", "out.jsonl"], tmp_path)

    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["source"]["file"] for line in lines] == [
        str(p) for p in EXAMPLE_FILES[:2]
    ]


def test_an_empty_folder_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    result = advisor_cmd(["evaluate", "empty", EXAMPLE_FILES[0], "-f", "jsonl"], tmp_path)

    assert result.returncode == 2
    assert "empty: error: holds no profile files (*.yaml, *.yml, *.json)" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_jsonl_lines_arrive_before_the_run_ends(tmp_path: Path) -> None:
    # Ten copies of an example, read as a stream: the first line must come while the rest is
    # still being evaluated (here: read before the process is allowed to read stdin's end).
    for n in range(10):
        (tmp_path / f"p{n:02d}.yaml").write_text(EXAMPLE_FILES[0].read_text("utf-8"), "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "evaluate", ".", "-", "-f", "jsonl"],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    first = process.stdout.readline()
    assert json.loads(first)["source"]["file"] == "p00.yaml"
    # Standard input, the last input, is still open: the process is waiting on it.
    assert process.poll() is None
    process.stdin.write(EXAMPLE_FILES[1].read_bytes())
    process.stdin.close()
    rest = process.stdout.read().decode().splitlines()
    assert process.wait(timeout=120) == 0
    assert json.loads(rest[-1])["source"] == {"file": "<stdin>", "document": 0}
    assert len(rest) == 10


def test_progress_bar_goes_to_stderr_only(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    import advisor.cli.runner

    monkeypatch.setattr(advisor.cli.runner, "PROGRESS_AFTER", 0.0)
    out = io.StringIO()
    messages: list[object] = []
    tally = run_evaluate(
        [str(portfolio)],
        rules=advisor.default_rules(),
        what_if=False,
        settings=Settings(fmt="jsonl", progress=True),
        out=out,
        err=messages.append,
    )
    assert tally.results == len(EXAMPLE_FILES)
    assert tally.refused == 1
    # Nothing of the bar in the output; the refusal printed above the bar, on stderr.
    assert all(json.loads(line) for line in out.getvalue().splitlines())
    assert "m-bad.yaml:1:9: error:" in capsys.readouterr().err
    assert messages == []


def test_set_applies_to_every_profile_of_a_folder(portfolio: Path) -> None:
    result = advisor_cmd(
        ["evaluate", "portfolio", "-f", "jsonl", "--no-what-if", "--set", "budget=low"],
        portfolio.parent,
    )

    assert result.returncode == 2
    budgets = {json.loads(line)["profile"]["budget"] for line in result.stdout.splitlines()}
    assert budgets == {"low"}


def test_source_is_the_one_definition_of_where_a_profile_came_from() -> None:
    rec = advisor.evaluate(EXAMPLE_FILES[0])
    from advisor.renderers.jsonl import jsonl_line

    line = jsonl_line(rec, Source("a.yaml", 3))
    assert json.loads(line)["source"] == {"file": "a.yaml", "document": 3}
    assert (
        line
        == json_text({**rec.to_data(), "source": {"file": "a.yaml", "document": 3}}, indent=None)
        + "\n"
    )


def test_a_fifo_in_a_folder_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good.yaml").write_text(EXAMPLE_FILES[0].read_text("utf-8"), "utf-8")

    result = advisor_cmd(["evaluate", ".", "-f", "jsonl"], tmp_path)

    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1


@pytest.fixture
def large_portfolio(tmp_path: Path) -> Path:
    """150 profile files (the examples, renamed), one of them bad: enough for processes."""
    folder = tmp_path / "large"
    folder.mkdir()
    for n in range(150):
        text = BAD if n == 77 else EXAMPLE_FILES[n % len(EXAMPLE_FILES)].read_text("utf-8")
        (folder / f"w{n:03d}.yaml").write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_processes_write_what_one_process_writes(large_portfolio: Path, fmt: str) -> None:
    runs = [
        advisor_cmd(["evaluate", "large", "-f", fmt, "--no-what-if", *jobs], large_portfolio.parent)
        for jobs in (["-j", "1"], ["-j", "2"], [])
    ]
    for result in runs:
        assert result.returncode == 2
        assert result.stderr.startswith("large/w077.yaml:1:9: error: expected a size")
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert len(runs[0].stdout.splitlines()) == 149 + (2 if fmt == "table" else 0)


def started_at_work(folder: Path) -> subprocess.Popen[bytes]:
    """``evaluate`` on ``folder`` in two processes, once its first result is out."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "evaluate", folder.name, "-f", "jsonl", "-j", "2"],
        cwd=folder.parent,
        env=clean_env(folder.parent),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # the processes are at work
    return process


def test_ctrl_c_stops_every_process_without_a_traceback(large_portfolio: Path) -> None:
    import signal
    import time

    process = started_at_work(large_portfolio)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in errors.decode()
    assert errors.decode().endswith("advisor: interrupted\n")


def test_jobs_must_be_a_number_of_processes(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", EXAMPLE_FILES[0], "-j", "0"], tmp_path)
    assert result.returncode == 2
    assert "--jobs: 0 is not a number of processes" in result.stderr


def test_the_readme_shows_the_real_table(tmp_path: Path) -> None:
    from advisor_run import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- sample-table:", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    command, shown = block.split("\n", 1)
    assert command == "$ advisor evaluate examples/ --format table"
    result = advisor_cmd(["evaluate", "examples/", "--format", "table"], ROOT, cache=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown


# -- found by attacking the batch ----------------------------------------------------------------


def test_standard_input_is_read_beside_a_large_folder(large_portfolio: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "evaluate", "large", "-", "-f", "jsonl", "-j", "2"],
        cwd=large_portfolio.parent,
        env=clean_env(large_portfolio.parent),
        input=EXAMPLE_FILES[0].read_text("utf-8"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2  # w077 is bad
    last = json.loads(done.stdout.splitlines()[-1])
    assert last["source"] == {"file": "<stdin>", "document": 0}


def test_a_killed_worker_is_an_error_not_a_wait(large_portfolio: Path) -> None:
    import signal

    process = started_at_work(large_portfolio)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    os.kill(int(children[0]), signal.SIGKILL)  # as the out-of-memory killer would
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "a worker process ended before its work was done" in errors.decode()
    assert "Traceback" not in errors.decode()


def test_output_among_the_input_folders_profiles_is_refused(portfolio: Path) -> None:
    target = portfolio / "retail-bi.yaml"
    before = target.read_bytes()
    for name in ("retail-bi.yaml", "results.json"):
        result = advisor_cmd(
            ["evaluate", "portfolio", "-f", "json", "-o", f"portfolio/{name}", "--force"],
            portfolio.parent,
        )
        assert result.returncode == 2
        assert "whose profile files are inputs; refusing to write there" in result.stderr
    assert target.read_bytes() == before
    assert not (portfolio / "results.json").exists()


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/b\xe9.yaml"
    with open(raw, "wb") as handle:
        handle.write(EXAMPLE_FILES[0].read_bytes())
    for fmt in ("jsonl", "table"):
        result = advisor_cmd(["evaluate", "names", "-f", fmt], tmp_path)
        assert result.returncode == 0, result.stderr
    line = advisor_cmd(["evaluate", "names", "-f", "jsonl"], tmp_path).stdout
    assert json.loads(line)["source"]["file"] == "names/b\ufffd.yaml"


def test_a_link_that_loops_is_one_bad_file_among_the_others(portfolio: Path) -> None:
    (portfolio / "loop.yaml").symlink_to("loop.yaml")

    result = advisor_cmd(["evaluate", "portfolio", "-f", "jsonl"], portfolio.parent)

    assert result.returncode == 2
    assert "portfolio/loop.yaml: error:" in result.stderr
    assert len(result.stdout.splitlines()) == len(EXAMPLE_FILES)


def test_json_is_an_array_for_several_files_however_many_are_valid(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, "utf-8")
    one_good = advisor_cmd(["evaluate", "bad.yaml", EXAMPLE_FILES[0], "-f", "json"], tmp_path)
    assert one_good.returncode == 2
    (item,) = json.loads(one_good.stdout)
    assert item["source"]["file"] == str(EXAMPLE_FILES[0])
    none_good = advisor_cmd(["evaluate", "bad.yaml", "bad.yaml", "-f", "json"], tmp_path)
    assert none_good.returncode == 2
    assert none_good.stdout == "[]\n"


def test_a_set_key_that_no_profile_has_is_said_once(portfolio: Path) -> None:
    result = advisor_cmd(["evaluate", "portfolio", "--set", "volum=3 TB"], portfolio.parent)
    assert result.returncode == 2
    assert result.stderr.count("unknown key 'volum'") == 1
    assert result.stdout == ""


def test_a_reader_that_goes_away_ends_every_way_in_quietly(large_portfolio: Path) -> None:
    for extra in ([], ["-j", "2"], ["--set", "budget=low"]):
        done = subprocess.run(
            f"{sys.executable} -m advisor evaluate large -f jsonl {' '.join(extra)} | head -1",
            shell=True,
            cwd=large_portfolio.parent,
            env={**clean_env(large_portfolio.parent)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            executable="/bin/bash",
        )
        assert "Traceback" not in done.stderr
        assert json.loads(done.stdout)["source"]["file"] == "large/w000.yaml"


def test_help_to_a_full_disk_is_a_message(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "advisor", "--help"],
            cwd=tmp_path,
            env=clean_env(tmp_path, COLUMNS="100"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "advisor: error: No space left on device\n"


def test_an_empty_file_name_is_named_as_such(tmp_path: Path) -> None:
    result = advisor_cmd(["evaluate", "", EXAMPLE_FILES[0], "-f", "jsonl"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("'': error: an empty file name")
    assert len(result.stdout.splitlines()) == 1


def test_a_problem_inside_one_document_leaves_the_others_evaluated(tmp_path: Path) -> None:
    good = EXAMPLE_FILES[0].read_text("utf-8")
    duplicate = "volume: 1 TB\nvolume: 2 TB\nstructure: structured\nlatency: 1d\nusers: low\n"
    (tmp_path / "multi.yaml").write_text(f"{good}---\n{duplicate}---\n{good}---\n", "utf-8")

    result = advisor_cmd(["evaluate", "multi.yaml", "-f", "jsonl"], tmp_path)

    assert result.returncode == 2
    assert "error: duplicate key 'volume'" in result.stderr
    assert "error: document is empty" in result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [{"file": "multi.yaml", "document": n} for n in (0, 2)]


def test_another_kind_of_file_in_a_folder_is_one_line(portfolio: Path) -> None:
    (portfolio / "compose.yml").write_text("services:\n  web:\n    image: x\n", "utf-8")
    (portfolio / "gone.yaml").symlink_to(portfolio / "nowhere.yaml")

    result = advisor_cmd(["evaluate", "portfolio", "-f", "jsonl"], portfolio.parent)

    assert result.returncode == 2
    compose = [line for line in result.stderr.splitlines() if "compose.yml" in line]
    assert compose == [
        "portfolio/compose.yml:1:1: error: not a workload profile: none of its keys "
        "(services) is a profile field"
    ]
    assert "portfolio/gone.yaml: error: no such file" in result.stderr
    assert "advisor: 3 profiles are not valid (of" in result.stderr


def test_chunks_larger_than_a_pipe_do_not_stop_the_processes(tmp_path: Path) -> None:
    # 120 missing files with names of 4,000 characters: each chunk of names is larger than
    # what a pipe holds, and neither side may wait on the other for good.
    names = [f"{'d' * 3990}{n:04d}.yaml" for n in range(120)]
    result = advisor_cmd(["evaluate", *names, "-f", "jsonl", "-j", "2"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.count(".yaml: error: ") == 120


def test_workers_end_with_their_parent(large_portfolio: Path) -> None:
    import signal
    import time

    process = started_at_work(large_portfolio)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert children
    os.kill(process.pid, signal.SIGKILL)  # as the out-of-memory killer would
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.1)
    alive = [c for c in children if Path(f"/proc/{c}/stat").exists()
             and Path(f"/proc/{c}/stat").read_text().split()[2] != "Z"]  # fmt: skip
    assert alive == []


def test_an_empty_document_keeps_its_own_problems(tmp_path: Path) -> None:
    profile = "name: two\nvolume: 1 TB\nstructure: structured\nlatency: 1d\nusers: low\n"
    (tmp_path / "e.yaml").write_text(f"--- &a\n---\n{profile}", "utf-8")

    result = advisor_cmd(["evaluate", "e.yaml", "-f", "jsonl"], tmp_path)

    assert result.returncode == 2
    assert "e.yaml:1:5: error: anchors (&name) are not accepted" in result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["profile"]["name"] == "two"


def test_ctrl_c_during_a_line_lets_the_line_finish(portfolio: Path) -> None:
    import io
    import signal

    class Interrupted(io.StringIO):
        """Ctrl-C arrives while the first line is being written."""

        def write(self, text: str) -> int:
            if not self.getvalue():
                os.kill(os.getpid(), signal.SIGINT)
            return super().write(text)

    out = Interrupted()
    with pytest.raises(KeyboardInterrupt):
        run_evaluate(
            [str(portfolio)],
            rules=advisor.default_rules(),
            what_if=False,
            settings=Settings(fmt="jsonl"),
            out=out,
            err=lambda error: None,
        )
    (line,) = out.getvalue().splitlines()
    assert json.loads(line)["source"]["document"] == 0


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_a_slow_first_chunk_does_not_stall_the_processes(tmp_path: Path, fmt: str) -> None:
    # The first 25 files are slow (a thousand groups of users each), the next 100 quick: the
    # other process runs ahead as far as it may, and everything it did is handed on at once
    # when the slow chunk arrives. The run then had nothing in flight and waited for ever.
    folder = tmp_path / "portfolio"
    folder.mkdir()
    groups = [{"role": "analyst", "count": n + 1} for n in range(1000)]
    slow = {"volume": "6 TB", "structure": "mixed", "latency": "1h", "users": groups}
    for n in range(25):
        (folder / f"a{n:02d}.json").write_text(json.dumps(slow), encoding="utf-8")
    for n in range(100):
        (folder / f"b{n:03d}.yaml").write_text(
            "volume: 1 GB\nstructure: structured\nlatency: 1d\nusers: low\n", encoding="utf-8"
        )
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "evaluate", str(folder), "-f", fmt, "--jobs", "2"],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 125 + (2 if fmt == "table" else 0)
