"""Sync figures: a first sync of 10,000 contacts against a plain JSON download, an empty round
trip, and the server's pull throughput with 20 clients at once.

The server is the real app over loopback HTTP: uvicorn in a thread of this process for the
client's figures (as `consultant-app --demo` runs it), `consultant-server serve` in its own
process for throughput (so the 20 client threads do not share its interpreter lock). Its
data is written straight into the database (rows and their change-log entries, one
transaction per contact as pushes would have made them), once, and reused; see
docs/benchmarks.md, group `sync`.

PostgreSQL throughput runs when BENCH_DATABASE_URL (or else TEST_DATABASE_URL) names a
PostgreSQL database; the benchmark works in a schema of its own there and drops it after.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import NullPool, insert, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from benchmarks.common import ROOT, emit, median, percentile

if TYPE_CHECKING:
    from consultant_app.store.database import Workspace

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "10000"))
ACTIVITIES_PER_CONTACT = 5
#: Initial syncs and baselines, alternating (medians are reported).
REPEATS = int(os.environ.get("BENCH_SYNC_REPEATS", "2"))
EMPTY_ROUNDS = 50
PULL_CLIENTS = 20
PULL_SECONDS = float(os.environ.get("BENCH_PULL_SECONDS", "10"))
PASSWORD = "bench-sync-2026"
USERNAME = "liming"
SHOWROOM = "杭州西湖大众4S店"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞")
MODELS = ("迈腾", "帕萨特", "途观L", "ID.4", "朗逸", "高尔夫", "探岳", "凌渡")
CHANNELS = ("", "抖音", "汽车之家", "懂车帝", "朋友介绍", "到店自然客流")
NOTES = (
    "电话沟通了配置和落地价，客户想再对比一下",
    "到店看车，对内饰比较满意，约了周末试驾",
    "微信发了报价单和金融方案",
    "客户说家里人还在商量，下周再联系",
    "试驾后对动力满意，关心保养费用",
)
STAGES = ("lead", "first_contact", "visit", "test_drive", "order", "lost", "dormant")
KINDS = ("call", "visit", "message", "test_drive", "note")


# --- the server's data ----------------------------------------------------------------------


def bench_dir() -> Path:
    return Path(os.environ.get("BENCH_DIR", ROOT / "bench-out")) / f"sync-{CONTACTS}"


def fill(engine: Engine, contacts: int) -> None:
    """Migrate, add the consultant, and write `contacts` customers with their history (one
    creating stage change and `ACTIVITIES_PER_CONTACT` activities each) as server rows plus
    change-log entries; skipped when the consultant exists already."""
    from consultant_server.core.config import Settings
    from consultant_server.core.db import make_sessionmaker, migrate
    from consultant_server.core.security import Passwords
    from consultant_server.models import User
    from consultant_server.services import accounts

    migrate(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        if session.scalar(select(User.id).where(User.username == USERNAME)) is not None:
            return
        started = time.perf_counter()
        settings = Settings(database_url=engine.url.render_as_string(hide_password=False))
        user = accounts.create_user(
            session,
            username=USERNAME,
            display_name="李明",
            role="consultant",
            showroom_name=SHOWROOM,
            password=PASSWORD,
            passwords=Passwords.from_settings(settings),
        )
        _write_customers(session, user, contacts)
        if engine.url.get_backend_name() == "postgresql":
            # A server that has been running has its statistics (autovacuum keeps them);
            # just after a bulk load PostgreSQL would guess, and plan pulls for 3 rows.
            session.execute(text("ANALYZE change_log"))
            session.commit()
        print(
            f"# wrote {contacts} contacts to {engine.url.get_backend_name()} in"
            f" {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )


def _write_customers(session: Session, user: Any, count: int) -> None:
    """The customers as rows and log entries, each contact's in a transaction of its own (as
    its pushes would have been), written in one database transaction for speed."""
    from consultant_server.models import Activity, ChangeLog, Contact, LogCounter, StageChange
    from consultant_server.services import rows

    rng = random.Random(2026)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    contacts: list[Contact] = []
    changes: list[StageChange] = []
    activities: list[Activity] = []
    log: list[tuple[str, uuid.UUID, dict[str, Any]]] = []
    bounds: list[int] = []  # where each contact's transaction starts in `log`
    for n in range(count):
        made = start + timedelta(minutes=n * 7)
        stage = rng.choice(STAGES)
        contact = Contact(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            owner_id=user.id,
            showroom_id=user.showroom_id,
            created_by_device_id=None,
            name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
            mobile=f"+86138{n:08d}",
            wecom_id="",
            gender=rng.choice(("unknown", "male", "female")),
            models=rng.sample(MODELS, rng.randint(0, 2)),
            budget_min_yuan=None,
            budget_max_yuan=rng.choice((None, 200_000, 300_000)),
            source_channel=rng.choice(CHANNELS),
            birthday=None,
            remark=rng.choice(("", "想要白色", "预算有限", "家里两辆车")),
            stage=stage,
            stage_entered_at=made,
            last_touch_at=made + timedelta(days=3),
            snoozed_until=None,
            deleted_at=None,
            field_writers={},
            created_at=made,
            updated_at=made,
        )
        change = StageChange(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            contact_id=contact.id,
            from_stage=None,
            to_stage=stage,
            changed_at=made,
            changed_by=user.id,
            lost_reason=None,
            competitor="",
            details=None,
            batch_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            is_undo=False,
        )
        bounds.append(len(log))
        contacts.append(contact)
        changes.append(change)
        log.append(("contact", contact.id, rows.contact_data(contact)))
        log.append(("stage_change", change.id, rows.stage_change_data(change)))
        for k in range(ACTIVITIES_PER_CONTACT):
            when = made + timedelta(hours=k * 5)
            activity = Activity(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                contact_id=contact.id,
                kind=rng.choice(KINDS),
                body=rng.choice(NOTES),
                occurred_at=when,
                created_by=user.id,
                created_at=when,
            )
            activities.append(activity)
            log.append(("activity", activity.id, rows.activity_data(activity)))

    def columns(obj: Any) -> dict[str, Any]:
        return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}

    for model, objects in ((Contact, contacts), (StageChange, changes), (Activity, activities)):
        for chunk in _chunks(objects, 5000):
            session.execute(insert(model), [columns(o) for o in chunk])
    first = session.scalars(select(LogCounter.value).where(LogCounter.id == 1)).one() + 1
    now = datetime.now(UTC)
    starts = set(bounds)
    entries = []
    txn = first
    for n, (entity, ident, payload) in enumerate(log):
        if n in starts:
            txn = first + n
        entries.append(
            {
                "seq": first + n,
                "txn_seq": txn,
                "entity": entity,
                "entity_id": ident,
                "op": "upsert",
                "scope_owner_id": user.id,
                "scope_showroom_id": user.showroom_id,
                "payload": payload,
                "committed_at": now,
            }
        )
    for chunk in _chunks(entries, 5000):
        session.execute(insert(ChangeLog), chunk)
    session.execute(update(LogCounter).where(LogCounter.id == 1).values(value=first + len(log) - 1))
    session.commit()


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


# --- a desk that syncs ----------------------------------------------------------------------


@dataclass
class FreshDesk:
    """An empty workspace signed in as the benchmark's consultant."""

    workspace: Workspace
    token: str
    device: str


