"""Take away what only POSIX systems have, so that a test sees the advisor run without it.

On the path of a test's process (PYTHONPATH), Python imports this before anything else. It
removes what Windows lacks: fork and the other process calls, the user ids, the POSIX
signals and signal masks, and the modules readline, termios, fcntl, pwd and grp; select.select
is made to refuse a file that is not a socket, as Windows' does.
"""

import os
import select
import signal
import sys

for name in (
    "fork", "forkpty", "set_blocking", "geteuid", "getuid", "getgid", "getegid", "chown",
    "sched_getaffinity", "killpg", "setsid", "getpgid", "wait3", "wait4",
):  # fmt: skip
    if hasattr(os, name):
        delattr(os, name)
for name in (
    "SIGHUP", "SIGALRM", "SIGQUIT", "SIGCHLD", "SIGKILL", "SIGUSR1", "SIGUSR2", "setitimer",
    "getitimer", "pthread_sigmask", "pthread_kill", "siginterrupt", "ITIMER_REAL", "SIG_BLOCK",
    "SIG_UNBLOCK", "sigwait",
):  # fmt: skip
    if hasattr(signal, name):
        delattr(signal, name)
for module in ("readline", "termios", "fcntl", "pwd", "grp", "resource"):
    sys.modules[module] = None  # type: ignore[assignment]


def _select(*args: object, **kwargs: object) -> object:
    raise OSError(10038, "An operation was attempted on something that is not a socket")


select.select = _select  # type: ignore[assignment]
