"""Background work: a serial executor on its own thread, results delivered on the GUI thread.

As in Anki's operations: the GUI submits a plain function, the worker runs it, and the result
(plain data, never ORM objects or widgets) comes back through a queued signal to a success or
failure callback. One executor serialises all database work; each task can be cancelled until
it starts, and shutdown waits for the running one.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Task:
    """A submitted function; `cancel()` stops it from starting (a running one finishes)."""

    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    name: str
    cancelled: bool = field(default=False)

    def cancel(self) -> None:
        self.cancelled = True


@dataclass(frozen=True, slots=True)
class _Outcome:
    task: Task
    result: Any
    error: BaseException | None


class SerialExecutor(QObject):
    """Runs tasks one at a time on a dedicated thread, in submission order."""

    _finished = Signal(object)  # an _Outcome, queued from the worker to the GUI thread
    task_failed = Signal(str, object)  # task name, exception — for tasks without on_error
    idle_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._pending = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._finished.connect(self._deliver)
        self._thread.start()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str = "",
    ) -> Task:
        """Queue `fn`; its result goes to `on_done`, an exception to `on_error` (GUI thread)."""
        task = Task(fn, on_done, on_error, name or getattr(fn, "__name__", "task"))
        self._pending += 1
        if self._pending == 1:
            self.idle_changed.emit(False)
        self._queue.put(task)
        return task

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel what has not started, let the running task finish, and stop the thread."""
        while True:
            try:
                task = self._queue.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task.cancel()
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            if task.cancelled:
                self._finished.emit(_Outcome(task, None, None))
                continue
            result = None
            try:
                result = task.fn()
            except BaseException as exc:  # delivered to the GUI thread, which reports it
                self._finished.emit(_Outcome(task, None, exc))
            else:
                self._finished.emit(_Outcome(task, result, None))
            # Drop this thread's references until the next task arrives: the task's callbacks
            # and result may hold the last reference to a widget, which must be freed on the
            # GUI thread, never here.
            del task, result

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        task, result, error = outcome.task, outcome.result, outcome.error
        self._pending -= 1
        if self._pending == 0:
            self.idle_changed.emit(True)
        if task.cancelled:
            return
        if error is not None:
            if task.on_error is not None:
                task.on_error(error)
            else:
                log.error("task %s failed", task.name, exc_info=error)
                self.task_failed.emit(task.name, error)
            return
        if task.on_done is not None:
            task.on_done(result)
