"""The questionnaire behind `advisor ask`, as a library: questions, answers, checks, results.

The terminal side is tested through a real pseudo-terminal in test_ask.py; here the same
behaviour is checked directly, plus a golden transcript of a whole session at 80 columns
driven through `screens.ScriptedScreen`. When the screen text changes on purpose:

    ADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_questionnaire.py
    git diff tests/golden/
"""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from advisor.cli.interview import (
    AskOptions,
    Interview,
    ask,
    default_file_name,
    offer_to_save,
    profile_text,
    refused,
)
from advisor.errors import InputError, InterviewInterruptedError, ProfileError
from advisor.profiles.loader import load_profile
from advisor.profiles.profile import Profile
from advisor.questions.questionnaire import (
    AnswerError,
    Questionnaire,
    Step,
    answers_from_data,
    load_questions,
    parse_assignments,
    prefill,
    read_value,
    refuse_unsafe,
)
from advisor.reasoning.evaluation import evaluate
from advisor.reasoning.ruleset import RuleSet, load_rules

from screens import ScriptedScreen

GOLDEN = Path(__file__).resolve().parent / "golden"
# Everything a session must answer, in the order asked; the rest has a default.
MINIMAL = {"volume": "3 TB", "users.0.role": "analyst"}
# A valid profile file used as the base for "the same message as YAML" comparisons.
BASE_YAML = {
    "name": "Base",
    "volume": "1 TB",
    "structure": "structured",
    "latency": {"freshness": "1d"},
    "users": [{"role": "analyst"}],
}


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(cache=False)


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafts and rule caches in tmp_path, never in the user's folders."""
    monkeypatch.setenv("ADVISOR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))


def answer_all(q: Questionnaire, replies: dict[str, str]) -> None:
    """Answer every pending step, from ``replies`` by key or else with Enter."""
    while (step := q.next_step()) is not None:
        q.answer(step, replies.get(step.key, ""))


def key_of(step: Step | None) -> str | None:
    return None if step is None else step.key


def keys(q: Questionnaire) -> list[str]:
    return [step.key for step in q.steps()]


def rejection(q: Questionnaire, key: str, text: str) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        q.check(q.step(key), text)
    return caught.value


# -- the questions file ----------------------------------------------------------------------------


def test_questions_follow_the_order_a_person_thinks_in() -> None:
    fields = [question.field for question in load_questions()]
    assert fields == [
        "name",
        "sources",
        "volume",
        "growth",
        "structure",
        "structure.structured",
        "structure.semi_structured",
        "structure.unstructured",
        "latency.freshness",
        "ingest",
        "latency.query",
        "users",
        "workloads",
        "budget",
        "team",
    ]


def test_every_question_fills_a_profile_field_and_explains_itself() -> None:
    for question in load_questions():
        model: Any = Profile
        for part in question.field.split("."):
            assert part in model.model_fields, question.field
            annotation = model.model_fields[part].annotation
            model = getattr(annotation, "__args__", (annotation,))[0]
        assert "?" in question.prompt, question.field
        assert len(question.help) > 30, question.field
        if question.kind in {"text", "number"}:
            assert question.examples, f"{question.field} shows no example of accepted input"


def test_choices_are_the_profile_values_and_labels_start_with_them() -> None:
    """A user who reads a label can type the name; the name is what the profile file takes."""
    for question in load_questions():
        for inner in (question, *question.fields):
            for choice in inner.choices:
                assert choice.label.split(":")[0] == choice.value, choice


# -- each kind of question -------------------------------------------------------------------------


def test_text_answers_are_read_like_yaml_values() -> None:
    q = Questionnaire()
    assert q.answer(q.step("volume"), "  800 GB ") == "800 GB"
    assert q.profile_data()["volume"] == "800 GB"
    error = rejection(q, "volume", "3 TBB")
    assert "unknown size unit 'TBB'" in error.message


def test_number_answers_have_bounds_and_a_default() -> None:
    q = Questionnaire()
    step = q.step("sources")
    assert q.default(step) == "1"
    assert q.check(step, "") == "1"
    assert q.check(step, "6") == "6"
    assert rejection(q, "sources", "0").message == "must be at least 1, found 0"
    assert rejection(q, "sources", "many").message == "expected a whole number, found 'many'"


def test_choices_by_number_or_name_and_a_bad_number_says_the_range() -> None:
    q = Questionnaire()
    step = q.step("structure")
    assert q.check(step, "2") == "semi_structured"
    assert q.check(step, "unstructured") == "unstructured"
    assert q.check(step, "") == "structured"
    error = rejection(q, "structure", "7")
    assert (error.message, error.hint) == ("there is no choice 7", "pick 1 to 4, or type a name")


def test_a_misspelt_choice_gets_did_you_mean() -> None:
    q = Questionnaire({"volume": "1 TB"})
    error = rejection(q, "users.0.role", "busines")
    assert error.message == "'busines' is not one of: business, analyst, data_scientist, engineer"
    assert error.hint == "did you mean 'business'?"


def test_multi_takes_numbers_and_names_by_commas_or_spaces_or_none() -> None:
    q = Questionnaire()
    step = q.step("workloads")
    assert q.check(step, "3, 5") == "dashboards, ml"
    assert q.check(step, "ml dashboards") == "ml, dashboards"
    assert q.check(step, "none") == ""
    assert q.check(step, "") == ""
    error = rejection(q, "workloads", "ad hoc, ml")
    assert error.message.startswith("'ad hoc' is not one of:")
    assert error.hint == "did you mean 'ad_hoc'?"


def test_confirm_takes_yes_or_no_and_nothing_else() -> None:
    q = Questionnaire({"users.0.role": "analyst", "users.0.count": "1", "users.0.skill": "medium"})
    step = q.step("users.0.more")
    assert [q.check(step, t) for t in ("y", "YES", "n", "No", "")] == [
        "yes",
        "yes",
        "no",
        "no",
        "no",
    ]
    assert rejection(q, "users.0.more", "maybe").message == "answer yes or no, not 'maybe'"


def test_a_required_question_without_default_needs_an_answer() -> None:
    q = Questionnaire()
    error = rejection(q, "volume", "")
    assert error.message == "an answer is needed here"
    assert error.hint == "for example '800 GB'"


def test_optional_questions_are_skipped_with_enter() -> None:
    q = Questionnaire()
    assert q.answer(q.step("name"), "") == ""
    assert q.answer(q.step("growth"), "  ") == ""
    assert "name" not in q.profile_data()
    assert "growth" not in q.profile_data()


def test_skill_defaults_to_what_the_profile_model_gives_the_role() -> None:
    q = Questionnaire({"users.0.role": "engineer"})
    assert q.default(q.step("users.0.skill")) == "high"
    q = Questionnaire({"users.0.role": "business"})
    assert q.default(q.step("users.0.skill")) == "low"


# -- conditional questions -------------------------------------------------------------------------


def test_shares_are_asked_only_for_a_mixed_structure() -> None:
    shares = ["structure.structured", "structure.semi_structured", "structure.unstructured"]
    for word in ("structured", "semi_structured", "unstructured"):
        assert not set(shares) & set(keys(Questionnaire({"structure": word})))
    mixed = keys(Questionnaire({"structure": "mixed"}))
    assert mixed[mixed.index("structure") + 1 : mixed.index("structure") + 4] == shares


def test_the_last_share_defaults_to_what_remains() -> None:
    q = Questionnaire({"structure": "mixed"})
    q.answer(q.step("structure.structured"), "60")
    q.answer(q.step("structure.semi_structured"), "25")
    last = q.step("structure.unstructured")
    assert q.default(last) == "15"
    assert q.answer(last, "") == "15"
    assert q.profile_data()["structure"] == {
        "structured": 60,
        "semi_structured": 25,
        "unstructured": 15,
    }


def test_the_default_shares_are_the_profile_files_mixed() -> None:
    """Enter at each share means the same as `structure: mixed` in a file."""
    q = Questionnaire({**MINIMAL, "structure": "mixed"})
    answer_all(q, {})
    written = {"volume": "3 TB", "structure": "mixed", "latency": "1d", "users": "medium"}
    assert q.profile().structure == Profile.model_validate(written).structure


def test_shares_over_100_say_how_to_fix_them() -> None:
    q = Questionnaire({"structure": "mixed"})
    q.answer(q.step("structure.structured"), "80")
    semi = q.step("structure.semi_structured")
    q.answers[semi.key] = q.check(semi, "30", typed=False)  # pre-filled, as from a file
    error = rejection(q, "structure.unstructured", "")
    assert error.message == "the other shares already add up to 110, more than 100"
    assert error.hint == "type < to go back and change them"
    error = rejection(q, "structure.unstructured", "5")
    assert error.message == "shares must sum to 100, these sum to 115"


def test_shares_that_do_not_add_up_are_the_last_shares_to_fix() -> None:
    """Not the structure question's: no answer there could fix them."""
    q = Questionnaire(answers_from_data({"structure": {"structured": 80, "semi_structured": 30}}))
    problems = refused(q)
    assert list(problems) == ["structure.unstructured"]
    assert problems["structure.unstructured"].message == "shares must sum to 100, these sum to 110"
    assert q.check(q.step("structure"), "4") == "mixed"
    assert key_of(q.next_step()) == "name"
    q.take_back("structure.semi_structured")
    assert q.default(q.step("structure.semi_structured")) == "30"  # the earlier answer
    q.answer(q.step("structure.semi_structured"), "15")
    assert q.answer(q.step("structure.unstructured"), "") == "5"


def test_user_groups_are_asked_in_a_loop_until_the_user_is_done() -> None:
    q = Questionnaire()
    replies = {
        "volume": "1 TB",
        "users.0.role": "business",
        "users.0.count": "40",
        "users.0.more": "y",
        "users.1.role": "3",
        "users.1.more": "yes",
        "users.2.role": "engineer",
        "users.2.count": "2",
        "users.2.more": "n",
    }
    answer_all(q, replies)
    assert [key for key in keys(q) if key.endswith(".role")] == [
        "users.0.role",
        "users.1.role",
        "users.2.role",
    ]
    assert q.profile_data()["users"] == [
        {"role": "business", "count": 40, "skill": "low"},
        {"role": "data_scientist", "count": 1, "skill": "high"},
        {"role": "engineer", "count": 2, "skill": "high"},
    ]
    assert q.step("users.1.count").label == "users[1].count"


# -- going back and editing ------------------------------------------------------------------------


def test_back_takes_the_previous_answer_back_as_the_default() -> None:
    q = Questionnaire()
    assert q.back() is None  # nothing to go back to at the first question
    q.answer(q.step("name"), "Shop")
    q.answer(q.step("sources"), "6")
    taken = q.back()
    assert key_of(taken) == "sources"
    pending = q.next_step()
    assert pending is not None
    assert pending.key == "sources"
    assert q.default(pending) == "6"
    q.answer(pending, "")  # Enter keeps the earlier answer
    assert q.answers["sources"] == "6"


def test_back_from_a_new_group_reopens_the_more_question_saying_yes() -> None:
    q = Questionnaire(MINIMAL)
    while (step := q.next_step()) is not None and step.key != "users.0.more":
        q.answer(step, "")
    q.answer(q.step("users.0.more"), "y")
    pending = q.next_step()
    assert key_of(pending) == "users.1.role"
    q.back()
    pending = q.next_step()
    assert pending is not None
    assert pending.key == "users.0.more"
    assert q.default(pending) == "yes"


def test_back_works_for_answers_from_a_draft_or_the_command_line() -> None:
    q = Questionnaire({"name": "x", "sources": "2", "volume": "5 TB"})
    taken = q.back()
    assert key_of(taken) == "volume"
    assert q.default(q.step("volume")) == "5 TB"


def test_review_lists_every_top_level_answer_numbered() -> None:
    q = Questionnaire()
    answer_all(q, {**MINIMAL, "structure": "4", "structure.structured": "50"})
    items = q.review()
    assert [item.number for item in items] == list(range(1, 12))
    shown = {item.question.field: item.shown for item in items}
    assert shown["volume"] == "3 TB"
    assert shown["structure"] == "structured 50%, semi_structured 25%, unstructured 25%"
    assert shown["users"] == "1 analyst (medium)"
    assert shown["name"] == "none"


def test_reopening_from_the_review_asks_again_with_the_earlier_answers() -> None:
    q = Questionnaire()
    answer_all(q, {**MINIMAL, "structure": "mixed", "structure.structured": "50"})
    structure = next(i for i in q.review() if i.question.field == "structure").question
    q.reopen(structure)
    pending = q.next_step()
    assert pending is not None
    assert pending.key == "structure"
    assert q.default(pending) == "mixed"
    q.answer(pending, "structured")  # the shares no longer apply
    assert q.next_step() is None
    assert q.profile().structure.structured == 100


# -- the same checks as a profile file -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "written"),
    [
        ("volume", "3 TBB", "3 TBB"),
        ("volume", "-1 GB", "-1 GB"),
        ("sources", "0", 0),
        ("sources", "1.5", 1.5),
        ("growth", "200 GB", "200 GB"),
        ("growth", "5", 5),
        ("latency.freshness", "never", "never"),
        ("latency.query", "fast", "fast"),
        ("users.0.role", "busines", "busines"),
        ("users.0.count", "0", 0),
        ("budget", "hgih", "hgih"),
        ("team", "huge", "huge"),
        ("name", "2024", 2024),
        ("name", "x" * 201, "x" * 201),
    ],
)
def test_a_bad_answer_gets_the_message_a_profile_file_gets(
    key: str, typed: str, written: object, tmp_path: Path
) -> None:
    data: dict[str, Any] = json.loads(json.dumps(BASE_YAML))
    target: Any = data
    parts = key.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = written
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    expected = caught.value.diagnostics[0]

    q = Questionnaire(answers_from_data({k: v for k, v in BASE_YAML.items() if k != "name"}))
    error = rejection(q, key, typed)
    assert (error.message, error.hint) == (expected.message, expected.hint)


