"""Recommendation v1 on the wire: as plain data, and as its JSON text.

:func:`recommendation_data` (what ``to_data()`` gives) is the one definition of what the
document holds, part by part. :func:`recommendation_json` writes the same document as text,
part by part, the reasons from a cache.

A recommendation's JSON is mostly its reasons (their titles, rationales and sources): text a
rule set holds once and every recommendation repeats. Serialising the whole document anew
costs more than the evaluation it reports, so the decisions are written piece by piece with
the text of each reason kept, and the parts that vary in shape (the profile, the changes, the
outlook) go through :func:`advisor.encoding.json_text`, from the functions that build the
data. The result is the very text ``json_text(rec.to_data())`` gives, which tests check over
thousands of recommendations.
"""

from __future__ import annotations

from json.encoder import encode_basestring as _quoted
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

from advisor.encoding import as_json_writes, json_text

if TYPE_CHECKING:
    from advisor.reasoning.recommendation import (
        Change,
        Decision,
        NearMiss,
        Outlook,
        PackInfo,
        ProfileWarning,
        Ranked,
        Reason,
        Recommendation,
        SourceInfo,
        Tie,
    )

Role = Literal["primary", "alongside", "candidate", "eliminated"]
K = TypeVar("K")
V = TypeVar("V")

# The text of each reason (opening a list, and after a comma), by its id. An entry holds its
# reason, so that the id cannot be reused by another object while the entry lives; a rule
# set's reasons are a few per rule and live as long as it does. Emptied past this many.
_MOST = 4096
_written: dict[int, tuple[str, str, Reason]] = {}
# The start of a ranking entry, by option and title (a rule set has a handful of options).
_heads: dict[tuple[str, str], str] = {}
# The text of a rule set's packs, by the id of the tuple (held, as the reasons are).
_written_packs: dict[int, tuple[tuple[PackInfo, ...], str]] = {}

# Where things sit: a decision's fields at depth 2, a ranking entry's at depth 4, a reason's at
# depth 6 (two spaces a level).
_ENTRY = "\n" + " " * 8
_REASON = "\n" + " " * 12


def recommendation_data(rec: Recommendation) -> dict[str, Any]:
    """``rec.to_data()``: recommendation v1 as plain data, each part by the function below."""
    return {
        "schema_version": rec.schema_version,
        "profile": rec.profile.to_data(),
        "storage": _decision_data(rec.storage, pipeline=False),
        "pipeline": _decision_data(rec.pipeline, pipeline=True),
        "confidence": {"storage": rec.confidence.storage, "pipeline": rec.confidence.pipeline},
        "what_would_change": changes_data(rec.what_would_change),
        "warnings": warnings_data(rec.warnings),
        "outlook": outlook_data(rec.outlook),
        "rules": {
            "packs": packs_data(rec.rules.packs),
            "fired": list(rec.rules.fired),
            "sources": sources_data(rec.rules.sources),
        },
    }


