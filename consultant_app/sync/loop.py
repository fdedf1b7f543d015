"""When to sync and what to tell the consultant: the policy around `SyncClient` rounds.

Qt-free, so the policy is tested without a display. The UI runs `SyncLoop.run_round` on its
network worker and arms one single-shot timer at `SyncLoop.next_due`:

- soon after a local change (a short debounce, so a burst of edits goes in one round, but
  never later than `max_debounce_s` after the first of them);
- every `idle_s` while nothing happens, to receive what others changed;
- at once when the network comes back (`network_changed`);
- while rounds fail for a transient reason (offline, 5xx, a garbled answer), at the time the
  backoff chose, growing with jitter and never giving up;
- never on its own while the consultant must act (sign in again, update the app); the queue
  is kept and `signed_in` or `retry_now` starts again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from consultant_app.clock import utcnow
from consultant_app.sync import outbox
from consultant_app.sync.backoff import Backoff
from consultant_app.sync.engine import (
    ClientTooOldError,
    OfflineError,
    SignInRequiredError,
    SyncClient,
    SyncError,
    SyncReport,
)

log = logging.getLogger(__name__)


class SyncState(StrEnum):
    """What the status bar says about sync."""

    STARTING = "starting"  # no round has finished since the app started
    SYNCED = "synced"  # the last round finished: everything pushed and pulled
    OFFLINE = "offline"  # the server cannot be reached; retrying on its own
    ERROR = "error"  # the server failed or answered something unreadable; retrying on its own
    SIGN_IN = "sign_in"  # the token is no longer accepted; waiting for the consultant
    UPDATE_REQUIRED = "update_required"  # the server needs a newer app; waiting for an update


#: States in which rounds stop until the consultant acts.
WAITING_FOR_USER = frozenset({SyncState.SIGN_IN, SyncState.UPDATE_REQUIRED})


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Everything the UI shows about sync, as plain data (safe to pass between threads)."""

    state: SyncState
    #: Mutations still queued for the server.
    pending: int
    #: Mutations the server refused for good (the consultant can read why).
    rejected: int
    last_success_at: datetime | None
    #: Why the last round failed ('' after a success).
    reason: str
    #: When the loop will try again on its own (after a success: at the latest, as a local
    #: change brings it forward); None while it waits for the consultant.
    next_attempt_at: datetime | None
    #: What the last round did, when it succeeded (which contacts to refresh).
    report: SyncReport | None = None

    @property
    def retrying(self) -> bool:
        return self.state in {SyncState.OFFLINE, SyncState.ERROR}

    @property
    def waiting_for_user(self) -> bool:
        return self.state in WAITING_FOR_USER


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    """How soon rounds follow events, in seconds."""

    #: Quiet time after a local change before its round (more edits restart the wait).
    debounce_s: float = 2.0
    #: A stream of edits is synced at most this long after its first change.
    max_debounce_s: float = 10.0
    #: Time between rounds while nothing happens locally.
    idle_s: float = 60.0


class RoundInProgressError(RuntimeError):
    """`run_round` was called while another round was still running."""


