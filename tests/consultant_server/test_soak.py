"""Issue 3, proof 9: a seeded random soak. Desks work, the network fails, clients die; then
everything converges, exactly once.

Six desks (two consultants with two PCs each, their manager, and a consultant of another
showroom) make random changes through the real `ContactService`: contacts added and edited,
legal and illegal stage moves and undos, notes, reminders made and completed, tags on and
off, snoozes. Meanwhile each desk's network is cut (connections refused), delayed (other
desks' work, and the desk's own, overtakes a request before or after the server handled
it), answers 503 or loses answers after the server committed; clients die mid-round (a
`Killed` raised at a random point of the real `SyncClient`, then the workspace is reopened
from disk) and a few times as real processes killed by SIGKILL (`fault_client.py`); some
cursors go stale (410, re-bootstrap); the server's reassign service moves customers between
the consultants (and from the manager) mid-run. The server is the real app on SQLite, and on
PostgreSQL when TEST_DATABASE_URL is set, served by uvicorn on loopback.

At the end, on a healthy network, every desk syncs until nothing moves, and:

- no desk has a pending mutation left;
- every desk holds exactly what a fresh desk of its user bootstraps from scratch, table by
  table (contacts and every synced column, models, tags, stage history, activities,
  reminders, field conflicts), and that equals what the server's database holds for the
  user;
- the server's ledger answered each mutation a desk ever queued once, from that desk, as the
  desk recorded it; every effect exists once; each rejection carries a known reason.

The run is a function of its seed: ``SOAK_SEED=<n>`` replays one (``SOAK_SEED=random`` draws
one), ``SOAK_STEPS=<n>`` sets its length, ``SOAK_TRACE=<file>`` writes every step there. A
failure names the seed and the steps.

That includes what the server refused: a desk takes back the local effect of a mutation the
server rejects for good (say, a stage move that lost the race to the same move from the
consultant's other PC) to the server's rows its answer carries, so no desk keeps a stage
change, note or edit the server never made.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft, Gender
from consultant_app.domain.stages import (
    ALL_STAGES,
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    StageDetails,
    TestDriveDetails,
    VisitDetails,
    neighbour,
)
from consultant_app.errors import IllegalStageMoveError, ValidationError
from consultant_app.services.contacts import ContactService, MoveBatch
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from consultant_app.sync import engine as sync_engine
from consultant_app.sync import outbox
from consultant_app.sync.apply import CURSOR_KEY
from consultant_app.sync.engine import OfflineError, ServerUnavailableError, SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_app.sync.wire import MutationKind
from consultant_server.core.config import Settings
from consultant_server.main import create_app
from consultant_server.models import (
    Activity,
    Contact,
    ContactTag,
    FieldConflict,
    MutationOutcome,
    Reminder,
    StageChange,
    User,
)
from consultant_server.services.pull import Cursor
from consultant_server.services.reassign import reassign_contacts
from tests.consultant_server.soak_support import (
    Crashes,
    Killed,
    Mode,
    Network,
    Point,
    View,
    differences,
    integrity,
    ledger,
    live_tag_adds,
    local_tag_links,
    local_view,
    run_killed_client,
    seeded_uuid4,
    serve,
    server_view,
    summary,
)
from tests.consultant_server.support import FakeClock, login

DEFAULT_SEED = 20261124
DEFAULT_STEPS = 300
#: Changes per pull page in the soak (the desk's own is far larger than a soak's log).
SOAK_PAGE = 25
#: Real SIGKILLed client processes per run (each costs a process start, about a second).
SIGKILLS = 2
#: Stale cursors (410, re-bootstrap) per run.
STALE_CURSORS = 2
#: Reassignments per run at steps of their own (and up to as many again while a request is
#: held up).
REASSIGNMENTS = 3

#: Why the server may refuse a mutation in this soak; anything else is a bug.
REASONS = re.compile(
    r"already in stage |reassigned to |invalid: |depends on rejected mutation |illegal stage move"
)

NAMES = ("王小明", "李雷", "韩梅梅", "赵敏", "周芷若", "张无忌", "林涛", "魏华", "陈静", "刘洋")
MODELS = ("迈腾", "帕萨特", "途观L", "ID.4", "朗逸", "高尔夫")
TAGS = ("高意向", "置换", "贷款", "老客户", "急", "周末来")
CHANNELS = ("", "抖音", "汽车之家", "朋友介绍", "到店自然客流")
#: What an edit may change (a few at a time).
FIELDS = (
    "name",
    "mobile",
    "wecom",
    "gender",
    "models",
    "budget",
    "channel",
    "birthday",
    "remark",
    "tags",
)
REMARKS = ("想要白色", "预算有限", "下周再联系", "对比了竞品", "家里两辆车", "")


def soak_seed() -> int:
    raw = os.environ.get("SOAK_SEED", "")
    if raw == "random":
        return random.SystemRandom().randrange(2**32)
    return int(raw) if raw else DEFAULT_SEED


def soak_steps() -> int:
    return int(os.environ.get("SOAK_STEPS", "") or DEFAULT_STEPS)


class Desk:
    """One PC of one user: a workspace on disk, its sync client, and its own network."""

    def __init__(self, soak: Soak, name: str, user: User) -> None:
        self.soak = soak
        self.name = name
        self.user = user
        self.folder = soak.root / name
        workspace = open_workspace(self.folder, LocalProfile(user.username, user.display_name))
        adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
        self.db_path = workspace.db_path
        self.device = str(uuid.uuid4())
        self.token = signed_in(soak.url, user, self.device)
        self.network = Network(self.db_path, soak.rng, soak.crashes, lambda: soak.interleave(self))
        self.http = httpx.Client(base_url=soak.url, transport=self.network, timeout=30)
        #: Every mutation this desk ever queued: id → (kind, payload).
        self.history: dict[str, tuple[str, dict[str, Any]]] = {}
        self.last_move: MoveBatch | None = None
        self._open(workspace)

    def _open(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.service = ContactService(workspace, clock=self.soak.clock)
        self.sync = SyncClient(workspace, self.http, self.token, self.device)

    def reopen(self) -> None:
        """The app starting again after it died: the same folder, device and token."""
        self.workspace.close()
        self._open(open_workspace(self.folder))

    def close(self) -> None:
        self.workspace.close()
        self.http.close()

    def note_queued(self) -> int:
        """Add what the outbox holds to the history; how many mutations were new."""
        rows = self.workspace.reader().execute("SELECT mutation_id, kind, payload_json FROM outbox")
        new = 0
        for mutation_id, kind, payload in rows:
            if mutation_id not in self.history:
                self.history[mutation_id] = (kind, json.loads(payload))
                new += 1
        return new

    def my_contacts(self) -> list[str]:
        rows = self.workspace.reader().execute(
            "SELECT id FROM contact WHERE owner_id = ? AND deleted_at IS NULL ORDER BY id",
            (self.workspace.consultant_id,),
        )
        return [str(r[0]) for r in rows]

    def pending(self) -> int:
        return outbox.pending_count(self.workspace)


def signed_in(url: str, user: User, device: str) -> str:
    with httpx.Client(base_url=url, timeout=30, verify=False) as plain:
        return login(plain, user.username, device_id=uuid.UUID(device))  # type: ignore[arg-type]


class Soak:
    """The world: desks, the server, the clock, and the random schedule that drives them."""

    def __init__(
        self,
        *,
        seed: int,
        root: Path,
        url: str,
        clock: FakeClock,
        sessions: sessionmaker[Session],
        team: dict[str, User],
        crashes: Crashes,
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.root = root
        self.url = url
        self.clock = clock
        self.sessions = sessions
        self.team = team
        self.crashes = crashes
        self.mobiles = iter(range(13900000000, 13999999999))
        self.counter = 0
        self.depth = 0
        self.calm = False
        self.in_round: set[str] = set()
        self.trace: list[str] = []
        self.events: Counter[str] = Counter()
        self.desks = [
            Desk(self, "zhangwei-1", team["zhangwei"]),
            Desk(self, "zhangwei-2", team["zhangwei"]),
            Desk(self, "lina-1", team["lina"]),
            Desk(self, "lina-2", team["lina"]),
            Desk(self, "wangfang", team["wangfang"]),
            Desk(self, "chenjie", team["chenjie"]),
        ]

    # --- the schedule -----------------------------------------------------------------

    def run(self, steps: int) -> None:
        """`steps` random steps; the rare events come at random steps, a set number of times
        (so a run of any seed has them all)."""
        rare = ["sigkill"] * SIGKILLS + ["stale"] * STALE_CURSORS + ["reassign"] * REASSIGNMENTS
        at = dict(zip(self.rng.sample(range(steps), min(steps, len(rare))), rare, strict=False))
        for n in range(steps):
            self.clock.advance(minutes=self.rng.randint(1, 20))
            self.step(n, at.get(n))

    def step(self, n: int, rare: str | None) -> None:
        rng = self.rng
        # The consultants' four desks are busier than the manager's and the other showroom's.
        desk = rng.choices(self.desks, [2, 2, 2, 2, 1, 1])[0]
        kind = rare or rng.choices(["act", "sync", "network", "crash"], [50, 22, 10, 6])[0]
        self.note(f"#{n} {kind} {desk.name}")
        if kind == "act":
            for _ in range(rng.randint(1, 3)):
                self.act(desk)
        elif kind == "sync":
            self.sync_round(desk)
        elif kind == "network":
            desk.network.mode = rng.choices(Mode.ALL, [5, 3, 2])[0]
            self.note(f"  network {desk.network.mode}")
        elif kind == "crash":
            point = rng.choice(Point.ALL)
            self.crashes.arm(desk.db_path, point, rng.randint(1, 3))
            self.note(f"  armed {point}")
            self.sync_round(desk)
        elif kind == "reassign":
            self.reassign()
        elif kind == "sigkill":
            self.sigkill(desk)
        else:
            self.stale_cursor(desk)

    def note(self, line: str) -> None:
        self.trace.append(line)

    def interleave(self, slow: Desk) -> None:
        """While `slow`'s request is held up: a few other things happen (never nested)."""
        if self.depth or self.calm:
            return
        self.depth += 1
        try:
            for _ in range(self.rng.randint(1, 3)):
                desk = self.rng.choice(self.desks)
                what = self.rng.choices(["act", "sync", "reassign"], [6, 4, 1])[0]
                if what == "sync" and desk.name in self.in_round:
                    what = "act"  # one round at a time per desk; its UI never waits
                if what == "reassign" and self.events["reassign"] >= 2 * REASSIGNMENTS:
                    what = "act"
                self.note(f"    meanwhile {what} {desk.name}")
                if what == "act":
                    self.act(desk)
                elif what == "sync":
                    self.sync_round(desk)
                else:
                    self.reassign()
            self.events["overtaken"] += 1
        finally:
            self.depth -= 1

    # --- sync, crashes ----------------------------------------------------------------

    def sync_round(self, desk: Desk) -> None:
        self.in_round.add(desk.name)
        try:
            report = desk.sync.sync_once()
        except (OfflineError, ServerUnavailableError) as exc:
            self.events["round failed"] += 1
            self.note(f"  {desk.name}: {type(exc).__name__}")
        except Killed as killed:
            self.events[f"killed at {killed}"] += 1
            self.note(f"  {desk.name}: killed at {killed}")
            desk.reopen()
        else:
            self.events["round ok"] += 1
            self.events["rebuilt"] += report.rebuilt
            self.note(
                f"  {desk.name}: pushed {report.pushed} rejected {report.rejected}"
                f" pulled {report.pulled}"
            )
        finally:
            self.in_round.discard(desk.name)
            self.crashes.disarm(desk.db_path)

    def sigkill(self, desk: Desk) -> None:
        """A real client process on this desk's folder, killed by SIGKILL mid-round."""
        if desk.pending() and self.rng.random() < 0.6:
            kill_at = "push:1"
        else:
            kill_at = f"pull:{self.rng.randint(1, 2)}"
        desk.workspace.close()
        done = run_killed_client(desk.folder, self.url, desk.token, desk.device, kill_at)
        assert integrity(desk.db_path) == "ok"
        desk.reopen()
        self.events["sigkill"] += 1
        self.events["sigkill died" if done.returncode == -9 else "sigkill finished"] += 1
        self.note(f"  {kill_at}: exit {done.returncode}")

    def stale_cursor(self, desk: Desk) -> None:
        """The server was restored from a backup as far as this desk knows: its next pull
        is refused (410) and it re-bootstraps from the snapshot."""
        stale = Cursor(uuid.uuid4(), 1).encode()
        desk.workspace.reader().execute(
            "INSERT INTO local_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (CURSOR_KEY, stale),
        )
        self.events["stale cursor"] += 1

    def reassign(self) -> None:
        """The server's reassign service (as the command line calls it) moves one to three
        customers to a colleague, whatever the desks are doing."""
        team = self.team
        pairs = [
            ("zhangwei", "lina"),
            ("lina", "zhangwei"),
            ("wangfang", "zhangwei"),
            ("wangfang", "lina"),
        ]
        source, target = self.rng.choices(pairs, [4, 4, 1, 1])[0]
        with self.sessions() as session:
            from_user = session.get(User, team[source].id)
            to_user = session.get(User, team[target].id)
            assert from_user is not None and to_user is not None
            owned = session.scalars(
                select(Contact.id).where(Contact.owner_id == from_user.id).order_by(Contact.id)
            ).all()
            self.events["reassign"] += 1
            if not owned:
                return
            chosen = self.rng.sample(list(owned), min(len(owned), self.rng.randint(1, 3)))
            moved = reassign_contacts(session, None, from_user, to_user, chosen, clock=self.clock)
        self.events["contacts reassigned"] += moved.moved
        ids = ", ".join(str(cid)[:8] for cid in moved.contact_ids)
        self.note(f"  reassigned {ids} from {source} to {target}")

    # --- what consultants do --------------------------------------------------------------

    def act(self, desk: Desk) -> None:
        """One random command on `desk`; a refusal by the domain rules queues nothing."""
        commands: dict[str, Callable[[Desk], str]] = {
            "add": self.add,
            "edit": self.edit,
            "move": self.move,
            "undo": self.undo,
            "activity": self.activity,
            "reminder": self.reminder,
            "complete": self.complete,
            "tag": self.tag,
            "untag": self.untag,
            "snooze": self.snooze,
        }
        weights = [10, 14, 14, 3, 12, 6, 5, 8, 6, 5]
        name = self.rng.choices(list(commands), weights)[0]
        if name != "add" and not desk.my_contacts():
            name = "add"
        before = desk.pending()
        try:
            what = commands[name](desk)
        except (ValidationError, IllegalStageMoveError) as refused:
            assert desk.pending() == before, f"{name} was refused but queued something"
            self.events["refused locally"] += 1
            self.note(f"  {desk.name} {name}: refused ({refused})")
            return
        queued = desk.note_queued()
        self.events[f"act {name}"] += 1
        self.events["mutations queued"] += queued
        self.note(f"  {desk.name} {what} (+{queued})")

    def pick(self, desk: Desk, most: int = 1) -> list[str]:
        """Up to `most` of the desk's contacts; half the time among its first three, so that
        the desks of one consultant often change the same customers at once."""
        mine = desk.my_contacts()
        pool = mine[:3] if self.rng.random() < 0.5 else mine
        return self.rng.sample(pool, min(len(pool), most))

    def text(self, pool: tuple[str, ...]) -> str:
        self.counter += 1
        base = self.rng.choice(pool)
        return f"{base} {self.counter}" if base else ""

    def mobile(self) -> str:
        return str(next(self.mobiles))

    def add(self, desk: Desk) -> str:
        rng = self.rng
        draft = ContactDraft(
            name=rng.choice(NAMES),
            mobile=self.mobile(),
            models=tuple(rng.sample(MODELS, rng.randint(0, 2))),
            tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
            remark=self.text(REMARKS),
            source_channel=rng.choice(CHANNELS),
        )
        stage = rng.choices([Stage.LEAD, Stage.FIRST_CONTACT, Stage.VISIT], [6, 2, 1])[0]
        desk.service.add_contact(draft, stage)
        return f"add {draft.name} in {stage.value}"

    def edit(self, desk: Desk) -> str:
        """Change one to three fields of a contact (budgets often alone, so that concurrent
        edits of the two bounds can meet on the server)."""
        rng = self.rng
        (contact_id,) = self.pick(desk)
        detail = queries.contact_detail(desk.workspace.reader(), contact_id)
        values: dict[str, Any] = {
            "name": detail.name,
            "mobile": detail.mobile or "",
            "wecom_id": detail.wecom_id,
            "gender": Gender(detail.gender),
            "models": detail.models,
            "budget_min_yuan": detail.budget_min_yuan,
            "budget_max_yuan": detail.budget_max_yuan,
            "source_channel": detail.source_channel,
            "birthday": detail.birthday,
            "remark": detail.remark,
            "tags": tuple(t.name for t in detail.tags),
        }
        fields = rng.sample(
            [*FIELDS, "remark", "budget"],  # remarks and budgets twice as often
            rng.randint(1, 3),
        )
        for field in fields:
            if field == "name":
                values["name"] = rng.choice(NAMES)
            elif field == "mobile":
                values["mobile"] = self.mobile()
            elif field == "wecom":
                values["wecom_id"] = self.text(("wx",))
            elif field == "gender":
                values["gender"] = rng.choice(list(Gender))
            elif field == "models":
                values["models"] = tuple(rng.sample(MODELS, rng.randint(0, 3)))
            elif field == "budget":
                bound = rng.choice(["budget_min_yuan", "budget_max_yuan", "both"])
                low = rng.randrange(50_000, 400_000, 10_000)
                if bound == "both":
                    values["budget_min_yuan"] = low
                    values["budget_max_yuan"] = low + rng.randrange(0, 200_000, 10_000)
                else:
                    values[bound] = rng.choice([None, low])
            elif field == "channel":
                values["source_channel"] = rng.choice(CHANNELS)
            elif field == "birthday":
                values["birthday"] = rng.choice(
                    [None, date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))]
                )
            elif field == "remark":
                values["remark"] = self.text(REMARKS)
            else:
                tags = set(values["tags"])
                tags.symmetric_difference_update({rng.choice(TAGS)})
                values["tags"] = tuple(sorted(tags))
        desk.service.update_contact(contact_id, ContactDraft(**values))
        return f"edit {'/'.join(fields)}"

    def details(self, target: Stage) -> StageDetails | None:
        """What entering `target` needs; now and then something it does not accept."""
        rng = self.rng
        now = self.clock.now
        if rng.random() < 0.08:
            return rng.choice([None, VisitDetails(now, 0)])
        if target is Stage.VISIT:
            return VisitDetails(now, rng.randint(1, 4))
        if target is Stage.TEST_DRIVE:
            return TestDriveDetails(rng.choice(MODELS), now)
        if target is Stage.ORDER:
            return OrderDetails(
                rng.choice(MODELS), "豪华版", "白色", 5000, rng.choice(list(Payment)), False
            )
        if target is Stage.LOST:
            reason = rng.choice(list(LostReason))
            return LostDetails(reason, "比亚迪" if reason is LostReason.COMPETITOR else "")
        return None

    def move(self, desk: Desk) -> str:
        rng = self.rng
        chosen = self.pick(desk, rng.choices([1, 2], [5, 1])[0])
        if rng.random() < 0.6:
            # Mostly one step along the funnel, as consultants do (so two desks of one
            # consultant often make the same move before they hear of each other's).
            current = Stage(queries.contact_detail(desk.workspace.reader(), chosen[0]).stage)
            target = neighbour(current, +1) or Stage.LOST
        else:
            target = rng.choice(ALL_STAGES)  # sometimes the stage a contact is already in
        desk.last_move = desk.service.move_stage(chosen, target, self.details(target))
        moved = ", ".join(f"{cid[:8]} from {stage.value}" for cid, stage in desk.last_move.moved)
        return f"move {moved} to {target.value}"

    def undo(self, desk: Desk) -> str:
        if desk.last_move is None:
            raise IllegalStageMoveError("nothing to undo on this desk")
        batch, desk.last_move = desk.last_move, None
        undone = desk.service.undo_move(batch)
        return f"undo {', '.join(cid[:8] for cid in undone.contact_ids)} to {undone.target.value}"

    def activity(self, desk: Desk) -> str:
        rng = self.rng
        kind = rng.choice(list(ActivityKind))
        body = self.text(("聊了配置", "约了试驾", "发了报价", "")) if rng.random() < 0.9 else ""
        when = self.clock.now - timedelta(minutes=rng.randint(0, 600))
        desk.service.add_activity(self.pick(desk)[0], kind, body, when)
        return f"activity {kind.value}"

    def reminder(self, desk: Desk) -> str:
        due = self.clock.now + timedelta(hours=self.rng.randint(1, 72))
        desk.service.add_reminder(self.pick(desk)[0], due, self.text(("回访",)))
        return "reminder"

    def complete(self, desk: Desk) -> str:
        rows = desk.workspace.reader().execute(
            "SELECT r.id FROM reminder r JOIN contact c ON c.id = r.contact_id"
            " WHERE c.owner_id = ? AND r.done = 0 ORDER BY r.id",
            (desk.workspace.consultant_id,),
        )
        open_ones = [str(r[0]) for r in rows]
        if not open_ones:
            return self.reminder(desk)
        desk.service.complete_reminder(self.rng.choice(open_ones))
        return "complete a reminder"

    def tag(self, desk: Desk) -> str:
        chosen = self.pick(desk, self.rng.randint(1, 2))
        names = self.rng.sample(TAGS, self.rng.randint(1, 2))
        desk.service.add_tags(chosen, names)
        return f"tag {'/'.join(names)}"

    def untag(self, desk: Desk) -> str:
        rows = desk.workspace.reader().execute(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " JOIN contact c ON c.id = ct.contact_id WHERE c.owner_id = ?"
            " ORDER BY ct.contact_id, t.name",
            (desk.workspace.consultant_id,),
        )
        links = [(str(r[0]), str(r[1])) for r in rows]
        if not links:
            return self.tag(desk)
        contact_id, name = self.rng.choice(links)
        desk.service.remove_tag(contact_id, name)
        return f"untag {name}"

    def snooze(self, desk: Desk) -> str:
        rng = self.rng
        today = self.clock.now.astimezone().date()
        until = rng.choice([None, today + timedelta(days=rng.randint(1, 10)), today - timedelta(1)])
        desk.service.snooze(self.pick(desk), until)
        return f"snooze until {until}"

    # --- the end ----------------------------------------------------------------------

    def settle(self, rounds: int = 10) -> int:
        """Heal every network and sync every desk until a whole pass moves nothing."""
        self.calm = True
        for desk in self.desks:
            desk.network.mode = Mode.UP
            self.crashes.disarm(desk.db_path)
        for attempt in range(1, rounds + 1):
            moved = 0
            for desk in self.desks:
                report = desk.sync.sync_once()
                moved += report.pushed + report.rejected + report.pulled
            if not moved:
                return attempt
        raise AssertionError(f"still not quiet after {rounds} passes")

    def fresh_view(self, user: User) -> tuple[View, set[tuple[str, str]]]:
        """What a new desk of `user` holds after bootstrapping from scratch (the oracle)."""
        folder = self.root / f"fresh-{user.username}"
        workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        try:
            adopt_identity(workspace, ServerUser(str(user.id), user.username, user.display_name))
            device = str(uuid.uuid4())
            token = signed_in(self.url, user, device)
            with httpx.Client(base_url=self.url, timeout=30, verify=False) as http:
                SyncClient(workspace, http, token, device).sync_once()
            return local_view(workspace.db_path), local_tag_links(workspace.db_path)
        finally:
            workspace.close()

    def close(self) -> None:
        for desk in self.desks:
            desk.close()


