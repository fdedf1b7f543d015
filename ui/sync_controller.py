"""Drives the Qt-free sync loop from the GUI: a network worker runs the rounds, one timer
schedules them, and results come back as signals on the GUI thread.

The policy (when to sync, backoff, waiting for the consultant) lives in
`consultant_app.sync.loop`; this class only turns it into timers and threads, as Electrum's
Qt layer re-emits core events as signals. A slow or dead server blocks the network worker,
never the GUI thread or the database worker the UI's commands use.

`UpdateController` asks the server about newer releases of the app (`consultant_app.updates`)
after good rounds, at most every few hours, on a thread of its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from consultant_app.clock import utcnow
from ui.tasks import SerialExecutor

if TYPE_CHECKING:
    from consultant_app.sync.desk import DeskLink
    from consultant_app.sync.loop import SyncState, SyncStatus
    from consultant_app.sync.watch import ChangeWatcher
    from consultant_app.updates import Release, UpdateChecker, UpdateInfo

log = logging.getLogger(__name__)

#: While offline, how often to check whether the server's host answers again.
PROBE_MS = 10_000
#: Qt timers take an int of milliseconds; longer waits are re-armed in steps.
MAX_TIMER_MS = 3_600_000
#: Seconds an update check may take (it is never worth waiting the sync's 30 s for).
UPDATE_TIMEOUT_S = 10.0


class SyncController(QObject):
    """Runs sync rounds for one `DeskLink` and reports what they did."""

    #: A SyncStatus after every round and whenever the counts change.
    status_changed = Signal(object)
    #: True while a round runs.
    busy_changed = Signal(bool)
    #: A SyncReport whose round pulled or removed something the UI shows.
    data_arrived = Signal(object)
    #: The server's long poll answered "something for you" (emitted on the watcher's thread).
    server_changed = Signal()

    def __init__(
        self,
        database: SerialExecutor,
        parent: QObject | None = None,
        *,
        update_channel: str = "stable",
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.network = SerialExecutor("network", self)
        #: Newer releases of the app for `update_channel` (deployment.toml).
        self.updates = UpdateController(database, update_channel, self)
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
        self._watcher: ChangeWatcher | None = None
        self._watch_thread: threading.Thread | None = None
        #: The server has no /sync/wait: do not start a watcher again for this link.
        self._watch_unsupported = False
        self._watch_starting = False
        self.server_changed.connect(self._server_changed)

    # --- set-up ---------------------------------------------------------------------------

    def attach(self, link: DeskLink | None) -> None:
        """Use `link` (made on a worker); None: offline only. Starts syncing if signed in."""
        self._stop_watching()
        self._watch_unsupported = False
        self.link = link
        self.updates.attach(link)
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
        self._stop_watching()
        self.updates.shutdown()
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
        # A refusal takes the change back on the desk: the window shows that as it shows pulls.
        news = report is not None and (
            report.pulled or report.rejected or report.revoked or report.rebuilt
        )
        if report is not None and news:
            self.data_arrived.emit(report)
        from consultant_app.sync.loop import SyncState

        if status.state is SyncState.OFFLINE:
            if not self._probe.isActive():
                self._probe.start()
        else:
            self._probe.stop()
        if status.state is SyncState.SYNCED:
            self._watch()
        self.updates.after_round(status.state)
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

    # --- the server's long poll -----------------------------------------------------------

    def _watch(self) -> None:
        """After a good round: keep a `/sync/wait` open (from the cursor just stored), so
        news reaches the desk in seconds instead of at the next idle round."""
        thread = self._watch_thread
        if self._stopped or self._watch_unsupported or self._watch_starting:
            return
        if thread is not None and thread.is_alive():
            return
        link = self.link
        if link is None or link.loop is None:
            return
        from consultant_app.sync.apply import read_cursor

        workspace = link.workspace
        self._watch_starting = True  # one start at a time
        self.database.submit(
            lambda: read_cursor(workspace), self._start_watcher, self._watch_failed, name="cursor"
        )

    def _start_watcher(self, cursor: str) -> None:
        self._watch_starting = False
        link = self.link
        loop = None if link is None else link.loop
        if self._stopped or link is None or loop is None:
            return
        from consultant_app.sync.watch import ChangeWatcher, WatchEnd

        token = loop.client.token
        watcher = ChangeWatcher(link.server_url, token, cursor, self.server_changed.emit)

        def run() -> None:
            try:
                end = watcher.run()
            except Exception:
                log.exception("the change watch stopped on an error")
                return
            log.info("change watch ended: %s", end.value)
            if end is WatchEnd.UNSUPPORTED:
                self._watch_unsupported = True

        self._watcher = watcher
        self._watch_thread = threading.Thread(target=run, name="sync-watch", daemon=True)
        self._watch_thread.start()

    def _watch_failed(self, exc: BaseException) -> None:
        self._watch_starting = False
        log.warning("could not read the sync cursor to watch for changes", exc_info=exc)

    def _stop_watching(self) -> None:
        watcher, self._watcher, self._watch_thread = self._watcher, None, None
        if watcher is not None:
            watcher.stop()  # its daemon thread ends on its own; it holds no database

    def _server_changed(self) -> None:
        loop = self._loop()
        if loop is None or self._stopped:
            return
        loop.server_changed()
        self._reschedule()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _emit_status(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)

    def _log_failure(self, exc: BaseException) -> None:
        log.warning("could not read the sync status", exc_info=exc)


class UpdateController(QObject):
    """Asks the desk's server whether a newer Showroom Desk is published for this desk's
    update channel, and says what it found.

    The Qt side of `consultant_app.updates.UpdateChecker`: after a good round (or one the
    server refused because this version is too old), at most every few hours; at once on
    `check_now` (the About dialog). The request runs on a thread of its own with its own short
    timeouts, so it never holds up a sync round, the database worker or the GUI; the workspace
    is read and written on the database worker. A server that cannot tell (offline, older
    than the update check) changes nothing.
    """

    #: The newest release the server offers this desk (a `Release`), or None.
    release_changed = Signal(object)
    #: A `Release` the consultant has not been told of yet (once per version).
    notice_due = Signal(object)
    #: A check ended: the server's `UpdateInfo` (kept by then), or None when it could not tell.
    checked = Signal(object)

    def __init__(
        self, database: SerialExecutor, channel: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.channel = channel
        self.network = SerialExecutor("updates", self)
        self.link: DeskLink | None = None
        self.checker: UpdateChecker | None = None
        #: The last answer for this link (kept from before, or just fetched).
        self.info: UpdateInfo | None = None
        self._asking = False
        self._stopped = False

    @property
    def release(self) -> Release | None:
        """The newer release known for this desk, if any."""
        return None if self.info is None else self.info.release

    def attach(self, link: DeskLink | None) -> None:
        """Check for `link`'s server (None: no server, nothing to check); the answer kept from
        an earlier run is read at once."""
        if link is self.link:
            return
        from consultant_app.updates import UpdateChecker

        self.link = link
        self.checker = None
        self._set_info(None)
        if link is None:
            return
        try:
            checker = UpdateChecker(link.workspace, link.server_url, self.channel)
        except ValueError:
            log.warning("unknown update channel %r: no update checks", self.channel)
            return
        self.checker = checker
        self.database.submit(
            checker.known,
            lambda info: self._known(checker, info),
            self._log_failure,
            name="update-known",
        )

    def after_round(self, state: SyncState) -> None:
        """A sync round ended in `state`: ask the server if that reached it and a check is due."""
        from consultant_app.sync.loop import SyncState

        if state not in (SyncState.SYNCED, SyncState.UPDATE_REQUIRED):
            return
        checker = self.checker
        if checker is not None and checker.due():
            self._ask(checker)

    def check_now(self) -> None:
        """Ask the server now, due or not (when signed in; nothing happens otherwise)."""
        if self.checker is not None:
            self._ask(self.checker)

    def shutdown(self) -> None:
        self._stopped = True
        # A request still running ends on its own timeout; its thread holds no database.
        self.network.shutdown(timeout=1.0)

    def _ask(self, checker: UpdateChecker) -> None:
        link = self.link
        loop = None if link is None else link.loop
        if self._stopped or self._asking or link is None or loop is None:
            return
        from consultant_app.sync.account import http_client

        token, url = loop.client.token, link.server_url

        def fetch() -> UpdateInfo | None:
            import httpx

            with http_client(url) as http:
                http.timeout = httpx.Timeout(UPDATE_TIMEOUT_S)
                return checker.fetch(http, token)

        self._asking = True
        self.network.submit(
            fetch,
            lambda info: self._fetched(checker, info),
            self._fetch_failed,
            name="update-check",
        )

    def _fetched(self, checker: UpdateChecker, info: UpdateInfo | None) -> None:
        self._asking = False
        if checker is not self.checker or self._stopped:
            return
        if info is None:
            self.checked.emit(None)
            return

        def keep() -> Release | None:
            checker.remember(info)
            return checker.claim_notice(info)

        self.database.submit(
            keep,
            lambda notice: self._kept(checker, info, notice),
            self._log_failure,
            name="update-keep",
        )

    def _fetch_failed(self, exc: BaseException) -> None:
        # UpdateChecker.fetch catches every failure a check can meet; this is a bug.
        self._asking = False
        log.error("the update check crashed", exc_info=exc)
        self.checked.emit(None)

    def _known(self, checker: UpdateChecker, info: UpdateInfo | None) -> None:
        if checker is self.checker and self.info is None and info is not None:
            self._set_info(info)

    def _kept(self, checker: UpdateChecker, info: UpdateInfo, notice: Release | None) -> None:
        if checker is not self.checker:
            return
        self._set_info(info)
        if notice is not None:
            self.notice_due.emit(notice)
        self.checked.emit(info)

    def _set_info(self, info: UpdateInfo | None) -> None:
        before = self.release
        self.info = info
        if self.release != before:
            self.release_changed.emit(self.release)

    def _log_failure(self, exc: BaseException) -> None:
        log.warning("could not read or keep the update check", exc_info=exc)
