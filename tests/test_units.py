"""Sizes, durations and growth as a profile writes them."""

from __future__ import annotations

import math
import re

import pytest

from advisor.profiles.units import (
    format_duration,
    format_size,
    parse_duration,
    parse_growth,
    parse_size,
)

TB = 10**12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("800 GB", 800 * 10**9),
        ("3TB", 3 * TB),
        ("3 tb", 3 * TB),
        ("3 Tb", 3 * TB),
        ("  3 TB  ", 3 * TB),
        ("1 kB", 1000),
        ("1 KB", 1000),
        ("5 MB", 5 * 10**6),
        ("1 PB", 10**15),
        ("1 EB", 10**18),
        ("1 KiB", 1024),
        ("1 kib", 1024),
        ("1 MiB", 2**20),
        ("1 GiB", 2**30),
        ("2 TiB", 2 * 2**40),
        ("2.5 PiB", int(2.5 * 2**50)),
        ("1 EiB", 2**60),
        ("12 B", 12),
        ("12 bytes", 12),
        ("1 byte", 1),
        (".5 TB", TB // 2),
        ("1.5GB", 1_500_000_000),
        ("4096", 4096),
        ("0 GB", 0),
        (4096, 4096),
        (0, 0),
        (1e12, TB),
    ],
)
def test_sizes_in_decimal_and_binary_units(text: object, expected: int) -> None:
    assert parse_size(text) == expected


def test_a_binary_unit_is_not_a_decimal_one() -> None:
    assert parse_size("1 TiB") - parse_size("1 TB") == 2**40 - 10**12


@pytest.mark.parametrize("text", ["3 TZ", "3 tera", "3 Tbit"])
def test_unknown_size_unit_names_it_and_shows_an_accepted_example(text: str) -> None:
    with pytest.raises(ValueError, match="unknown size unit") as caught:
        parse_size(text)
    message = str(caught.value)
    assert repr(text.rsplit(maxsplit=1)[-1].removeprefix("3")) in message
    assert "'800 GB'" in message
    assert "'2.5 PiB'" in message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("lots", "'lots'"),
        ("TB", "'TB'"),
        ("3 T B", "'3 T B'"),
        ("1,000 GB", "'1,000 GB'"),
        (True, "true"),
        (False, "false"),
        (None, "nothing"),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
    ],
)
def test_a_non_size_is_quoted_in_the_message(value: object, shown: str) -> None:
    with pytest.raises(ValueError, match="expected a size such as '800 GB'") as caught:
        parse_size(value)
    assert str(caught.value).endswith(f"found {shown}")


@pytest.mark.parametrize(("value", "shown"), [("-3 TB", "'-3 TB'"), (-1, "-1"), (-0.5, "-0.5")])
def test_negative_sizes_are_refused(value: object, shown: str) -> None:
    with pytest.raises(ValueError, match=f"a size must be zero or more, found {shown}"):
        parse_size(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinite_sizes_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="is not a size; use for example '800 GB'"):
        parse_size(value)