@pytest.fixture
def soak(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    clock: FakeClock,
    team: dict[str, User],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Soak]:
    seed = soak_seed()
    seeded_uuid4(monkeypatch, seed)
    # Small pages, so that rounds cross page (and transaction) boundaries and crashes can
    # strike between pages, as they do in a first sync of a real desk.
    monkeypatch.setattr(sync_engine, "PULL_LIMIT", SOAK_PAGE)
    crashes = Crashes()
    crashes.install(monkeypatch)
    with serve(create_app(settings, clock=clock)) as url:
        world = Soak(
            seed=seed,
            root=tmp_path / "desks",
            url=url,
            clock=clock,
            sessions=sessions,
            team=team,
            crashes=crashes,
        )
        try:
            yield world
        finally:
            world.close()


def test_random_work_under_faults_converges_exactly_once(soak: Soak) -> None:
    seed, steps = soak.seed, soak_steps()
    print(f"soak: SOAK_SEED={seed} SOAK_STEPS={steps}")
    started = time.monotonic()
    try:
        soak.run(steps)
        passes = soak.settle()
        check_converged(soak)
    except BaseException as exc:
        exc.add_note(f"reproduce with SOAK_SEED={seed} SOAK_STEPS={steps}")
        exc.add_note("last steps:\n" + "\n".join(soak.trace[-40:]))
        raise
    finally:
        if os.environ.get("SOAK_TRACE"):  # the whole run, step by step, for a closer look
            Path(os.environ["SOAK_TRACE"]).write_text("\n".join(soak.trace), encoding="utf-8")
    network: Counter[str] = Counter()
    for desk in soak.desks:
        network.update(desk.network.actions)
    print(
        f"soak: {steps} steps in {time.monotonic() - started:.1f} s, quiet after {passes}"
        f" passes\n  events {dict(sorted(soak.events.items()))}\n  network {dict(network)}"
        f"\n  crashes {dict(soak.crashes.fired)}"
    )
    if steps >= DEFAULT_STEPS:
        # The run went through what it claims to (a soak without faults would prove little).
        assert soak.events["sigkill"] == SIGKILLS and soak.events["reassign"] >= REASSIGNMENTS
        assert network["refuse"] and network["lose"] and network["slow"], network
        assert soak.crashes.fired and soak.events["round ok"], soak.events


