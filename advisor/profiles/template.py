"""The profile template ``advisor init`` writes: commented YAML, or the same values as JSON."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_FILE = Path(__file__).resolve().parents[1] / "data" / "template.yaml"


def profile_template() -> str:
    """The template's text: every field, what it means and the forms it accepts."""
    return TEMPLATE_FILE.read_text(encoding="utf-8")


def profile_template_json() -> str:
    """The template's values as a JSON profile, in the template's order.

    JSON holds no comments, so what the YAML template explains is left out; the values are
    the same, and so is the recommendation.
    """
    import json

    import yaml

    data = yaml.safe_load(profile_template())
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def template_for(path: Path) -> str:
    """The template to write at ``path``: JSON for a ``.json`` file, else commented YAML."""
    return profile_template_json() if path.suffix.lower() == ".json" else profile_template()
