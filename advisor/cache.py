"""The cache of validated data, beside the user's other caches, trusted as ssh trusts its files.

What is cached saves work that the same input always gives again: a rule pack's validated data
(``pack-*.json``), the verdict that a combination of packs checked clean (``rules-*.json``),
the profile models' validators (``models-*.json``). An entry is used only when it is a regular
file owned by this user, in a folder only this user can write, no larger than an entry can be,
whose payload matches its checksum; anything else is ignored (and rebuilt) with one warning.
Any failure to write is ignored: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from advisor._version import __version__
from advisor.errors import AdvisorError
from advisor.files import user_folder, write_atomic

# The shape of an entry: a new one makes every older entry a miss.
CACHE_FORMAT = 5


def cache_dir() -> Path:
    """``$ADVISOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/advisor`` (``~/.cache/advisor``)."""
    return user_folder("cache", "ADVISOR_CACHE_DIR")


def entry_path(digest: str, kind: str = "pack") -> Path:
    """Where the entry of ``kind`` for ``digest`` lives, for this version of advisor."""
    return cache_dir() / f"{kind}-{digest[:32]}-{__version__}-{CACHE_FORMAT}.json"


# An entry is far smaller than the 1 MiB pack (or the models) it stands for.
MAX_CACHE_ENTRY = 4 * 1024 * 1024


def read_entry(digest: str, kind: str = "pack") -> dict[str, Any] | None:
    """The data cached for ``digest``, when the entry can be trusted; ``None`` otherwise.

    Trusted, as ssh trusts its files: a regular file owned by this user, in a folder that only
    this user can write, no larger than an entry can be, whose content matches the checksum it
    was written with. Anything else is ignored (and rebuilt), with one warning: whoever can
    write the cache could otherwise change every answer while the output still names the pack.
    """
    file = entry_path(digest, kind)
    problem = _untrusted(file.parent)
    if problem is None:
        try:
            fd = os.open(file, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            problem = f"{file} cannot be read ({exc.strerror or exc})"
        else:
            # Looked at before it is read as a file: a folder in its place cannot be.
            reason = _untrusted_file(os.fstat(fd))
            raw = b""
            if reason is None:
                with os.fdopen(fd, "rb") as handle:
                    raw = handle.read(MAX_CACHE_ENTRY + 1)
            else:
                os.close(fd)
            problem = None if reason is None else f"{file} {reason}"
            if problem is None:
                entry = _checked(raw, digest)
                if entry is not None:
                    return entry
                problem = f"{file} does not hold what was cached"
    _warn_once(f"cache ignored: {problem}; what it held is worked out again")
    return None


def _untrusted(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a trusted cache, or ``None``."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{folder} cannot be read ({exc.strerror or exc})"
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"{folder} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{folder} can be written by other users (chmod 700 it to use the cache)"
    return None


def _untrusted_file(info: os.stat_result) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return "belongs to another user"
    if info.st_size > MAX_CACHE_ENTRY:
        return "is larger than any entry can be"
    return None


def _checked(raw: bytes, digest: str) -> dict[str, Any] | None:
    """The pack data of an entry whose checksum matches, or ``None``.

    An entry is two lines: a header (the pack's digest, the payload's checksum), then the
    payload, the pack's data as JSON. The checksum is of the payload's bytes as stored, so
    checking it costs a hash, not a second encoding of the data.
    """
    head, _, payload = raw.partition(b"\n")
    payload = payload.rstrip(b"\n")
    try:
        header = json.loads(head.decode("utf-8"))
        if not isinstance(header, dict) or header.get("sha256") != digest:
            return None
        if header.get("check") != _checksum(payload):
            return None
        pack = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return pack if isinstance(pack, dict) else None


def _checksum(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def write_entry(digest: str, data: dict[str, Any], kind: str = "pack") -> None:
    """Cache ``data`` for ``digest`` (an atomic replace; any failure is ignored)."""
    # The cache is an optimisation: any failure (read-only home, full disk) is ignored, and a
    # folder that others can write is not written to (nor read from).
    try:
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _untrusted(folder) is not None:
            return
        payload = json.dumps(data, ensure_ascii=True, allow_nan=False)
        header = json.dumps({"sha256": digest, "check": _checksum(payload.encode("ascii"))})
        text = f"{header}\n{payload}\n"
        write_atomic(entry_path(digest, kind), text, overwrite=True, private=True)
    except (OSError, ValueError, AdvisorError):
        pass


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


_warned: list[str] = []


def _warn_once(message: str) -> None:
    """One warning a process about the cache, however many packs find it untrusted."""
    if _warned:
        return
    _warned.append(message)
    import warnings

    warnings.warn(message, RuntimeWarning, stacklevel=3)
