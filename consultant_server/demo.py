"""The demo server: a SQLite server with demo accounts and customers, served on loopback.

`consultant-app --demo` runs it inside the desktop app so the whole loop (sign-in, push,
pull, two desks converging) works on one machine. The customers come from the client's demo
generator (`consultant_app.demo`), written once, in one transaction, as server rows with their
change-log entries, so a fresh desk receives them by its ordinary first sync; the material
library is published by the demo manager (`consultant_server.demo_library`) the same way.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.clock import from_db
from consultant_server.core.config import Settings
from consultant_server.core.db import make_engine, make_sessionmaker, migrate
from consultant_server.core.security import Passwords
from consultant_server.demo_library import seed_library
from consultant_server.models import (
    Activity,
    Contact,
    ContactTag,
    Reminder,
    StageChange,
    Tag,
    User,
)
from consultant_server.services import accounts, keyword_rules, rows
from consultant_server.services.changelog import ChangeSet, change_transaction
from consultant_server.services.sync import tag_id

log = logging.getLogger(__name__)

#: The demo accounts' password (the demo server listens on 127.0.0.1 only).
DEMO_PASSWORD = "demo2026"
DEMO_SHOWROOM = "杭州西湖大众4S店"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    #: Customers the generator gives this account (scaled by the demo's size for the first).
    share: float
    seed: int


DEMO_ACCOUNTS = (
    DemoAccount("liming", "李明", "consultant", 1.0, 2026),
    DemoAccount("wangfang", "王芳", "consultant", 0.2, 2027),
    DemoAccount("zhaomin", "赵敏", "manager", 0.0, 0),
)
#: The account a demo desk signs in as on its own.
DEMO_USER = DEMO_ACCOUNTS[0].username


def demo_settings(folder: Path) -> Settings:
    """Server settings for the demo: its SQLite file in `folder`."""
    return Settings(database_url=f"sqlite:///{folder / 'server.db'}")


def prepare_demo_server(folder: Path, contacts: int) -> Settings:
    """Create, migrate and (the first time) fill the demo server's database in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = demo_settings(folder)
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            if session.scalar(select(User.id).limit(1)) is None:
                _fill(session, folder, contacts, Passwords.from_settings(settings))
    finally:
        engine.dispose()
    return settings


def _fill(session: Session, folder: Path, contacts: int, passwords: Passwords) -> None:
    started = time.perf_counter()
    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = users[account.username] = accounts.create_user(
            session,
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            showroom_name=DEMO_SHOWROOM,
            password=DEMO_PASSWORD,
            passwords=passwords,
        )
        count = round(contacts * account.share)
        if count:
            _seed_customers(session, user, folder / f"seed-{account.username}", count, account)
    # The showroom's library, published by its manager; desks get it by their first sync.
    manager = next(users[a.username] for a in DEMO_ACCOUNTS if a.role == "manager")
    seed_library(session, manager, users[DEMO_USER])
    # Keyword → tag rules, as a manager sets them up: desks pull them and tag notes as they
    # are saved (the customers whose notes already mention a keyword are tagged now).
    for keywords, tag in DEMO_KEYWORD_RULES:
        keyword_rules.create_rule_now(session, manager, keywords, tag)
    log.info("demo server filled in %.1f s", time.perf_counter() - started)


#: The demo showroom's keyword rules (keywords → tag).
DEMO_KEYWORD_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("贷款", "分期", "金融方案"), "贷款意向"),
    (("置换", "旧车"), "置换客户"),
)


def _seed_customers(
    session: Session, user: User, scratch: Path, count: int, account: DemoAccount
) -> None:
    """Generate `count` customers for `user` with the client's demo generator and write them
    as server rows plus change-log entries, in one transaction."""
    from consultant_app.demo import seed_demo
    from consultant_app.store.database import LocalProfile, open_workspace

    shutil.rmtree(scratch, ignore_errors=True)
    workspace = open_workspace(
        scratch, LocalProfile(account.username, account.display_name, DEMO_SHOWROOM)
    )
    try:
        seed_demo(workspace, count, seed=account.seed)
        local_id = workspace.consultant_id
        with closing(sqlite3.connect(workspace.db_path)) as conn:
            conn.row_factory = sqlite3.Row
            with change_transaction(session) as changes:
                _Copier(session, changes, user, local_id).copy(conn)
    finally:
        workspace.close()
        shutil.rmtree(scratch, ignore_errors=True)


