"""The profile template ``advisor init`` writes: commented YAML, or the same values as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATE_FILE = Path(__file__).resolve().parents[1] / "data" / "template.yaml"


def profile_template() -> str:
    """The template's text: every field, what it means and the forms it accepts."""
    return TEMPLATE_FILE.read_text(encoding="utf-8")


def profile_template_json() -> str:
    """The template's values as a JSON profile, in the template's order.

    JSON holds no comments, so what the YAML template explains is left out; the values are
    the same, and so is the recommendation.
    """
    import yaml

    return profile_json(yaml.safe_load(profile_template()))


def profile_json(data: dict[str, Any]) -> str:
    """A profile mapping as the text of a JSON profile file, in the mapping's order."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def is_json_file(path: Path) -> bool:
    """Whether a profile written at ``path`` is JSON (a ``.json`` file) rather than YAML."""
    return path.suffix.lower() == ".json"


def template_for(path: Path) -> str:
    """The template to write at ``path``: JSON for a ``.json`` file, else commented YAML."""
    return profile_template_json() if is_json_file(path) else profile_template()
