"""Writing files safely: whole or not at all, and never over a file without being asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader never sees half a file, and an interrupted write leaves the old file intact.

    Args:
        path: Where to write.
        text: The whole content.
        overwrite: Replace an existing file; without it an existing file is an error.

    Returns:
        The path written.

    Raises:
        UsageError: The file exists and ``overwrite`` is false, or it cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a directory")
    if target.exists() and not overwrite:
        raise UsageError(f"{target}: file exists; pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite and target.exists():
            raise UsageError(f"{target}: file exists; pass --force to replace it")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
