"""Drives the Qt-free sync loop from the GUI: a network worker runs the rounds, one timer
schedules them, and results come back as signals on the GUI thread.

The policy (when to sync, backoff, waiting for the consultant) lives in
`consultant_app.sync.loop`; this class only turns it into timers and threads, as Electrum's
Qt layer re-emits core events as signals. A slow or dead server blocks the network worker,
never the GUI thread or the database worker the UI's commands use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from consultant_app.clock import utcnow
from ui.tasks import SerialExecutor

if TYPE_CHECKING:
    from consultant_app.sync.desk import DeskLink
    from consultant_app.sync.loop import SyncStatus

log = logging.getLogger(__name__)

#: While offline, how often to check whether the server's host answers again.
PROBE_MS = 10_000
#: Qt timers take an int of milliseconds; longer waits are re-armed in steps.
MAX_TIMER_MS = 3_600_000


class SyncController(QObject):
    """Runs sync rounds for one `DeskLink` and reports what they did."""

    #: A SyncStatus after every round and whenever the counts change.
    status_changed = Signal(object)
    #: True while a round runs.
    busy_changed = Signal(bool)
    #: A SyncReport whose round pulled or removed something the UI shows.
    data_arrived = Signal(object)

    def __init__(self, database: SerialExecutor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.network = SerialExecutor("network", self)
        self.link: DeskLink | None = None
        self.busy = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)
        self._probe = QTimer(self)
        self._probe.setInterval(PROBE_MS)
        self._probe.timeout.connect(self._probe_network)
        self._probing = False

    # --- set-up ---------------------------------------------------------------------------

    def attach(self, link: DeskLink | None) -> None:
        """Use `link` (made on a worker); None: offline only. Starts syncing if signed in."""
        self.link = link
        self._reschedule()
        self.refresh_status()

    @property
    def signed_in(self) -> bool:
        return self.link is not None and self.link.signed_in

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str = "",
    ) -> None:
        """Run network-bound work (sign-in, sign-out) on the network worker."""
        self.network.submit(fn, on_done, on_error, name=name)

    def shutdown(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._probe.stop()
        self.network.shutdown(timeout=5.0)

    # --- events ---------------------------------------------------------------------------

    def local_change(self) -> None:
        """A command queued a mutation: sync soon (debounced by the loop's policy)."""
        loop = self._loop()
        if loop is None:
            self.refresh_status()
            return
        self._arm(loop.next_due(changed=True))
        self.refresh_status()

    def sync_now(self) -> None:
        """The consultant asked: sync at once (also after a sign-in or an update wait)."""
        loop = self._loop()
        if loop is not None:
            loop.retry_now()
            self._reschedule()

    def signed_in_now(self) -> None:
        """A sign-in on the network worker succeeded: start syncing at once."""
        self._reschedule()
        self.refresh_status()

    def refresh_status(self) -> None:
        """Re-read the counts (pending, refused) on the database worker and report them."""
        loop = self._loop()
        if loop is None:
            self.status_changed.emit(None)
            return
        self.database.submit(loop.status, self._emit_status, self._log_failure, name="sync-status")

    # --- rounds ---------------------------------------------------------------------------

    def _loop(self) -> Any:
        return None if self.link is None else self.link.loop

    def _reschedule(self) -> None:
        loop = self._loop()
        if loop is None:
            self._timer.stop()
            self._probe.stop()
            return
        self._arm(loop.next_due())

    def _arm(self, due: datetime | None) -> None:
        if self._stopped or self.busy:
            return  # a running round re-arms when it ends
        if due is None:
            self._timer.stop()
            return
        wait_ms = int((due - utcnow()).total_seconds() * 1000)
        self._timer.start(max(0, min(wait_ms, MAX_TIMER_MS)))

    def _due(self) -> None:
        loop = self._loop()
        if loop is None or self.busy or self._stopped:
            return
        due = loop.next_due()
        if due is None:
            return
        if due > utcnow():  # re-armed in steps, or a change moved it later
            self._arm(due)
            return
        self._set_busy(True)
        self.network.submit(loop.run_round, self._round_done, self._round_failed, name="sync")

    def _round_done(self, status: SyncStatus) -> None:
        self._set_busy(False)
        self._emit_status(status)
        report = status.report
        if report is not None and (report.pulled or report.revoked or report.rebuilt):
            self.data_arrived.emit(report)
        from consultant_app.sync.loop import SyncState

        if status.state is SyncState.OFFLINE:
            if not self._probe.isActive():
                self._probe.start()
        else:
            self._probe.stop()
        self._reschedule()

    def _round_failed(self, exc: BaseException) -> None:
        # run_round catches everything a round can raise; this is a programming error.
        self._set_busy(False)
        log.error("sync round crashed", exc_info=exc)
        self._reschedule()

    def _probe_network(self) -> None:
        link = self.link
        if link is None or self._probing or self.busy:
            return
        from consultant_app.sync.account import reachable

        self._probing = True
        url = link.server_url
        self.network.submit(lambda: reachable(url), self._probed, self._probed_error, name="probe")

    def _probed(self, up: bool) -> None:
        self._probing = False
        loop = self._loop()
        if up and loop is not None:
            log.info("the server's host answers again: syncing now")
            self._probe.stop()
            loop.network_changed()
            self._reschedule()

    def _probed_error(self, exc: BaseException) -> None:
        self._probing = False
        log.warning("network probe failed", exc_info=exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _emit_status(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)

    def _log_failure(self, exc: BaseException) -> None:
        log.warning("could not read the sync status", exc_info=exc)