class SyncLoop:
    """Schedules sync rounds for one `SyncClient` and keeps the status they produce.

    `run_round` belongs to one worker thread; the other methods may be called from any thread.
    `clock` and the backoff's random number generator are injected for tests.
    """

    def __init__(
        self,
        client: SyncClient,
        *,
        policy: SyncPolicy | None = None,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.client = client
        self.policy = policy or SyncPolicy()
        self.backoff = backoff or Backoff()
        self.clock = clock
        self._lock = threading.Lock()
        self._round = threading.Lock()
        self._status = SyncStatus(SyncState.STARTING, 0, 0, None, "", None)
        self._last_round_at: datetime | None = None
        #: When the backoff allows the next attempt, while rounds fail.
        self._retry_at: datetime | None = None
        #: The first and the latest local change no round has covered yet.
        self._first_change: datetime | None = None
        self._last_change: datetime | None = None
        #: Start at once: at start-up, after the network returned, after the consultant acted.
        self._wake = True
        self._waiting_for_user = False

    # --- what the UI asks --------------------------------------------------------------

    def status(self) -> SyncStatus:
        """The last round's status with the queue counts read now (they change between rounds)."""
        with self._lock:
            status = self._status
        return self._counted(status)

    def next_due(self, now: datetime | None = None, *, changed: bool = False) -> datetime | None:
        """When the next round should start; None while waiting for the consultant to act.

        `changed` records a local change made at `now` (a command queued a mutation).
        """
        now = now or self.clock()
        policy = self.policy
        with self._lock:
            if changed:
                self._first_change = self._first_change or now
                self._last_change = now
            if self._waiting_for_user:
                return None
            if self._wake:
                return now
            if self._retry_at is not None:
                return self._retry_at
            last = self._last_round_at or now
            due = last + timedelta(seconds=policy.idle_s)
            if self._first_change is not None and self._last_change is not None:
                quiet = self._last_change + timedelta(seconds=policy.debounce_s)
                latest = self._first_change + timedelta(seconds=policy.max_debounce_s)
                due = min(due, quiet, latest)
            return due

    # --- events ------------------------------------------------------------------------

    def network_changed(self) -> None:
        """The network is (back) up: try at once, without waiting for the backoff."""
        with self._lock:
            self._wake = True

    def server_changed(self) -> None:
        """The server has changes for this desk (its `/sync/wait` answered): sync at once."""
        with self._lock:
            self._wake = True

    def signed_in(self, token: str) -> None:
        """The consultant signed in again: use the new token and sync at once."""
        with self._lock:
            self.client.token = token
            self._waiting_for_user = False
            self._wake = True

    def retry_now(self) -> None:
        """The consultant asked to sync now (say, after updating the server's address)."""
        with self._lock:
            self._waiting_for_user = False
            self._wake = True

    # --- the round -----------------------------------------------------------------------

    def run_round(self, now: datetime | None = None) -> SyncStatus:
        """Run one sync round and return the status it leaves.

        The next attempt is scheduled from when the round ended: `now` if given (tests,
        deterministic callers), else the clock read at the end.
        Transient failures schedule a retry with backoff; sign-in and update failures stop
        automatic rounds; either way the queue is kept.
        """
        if not self._round.acquire(blocking=False):
            raise RoundInProgressError("a sync round is already running")
        try:
            with self._lock:
                # Changes noted so far go out with this round's push; later ones wait.
                self._wake = False
                self._first_change = self._last_change = None
            report: SyncReport | None = None
            failure: tuple[SyncState, str] | None = None
            try:
                report = self.client.sync_once()
            except OfflineError as exc:
                log.info("sync: offline (%s)", exc)
                failure = (SyncState.OFFLINE, str(exc))
            except SignInRequiredError as exc:
                log.info("sync: sign-in required (%s)", exc)
                failure = (SyncState.SIGN_IN, str(exc))
            except ClientTooOldError as exc:
                log.info("sync: update required (%s)", exc)
                failure = (SyncState.UPDATE_REQUIRED, str(exc))
            except SyncError as exc:
                # ServerUnavailableError, ProtocolError, a re-bootstrap that failed part-way.
                log.warning("sync round failed: %s", exc)
                failure = (SyncState.ERROR, str(exc))
            except Exception as exc:
                # A bug or a local database fault: logged in full, and retried like the rest,
                # so that sync never stops for good on its own.
                log.exception("sync round failed unexpectedly")
                failure = (SyncState.ERROR, str(exc) or type(exc).__name__)
            ended = now or self.clock()
            with self._lock:
                status = self._finish(ended, report, failure)
            return self._counted(status)
        finally:
            self._round.release()

    def _finish(
        self,
        ended: datetime,
        report: SyncReport | None,
        failure: tuple[SyncState, str] | None,
    ) -> SyncStatus:
        """Record a round's result and schedule the next one (called holding the lock)."""
        self._last_round_at = ended
        previous = self._status
        if failure is None:
            self.backoff.succeeded()
            self._retry_at = None
            self._waiting_for_user = False
            status = SyncStatus(
                SyncState.SYNCED,
                0,
                0,
                ended,
                "",
                ended + timedelta(seconds=self.policy.idle_s),
                report,
            )
        else:
            state, reason = failure
            if state in WAITING_FOR_USER:
                self._retry_at = None
                self._waiting_for_user = True
            else:
                self._retry_at = ended + timedelta(seconds=self.backoff.next_delay())
            status = SyncStatus(state, 0, 0, previous.last_success_at, reason, self._retry_at, None)
        self._status = status
        return status

    def _counted(self, status: SyncStatus) -> SyncStatus:
        workspace = self.client.workspace
        return SyncStatus(
            status.state,
            outbox.pending_count(workspace),
            len(outbox.rejected(workspace)),
            status.last_success_at,
            status.reason,
            status.next_attempt_at,
            status.report,
        )