def test_quoted_text_stays_text_as_in_a_file() -> None:
    q = Questionnaire()
    assert q.answer(q.step("name"), '"2024"') == '"2024"'
    assert q.profile_data()["name"] == "2024"
    assert read_value("'it''s'") == "it's"
    assert read_value("12") == 12
    assert read_value('"a" and "b"') == '"a" and "b"'


# -- text that cannot be stored --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\x1b[31mb", "bell\x07", "nul\x00", "del\x7f", "c1\x9b2J"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(AnswerError) as caught:
        refuse_unsafe(text)
    assert "control character U+" in caught.value.message
    assert "cannot be stored" in caught.value.message
    q = Questionnaire()
    with pytest.raises(AnswerError):
        q.check(q.step("name"), text)


def test_bytes_from_a_broken_locale_are_refused() -> None:
    broken = b"caf\xe9".decode("utf-8", "surrogateescape")  # Latin-1 bytes read as UTF-8
    with pytest.raises(AnswerError) as caught:
        refuse_unsafe(broken)
    assert "not valid in the terminal's encoding" in caught.value.message
    assert "LANG=C.UTF-8" in str(caught.value.hint)


def test_a_control_character_hidden_in_a_quoted_escape_is_refused() -> None:
    q = Questionnaire()
    with pytest.raises(AnswerError) as caught:
        q.check(q.step("name"), '"red\\e[31m"')
    assert "U+001B" in caught.value.message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2028", "\ue000"])
