"""Validation of loaded documents into frozen models, with every problem located and explained.

Pydantic knows *what* is wrong; the document knows *where*. This module joins the two and turns
pydantic's wording into the advisor's: unknown keys get a "did you mean", choices list the
accepted words, missing fields name themselves, and type errors show an accepted example.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic_core import ValidationError

from advisor.errors import MAX_DIAGNOSTICS, Diagnostic, InputError
from advisor.profiles.document import Document, Path_, format_path
from advisor.profiles.units import shown
from advisor.spelling import closest, suggest

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

_TYPE_WORDS = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "int_parsing_size": "expected a whole number of a sensible size",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
    "finite_number": "expected a finite number",
}


def validate(
    model: type[M],
    document: Document,
    *,
    error: type[InputError] = InputError,
    examples: dict[str, str] | None = None,
) -> M:
    """Validate ``document.data`` into ``model``, reporting every problem with its position.

    Args:
        model: The frozen pydantic model to build.
        document: The loaded document (positions may be empty for a Python mapping).
        error: The ``InputError`` subclass to raise.
        examples: Field name → an accepted example, shown as a hint when a field is missing.

    Returns:
        The validated model.

    Raises:
        InputError: Of type ``error``, carrying one diagnostic per problem, in file order.
    """
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__
        raise error(
            [
                document.diagnostic(
                    (),
                    f"expected a mapping of fields, found {_kind(kind)}",
                    "a profile is a set of `key: value` lines, such as `volume: 3 TB`",
                )
            ]
        )
    # Only a str made in Python can hold one (the YAML reader refuses one in a file, escaped or
    # not): refused before any message tries to show it, and fails to encode it.
    surrogate = None if document.values else _surrogate(document.data)
    if surrogate is not None:
        path, code = surrogate
        raise error(
            [document.diagnostic(path, f"text holds a lone surrogate ({code}), not a character")]
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise error(diagnose(exc, model, document, examples or {})) from None


def _surrogate(data: Any, path: Path_ = ()) -> tuple[Path_, str] | None:
    """Where the first lone surrogate in ``data`` (keys and values) is, and which, or ``None``."""
    stack: list[tuple[Path_, Any]] = [(path, data)]
    seen: set[int] = set()
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict | list | tuple):
            # A list that holds itself would be walked for ever: each container once.
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, str):
            for char in value:
                if "\ud800" <= char <= "\udfff":
                    return where, f"U+{ord(char):04X}"
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                stack.append(((*where, key), item))
                stack.append((where, key))
        elif isinstance(value, list | tuple):
            stack.extend(((*where, n), item) for n, item in reversed(list(enumerate(value))))
    return None


def diagnose(
    exc: ValidationError,
    model: type[BaseModel],
    document: Document,
    examples: dict[str, str],
) -> list[Diagnostic]:
    """Turn a pydantic ``ValidationError`` into located, de-duplicated diagnostics."""
    found: dict[object, tuple[str, Path_, Diagnostic]] = {}
    # A message shows the first problems; working out a million positions would take minutes.
    for item in exc.errors(include_url=False)[:MAX_DIAGNOSTICS]:
        path = _data_path(document.data, item["loc"], item["type"])
        diagnostic = replace(_diagnostic(item, path, model, document, examples), code=item["type"])
        # A value that fails every branch of a union (int | float) gets one message: the last
        # branch's, the most general. Distinct problems at one path are all kept.
        union_branch = len(item["loc"]) > len(path)
        key = path if union_branch else (path, diagnostic.message)
        found[key] = (item["type"], path, diagnostic)
    # An unknown key that misspells a missing field already explains why it is missing.
    misspelt = {
        (*path[:-1], closest(path[-1], _fields_at(model, path[:-1])))
        for kind, path, _ in found.values()
        if kind == "extra_forbidden"
    }
    kept = [d for kind, path, d in found.values() if kind != "missing" or path not in misspelt]
    return sorted(kept, key=lambda d: (d.line, d.col))


def _kind(name: str) -> str:
    return {
        "list": "a list",
        "str": "a single value",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "NoneType": "nothing",
    }.get(name, name)


def _data_path(data: Any, loc: tuple[int | str, ...], kind: str) -> Path_:
    """Keep the parts of pydantic's ``loc`` that index the data (drop union and type tags)."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        indexes = (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        )
        if indexes:
            path.append(part)
            current = current[part]
        elif last and kind in {"missing", "extra_forbidden"} and isinstance(part, str):
            path.append(part)
        elif (
            isinstance(current, dict | list)
            and isinstance(part, str)
            and not part.startswith(("function-", "list[", "union["))
            and part not in _TAGS
        ):
            # A key the data lacks that pydantic still names: a model field reached by a
            # shorthand expansion. Keep it so the message names the field.
            path.append(part)
            current = None
    return tuple(path)


_TAGS = frozenset({"int", "float", "str", "bool", "none", "dict", "list", "constrained-int"})