def changes_data(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
    """``what_would_change`` as plain data."""
    return [
        {
            "decision": c.decision,
            "field": c.field,
            "from": c.before,
            "to": c.after,
            "new_primary": c.primary,
            "set": c.assignment,
            "summary": c.summary,
        }
        for c in changes
    ]


def warnings_data(warnings: tuple[ProfileWarning, ...]) -> list[dict[str, Any]]:
    """``warnings`` as plain data."""
    return [
        {"code": w.code, "message": w.message, "rule": w.rule, "title": w.title} for w in warnings
    ]


def packs_data(packs: tuple[PackInfo, ...]) -> list[dict[str, Any]]:
    """``rules.packs`` as plain data."""
    return [{"id": p.id, "version": p.version, "sha256": p.sha256} for p in packs]


def sources_data(sources: tuple[SourceInfo, ...]) -> list[dict[str, Any]]:
    """``rules.sources`` as plain data."""
    return [{"name": s.name, "title": s.title, "url": s.url} for s in sources]


def outlook_data(outlook: Outlook | None) -> dict[str, Any] | None:
    """``outlook`` as plain data."""
    if outlook is None:
        return None
    return {
        "points": [
            {"months": p.months, "volume": p.volume, "storage": p.storage, "pipeline": p.pipeline}
            for p in outlook.points
        ],
        "changes": [
            {"decision": c.decision, "month": c.month, "from": c.before, "to": c.after}
            for c in outlook.changes
        ],
    }


def _decision_data(decision: Decision, *, pipeline: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"primary": decision.primary, "complements": list(decision.complements)}
    if pipeline:
        data["cadence"] = decision.cadence
        data["complement_cadences"] = dict(decision.complement_cadences)
    data["tie"] = _tie_data(decision.tie)
    data["ranking"] = [
        {
            "option": r.option,
            "title": r.title,
            "score": r.score,
            "sum": r.sum,
            "eliminated": r.eliminated,
            "role": r.role,
            "reasons": [
                {
                    "rule": reason.rule,
                    "title": reason.title,
                    "effect": reason.effect,
                    "because": reason.because,
                    "sources": list(reason.sources),
                    **({"when": reason.when} if reason.when is not None else {}),
                }
                for reason in r.reasons
            ],
            "near_misses": _misses_data(r.near_misses),
        }
        for r in decision.ranking
    ]
    return data


def _tie_data(tie: Tie | None) -> dict[str, Any] | None:
    return None if tie is None else {"options": list(tie.options), "because": tie.because}


def _misses_data(misses: tuple[NearMiss, ...]) -> list[dict[str, Any]]:
    return [{"rule": n.rule, "title": n.title, "failed": n.failed} for n in misses]


def recommendation_json(rec: Recommendation) -> str:
    """The JSON document of ``rec``, as ``json_text(rec.to_data())`` writes it."""
    confidence = rec.confidence
    # Pieces joined once at the end: each piece of text is copied once, not once per level.
    out = [
        '{\n  "schema_version": ',
        str(rec.schema_version),
        ',\n  "profile": ',
        _profile(rec.profile).replace("\n", "\n  "),
        ',\n  "storage": ',
    ]
    _decision(out, rec.storage, pipeline=False)
    out.append(',\n  "pipeline": ')
    _decision(out, rec.pipeline, pipeline=True)
    changes, warnings, outlook, used = (rec.what_would_change, rec.warnings, rec.outlook, rec.rules)
    out.append(
        f',\n  "confidence": {{\n    "storage": {_quoted(confidence.storage)},\n'
        f'    "pipeline": {_quoted(confidence.pipeline)}\n  }},\n'
        f'  "what_would_change": {_nested(changes_data(changes), 1) if changes else "[]"},\n'
        f'  "warnings": {_nested(warnings_data(warnings), 1) if warnings else "[]"},\n'
        f'  "outlook": {"null" if outlook is None else _nested(outlook_data(outlook), 1)},\n'
        f'  "rules": {{\n    "packs": {_packs(used.packs)},\n'
        f'    "fired": {_strings(used.fired, "    ")},\n'
        f'    "sources": {_nested(sources_data(used.sources), 2) if used.sources else "[]"}'
        "\n  }\n}"
    )
    return "".join(out)


def _profile(profile: Any) -> str:
    """The profile's JSON, from its serializer without the data in between (as to_data)."""
    raw = type(profile).__pydantic_serializer__.to_json(profile, indent=2, exclude_none=True)
    return raw.decode("utf-8") if as_json_writes(raw) else json_text(profile.to_data())


def _packs(packs: tuple[PackInfo, ...]) -> str:
    # A rule set reports the same tuple of packs in every recommendation (RuleSet.pack_infos).
    known = _written_packs.get(id(packs))
    if known is None:
        known = _keep(_written_packs, id(packs), (packs, _nested(packs_data(packs), 2)))
    return known[1]


def _decision(out: list[str], decision: Decision, *, pipeline: bool) -> None:
    cadences = ""
    if pipeline:
        cadence = "null" if decision.cadence is None else _quoted(decision.cadence)
        cadences = (
            f'\n    "cadence": {cadence},'
            f'\n    "complement_cadences": {_nested(dict(decision.complement_cadences), 2)},'
        )
    out.append(
        f'{{\n    "primary": {_quoted(decision.primary)},'
        f'\n    "complements": {_strings(decision.complements, "    ")},{cadences}'
        f'\n    "tie": {_nested(_tie_data(decision.tie), 2)},'
        f'\n    "ranking": '
    )
    if not decision.ranking:
        out.append("[]\n  }")
        return
    between = "[\n      "
    for entry in decision.ranking:
        out.append(between)
        between = ",\n      "
        _entry(out, entry)
    out.append("\n    ]\n  }")


def _entry(out: list[str], entry: Ranked) -> None:
    key = (entry.option, entry.title)
    head = _heads.get(key)
    if head is None:
        head = _keep(
            _heads,
            key,
            f'{{{_ENTRY}"option": {_quoted(entry.option)},{_ENTRY}"title": {_quoted(entry.title)},'
            f'{_ENTRY}"score": ',
        )
    out.append(
        f'{head}{entry.score},{_ENTRY}"sum": {entry.sum},{_STANDING[entry.eliminated, entry.role]}'
    )
    reasons = entry.reasons
    if reasons:
        # The first of a list opens it; the others follow a comma.
        out.append((_written.get(id(reasons[0])) or _kept(reasons[0]))[0])
        for reason in reasons[1:]:
            out.append((_written.get(id(reason)) or _kept(reason))[1])
        out.append("\n        ]")
    else:
        out.append("[]")
    misses = _nested(_misses_data(entry.near_misses), 4) if entry.near_misses else "[]"
    out.append(f',{_ENTRY}"near_misses": {misses}\n      }}')


# What follows an entry's sum, up to its reasons, for each way an option can stand.
_STANDING = {
    (eliminated, role): f'{_ENTRY}"eliminated": {"true" if eliminated else "false"},'
    f'{_ENTRY}"role": "{role}",{_ENTRY}"reasons": '
    for eliminated in (False, True)
    for role in get_args(Role)
}


def _kept(reason: Reason) -> tuple[str, str, Reason]:
    """The text of ``reason`` first in a list and after a comma; kept unless it is traced."""
    text = _reason(reason)
    known = ("[\n          " + text, ",\n          " + text, reason)
    if reason.when is None:  # a traced reason is made for one recommendation
        _keep(_written, id(reason), known)
    return known


def _keep(cache: dict[K, V], key: K, value: V) -> V:
    """``value``, kept in ``cache`` under ``key``; a cache grown past its bound starts afresh."""
    if len(cache) >= _MOST:
        cache.clear()
    cache[key] = value
    return value


def _reason(reason: Reason) -> str:
    when = f',{_REASON}"when": {_quoted(reason.when)}' if reason.when is not None else ""
    return (
        f'{{{_REASON}"rule": {_quoted(reason.rule)},{_REASON}"title": {_quoted(reason.title)},'
        f'{_REASON}"effect": {_quoted(reason.effect)},'
        f'{_REASON}"because": {_quoted(reason.because)},'
        f'{_REASON}"sources": {_strings(reason.sources, " " * 12)}{when}\n          }}'
    )


def _strings(items: tuple[str, ...] | list[str], indent: str) -> str:
    """A list of texts whose opening bracket sits at ``indent``."""
    if not items:
        return "[]"
    return f"[\n{indent}  " + f",\n{indent}  ".join(map(_quoted, items)) + f"\n{indent}]"


def _nested(value: Any, depth: int) -> str:
    """``value`` as JSON text starting at ``depth`` levels in."""
    if value is None:
        return "null"
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json_text(value).replace("\n", "\n" + "  " * depth)