def test_characters_that_reorder_or_hide_text_are_refused(char: str) -> None:
    with pytest.raises(AnswerError) as caught:
        refuse_unsafe(f"abc{char}def")
    assert caught.value.message == f"character U+{ord(char):04X} cannot be stored"


def test_tabs_become_spaces_and_plain_unicode_is_kept() -> None:
    assert refuse_unsafe("a\tb") == "a b"
    assert refuse_unsafe("Café 東京 ✓") == "Café 東京 ✓"


# -- answers from a profile, --set and drafts ------------------------------------------------------


def test_answers_from_a_profile_expand_the_shorthand() -> None:
    answers = answers_from_data(
        {
            "users": "low",
            "latency": "15m",
            "structure": {"structured": 60, "semi_structured": 40},
            "workloads": ["ml", "dashboards"],
            "budget": None,  # a line left unfilled is asked
        }
    )
    assert answers == {
        "users.0.role": "business",
        "users.0.skill": "low",
        "users.0.more": "no",
        "latency.freshness": "15m",
        "structure": "mixed",
        "structure.structured": "60",
        "structure.semi_structured": "40",
        "structure.unstructured": "0",
        "workloads": "ml, dashboards",
    }


def test_shares_short_of_100_leave_the_rest_to_be_asked() -> None:
    answers = answers_from_data({"structure": {"structured": 60}})
    assert answers == {"structure": "mixed", "structure.structured": "60"}
    q = Questionnaire(answers)
    pending = q.next_step()
    assert key_of(pending) == "name"
    assert q.default(q.step("structure.unstructured")) is None  # semi not answered yet