def _diagnostic(
    item: Any,
    path: Path_,
    model: type[BaseModel],
    document: Document,
    examples: dict[str, str],
) -> Diagnostic:
    kind: str = item["type"]
    value = item.get("input")
    name = path[-1] if path else ""
    if kind == "extra_forbidden":
        known = _fields_at(model, path[:-1])
        hint = suggest(name, known) or (f"known keys: {', '.join(known)}" if known else None)
        return document.diagnostic(path, f"unknown key {name!r}", hint, key=True)
    if kind == "missing":
        hint = f"for example `{name}: {examples[str(name)]}`" if str(name) in examples else None
        line, col = document.locate(path[:-1])
        label = format_path(path)
        # Without a line the message is prefixed with the field's path; do not say it twice.
        message = f"missing required field {label!r}" if line else "required field is missing"
        return Diagnostic(document.source, line, col, message, hint, label)
    ctx = item.get("ctx") or {}
    if "hint" in ctx:  # a PydanticCustomError raised by a model with its own advice
        return document.diagnostic(path, str(item["msg"]), str(ctx["hint"]))
    if value is None and (hint := _default_hint(model, path)):
        # An empty optional field (`budget:` with nothing after it) is a line left unfilled.
        choices = _literal_choices(item) if kind == "literal_error" else []
        wanted = f"one of: {', '.join(choices)}" if choices else _TYPE_WORDS.get(kind, "a value")
        wanted = wanted.removeprefix("expected ")
        return document.diagnostic(path, f"has no value; expected {wanted}", hint)
    return document.diagnostic(path, *_said(kind, item, value, bool(document.values)))


_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "less_than_equal": ("le", "at most"),
    "greater_than": ("gt", "more than"),
    "less_than": ("lt", "less than"),
}


def _said(kind: str, item: Any, value: Any, from_a_file: bool) -> tuple[str, str | None]:
    """The message and hint for a pydantic error of type ``kind`` about ``value``."""
    ctx = item.get("ctx") or {}
    if kind == "literal_error":
        choices = _literal_choices(item)
        return f"{shown(value)} is not one of: {', '.join(choices)}", suggest(value, choices)
    if kind in {"value_error", "assertion_error"}:
        message = str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return message, None
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        limit = ctx.get(key)
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return f"must be {words} {limit}, found {shown(value)}", None
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is too long: at most {ctx.get('max_length')} characters", None
    if kind == "too_short":
        return f"needs at least {_items(ctx.get('min_length'))}, found {_count(value)}", None
    if kind == "too_long":
        return f"takes at most {_items(ctx.get('max_length'))}, found {_count(value)}", None
    if kind in _TYPE_WORDS:
        hint = None
        if kind == "string_type" and isinstance(value, int | float) and from_a_file:
            hint = "put the value in quotes to keep it as text"
        return f"{_TYPE_WORDS[kind]}, found {shown(value)}", hint
    message = str(item["msg"])
    message = message[0].lower() + message[1:] if message else message
    return f"{message}, found {shown(value)}", None


def _items(number: object) -> str:
    return "1 item" if number == 1 else f"{number} items"


def _count(value: object) -> str:
    size = len(value) if isinstance(value, list | tuple | dict) else None
    return "none" if size == 0 else (str(size) if size is not None else shown(value))


def _literal_choices(item: Any) -> list[str]:
    expected = str(item.get("ctx", {}).get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """Field names of the model found at ``path`` inside ``model``, if any."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    models = _models_in(current)
    # As a file writes them: a field's alias (``not``) rather than its Python name (``not_``).
    names = {f.alias or name for m in models for name, f in m.model_fields.items()}
    return sorted(names) if models else []


def _default_hint(model: type[BaseModel], path: Path_) -> str | None:
    """How to fall back on the default of the optional field at ``path``, if it has one."""
    if not path or not isinstance(path[-1], str):
        return None
    current: Any = model
    for part in path[:-1]:
        current = _step(current, part)
    for candidate in _models_in(current):
        field = candidate.model_fields.get(path[-1])
        if field is not None and not field.is_required():
            default = field.get_default(call_default_factory=True)
            if default in (None, [], ()):
                return "leave it out if it does not apply"
            return f"leave it out to use the default, {shown(default)}"
    return None


def _step(annotation: Any, part: str | int) -> Any:
    for candidate in _models_in(annotation) if isinstance(part, str) else [annotation]:
        if isinstance(part, str):
            field = next(
                (f for n, f in candidate.model_fields.items() if (f.alias or n) == part), None
            )
            if field is not None:
                return field.annotation
            extra = _mapping_value(candidate)
            if extra is not None:
                return extra
        else:
            for arg in _unwrap(candidate):
                if typing.get_origin(arg) in {list, tuple}:
                    return typing.get_args(arg)[0]
    if isinstance(part, str):
        for arg in _unwrap(annotation):
            if typing.get_origin(arg) is dict:
                return typing.get_args(arg)[1]
    return None


def _mapping_value(model: type[BaseModel]) -> Any:
    hook: Callable[[], Any] | None = getattr(model, "mapping_value_type", None)
    return hook() if hook else None


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        return [inner for arg in typing.get_args(annotation) for inner in _unwrap(arg)]
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from pydantic import BaseModel  # only on the error path

    found = []
    for arg in _unwrap(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
        elif typing.get_origin(arg) is dict:
            found.extend(_models_in(typing.get_args(arg)[1]))
    return found