# --- the checks -------------------------------------------------------------------------


def check_converged(soak: Soak) -> None:
    """Assert that the run converged: every desk equals a fresh one and the server."""
    problems: list[str] = []
    for desk in soak.desks:
        if desk.pending():
            problems.append(f"{desk.name}: {desk.pending()} mutations still pending")
        problems += [f"{desk.name}: the server failed: {e}" for e in desk.network.server_errors]
    # The oracles sign in (a write on the server): made before reading the server here.
    oracles = {name: soak.fresh_view(user) for name, user in soak.team.items()}
    with soak.sessions() as session:
        live = live_tag_adds(session)
        for username, (oracle, oracle_links) in oracles.items():
            user = session.get(User, soak.team[username].id)
            assert user is not None
            problems += differences(
                f"fresh {username} vs server", summary(oracle), server_view(session, user)
            )
            problems += [
                f"fresh {username}: tag link {link} is not a live add"
                for link in oracle_links - live
            ]
            for desk in soak.desks:
                if desk.user.username != username:
                    continue
                problems += differences(desk.name, local_view(desk.db_path), oracle)
                stale = local_tag_links(desk.db_path) - live
                problems += [f"{desk.name}: tag link {link} is not a live add" for link in stale]
        problems += check_exactly_once(soak, session)
    assert not problems, "\n".join(problems)