@pytest.mark.parametrize(
    ("data", "message", "hint"),
    [
        ({"volumee": "1 TB"}, "unknown key 'volumee'", "did you mean 'volume'?"),
        ({"latency": {"freshnes": "1d"}}, "unknown key 'freshnes'", "did you mean 'freshness'?"),
        ({"users": [{"rol": "analyst"}]}, "unknown key 'rol'", "did you mean 'role'?"),
        (
            {"structure": {"structurd": 100}},
            "unknown key 'structurd'",
            "did you mean 'structured'?",
        ),
        (
            {"users": {"role": "analyst"}},
            "expected a list of user groups, found a mapping",
            "start each group with a dash: `- role: analyst`",
        ),
        (
            {"users": "analyst"},
            "'analyst' is not one of: low, medium, high",
            "or list the groups, such as [{role: analyst, count: 5}]",
        ),
    ],
)
def test_unknown_keys_and_bad_shapes_are_refused_with_did_you_mean(
    data: dict[str, Any], message: str, hint: str
) -> None:
    with pytest.raises(InputError) as caught:
        answers_from_data(data, "partial.yaml")
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.message, diagnostic.hint) == (message, hint)


def test_a_number_in_a_profile_is_not_a_choice_number() -> None:
    """`budget: 1` is refused by `advisor evaluate`; pre-filled, it is refused too."""
    q = Questionnaire(answers_from_data({"budget": 1, "structure": 2}))
    problems = refused(q)
    assert set(problems) == {"budget", "structure"}
    assert problems["budget"].message == "1 is not one of: low, medium, high"
    assert "budget" not in q.answers


