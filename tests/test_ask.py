"""`advisor ask` as a person uses it: a real pseudo-terminal, keys typed, the screen read.

Each test starts `python -m advisor ask` under pexpect in its own folder, with its own draft
folder and rules cache, no colour and a fixed 100x60 terminal, and types what a person would.
Prompts are waited for with generous timeouts; nothing here measures time.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pexpect
import pytest
import yaml
from rich.cells import cell_len

from advisor.questions.questionnaire import load_questions

from advisor_run import clean_env, run

TIMEOUT = 20
COLUMNS = 100
PROMPTS = {question.field: question.prompt for question in load_questions()}
USERS = next(question for question in load_questions() if question.field == "users")
INNER = {inner.field: inner.prompt for inner in USERS.fields}
NAME, SOURCES, VOLUME, GROWTH = (PROMPTS[k] for k in ("name", "sources", "volume", "growth"))
STRUCTURE, FRESHNESS, INGEST, QUERY = (
    PROMPTS[k] for k in ("structure", "latency.freshness", "ingest", "latency.query")
)
SHARES = [PROMPTS[f"structure.{k}"] for k in ("structured", "semi_structured", "unstructured")]
ROLE, COUNT, SKILL = (INNER[k] for k in ("role", "count", "skill"))
MORE = "Add another group of users?"
WORKLOADS, BUDGET, TEAM = (PROMPTS[k] for k in ("workloads", "budget", "team"))
REVIEW = "Review your answers"
SAVE = "Save these answers as a profile? [Y/n] "
FULL = """\
name: Acme retail
sources: 6
volume: 800 GB
growth: 200 GB/month
structure: structured
latency: {freshness: 15m, query: interactive}
users:
  - {role: business, count: 40}
  - {role: analyst, count: 5}
workloads: [dashboards, ad_hoc]
budget: medium
team: small
"""


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = clean_env(
        tmp_path,
        ADVISOR_STATE_DIR=str(tmp_path / "state"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TERM="xterm",
        **extra,
    )
    for name in ("COLUMNS", "LINES", "PYTHONIOENCODING"):
        if name not in extra:
            env.pop(name, None)
    return env


class Session:
    """One `advisor ask` in a pseudo-terminal, with everything it showed kept for checks."""

    def __init__(
        self,
        tmp_path: Path,
        *args: str,
        env: dict[str, str] | None = None,
        columns: int = COLUMNS,
        result: str | None = None,
    ) -> None:
        """Start ``advisor ask ARGS``; with ``result``, its standard output goes to that file.

        Then the questions go to standard error, and answers are read without readline.
        """
        self.tmp_path = tmp_path
        self.log = StringIO()
        command = [sys.executable, "-m", "advisor", "ask", *args]
        if result is not None:
            command = ["/bin/sh", "-c", f'exec "$@" > {shlex.quote(result)}', "sh", *command]
        self.child = pexpect.spawn(
            command[0],
            command[1:],
            cwd=str(tmp_path),
            env=environment(tmp_path, **(env or {})),
            dimensions=(60, columns),
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, question: str, reply: str) -> None:
        """Wait for ``question`` and its prompt, then type ``reply`` and Enter."""
        self.expect(question)
        self.reply(reply)

    def confirm(self, question: str, reply: str) -> None:
        """Wait for a yes/no ``question`` (its own prompt), then type ``reply`` and Enter."""
        self.expect(question)
        self.child.sendline(reply)

    def reply(self, reply: str) -> None:
        """Wait for the next prompt, then type ``reply`` and Enter."""
        self.expect("> ")
        self.child.sendline(reply)

    def send_bytes(self, data: bytes) -> None:
        os.write(self.child.child_fd, data)

    def end(self) -> int:
        """Wait for the program to exit; its exit status."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert isinstance(status, int), f"ended by signal {self.child.signalstatus}"
        return status

    @property
    def text(self) -> str:
        """Everything shown so far, with the terminal's CR LF line ends as LF."""
        return self.log.getvalue().replace("\r\n", "\n")

    @property
    def draft(self) -> Path:
        """The draft this session kept (each session keeps its own, named for its process)."""
        kept = sorted((self.tmp_path / "state").glob("draft-*.yaml"))
        assert len(kept) <= 1, kept
        return kept[0] if kept else self.tmp_path / "state" / "no-draft.yaml"


