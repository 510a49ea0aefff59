"""Saves run on one background thread, in the order they were made.

Typing never waits for the disk; one thread keeps saves to the same file in
order; quitting waits for the queue to drain, so nothing typed is lost.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from ..errors import VendorbenchError

Done = Callable[[Any], None]
Failed = Callable[[str], None]


class Saver:
    def __init__(self, post_to_ui: Callable[..., Any]):
        # post_to_ui must not wait for the UI thread: the UI thread may itself be
        # waiting for this queue to drain (flush on quit)
        self._post_to_ui = post_to_ui
        self._queue: queue.Queue[tuple[Callable[[], Any], Done, Failed] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="vendorbench-saver", daemon=True)
        self._thread.start()

    def submit(self, save: Callable[[], Any], done: Done, failed: Failed) -> None:
        self._queue.put((save, done, failed))

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted save has finished; False on timeout."""
        finished = threading.Event()
        self._queue.put((finished.set, lambda _: None, lambda _: None))
        return finished.wait(timeout)

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            save, done, failed = job
            try:
                result = save()
            except VendorbenchError as exc:
                self._report(failed, str(exc))
            except OSError as exc:
                self._report(failed, f"{exc.filename or ''}: {exc.strerror or exc}")
            except Exception as exc:  # a bug must not kill the saver and lose later saves
                self._report(failed, f"internal error: {type(exc).__name__}: {exc}")
            else:
                self._report(done, result)

    def _report(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            self._post_to_ui(callback, value)
        except Exception:  # the UI is gone (quitting): the save itself already happened
            pass
