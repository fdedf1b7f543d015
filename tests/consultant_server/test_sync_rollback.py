"""A mutation the server refuses for good: its answer carries the server's truth, and the desk
that made it takes its local effect back to that (and still lists the refusal with its reason).

Real workspaces and the real `SyncClient` against the real app, on SQLite and on PostgreSQL
when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from consultant_app.domain.activity import ActivityKind
from consultant_app.domain.contact import ContactDraft
from consultant_app.domain.stages import LostDetails, LostReason, Stage, VisitDetails
from consultant_app.errors import NotFoundError
from consultant_app.library import queries as library_queries
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import ScriptDraft
from consultant_app.library.search import search
from consultant_app.services.channels import ChannelDraft, ChannelService
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import Workspace
from consultant_app.sync import outbox
from consultant_app.sync.wire import Entity, MutationKind, decode_outcome
from consultant_server.models import User
from tests.consultant_server.material_support import (
    publish,
    script_create,
    script_delete,
    script_update,
)
from tests.consultant_server.support import PASSWORD, FakeClock, TestClient, bearer, login
from tests.consultant_server.sync_support import (
    SyncDevice,
    add_tag,
    create,
    move,
    new_id,
    remove_tag,
    update,
)
from tests.consultant_server.test_client_engine import Desk
from tests.consultant_server.test_desk_link import desk


@pytest.fixture
def pcs(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    """Two PCs of 张伟's."""
    first = Desk(client, tmp_path / "pc1", team["zhangwei"])
    second = Desk(client, tmp_path / "pc2", team["zhangwei"])
    yield first, second
    first.workspace.close()
    second.workspace.close()


def count(desk: Desk, table: str, contact_id: str) -> int:
    sql = f"SELECT count(*) FROM {table} WHERE contact_id = ?"
    return int(desk.workspace.reader().execute(sql, (contact_id,)).fetchone()[0])


