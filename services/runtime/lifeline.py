"""Child processes that do not outlive the process that started them (`newsflow up`).

`up` stops its children itself on Ctrl-C and SIGTERM. A SIGKILL (the OOM killer, `docker kill`,
a supervisor giving up) leaves it no chance, so each child is told to stop by other means:
- on Linux, `PR_SET_PDEATHSIG`: the kernel sends the child SIGTERM when its parent dies, so a
  worker finishes the message in hand and leaves its group, the API closes, and the embedded
  `redis-server` flushes its append-only file, exactly as on a normal stop;
- elsewhere (macOS), a newsflow child started with `PARENT_ENV` checks every second that its
  parent is still there and sends itself SIGTERM when it is not.
"""

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable

#: set by `up` for its newsflow children: the pid they must not outlive
PARENT_ENV = "NEWSFLOW_UP_PID"
_PR_SET_PDEATHSIG = 1
_CHECK_EVERY_S = 1.0


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess.Popen` that arms `PR_SET_PDEATHSIG` (SIGTERM) in the
    child, on Linux; None elsewhere. Call it in the thread that starts the child: the signal
    comes when that thread ends."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the forked child
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


def watch_parent(environ: dict[str, str] | None = None) -> threading.Thread | None:
    """In a child started with `PARENT_ENV` where `PR_SET_PDEATHSIG` is not available: a
    daemon thread that sends this process SIGTERM once that parent is gone."""
    value = (environ if environ is not None else os.environ).get(PARENT_ENV, "")
    if not value.isdigit() or sys.platform.startswith("linux"):
        return None
    parent = int(value)

    def check() -> None:
        while os.getppid() == parent:
            threading.Event().wait(_CHECK_EVERY_S)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=check, name="parent-watch", daemon=True)
    thread.start()
    return thread