def check_exactly_once(soak: Soak, session: Session) -> list[str]:
    """Each queued mutation answered once, as its desk recorded it; each effect made once."""
    problems: list[str] = []
    answers = ledger(session)
    queued = {mid: desk for desk in soak.desks for mid in desk.history}
    if set(answers) != set(queued):
        problems.append(
            f"ledger and outboxes disagree: {len(set(queued) - set(answers))} never answered,"
            f" {len(set(answers) - set(queued))} unknown"
        )
    rejected_reasons: Counter[str] = Counter()
    applied: dict[str, list[dict[str, Any]]] = {}
    for desk in soak.desks:
        kept = dict(
            desk.workspace.reader().execute(
                "SELECT mutation_id, reason FROM outbox WHERE state = 'rejected'"
            )
        )
        for mid, (kind, payload) in desk.history.items():
            answer = answers.get(mid)
            if answer is None:
                continue
            if str(answer.device_id) != desk.device:
                problems.append(f"{desk.name}: {mid} answered for another device")
            if answer.outcome == MutationOutcome.APPLIED.value:
                applied.setdefault(kind, []).append(payload)
                if mid in kept:
                    problems.append(f"{desk.name}: {kind} {mid} applied but kept as rejected")
                continue
            reason = answer.reason or ""
            rejected_reasons[reason.split(":")[0].split(" ")[0]] += 1
            if not REASONS.match(reason):
                problems.append(
                    f"{desk.name}: {kind} rejected for an unexpected reason: {reason!r}"
                )
            if kept.get(mid) != reason:
                problems.append(
                    f"{desk.name}: {kind} {mid} rejected ({reason!r}) but the desk recorded"
                    f" {kept.get(mid)!r}"
                )
    print(f"soak: rejections by reason {dict(rejected_reasons)}")

    def made(kind: MutationKind, key: str) -> set[str]:
        return {str(p[key]) for p in applied.get(kind.value, [])}

    creates = applied.get(MutationKind.CONTACT_CREATE.value, [])
    expected = {
        "contact": made(MutationKind.CONTACT_CREATE, "contact_id"),
        "stage_change": made(MutationKind.CONTACT_CREATE, "stage_change_id")
        | made(MutationKind.STAGE_MOVE, "stage_change_id"),
        "activity": made(MutationKind.ACTIVITY_ADD, "activity_id"),
        "reminder": made(MutationKind.REMINDER_ADD, "reminder_id"),
        "contact_tag": made(MutationKind.TAG_ADD, "add_id")
        | {str(t["add_id"]) for p in creates for t in p["tags"]},
    }
    models: dict[str, Any] = {
        "contact": Contact,
        "stage_change": StageChange,
        "activity": Activity,
        "reminder": Reminder,
        "contact_tag": ContactTag,
    }
    for table, model in models.items():
        rows = [str(i) for i in session.scalars(select(model.id))]
        if len(rows) != len(set(rows)) or set(rows) != expected[table]:
            problems.append(
                f"server {table}: {len(rows)} rows for {len(expected[table])} applied mutations"
            )
    conflicts = session.execute(select(FieldConflict.mutation_id, FieldConflict.field)).all()
    if len(conflicts) != len(set(conflicts)):
        problems.append("a field conflict was recorded twice for one mutation")
    return problems
