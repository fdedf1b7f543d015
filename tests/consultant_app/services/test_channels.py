"""Channels on the desk: the text rules (shared with the server), the welcome placeholders, the
offline commands (local rows and their mutations in one transaction) and the read API."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from consultant_app.errors import NotFoundError, ValidationError
from consultant_app.services.channels import (
    MAX_CHANNEL_NAME,
    ChannelDraft,
    ChannelService,
    render_welcome,
    unknown_placeholders,
)
from consultant_app.store.channels import code_url, list_channels
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import Change, CodeStatus, MutationKind, decode_change
from tests.consultant_app.support import FakeClock

T0 = "2026-11-20T02:00:00+00:00"
BASE = "https://crm.example-dealer.cn/"


@pytest.fixture
def channels(workspace: Workspace, clock: FakeClock) -> ChannelService:
    return ChannelService(workspace, clock=clock)


def outbox(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    rows = conn.execute("SELECT kind, payload_json FROM outbox ORDER BY seq").fetchall()
    return [(kind, json.loads(payload)) for kind, payload in rows]


class Log:
    """Pulled changes, numbered as the server's log numbers them."""

    def __init__(self) -> None:
        self.seq = 0

    def change(self, entity: str, ident: str, **data: Any) -> Change:
        self.seq += 1
        return decode_change(
            {
                "seq": self.seq,
                "entity": entity,
                "op": "upsert",
                "id": ident,
                "data": {"id": ident, **data},
            }
        )

    def channel(self, ident: str, name: str, owner: str | None = None, **more: Any) -> Change:
        data = {
            "owner_id": owner,
            "builtin": None,
            "name": name,
            "benefit": "",
            "welcome": "",
            "tags": [],
            "archived_at": None,
            "created_at": T0,
            "updated_at": T0,
        }
        return self.change("channel", ident, **{**data, **more})

    def code(self, ident: str, channel: str, owner: str | None, **more: Any) -> Change:
        data = {
            "channel_id": channel,
            "kind": "consultant" if owner else "duty",
            "owner_id": owner,
            "target_id": None,
            "token": "Ab3dE9xQ",
            "status": "active",
            "created_at": T0,
            "updated_at": T0,
        }
        return self.change("channel_code", ident, **{**data, **more})


@pytest.fixture
def log() -> Log:
    return Log()


# --- the rules ------------------------------------------------------------------------------


def test_a_draft_is_cleaned_and_its_tags_kept_once() -> None:
    clean = ChannelDraft(
        "  车友会 ", " 入群送保养 ", "  {customer}您好\n", ("车友", " 车友", "")
    ).validated()
    assert clean == ChannelDraft("车友会", "入群送保养", "{customer}您好", ("车友",))


