"""The commented profile template ``advisor init`` writes."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "template.yaml"


def profile_template() -> str:
    """The template's text: every field, what it means and the forms it accepts."""
    return TEMPLATE_FILE.read_text(encoding="utf-8")
