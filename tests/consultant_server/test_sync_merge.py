"""Merging in server order: per-field edits with visible conflicts, add-wins tags, clock skew.

Proof 7 of issue 3: client clocks days ahead or behind change nothing about ordering.
Proof 8: two devices edit the same field, or remove and re-add a tag, concurrently.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from consultant_server.models import User
from tests.consultant_server.support import FakeClock, TestClient
from tests.consultant_server.sync_support import (
    SyncDevice,
    activity,
    add_tag,
    create,
    move,
    reminder,
    remove_tag,
    update,
)


@pytest.fixture
def phone(client: TestClient, team: dict[str, User]) -> SyncDevice:
    """张伟's first device."""
    return SyncDevice(client, "zhangwei")


@pytest.fixture
def laptop(client: TestClient, team: dict[str, User]) -> SyncDevice:
    """张伟's second device."""
    return SyncDevice(client, "zhangwei")


@pytest.fixture
def shared_contact(phone: SyncDevice, laptop: SyncDevice) -> str:
    """A contact both devices have pulled (remark "", tag 高意向 under one add)."""
    created = create(tags=["高意向"], remark="原备注")
    phone.push_ok(created)
    phone.pull()
    laptop.pull()
    contact_id: str = created["payload"]["contact_id"]
    return contact_id


def test_concurrent_edits_of_one_field_keep_the_later_push_and_record_the_loss(
    phone: SyncDevice,
    laptop: SyncDevice,
    shared_contact: str,
    clock: FakeClock,
    team: dict[str, User],
) -> None:
    """Proof 8: both edits start from "原备注"; both apply; the later one wins, visibly."""
    cid = shared_contact
    phone.push_ok(update(cid, remark=("原备注", "手机上改的")))
    clock.advance(minutes=1)
    laptop.push_ok(update(cid, remark=("原备注", "电脑上改的"), name=("张伟", "张大伟")))
    for device in (phone, laptop):
        device.pull()
        contact = device.contact(cid)
        assert (contact["remark"], contact["name"]) == ("电脑上改的", "张大伟")
        (conflict,) = device.rows("field_conflict")
        assert conflict == {
            "id": conflict["id"],
            "contact_id": cid,
            "field": "remark",
            "lost_value": "手机上改的",
            "kept_value": "电脑上改的",
            "at": clock.now.isoformat(),
            "lost_by": str(team["zhangwei"].id),
            "kept_by": str(team["zhangwei"].id),
        }


def test_an_edit_based_on_the_current_value_is_no_conflict(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str
) -> None:
    cid = shared_contact
    phone.push_ok(update(cid, remark=("原备注", "一")))
    laptop.pull()
    laptop.push_ok(update(cid, remark=("一", "二")))
    # The same value from a stale base loses nothing either.
    phone.push_ok(update(cid, remark=("原备注", "二")))
    phone.pull()
    assert phone.contact(cid)["remark"] == "二"
    assert phone.rows("field_conflict") == []


def test_edits_of_different_fields_both_stay(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str
) -> None:
    cid = shared_contact
    phone.push_ok(update(cid, remark=("原备注", "周六来")))
    laptop.push_ok(update(cid, models=(["迈腾"], ["途观L"])))
    phone.pull()
    contact = phone.contact(cid)
    assert (contact["remark"], contact["models"]) == ("周六来", ["途观L"])
    assert phone.rows("field_conflict") == []


def test_a_conflict_names_who_wrote_the_lost_value(
    phone: SyncDevice, client: TestClient, shared_contact: str, team: dict[str, User]
) -> None:
    manager = SyncDevice(client, "wangfang")
    manager.push_ok(update(shared_contact, wecom_id=("", "wx-manager")))
    phone.push_ok(update(shared_contact, wecom_id=("", "wx-phone")))
    phone.pull()
    (conflict,) = phone.rows("field_conflict")
    assert (conflict["lost_value"], conflict["lost_by"], conflict["kept_by"]) == (
        "wx-manager",
        str(team["wangfang"].id),
        str(team["zhangwei"].id),
    )


@pytest.mark.parametrize("order", ["remove_first", "add_first"])
def test_a_tag_removed_on_one_device_while_re_added_on_another_stays(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str, order: str
) -> None:
    """Proof 8: observed-remove, add wins. The phone removes add X; the laptop adds Y."""
    cid = shared_contact
    (link,) = phone.rows("contact_tag")
    removal = remove_tag(cid, "高意向", [link["id"]])
    re_add = add_tag(cid, "高意向")
    first, second = (phone, laptop) if order == "remove_first" else (laptop, phone)
    first_mutation, second_mutation = (
        (removal, re_add) if order == "remove_first" else (re_add, removal)
    )
    first.push_ok(first_mutation)
    second.push_ok(second_mutation)
    for device in (phone, laptop):
        device.pull()
        assert device.tag_names(cid) == {"高意向"}
        assert [r["id"] for r in device.rows("contact_tag")] == [re_add["payload"]["add_id"]]