def fresh_desk(folder: Path, url: str) -> FreshDesk:
    from consultant_app.store.database import LocalProfile, open_workspace
    from consultant_app.sync.identity import ServerUser, adopt_identity

    shutil.rmtree(folder, ignore_errors=True)
    workspace = open_workspace(folder, LocalProfile(USERNAME, "李明"))
    device = str(uuid.uuid4())
    answer = httpx.post(
        f"{url}/auth/login",
        json={
            "username": USERNAME,
            "password": PASSWORD,
            "device_id": device,
            "client_version": "0.1.0",
        },
        timeout=60,
    )
    answer.raise_for_status()
    body = answer.json()
    user = body["user"]
    adopt_identity(workspace, ServerUser(user["id"], user["username"], user["display_name"]))
    return FreshDesk(workspace, body["token"], device)


# --- servers -------------------------------------------------------------------------------


@contextmanager
def app_in_thread(database_url: str, *, nodelay: bool = True) -> Iterator[str]:
    """The real app served by uvicorn in a thread of this process, on a free loopback port.

    `nodelay=False` serves it the way `consultant_server.demo.EmbeddedServer` does, on a socket
    made without naming its protocol: asyncio then leaves Nagle's algorithm on, and each
    answer waits for the client's delayed ACK (about 40 ms on Linux).
    """
    import uvicorn

    from consultant_server.core.config import Settings
    from consultant_server.main import create_app

    if nodelay:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    app = create_app(Settings(database_url=database_url))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