def test_text_that_reads_as_a_number_keeps_its_quotes() -> None:
    answers = answers_from_data({"name": "2024"})
    q = Questionnaire(answers)
    assert refused(q) == {}
    assert q.profile_data()["name"] == "2024"


def test_parse_assignments_reads_values_like_yaml() -> None:
    data = parse_assignments(
        ["volume=3 TB", "sources=3", 'name="2024"', "workloads=ml, dashboards"]
    )
    assert data == {
        "volume": "3 TB",
        "sources": 3,
        "name": "2024",
        "workloads": ["ml", "dashboards"],
    }


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            ["latency=15m", "latency.query=interactive"],
            {"latency": {"freshness": "15m", "query": "interactive"}},
        ),
        (
            ["latency.query=interactive", "latency=15m"],
            {"latency": {"freshness": "15m", "query": "interactive"}},
        ),
        (
            ["users=low", "users.0.count=40"],
            {"users": [{"role": "business", "skill": "low", "count": 40}]},
        ),
        (
            ["users.0.role=analyst", "users.1.role=engineer"],
            {"users": [{"role": "analyst"}, {"role": "engineer"}]},
        ),
    ],
)
def test_parse_assignments_combines_shorthand_and_parts(
    pairs: list[str], expected: dict[str, Any]
) -> None:
    assert parse_assignments(pairs) == expected


@pytest.mark.parametrize("pair", ["volume", "=3", "users..role=x", "users.role=analyst"])
def test_parse_assignments_refuses_what_is_not_key_value(pair: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_assignments([pair])
    assert caught.value.diagnostics[0].hint is not None


def test_set_with_a_misspelt_key_says_did_you_mean() -> None:
    with pytest.raises(InputError) as caught:
        answers_from_data(parse_assignments(["latency.freshnes=1d"]), "--set")
    assert str(caught.value) == (
        "--set: error: latency.freshnes: unknown key 'freshnes'\n  hint: did you mean 'freshness'?"
    )


# -- results ---------------------------------------------------------------------------------------


def test_no_input_fills_defaults_and_lists_what_is_missing() -> None:
    q = Questionnaire({"name": "x"})
    q.fill_defaults()
    assert [step.label for step in q.missing()] == ["volume", "users[0].role"]
    q = Questionnaire(MINIMAL)
    q.fill_defaults()
    assert q.missing() == []
    assert q.profile().budget == "medium"


def test_the_saved_profile_gives_the_identical_recommendation(
    tmp_path: Path, rules: RuleSet
) -> None:
    q = Questionnaire()
    answer_all(
        q,
        {
            "name": "Acme retail",
            "sources": "6",
            "volume": "2.5 TB",
            "growth": "40%/year",
            "structure": "4",
            "structure.structured": "70",
            "structure.semi_structured": "20",
            "latency.freshness": "15 min",
            "ingest": "80 GB/day",
            "latency.query": "2",
            "users.0.role": "business",
            "users.0.count": "40",
            "users.0.more": "y",
            "users.1.role": "data_scientist",
            "users.1.count": "3",
            "workloads": "3 4 ml",
            "budget": "low",
            "team": "large",
        },
    )
    saved = tmp_path / "acme.yaml"
    saved.write_text(profile_text(q), encoding="utf-8")
    from_file = evaluate(saved, rules=rules).to_json()
    assert from_file == evaluate(q.profile(), rules=rules).to_json()
    # And the saved file pre-fills every answer: nothing is left to ask.
    again = Questionnaire(answers_from_data(yaml.safe_load(saved.read_text(encoding="utf-8"))))
    assert refused(again) == {}
    assert again.next_step() is None
    assert again.profile() == q.profile()


# -- the screen: a golden transcript at 80 columns -------------------------------------------------


def console() -> Console:
    return Console(
        file=StringIO(), width=80, color_system=None, highlight=False, markup=False, emoji=False
    )


def transcript(screen: ScriptedScreen) -> str:
    file = screen.console.file
    assert isinstance(file, StringIO)
    return file.getvalue()


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; ADVISOR_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("ADVISOR_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; run with ADVISOR_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; see the module docstring"


def scripted(lines: list[str]) -> ScriptedScreen:
    return ScriptedScreen(console(), iter(lines))


SESSION = [
    "Acme retail",  # name
    "?",  # help on sources
    "6",
    "3 TBB",  # refused: the reason, then asked again
    "3 TB",
    "<",  # back to volume: the earlier answer is the default
    "",
    "200 GB/month",
    "4",  # mixed
    "60",
    "",  # the default share; the remainder is filled, not asked
    "15m",
    "120 GB/day",  # asked: data needed within the hour
    "2",
    "busines",  # did you mean
    "business",
    "40",
    "",
    "y",
    "analyst",
    "5",
    "",
    "",
    "3, 4",
    "",
    "",
    "3",  # review: change the volume
    "80 TB",
    "budget",  # or name what to change
    "low",
    "",  # accept
]


def test_golden_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = scripted(SESSION)
    q = Questionnaire()
    Interview(q, screen, keep_draft=False).run()
    assert next(screen.lines, None) is None, "the script has lines the session did not read"
    assert q.profile_data()["volume"] == "80 TB"
    assert q.profile_data()["budget"] == "low"
    check_golden("ask-session-80.txt", transcript(screen))


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("Acme retail analytics", "acme-retail-analytics.yaml"),
        ("Café Zürich / Q3", "cafe-zurich-q3.yaml"),
        ("東京", "profile.yaml"),
        (None, "profile.yaml"),
    ],
)
def test_the_default_file_name_comes_from_the_name(name: str | None, file: str) -> None:
    assert default_file_name(name) == file


