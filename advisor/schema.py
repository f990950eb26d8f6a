"""JSON Schema of profile v1, for editors and validators."""

from __future__ import annotations

import json

from ._version import __version__
from .profile import Profile

SCHEMA_ID = "https://advisor.invalid/schema/profile-v1.json"


def profile_schema() -> str:
    """The JSON Schema (draft 2020-12) of profile v1 as indented JSON text.

    The schema describes the normalised form and the accepted shorthand (sizes as text,
    durations as text, one-word structure and users) as alternatives, so an editor accepts
    every profile the advisor accepts.
    """
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "advisor profile v1"
    schema["description"] = f"A workload profile for advisor {__version__} (profile v1)."
    props = schema["properties"]
    size = {
        "type": "string",
        "pattern": r"^\s*(\d+(\.\d*)?|\.\d+)\s*([kKmMgGtTpPeE]i?[bB]|[bB]|bytes?)?\s*$",
    }
    duration_text = {
        "type": "string",
        "examples": ["30s", "15m", "12h", "1d", "real-time", "daily"],
    }
    props["volume"] = {
        "description": "Data held now: '800 GB', '3TB', '2.5 PiB' or a number of bytes.",
        "anyOf": [size, {"type": "integer", "minimum": 0}],
    }
    props["growth"] = {
        "description": "Size per day|week|month|year ('200 GB/month') or a rate ('40%/year').",
        "anyOf": [{"type": "string"}, {"$ref": "#/$defs/Growth"}],
    }
    props["structure"] = {
        "description": "Share of the volume by kind (percent, summing to 100), or one word.",
        "anyOf": [
            {"enum": ["structured", "semi_structured", "unstructured", "mixed"]},
            {"$ref": "#/$defs/Structure"},
        ],
    }
    props["latency"] = {
        "description": "How fresh data must be; a bare duration means freshness.",
        "anyOf": [
            duration_text,
            {"type": "number", "exclusiveMinimum": 0},
            {"$ref": "#/$defs/Latency"},
        ],
    }
    props["users"] = {
        "description": "Groups of users, or one skill word: low | medium | high.",
        "anyOf": [{"enum": ["low", "medium", "high"]}, props["users"]],
    }
    latency = schema["$defs"]["Latency"]["properties"]
    latency["freshness"] = {
        "description": "How old data may be when it is used: '15m', '12h', '1d', 'real-time'.",
        "anyOf": [duration_text, {"type": "number", "exclusiveMinimum": 0}],
    }
    group = schema["$defs"]["UserGroup"]
    group["required"] = ["role"]
    return json.dumps(schema, indent=2, sort_keys=False)