@pytest.mark.parametrize("value", ["9" * 400 + " B", 10**400, "2000000 EB"])
def test_absurdly_large_sizes_are_refused_not_overflowed(value: object) -> None:
    with pytest.raises(ValueError, match="larger than any real data set"):
        parse_size(value)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("12h", 43200),
        ("1d", 86400),
        ("1w", 604800),
        ("2 weeks", 1209600),
        ("90 sec", 90),
        ("5 minutes", 300),
        ("1 hour", 3600),
        ("3 days", 259200),
        ("1.5h", 5400),
        ("0.5s", 0.5),
        ("15MIN", 900),
        ("1mo", 2628000),
        ("1 month", 2628000),
        ("2 Months", 5256000),
        ("monthly", 2628000),
        ("1y", 31536000),
        ("yearly", 31536000),
        ("real-time", 1),
        ("Real-Time", 1),
        ("realtime", 1),
        ("hourly", 3600),
        ("daily", 86400),
        ("weekly", 604800),
        (" daily ", 86400),
        ("45", 45),
        (45, 45),
        (2.5, 2.5),
    ],
)
def test_durations_with_units_and_words(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1M", "15 M", "0.5M"])
def test_a_capital_m_is_refused_as_ambiguous_with_both_readings_offered(text: str) -> None:
    # A minute to some, a month to others: guessing either way moves the answer a long way.
    number = text.removesuffix("M").strip()
    with pytest.raises(ValueError, match="ambiguous") as refused:
        parse_duration(text)
    assert f"write {number}min for minutes or {number}mo for months" in str(refused.value)


def test_a_month_reads_back_as_a_month() -> None:
    assert format_duration(parse_duration("1 month")) == "1mo"
    assert format_duration(parse_duration("3mo")) == "3mo"
    assert format_duration(parse_duration("1 year")) == "1y"


def test_whole_durations_are_ints() -> None:
    assert type(parse_duration("1.0h")) is int


@pytest.mark.parametrize("text", ["12:30", "soon", "1h30m", "fortnightly"])
def test_a_non_duration_is_quoted_with_an_accepted_example(text: str) -> None:
    with pytest.raises(ValueError, match="expected a duration such as '30s', '15m'") as caught:
        parse_duration(text)
    assert str(caught.value).endswith(f"found {text!r}")


def test_twelve_thirty_is_not_sexagesimal_seconds() -> None:
    # YAML 1.1 reads 12:30 as 750; as a duration it is an error naming what was written.
    with pytest.raises(ValueError, match="found '12:30'"):
        parse_duration("12:30")


def test_unknown_duration_unit_names_it() -> None:
    with pytest.raises(
        ValueError,
        match=r"unknown duration unit 'fortnights' in '2 fortnights'; use for example '30s'",
    ):
        parse_duration("2 fortnights")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0s", "a duration must be more than zero, found '0s'"),
        (0, "a duration must be more than zero, found 0"),
        ("-5m", "a duration must be more than zero, found '-5m'"),
        (-1, "a duration must be more than zero, found -1"),
        (True, "expected a duration such as '30s'.*found true"),
        (math.nan, "nan is not a duration"),
        (math.inf, "inf is not a duration"),
        (None, "expected a duration.*found nothing"),
    ],
)
def test_bad_durations_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(value)


@pytest.mark.parametrize(
    ("text", "per_year"),
    [
        ("2 GB/day", 2 * 10**9 * 365),
        ("14 GB/week", 14 * 10**9 * 365 / 7),
        ("200 GB/month", 200 * 10**9 * 12),
        ("5 TB/year", 5 * TB),
        ("5TB/yr", 5 * TB),
        ("5 TB per year", 5 * TB),
        ("200 GB / Month", 200 * 10**9 * 12),
        ("1 TiB/year", 2**40),
        ("0 GB/month", 0),
    ],
)
def test_growth_as_size_per_period_is_bytes_per_365_day_year(text: str, per_year: float) -> None:
    kind, amount = parse_growth(text)
    assert kind == "bytes_per_year"
    assert amount == pytest.approx(per_year)


def test_growth_as_a_yearly_rate() -> None:
    assert parse_growth("40%/year") == ("percent_per_year", 40.0)
    assert parse_growth("40 % per year") == ("percent_per_year", 40.0)


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("10%/month", (1.1**12 - 1) * 100),  # about 213.8%, not 120%
        ("1%/week", (1.01 ** (365 / 7) - 1) * 100),
        ("0.1%/day", (1.001**365 - 1) * 100),
    ],
)
def test_rates_per_shorter_periods_compound_over_the_year(text: str, percent: float) -> None:
    kind, amount = parse_growth(text)
    assert kind == "percent_per_year"
    assert amount == pytest.approx(percent, rel=1e-6)


