"""Parsing and formatting of the quantities a profile speaks in: sizes, durations, growth."""

from __future__ import annotations

import math
import re

SIZE_UNITS: dict[str, int] = {
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "pb": 10**15,
    "eb": 10**18,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
    "pib": 2**50,
    "eib": 2**60,
    "byte": 1,
    "bytes": 1,
    # Plurals and words people write: "3 TBs", "3 terabytes" (decimal, as the words mean).
    **{f"{prefix}bs": 10 ** (3 * power) for power, prefix in enumerate("kmgtpe", 1)},
    **{
        f"{word}byte{plural}": 10 ** (3 * power)
        for power, word in enumerate(("kilo", "mega", "giga", "tera", "peta", "exa"), 1)
        for plural in ("", "s")
    },
}
DURATION_UNITS: dict[str, int] = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
    # A month is a twelfth of a 365-day year, as in PERIODS: 30 days and 10 hours.
    "mo": 2628000,
    "mos": 2628000,
    "month": 2628000,
    "months": 2628000,
    "y": 31536000,
    "yr": 31536000,
    "yrs": 31536000,
    "year": 31536000,
    "years": 31536000,
}
# Written in capitals, "M" is a month to some and a minute to others (and "1M" reads as a
# million): it is refused with a hint rather than guessed.
AMBIGUOUS_DURATION_UNITS = frozenset({"M"})
DURATION_WORDS: dict[str, int] = {
    "real-time": 1,
    "realtime": 1,
    "hourly": 3600,
    "daily": 86400,
    "weekly": 604800,
    "monthly": 2628000,
    "yearly": 31536000,
}
PERIODS: dict[str, float] = {
    "hour": 1.0 / 24.0,
    "h": 1.0 / 24.0,
    "hr": 1.0 / 24.0,
    "day": 1.0,
    "d": 1.0,
    "week": 7.0,
    "w": 7.0,
    "month": 365.0 / 12.0,
    "mo": 365.0 / 12.0,
    "year": 365.0,
    "y": 365.0,
    "yr": 365.0,
}
# Patterns run on text already stripped and at most MAX_TEXT long, and none has two unbounded
# quantifiers that can match the same characters side by side: matching is linear in the text.
# ASCII digits only: Python's \d takes every script's digits, which the JSON Schema refuses.
_NUMBER = r"([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
_QUANTITY_RE = re.compile(rf"{_NUMBER}\s*([a-z]*)", re.IGNORECASE)
MAX_TEXT = 100  # longer than any size, duration or growth a person writes
_RATE_RE = re.compile(rf"{_NUMBER}\s*%")


