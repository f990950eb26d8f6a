"""The strict loader: every problem in a profile file, located, worded for people, all at once."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.errors import Diagnostic, InputError, ProfileError
from advisor.profiles.document import MAX_BYTES, MAX_DEPTH, load_documents, read_text
from advisor.profiles.loader import load_profile, load_profiles, parse_profiles, to_profile
from advisor.profiles.profile import Profile
from advisor.spelling import suggest

BASE = "volume: 3 TB\nstructure: structured\nlatency: 1d\nusers: low\n"
SRC = "p.yaml"
WriteFile = Callable[[str, str | bytes], Path]  # the `write_file` fixture


def problems(text: str) -> list[Diagnostic]:
    """Every diagnostic for ``text`` read as a profile file, in the order reported."""
    with pytest.raises(ProfileError) as caught:
        parse_profiles(text, SRC)
    return list(caught.value.diagnostics)


def only(text: str) -> Diagnostic:
    """The single diagnostic for ``text``."""
    (diagnostic,) = problems(text)
    return diagnostic


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.line, diagnostic.col


# --- unknown, duplicate and missing keys ----------------------------------------------------


def test_unknown_key_with_did_you_mean_at_the_key() -> None:
    d = only(BASE + "budegt: low\n")
    assert at(d) == (5, 1)
    assert str(d) == "p.yaml:5:1: error: unknown key 'budegt'\n  hint: did you mean 'budget'?"


def test_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    d = only(BASE + "colour: blue\n")
    assert at(d) == (5, 1)
    assert d.message == "unknown key 'colour'"
    assert d.hint is not None
    assert d.hint.startswith("known keys: budget, growth, ingest, latency, name")


def test_a_key_in_the_wrong_case_is_suggested() -> None:
    d = only(BASE + "Budget: low\n")
    assert (at(d), d.hint) == ((5, 1), "did you mean 'budget'?")


def test_unknown_nested_key_in_latency() -> None:
    text = "volume: 3 TB\nstructure: structured\nlatency:\n  frehsness: 1d\nusers: low\n"
    # One problem: the misspelt key explains the missing 'freshness'; no second message.
    d = only(text)
    assert at(d) == (4, 3)
    assert d.message == "unknown key 'frehsness'"
    assert d.hint == "did you mean 'freshness'?"
    assert d.path == "latency.frehsness"


def test_unknown_nested_key_in_a_user_group() -> None:
    text = BASE.replace("users: low\n", "users:\n  - count: 3\n    rol: analyst\n")
    d = only(text)
    assert at(d) == (6, 5)
    assert str(d) == "p.yaml:6:5: error: unknown key 'rol'\n  hint: did you mean 'role'?"
    assert d.path == "users[0].rol"


def test_unknown_key_in_structure_lists_the_kinds() -> None:
    d = only("volume: 1 TB\nstructure:\n  structred: 100\nlatency: 1d\nusers: low\n")
    assert at(d) == (3, 3)
    assert (d.message, d.hint) == ("unknown key 'structred'", "did you mean 'structured'?")


def test_duplicate_key_says_where_it_was_first_defined() -> None:
    d = only(BASE + "volume: 4 TB\n")
    assert at(d) == (5, 1)
    assert str(d) == (
        "p.yaml:5:1: error: duplicate key 'volume'\n"
        "  hint: first defined at line 1; keep one of them"
    )


def test_duplicate_nested_key() -> None:
    text = BASE.replace("latency: 1d\n", "latency:\n  freshness: 1d\n  freshness: 2d\n")
    d = only(text)
    assert at(d) == (5, 3)
    assert d.message == "duplicate key 'freshness'"
    assert d.hint == "first defined at line 4; keep one of them"


def test_missing_required_field_with_an_example() -> None:
    d = only("volume: 3 TB\nstructure: structured\nusers: low\n")
    assert at(d) == (1, 1)
    assert str(d) == (
        "p.yaml:1:1: error: missing required field 'latency'\n  hint: for example `latency: 1d`"
    )


def test_several_missing_fields_are_each_named() -> None:
    found = problems("name: just a name\n")
    assert [d.message for d in found] == [
        "missing required field 'volume'",
        "missing required field 'structure'",
        "missing required field 'latency'",
        "missing required field 'users'",
    ]
    assert {at(d) for d in found} == {(1, 1)}


def test_missing_nested_field_is_located_at_its_mapping() -> None:
    text = "volume: 3 TB\nstructure: mixed\nlatency:\n  query: interactive\nusers: low\n"
    d = only(text)
    assert at(d) == (4, 3)
    assert d.message == "missing required field 'latency.freshness'"
    assert d.hint == "for example `freshness: 15m`"


def test_missing_role_in_a_user_group() -> None:
    d = only("volume: 3 TB\nstructure: mixed\nlatency: 1d\nusers:\n  - count: 4\n")
    assert at(d) == (5, 5)
    assert d.message == "missing required field 'users[0].role'"


# --- wrong types and units -----------------------------------------------------------------


def test_wrong_size_unit_shows_an_accepted_example() -> None:
    d = only("volume: 3 TZ\nstructure: structured\nlatency: 1d\nusers: low\n")
    assert at(d) == (1, 9)
    assert d.message.startswith("unknown size unit 'TZ' in '3 TZ'; use for example '800 GB'")


def test_wrong_duration_unit_shows_an_accepted_example() -> None:
    d = only(BASE.replace("latency: 1d\n", "latency:\n  freshness: 3 fortnights\n"))
    assert at(d) == (4, 14)
    assert "unknown duration unit 'fortnights'" in d.message
    assert "'15m'" in d.message


def test_wrong_choice_lists_the_choices_and_suggests() -> None:
    d = only(BASE + "team: smal\n")
    assert at(d) == (5, 7)
    assert str(d) == (
        "p.yaml:5:7: error: 'smal' is not one of: none, small, large\n  hint: did you mean 'small'?"
    )


def test_a_list_where_text_belongs() -> None:
    d = only(BASE + "name: [a, b]\n")
    assert (at(d), d.message) == ((5, 7), "expected text, found a list")


def test_text_where_a_whole_number_belongs() -> None:
    d = only(BASE + "sources: many\n")
    assert (at(d), d.message) == ((5, 10), "expected a whole number, found 'many'")


def test_a_fraction_where_a_whole_number_belongs() -> None:
    d = only(BASE + "sources: 2.5\n")
    assert (at(d), d.message) == ((5, 10), "expected a whole number, found 2.5")


def test_an_empty_required_value_says_nothing_was_found() -> None:
    d = only("volume:\nstructure: structured\nlatency: 1d\nusers: low\n")
    assert at(d) == (1, 8)
    assert d.message.endswith("found nothing")


def test_a_user_group_written_as_a_word() -> None:
    d = only("volume: 3 TB\nstructure: mixed\nlatency: 1d\nusers: [analyst]\n")
    assert at(d) == (4, 9)
    assert d.message == "expected a mapping (key: value lines), found 'analyst'"


# --- shares -------------------------------------------------------------------------------


def test_shares_not_summing_to_100() -> None:
    shares = "structure:\n  structured: 60\n  semi_structured: 30\n"
    text = BASE.replace("structure: structured\n", shares)
    d = only(text)
    assert at(d) == (3, 3)
    assert d.message == "shares must sum to 100, these sum to 90"


def test_shares_in_flow_style() -> None:
    d = only("volume: 3 TB\nstructure: {structured: 50}\nlatency: 1d\nusers: low\n")
    assert (at(d), d.message) == ((2, 12), "shares must sum to 100, these sum to 50")


# --- YAML syntax, tabs, encodings, emptiness ------------------------------------------------


def test_yaml_syntax_error_is_located() -> None:
    d = only("volume: 3 TB\n  bad: x\nlatency: 1d\n")
    assert at(d) == (2, 6)
    assert d.message == "invalid YAML: mapping values are not allowed in this context"
    assert d.hint is not None
    assert "indentation" in d.hint


def test_unclosed_bracket_points_back_to_where_it_opened() -> None:
    d = only("volume: 3 TB\nworkloads: [ml, dashboards\nlatency: 1d\n")
    assert at(d) == (3, 8)
    assert d.message == "invalid YAML: did not find expected ',' or ']'"
    assert d.hint == "is the [list] that starts at line 2 closed?"


def test_unclosed_quote_points_back_to_where_it_opened() -> None:
    d = only('name: "Acme\n\nvolume: 3 TB\n')
    assert d.message == "invalid YAML: found unexpected end of stream"
    assert d.hint == "is the quoted text that starts at line 1 closed?"


def test_a_line_without_a_colon() -> None:
    d = only(BASE + "budget\n")
    assert d.message == "invalid YAML: could not find expected ':'"
    assert d.hint is not None
    assert "`key: value`" in d.hint


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("volume: 3 TB\nlatency:\n\tfreshness: 1d\n", (3, 1)),
        ("volume: 3 TB\nlatency:\n  \tfreshness: 1d\n", (3, 3)),
        ("users:\n  - role: analyst\n  -\trole: business\n", (3, 4)),
    ],
)
def test_tab_indentation_is_named(text: str, where: tuple[int, int]) -> None:
    d = only(text)
    assert at(d) == where
    assert str(d) == (
        f"p.yaml:{where[0]}:{where[1]}: error: tab character in indentation\n"
        "  hint: YAML is indented with spaces only; replace the tab with spaces"
    )


def test_a_tab_between_key_and_value_is_fine() -> None:
    (profile,) = parse_profiles(BASE.replace("volume: ", "volume:\t"), SRC)
    assert profile.volume == 3 * 10**12


def test_not_utf8_reports_the_byte_and_its_position(write_file: WriteFile) -> None:
    path = write_file("latin1.yaml", "volume: 3 TB\nname: Café Noël\n".encode("latin-1"))
    with pytest.raises(ProfileError) as caught:
        load_profiles(path)
    (d,) = caught.value.diagnostics
    assert at(d) == (2, 10)
    assert str(d) == (
        f"{path}:2:10: error: file is not UTF-8 text (byte 0xe9)\n  hint: save the file as UTF-8"
    )


def test_not_utf8_column_counts_characters_not_bytes(write_file: WriteFile) -> None:
    path = write_file("mixed.yaml", "name: é\xff\n".encode().replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(ProfileError) as caught:
        load_profiles(path)
    assert at(caught.value.diagnostics[0]) == (1, 8)


def test_utf16_is_recognised(write_file: WriteFile) -> None:
    path = write_file("utf16.yaml", BASE.encode("utf-16"))
    with pytest.raises(ProfileError, match="file is UTF-16 text, not UTF-8"):
        load_profiles(path)


def test_a_utf8_byte_order_mark_is_fine(write_file: WriteFile) -> None:
    path = write_file("bom.yaml", b"\xef\xbb\xbf" + BASE.encode())
    assert load_profile(path).volume == 3 * 10**12


def test_control_character_in_the_file_is_located() -> None:
    d = only(BASE + "name: Acme\x07\n")
    assert at(d) == (5, 11)
    assert d.message == "control characters are not allowed: found U+0007"


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# only a comment\n# and another\n"])
def test_empty_or_comment_only_file(text: str) -> None:
    d = only(text)
    assert at(d) == (1, 1)
    assert (
        str(d)
        == "p.yaml:1:1: error: file is empty\n  hint: run `advisor init` for a commented template"
    )


def test_an_empty_document_in_a_stream_is_located_at_its_separator() -> None:
    d = only(BASE + "---\n# nothing here\n---\n" + BASE)
    assert (at(d), d.message) == ((5, 1), "document is empty")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- volume: 3 TB\n- users: low\n", "a list"),
        ("hello\n", "a single value"),
        ("42\n", "a number"),
        ("true\n", "true/false"),
    ],
)
def test_not_a_mapping(text: str, found: str) -> None:
    d = only(text)
    assert at(d) == (1, 1)
    assert d.message == f"expected a mapping of fields, found {found}"
    assert d.hint is not None
    assert "`volume: 3 TB`" in d.hint


# --- anchors, aliases, tags, merge keys -----------------------------------------------------


def test_anchor_is_refused() -> None:
    d = only(BASE + "name: &n Acme\n")
    assert at(d) == (5, 7)
    assert str(d) == (
        "p.yaml:5:7: error: anchors (&name) are not accepted\n  hint: write each value out in full"
    )


def test_alias_is_refused() -> None:
    found = problems("name: &n Acme\nteam: *n\n")
    assert [(at(d), d.message) for d in found] == [
        ((1, 7), "anchors (&name) are not accepted"),
        ((2, 7), "aliases (*name) are not accepted"),
    ]


def test_alias_to_an_undefined_anchor_is_refused() -> None:
    d = only(BASE + "team: *nothing\n")
    assert at(d) == (5, 7)
    assert d.message == "aliases (*name) are not accepted"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("!!str Acme", "!!str"), ("!custom Acme", "!custom"), ("!!binary aGk=", "!!binary")],
)
def test_tags_are_refused(value: str, shown: str) -> None:
    d = only(BASE + f"name: {value}\n")
    assert at(d) == (5, 7)
    assert (d.message, d.hint) == (f"tags ({shown}) are not accepted", "remove the tag")


def test_merge_key_is_refused() -> None:
    text = "volume: 3 TB\nstructure: mixed\nusers: low\nlatency:\n  <<: {freshness: 1d}\n"
    found = problems(text)
    assert (at(found[0]), found[0].message) == ((5, 3), "merge keys (<<) are not accepted")
    # The merge is not applied, so the field it would have supplied is missing too.
    assert [d.message for d in found[1:]] == ["missing required field 'latency.freshness'"]


def test_a_quoted_double_angle_key_is_just_an_unknown_key() -> None:
    d = only(BASE + "'<<': 1\n")
    assert d.message == "unknown key '<<'"


# --- size and depth limits -----------------------------------------------------------------


def test_file_over_1_mib_is_refused_before_it_is_read(write_file: WriteFile) -> None:
    # Bytes that are neither UTF-8 nor YAML: refused for size alone, so nothing was parsed.
    path = write_file("big.yaml", b"\xff[" * (MAX_BYTES // 2 + 1))
    with pytest.raises(ProfileError) as caught:
        load_profiles(path)
    (d,) = caught.value.diagnostics
    assert str(d) == (
        f"{path}: error: file is larger than 1024 KiB\n"
        "  hint: a profile or rule pack is a few kilobytes; is this the right file?"
    )


def test_text_over_1_mib_is_refused_without_parsing() -> None:
    d = only("[" * (MAX_BYTES + 1))
    assert d.message == "file is larger than 1024 KiB"


def test_a_file_of_exactly_1_mib_is_read(write_file: WriteFile) -> None:
    padding = "#" * (MAX_BYTES - len(BASE) - 1) + "\n"
    path = write_file("limit.yaml", BASE + padding)
    assert load_profile(path).volume == 3 * 10**12


def test_nesting_deeper_than_64_is_refused() -> None:
    text = "name: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"
    d = only(text)
    assert d.message == "nesting is deeper than 64 levels"
    # The root mapping is level 1, so the 64th bracket opens level 65.
    assert at(d) == (1, 7 + MAX_DEPTH - 1)


def test_nesting_of_64_levels_is_not_refused_for_depth() -> None:
    text = "name: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    d = only(BASE + text)
    assert d.message == "expected text, found a list"


# --- YAML 1.1 surprises --------------------------------------------------------------------


def test_no_is_text_not_false() -> None:
    d = only(BASE + "budget: NO\n")
    assert at(d) == (5, 9)
    assert d.message == "'NO' is not one of: low, medium, high"
    assert "False" not in str(d)


def test_on_is_the_text_on() -> None:
    (profile,) = parse_profiles(BASE + "name: on\n", SRC)
    assert profile.name == "on"


@pytest.mark.parametrize("word", ["yes", "No", "off", "y", "n", "~x"])
def test_other_yaml11_booleans_stay_text(word: str) -> None:
    (profile,) = parse_profiles(BASE + f"name: {word}\n", SRC)
    assert profile.name == word


def test_leading_zero_is_never_octal() -> None:
    (profile,) = parse_profiles(BASE + "sources: 010\n", SRC)
    assert profile.sources == 10


def test_twelve_thirty_is_not_750_seconds() -> None:
    d = only("volume: 3 TB\nstructure: mixed\nlatency: 12:30\nusers: low\n")
    assert at(d) == (3, 10)
    assert d.message.startswith("expected a duration such as '30s', '15m'")
    assert d.message.endswith("found '12:30'")
    assert "750" not in str(d)


def test_yaml12_core_scalars_are_typed() -> None:
    (doc,) = load_documents(
        "a: 12\nb: -3\nc: 1.5\nd: 1e3\ne: true\nf: False\ng: null\nh: ~\ni:\nj: '12'\n", SRC
    )
    assert doc.data == {
        "a": 12,
        "b": -3,
        "c": 1.5,
        "d": 1000.0,
        "e": True,
        "f": False,
        "g": None,
        "h": None,
        "i": None,
        "j": "12",
    }


@pytest.mark.parametrize(
    "text", ["0x10", "0o10", "1_000", "12:30:00", "2024-01-01", ".inf", ".NaN"]
)
def test_yaml11_numbers_dates_and_specials_stay_text(text: str) -> None:
    (doc,) = load_documents(f"a: {text}\n", SRC)
    assert doc.data == {"a": text}


def test_a_huge_integer_does_not_crash_the_loader() -> None:
    d = only(f"volume: {'9' * 5000}\nstructure: mixed\nlatency: 1d\nusers: low\n")
    assert at(d) == (1, 9)
    assert "larger than any real data set" in d.message


# --- all problems at once, in file order ---------------------------------------------------


def test_every_problem_is_reported_in_file_order() -> None:
    text = (
        "volume: 3 TZ\n"  # 1: bad unit
        "structure:\n"
        "  structured: 60\n"  # 3: shares sum to 90
        "  semi_structured: 30\n"
        "latency: 1d\n"
        "users: low\n"
        "budegt: low\n"  # 7: unknown key
        "volume: 4 TB\n"  # 8: duplicate key
        "name: !!str Acme\n"  # 9: tag
        "team: tiny\n"  # 10: bad choice
    )
    found = problems(text)
    assert [(at(d), d.message.split(";")[0]) for d in found] == [
        ((1, 9), "unknown size unit 'TZ' in '3 TZ'"),
        ((3, 3), "shares must sum to 100, these sum to 90"),
        ((7, 1), "unknown key 'budegt'"),
        ((8, 1), "duplicate key 'volume'"),
        ((9, 7), "tags (!!str) are not accepted"),
        ((10, 7), "'tiny' is not one of: none, small, large"),
    ]


def test_problems_in_several_documents_are_all_reported() -> None:
    text = BASE + "team: tiny\n---\n" + BASE + "budget: lots\n"
    found = problems(text)
    assert [(at(d), d.message.split(" is")[0]) for d in found] == [
        ((5, 7), "'tiny'"),
        ((11, 9), "'lots'"),
    ]


# --- JSON ----------------------------------------------------------------------------------

JSON_PROFILE = {
    "volume": "3 TB",
    "structure": {"structured": 60, "semi_structured": 40},
    "latency": {"freshness": "15m"},
    "users": [{"role": "analyst", "count": 3}],
}


@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_a_json_profile_loads(write_file: WriteFile, indent: int | str | None) -> None:
    path = write_file("p.json", json.dumps(JSON_PROFILE, indent=indent))
    profile = load_profile(path)
    assert profile.volume == 3 * 10**12
    assert profile.users[0].skill == "medium"


def test_json_escapes_beyond_the_basic_plane_are_read() -> None:
    # json.dumps writes an emoji as a surrogate pair, which YAML has no escape for.
    text = json.dumps({**JSON_PROFILE, "name": "Caf\u00e9 \U0001f600"})
    assert "\\ud83d\\ude00" in text
    (profile,) = parse_profiles(text, "p.json")
    assert profile.name == "Caf\u00e9 \U0001f600"


def test_json_errors_are_located_by_line_and_column() -> None:
    text = json.dumps({**JSON_PROFILE, "volume": "3 TZ", "budegt": "low"}, indent=2)
    found = problems(text)
    assert [(at(d), d.message.split(";")[0]) for d in found] == [
        ((2, 13), "unknown size unit 'TZ' in '3 TZ'"),
        ((16, 3), "unknown key 'budegt'"),
    ]


def test_json_duplicate_key() -> None:
    text = json.dumps(JSON_PROFILE).replace(
        '{"volume": "3 TB",', '{"volume": "3 TB",\n "volume": 1,'
    )
    d = only(text)
    assert (at(d), d.message) == ((2, 2), "duplicate key 'volume'")


# --- several profiles, stdin, to_profile ---------------------------------------------------


def test_multi_document_yaml_gives_several_profiles() -> None:
    profiles = parse_profiles("---\n" + BASE + "name: one\n---\n" + BASE + "name: two\n...\n")
    assert [p.name for p in profiles] == ["one", "two"]


def test_load_profile_refuses_several(write_file: WriteFile) -> None:
    path = write_file("two.yaml", BASE + "---\n" + BASE)
    assert len(load_profiles(path)) == 2
    with pytest.raises(ProfileError, match="holds 2 profiles; expected one"):
        load_profile(path)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (BASE + "name: piped\n").encode())
    (profile,) = load_profiles("-")
    assert profile.name == "piped"


def test_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (BASE + "budegt: low\n").encode())
    with pytest.raises(ProfileError) as caught:
        load_profiles("-")
    assert str(caught.value).startswith("<stdin>:5:1: error: unknown key 'budegt'")


def test_stdin_over_1_mib_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"#" * (MAX_BYTES + 1))
    with pytest.raises(ProfileError, match="<stdin>: error: file is larger than 1024 KiB"):
        load_profiles("-")


def test_stdin_with_several_profiles_for_load_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (BASE + "---\n" + BASE).encode())
    with pytest.raises(ProfileError, match="<stdin>: error: holds 2 profiles"):
        load_profile("-")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ProfileError, match=r"nope\.yaml: error: no such file"):
        load_profile(path)


def test_a_directory_is_not_a_profile(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="is a directory, not a file"):
        load_profile(tmp_path)


def test_read_text_returns_the_source_name(write_file: WriteFile) -> None:
    path = write_file("p.yaml", BASE)
    assert read_text(path) == (str(path), BASE)


def test_to_profile_accepts_a_profile_a_mapping_and_a_path(write_file: WriteFile) -> None:
    path = write_file("p.yaml", BASE)
    from_path = to_profile(path)
    from_text_path = to_profile(str(path))
    from_mapping = to_profile(
        {"volume": "3 TB", "structure": "structured", "latency": "1d", "users": "low"}
    )
    assert from_path == from_text_path == from_mapping
    assert to_profile(from_path) is from_path


def test_to_profile_errors_name_the_field_path_without_lines() -> None:
    data = {
        "volume": "3 TB",
        "structure": "structured",
        "latency": "1d",
        "users": [{"role": "bizness"}, {"rol": "analyst"}],
    }
    with pytest.raises(ProfileError) as caught:
        to_profile(data)
    assert str(caught.value) == (
        "<profile>: error: users[0].role: 'bizness' is not one of: "
        "business, analyst, data_scientist, engineer\n"
        "  hint: did you mean 'business'?\n"
        "<profile>: error: users[1].rol: unknown key 'rol'\n"
        "  hint: did you mean 'role'?"
    )
    assert all(d.line == 0 for d in caught.value.diagnostics)


def test_to_profile_missing_field_names_it_once() -> None:
    with pytest.raises(ProfileError) as caught:
        to_profile({"volume": "3 TB", "structure": "structured", "users": "low"})
    assert str(caught.value) == (
        "<profile>: error: latency: required field is missing\n  hint: for example `latency: 1d`"
    )


def test_to_profile_refuses_other_types() -> None:
    with pytest.raises(ProfileError, match="expected a Profile, a mapping or a path, found int"):
        to_profile(42)  # type: ignore[arg-type]


def test_the_same_profile_from_yaml_json_and_python_is_equal() -> None:
    (from_yaml,) = parse_profiles(
        "volume: 3 TB\nstructure: {structured: 60, semi_structured: 40}\n"
        "latency: {freshness: 15m}\nusers: [{role: analyst, count: 3}]\n"
    )
    (from_json,) = parse_profiles(json.dumps(JSON_PROFILE))
    assert (
        from_yaml == from_json == to_profile(JSON_PROFILE) == Profile.model_validate(JSON_PROFILE)
    )


def test_input_error_is_the_common_base() -> None:
    with pytest.raises(InputError):
        parse_profiles("")


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("budegt", "did you mean 'budget'?"),
        ("BUDGET", "did you mean 'budget'?"),
        ("budget", None),
        ("zzz", None),
        (3, None),
    ],
)
def test_suggest(word: object, hint: str | None) -> None:
    assert suggest(word, ["budget", "team", "users"]) == hint


@pytest.mark.parametrize(
    ("line", "col", "message", "hint"),
    [
        ("budget:", 8, "expected one of: low, medium, high", "to use the default, 'medium'"),
        ("team:", 6, "expected one of: none, small, large", "to use the default, 'small'"),
        ("sources:", 9, "expected a whole number", "to use the default, 1"),
        ("workloads:", 11, "expected a list", "if it does not apply"),
    ],
)
def test_an_optional_field_left_empty(line: str, col: int, message: str, hint: str) -> None:
    d = only(BASE + line + "\n")
    assert at(d) == (5, col)
    assert d.message == f"has no value; {message}"
    assert d.hint == f"leave it out {hint}"
