"""Files written whole or not at all, and the folders where the advisor keeps its own.

Nothing is written over a file without being asked. The one atomic write serves the outputs
(results, templates, saved answers), the drafts and the cache; the one folder lookup (XDG)
serves the cache and the drafts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from advisor.errors import FILE_EXISTS, UsageError
from advisor.text import one_line

# Where each kind of folder is, after its own variable: the XDG variable, else under home.
_XDG = {"cache": ("XDG_CACHE_HOME", (".cache",)), "state": ("XDG_STATE_HOME", (".local", "state"))}


def user_folder(kind: str, explicit: str) -> Path:
    """The advisor's folder of ``kind`` (``cache`` or ``state``).

    ``$explicit`` (``ADVISOR_CACHE_DIR``) when set, else ``$XDG_CACHE_HOME/advisor``, else
    ``~/.cache/advisor`` (for state: ``XDG_STATE_HOME``, ``~/.local/state``).
    """
    chosen = os.environ.get(explicit)
    if chosen:
        return Path(chosen)
    variable, under_home = _XDG[kind]
    base = os.environ.get(variable) or os.path.join(os.path.expanduser("~"), *under_home)
    return Path(base) / "advisor"


def write_atomic(
    path: str | os.PathLike[str], text: str, *, overwrite: bool = False, private: bool = False
) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader never sees half a file, and an interrupted write leaves the old file intact (or
    no file at all). Without ``overwrite`` the file is created only if nothing is there at the
    moment of the rename, so a file another program created meanwhile is not replaced either.
    The new file gets the permissions a plain ``open()`` would give it (or, when replacing, the
    old file's), not the private mode of a temporary file.

    Args:
        path: Where to write.
        text: The whole content.
        overwrite: Replace an existing file; without it an existing file is an error.
        private: A new file only this user can read (a cache entry), whatever the umask.

    Returns:
        The path written.

    Raises:
        UsageError: The file exists and ``overwrite`` is false, or it cannot be written.
    """
    with atomic_file(path, overwrite=overwrite, private=private) as handle:
        handle.write(text)
    return Path(path)


@contextlib.contextmanager
def atomic_file(
    path: str | os.PathLike[str], *, overwrite: bool = False, private: bool = False
) -> Iterator[TextIO]:
    """A text file to write piece by piece, that appears at ``path`` only when it is whole.

    The same guarantees as :func:`write_atomic`: the file takes its name when the ``with``
    block ends without an exception; on any exception (Ctrl-C included) the temporary file is
    removed and the old file, if any, is left as it was.

    Raises:
        UsageError: The file exists and ``overwrite`` is false, or it cannot be written.
    """
    target = Path(path)
    refuse_special(target)
    if target.exists() and not overwrite:
        raise _exists(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = _temporary(folder, target.name, 0o600 if private else 0o666)
    except OSError as exc:
        raise UsageError(f"{one_line(str(target))}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            # What the caller's block raises goes up as it is; only our own writing is
            # reported as "cannot write".
            yield handle
            _finish(handle, target, tmp, overwrite)
    finally:
        tmp.unlink(missing_ok=True)


def _finish(handle: TextIO, target: Path, tmp: Path, overwrite: bool) -> None:
    """Flush the temporary file to disk and give it the target's name."""
    try:
        handle.flush()
        os.fsync(handle.fileno())
        _keep_mode(target, tmp)
        if overwrite:
            # Checked again at the last moment: what is there now must still be a plain file.
            refuse_special(target)
            os.replace(tmp, target)
        else:
            _create_from(tmp, target)
    except OSError as exc:
        raise UsageError(f"{one_line(str(target))}: cannot write: {exc.strerror or exc}") from None


def refuse_special(target: Path) -> None:
    """Refuse to write over anything but a regular file (or nothing).

    A link is not followed and not replaced (as git does not write through one), and a FIFO, a
    device or a socket is never replaced by a file, even when asked to overwrite: replacing
    ``/dev/null`` with a file would break the system for everyone.

    Raises:
        UsageError: ``target`` is a directory, a link, or a special file.
    """
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{one_line(str(target))}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return
    kind = (
        "a directory"
        if stat.S_ISDIR(mode)
        else "a symbolic link"
        if stat.S_ISLNK(mode)
        else "not a regular file (a pipe, a device or a socket)"
    )
    raise UsageError(
        f"{one_line(str(target))}: is {kind}; advisor writes only regular files",
        hint="give the name of a new or a regular file",
    )


def _create_from(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target`` only if no such name exists, atomically."""
    try:
        # A hard link fails with EEXIST instead of replacing: the no-clobber rename.
        os.link(tmp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:
        # No hard links here (some network and FAT file systems): check, then rename.
        if target.exists():
            raise _exists(target) from None
        os.replace(tmp, target)


def _temporary(folder: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new file beside the target, created as ``open()`` would create it.

    Created with mode 0o666 so the kernel applies the user's umask, as for any new file
    (``mkstemp`` makes it private, and reading the umask means changing it for every thread);
    a private file is 0o600.
    """
    while True:
        # Hidden, beside the target, and named for what made it: `.report.md.advisor-1f2e.tmp`.
        tmp = folder / f".{name}.advisor-{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), tmp
        except FileExistsError:
            continue


def _keep_mode(target: Path, tmp: Path) -> None:
    """When replacing a file, the new one keeps the old one's permissions and group."""
    try:
        info = target.stat()
    except OSError:
        return
    # The group first: changing it may clear set-id bits, which the mode then restores.
    with contextlib.suppress(OSError, AttributeError):  # not a member of it; no groups here
        os.chown(tmp, -1, info.st_gid)
    os.chmod(tmp, stat.S_IMODE(info.st_mode))


def _exists(target: Path) -> UsageError:
    # The way to replace it is the caller's to say (a flag of the command line): by its code.
    return UsageError(f"{one_line(str(target))}: file exists", code=FILE_EXISTS)