class _Copier:
    """Turns the generator's client rows into the server's, logging each as a change."""

    def __init__(self, session: Session, changes: ChangeSet, user: User, local_id: str) -> None:
        self.session = session
        self.changes = changes
        self.user = user
        self.local_id = local_id
        self.owner = user.id
        self.showroom = user.showroom_id

    def log(self, entity: str, ident: uuid.UUID, data: dict[str, Any]) -> None:
        self.changes.add(
            entity,
            ident,
            "upsert",
            data,
            scope_owner_id=self.owner,
            scope_showroom_id=self.showroom,
        )

    def copy(self, conn: sqlite3.Connection) -> None:
        session = self.session
        tags: dict[str, Tag] = {}
        for r in conn.execute("SELECT id, name, colour, created_at FROM tag"):
            ident = tag_id(self.showroom, r["name"])
            tag = session.get(Tag, ident)
            if tag is None:
                tag = Tag(
                    id=ident,
                    showroom_id=self.showroom,
                    name=r["name"],
                    colour=r["colour"],
                    created_at=_time(r["created_at"]),
                )
                session.add(tag)
                self.changes.add(
                    "tag",
                    ident,
                    "upsert",
                    rows.tag_data(tag),
                    scope_owner_id=None,
                    scope_showroom_id=self.showroom,
                )
            tags[r["id"]] = tag
        models: dict[str, list[str]] = {}
        for r in conn.execute("SELECT contact_id, model_name FROM contact_model ORDER BY position"):
            models.setdefault(r["contact_id"], []).append(r["model_name"])
        for r in conn.execute("SELECT * FROM contact"):
            contact = Contact(
                id=uuid.UUID(r["id"]),
                owner_id=self.owner,
                showroom_id=self.showroom,
                created_by_device_id=None,
                name=r["name"],
                mobile=r["mobile"],
                wecom_id=r["wecom_id"] or "",
                gender=r["gender"],
                models=models.get(r["id"], []),
                budget_min_yuan=r["budget_min_yuan"],
                budget_max_yuan=r["budget_max_yuan"],
                source_channel=r["source_channel"] or "",
                birthday=date.fromisoformat(r["birthday"]) if r["birthday"] else None,
                remark=r["remark"] or "",
                stage=r["stage"],
                stage_entered_at=_time(r["stage_entered_at"]),
                last_touch_at=_time(r["last_touch_at"]),
                snoozed_until=date.fromisoformat(r["snoozed_until"])
                if r["snoozed_until"]
                else None,
                deleted_at=None,
                field_writers={},
                created_at=_time(r["created_at"]),
                updated_at=_time(r["updated_at"]),
            )
            session.add(contact)
            self.log("contact", contact.id, rows.contact_data(contact))
        session.flush()
        for r in conn.execute("SELECT * FROM stage_change ORDER BY changed_at"):
            change = StageChange(
                id=uuid.UUID(r["id"]),
                contact_id=uuid.UUID(r["contact_id"]),
                from_stage=r["from_stage"],
                to_stage=r["to_stage"],
                changed_at=_time(r["changed_at"]),
                changed_by=self.owner,
                lost_reason=r["lost_reason"],
                competitor=r["competitor"] or "",
                details=json.loads(r["details_json"]) if r["details_json"] else None,
                batch_id=uuid.UUID(r["batch_id"]),
                is_undo=bool(r["is_undo"]),
            )
            session.add(change)
            self.log("stage_change", change.id, rows.stage_change_data(change))
        for r in conn.execute("SELECT * FROM activity ORDER BY occurred_at"):
            activity = Activity(
                id=uuid.UUID(r["id"]),
                contact_id=uuid.UUID(r["contact_id"]),
                kind=r["kind"],
                body=r["body"],
                occurred_at=_time(r["occurred_at"]),
                created_by=self.owner,
                created_at=_time(r["created_at"]),
            )
            session.add(activity)
            self.log("activity", activity.id, rows.activity_data(activity))
        for r in conn.execute("SELECT * FROM reminder"):
            reminder = Reminder(
                id=uuid.UUID(r["id"]),
                contact_id=uuid.UUID(r["contact_id"]),
                due_at=_time(r["due_at"]),
                note=r["note"],
                done=bool(r["done"]),
                done_at=_time(r["done_at"]) if r["done_at"] else None,
                created_by=self.owner,
                created_at=_time(r["created_at"]),
                updated_at=_time(r["updated_at"]),
            )
            session.add(reminder)
            self.log("reminder", reminder.id, rows.reminder_data(reminder))
        for r in conn.execute("SELECT * FROM contact_tag"):
            link = ContactTag(
                id=uuid.UUID(r["id"]),
                contact_id=uuid.UUID(r["contact_id"]),
                tag_id=tags[r["tag_id"]].id,
                added_by=self.owner,
                created_at=_time(r["created_at"]),
                removed_at=None,
                removed_by=None,
            )
            session.add(link)
            self.log("contact_tag", link.id, rows.contact_tag_data(link))


def _time(text: str) -> datetime:
    value = from_db(text)
    assert value is not None
    return value


#: How long a stop waits for requests in flight (a desk's long poll is cut after it).
GRACEFUL_STOP_S = 1


#: The landing page's hidden field naming the visit the form belongs to.
_SCAN_FIELD = re.compile(r'name="s" value="([^"]+)"')


def landing_form(page_html: str, name: str, mobile: str) -> dict[str, str]:
    """What a phone submits from a landing page it was served: name, number, consent and the
    page's visit id (for the demo's pictures, benchmarks and tests that play the customer)."""
    scan = _SCAN_FIELD.search(page_html)
    return {"name": name, "mobile": mobile, "consent": "1", "s": scan.group(1) if scan else ""}


class EmbeddedServer:
    """The server app served by uvicorn on 127.0.0.1 (a free port unless one is given), in a
    daemon thread."""

    def __init__(self, settings: Settings, port: int = 0) -> None:
        import uvicorn

        from consultant_server.main import create_app
        from consultant_server.serving import DrainingServer

        # IPPROTO_TCP, not 0: asyncio then sets TCP_NODELAY, so answers do not wait ~40 ms
        # for the client's delayed ACK.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self.port = int(self._sock.getsockname()[1])
        # Desks' long polls (/sync/wait) answer as soon as a stop begins (`DrainingServer`);
        # the graceful timeout only bounds what else may be running.
        app = create_app(settings)
        config = uvicorn.Config(
            app, log_level="warning", log_config=None, timeout_graceful_shutdown=GRACEFUL_STOP_S
        )
        self._server = DrainingServer(app, config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="demo-server",
            daemon=True,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> str:
        """Start serving; returns the base URL once the server accepts requests."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the demo server did not start")
            time.sleep(0.01)
        log.info("demo server at %s", self.url)
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        self._server.stop()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._sock.close()