def has_contact(desk: Desk, contact_id: str) -> bool:
    conn: sqlite3.Connection = desk.workspace.reader()
    return conn.execute("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone() is not None


def queued_by_an_older_desk(
    workspace: Workspace, kind: MutationKind, edit: Callable[[dict[str, Any]], None]
) -> None:
    """Rewrite the newest pending `kind` mutation as a desk of an older release, whose rules
    let through what the server refuses (a competitor or source channel over 64 characters,
    a file kind as a personal script), would have queued it. This desk refuses those up
    front, so nothing else here makes a mutation the server refuses for its values."""
    conn = workspace.reader()
    found = conn.execute(
        "SELECT seq, payload_json FROM outbox WHERE state = 'pending' AND kind = ?"
        " ORDER BY seq DESC LIMIT 1",
        (kind.value,),
    ).fetchone()
    assert found is not None, kind
    payload = json.loads(found[1])
    edit(payload)
    conn.execute(
        "UPDATE outbox SET payload_json = ? WHERE seq = ?",
        (json.dumps(payload, ensure_ascii=False), found[0]),
    )


# --- the desk takes its local effect back --------------------------------------------------


def test_a_stage_move_the_server_refuses_puts_the_card_back_in_the_servers_stage(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, _ = pcs
    cid = pc1.service.quick_add("王小明", "13812345678")
    pc1.sync.sync_once()
    lost = LostDetails(LostReason.COMPETITOR, competitor="某品牌")
    pc1.service.move_stage([cid], Stage.LOST, lost)
    queued_by_an_older_desk(
        pc1.workspace, MutationKind.STAGE_MOVE, lambda p: p["details"].update(competitor="某" * 65)
    )
    assert pc1.cards()["王小明"].stage is Stage.LOST

    report = pc1.sync.sync_once()

    assert (report.pushed, report.rejected) == (0, 1)
    assert cid in report.contact_ids  # the board refreshes the card
    assert pc1.cards()["王小明"].stage is Stage.LEAD
    assert count(pc1, "stage_change", cid) == 1  # only the creating one
    (refused,) = outbox.rejected(pc1.workspace)
    assert refused.kind is MutationKind.STAGE_MOVE
    assert refused.reason == "invalid: competitor: too_long (limit=64)"


def test_a_stage_move_that_lost_the_race_to_the_other_pc_leaves_one_history_on_both(
    pcs: tuple[Desk, Desk], clock: FakeClock
) -> None:
    pc1, pc2 = pcs
    cid = pc1.service.quick_add("王小明", "13812345678")
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    clock.advance(minutes=5)
    pc1.service.move_stage([cid], Stage.VISIT, VisitDetails(clock.now, 2))
    pc2.service.move_stage([cid], Stage.VISIT, VisitDetails(clock.now, 3))
    clock.advance(minutes=5)
    pc2.service.add_activity(cid, ActivityKind.CALL, "约了周六试驾")  # still pending after
    pc1.sync.sync_once()

    report = pc2.sync.sync_once()

    assert report.rejected == 1
    for pc in pcs:
        pc.sync.sync_once()
    history = "SELECT id, to_stage, changed_at FROM stage_change ORDER BY changed_at, to_stage"
    assert [r[1] for r in pc2.workspace.reader().execute(history)] == ["lead", "visit"]
    assert list(pc2.workspace.reader().execute(history)) == list(
        pc1.workspace.reader().execute(history)
    )
    assert count(pc2, "activity", cid) == count(pc1, "activity", cid) == 1
    (refused,) = outbox.rejected(pc2.workspace)
    assert refused.reason == "already in stage visit"


def test_a_new_customer_the_server_refuses_leaves_the_desk_and_stays_listed_as_refused(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, _ = pcs
    draft = ContactDraft(name="赵敏", mobile="13600003333", source_channel="抖音", tags=("高意向",))
    cid = pc1.service.add_contact(draft)
    queued_by_an_older_desk(
        pc1.workspace,
        MutationKind.CONTACT_CREATE,
        lambda p: p["fields"].update(source_channel="抖" * 65),
    )
    pc1.service.add_activity(cid, ActivityKind.NOTE, "想看 ID.4")
    kept = pc1.service.quick_add("王芳", "13900001111")

    report = pc1.sync.sync_once()

    assert (report.pushed, report.rejected) == (1, 2)
    assert cid in report.revoked  # the board drops the card
    assert not has_contact(pc1, cid)
    for table in ("stage_change", "activity", "contact_tag", "contact_model"):
        assert count(pc1, table, cid) == 0, table
    assert set(pc1.cards()) == {"王芳"} and has_contact(pc1, kept)
    refused = {r.kind: r for r in outbox.rejected(pc1.workspace)}
    create_refused = refused[MutationKind.CONTACT_CREATE]
    assert create_refused.reason == "invalid: source_channel: too_long (limit=64)"
    assert create_refused.contact_name == "赵敏"  # named although the contact is gone
    assert refused[MutationKind.ACTIVITY_ADD].reason.startswith("depends on rejected mutation")


def test_a_reminder_on_a_customer_reassigned_away_is_removed_and_listed_with_its_reason(
    pcs: tuple[Desk, Desk], client: TestClient, clock: FakeClock
) -> None:
    pc1, _ = pcs
    cid = pc1.service.quick_add("王小明", "13812345678")
    pc1.sync.sync_once()
    manager = login(client, "wangfang")
    moved = client.post(
        "/contacts/reassign",
        json={"from_user": "zhangwei", "to_user": "lina", "contact_ids": [cid]},
        headers=bearer(manager),
    )
    assert moved.status_code == 200, moved.text
    # Offline on 张伟's PC, before it learns of the move: a reminder and a note.
    reminder_id = pc1.service.add_reminder(cid, clock.now, "周六回访")
    pc1.service.add_activity(cid, ActivityKind.NOTE, "客户说下周来店")

    pushed, rejected = pc1.sync.push_all()

    assert (pushed, rejected) == (1, 1)  # the note is kept (the history is the company's)
    conn = pc1.workspace.reader()
    assert conn.execute("SELECT 1 FROM reminder WHERE id = ?", (reminder_id,)).fetchone() is None
    (refused,) = outbox.rejected(pc1.workspace)
    assert (refused.kind, refused.contact_id, refused.reason) == (
        MutationKind.REMINDER_ADD,
        cid,
        "reassigned to 李娜",
    )
    pc1.sync.sync_once()
    assert not has_contact(pc1, cid)  # the pulled revocation removes the rest
    assert [r.mutation_id for r in outbox.rejected(pc1.workspace)] == [refused.mutation_id]


def test_a_field_edit_the_server_refuses_returns_to_its_values_and_keeps_later_edits(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, _ = pcs
    draft = ContactDraft(name="周女士", mobile="13812340000", remark="看迈腾")
    cid = pc1.service.add_contact(draft)
    pc1.sync.sync_once()
    channel = replace(draft, source_channel="抖音直播")
    pc1.service.update_contact(cid, channel)
    queued_by_an_older_desk(
        pc1.workspace,
        MutationKind.CONTACT_UPDATE,
        lambda p: p["changes"]["source_channel"].update(value="抖" * 65),
    )
    pc1.service.update_contact(cid, replace(channel, remark="要白色"))
    assert outbox.pending_count(pc1.workspace) == 2

    report = pc1.sync.sync_once()

    assert (report.pushed, report.rejected) == (1, 1)
    detail = pc1.workspace.reader().execute(
        "SELECT source_channel, remark FROM contact WHERE id = ?", (cid,)
    )
    assert tuple(detail.fetchone()) == ("", "要白色")


# --- what the answer carries ---------------------------------------------------------------


@pytest.fixture
def zhang(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "zhangwei")


@pytest.fixture
def lina(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "lina")


def test_a_refusal_carries_the_servers_rows_of_its_subject_also_when_replayed(
    zhang: SyncDevice,
) -> None:
    created = create(tags=["高意向"])
    cid = created["payload"]["contact_id"]
    (link,) = created["payload"]["tags"]
    zhang.push_ok(created)
    bad_move = move(cid, "lead", "lead")  # already there
    again = add_tag(cid, "高意向")  # applied: another add of the same tag
    gone = remove_tag(cid, "高意向", [link["add_id"]])  # applied: the first add goes
    edit = update(cid, remark=("", "x" * 5000))  # too long

    answers = [decode_outcome(o) for o in zhang.push(bad_move, again, edit, gone)]

    assert [a.applied for a in answers] == [False, True, False, True]
    refused_move, _, refused_edit, _ = answers
    assert refused_move.current is not None and refused_edit.current is not None
    assert [(c.entity, c.id) for c in refused_move.current] == [(Entity.CONTACT, cid)]
    assert refused_move.current[0].data["stage"] == "lead"
    assert refused_edit.current[0].data["remark"] == ""
    # The answer of a replay (the first one was lost) carries the rows again.
    replayed = [decode_outcome(o) for o in zhang.push(bad_move)]
    assert replayed[0].current == refused_move.current
    # An applied outcome leaves the key out, as before there was one.
    assert "current" not in zhang.push(again)[0]


def test_a_refused_tag_add_carries_the_live_adds_of_that_tag(zhang: SyncDevice) -> None:
    created = create(tags=["高意向"])
    cid = created["payload"]["contact_id"]
    (link,) = created["payload"]["tags"]
    zhang.push_ok(created)
    bad = add_tag(cid, "高意向")
    bad["payload"]["colour"] = "red"  # not #RRGGBB

    (answer,) = [decode_outcome(o) for o in zhang.push(bad)]

    assert not answer.applied and answer.current is not None
    entities = [(c.entity, c.id) for c in answer.current]
    assert entities[0] == (Entity.CONTACT, cid)
    assert (Entity.CONTACT_TAG, link["add_id"]) in entities
    assert (Entity.CONTACT_TAG, bad["payload"]["add_id"]) not in entities
    assert {c.entity for c in answer.current} == {Entity.CONTACT, Entity.TAG, Entity.CONTACT_TAG}


def test_a_refusal_on_another_consultants_customer_carries_none_of_their_rows(
    zhang: SyncDevice, lina: SyncDevice
) -> None:
    created = create(tags=["高意向"])
    cid = created["payload"]["contact_id"]
    (link,) = created["payload"]["tags"]
    zhang.push_ok(created)

    answers = lina.push(
        update(cid, remark=("", "偷看")),
        move(cid, "lead", "visit"),
        remove_tag(cid, "高意向", [link["add_id"]]),
        add_tag(cid, "高意向"),
    )

    assert [a["outcome"] for a in answers] == ["rejected"] * 4
    assert [a["current"] for a in answers] == [[]] * 4


def test_the_refused_list_still_names_a_new_customer_that_was_taken_back(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    link = desk(client, tmp_path)
    link.sign_in("zhangwei", PASSWORD)
    service = ContactService(link.workspace)
    cid = service.add_contact(ContactDraft(name="赵敏", mobile="13600003333"))
    queued_by_an_older_desk(
        link.workspace,
        MutationKind.CONTACT_CREATE,
        lambda p: p["fields"].update(source_channel="抖" * 65),
    )
    assert link.loop is not None

    status = link.loop.run_round()

    assert status.rejected == 1 and status.report is not None
    assert cid in status.report.revoked
    [refused] = link.rejected()
    assert (refused.contact_name, refused.kind) == ("赵敏", "contact.create")
    assert queries.load_cards(link.workspace.reader(), link.workspace.consultant_id) == []
    link.dismiss_rejected([refused.mutation_id])
    assert link.rejected() == []
    link.workspace.close()


def test_a_channel_named_like_one_made_on_the_other_pc_leaves_with_its_code(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, pc2 = pcs
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    kept, _ = ChannelService(pc1.workspace).create_channel(ChannelDraft(name="抖音直播间"))
    dropped, dropped_code = ChannelService(pc2.workspace).create_channel(
        ChannelDraft(name="抖音直播间", benefit="到店送车模")
    )
    pc1.sync.sync_once()

    report = pc2.sync.sync_once()

    assert report.rejected == 2  # the channel, and the code asked for with it
    conn = pc2.workspace.reader()
    mine = "SELECT id FROM channel WHERE name = ?"
    assert [r[0] for r in conn.execute(mine, ("抖音直播间",))] == [kept]
    codes = [
        r[0] for r in conn.execute("SELECT id FROM channel_code WHERE channel_id = ?", (kept,))
    ]
    assert len(codes) == 1
    gone = "SELECT count(*) FROM channel_code WHERE id = ? OR channel_id = ?"
    assert conn.execute(gone, (dropped_code, dropped)).fetchone()[0] == 0


# --- the library: personal scripts ---------------------------------------------------------


def titles(desk: Desk, query: str) -> list[str]:
    return [hit.title.text for hit in search(desk.workspace.reader(), query).hits]


def test_a_new_script_the_server_refuses_leaves_the_desk_and_its_search_and_stays_listed(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, pc2 = pcs
    library = LibraryService(pc1.workspace)
    refused = library.create_script(ScriptDraft("途观L 异议处理", "油耗问题这样答"))
    queued_by_an_older_desk(
        pc1.workspace, MutationKind.MATERIAL_CREATE, lambda p: p["fields"].update(kind="article")
    )
    kept = library.create_script(ScriptDraft("迈腾开场白", "您好，欢迎到店看迈腾。"))
    assert titles(pc1, "异议处理") == ["途观L 异议处理"]

    report = pc1.sync.sync_once()

    assert (report.pushed, report.rejected) == (1, 1)
    conn = pc1.workspace.reader()
    assert [r[0] for r in conn.execute("SELECT id FROM material")] == [kept]
    assert titles(pc1, "异议处理") == []
    assert titles(pc1, "开场白") == ["迈腾开场白"]
    (listed,) = outbox.rejected(pc1.workspace)
    assert (listed.kind, listed.contact_name) == (MutationKind.MATERIAL_CREATE, "途观L 异议处理")
    assert listed.reason.startswith("invalid: kind: not_allowed")
    assert listed.material_id == refused
    pc2.sync.sync_once()
    assert titles(pc2, "开场白") == ["迈腾开场白"] and titles(pc2, "异议处理") == []


def test_a_script_edit_the_server_refuses_returns_to_the_servers_version_at_once(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, _ = pcs
    library = LibraryService(pc1.workspace)
    script = library.create_script(ScriptDraft("迈腾开场白", "您好，欢迎到店看迈腾。"))
    pc1.sync.sync_once()
    library.update_script(script, ScriptDraft("帕萨特开场白", "您好，欢迎到店看帕萨特。"))
    queued_by_an_older_desk(
        pc1.workspace, MutationKind.MATERIAL_UPDATE, lambda p: p["fields"].update(kind="image")
    )

    assert pc1.sync.push_all() == (0, 1)  # no pull: the answer alone sets it back

    detail = library_queries.material(pc1.workspace.reader(), script)
    assert (detail.title, detail.body) == ("迈腾开场白", "您好，欢迎到店看迈腾。")
    assert titles(pc1, "帕萨特") == []
    assert titles(pc1, "迈腾") == ["迈腾开场白"]


def test_an_edit_of_a_script_deleted_on_the_other_pc_is_refused_and_the_script_leaves(
    pcs: tuple[Desk, Desk],
) -> None:
    pc1, pc2 = pcs
    first, second = LibraryService(pc1.workspace), LibraryService(pc2.workspace)
    script = first.create_script(ScriptDraft("迈腾开场白", "您好，欢迎到店看迈腾。"))
    pc1.sync.sync_once()
    pc2.sync.sync_once()
    first.delete_script(script)
    pc1.sync.sync_once()
    second.update_script(script, ScriptDraft("迈腾开场白（新）", "您好，欢迎到店。"))

    report = pc2.sync.sync_once()

    assert report.rejected == 1
    assert pc2.workspace.reader().execute("SELECT count(*) FROM material").fetchone()[0] == 0
    assert titles(pc2, "开场白") == []
    (listed,) = outbox.rejected(pc2.workspace)
    assert (listed.contact_name, listed.reason) == (
        "迈腾开场白（新）",
        f"material {script} was deleted",
    )


def test_a_refused_library_mutation_carries_the_material_as_the_user_may_see_it(
    client: TestClient, zhang: SyncDevice, lina: SyncDevice
) -> None:
    manager = bearer(login(client, "wangfang"))
    company = publish(client, manager, title="迈腾油耗多少？")["id"]
    hers, mine, deleted = new_id(), new_id(), new_id()
    lina.push_ok(script_create(hers))
    zhang.push_ok(script_create(mine, title="我的开场白"), script_create(deleted))
    zhang.push_ok(script_delete(deleted))

    answers = [
        decode_outcome(o)
        for o in zhang.push(
            script_update(company, title="改企业的"),
            script_update(hers, title="改别人的"),
            script_create(mine, title="同一个 id"),
            script_update(deleted, title="已删除的"),
            script_create(title=""),
        )
    ]

    assert [a.applied for a in answers] == [False] * 5
    carried = [[(c.entity, c.id, c.data["title"]) for c in a.current or ()] for a in answers]
    assert carried == [
        [(Entity.MATERIAL, company, "迈腾油耗多少？")],
        [],  # another consultant's script looks unknown
        [(Entity.MATERIAL, mine, "我的开场白")],
        [],  # deleted: the log's removal takes it off the desk, in order
        [],
    ]
    # A manager does not see a consultant's personal scripts either.
    boss = SyncDevice(client, "wangfang")
    (answer,) = [decode_outcome(o) for o in boss.push(script_update(hers, title="店长改"))]
    assert not answer.applied and answer.current == ()


def test_the_refused_list_names_a_script_by_its_title_also_once_taken_back(
    client: TestClient, team: dict[str, User], tmp_path: Path
) -> None:
    link = desk(client, tmp_path)
    link.sign_in("zhangwei", PASSWORD)
    library = LibraryService(link.workspace)
    script = library.create_script(ScriptDraft("途观L 异议处理", "油耗问题这样答"))
    queued_by_an_older_desk(
        link.workspace, MutationKind.MATERIAL_CREATE, lambda p: p["fields"].update(kind="image")
    )
    assert link.loop is not None

    status = link.loop.run_round()

    assert status.rejected == 1
    [refused] = link.rejected()
    assert (refused.contact_name, refused.kind) == ("途观L 异议处理", "material.create")
    with pytest.raises(NotFoundError):
        library_queries.material(link.workspace.reader(), script)
    link.workspace.close()