@pytest.mark.parametrize(
    ("draft", "field", "code"),
    [
        (ChannelDraft(""), "name", "required"),
        (ChannelDraft("长" * (MAX_CHANNEL_NAME + 1)), "name", "too_long"),
        (ChannelDraft("x", benefit="福" * 41), "benefit", "too_long"),
        (ChannelDraft("x", welcome="{custmer}您好"), "welcome", "unknown_placeholder"),
        (ChannelDraft("x", tags=tuple("abcdef")), "tags", "too_many"),
        (ChannelDraft("x", tags=("标" * 21,)), "tags", "too_long"),
    ],
)
def test_a_draft_that_breaks_a_rule_names_the_field(
    draft: ChannelDraft, field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        draft.validated()
    assert raised.value.errors[field].code == code


def test_the_welcome_fills_its_placeholders_and_nothing_else() -> None:
    template = "{customer}您好，我是{showroom}的{consultant}。{0.__class__} {custmer}"
    assert unknown_placeholders(template) == ["0.__class__", "custmer"]
    text = render_welcome(template, customer="王先生", consultant="{customer}", showroom="一号展厅")
    assert text == "王先生您好，我是一号展厅的{customer}。{0.__class__} {custmer}"


# --- the commands ---------------------------------------------------------------------------


def test_a_channel_made_offline_queues_its_creation_and_its_code_request_together(
    channels: ChannelService, conn: sqlite3.Connection, workspace: Workspace
) -> None:
    channel_id, code_id = channels.create_channel(
        ChannelDraft("车友会", "入群送保养", tags=("车友",))
    )
    assert outbox(conn) == [
        (
            MutationKind.CHANNEL_CREATE.value,
            {
                "channel_id": channel_id,
                "name": "车友会",
                "benefit": "入群送保养",
                "welcome": "",
                "tags": ["车友"],
            },
        ),
        (MutationKind.CHANNEL_CODE_REQUEST.value, {"code_id": code_id, "channel_id": channel_id}),
    ]
    (view,) = list_channels(conn, workspace.consultant_id, BASE)
    assert (view.id, view.mine, view.shared, view.pending) == (channel_id, True, False, True)
    assert view.code is not None
    assert (view.code.id, view.code.token, view.code.url, view.code.synced) == (
        code_id,
        None,
        None,
        False,
    )
    assert channels.request_code(channel_id) == code_id  # one per channel: nothing new queued
    assert len(outbox(conn)) == 2


def test_a_taken_name_is_refused_and_nothing_is_written(
    channels: ChannelService, conn: sqlite3.Connection
) -> None:
    channels.create_channel(ChannelDraft("车友会"))
    with pytest.raises(ValidationError) as raised:
        channels.create_channel(ChannelDraft(" 车友会"))
    assert raised.value.errors["name"].code == "duplicate"
    assert conn.execute("SELECT count(*) FROM channel").fetchone()[0] == 1
    assert len(outbox(conn)) == 2


def test_an_edit_sends_only_what_changed_and_only_the_owner_may_make_it(
    channels: ChannelService, conn: sqlite3.Connection, workspace: Workspace, log: Log
) -> None:
    channel_id, _ = channels.create_channel(ChannelDraft("车友会", "入群送保养"))
    channels.update_channel(channel_id, ChannelDraft("车友会", "入群送保养", "{customer}您好"))
    channels.update_channel(channel_id, ChannelDraft("车友会", "入群送保养", "{customer}您好"))
    channels.archive_channel(channel_id)
    assert outbox(conn)[2:] == [
        (
            MutationKind.CHANNEL_UPDATE.value,
            {"channel_id": channel_id, "changes": {"welcome": "{customer}您好"}},
        ),
        (
            MutationKind.CHANNEL_UPDATE.value,
            {"channel_id": channel_id, "changes": {"archived": True}},
        ),
    ]
    assert list_channels(conn, workspace.consultant_id, BASE) == []
    assert list_channels(conn, workspace.consultant_id, BASE, include_archived=True)[0].archived
    apply_page(workspace, [log.channel("s1", "展厅展架", builtin="display_stand")], "c1")
    with pytest.raises(NotFoundError):
        channels.update_channel("s1", ChannelDraft("展架"))  # the showroom's: the managers'


def test_a_code_pauses_resumes_and_once_revoked_stays_revoked(
    channels: ChannelService, conn: sqlite3.Connection
) -> None:
    _, code_id = channels.create_channel(ChannelDraft("车友会"))
    channels.set_code_status(code_id, CodeStatus.PAUSED)
    channels.set_code_status(code_id, CodeStatus.PAUSED)  # no change: nothing queued
    channels.set_code_status(code_id, CodeStatus.REVOKED)
    with pytest.raises(ValidationError):
        channels.set_code_status(code_id, CodeStatus.ACTIVE)
    statuses = [p["status"] for k, p in outbox(conn) if k == MutationKind.CHANNEL_CODE_SET_STATUS]
    assert statuses == ["paused", "revoked"]


# --- applying pulled channels ----------------------------------------------------------------


def test_pulled_channels_list_in_order_with_their_urls(
    workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    me = workspace.consultant_id
    apply_page(
        workspace,
        [
            log.channel("c-own", "车友会", owner=me),
            log.channel("c-sms", "短信", builtin="sms", tags=["扫码线索"]),
            log.channel("c-stand", "展厅展架", builtin="display_stand"),
            log.code("k-stand", "c-stand", me, token="Stand001"),
            log.code("k-duty", "c-stand", None, token="Duty0001"),
            log.code("k-sms", "c-sms", me, token="SmsCode1", status="paused"),
        ],
        "c1",
    )
    listed = list_channels(conn, me, BASE)
    assert [v.name for v in listed] == ["展厅展架", "短信", "车友会"]
    stand, sms, own = listed
    assert stand.code is not None and stand.code.url == "https://crm.example-dealer.cn/q/Stand001"
    assert [c.token for c in stand.duty_codes] == ["Duty0001"]
    assert sms.code is not None and sms.code.status is CodeStatus.PAUSED and sms.code.usable
    assert sms.tags == ("扫码线索",)
    assert own.code is None and own.mine
    assert code_url("http://10.0.0.5:8000", "Ab3dE9xQ") == "http://10.0.0.5:8000/q/Ab3dE9xQ"


def test_a_stand_in_code_gives_way_to_the_one_the_server_answered_with(
    channels: ChannelService, workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    me = workspace.consultant_id
    apply_page(workspace, [log.channel("c-stand", "展厅展架", builtin="display_stand")], "c1")
    stand_in = channels.request_code("c-stand")
    apply_page(workspace, [log.code("k-real", "c-stand", me, token="Real0001")], "c2")
    (view,) = list_channels(conn, me, BASE)
    assert view.code is not None and (view.code.id, view.code.token) == ("k-real", "Real0001")
    assert (
        conn.execute("SELECT count(*) FROM channel_code WHERE id = ?", (stand_in,)).fetchone()[0]
        == 0
    )


def test_pending_edits_stay_on_screen_over_a_pulled_page(
    channels: ChannelService, workspace: Workspace, conn: sqlite3.Connection, log: Log
) -> None:
    me = workspace.consultant_id
    apply_page(
        workspace,
        [log.channel("c-own", "车友会", owner=me), log.code("k-own", "c-own", me)],
        "c1",
    )
    channels.update_channel("c-own", ChannelDraft("车友会", "新的福利", tags=("车友",)))
    channels.set_code_status("k-own", CodeStatus.PAUSED)
    # The server's older rows arrive again (another desk's change to something else, say).
    apply_page(
        workspace,
        [log.channel("c-own", "车友会", owner=me), log.code("k-own", "c-own", me)],
        "c2",
    )
    (view,) = list_channels(conn, me, BASE)
    assert (view.benefit, view.tags, view.pending) == ("新的福利", ("车友",), True)
    assert view.code is not None
    assert (view.code.status, view.code.pending, view.code.synced) == (
        CodeStatus.PAUSED,
        True,
        False,
    )