def test_golden_save_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme-retail.yaml").write_text("original\n", encoding="utf-8")
    q = Questionnaire({"name": "Acme retail", **MINIMAL})
    q.fill_defaults()
    screen = scripted(["", "acme-retail.yaml", "n", ""])
    saved = offer_to_save(q, screen)
    assert saved == Path("acme-retail-2.yaml")
    assert (tmp_path / "acme-retail.yaml").read_text(encoding="utf-8") == "original\n"
    assert load_profile(tmp_path / "acme-retail-2.yaml") == q.profile()
    check_golden("ask-save-80.txt", transcript(screen))


def test_golden_interrupted(tmp_path: Path) -> None:
    screen = scripted(["", "6"])  # then Ctrl-D: the script runs out
    q = Questionnaire()
    draft = tmp_path / "draft.yaml"
    with pytest.raises(InterviewInterruptedError) as caught:
        Interview(q, screen, draft=draft).run()
    assert caught.value.draft == draft
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"] == {
        "name": "",
        "sources": "6",
    }
    check_golden("ask-interrupted-80.txt", transcript(screen))


def test_ask_shows_the_evaluate_renderer_and_drops_the_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: RuleSet
) -> None:
    from advisor.questions.draft import draft_path
    from advisor.renderers import render

    monkeypatch.chdir(tmp_path)
    # 14 questions (Enter for the defaults), Enter at the review, and no to saving.
    replies = ["", "", "3 TB", "", "", "", "", "analyst", "", "", "", "", "", ""]
    screen = ScriptedScreen(console(), iter([*replies, "", "n"]))
    ask(AskOptions(fmt="plain", width=80, color=False), screen)
    text = transcript(screen)
    q = Questionnaire({"volume": "3 TB", "users.0.role": "analyst"})
    q.fill_defaults()
    expected = render(
        [evaluate(q.profile(), rules=rules, what_if=True)], "plain", width=80, color=False
    )
    assert expected in text
    assert not draft_path().exists()
    assert list(tmp_path.glob("*.yaml")) == []  # declined to save


def test_a_whole_profile_given_asks_nothing_but_the_review(tmp_path: Path) -> None:
    from advisor.cli.interview import start

    full = tmp_path / "full.yaml"
    full.write_text(yaml.safe_dump({**BASE_YAML, "users": [{"role": "business"}]}), "utf-8")
    q, problems = start(AskOptions(profile=full), None)
    assert problems == {}
    assert q.next_step() is None
    assert q.profile() == load_profile(full)