def _refuse_long(value: object, expected: str) -> None:
    """Refuse text longer than any quantity a person writes, before anything reads it."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ValueError(
            f"expected {expected}, found {shown(value)}, which is too long "
            f"({len(value)} characters; at most {MAX_TEXT})"
        )


def _quantity(value: str, too_large: str, expected: str) -> re.Match[str] | None:
    """``'800 GB'`` as (number, unit), or ``None``; long text is not matched at all.

    Raises:
        ValueError: The text is longer than any quantity a person writes; ``too_large`` says
            why, when what starts it is a number of more digits than any real quantity has.
    """
    if len(value) > MAX_TEXT:
        digits = len(value.lstrip()) - len(value.lstrip().lstrip("0123456789"))
        if digits > 30:
            raise ValueError(too_large)
        _refuse_long(value, expected)
    return _QUANTITY_RE.fullmatch(value.strip())


# Larger than any data set on Earth; a bound keeps every later float computation finite.
MAX_SIZE = 10**24
MAX_DURATION = 10 * 365 * 86400  # ten years: no data is useful only when older than that
# A rate above this (a thousandfold per year) is a typo, and compounding it overflows floats.
MAX_PERCENT_PER_YEAR = 100_000.0

SIZE_EXAMPLES = "'800 GB', '3TB', '2.5 PiB' or a whole number of bytes"
DURATION_EXAMPLES = (
    "'30s', '15m', '12h', '1d', '1w', '1mo', 'real-time', 'hourly', 'daily', 'weekly' or 'monthly'"
)
GROWTH_EXAMPLES = "'200 GB/month', '5 TB/year', '2 GB/day' or '40%/year'"
INGEST_EXAMPLES = "'2 TB/day', '300 GB/day', '50 TB/month' or a whole number of bytes a day"


def shown(value: object) -> str:
    """A value as the user wrote it, quoted, for a message: ``'12:30'``, ``true``, ``nothing``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit for conversion to text
        return "a number too large to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: object, what: str, examples: str) -> float:
    """A YAML/JSON number as a float (infinite when too large); bools are not numbers here."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected {what} such as {examples}, found {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{shown(value)} is not {what}; use for example {examples}")
    try:
        return float(value)
    except OverflowError:  # an int with hundreds of digits: the caller's upper bound refuses it
        return math.inf


def parse_size(value: object) -> int:
    """Read a size such as ``'800 GB'``, ``'2.5 PiB'`` or a whole number of bytes.

    Args:
        value: Text with a decimal (kB…EB) or binary (KiB…EiB) unit, or a number of bytes.

    Returns:
        The size in bytes.

    Raises:
        ValueError: The value is not a size; the message quotes it and shows accepted forms.
    """
    too_large = f"{shown(value)} is larger than any real data set (at most 1000000 EB)"
    if isinstance(value, str) and (
        match := _quantity(value, too_large, f"a size such as {SIZE_EXAMPLES}")
    ):
        unit = match.group(2).lower() or "b"
        if unit not in SIZE_UNITS:
            raise ValueError(
                f"unknown size unit {match.group(2)!r} in {value.strip()!r}; "
                f"use for example {SIZE_EXAMPLES}"
            )
        number, factor = float(match.group(1)), SIZE_UNITS[unit]
    else:
        number, factor = _number(value, "a size", SIZE_EXAMPLES), 1
    if number < 0:
        raise ValueError(
            f"a size must be zero or more, found {shown(value)}; use for example {SIZE_EXAMPLES}"
        )
    size = number * factor
    if not size <= MAX_SIZE:  # also catches an infinite number of digits
        raise ValueError(too_large)
    return round(size)


def parse_duration(value: object) -> int | float:
    """Read a duration such as ``'15m'``, ``'12h'``, ``'real-time'`` or a number of seconds.

    Args:
        value: Text with a unit (s, m, h, d, w, mo, y), one of the words, or a number of
            seconds.

    Returns:
        The duration in seconds (an ``int`` when whole).

    Raises:
        ValueError: The value is not a duration; the message quotes it and shows accepted forms.
    """
    if isinstance(value, str) and value.strip().lower() in DURATION_WORDS:
        seconds = float(DURATION_WORDS[value.strip().lower()])
    elif isinstance(value, str) and (
        match := _quantity(
            value,
            f"{shown(value)} is longer than any duration that matters (10 years)",
            f"a duration such as {DURATION_EXAMPLES}",
        )
    ):
        unit = match.group(2).lower() or "s"
        if match.group(2) in AMBIGUOUS_DURATION_UNITS:
            raise ValueError(
                f"{value.strip()!r} is ambiguous: 'M' may mean minutes or months; "
                f"write {match.group(1)}min for minutes or {match.group(1)}mo for months"
            )
        if unit not in DURATION_UNITS:
            raise ValueError(
                f"unknown duration unit {match.group(2)!r} in {value.strip()!r}; "
                f"use for example {DURATION_EXAMPLES}"
            )
        seconds = float(match.group(1)) * DURATION_UNITS[unit]
    else:
        seconds = _number(value, "a duration", DURATION_EXAMPLES)
    if not seconds <= MAX_DURATION:  # also catches an infinite number
        raise ValueError(f"{shown(value)} is longer than any duration that matters (10 years)")
    if seconds <= 0:
        raise ValueError(
            f"a duration must be more than zero, found {shown(value)}; "
            f"use for example {DURATION_EXAMPLES}"
        )
    return int(seconds) if seconds.is_integer() else seconds


def parse_growth(value: object) -> tuple[str, float]:
    """Read growth as a size per period (``'200 GB/month'``) or a rate (``'40%/year'``).

    A rate per day, week or month compounds: ``'10%/month'`` is about 213.8% per year.

    Returns:
        ``("bytes_per_year", n)`` or ``("percent_per_year", p)``, both per 365-day year.

    Raises:
        ValueError: The value is not a growth; the message quotes it and shows accepted forms.
    """
    # A growth is a few words; longer text is refused before it is read at all.
    _refuse_long(value, f"growth such as {GROWTH_EXAMPLES}")
    split = _per_period(value) if isinstance(value, str) else None
    if split is None or not isinstance(value, str):
        raise ValueError(f"expected growth such as {GROWTH_EXAMPLES}, found {shown(value)}")
    amount, written_period = split
    period = written_period.lower()
    if period not in PERIODS:
        raise ValueError(
            f"unknown period {written_period!r} in {value.strip()!r}: use hour, day, week, "
            f"month or year, as in {GROWTH_EXAMPLES}"
        )
    per_year = 365.0 / PERIODS[period]
    if amount.startswith("-"):
        raise ValueError(f"growth must be zero or more, found {value.strip()!r}")
    if rate := _RATE_RE.fullmatch(amount):  # amount is stripped
        percent = float(rate.group(1))
        # A rate per shorter period compounds over the year; a rate is always kept per year.
        # A yearly rate is kept as written: rounding it would move a tiny one (0.0000109 %).
        try:
            yearly = percent if per_year == 1 else ((1 + percent / 100) ** per_year - 1) * 100
        except OverflowError:
            yearly = math.inf
        if yearly > MAX_PERCENT_PER_YEAR:
            raise ValueError(
                f"{value.strip()!r} is more than {MAX_PERCENT_PER_YEAR:g}% a year; "
                "is the period right?"
            )
        return "percent_per_year", yearly if per_year == 1 else round(yearly, 6)
    try:
        size = parse_size(amount)
    except ValueError:
        raise ValueError(
            f"expected growth such as {GROWTH_EXAMPLES}, found {shown(value)}"
        ) from None
    return "bytes_per_year", float(round(size * per_year))


def _per_period(text: str) -> tuple[str, str] | None:
    """``'200 GB/month'`` or ``'200 GB per month'`` as ``('200 GB', 'month')``, else ``None``.

    Read by splitting, not by a pattern: one pass over text of at most MAX_TEXT characters.
    """
    text = text.strip()
    if "/" in text:
        amount, _, period = text.partition("/")
    else:
        words = text.split()
        lowered = [word.lower() for word in words]
        if "per" not in lowered[1:-1]:
            return None
        at = lowered.index("per", 1)
        amount, period = " ".join(words[:at]), " ".join(words[at + 1 :])
    amount, period = amount.strip(), period.strip()
    if not amount or not period.isascii() or not period.isalpha():
        return None
    return amount, period


def parse_ingest(value: object) -> int:
    """Read an ingest rate, a size per period (``'2 TB/day'``), as whole bytes per day.

    A bare whole number is bytes per day (the normalised form the JSON output writes).

    Raises:
        ValueError: The value is not an ingest rate; the message quotes it and shows the forms.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Checked before the number is written in a message: a 5,000-digit integer cannot be.
        if not value >= 0:
            raise ValueError(
                f"an ingest rate is zero or more, such as {INGEST_EXAMPLES}; found a negative "
                "number or not a number"
            )
        if value > MAX_SIZE:
            raise ValueError("an ingest rate is at most 10^24 bytes a day; found more")
        return round(value)
    _refuse_long(value, f"an ingest rate such as {INGEST_EXAMPLES}")
    if isinstance(value, str) and "%" in value:
        raise ValueError(
            f"an amount per period is needed, not a percentage: found {shown(value)}; "
            f"write for example {INGEST_EXAMPLES}"
        )
    try:
        _, per_year = parse_growth(value)
    except ValueError:
        raise ValueError(
            f"expected an ingest rate such as {INGEST_EXAMPLES}, found {shown(value)}"
        ) from None
    return round(per_year / 365)