def test_ten_percent_a_month_is_more_than_twelve_times_ten() -> None:
    _, amount = parse_growth("10%/month")
    assert 213 < amount < 214


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5 GB", "expected growth such as '200 GB/month'.*found '5 GB'"),
        ("fast/month", "expected growth such as '200 GB/month'.*found 'fast/month'"),
        (5, "expected growth such as '200 GB/month'.*found 5"),
        (True, "expected growth such as .*found true"),
        (
            "5 GB/fortnight",
            "unknown period 'fortnight' in '5 GB/fortnight': use hour, day, week, month",
        ),
        ("-5%/year", "growth must be zero or more, found '-5%/year'"),
        ("-5 GB/month", "growth must be zero or more, found '-5 GB/month'"),
        ("1000%/day", "'1000%/day' is more than 100000% a year; is the period right"),
    ],
)
def test_bad_growth_is_refused_with_an_example(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_growth(value)


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (3 * TB, "3 TB"),
        (1.2 * 10**15, "1.2 PB"),
        (800 * 10**9, "800 GB"),
        (1_500_000, "1.5 MB"),
        (2_000, "2 kB"),
        (12, "12 B"),
    ],
)
def test_format_size_reads_like_a_person_wrote_it(size: float, text: str) -> None:
    assert format_size(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (43200, "12h"),
        (900, "15m"),
        (86400, "1d"),
        (604800, "1w"),
        (30, "30s"),
        (5400, "90m"),
        (1.5, "1.5s"),
    ],
)
def test_format_duration_uses_the_largest_whole_unit(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("value", ["9" * 400 + "s", 10**400])
def test_absurdly_long_durations_are_refused_not_overflowed(value: object) -> None:
    with pytest.raises(ValueError, match="longer than any duration that matters"):
        parse_duration(value)


def test_a_long_growth_text_is_refused_without_pattern_matching_it() -> None:
    # The growth pattern backtracks on long runs of spaces; such text is refused up front.
    with pytest.raises(ValueError, match="expected growth such as"):
        parse_growth("1" + " " * 100_000 + "x")


def test_a_duration_longer_than_ten_years_is_refused() -> None:
    assert parse_duration("520w") == 520 * 604800
    with pytest.raises(ValueError, match="longer than any duration that matters"):
        parse_duration(1e300)
    with pytest.raises(ValueError, match="longer than any duration that matters"):
        parse_duration("11000d")


@pytest.mark.parametrize(
    ("text", "size"),
    [("3 TBs", 3 * TB), ("3 terabytes", 3 * TB), ("1 Gigabyte", 10**9), ("2 PBs", 2 * 10**15)],
)
def test_plural_and_spelt_out_units_are_read_as_people_mean_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("value", "per_day"),
    [
        ("2 TB/day", 2 * 10**12),
        ("5 GB/hour", 120 * 10**9),
        ("70 TB/week", 10 * 10**12),
        (2 * 10**12, 2 * 10**12),
        (2e12, 2 * 10**12),
    ],
)
def test_an_ingest_rate_is_read_as_bytes_a_day(value: object, per_day: int) -> None:
    from advisor.profiles.units import parse_ingest

    assert parse_ingest(value) == per_day


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("20%/day", "an amount per period is needed, not a percentage"),
        (-5, "an ingest rate is zero or more"),
        pytest.param(-(10**5000), "an ingest rate is zero or more", id="5000-digits"),
        (10**30, "an ingest rate is at most 10^24 bytes a day"),
        (float("inf"), "an ingest rate is at most 10^24 bytes a day"),
        (True, "expected an ingest rate such as '2 TB/day'"),
        ("lots", "expected an ingest rate such as '2 TB/day'"),
    ],
)
def test_a_bad_ingest_rate_says_what_is_expected(value: object, message: str) -> None:
    from advisor.profiles.units import parse_ingest

    with pytest.raises(ValueError, match=re.escape(message)):
        parse_ingest(value)