def test_a_remove_of_every_add_seen_takes_the_tag_off(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str
) -> None:
    cid = shared_contact
    (link,) = laptop.rows("contact_tag")
    laptop.push_ok(remove_tag(cid, "高意向", [link["id"]]))
    phone.pull()
    assert phone.tag_names(cid) == set()
    # Removing again, or adding the same add again, changes nothing.
    phone.push_ok(remove_tag(cid, "高意向", [link["id"]]))
    phone.push_ok(add_tag(cid, "高意向", add_id=link["id"]))
    phone.pull()
    assert phone.tag_names(cid) == set()


def test_a_surviving_older_add_is_sent_again_when_the_newer_one_is_removed(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str
) -> None:
    """Clients keep one row per tag and contact under the add id they saw last. When that add
    is removed while an older one survives, the survivor is sent again so the tag stays."""
    cid = shared_contact
    (older,) = phone.rows("contact_tag")
    newer = add_tag(cid, "高意向")
    laptop.push_ok(newer)  # the laptop's row now carries the newer add id only
    laptop.push_ok(remove_tag(cid, "高意向", [newer["payload"]["add_id"]]))
    changes = laptop.pull()
    links = [(c["op"], c["id"]) for c in changes if c["entity"] == "contact_tag"]
    assert links[-2:] == [("delete", newer["payload"]["add_id"]), ("upsert", older["id"])]


def test_client_clocks_days_off_change_nothing_about_order(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str, clock: FakeClock
) -> None:
    """Proof 7: seq order is arrival order, whatever times the clients put in their payloads."""
    cid = shared_contact
    ahead = clock.now + timedelta(days=3)
    behind = clock.now - timedelta(days=5)
    arrivals = [
        (phone, activity(cid, ahead, body="钟快了三天")),
        (laptop, activity(cid, behind, body="钟慢了五天")),
        (phone, reminder(cid, ahead)),
        (laptop, update(cid, remark=("原备注", "慢钟写的"))),
        (phone, update(cid, remark=("原备注", "快钟写的"))),
        (laptop, move(cid, "lead", "first_contact")),
    ]
    for device, mutation in arrivals:
        clock.advance(seconds=1)
        device.push_ok(mutation)
    changes = phone.pull()
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs)
    bodies = [c["data"]["body"] for c in changes if c["entity"] == "activity"]
    assert bodies == ["钟快了三天", "钟慢了五天"]  # arrival order, not occurred_at order
    contact = phone.contact(cid)
    assert contact["remark"] == "快钟写的"  # the later push wins, whatever its clock said
    # The payload's times are kept as the user chose them …
    occurred = {r["body"]: r["occurred_at"] for r in phone.rows("activity")}
    assert occurred["钟快了三天"] == ahead.isoformat()
    assert phone.rows("reminder")[0]["due_at"] == ahead.isoformat()
    # … but only the server's clock stamps the record: nothing lands in the future.
    assert datetime.fromisoformat(contact["last_touch_at"]) <= clock.now
    assert contact["updated_at"] == clock.now.isoformat()
    (moved,) = [r for r in phone.rows("stage_change") if r["from_stage"] == "lead"]
    assert moved["changed_at"] == clock.now.isoformat()


def test_a_stage_move_is_judged_against_the_servers_stage(
    phone: SyncDevice, laptop: SyncDevice, shared_contact: str
) -> None:
    """Both devices saw "lead"; the phone moves to first contact, the laptop to lost and then
    (not having seen either) to first contact too: that one is already done."""
    cid = shared_contact
    phone.push_ok(move(cid, "lead", "first_contact"))
    lost = {"type": "LostDetails", "reason": "price", "competitor": "", "note": ""}
    outcomes = laptop.push(move(cid, "lead", "lost", lost), move(cid, "lead", "lost", lost))
    assert [(o["outcome"], o["reason"]) for o in outcomes] == [
        ("applied", None),
        ("rejected", "already in stage lost"),
    ]
    phone.pull()
    history = phone.rows("stage_change")
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        (None, "lead"),
        ("lead", "first_contact"),
        ("first_contact", "lost"),  # the server's order, not the laptop's view
    ]
    assert phone.contact(cid)["stage"] == "lost"