def format_size(size: float) -> str:
    """Write a byte count the way a person would say it: ``3 TB``, ``1.2 PB``, ``800 GB``."""
    for unit, factor in (("EB", 10**18), ("PB", 10**15), ("TB", 10**12), ("GB", 10**9)):
        if size >= factor:
            return f"{_trim(size / factor)} {unit}"
    for unit, factor in (("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{_trim(size / factor)} {unit}"
    return f"{round(size)} B"


def format_duration(seconds: float) -> str:
    """Write seconds with the largest unit that keeps them whole-ish: ``12h``, ``15m``, ``1d``."""
    whole = (("y", 31536000), ("mo", 2628000), ("w", 604800), ("d", 86400), ("h", 3600), ("m", 60))
    for unit, factor in whole:
        if seconds >= factor and (seconds / factor).is_integer():
            return f"{int(seconds // factor)}{unit}"
    for unit, factor in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= factor:
            text = f"{_trim(seconds / factor)}{unit}"
            # Only if it reads back as the same duration: 3599 s is not "60m".
            if parse_duration(text) == seconds:
                return text
    return f"{_trim(seconds)}s"


def _trim(number: float) -> str:
    """Up to three significant digits, no trailing zeros."""
    if number >= 100:
        return str(round(number))
    text = f"{number:.3g}" if number >= 1 else f"{number:.2g}"
    return text.rstrip("0").rstrip(".") if "." in text else text
