"""Every failure a user can cause ends in a message and an exit code, never a traceback.

Each case here once ended in one: a byte-order mark followed by a bad byte, UTF-32 text, a lone
surrogate handed to the library, a choice answered with thousands of digits, a closed standard
stream; and escaped surrogate pairs outside double quotes were rewritten instead of kept.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import advisor
from advisor.errors import InputError
from advisor.profiles.document import decode, load_documents
from advisor.reasoning.evaluation import with_settings

from advisor_run import EXAMPLES, clean_env

BASE: dict[str, Any] = {"volume": "1 TB", "structure": "mixed", "latency": "1d", "users": "low"}


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (b"\xef\xbb\xbfab\xff", (1, 3), "not UTF-8 text (byte 0xff)"),
        (b"\xef\xbb\xbfvolume: 1\nx\xe9y", (2, 2), "not UTF-8 text (byte 0xe9)"),
        (b"\xff\xfe\x00\x00v\x00\x00\x00", (1, 1), "UTF-32 text, not UTF-8"),
        (b"\x00\x00\xfe\xff\x00\x00\x00v", (1, 1), "UTF-32 text, not UTF-8"),
        (b"\xff\xfev\x00", (1, 1), "UTF-16 text, not UTF-8"),
    ],
    ids=["bom-then-bad-byte", "bom-then-bad-line-2", "utf-32-le", "utf-32-be", "utf-16"],
)
def test_encodings_are_named_and_bad_bytes_located(
    raw: bytes, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        decode(raw, "p.yaml")
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.col) == where
    assert message in problem.message


@pytest.mark.parametrize(
    "data",
    [
        {**BASE, "workloads": "\ud800,x"},
        {**BASE, "\ud800": 1},
        {**BASE, "users": [{"role": "analyst"}, {"role": "x\udcff"}]},
        {**BASE, "name": "a\ud83d"},
    ],
    ids=["in-a-list-as-text", "in-a-key", "in-a-group", "in-the-name"],
)
def test_a_lone_surrogate_from_python_is_a_profile_error(data: dict[str, Any]) -> None:
    with pytest.raises(advisor.ProfileError, match="lone surrogate"):
        advisor.evaluate(data)


def test_a_file_name_no_system_can_use_is_an_input_error() -> None:
    with pytest.raises(advisor.InputError, match="not a file name this system can use"):
        advisor.load_profile("\ud800.yaml")


def test_escaped_surrogate_pairs_are_joined_only_where_yaml_would_read_escapes() -> None:
    (quoted,) = load_documents('a: "\\ud83d\\ude00"\n', "p.yaml")
    (plain,) = load_documents("a: \\ud83d\\ude00 as written\n", "p.yaml")
    assert quoted.data == {"a": "\U0001f600"}
    assert plain.data == {"a": "\\ud83d\\ude00 as written"}


def test_a_group_number_of_thousands_of_digits_is_an_input_error() -> None:
    profile = advisor.load_profile(EXAMPLES / "retail-bi.yaml")
    with pytest.raises(advisor.InputError):
        with_settings(profile, ["users." + "9" * 5000 + ".count=3"])


def test_a_choice_of_thousands_of_digits_is_no_choice() -> None:
    from advisor.questions.questionnaire import AnswerError, _by_number, load_questions

    question = next(q for q in load_questions() if q.choices)
    # Too long to be a choice's number (int() would refuse it): left as text, which the
    # answer's validation then refuses as no choice.
    assert _by_number("9" * 4301, question) == "9" * 4301
    with pytest.raises(AnswerError, match="there is no choice 99"):
        _by_number("99", question)


@pytest.mark.parametrize(
    ("args", "closed", "message"),
    [
        (["evaluate", str(EXAMPLES / "retail-bi.yaml")], "stdout", "standard output is closed"),
        (["evaluate", "-"], "stdin", "<stdin>:1:1: error: file is empty"),
        (["ask"], "stdin", "ask needs a terminal"),
    ],
    ids=["stdout", "stdin", "ask-stdin"],
)
def test_a_closed_standard_stream_is_a_clear_error(
    args: list[str], closed: str, message: str, tmp_path: Path
) -> None:
    # The shell's `>&-` or `<&-`: the stream is closed before Python starts.
    redirect = ">&-" if closed == "stdout" else "<&-"
    command = " ".join([sys.executable, "-m", "advisor", *args]) + f" {redirect} 2>err.txt"
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=clean_env(tmp_path), check=False)
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert done.returncode == 2, err
    assert message in err
    assert "Traceback" not in err


def _self_holding() -> list[object]:
    loop: list[object] = []
    loop.append(loop)
    return loop


@pytest.mark.parametrize(
    "call",
    [
        lambda: advisor.evaluate(42),  # type: ignore[arg-type]
        lambda: advisor.parse_profiles(b"volume: 1 TB"),  # type: ignore[arg-type]
        lambda: with_settings(advisor.load_profile(EXAMPLES / "retail-bi.yaml"), [1]),  # type: ignore[list-item]
        lambda: advisor.load_profile("p\x00.yaml"),
        lambda: advisor.evaluate(BASE, rules=["a" * 300]),
        lambda: advisor.evaluate({**BASE, "volume": _self_holding()}),
    ],
    ids=["a-number", "bytes", "set-not-text", "nul-in-name", "name-too-long", "self-holding-list"],
)
def test_bad_input_of_any_type_is_an_advisor_error(call: Any) -> None:
    with pytest.raises(advisor.AdvisorError):
        call()
