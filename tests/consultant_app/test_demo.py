"""The demo showroom: complete, consistent, deterministic, and readable by the app's queries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from consultant_app.catalogue import load_catalogue
from consultant_app.clock import from_db, to_db
from consultant_app.demo import (
    DEMO_PROFILE,
    MOBILE_COUNT,
    MOBILE_FIRST,
    DemoWorkspaceNotEmptyError,
    ensure_demo_workspace,
    seed_demo,
)
from consultant_app.domain.activity import ActivityKind, tag_colour
from consultant_app.domain.phone import national_digits, normalise_mobile
from consultant_app.domain.pinyin import pinyin_keys
from consultant_app.domain.stages import (
    ALL_STAGES,
    REQUIRED_DETAILS,
    LostDetails,
    OrderDetails,
    Stage,
    details_from_json,
)
from consultant_app.domain.urgency import is_rotting
from consultant_app.services.contacts import ContactService
from consultant_app.settings import ROT_DAYS
from consultant_app.store import queries
from consultant_app.store.database import Workspace, open_workspace
from consultant_app.store.schema import Contact

NOW = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)
ROT = {stage: setting.default for stage, setting in ROT_DAYS.items()}


def _seeded(folder: Path, contacts: int = 300, seed: int = 2026) -> Workspace:
    workspace = open_workspace(folder, DEMO_PROFILE)
    seed_demo(workspace, contacts, seed=seed, now=NOW)
    return workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = _seeded(tmp_path_factory.mktemp("demo"))
    yield workspace
    workspace.close()


@pytest.fixture
def conn(demo: Workspace) -> sqlite3.Connection:
    return demo.reader()


def test_every_stage_has_contacts_in_a_funnel_shape(conn: sqlite3.Connection) -> None:
    counts = {
        Stage(r[0]): r[1] for r in conn.execute("SELECT stage, count(*) FROM contact GROUP BY 1")
    }
    assert set(counts) == set(ALL_STAGES)
    assert sum(counts.values()) == 300
    assert counts[Stage.LEAD] + counts[Stage.FIRST_CONTACT] > counts[Stage.VISIT]
    assert counts[Stage.VISIT] > counts[Stage.TEST_DRIVE] > counts[Stage.ORDER]


def test_every_stage_has_contacts_even_in_a_tiny_showroom(tmp_path: Path) -> None:
    workspace = _seeded(tmp_path, contacts=len(ALL_STAGES))
    stages = {r[0] for r in workspace.reader().execute("SELECT stage FROM contact")}
    assert stages == {s.value for s in ALL_STAGES}
    workspace.close()


def test_mobiles_are_valid_unique_and_in_the_fake_range(conn: sqlite3.Connection) -> None:
    mobiles = [r[0] for r in conn.execute("SELECT mobile FROM contact")]
    assert len(mobiles) == len(set(mobiles)) == 300
    for mobile in mobiles:
        digits = national_digits(mobile)
        assert normalise_mobile(digits) == mobile
        assert MOBILE_FIRST <= int(digits) < MOBILE_FIRST + MOBILE_COUNT
        assert digits.startswith("1990")


def test_stage_histories_walk_from_nothing_to_the_current_stage(conn: sqlite3.Connection) -> None:
    history: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute("SELECT * FROM stage_change ORDER BY changed_at"):
        history.setdefault(row["contact_id"], []).append(row)
    contacts = conn.execute("SELECT id, stage, stage_entered_at FROM contact").fetchall()
    assert len(history) == len(contacts)
    for contact in contacts:
        changes = history[contact["id"]]
        assert changes[0]["from_stage"] is None
        assert changes[-1]["to_stage"] == contact["stage"]
        assert changes[-1]["changed_at"] == contact["stage_entered_at"]
        for before, after in pairwise(changes):
            assert after["from_stage"] == before["to_stage"]
            assert after["changed_at"] > before["changed_at"]


def test_moves_into_detail_stages_carry_details_the_app_can_read(
    conn: sqlite3.Connection,
) -> None:
    catalogue = load_catalogue()
    seen: set[str] = set()
    for row in conn.execute("SELECT * FROM stage_change"):
        stage = Stage(row["to_stage"])
        if stage not in REQUIRED_DETAILS:
            assert row["details_json"] is None
            continue
        details = details_from_json(json.loads(row["details_json"]))
        assert isinstance(details, REQUIRED_DETAILS[stage])
        seen.add(stage.value)
        if isinstance(details, LostDetails):
            assert (row["lost_reason"], row["competitor"]) == (
                details.reason.value,
                details.competitor,
            )
        if isinstance(details, OrderDetails):
            model = catalogue.get(details.model)
            assert model is not None
            assert details.trim in model.trims
            assert details.colour in model.colours
    assert seen == {s.value for s in REQUIRED_DETAILS}


def test_last_touch_is_the_latest_move_follow_up_or_done_reminder(
    conn: sqlite3.Connection,
) -> None:
    latest = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT contact_id, max(at) FROM ("
            " SELECT contact_id, changed_at AS at FROM stage_change"
            " UNION ALL SELECT contact_id, occurred_at FROM activity"
            " UNION ALL SELECT contact_id, done_at FROM reminder WHERE done = 1"
            ") GROUP BY contact_id"
        )
    }
    for contact_id, last_touch in conn.execute("SELECT id, last_touch_at FROM contact"):
        assert latest[contact_id] == last_touch


def test_history_lies_in_the_last_90_days_and_never_after_now(conn: sqlite3.Connection) -> None:
    earliest = to_db(NOW - timedelta(days=90))
    for sql in (
        "SELECT min(created_at), max(last_touch_at) FROM contact",
        "SELECT min(changed_at), max(changed_at) FROM stage_change",
        "SELECT min(occurred_at), max(occurred_at) FROM activity",
        "SELECT min(done_at), max(done_at) FROM reminder WHERE done = 1",
    ):
        low, high = conn.execute(sql).fetchone()
        assert earliest <= low <= high <= to_db(NOW), sql


def test_timestamps_are_stored_as_the_orm_stores_them(demo: Workspace) -> None:
    from sqlalchemy import select

    raw = dict(demo.reader().execute("SELECT id, last_touch_at FROM contact").fetchall())
    for text in raw.values():
        parsed = from_db(text)
        assert parsed is not None
        assert to_db(parsed) == text
    with demo.transaction() as session:
        contacts = session.execute(select(Contact)).scalars().all()
        assert {c.id: c.last_touch_at for c in contacts} == {k: from_db(v) for k, v in raw.items()}


def test_names_carry_their_pinyin_keys_and_some_nicknames(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT name, name_pinyin, name_initials FROM contact").fetchall()
    for name, spelled, initials in rows:
        assert (spelled, initials) == pinyin_keys(name)
    names = [r[0] for r in rows]
    common = [n for n in names if n[0] in "王李张"]
    assert len(common) > len(names) // 6
    assert any(not all("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names)


def test_models_budgets_channels_and_tags_come_from_the_app_vocabulary(
    conn: sqlite3.Connection,
) -> None:
    from consultant_app.domain.channels import CHANNELS

    catalogue = load_catalogue()
    models = {r[0] for r in conn.execute("SELECT model_name FROM contact_model")}
    assert models <= set(catalogue.names())
    per_contact = {
        r[0] for r in conn.execute("SELECT count(*) FROM contact_model GROUP BY contact_id")
    }
    assert per_contact == {1, 2}
    channels = {r[0] for r in conn.execute("SELECT DISTINCT source_channel FROM contact")}
    assert channels <= {c.code for c in CHANNELS}
    assert len(channels) >= 6
    for name, colour in conn.execute("SELECT name, colour FROM tag"):
        assert colour == tag_colour(name)
    for low, high in conn.execute(
        "SELECT budget_min_yuan, budget_max_yuan FROM contact WHERE budget_min_yuan IS NOT NULL"
    ):
        assert 0 < low <= high


def test_cards_and_today_list_read_the_demo_showroom(demo: Workspace) -> None:
    conn = demo.reader()
    cards = queries.load_cards(conn, demo.consultant_id)
    assert len(cards) == 300
    assert all(card.models for card in cards)
    assert any(card.tags for card in cards)
    today = queries.today_list(conn, demo.consultant_id, NOW, ROT)
    assert any(r.overdue for r in today.reminders)
    assert any(not r.overdue for r in today.reminders)  # due later today
    assert today.stale
    assert today.birthdays
    assert all(0 <= (b.on - NOW.astimezone().date()).days < 7 for b in today.birthdays)
    rotting = [c for c in cards if is_rotting(c.stage, c.last_touch_at, c.snoozed_until, NOW, ROT)]
    assert {c.id for c in rotting} == {s.contact_id for s in today.stale}


def test_some_contacts_are_snoozed_until_a_later_day(conn: sqlite3.Connection) -> None:
    today = NOW.astimezone().date()
    snoozed = [
        date.fromisoformat(r[0])
        for r in conn.execute("SELECT snoozed_until FROM contact WHERE snoozed_until IS NOT NULL")
    ]
    assert snoozed
    assert all(until > today for until in snoozed)


def test_about_a_third_have_open_reminders_and_some_are_done(conn: sqlite3.Connection) -> None:
    open_ = conn.execute(
        "SELECT count(DISTINCT contact_id) FROM reminder WHERE done = 0"
    ).fetchone()[0]
    assert 60 <= open_ <= 120
    assert conn.execute("SELECT count(*) FROM reminder WHERE done = 1").fetchone()[0] > 0
    future = conn.execute(
        "SELECT count(*) FROM reminder WHERE done = 0 AND due_at > ?",
        (to_db(NOW + timedelta(days=1)),),
    ).fetchone()[0]
    assert future > 0


def test_the_same_seed_gives_the_same_showroom(tmp_path: Path) -> None:
    def dump(workspace: Workspace) -> list[tuple[object, ...]]:
        rows = workspace.reader().execute(
            "SELECT id, name, stage, mobile, last_touch_at FROM contact ORDER BY id"
        )
        return [tuple(r) for r in rows]

    first = _seeded(tmp_path / "a", contacts=120)
    second = _seeded(tmp_path / "b", contacts=120)
    other = _seeded(tmp_path / "c", contacts=120, seed=7)
    assert dump(first) == dump(second)
    assert [r[1:3] for r in dump(first)] != [r[1:3] for r in dump(other)]
    for workspace in (first, second, other):
        workspace.close()


def test_seeding_a_workspace_that_has_contacts_is_refused(demo: Workspace) -> None:
    with pytest.raises(DemoWorkspaceNotEmptyError):
        seed_demo(demo, 10, now=NOW)


def test_ensure_demo_workspace_does_not_reseed_on_second_open(tmp_path: Path) -> None:
    workspace = ensure_demo_workspace(tmp_path, contacts=50)
    service = ContactService(workspace)
    card = queries.load_cards(workspace.reader(), workspace.consultant_id)[0]
    service.add_activity(card.id, ActivityKind.NOTE, "客户改约下周")
    workspace.close()

    again = ensure_demo_workspace(tmp_path, contacts=50)
    conn = again.reader()
    assert again.consultant_id == workspace.consultant_id
    assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 50
    assert conn.execute("SELECT count(*) FROM activity WHERE body = '客户改约下周'").fetchone()[0]
    assert queries.consultant_name(conn, again.consultant_id) == DEMO_PROFILE.display_name
    again.close()


def test_the_contact_service_moves_demo_contacts_and_undoes(tmp_path: Path) -> None:
    workspace = _seeded(tmp_path, contacts=30)
    service = ContactService(workspace)
    cards = queries.load_cards(workspace.reader(), workspace.consultant_id)
    lead = next(c for c in cards if c.stage is Stage.LEAD)
    service.undo_move(service.move_stage([lead.id], Stage.FIRST_CONTACT))
    latest = queries.timeline(workspace.reader(), lead.id)[0]
    assert isinstance(latest, queries.StageEvent)
    assert (latest.from_stage, latest.to_stage, latest.is_undo) == (
        Stage.FIRST_CONTACT,
        Stage.LEAD,
        True,
    )
    workspace.close()


def test_two_thousand_contacts_seed_with_about_five_follow_ups_each(tmp_path: Path) -> None:
    workspace = _seeded(tmp_path, contacts=2000)
    conn = workspace.reader()
    assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2000
    activities = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    assert 4 * 2000 <= activities <= 7 * 2000
    assert len(queries.load_cards(conn, workspace.consultant_id)) == 2000
    workspace.close()
