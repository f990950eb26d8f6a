"""Drafts: the answers of an unfinished ``advisor ask``, kept so that nothing typed is lost."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import Diagnostic, InputError
from .files import write_atomic

DRAFT_VERSION = 1


def draft_path() -> Path:
    """Where the draft lives: ``$ADVISOR_STATE_DIR``, else the XDG state folder."""
    explicit = os.environ.get("ADVISOR_STATE_DIR")
    if explicit:
        return Path(explicit) / "draft.yaml"
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "advisor" / "draft.yaml"


def save_draft(answers: Mapping[str, str], path: Path | None = None) -> Path:
    """Write the answers so far (atomically, replacing the previous draft)."""
    import yaml

    target = path or draft_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Answers of an unfinished `advisor ask`; `advisor ask --resume` continues from them.\n"
        + yaml.safe_dump(
            {"draft": DRAFT_VERSION, "answers": dict(answers)},
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
        )
    )
    return write_atomic(target, text, overwrite=True)


def load_draft(path: Path | None = None) -> dict[str, str] | None:
    """The saved answers, or ``None`` when there is no draft.

    Raises:
        InputError: The draft exists but is not one the advisor wrote.
    """
    from .document import load_documents, read_text

    target = path or draft_path()
    if not target.exists():
        return None
    source, text = read_text(target)
    try:
        data = load_documents(text, source)[0].data
    except InputError:
        data = None  # empty or not YAML: not a draft this program wrote
    answers = data.get("answers") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("draft") != DRAFT_VERSION
        or not isinstance(answers, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items())
    ):
        raise InputError(
            [Diagnostic(source, 0, 0, "is not a draft of `advisor ask`", "delete it to start over")]
        )
    return answers


def discard_draft(path: Path | None = None) -> None:
    """Remove the draft once its answers are safe elsewhere (a result shown, a profile saved)."""
    (path or draft_path()).unlink(missing_ok=True)