def advisor(tmp_path: Path, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A non-interactive `advisor` run (stdin closed) in tmp_path."""
    return run(
        [sys.executable, "-m", "advisor", *args], cwd=tmp_path, env=environment(tmp_path, **env)
    )


def evaluate_json(tmp_path: Path, profile: Path) -> object:
    done = advisor(tmp_path, "evaluate", profile, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def interrupted_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith("advisor: ")]
    assert len(lines) == 1, text
    return lines[0]


# -- a whole session -------------------------------------------------------------------------------


def test_full_session_to_a_saved_file(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "Acme retail")
    session.answer(SOURCES, "6")
    session.answer(VOLUME, "2.5 TB")
    session.answer(GROWTH, "200 GB/month")
    session.answer(STRUCTURE, "4")  # mixed, by number
    session.answer(SHARES[0], "60")
    session.answer(SHARES[1], "")  # half of what remains
    # The last share can only be what remains: filled, not asked.
    session.expect("structure.unstructured: 20 (what remains of 100)")
    session.answer(FRESHNESS, "15m")
    assert SHARES[2] not in session.text
    session.answer(INGEST, "400 GB/day")  # asked: data needed within the hour
    session.answer(QUERY, "2")
    session.answer(ROLE, "business")
    session.answer(COUNT, "40")
    session.answer(SKILL, "")
    session.answer(MORE, "y")
    session.expect("Group 2")
    session.answer(ROLE, "3")
    session.answer(COUNT, "4")
    session.answer(SKILL, "")
    session.answer(MORE, "")
    session.answer(WORKLOADS, "3, 4")
    session.answer(BUDGET, "")
    session.answer(TEAM, "")
    session.expect(REVIEW)
    session.expect("40 business (low); 4 data_scientist (high)")
    session.reply("")
    session.confirm(SAVE, "")
    session.expect("File [acme-retail.yaml] > ")
    session.child.sendline("")
    session.expect("Saved acme-retail.yaml.")
    assert session.end() == 0

    saved = tmp_path / "acme-retail.yaml"
    written = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert written["volume"] == "2.5 TB"
    assert written["structure"] == {"structured": 60, "semi_structured": 20, "unstructured": 20}
    assert written["workloads"] == ["dashboards", "ad_hoc"]
    assert written["ingest"] == "400 GB/day"
    assert not session.draft.exists(), "a finished session leaves no draft"

    # The result was shown with evaluate's renderer, and the saved file gives the same one.
    shown = advisor(tmp_path, "evaluate", saved, "--format", "plain", COLUMNS=str(COLUMNS))
    assert shown.returncode == 0, shown.stderr
    assert same_result(shown.stdout, session.text)
    again = advisor(tmp_path, "ask", "--no-input", "--profile", saved, "-f", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == evaluate_json(tmp_path, saved)


def test_invalid_answers_are_asked_again_with_the_reason(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "")
    session.answer(SOURCES, "many")
    session.expect("expected a whole number, found 'many'")
    session.expect("[1] > ")
    session.child.sendline("2")
    session.answer(VOLUME, "3 TBB")
    session.expect("unknown size unit 'TBB' in '3 TBB'")
    session.reply("3 TB")
    for question in (GROWTH, STRUCTURE, FRESHNESS, QUERY):
        session.answer(question, "")
    session.answer(ROLE, "busines")
    session.expect("'busines' is not one of: business, analyst, data_scientist, engineer")
    session.expect("hint: did you mean 'business'?")
    session.reply("9")
    session.expect("there is no choice 9")
    session.reply("business")
    session.answer(COUNT, "")
    session.child.sendintr()
    assert session.end() == 130
    assert "Traceback" not in session.text
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers["volume"] == "3 TB"
    assert answers["users.0.role"] == "business"


def test_help_says_why_the_question_matters(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "")
    session.answer(SOURCES, "")
    session.answer(VOLUME, "?")
    session.expect("Size decides whether a relational database is enough")
    session.expect("Accepted, for example: 800 GB, 2.5 TB, 3 PiB")
    session.reply("800 GB")
    session.answer(GROWTH, "")
    session.answer(STRUCTURE, "help")
    session.expect("a mix of kinds is where a lakehouse shines")
    session.expect("Type a number or a name.")
    session.reply("1")
    session.expect(FRESHNESS)
    session.child.sendintr()
    assert session.end() == 130


def test_going_back_shows_the_earlier_answer_as_the_default(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "<")
    session.expect("This is the first question.")
    session.answer(NAME, "Shop")
    session.answer(SOURCES, "6")
    session.answer(VOLUME, "3 TB")
    session.answer(GROWTH, "<")
    session.expect(VOLUME)
    session.expect("[3 TB] > ")
    session.child.sendline("back")
    session.expect(SOURCES)
    session.expect("[6] > ")
    session.child.sendline("")  # Enter keeps it
    session.expect(VOLUME)
    session.expect("[3 TB] > ")
    session.child.sendline("4 TB")  # or type another
    session.expect(GROWTH)
    session.child.sendintr()
    assert session.end() == 130
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers == {"name": "Shop", "sources": "6", "volume": "4 TB"}


def test_a_40_column_terminal_gets_whole_words_within_its_width(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    session = Session(tmp_path, "--profile", "full.yaml", columns=40)
    session.expect(REVIEW)
    session.reply("")
    session.confirm("Save these answers as a\r\nprofile? [Y/n] ", "n")  # room left to type
    assert session.end() == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", session.text)
    assert [line for line in shown.splitlines() if cell_len(line) > 40] == []
    review = shown[shown.index(REVIEW) : shown.index("Enter shows the recommendation")]
    assert "   3  volume\n      800 GB\n" in review  # names too wide to share a line with answers
    assert "…" not in shown


def test_editing_at_the_review_screen_changes_the_recommendation(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    session = Session(tmp_path, "--profile", "full.yaml")
    session.expect(REVIEW)
    session.expect("800 GB")
    session.reply("3")
    session.expect(VOLUME)
    session.expect("[800 GB] > ")
    session.child.sendline("80 TB")
    session.expect(REVIEW)
    session.expect("80 TB")
    session.reply("")
    session.confirm(SAVE, "n")
    assert session.end() == 0

    edited = tmp_path / "edited.yaml"
    edited.write_text(FULL.replace("800 GB", "80 TB"), encoding="utf-8")
    shown = advisor(tmp_path, "evaluate", edited, "--format", "plain", COLUMNS=str(COLUMNS))
    assert same_result(shown.stdout, session.text)
    before = advisor(tmp_path, "evaluate", "full.yaml", "--format", "plain", COLUMNS=str(COLUMNS))
    assert before.stdout != shown.stdout, "the edit should matter to the recommendation"
    assert set(tmp_path.glob("*.yaml")) == {tmp_path / "full.yaml", edited}  # declined to save


# -- nothing lost ----------------------------------------------------------------------------------


def test_ctrl_c_keeps_the_answers_and_resume_continues(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "Acme")
    session.answer(SOURCES, "2")
    session.answer(VOLUME, "5 TB")
    session.expect(GROWTH)
    session.expect("> ")
    session.child.sendintr()
    assert session.end() == 130
    assert "Traceback" not in session.text
    line = interrupted_line(session.text)
    assert line == (
        f"advisor: interrupted; 3 answers saved in {session.draft}; "
        "`advisor ask --resume` continues"
    )

    resumed = Session(tmp_path, "--resume")
    resumed.expect("Continuing from the answers saved in")  # the path, wrapped to the width
    resumed.expect(GROWTH)  # the next unanswered question
    resumed.child.sendline("")
    answer_rest_with_defaults_after_growth(resumed)
    resumed.expect(REVIEW)
    resumed.expect("5 TB")
    resumed.reply("")
    resumed.confirm(SAVE, "n")
    assert resumed.end() == 0
    assert NAME not in resumed.text
    assert not session.draft.exists()


def answer_rest_with_defaults_after_growth(session: Session) -> None:
    for question in (STRUCTURE, FRESHNESS, QUERY):
        session.answer(question, "")
    session.answer(ROLE, "analyst")
    for question in (COUNT, SKILL, MORE, WORKLOADS, BUDGET, TEAM):
        session.answer(question, "")


def test_ctrl_d_keeps_the_answers_too(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "")
    session.answer(SOURCES, "3")
    session.expect(VOLUME)
    session.expect("> ")
    session.child.sendeof()
    assert session.end() == 130
    assert "Traceback" not in session.text
    assert f"2 answers saved in {session.draft}" in interrupted_line(session.text)
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers == {"name": "", "sources": "3"}


def test_ctrl_d_at_the_save_question_keeps_the_answers(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    session = Session(tmp_path, "--profile", "full.yaml")
    session.answer(REVIEW, "")
    session.expect(SAVE)
    session.child.sendeof()
    assert session.end() == 130
    assert "Traceback" not in session.text
    assert f"saved in {session.draft}" in interrupted_line(session.text)

    resumed = Session(tmp_path, "--resume")
    resumed.answer(REVIEW, "")  # every answer is back: straight to the review
    resumed.confirm(SAVE, "n")
    assert resumed.end() == 0
    assert VOLUME not in resumed.text


def test_a_draft_is_offered_when_ask_starts_again(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "Acme")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130

    asked = Session(tmp_path)
    asked.expect("Continue from them? (no discards them) [Y/n] ")
    asked.child.sendintr()  # leaving at this question keeps the draft as it was
    assert asked.end() == 130
    assert f"saved in {session.draft}" in interrupted_line(asked.text)

    again = Session(tmp_path)
    again.expect("Found the answers of an unfinished `advisor ask`")
    again.confirm("Continue from them? (no discards them) [Y/n] ", "")
    again.expect(SOURCES)
    again.child.sendintr()
    assert again.end() == 130
    assert NAME not in again.text

    fresh = Session(tmp_path)
    fresh.confirm("Continue from them? (no discards them) [Y/n] ", "n")
    fresh.expect(NAME)
    fresh.child.sendintr()
    assert fresh.end() == 130


# -- saving ----------------------------------------------------------------------------------------


def test_saving_never_replaces_a_file_without_a_yes(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    existing = tmp_path / "acme-retail.yaml"
    existing.write_text("# mine, keep it\n", encoding="utf-8")
    session = Session(tmp_path, "--profile", "full.yaml")
    session.answer(REVIEW, "")
    session.confirm(SAVE, "")
    session.expect("File [acme-retail-2.yaml] > ")  # the default is a name not taken
    session.child.sendline("acme-retail.yaml")
    session.confirm("acme-retail.yaml exists. Replace it? [y/N] ", "n")
    session.expect("File [acme-retail-2.yaml] > ")  # asked for another path
    session.child.sendline("full.yaml")
    session.confirm("full.yaml exists. Replace it? [y/N] ", "")  # Enter is no
    session.expect("File [acme-retail-2.yaml] > ")  # the workload's name again, not full-2
    session.child.sendline("other.yaml")
    session.expect("Saved other.yaml.")
    assert session.end() == 0
    assert existing.read_text(encoding="utf-8") == "# mine, keep it\n"
    assert (tmp_path / "full.yaml").read_text(encoding="utf-8") == FULL
    assert evaluate_json(tmp_path, tmp_path / "other.yaml") == evaluate_json(
        tmp_path, tmp_path / "full.yaml"
    )


def test_saving_replaces_a_file_after_a_yes(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    session = Session(tmp_path, "--profile", "full.yaml", "--set", "volume=5 TB")
    session.answer(REVIEW, "")
    session.confirm(SAVE, "y")
    session.expect("File [")
    session.child.sendline("full.yaml")
    session.confirm("Replace it? [y/N] ", "y")
    session.expect("Saved full.yaml.")
    assert session.end() == 0
    assert yaml.safe_load((tmp_path / "full.yaml").read_text(encoding="utf-8"))["volume"] == "5 TB"


# -- text that cannot be stored --------------------------------------------------------------------


@pytest.mark.parametrize("editing", [True, False], ids=["readline", "line-discipline"])
def test_control_characters_are_refused_at_the_prompt(tmp_path: Path, editing: bool) -> None:
    session = Session(tmp_path, result=None if editing else "out.txt")
    session.expect(NAME)
    # With readline an escape sequence is a key: only Ctrl-V then Esc types the character.
    escape = "\x16\x1b" if editing else "\x1b"
    session.reply(f"Acme{escape}[31m red")
    session.expect("control character U+001B cannot be stored")
    session.reply("Acme")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130
    assert yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]["name"] == "Acme"


@pytest.mark.parametrize("encoding", ["", "utf-8:strict"], ids=["default", "strict-locale"])
def test_bytes_the_terminal_encoding_cannot_read_are_refused(tmp_path: Path, encoding: str) -> None:
    extra = {"PYTHONIOENCODING": encoding} if encoding else {}
    session = Session(tmp_path, env=extra, result="out.txt")
    session.expect(NAME)
    session.expect("> ")
    session.send_bytes(b"caf\xe9\r")  # Latin-1 bytes on a UTF-8 terminal
    session.expect("not valid in the terminal's encoding")
    session.reply("café")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130
    assert "Traceback" not in session.text
    assert yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]["name"] == "café"


def test_with_readline_a_byte_it_cannot_read_is_not_typed(tmp_path: Path) -> None:
    # readline leaves out what it cannot decode, so the line shows what is kept: nothing is
    # stored that the screen did not show.
    session = Session(tmp_path)
    session.expect(NAME)
    session.expect("> ")
    session.send_bytes(b"caf\xe9\r")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130
    assert "caf\n" in session.text
    assert yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]["name"] == "caf"


def test_arrow_keys_edit_the_answer_and_up_recalls_an_earlier_one(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.expect(NAME)
    session.expect("> ")
    session.child.send("Acme")
    session.child.send("\x1b[D\x1b[D")  # Left, Left
    session.child.send("X\r")
    session.expect(SOURCES)
    session.expect("> ")
    session.child.send("7\r")
    session.expect(VOLUME)
    session.expect("> ")
    session.child.send("\x1b[A\x1b[A\x1b[B")  # Up, Up, Down: back to the last answer
    session.child.send("\x08\x089 TB\r")  # two backspaces over "7", then the rest
    session.expect(GROWTH)
    session.child.sendintr()
    assert session.end() == 130
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers["name"] == "AcXme"
    assert answers["volume"] == "9 TB"


# -- scripted and partial use ----------------------------------------------------------------------


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_stdin_not_a_terminal_fails_at_once_pointing_to_evaluate(
    tmp_path: Path, stdin: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "ask"],
        cwd=tmp_path,
        env=environment(tmp_path),
        input="3 TB\nanalyst\n" if stdin == "pipe" else None,
        stdin=subprocess.DEVNULL if stdin == "devnull" else None,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against hanging, not a measure
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "advisor evaluate" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "state").exists()


def test_no_input_lists_what_is_missing(tmp_path: Path) -> None:
    done = advisor(tmp_path, "ask", "--no-input", "--set", "name=Shop")
    assert done.returncode == 2
    assert done.stderr == (
        "advisor: error: no answer for: volume, users[0].role\n"
        "  hint: give them with --set key=value (for example --set volume='3 TB') "
        "or --profile FILE\n"
    )


@pytest.mark.parametrize("spelling", ["users[0].role", "users.0.role"])
def test_set_takes_every_key_no_input_names(tmp_path: Path, spelling: str) -> None:
    given = ("--set", "name=Shop", "--set", "volume=1 TB", "--set", "latency=1d")
    named = advisor(tmp_path, "ask", "--no-input", *given)
    assert named.stderr.startswith("advisor: error: no answer for: users[0].role\n")
    done = advisor(
        tmp_path, "ask", "--no-input", *given, "--set", f"{spelling}=analyst", "-f", "json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["profile"]["users"][0]["role"] == "analyst"


def test_no_input_reports_refused_answers_once(tmp_path: Path) -> None:
    done = advisor(tmp_path, "ask", "--no-input", "--set", "volume=3 TBB", "--set", "users=low")
    assert done.returncode == 2
    assert done.stderr.startswith("--set: error: volume: unknown size unit 'TBB'")
    assert "no answer for" not in done.stderr


def test_no_input_with_every_answer_matches_evaluate(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    done = advisor(tmp_path, "ask", "--no-input", "--profile", "full.yaml", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == evaluate_json(tmp_path, tmp_path / "full.yaml")


def test_no_input_leaves_a_persons_draft_alone(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "Acme")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130
    done = advisor(tmp_path, "ask", "--no-input", "--set", "volume=1 TB", "--set", "users=low")
    assert done.returncode == 0, done.stderr
    assert session.draft.exists()


def test_set_prefills_and_only_the_rest_is_asked(tmp_path: Path) -> None:
    given = [
        "name=Shop",
        "volume=3 TB",
        "growth=10%/year",
        "structure=structured",
        "latency.query=interactive",
        "users=low",
        "users.0.count=40",
        "workloads=dashboards",
        "budget=low",
    ]
    session = Session(tmp_path, *(arg for pair in given for arg in ("--set", pair)))
    session.answer(SOURCES, "3")
    session.answer(FRESHNESS, "15m")
    session.answer(INGEST, "")  # optional: Enter skips
    session.answer(TEAM, "")
    session.expect(REVIEW)
    session.expect("40 business (low)")
    session.reply("")
    session.confirm(SAVE, "n")
    assert session.end() == 0
    for question in (NAME, VOLUME, GROWTH, STRUCTURE, QUERY, ROLE, COUNT, SKILL, BUDGET):
        assert question not in session.text, f"asked again: {question}"


def test_a_refused_prefilled_answer_is_asked_with_the_reason(tmp_path: Path) -> None:
    session = Session(tmp_path, "--set", "volume=3 TBB", "--set", "name=Shop")
    session.answer(SOURCES, "")
    session.expect(VOLUME)
    session.expect("unknown size unit 'TBB' in '3 TBB'")
    session.reply("3 TB")
    session.expect(GROWTH)
    session.child.sendintr()
    assert session.end() == 130
    assert NAME not in session.text
    assert "[3 TBB]" not in session.text, "a refused answer is not offered as the default"


def test_prefilled_shares_over_100_can_be_fixed_at_the_prompt(tmp_path: Path) -> None:
    given = ["name=x", "sources=1", "volume=1 TB", "structure.structured=80"]
    given.append("structure.semi_structured=30")
    session = Session(tmp_path, *(arg for pair in given for arg in ("--set", pair)))
    session.answer(GROWTH, "")
    session.expect(SHARES[2])
    session.expect("shares must sum to 100, these sum to 110")
    session.reply("")
    session.expect("the other shares already add up to 110, more than 100")
    session.expect("type < to go back and change them")
    session.reply("<")
    session.expect(SHARES[1])
    session.expect("[30] > ")
    session.child.sendline("10")
    session.expect("structure.unstructured: 10 (what remains of 100)")
    session.expect(FRESHNESS)
    session.reply("<")  # back passes over the filled share, to the one typed before it
    session.expect(SHARES[1])
    session.expect("[10] > ")
    session.child.sendline("")
    session.expect(FRESHNESS)
    session.child.sendintr()
    assert session.end() == 130
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers["structure.unstructured"] == "10"


def test_a_partial_profile_asks_only_what_is_missing(tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "volume: 3 TB\n"
        "structure: {structured: 60, semi_structured: 40}\n"
        "users: [{role: analyst, count: 5}]\n",
        encoding="utf-8",
    )
    session = Session(tmp_path, "--profile", "partial.yaml")
    for question in (NAME, SOURCES, GROWTH, FRESHNESS, QUERY, WORKLOADS, BUDGET, TEAM):
        session.answer(question, "")
    session.expect(REVIEW)
    session.expect("structured 60%, semi_structured 40%, unstructured 0%")
    # The group in the file is complete as the file says it: its skill is the role's usual one.
    session.expect("5 analyst (medium)")
    session.reply("")
    session.confirm(SAVE, "n")
    assert session.end() == 0
    for question in (VOLUME, STRUCTURE, *SHARES, ROLE, COUNT, SKILL):
        assert question not in session.text, f"asked again: {question}"


def test_a_profile_with_a_misspelt_key_is_refused_before_any_question(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text("volume: 3 TB\nlatency: {freshnes: 1d}\n")
    session = Session(tmp_path, "--profile", "typo.yaml")
    assert session.end() == 2
    assert "typo.yaml:2:11: error: unknown key 'freshnes'" in session.text
    assert "hint: did you mean 'freshness'?" in session.text


def test_with_stdout_redirected_the_questions_go_to_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    command = (
        f"exec {shlex.quote(sys.executable)} -m advisor ask --profile full.yaml -f json > out.json"
    )
    log = StringIO()
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(tmp_path),
        env=environment(tmp_path),
        dimensions=(60, COLUMNS),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.logfile_read = log
    child.expect_exact(REVIEW)
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact(SAVE)
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, log.getvalue()
    result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert result == evaluate_json(tmp_path, tmp_path / "full.yaml")


def test_going_back_then_ctrl_c_keeps_every_answer_typed(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.answer(NAME, "Shop")
    session.answer(SOURCES, "3")
    session.answer(VOLUME, "2 TB")
    session.answer(GROWTH, "<")
    session.expect(VOLUME)
    session.reply("<")
    session.expect(SOURCES)
    session.child.sendintr()
    assert session.end() == 130
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    # The answers taken back by '<' are still kept: leaving is not discarding.
    assert answers == {"name": "Shop", "sources": "3", "volume": "2 TB"}


def same_result(evaluated: str, session: str) -> bool:
    """Whether the session showed the result ``evaluate`` gives, but for its last line.

    The last line says how to see more: ``evaluate`` names its own flags; ``ask`` says to save
    the answers first.
    """
    body, more = evaluated.rstrip("\n").rsplit("\n", 1)
    assert more.startswith("More: --explain"), more
    return body in session and "More: save the answers, then evaluate them" in session


def test_two_sessions_at_once_keep_their_own_answers_and_resume_asks_which(
    tmp_path: Path,
) -> None:
    first = Session(tmp_path)
    first.answer(NAME, "First")
    first.expect(SOURCES)
    # A second session while the first still runs: the first's draft is in use, not offered.
    second = Session(tmp_path)
    second.answer(NAME, "Second")
    second.expect(SOURCES)
    assert "Found the answers" not in second.text
    drafts = sorted((tmp_path / "state").glob("draft-*.yaml"))
    assert len(drafts) == 2
    names = {yaml.safe_load(d.read_text(encoding="utf-8"))["answers"]["name"] for d in drafts}
    assert names == {"First", "Second"}
    for session in (first, second):
        session.child.sendintr()
        assert session.end() == 130

    # Both ended: --resume lists them, newest first, and continues the one chosen.
    resumed = Session(tmp_path, "--resume")
    resumed.expect("2 unfinished sessions have answers to resume:")
    resumed.expect("Which one? (1 is the newest) [1] > ")
    listed = resumed.text
    first_at, second_at = listed.index("First, 1 answer"), listed.index("Second, 1 answer")
    assert second_at < first_at
    resumed.child.sendline("2")
    resumed.expect("Continuing from the answers saved in")
    resumed.expect(SOURCES)
    resumed.child.sendintr()
    assert resumed.end() == 130
    kept = sorted((tmp_path / "state").glob("draft-*.yaml"))
    assert len(kept) == 2  # the other session's answers are still there
    names = {yaml.safe_load(d.read_text(encoding="utf-8"))["answers"]["name"] for d in kept}
    assert names == {"First", "Second"}


def test_resume_without_a_terminal_names_the_drafts_when_there_are_several(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    for n, name in enumerate(("A", "B")):
        (state / f"draft-20260101-00000{n}-99999{n}.yaml").write_text(
            f"draft: 1\nanswers:\n  name: {name}\n", encoding="utf-8"
        )
    done = advisor(tmp_path, "ask", "--resume", "--no-input")
    assert done.returncode == 2
    assert "2 unfinished sessions have answers to resume" in done.stderr
    assert "draft-20260101-000000-999990.yaml" in done.stderr


@pytest.mark.parametrize("complete", [True, False])
def test_resume_without_input_keeps_the_draft(tmp_path: Path, complete: bool) -> None:
    # The README promises --no-input never deletes a draft: without --save, it is the only
    # copy of what a person typed.
    state = tmp_path / "state"
    state.mkdir()
    answers = {"name": "Kept", "volume": "2 TB"}
    if complete:
        answers |= {"latency.freshness": "1d", "users.0.role": "analyst"}
    draft = state / "draft-20260101-000000-999990.yaml"
    draft.write_text(yaml.safe_dump({"draft": 1, "answers": answers}), encoding="utf-8")
    done = advisor(tmp_path, "ask", "--resume", "--no-input", "-f", "json")
    assert done.returncode == (0 if complete else 2), done.stderr
    if complete:
        assert json.loads(done.stdout)["profile"]["name"] == "Kept"
    [left] = state.glob("draft-*.yaml")
    assert yaml.safe_load(left.read_text(encoding="utf-8"))["answers"] == answers
    again = advisor(tmp_path, "ask", "--resume", "--no-input", "-f", "json")
    assert again.returncode == done.returncode
    assert again.stdout == done.stdout


def test_resume_names_the_group_it_asks_about(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    answers = {
        "name": "Shop",
        "sources": "1",
        "volume": "2 TB",
        "growth": "",
        "structure": "structured",
        "latency.freshness": "1d",
        "latency.query": "analytical",
        "users.0.role": "business",
        "users.0.count": "40",
    }
    draft = state / "draft-20260101-000000-999990.yaml"
    draft.write_text(yaml.safe_dump({"draft": 1, "answers": answers}), encoding="utf-8")
    session = Session(tmp_path, "--resume")
    session.expect("Group 1: 40 business")
    session.expect(SKILL)
    session.child.sendintr()
    assert session.end() == 130


def test_a_session_with_a_profile_is_not_offered_a_draft(tmp_path: Path) -> None:
    first = Session(tmp_path)
    first.answer(NAME, "Other work")
    first.expect(SOURCES)
    first.child.sendintr()
    assert first.end() == 130
    (tmp_path / "p.yaml").write_text("name: Mine\nvolume: 1 TB\n", encoding="utf-8")
    given = Session(tmp_path, "--profile", "p.yaml")
    given.expect(SOURCES)  # the profile's answers, and no offer of the other session's draft
    assert "Found the answers" not in given.text
    given.child.sendintr()
    assert given.end() == 130
    kept = {
        yaml.safe_load(d.read_text(encoding="utf-8"))["answers"]["name"]
        for d in (tmp_path / "state").glob("draft-*.yaml")
    }
    assert kept == {"Other work", "Mine"}  # the earlier draft is still there, untouched


def test_leaving_before_any_answer_keeps_no_draft(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.expect(NAME)
    session.child.sendintr()
    assert session.end() == 130
    assert not list((tmp_path / "state").glob("draft-*.yaml"))


def test_hundreds_of_groups_prefill_and_save_unchanged(tmp_path: Path) -> None:
    roles = ["business", "analyst", "engineer", "data_scientist"]
    users = [{"role": roles[n % 4], "skill": "medium", "count": 1 + n % 50} for n in range(600)]
    profile = {"volume": 3_000_000_000_000, "structure": "structured", "latency": "1d"}
    source = tmp_path / "teams.yaml"
    source.write_text(yaml.safe_dump({**profile, "users": users}), encoding="utf-8")

    done = advisor(tmp_path, "ask", "--profile", source, "--no-input", "--save", "saved.yaml")

    assert done.returncode == 0, done.stderr
    saved = yaml.safe_load((tmp_path / "saved.yaml").read_text(encoding="utf-8"))
    assert saved["users"] == users


def test_every_field_round_trips_through_ask_without_input(tmp_path: Path) -> None:
    from test_questionnaire import EVERY_FIELD

    (tmp_path / "every.yaml").write_text(yaml.safe_dump(EVERY_FIELD), encoding="utf-8")
    done = advisor(
        tmp_path, "ask", "--profile", "every.yaml", "--no-input", "--save", "saved.yaml",
        "-f", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    original = evaluate_json(tmp_path, tmp_path / "every.yaml")
    assert evaluate_json(tmp_path, tmp_path / "saved.yaml") == original
    assert json.loads(done.stdout) == original


@pytest.mark.parametrize(
    "text",
    [
        "volume: 3 TBB\n",
        "users: [{role: analyst, count: -4}]\n",
        "latency: {freshness: 1M}\n",
        "structure: {structured: 50}\n",  # not made up into 50/25/25 by ask's defaults
    ],
    ids=["volume", "group-count", "freshness", "partial-shares"],
)
def test_a_bad_value_in_a_profile_is_located_as_evaluate_locates_it(
    tmp_path: Path, text: str
) -> None:
    base = {"volume": "3 TB", "structure": "structured", "latency": "1d", "users": "low"}
    key = text.partition(":")[0]
    body = yaml.safe_dump({k: v for k, v in base.items() if k != key}) + text
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    asked = advisor(tmp_path, "ask", "--no-input", "--profile", "bad.yaml")
    evaluated = advisor(tmp_path, "evaluate", "bad.yaml")
    assert asked.returncode == evaluated.returncode == 2
    first = evaluated.stderr.partition("\n")[0]
    assert first.startswith("bad.yaml:")
    assert asked.stderr.partition("\n")[0] == first


def test_a_terminal_that_closes_keeps_the_answers(tmp_path: Path) -> None:
    # Closing the window hangs up the terminal: as Ctrl-C, the answers go to the draft and the
    # exit code is 130, with no traceback.
    session = Session(tmp_path)
    session.answer(NAME, "Hung up")
    session.expect(SOURCES)
    session.expect("> ")
    session.child.close(force=False)
    assert session.child.exitstatus == 130, (session.child.exitstatus, session.child.signalstatus)
    answers = yaml.safe_load(session.draft.read_text(encoding="utf-8"))["answers"]
    assert answers["name"] == "Hung up"


def test_saving_to_a_json_file_writes_json(tmp_path: Path) -> None:
    (tmp_path / "full.yaml").write_text(FULL, encoding="utf-8")
    done = advisor(tmp_path, "ask", "--no-input", "--profile", "full.yaml", "--save", "s.json")
    assert done.returncode == 0, done.stderr
    assert "wrote s.json" in done.stderr
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert evaluate_json(tmp_path, tmp_path / "s.json") == evaluate_json(
        tmp_path, tmp_path / "full.yaml"
    )
    assert saved["name"]