def test_a_partial_profile_keeps_its_groups_as_written(tmp_path: Path) -> None:
    from advisor.cli.interview import start

    partial = tmp_path / "partial.yaml"
    partial.write_text("volume: 3 TB\nusers: [{role: engineer}]\n", "utf-8")
    q, _ = start(AskOptions(profile=partial), None)
    assert q.answers["users.0.skill"] == "high"
    assert q.answers["users.0.count"] == "1"
    assert key_of(q.next_step()) == "name"


def test_a_draft_keeps_the_answers_and_refuses_files_it_did_not_write(tmp_path: Path) -> None:
    from advisor.questions.draft import discard_draft, load_draft, save_draft

    path = tmp_path / "draft.yaml"
    answers = {"name": "Café 'yes'", "sources": "2", "volume": "3 TB", "growth": ""}
    save_draft(answers, path)
    assert load_draft(path) == answers
    for text in ["", "a: [\n", "draft: 2\nanswers: {}\n", "draft: 1\nanswers: {a: 1}\n"]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_draft(path)
        assert caught.value.diagnostics[0].message == "is not a draft of `advisor ask`"
    discard_draft(path)
    assert load_draft(path) is None


def test_the_interrupt_message_counts_answers_in_words() -> None:
    from advisor.errors import InterviewInterruptedError

    draft = Path("/state/draft.yaml")
    # The library's words; the command line adds how to go on (test_ask checks the line).
    assert (
        str(InterviewInterruptedError(draft, 1))
        == "interrupted; 1 answer saved in /state/draft.yaml"
    )
    assert "3 answers saved" in str(InterviewInterruptedError(draft, 3))
    # Nothing saved: no promise that --resume can continue.
    assert str(InterviewInterruptedError(None, 0)) == "interrupted"


@pytest.mark.parametrize("typed", ["²", "¹", "٣", "1²"])
def test_digits_int_refuses_are_an_answer_error_not_a_crash(typed: str) -> None:
    q = Questionnaire({"name": "", "sources": "1", "volume": "1 TB", "growth": ""})
    step = q.next_step()
    assert step is not None
    assert step.key == "structure"
    with pytest.raises(AnswerError):
        q.answer(step, typed)
    with pytest.raises(InputError):
        parse_assignments([f"users.{typed}.role=analyst"])


def test_set_takes_lists_and_mappings_as_a_profile_writes_them() -> None:
    data = parse_assignments(
        ["users=[{role: analyst, count: 5}]", "structure={structured: 60, unstructured: 40}"]
    )
    assert data == {
        "users": [{"role": "analyst", "count": 5}],
        "structure": {"structured": 60, "unstructured": 40},
    }
    with pytest.raises(InputError) as caught:
        parse_assignments(["users=[{role: analyst"])
    (problem,) = caught.value.diagnostics
    assert "is not a YAML list or mapping" in problem.message


def test_a_share_that_takes_the_parts_past_100_is_refused_at_once() -> None:
    q = Questionnaire(
        {"name": "", "sources": "1", "volume": "1 TB", "growth": "", "structure": "mixed"}
    )
    q.answer(q.step("structure.structured"), "80")
    step = q.step("structure.semi_structured")
    with pytest.raises(AnswerError, match="the shares so far add up to 110"):
        q.answer(step, "30")
    assert q.answer(step, "20") == "20"
    assert q.default(q.step("structure.unstructured")) == "0"


# -- the ingest rate: asked only when it matters, never dropped ----------------------------------

BASE_ANSWERS = {
    "name": "",
    "sources": "1",
    "volume": "2 TB",
    "growth": "",
    "structure": "structured",
    "latency.query": "analytical",
    "users.0.role": "analyst",
    "users.0.count": "3",
    "users.0.skill": "",
    "users.0.more": "no",
    "workloads": "",
    "budget": "medium",
    "team": "small",
}


@pytest.mark.parametrize(
    ("freshness", "asked"), [("1d", False), ("61m", False), ("1h", True), ("15m", True)]
)
def test_the_ingest_rate_is_asked_only_for_data_needed_within_the_hour(
    freshness: str, asked: bool
) -> None:
    q = Questionnaire({**BASE_ANSWERS, "latency.freshness": freshness})
    step = q.next_step()
    assert (step is not None and step.key == "ingest") == asked
    if asked:
        assert step is not None
        assert step.question.optional


