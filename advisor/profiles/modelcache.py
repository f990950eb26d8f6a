"""The profile models' validators, kept between runs of the command line.

pydantic builds a model's validator on its first use by walking its annotations in Python: for
the profile models that is more than all of a cold ``evaluate``'s own work. What it builds is a
pydantic-core schema, plain data but for references to the models and to their validator
functions; written as JSON with those references by name, and read back only from the modules
that define them, it gives pydantic-core the very same schema, and so the very same validator,
without the walk.

Only where pydantic's plugins are off (``PYDANTIC_DISABLE_PLUGINS=__all__``, as the command line
sets it): a plugin may wrap the validators pydantic builds, and this would bypass it. The entry
is keyed by the versions of pydantic, pydantic-core and advisor and by the source of the modules
the validators live in, so that any change to them builds afresh; it lives in the cache of
:mod:`advisor.cache`, with its trust checks. A test checks, over ten thousand generated and
broken profiles, that the validators read back accept, refuse, normalise and word their
messages exactly as pydantic's own.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import json
import os
import sys
import types
from typing import TYPE_CHECKING, Any

from advisor.cache import read_entry, write_entry

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

KIND = "models"
# The modules whose functions and classes a schema may name; nothing else is looked up.
MODULES = (
    "advisor.profiles.profile",
    "advisor.profiles.shapes",
    "advisor.profiles.units",
    "advisor.text",
    "pydantic._internal._validators",
)
# Where the models live: a schema names them as its classes.
_MODELS_MODULE = "advisor.profiles.profile"
# Of pydantic's own module, only the checks its constraints (ge, le, max_length...) compile to:
# it also holds functions that import any module by name.
_PYDANTIC = "pydantic._internal._validators"
_PYDANTIC_CHECKS = frozenset(
    {
        "forbid_inf_nan_check",
        "greater_than_validator",
        "greater_than_or_equal_validator",
        "less_than_validator",
        "less_than_or_equal_validator",
        "max_length_validator",
        "min_length_validator",
        "multiple_of_validator",
    }
)
_TAG = "$advisor"


class _UnsupportedError(Exception):
    """A schema holds something this encoding does not: it is not cached."""


def models() -> tuple[type[Any], ...]:
    """The profile models, the profile last (its schema holds the others')."""
    from advisor.profiles.profile import Growth, Latency, Profile, Structure, UserGroup

    return (Growth, Structure, Latency, UserGroup, Profile)


@functools.cache
def prepare() -> bool:
    """Give the profile models their validators from the cache, or cache the ones built now.

    Once a process: the first profile validated asks for it.

    Returns:
        Whether the validators came from the cache.
    """
    if not _usable():
        return False
    cached = read_entry(cache_key(), KIND)
    if cached is not None:
        try:
            install(cached)
        except Exception:  # a cache may make a run slower, never make it fail
            pass  # not what this version writes: built afresh below, and written again
        else:
            return True
    _store()
    return False


def _usable() -> bool:
    """Whether the cache may stand in for pydantic's own building: only with plugins off."""
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS") == "__all__"


def _store() -> None:
    """Cache the models' schema as pydantic built it (nothing when it cannot be named)."""
    with contextlib.suppress(_UnsupportedError, ValueError):
        write_entry(cache_key(), dump(), KIND)


def cache_key() -> str:
    """What the validators depend on: the libraries' versions and the modules' source."""
    import pydantic
    import pydantic_core

    from advisor._version import __version__

    digest = hashlib.sha256()
    for part in (pydantic.VERSION, pydantic_core.__version__, __version__):
        digest.update(part.encode() + b"\0")
    for name in MODULES[:-1]:
        # Found, not imported: the fast path must not import the models to read their schema.
        spec = importlib.util.find_spec(name)
        with open(spec.origin if spec and spec.origin else "", "rb") as source:
            digest.update(source.read() + b"\0")
    return digest.hexdigest()


def dump() -> dict[str, Any]:
    """Each model's core schema as JSON data (its references by name), built if need be.

    Raises:
        _UnsupportedError: A schema holds what cannot be named and found again.
    """
    data: dict[str, Any] = {}
    for model in models():
        model.model_rebuild()
        data[model.__name__] = encode(model.__pydantic_core_schema__)
    json.dumps(data, allow_nan=False)  # every value JSON can hold, or ValueError
    return data


def install(data: dict[str, Any]) -> None:
    """Give each model the validator and serializer of its cached schema.

    Raises:
        _UnsupportedError: The schema does not build the models (an entry written by
            something else): nothing is installed.
    """
    from pydantic_core import SchemaSerializer, SchemaValidator

    built = []
    for model in models():
        schema = decode(data[model.__name__])
        built.append((model, SchemaValidator(schema), SchemaSerializer(schema)))
    _check(built[-1][1], models()[-1])
    # All or none: a model with a cached validator beside one pydantic builds is still right,
    # but it is simpler to know that either the cache served or pydantic did.
    for model, validator, serializer in built:
        model.__pydantic_validator__ = validator
        model.__pydantic_serializer__ = serializer


@functools.cache
def record_validator() -> SchemaValidator | None:
    """The profile's cached validator, building plain records instead of the models.

    The very schema the models' validator is built from, with each model's class replaced by
    its record (:data:`advisor.profiles.shapes.RECORDS`): the same checks, the same readings,
    the same normalised values, without importing pydantic's model layer. ``None`` when the
    cache does not hold the schema yet (the first run builds it through the models) or may
    not be used (pydantic's plugins are on).
    """
    from pydantic_core import SchemaSerializer, SchemaValidator

    from advisor.profiles.shapes import RECORDS, ProfileRecord

    if not _usable():
        return None
    cached = read_entry(cache_key(), KIND)
    if cached is None:
        return None
    classes = {f"{_MODELS_MODULE}:{name}": record for name, record in RECORDS.items()}
    try:
        schema = decode(cached["Profile"], classes)
        validator, serializer = SchemaValidator(schema), SchemaSerializer(schema)
        _check(validator, ProfileRecord)
    except Exception:  # not what this version writes: the models' path serves, and rewrites it
        return None
    ProfileRecord.__pydantic_serializer__ = serializer
    return validator


# A profile every version accepts: a validator read from the cache must build its class from it.
_SAMPLE = {"volume": "1 TB", "structure": "structured", "latency": "1d", "users": "low"}


def forget() -> None:
    """Build the models' validators afresh (one from the cache failed), and cache those."""
    for model in models():
        model.model_rebuild(force=True)
    if _usable():
        _store()


def _check(validator: SchemaValidator, kind: type) -> None:
    """Refuse a validator that does not build ``kind`` (a cache entry not written by us)."""
    try:
        made = validator.validate_python(_SAMPLE)
    except Exception as exc:
        raise _UnsupportedError(f"the cached schema refuses a valid profile ({exc})") from None
    if not isinstance(made, kind):
        raise _UnsupportedError(f"the cached schema builds {type(made).__name__}")


def encode(value: Any) -> Any:
    """A core schema as JSON data; functions, partials and classes named, metadata left out.

    ``metadata`` only carries what JSON Schema generation reads; validation never does.
    """
    if isinstance(value, dict):
        if _TAG in value:
            raise _UnsupportedError(f"a schema key {_TAG!r}")
        return {k: encode(v) for k, v in value.items() if k != "metadata"}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {_TAG: "tuple", "items": [encode(item) for item in value]}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, functools.partial):
        return {
            _TAG: "partial",
            "function": _name(value.func),
            "args": [encode(arg) for arg in value.args],
            "keywords": {k: encode(v) for k, v in value.keywords.items()},
        }
    if callable(value):
        return {_TAG: "object", "name": _name(value)}
    raise _UnsupportedError(type(value).__name__)


