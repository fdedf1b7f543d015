"""The soak test's machinery: a live server, a faulty network, simulated crashes, and views.

`tests/consultant_server/test_soak.py` drives desks through random work with these. Nothing
here touches the product code: crashes are injected by wrapping the functions the sync
engine calls (as `fault_client.py` does for a real SIGKILL), and faults sit in an httpx
transport between each desk and the real server served by uvicorn on loopback.
"""

from __future__ import annotations

import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.sync import apply, outbox
from consultant_app.sync import engine as sync_engine
from consultant_app.sync.apply import PageResult
from consultant_app.sync.wire import Change
from consultant_server.models import (
    Activity,
    AppliedMutation,
    Contact,
    ContactTag,
    FieldConflict,
    Reminder,
    Role,
    StageChange,
    Tag,
    User,
)

ROOT = Path(__file__).resolve().parents[2]

Row = tuple[Any, ...]
#: A user's synced data, table by table, as sets of rows (see `local_view`, `server_view`).
View = dict[str, set[Row]]


# --- the server on loopback -----------------------------------------------------------------


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port, in a thread; yields its base URL.

    The socket names its protocol: asyncio sets TCP_NODELAY only on sockets whose `proto` is
    IPPROTO_TCP, and without it every answer waits about 40 ms for a delayed ACK.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def seeded_uuid4(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Make `uuid.uuid4` (every new id, client's and server's) follow `seed`.

    Ids decide orders (the local tables are read in id order when picking what to change),
    so a run replays exactly only when its ids do.
    """
    rng = random.Random(seed)

    def uuid4() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    monkeypatch.setattr(uuid, "uuid4", uuid4)


# --- simulated crashes ------------------------------------------------------------------


class Killed(BaseException):
    """The client process dies here; nothing after this point runs.

    A BaseException, so that no `except Exception` in the client mistakes it for a fault it
    handles; an open local transaction is rolled back, as SQLite does for a killed process.
    """


class Point:
    """Where in a round a simulated crash strikes."""

    #: A request is about to leave (it never reaches the server).
    SEND = "send"
    #: The server answered (and committed), the client has not read the answer yet.
    ANSWERED = "answered"
    #: Inside a pulled page's local transaction, its rows and rebase written, before COMMIT.
    PAGE = "page"
    #: Just after a page and its cursor committed, before the next page is asked for.
    PAGE_DONE = "page_done"
    #: A push was answered; its outcomes are not recorded yet.
    RECORD = "record"
    #: Just after a push's outcomes were recorded.
    RECORDED = "recorded"

    ALL = (SEND, ANSWERED, PAGE, PAGE_DONE, RECORD, RECORDED)


class Crashes:
    """Crashes armed per workspace (its database file): the nth time a point is reached."""

    def __init__(self) -> None:
        self.armed: dict[str, tuple[str, int]] = {}
        self.fired: Counter[str] = Counter()

    def arm(self, db_path: Path, point: str, nth: int) -> None:
        self.armed[str(db_path)] = (point, nth)

    def disarm(self, db_path: Path) -> None:
        self.armed.pop(str(db_path), None)

    def reached(self, db_path: str | Path, point: str) -> None:
        key = str(db_path)
        plan = self.armed.get(key)
        if plan is None or plan[0] != point:
            return
        if plan[1] > 1:
            self.armed[key] = (point, plan[1] - 1)
            return
        del self.armed[key]
        self.fired[point] += 1
        raise Killed(point)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap the functions the engine calls so that armed crashes strike inside them."""
        rebase = apply._rebase
        apply_page = apply.apply_page  # the function the engine imported by name
        record = outbox.record

        def hooked_rebase(session: Session, only: set[str] | None = None) -> None:
            rebase(session, only)
            session.flush()  # the page's rows are written; the COMMIT never comes
            bind = session.get_bind()
            self.reached(str(bind.engine.url.database), Point.PAGE)

        def hooked_apply_page(workspace: Any, changes: list[Change], cursor: str) -> PageResult:
            result = apply_page(workspace, changes, cursor)
            self.reached(workspace.db_path, Point.PAGE_DONE)
            return result

        def hooked_record(workspace: Any, outcomes: Iterable[outbox.Outcome]) -> PageResult:
            # Dying in the recording transaction or just before it leaves the same disk.
            self.reached(workspace.db_path, Point.RECORD)
            result = record(workspace, outcomes)
            self.reached(workspace.db_path, Point.RECORDED)
            return result

        monkeypatch.setattr(apply, "_rebase", hooked_rebase)
        monkeypatch.setattr(sync_engine, "apply_page", hooked_apply_page)
        monkeypatch.setattr(outbox, "record", hooked_record)


def run_killed_client(
    data_dir: Path, url: str, token: str, device: str, kill_at: str
) -> subprocess.CompletedProcess[str]:
    """A real client process (`fault_client.py`) syncing `data_dir`, SIGKILLed at `kill_at`.

    It exits normally instead when the round ends before reaching that point.
    """
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.consultant_server.fault_client",
            *(str(data_dir), url, token, device, kill_at),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in {0, -9}, done.stderr
    return done


def integrity(db_path: Path) -> str:
    with closing(sqlite3.connect(db_path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


# --- the network ------------------------------------------------------------------------


class Mode:
    """What a desk's network does to its requests."""

    UP = "up"  # everything goes through (a request may still be slow)
    FLAKY = "flaky"  # each request may be refused, answered 503, lost, or slow
    DOWN = "down"  # every connection is refused

    ALL = (UP, FLAKY, DOWN)


#: A flaky network's choice per request, with weights.
FLAKY_ACTIONS = (("pass", 45), ("refuse", 15), ("503", 10), ("lose", 15), ("slow", 15))
#: Even a healthy network is sometimes slow.
SLOW_WHEN_UP = 0.05


class Network(httpx.BaseTransport):
    """Between one desk and the live server.

    Per request: forward it ("pass"); refuse the connection ("refuse", as a dead network);
    answer 503 without reaching the server ("503", a proxy in trouble); forward it and lose
    the answer after the server committed ("lose", a read timeout); or hold it while the
    rest of the world moves on ("slow": `interleave` runs other desks' work, before the
    request reaches the server or after it answered, so changes overtake it).
    Armed crashes strike as the request leaves or as its answer arrives.
    """

    def __init__(
        self,
        db_path: Path,
        rng: random.Random,
        crashes: Crashes,
        interleave: Callable[[], None],
    ) -> None:
        self.db_path = db_path
        self.rng = rng
        self.crashes = crashes
        self.interleave = interleave
        self.mode = Mode.UP
        self.upstream = httpx.HTTPTransport(verify=False)  # plain HTTP on loopback
        self.actions: Counter[str] = Counter()
        #: Answers of 500 and above from the real server (a server fault, never expected).
        self.server_errors: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.crashes.reached(self.db_path, Point.SEND)
        action = self._action()
        self.actions[action] += 1
        if action == "refuse":
            raise httpx.ConnectError("connection refused (network down)", request=request)
        if action == "503":
            return httpx.Response(503, json={"error": "unavailable", "message": "proxy says no"})
        late = action == "slow" and self.rng.random() < 0.5
        if action == "slow" and not late:
            self.interleave()
        response = self.upstream.handle_request(request)
        response.read()
        if response.status_code >= 500:
            self.server_errors.append(f"{request.method} {request.url.path}: {response.text}")
        if late:
            self.interleave()
        self.crashes.reached(self.db_path, Point.ANSWERED)
        if action == "lose":
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response

    def _action(self) -> str:
        if self.mode == Mode.DOWN:
            return "refuse"
        if self.mode == Mode.UP:
            return "slow" if self.rng.random() < SLOW_WHEN_UP else "pass"
        names = [name for name, _ in FLAKY_ACTIONS]
        weights = [weight for _, weight in FLAKY_ACTIONS]
        return self.rng.choices(names, weights)[0]

    def close(self) -> None:
        self.upstream.close()


# --- views: what a user's synced data is, locally and on the server ------------------------

#: Each local table as compared: every column that sync writes, none that a client stamps
#: itself when applying (created_at and updated_at of history rows, contact_model's ids).
#: A contact's updated_at is left out too: the client bumps it for a tag put on or taken off,
#: which the server does not count as a change of the contact (no screen shows it).
LOCAL_QUERIES = {
    "contact": "SELECT id, owner_id, name, name_pinyin, name_initials, mobile, wecom_id, gender,"
    " budget_min_yuan, budget_max_yuan, source_channel, birthday, remark, stage,"
    " stage_entered_at, last_touch_at, snoozed_until, deleted_at, created_at FROM contact",
    "contact_model": "SELECT contact_id, model_name, position FROM contact_model",
    "contact_tag": "SELECT ct.contact_id, t.id, t.name, t.colour FROM contact_tag ct"
    " JOIN tag t ON t.id = ct.tag_id",
    "stage_change": "SELECT id, contact_id, from_stage, to_stage, changed_at, changed_by,"
    " lost_reason, competitor, details_json, batch_id, is_undo FROM stage_change",
    "activity": "SELECT id, contact_id, kind, body, occurred_at, created_by FROM activity",
    "reminder": "SELECT id, contact_id, due_at, note, done, done_at FROM reminder",
    "field_conflict": "SELECT id, contact_id, field, lost_value, kept_value, at, lost_by"
    " FROM field_conflict",
}


def local_view(db_path: Path) -> View:
    """A workspace's synced tables, read from its file (a fresh connection sees the disk)."""
    with closing(sqlite3.connect(db_path)) as conn:
        return {table: set(conn.execute(sql).fetchall()) for table, sql in LOCAL_QUERIES.items()}


def local_tag_links(db_path: Path) -> set[tuple[str, str]]:
    """(contact id, add id) of each local tag link (one per contact and tag)."""
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute("SELECT contact_id, id FROM contact_tag").fetchall()
    return {(str(r[0]), str(r[1])) for r in rows}


def server_view(session: Session, user: User) -> View:
    """What the server holds that `user` may see, in the shape `summary` gives a local view.

    A consultant sees the contacts they own, a manager every contact of their showroom;
    with each, its whole history.
    """
    visible = select(Contact.id)
    if user.role == Role.MANAGER:
        visible = visible.where(Contact.showroom_id == user.showroom_id)
    else:
        visible = visible.where(Contact.owner_id == user.id)
    contacts = session.scalars(select(Contact).where(Contact.id.in_(visible))).all()
    ids = {c.id for c in contacts}

    def history(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.contact_id.in_(ids))))

    links = session.execute(
        select(ContactTag.contact_id, Tag.id, Tag.name, Tag.colour)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .where(ContactTag.contact_id.in_(ids), ContactTag.removed_at.is_(None))
    ).all()
    return {
        "contact": {
            (str(c.id), str(c.owner_id), c.stage, c.name, c.mobile, c.remark, tuple(c.models))
            for c in contacts
        },
        "contact_tag": {(str(r[0]), str(r[1]), r[2], r[3]) for r in links},
        "stage_change": {(str(s.id), s.to_stage) for s in history(StageChange)},
        "activity": {(str(a.id), a.body) for a in history(Activity)},
        "reminder": {(str(r.id), bool(r.done)) for r in history(Reminder)},
        "field_conflict": {(str(f.id), f.field) for f in history(FieldConflict)},
    }


def summary(view: View) -> View:
    """A local view cut down to what `server_view` shows (the server stores times and
    details in its own types, so those are compared between desks, not with the server)."""
    models: dict[str, list[tuple[int, str]]] = {}
    for contact_id, name, position in view["contact_model"]:
        models.setdefault(contact_id, []).append((position, name))
    return {
        "contact": {
            (
                r[0],
                r[1],
                r[13],
                r[2],
                r[5],
                r[12],
                tuple(n for _, n in sorted(models.get(r[0], []))),
            )
            for r in view["contact"]
        },
        "contact_tag": set(view["contact_tag"]),
        "stage_change": {(r[0], r[3]) for r in view["stage_change"]},
        "activity": {(r[0], r[3]) for r in view["activity"]},
        "reminder": {(r[0], bool(r[4])) for r in view["reminder"]},
        "field_conflict": {(r[0], r[2]) for r in view["field_conflict"]},
    }


def live_tag_adds(session: Session) -> set[tuple[str, str]]:
    """(contact id, add id) of every tag add the server has not seen removed."""
    rows = session.execute(
        select(ContactTag.contact_id, ContactTag.id).where(ContactTag.removed_at.is_(None))
    ).all()
    return {(str(r[0]), str(r[1])) for r in rows}


def ledger(session: Session) -> dict[str, AppliedMutation]:
    """The server's answer to every mutation it received, by mutation id."""
    return {str(m.mutation_id): m for m in session.scalars(select(AppliedMutation))}


def differences(name: str, mine: View, expected: View, limit: int = 6) -> list[str]:
    """Readable lines for each table where `mine` differs from `expected` (empty if equal)."""
    lines: list[str] = []
    for table in expected:
        extra = sorted(mine[table] - expected[table], key=repr)
        missing = sorted(expected[table] - mine[table], key=repr)
        if extra or missing:
            lines.append(f"{name}.{table}: {len(extra)} extra, {len(missing)} missing")
            lines += [f"    + {row}" for row in extra[:limit]]
            lines += [f"    - {row}" for row in missing[:limit]]
    return lines