# --- the baseline: one JSON document, bulk-inserted -----------------------------------------


@contextmanager
def document_server(document: bytes) -> Iterator[str]:
    """A plain HTTP server (the standard library's) answering every GET with `document`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rows.json"
    finally:
        server.shutdown()
        server.server_close()


def build_document(engine: Engine, user_id: uuid.UUID) -> bytes:
    """Every row the consultant's first sync brings, once each, by table, as one JSON document."""
    from consultant_server.models import ChangeLog

    tables: dict[str, list[Any]] = {"contact": [], "stage_change": [], "activity": []}
    with Session(engine) as session:
        for entity, payload in session.execute(
            select(ChangeLog.entity, ChangeLog.payload)
            .where(ChangeLog.scope_owner_id == user_id, ChangeLog.entity.in_(tables))
            .order_by(ChangeLog.seq)
        ):
            tables[entity].append(payload)
    return json.dumps(tables, ensure_ascii=False).encode()


def _db_time(value: str | None) -> str | None:
    from consultant_app.clock import to_db

    return None if value is None else to_db(datetime.fromisoformat(value))


def download_and_insert(url: str, db_path: Path) -> tuple[float, float]:
    """GET the document and write its rows into the client's tables with plain sqlite3, as the
    same column values a pull gives them (pinyin keys, stored time format, model rows).

    Returns the seconds spent downloading and parsing, and inserting.
    """
    from consultant_app.clock import new_id
    from consultant_app.domain.pinyin import pinyin_keys

    started = time.perf_counter()
    with httpx.Client(timeout=120) as http:
        tables = http.get(url).raise_for_status().json()
    fetched = time.perf_counter()
    now = _db_time(datetime.now(UTC).isoformat())
    contacts, models = [], []
    for c in tables["contact"]:
        full, initials = pinyin_keys(c["name"])
        contacts.append(
            (
                c["id"],
                c["owner_id"],
                c["name"],
                full,
                initials,
                c["mobile"],
                c["wecom_id"] or "",
                c["gender"] or "unknown",
                c["budget_min_yuan"],
                c["budget_max_yuan"],
                c["source_channel"] or "",
                c["birthday"],
                c["remark"] or "",
                c["stage"],
                _db_time(c["stage_entered_at"]),
                _db_time(c["last_touch_at"]),
                c["snoozed_until"],
                _db_time(c["deleted_at"]),
                _db_time(c["created_at"]),
                _db_time(c["updated_at"]),
            )
        )
        models += [(new_id(), c["id"], m, i, now, now) for i, m in enumerate(c["models"])]
    changes = []
    for s in tables["stage_change"]:
        at = _db_time(s["changed_at"])
        details = json.dumps(s["details"], ensure_ascii=False) if s["details"] else None
        changes.append(
            (
                s["id"],
                s["contact_id"],
                s["from_stage"],
                s["to_stage"],
                at,
                s["changed_by"],
                s["lost_reason"],
                s["competitor"] or "",
                details,
                s["batch_id"],
                int(s["is_undo"]),
                at,
                at,
            )
        )
    activities = []
    for a in tables["activity"]:
        at = _db_time(a["occurred_at"])
        activities.append(
            (a["id"], a["contact_id"], a["kind"], a["body"] or "", at, a["created_by"], at, at)
        )
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO contact (id, owner_id, name, name_pinyin, name_initials, mobile,"
            " wecom_id, gender, budget_min_yuan, budget_max_yuan, source_channel, birthday,"
            " remark, stage, stage_entered_at, last_touch_at, snoozed_until, deleted_at,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?)",
            contacts,
        )
        conn.executemany(
            "INSERT INTO contact_model (id, contact_id, model_name, position, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            models,
        )
        conn.executemany(
            "INSERT INTO stage_change (id, contact_id, from_stage, to_stage, changed_at,"
            " changed_by, lost_reason, competitor, details_json, batch_id, is_undo, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            changes,
        )
        conn.executemany(
            "INSERT INTO activity (id, contact_id, kind, body, occurred_at, created_by,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            activities,
        )
        conn.execute("COMMIT")
    return fetched - started, time.perf_counter() - fetched