def test_an_ingest_rate_from_a_profile_is_kept_whatever_the_freshness() -> None:
    data = yaml.safe_load(
        "volume: 2 TB\ningest: 3 TB/day\nstructure: structured\nlatency: 1d\nusers: medium\n"
    )
    q = Questionnaire(answers_from_data(data))
    q.fill_defaults()
    assert q.complete()
    assert q.profile().ingest == 3 * 10**12
    assert "ingest" in [item.question.field for item in q.review()]


def test_an_ingest_rate_in_the_normalised_form_survives_ask() -> None:
    original = load_profile(Path(__file__).resolve().parent.parent / "examples/iot-telemetry.yaml")
    data = json.loads(json.dumps({**original.to_data(), "ingest": 5 * 10**12}))
    q = Questionnaire(answers_from_data(data))
    q.fill_defaults()
    assert q.profile().ingest == 5 * 10**12


def test_an_ingest_rate_taken_back_is_kept_when_the_freshness_changes() -> None:
    q = Questionnaire({**BASE_ANSWERS, "latency.freshness": "15m", "ingest": "5 TB/day"})
    q.take_back("ingest")
    q.take_back("latency.freshness")
    q.answer(q.step("latency.freshness"), "1d")
    step = q.next_step()
    assert step is not None
    assert step.key == "ingest", "an answer given is asked again, not dropped"
    assert q.default(step) == "5 TB/day"


def test_the_answers_saved_are_counted_as_the_review_lists_them() -> None:
    from advisor.cli.interview import interrupted

    answers = {
        "name": "x",
        "volume": "1 TB",
        "structure": "mixed",
        "structure.structured": "50",
        "structure.semi_structured": "30",
        "structure.unstructured": "20",
        "users.0.role": "analyst",
        "users.0.count": "3",
        "users.1.role": "engineer",
    }
    # name, volume, structure (with its three shares) and users (two groups): four answers,
    # as four lines of the review, not nine.
    assert interrupted(Questionnaire(answers), None).answered == 4


# Every field of profile v1 with a value other than its default: a new field of the model
# makes the first test below fail until it is given one here, and then the others check that
# it survives `ask` and `evaluate --set`.
EVERY_FIELD: dict[str, Any] = {
    "name": "Every field",
    "volume": "3 TB",
    "growth": "200 GB/month",
    "ingest": "20 GB/day",
    "structure": {"structured": 70, "semi_structured": 20, "unstructured": 10},
    "latency": {"freshness": "15m", "query": "interactive"},
    "users": [
        {"role": "business", "count": 50, "skill": "medium"},
        {"role": "engineer", "count": 2, "skill": "medium"},
    ],
    "sources": 4,
    "workloads": ["reporting", "ml"],
    "budget": "high",
    "team": "large",
}
NESTED_SAMPLES: dict[str, Any] = {
    "latency": EVERY_FIELD["latency"],
    "structure": EVERY_FIELD["structure"],
    "users": EVERY_FIELD["users"][0],
}


def test_every_field_of_the_profile_has_a_sample() -> None:
    from advisor.profiles.profile import Latency, Structure, UserGroup

    assert set(EVERY_FIELD) == set(Profile.model_fields)
    for name, model in (("latency", Latency), ("structure", Structure), ("users", UserGroup)):
        assert set(NESTED_SAMPLES[name]) == set(model.model_fields), name
    required = ("volume", "structure", "latency", "users")
    defaults = Profile.model_validate({k: EVERY_FIELD[k] for k in required}).to_data()
    changed = Profile.model_validate(EVERY_FIELD).to_data()
    optional = [k for k in EVERY_FIELD if k not in required]
    assert [k for k in optional if changed[k] == defaults.get(k)] == []  # no sample is a default


def test_every_field_survives_the_questionnaire() -> None:
    q = Questionnaire(answers_from_data(EVERY_FIELD))
    q.fill_defaults()
    assert q.profile() == Profile.model_validate(EVERY_FIELD)


def test_a_field_no_question_asks_about_is_carried_not_dropped() -> None:
    # As a field added to the profile before the questionnaire has a question for it would be.
    questions = tuple(q for q in load_questions() if q.field != "budget")
    read = prefill(EVERY_FIELD, questions=questions)
    assert read.carried == {"budget": "high"}
    q = Questionnaire(read.answers, questions, carried=read.carried)
    q.fill_defaults()
    assert q.profile_data()["budget"] == "high"
    assert q.profile() == Profile.model_validate(EVERY_FIELD)
