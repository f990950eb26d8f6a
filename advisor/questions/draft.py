"""Drafts: the answers of an unfinished ``advisor ask``, kept so that nothing typed is lost."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

from advisor.errors import Diagnostic, InputError
from advisor.files import user_folder, write_atomic
from advisor.text import one_line

DRAFT_VERSION = 1


def state_dir() -> Path:
    """Where drafts live: ``$ADVISOR_STATE_DIR``, else the XDG state folder."""
    return user_folder("state", "ADVISOR_STATE_DIR")


_SESSION: list[Path] = []


def draft_path() -> Path:
    """This session's draft: ``draft-<time>-<pid>.yaml`` in the state folder, chosen once.

    Each ``advisor ask`` keeps its own draft, so that two sessions at once never overwrite or
    delete each other's answers; the process id in the name tells whether its session still
    runs.
    """
    if not _SESSION:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        _SESSION.append(state_dir() / f"draft-{stamp}-{os.getpid()}.yaml")
    return _SESSION[0]


def unfinished_drafts() -> list[Path]:
    """Drafts left by sessions that have ended, newest first (not this one's, not a live one's).

    A draft named by an older version (``draft.yaml``) counts as left.
    """
    folder = state_dir()
    try:
        found = [p for p in folder.iterdir() if p.name == "draft.yaml" or _is_draft_name(p.name)]
    except OSError:
        return []
    mine = draft_path()
    left = [p for p in found if p != mine and _own(p) and not _session_runs(p.name)]
    return sorted(left, key=_modified, reverse=True)


def _own(path: Path) -> bool:
    """Whether this user owns ``path``: another user's draft is theirs, not ours to take."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return False
    return not hasattr(os, "geteuid") or owner == os.geteuid()


def claim(path: Path) -> Path:
    """Make ``path`` this session's draft (renamed to this session's name) and return it.

    Resuming a draft makes it this session's, so that another session sees it in use.
    """
    mine = draft_path()
    if path != mine:
        mine.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, mine)
    return mine


def _is_draft_name(name: str) -> bool:
    parts = name.removesuffix(".yaml").split("-")
    return (
        name.endswith(".yaml")
        and len(parts) == 4
        and parts[0] == "draft"
        and all(part.isascii() and part.isdigit() for part in parts[1:])
    )


def _session_runs(name: str) -> bool:
    """Whether the process that names a draft still runs (then its answers are in use)."""
    if not _is_draft_name(name):
        return False
    pid = int(name.removesuffix(".yaml").split("-")[3])
    if pid == os.getpid() or os.name == "nt":
        # On Windows, os.kill with signal 0 would end the process it asks about.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or one this system will not say about
    except (OverflowError, ValueError):
        return False
    # The number may have been given to another program since (after a reboot): where the
    # system says what a process runs, only an advisor counts.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True
    return b"advisor" in command


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def save_draft(
    answers: Mapping[str, str], path: Path | None = None, *, note: str = "Unfinished answers."
) -> Path:
    """Write the answers so far (atomically, replacing the previous draft).

    Args:
        answers: The answers, as text by key.
        path: Where; this session's draft by default.
        note: One line at the top of the file, as a comment: what it is, how to go on.
    """
    import yaml

    target = path or draft_path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = f"# {one_line(note)}\n" + yaml.safe_dump(
        {"draft": DRAFT_VERSION, "answers": dict(answers)},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )
    return write_atomic(target, text, overwrite=True)


def load_draft(path: Path | None = None) -> dict[str, str] | None:
    """The saved answers, or ``None`` when there is no draft.

    Raises:
        InputError: The draft exists but is not one the advisor wrote.
    """
    from advisor.profiles.document import load_documents, read_text

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