def decode(value: Any, classes: dict[str, type] | None = None) -> Any:
    """The core schema :func:`encode` wrote, its references found again by name.

    Args:
        value: What :func:`encode` wrote.
        classes: Names to read as other classes than the ones they name (a model's record);
            a model named and not listed here is refused rather than imported.
    """
    if isinstance(value, list):
        return [decode(item, classes) for item in value]
    if not isinstance(value, dict):
        return value
    tag = value.get(_TAG)
    if tag is None:
        return {k: decode(v, classes) for k, v in value.items()}
    if tag == "tuple":
        return tuple(decode(item, classes) for item in value["items"])
    if tag == "partial":
        return functools.partial(
            _find(value["function"]),
            *(decode(arg, classes) for arg in value["args"]),
            **{k: decode(v, classes) for k, v in value["keywords"].items()},
        )
    if tag == "object":
        name = value["name"]
        if classes is None:
            return _find(name)
        if name in classes:
            return classes[name]
        if name.startswith(_MODELS_MODULE + ":"):
            raise _UnsupportedError(f"{name} has no record")
        return _find(name)
    raise _UnsupportedError(f"a tag {tag!r}")


def _name(thing: Any) -> str:
    """``module:qualname`` of a function, a method bound to its class, or a class."""
    if thing is list:
        return "builtins:list"
    owner = getattr(thing, "__self__", None)
    module = owner.__module__ if isinstance(owner, type) else getattr(thing, "__module__", None)
    qualname = getattr(thing, "__qualname__", None)
    if module not in MODULES or not isinstance(qualname, str) or "<" in qualname:
        raise _UnsupportedError(repr(thing))
    name = f"{module}:{qualname}"
    if _find(name) != thing:
        raise _UnsupportedError(f"{name} is not found again by its name")
    return name


def _find(name: str) -> Any:
    """The function or class ``module:qualname`` names, defined in an allowed module.

    Only a class or function that the module itself defines, reached through classes it
    defines: a name cannot walk from a module into what it imported (``re``, ``os``).
    """
    if name == "builtins:list":
        return list
    module_name, _, qualname = name.partition(":")
    if module_name not in MODULES:
        raise _UnsupportedError(f"a name from {module_name!r}")
    if module_name == _PYDANTIC and qualname not in _PYDANTIC_CHECKS:
        raise _UnsupportedError(f"{qualname!r} is not one of pydantic's constraint checks")
    found: Any = sys.modules.get(module_name) or importlib.import_module(module_name)
    parts = qualname.split(".")
    for number, part in enumerate(parts):
        if not part or part.startswith("__"):
            raise _UnsupportedError(f"the name {qualname!r}")
        found = getattr(found, part)
        if number < len(parts) - 1 and not isinstance(found, type):
            raise _UnsupportedError(f"{qualname!r} passes through what is not a class")
        if _home(found) != module_name:
            raise _UnsupportedError(f"{qualname!r} is not defined in {module_name}")
    if not callable(found) or isinstance(found, types.ModuleType):
        raise _UnsupportedError(f"{qualname!r} is not a function or a class")
    if getattr(found, "__qualname__", None) != qualname:
        # Inherited (a pydantic method reached through a model): not the module's own.
        raise _UnsupportedError(f"{qualname!r} is defined elsewhere")
    return found


def _home(thing: Any) -> str | None:
    """The module that defines ``thing`` (a bound method's: its class's)."""
    owner = getattr(thing, "__self__", None)
    if isinstance(owner, type):
        return owner.__module__
    return getattr(thing, "__module__", None) if not isinstance(thing, types.ModuleType) else None