#: The synced rows as both ways leave them (columns a client stamps itself left out).
SAME_ROWS = (
    "SELECT id, owner_id, name, name_pinyin, mobile, models, stage, stage_entered_at, created_at"
    " FROM contact LEFT JOIN (SELECT contact_id, group_concat(model_name) AS models FROM"
    " (SELECT * FROM contact_model ORDER BY position) GROUP BY contact_id) ON contact_id = id",
    "SELECT id, contact_id, to_stage, changed_at, changed_by FROM stage_change",
    "SELECT id, contact_id, kind, body, occurred_at, created_by FROM activity",
)


def synced_rows(db_path: Path) -> list[set[tuple[Any, ...]]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return [set(conn.execute(sql).fetchall()) for sql in SAME_ROWS]


# --- the figures ---------------------------------------------------------------------------


def initial_ratio(url: str, engine: Engine, folder: Path) -> FreshDesk:
    """The first sync into an empty workspace, over one GET of the same rows plus executemany.

    Returns the last synced desk (for the empty round trips).
    """
    from consultant_app.sync.engine import SyncClient
    from consultant_server.models import User

    with Session(engine) as session:
        user_id = session.scalars(select(User.id).where(User.username == USERNAME)).one()
    document = build_document(engine, user_id)
    synced: list[float] = []
    plain: list[float] = []
    fetch: list[float] = []
    pulled = 0
    desk: FreshDesk | None = None
    with document_server(document) as document_url:
        for n in range(REPEATS):
            if desk is not None:
                desk.workspace.close()
            desk = fresh_desk(folder / "synced", url)
            with httpx.Client(base_url=url, timeout=120) as http:
                client = SyncClient(desk.workspace, http, desk.token, desk.device)
                started = time.perf_counter()
                report = client.sync_once()
                synced.append(time.perf_counter() - started)
            pulled = report.pulled
            baseline = fresh_desk(folder / f"plain-{n}", url)
            baseline.workspace.close()
            got, wrote = download_and_insert(document_url, baseline.workspace.db_path)
            plain.append(got + wrote)
            fetch.append(got)
    assert desk is not None
    same = synced_rows(desk.workspace.db_path) == synced_rows(baseline.workspace.db_path)
    assert same, "the baseline did not write the rows the sync wrote"
    emit(
        "sync.initial_ratio",
        median(synced) / median(plain),
        "ratio",
        sync_s=round(median(synced), 2),
        json_s=round(median(plain), 2),
        json_fetch_parse_s=round(median(fetch), 2),
        changes_pulled=pulled,
        document_mb=round(len(document) / 1e6, 1),
        contacts=CONTACTS,
        activities=CONTACTS * ACTIVITIES_PER_CONTACT,
        runs=REPEATS,
        server="uvicorn thread, SQLite, loopback",
    )
    return desk


def empty_rounds(url: str, desk: FreshDesk, rounds: int) -> list[float]:
    """Milliseconds of each of `rounds` whole rounds (push nothing, pull nothing new)."""
    from consultant_app.sync.engine import SyncClient

    samples = []
    with httpx.Client(base_url=url, timeout=30) as http:
        client = SyncClient(desk.workspace, http, desk.token, desk.device)
        client.sync_once()
        for _ in range(rounds):
            started = time.perf_counter()
            report = client.sync_once()
            samples.append((time.perf_counter() - started) * 1000)
            assert report.pulled == 0 and report.pushed == 0
    return samples


def empty_roundtrip(url: str, database_url: str, desk: FreshDesk) -> None:
    """An up-to-date desk's round; also through a server socket without TCP_NODELAY, as the
    demo server (`EmbeddedServer`) makes it."""
    samples = empty_rounds(url, desk, EMPTY_ROUNDS)
    with app_in_thread(database_url, nodelay=False) as nagle_url:
        nagle = empty_rounds(nagle_url, desk, EMPTY_ROUNDS // 5)
    emit(
        "sync.empty_roundtrip_ms",
        median(samples),
        "ms",
        p95_ms=round(percentile(samples, 95), 2),
        rounds=EMPTY_ROUNDS,
        contacts=CONTACTS,
        without_nodelay_ms=round(median(nagle), 1),
    )


@contextmanager
def server_process(database_url: str) -> Iterator[str]:
    """`consultant-server serve` on a free loopback port, in its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "consultant_server", "serve"),
            *("--database-url", database_url, "--port", str(port)),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("consultant-server serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def pull_rps(name: str, database_url: str) -> None:
    """20 clients pulling the consultant's whole log over and over, all at once, for a while."""
    with server_process(database_url) as url:
        tokens = []
        for _ in range(PULL_CLIENTS):
            answer = httpx.post(
                f"{url}/auth/login",
                json={
                    "username": USERNAME,
                    "password": PASSWORD,
                    "device_id": str(uuid.uuid4()),
                    "client_version": "0.1.0",
                },
                timeout=60,
            )
            tokens.append(answer.raise_for_status().json()["token"])
        pages = [0] * PULL_CLIENTS
        changes = [0] * PULL_CLIENTS
        refused = [0] * PULL_CLIENTS
        page_ms: list[list[float]] = [[] for _ in range(PULL_CLIENTS)]
        go = threading.Barrier(PULL_CLIENTS + 1)
        stop = threading.Event()

        def client(n: int) -> None:
            headers = {"Authorization": f"Bearer {tokens[n]}"}
            with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
                go.wait()
                cursor = ""
                while not stop.is_set():
                    started = time.perf_counter()
                    answer = http.get("/sync/pull", params={"cursor": cursor, "limit": 500})
                    if stop.is_set():
                        break  # finished after the window: not counted
                    if answer.status_code == 503:
                        refused[n] += 1  # the database was busy: the client retries
                        continue
                    page = answer.raise_for_status().json()
                    page_ms[n].append((time.perf_counter() - started) * 1000)
                    pages[n] += 1
                    changes[n] += len(page["changes"])
                    cursor = page["cursor"] if page["more"] else ""

        threads = [threading.Thread(target=client, args=(n,)) for n in range(PULL_CLIENTS)]
        for thread in threads:
            thread.start()
        go.wait()
        started = time.perf_counter()
        time.sleep(PULL_SECONDS)
        stop.set()
        elapsed = time.perf_counter() - started
        for thread in threads:
            thread.join()
    latencies = [ms for samples in page_ms for ms in samples]
    emit(
        f"sync.pull_rps_{name}",
        sum(pages) / elapsed,
        "pages/s",
        changes_per_s=round(sum(changes) / elapsed),
        busy_503=sum(refused),
        page_p50_ms=round(median(latencies), 1) if latencies else None,
        page_p95_ms=round(percentile(latencies, 95), 1) if latencies else None,
        clients=PULL_CLIENTS,
        seconds=round(elapsed, 1),
        limit=500,
    )


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A schema of the benchmark's own in the PostgreSQL database `url` names, dropped after;
    yields a URL whose connections use it."""
    from consultant_server.core.db import make_engine

    schema = f"bench_sync_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url, poolclass=NullPool).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run() -> None:
    from consultant_app.domain.pinyin import pinyin_keys
    from consultant_server.core.db import make_engine

    pinyin_keys("王")  # its dictionaries load once per process (app start-up, not sync)
    folder = bench_dir()
    database_url = f"sqlite:///{folder / 'server' / 'server.sqlite3'}"
    engine = make_engine(database_url)
    try:
        fill(engine, CONTACTS)
        with app_in_thread(database_url) as url:
            desk = initial_ratio(url, engine, folder)
            empty_roundtrip(url, database_url, desk)
            desk.workspace.close()
    finally:
        engine.dispose()
    pull_rps("sqlite", database_url)
    postgres = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not postgres or make_url(postgres).get_backend_name() != "postgresql":
        print("# sync.pull_rps_postgres skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL")
        return
    with postgres_schema(postgres) as scoped:
        pg_engine = make_engine(scoped)
        try:
            fill(pg_engine, CONTACTS)
        finally:
            pg_engine.dispose()
        pull_rps("postgres", scoped)
