"""The overview's first figures, computed on a spare core while the TUI starts.

On a large event the results take longer to compute than the first screen takes to paint, and in one
Python process the two share one interpreter lock: each slows the other. So at start-up, when the
machine has a second core and the OS can fork, a short-lived child process (a fork of this one: the
same code and the same open workspace, nothing imported anew) works out what the overview shows and
sends it back over a pipe as JSON, then exits. The overview draws that view as soon as it arrives,
exactly as it draws a cached one (overview_cache), and computes the results itself as always,
redrawing when done: a view that a change made meanwhile has outdated shows for one computation at
most.

The child reads the workspace and writes nothing but the pipe. It owns no file the parent opened
(it closes them all), answers no signal the parent handles, never runs the parent's exit handlers
(os._exit), is killed if the app quits first, and ends after LIFETIME seconds in any case. Anything
that goes wrong in it only costs the head start: the parent sees no view and computes as it would
have anyway. It is forked when the app starts running (App Load), before the terminal's threads.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import os
import select
import signal
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import overview_cache

if TYPE_CHECKING:
    from ..store import Workspace
    from .overview_cache import View

ENABLED = True  # tests of other things switch it off: they drive the computation in-process
MAX_BYTES = overview_cache.MAX_BYTES
POLL = 0.05  # seconds between checks that the waiting overview still wants the view
# seconds: the child ends by then whatever happens, say an app that stopped before anyone read the pipe
# (the overview waits 15 s at most; a view larger than the pipe's buffer would block its write forever)
LIFETIME = 60


def can_run() -> bool:
    """A fork is cheap and a spare core runs the child alongside the UI; without either it only costs."""
    if not ENABLED or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) >= 2


class Prefetch:
    """One child computing the overview's view: wait() collects it (once, from a worker thread),
    cancel() ends it (from any thread, say when the app quits)."""

    def __init__(self, pid: int, fd: int):
        self._lock = threading.Lock()  # the pid and the pipe: a waiter and a canceller may race
        self._pid: int | None = pid
        self._fd = fd
        self._taken = False  # wait() owns the pipe and the reaping from then on

    @classmethod
    def start(cls, ws: Workspace, user: str, day: _dt.date, cache_folder: Path) -> Prefetch | None:
        """Fork the child, or None where that is not worth it or not possible."""
        if not can_run():
            return None
        try:
            r, w = os.pipe()
        except OSError:
            return None
        gc.freeze()  # the parent's collector then leaves the shared pages alone: fewer copy-on-write faults
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns about forking with threads: the child uses none of their locks
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the child: never returns
            _child(w, ws, user, day, cache_folder)
        os.close(w)
        return cls(pid, r)

    def wait(self, timeout: float, cancelled: Callable[[], bool] = lambda: False) -> View | None:
        """The child's view, or None: it failed, it took more than timeout seconds, cancelled() turned
        true, or it was cancel()led. Blocks without holding the interpreter lock."""
        with self._lock:
            if self._taken:
                return None
            self._taken = True
        fd, chunks, size = self._fd, [], 0
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if cancelled() or left <= 0:
                    return None
                ready, _, _ = select.select([fd], [], [], min(POLL, left))
                if not ready:
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    return None
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            os.close(fd)
            with self._lock:
                self._end()
        try:
            return overview_cache.view_from_doc(json.loads(b"".join(chunks)))
        except Exception:  # a short or garbled answer (the child killed, say) is no view
            return None

    def cancel(self) -> None:
        """End the child if it still runs. A waiter sees the pipe close and returns None at once."""
        with self._lock:
            if self._pid is None:
                return
            if self._taken:
                with contextlib.suppress(OSError):
                    os.kill(self._pid, signal.SIGKILL)  # the waiter reaps it
                return
            self._taken = True
            os.close(self._fd)
            self._end()

    def _end(self) -> None:
        """Reap the child, killing it first if it still runs (its view is no longer wanted, or it has
        written it and has only its exit left). Holding the lock."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        with contextlib.suppress(OSError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _child(w: int, ws: Workspace, user: str, day: _dt.date, cache_folder: Path) -> None:
    code = 1
    try:
        _detach(w)
        signal.alarm(LIFETIME)  # SIGALRM's default action ends the process
        gc.disable()  # a short life: its garbage goes with it, no collector pauses on the way
        view = None
        if overview_cache.has_entry(cache_folder, ws, user):  # else the first open: compute at once
            state = overview_cache.key(ws, user, day)
            view = overview_cache.load(cache_folder, ws, user, state) if state is not None else None
        if view is None:
            from .screens.overview import build_view, results_for_view

            view = build_view(results_for_view(ws, day), ws, user)
        data = json.dumps(overview_cache.view_doc(view), ensure_ascii=False).encode()
        with open(w, "wb", closefd=True) as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001  nothing of the child's reaches the user; the parent computes
        pass
    finally:
        os._exit(code)


def _detach(keep: int) -> None:
    """No file, terminal or signal of the parent's: its locks, its screen and its keys stay its own."""
    signal.set_wakeup_fd(-1)  # the parent's event loop is woken through that pipe, not by us
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGWINCH, signal.SIGTSTP, signal.SIGCONT,
                signal.SIGALRM):
        with contextlib.suppress(OSError, ValueError):
            signal.signal(sig, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        open_fds = list(range(3, 1024))
    for fd in open_fds:
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                os.close(fd)
