"""Bounded work: every input within the documented limits is read or refused quickly and
clearly, and past them it is refused before any costly work, with a located error.

No timing is asserted here (speed is the benchmark's); what is checked is what a user sees:
the refusal, its place and its hint, and that a parser is never handed text longer than its
limit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import MAX_DIAGNOSTICS, SHOWN_DIAGNOSTICS, InputError
from advisor.profiles.document import MAX_DOCUMENTS, load_documents
from advisor.profiles.profile import MAX_GROUPS
from advisor.profiles.units import MAX_TEXT, parse_duration, parse_growth, parse_ingest, parse_size
from advisor.reasoning.ruleset import MAX_RULES, load_rules

from advisor_run import run_advisor

PROFILE = "volume: 1 TB\nstructure: mixed\nlatency: 1d\nusers: low\n"


@pytest.mark.parametrize("parse", [parse_size, parse_duration, parse_growth, parse_ingest])
@pytest.mark.parametrize(
    "middle", [" " * 100_000, "\t" * 50_000, " 5" * 50_000], ids=["spaces", "tabs", "digits"]
)
def test_long_text_is_refused_without_being_matched(parse: object, middle: str) -> None:
    # "1" + 100,000 spaces + "!" took 30 s with a pattern that backtracked over the spaces.
    with pytest.raises(ValueError, match=r"expected|larger|longer") as caught:
        parse("1" + middle + "!")  # type: ignore[operator]
    assert "too long" in str(caught.value) or "larger" in str(caught.value)


def test_text_up_to_the_limit_is_still_read() -> None:
    padded = " " * (MAX_TEXT - len("3 TB") - 2) + "3 TB" + "  "
    assert len(padded) == MAX_TEXT
    assert parse_size(padded) == 3 * 10**12


def test_a_file_of_too_many_documents_is_refused_at_the_first_one_too_many() -> None:
    text = "---\n".join(["users: low\n"] * (MAX_DOCUMENTS + 5))
    with pytest.raises(InputError) as caught:
        load_documents(text, "many.yaml")
    (problem,) = caught.value.diagnostics
    assert problem.message == f"more than {MAX_DOCUMENTS} documents in one file"
    assert problem.line == 2 * MAX_DOCUMENTS  # the `---` that opens the one too many
    assert "several files" in (problem.hint or "")


def test_a_message_lists_the_first_problems_and_counts_the_rest() -> None:
    text = "".join(f"k: {n}\n" for n in range(5000))  # one duplicate key after another
    with pytest.raises(InputError) as caught:
        load_documents(text, "dup.yaml")
    assert len(caught.value.diagnostics) == MAX_DIAGNOSTICS  # reading stopped there
    lines = str(caught.value).splitlines()
    assert lines[-1] == (
        f"... and {MAX_DIAGNOSTICS - SHOWN_DIAGNOSTICS} more problems; reading stopped after "
        f"{MAX_DIAGNOSTICS}, so there may be more"
    )
    assert len([line for line in lines if ": error: " in line]) == SHOWN_DIAGNOSTICS


def test_too_many_user_groups_are_refused_where_the_list_starts(tmp_path: Path) -> None:
    groups = "".join(f"  - {{role: analyst, count: {n + 1}}}\n" for n in range(MAX_GROUPS + 1))
    path = tmp_path / "groups.yaml"
    path.write_text("volume: 1 TB\nstructure: mixed\nlatency: 1d\nusers:\n" + groups)
    done = run_advisor(["evaluate", path], tmp_path)
    assert done.returncode == 2
    assert f"groups.yaml:5:3: error: takes at most {MAX_GROUPS} items" in done.stderr
    path.write_text(
        "volume: 1 TB\nstructure: mixed\nlatency: 1d\nusers:\n"
        + groups[: -len(groups.splitlines()[-1]) - 1]
    )
    assert run_advisor(["evaluate", path], tmp_path).returncode == 0


def test_a_pack_of_too_many_rules_is_refused_before_its_rules_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("pack: {id: big, version: 1.0.0}\nrules:\n" + "- {}\n" * (MAX_RULES + 1))
    with pytest.raises(InputError) as caught:
        load_rules([path], cache=False)
    (problem,) = caught.value.diagnostics  # not one "missing field" per empty rule
    assert problem.message == f"{MAX_RULES + 1} rules in one pack; a pack holds at most {MAX_RULES}"
    assert (problem.line, problem.col) == (2, 1)


def test_a_huge_list_of_workloads_is_refused_as_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "wl.yaml"
    path.write_text(PROFILE + "workloads: [" + ", ".join(["nope"] * 50_000) + "]\n")
    done = run_advisor(["evaluate", path], tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) <= SHOWN_DIAGNOSTICS + 2
    assert "wl.yaml:5:12: error: takes at most" in done.stderr


def test_a_file_of_too_many_values_is_refused_where_the_one_too_many_is() -> None:
    from advisor.profiles.document import MAX_VALUES

    # A 1 MiB flow list, 62 levels deep: each value is kept with its place, for messages; the
    # cap on values is a cap on the memory any shape of file can cost.
    text = "volume: " + "[" * 60 + ",".join(["1"] * (MAX_VALUES + 10)) + "]" * 60 + "\n"
    with pytest.raises(InputError) as caught:
        load_documents(text, "deep.yaml")
    (problem,) = caught.value.diagnostics
    assert problem.message == f"more than {MAX_VALUES} values in one file"
    assert problem.line == 1
