"""The sync loop's policy: when rounds run, how failures are retried, what the status says.

A real workspace and the real `SyncClient`; only the server is scripted (an
`httpx.MockTransport` answering the way the server does), since the server cannot run in the
core's tests. tests/consultant_server/test_faults.py drives the loop against the real server.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from consultant_app.services.contacts import ContactService
from consultant_app.store.database import Workspace
from consultant_app.sync.backoff import Backoff
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.loop import RoundInProgressError, SyncLoop, SyncPolicy, SyncState
from tests.consultant_app.support import FakeClock

Fault = int | type[httpx.TransportError] | str


class ScriptedServer:
    """Answers like the sync server: first the scripted faults, then successful rounds.

    A fault is a status code (answered with the server's error body), a transport error to
    raise, or ``"garbled"`` (a 200 that is not JSON).
    """

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.reject = False
        self.tokens: list[str] = []
        self.on_request: list[Callable[[], None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.tokens.append(request.headers["Authorization"].removeprefix("Bearer "))
        for hook in self.on_request:
            hook()
        if self.faults:
            fault = self.faults.pop(0)
            if fault == "garbled":
                return httpx.Response(200, text="<html>captive portal</html>")
            if isinstance(fault, int):
                body = {"error": "fault", "message": f"scripted {fault}"}
                if fault == 426:
                    body["min_client_version"] = "9.0.0"
                return httpx.Response(fault, json=body)
            assert isinstance(fault, type)
            raise fault("scripted", request=request)
        if request.url.path == "/sync/push":
            mutations = json.loads(request.content)["mutations"]
            outcome = "rejected" if self.reject else "applied"
            outcomes = [
                {"mutation_id": m["mutation_id"], "outcome": outcome, "reason": "no"}
                for m in mutations
            ]
            return httpx.Response(200, json={"outcomes": outcomes, "min_client_version": "0.1"})
        changes: list[object] = []
        page = {"changes": changes, "cursor": "c1", "more": False, "min_client_version": "0.1"}
        return httpx.Response(200, json=page)


@pytest.fixture
def server() -> ScriptedServer:
    return ScriptedServer()


@pytest.fixture
def loop(workspace: Workspace, server: ScriptedServer, clock: FakeClock) -> Iterator[SyncLoop]:
    http = httpx.Client(base_url="http://server.test", transport=httpx.MockTransport(server))
    client = SyncClient(workspace, http, "token-1", "device-1")
    yield SyncLoop(client, backoff=Backoff(rng=random.Random(3)), clock=clock)
    http.close()


def at(clock: FakeClock, seconds: float) -> datetime:
    return clock.now + timedelta(seconds=seconds)


def test_the_first_round_is_due_at_once_and_then_every_idle_minute(
    loop: SyncLoop, clock: FakeClock
) -> None:
    assert loop.status().state is SyncState.STARTING
    assert loop.next_due() == clock.now
    status = loop.run_round()
    assert (status.state, status.last_success_at) == (SyncState.SYNCED, clock.now)
    assert status.next_attempt_at == at(clock, 60)
    assert loop.next_due() == at(clock, 60)
    clock.advance(seconds=30)
    assert loop.next_due() == at(clock, 30)


def test_a_local_change_syncs_after_a_short_quiet_time_and_bursts_are_not_starved(
    loop: SyncLoop, clock: FakeClock, service: ContactService
) -> None:
    loop.run_round()
    clock.advance(seconds=20)
    service.quick_add("张伟", "13812345678")
    assert loop.next_due(clock.now, changed=True) == at(clock, 2)
    first = clock.now
    for _ in range(30):  # an edit every second keeps pushing the quiet time back …
        clock.advance(seconds=1)
        due = loop.next_due(clock.now, changed=True)
        assert due is not None
        assert due <= first + timedelta(seconds=10)  # … but never past the cap
    assert due == first + timedelta(seconds=10)
    clock.set(due)
    status = loop.run_round()
    assert (status.state, status.pending) == (SyncState.SYNCED, 0)
    assert loop.next_due() == at(clock, 60)  # the change was covered by that round


def test_transient_failures_retry_on_their_own_with_growing_jittered_delays(
    loop: SyncLoop, server: ScriptedServer, clock: FakeClock, service: ContactService
) -> None:
    service.quick_add("张伟", "13812345678")
    server.faults = [httpx.ConnectError, httpx.ReadTimeout, 503, 500, "garbled", 503]
    states, delays = [], []
    while True:
        due = loop.next_due()
        assert due is not None
        delays.append((due - clock.now).total_seconds())
        clock.set(due)
        status = loop.run_round()
        states.append(status.state)
        if status.state is SyncState.SYNCED:
            break
        assert status.pending == 1  # nothing is dropped while it fails
        assert status.next_attempt_at == loop.next_due()
        assert status.reason
    assert states == [
        SyncState.OFFLINE,
        SyncState.OFFLINE,
        SyncState.ERROR,
        SyncState.ERROR,
        SyncState.ERROR,
        SyncState.ERROR,
        SyncState.SYNCED,
    ]
    assert status.pending == 0
    waits = delays[1:]  # the first round started at once
    for failures, wait in enumerate(waits, start=1):
        bound = 2.0 * 2 ** (failures - 1)
        assert bound / 2 <= wait <= bound  # doubling, jittered within the bound
    assert len(set(waits)) == len(waits)


def test_a_local_change_does_not_hurry_a_retry_but_the_network_coming_back_does(
    loop: SyncLoop, server: ScriptedServer, clock: FakeClock
) -> None:
    server.faults = [httpx.ConnectError, httpx.ConnectError]
    loop.run_round()
    clock.advance(seconds=1)
    loop.run_round()
    retry_at = loop.next_due()
    assert retry_at is not None and retry_at > at(clock, 2)
    assert loop.next_due(changed=True) == retry_at
    loop.network_changed()
    assert loop.next_due() == clock.now
    assert loop.run_round().state is SyncState.SYNCED


def test_success_resets_the_backoff(
    loop: SyncLoop, server: ScriptedServer, clock: FakeClock
) -> None:
    server.faults = [503, 503, 503, 503]
    for _ in range(4):
        loop.run_round()
    clock.advance(seconds=100)
    loop.network_changed()
    server.faults = []
    assert loop.run_round().state is SyncState.SYNCED
    server.faults = [503]
    status = loop.run_round()
    assert status.next_attempt_at is not None
    assert status.next_attempt_at - clock.now <= timedelta(seconds=2)


def test_a_refused_token_stops_rounds_keeps_the_queue_until_the_consultant_signs_in(
    loop: SyncLoop, server: ScriptedServer, clock: FakeClock, service: ContactService
) -> None:
    service.quick_add("张伟", "13812345678")
    server.faults = [401]
    status = loop.run_round()
    assert (status.state, status.pending, status.next_attempt_at) == (SyncState.SIGN_IN, 1, None)
    assert status.waiting_for_user
    loop.network_changed()
    clock.advance(hours=5)
    service.quick_add("王芳", "13900001111")
    assert loop.next_due(changed=True) is None
    assert loop.status().pending == 2
    loop.signed_in("token-2")
    assert loop.next_due() == clock.now
    status = loop.run_round()
    assert (status.state, status.pending) == (SyncState.SYNCED, 0)
    assert server.tokens[-1] == "token-2"


def test_an_outdated_app_stops_rounds_and_says_which_version_is_needed(
    loop: SyncLoop, server: ScriptedServer, service: ContactService
) -> None:
    service.quick_add("张伟", "13812345678")
    server.faults = [426]
    status = loop.run_round()
    assert status.state is SyncState.UPDATE_REQUIRED
    assert "9.0.0" in status.reason
    assert (status.pending, loop.next_due()) == (1, None)
    loop.retry_now()
    assert loop.run_round().state is SyncState.SYNCED


def test_refused_mutations_are_counted_in_the_status(
    loop: SyncLoop, server: ScriptedServer, service: ContactService
) -> None:
    service.quick_add("张伟", "13812345678")
    server.reject = True
    status = loop.run_round()
    assert (status.state, status.pending, status.rejected) == (SyncState.SYNCED, 0, 1)


def test_an_unexpected_failure_is_logged_and_retried_like_a_server_fault(
    loop: SyncLoop,
    server: ScriptedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise KeyError("bug")

    server.on_request.append(broken)
    with caplog.at_level(logging.ERROR, logger="consultant_app.sync.loop"):
        status = loop.run_round()
    assert status.state is SyncState.ERROR
    assert status.next_attempt_at is not None
    assert "unexpectedly" in caplog.text
    server.on_request.clear()
    loop.network_changed()
    assert loop.run_round().state is SyncState.SYNCED


def test_a_second_round_cannot_start_while_one_runs(loop: SyncLoop, server: ScriptedServer) -> None:
    refused: list[Exception] = []

    def reenter() -> None:
        with pytest.raises(RoundInProgressError) as raised:
            loop.run_round()
        refused.append(raised.value)

    server.on_request.append(reenter)
    assert loop.run_round().state is SyncState.SYNCED
    assert refused


def test_the_policy_intervals_are_configurable(workspace: Workspace, clock: FakeClock) -> None:
    http = httpx.Client(
        base_url="http://server.test", transport=httpx.MockTransport(ScriptedServer())
    )
    client = SyncClient(workspace, http, "token-1", "device-1")
    loop = SyncLoop(client, policy=SyncPolicy(debounce_s=5, idle_s=600), clock=clock)
    loop.run_round()
    assert loop.next_due() == at(clock, 600)
    assert loop.next_due(changed=True) == at(clock, 5)
    http.close()
