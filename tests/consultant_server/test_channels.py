"""Channels, live codes, the duty roster, re-targeting and statistics: services and API.

Every endpoint refuses another consultant's data (their channel or code looks unknown); the
duty roster spreads leads evenly under caps with a backup, also when scans arrive at once
(on PostgreSQL the routings really overlap, and a control run without the roster lock shows
that they then break the cap).
"""

from __future__ import annotations

import io
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.sync.wire import REQUIRED_KEYS, MutationKind
from consultant_server import cli
from consultant_server.core.config import Settings
from consultant_server.models import (
    ChangeLog,
    Channel,
    ChannelCode,
    Contact,
    DutyRoster,
    Role,
    Scan,
    User,
)
from consultant_server.services import accounts, channels, landing
from consultant_server.services.channels import BUILTINS, builtin_channel_id
from tests.consultant_server.channel_support import (
    code_of,
    contacts_of,
    duty_code,
    notes_of,
    owner_name,
    set_roster,
    submit,
)
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import (
    CHEAP_HASHING,
    PG_URL,
    FakeClock,
    TestClient,
    bearer,
    login,
)
from tests.consultant_server.sync_support import SyncDevice, create, move, mutation, new_id

Sessions = sessionmaker[Session]
TOKEN = re.compile(r"[0-9A-Za-z]{8}")
MONDAY, TUESDAY = 0, 1
BUILTIN_NAMES = ["展厅展架", "展厅大屏", "短信", "朋友圈", "车展", "试驾活动"]


@pytest.fixture
def crew(team: dict[str, User], make_user: MakeUser) -> dict[str, User]:
    """The team and a third consultant of 一号展厅, 孙丽, who is the duty backup in tests."""
    return {**team, "sunli": make_user("sunli", display_name="孙丽")}


@pytest.fixture
def headers(client: TestClient, crew: dict[str, User]) -> dict[str, dict[str, str]]:
    """A bearer header per user."""
    return {name: bearer(login(client, name)) for name in crew}


# --- seeding ----------------------------------------------------------------------------------


def test_a_consultant_sees_the_built_in_channels_each_with_their_own_code(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    listed = client.get("/channels", headers=headers["zhangwei"]).json()
    assert [c["name"] for c in listed] == BUILTIN_NAMES
    assert [c["builtin"] for c in listed] == [b.code for b in BUILTINS]
    for channel in listed:
        assert channel["owner_id"] is None
        assert channel["benefit"] and "{consultant}" in channel["welcome"]
        (code,) = channel["codes"]
        assert code["owner_id"] == str(crew["zhangwei"].id)
        assert (code["kind"], code["status"], code["target_id"]) == ("consultant", "active", None)
        assert TOKEN.fullmatch(code["token"])
        assert code["url"] == f"http://testserver/q/{code['token']}"


def test_a_manager_sees_every_consultants_code_and_has_none_unasked(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    listed = client.get("/channels", headers=headers["wangfang"]).json()
    owners = Counter(code["owner_id"] for channel in listed for code in channel["codes"])
    consultants = ("zhangwei", "lina", "sunli")
    assert owners == {str(crew[name].id): 6 for name in consultants}


def test_tokens_are_unique_base62_and_seeding_again_makes_nothing(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    with sessions() as session:
        tokens = list(session.scalars(select(ChannelCode.token)))
        assert channels.seed_all(session, clock=clock) == 0
        assert session.scalar(select(func.count()).select_from(Channel)) == 12  # 2 showrooms
    assert len(tokens) == len(set(tokens)) == 6 * 4  # 张伟, 李娜, 孙丽, 陈杰
    assert all(TOKEN.fullmatch(t) for t in tokens)


def test_a_showroom_from_before_channels_is_seeded_by_migrate(
    sessions: Sessions, crew: dict[str, User], settings: Settings
) -> None:
    with sessions() as session:
        session.query(ChannelCode).delete()
        session.query(Channel).delete()
        session.commit()
    out = io.StringIO()
    assert cli.main(["migrate", "--database-url", settings.database_url], stdout=out) == 0
    assert "made 36 built-in channel(s) and live code(s)" in out.getvalue()  # 12 + 24
    out = io.StringIO()
    assert cli.main(["channel", "seed", "--database-url", settings.database_url], stdout=out) == 0
    assert "made 0" in out.getvalue()


def test_the_command_line_lists_a_users_codes_with_their_urls(
    crew: dict[str, User], settings: Settings, sessions: Sessions
) -> None:
    out = io.StringIO()
    argv = ["channel", "codes", "zhangwei", "--base-url", "https://desk.example.cn/"]
    assert cli.main([*argv, "--database-url", settings.database_url], stdout=out) == 0
    lines = out.getvalue().splitlines()
    token = code_of(sessions, crew["zhangwei"]).token
    assert f"展厅展架\tconsultant\tactive\thttps://desk.example.cn/q/{token}" in lines
    assert len(lines) == 6


def test_a_title_given_on_the_command_line_is_on_the_code_page(
    client: TestClient, settings: Settings, sessions: Sessions, engine: Engine
) -> None:
    argv = ["user", "add", "lilei", "--display-name", "李雷", "--role", "consultant"]
    argv += ["--showroom", "一号展厅", "--title", "资深销售顾问"]
    env = {f"SHOWROOM_SERVER_{k.upper()}": str(v) for k, v in CHEAP_HASHING.items()}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        status = cli.main(
            [*argv, "--database-url", settings.database_url],
            stdin=io.StringIO("correct-horse-9\n"),
            stdout=io.StringIO(),
        )
    assert status == 0
    with sessions() as session:
        user = accounts.user_named(session, "lilei")
    page = client.get(f"/q/{code_of(sessions, user).token}").text
    assert "资深销售顾问 · 一号展厅" in page


# --- channels and codes through the API ---------------------------------------------------


def test_a_consultant_adds_an_own_channel_and_asks_for_its_one_code(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    zhang = headers["zhangwei"]
    body = {
        "name": "车友会",
        "benefit": "入群送保养",
        "welcome": "{customer}您好",
        "tags": ["车友"],
    }
    made = client.post("/channels", json=body, headers=zhang)
    assert made.status_code == 201, made.text
    channel = made.json()
    assert (channel["owner_id"], channel["codes"]) == (str(crew["zhangwei"].id), [])
    first = client.post(f"/channels/{channel['id']}/codes", json={}, headers=zhang)
    again = client.post(f"/channels/{channel['id']}/codes", json={}, headers=zhang)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]  # one live code per channel
    assert [c["name"] for c in client.get("/channels", headers=zhang).json()][-1] == "车友会"
    lina_sees = client.get("/channels", headers=headers["lina"]).json()
    assert "车友会" not in {c["name"] for c in lina_sees}


def test_channel_text_follows_the_shared_rules(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    zhang = headers["zhangwei"]
    cases = [
        ({"name": "车友会", "welcome": "{custmer}您好"}, "welcome"),
        ({"name": "长" * 21}, "name"),
        ({"name": "车友会", "tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"name": "展厅展架"}, "name"),  # the showroom has one of that name
    ]
    for body, field in cases:
        response = client.post("/channels", json=body, headers=zhang)
        assert response.status_code == 422, body
        assert field in response.json()["fields"]


def test_a_manager_shares_a_channel_and_every_consultant_gets_a_code(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    made = client.post(
        "/channels", json={"name": "老带新", "shared": True}, headers=headers["wangfang"]
    ).json()
    assert made["owner_id"] is None
    assert len(made["codes"]) == 3
    for name in ("zhangwei", "lina", "sunli"):
        listed = {c["name"]: c for c in client.get("/channels", headers=headers[name]).json()}
        (code,) = listed["老带新"]["codes"]
        assert code["owner_id"] == str(crew[name].id)


def test_managers_edit_the_showrooms_channels_and_a_built_in_keeps_its_name(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    moments = builtin_channel_id(crew["zhangwei"].showroom_id, "moments")
    refused = client.patch(f"/channels/{moments}", json={"benefit": "x"}, headers=headers["lina"])
    assert refused.status_code == 403
    renamed = client.patch(
        f"/channels/{moments}", json={"name": "微信"}, headers=headers["wangfang"]
    )
    assert renamed.status_code == 422
    changed = client.patch(
        f"/channels/{moments}",
        json={"benefit": "扫码领取车载香薰", "tags": ["朋友圈", "香薰活动"]},
        headers=headers["wangfang"],
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["benefit"], changed.json()["tags"]) == (
        "扫码领取车载香薰",
        ["朋友圈", "香薰活动"],
    )


def test_only_managers_share_channels_make_duty_codes_or_set_the_roster(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    zhang = headers["zhangwei"]
    screen = builtin_channel_id(crew["zhangwei"].showroom_id, "showroom_screen")
    assert (
        client.post("/channels", json={"name": "x", "shared": True}, headers=zhang).status_code
        == 403
    )
    duty = client.post(f"/channels/{screen}/codes", json={"kind": "duty"}, headers=zhang)
    assert duty.status_code == 403
    assert client.put("/duty", json={"daily_cap": 3}, headers=zhang).status_code == 403
    made = client.post(
        f"/channels/{screen}/codes", json={"kind": "duty"}, headers=headers["wangfang"]
    )
    assert made.status_code == 201
    assert (made.json()["kind"], made.json()["owner_id"]) == ("duty", None)
    code_id = made.json()["id"]
    assert (
        client.post(
            f"/codes/{code_id}/status", json={"status": "paused"}, headers=zhang
        ).status_code
        == 403
    )
    assert client.get("/duty", headers=zhang).status_code == 200  # reading it is fine


def test_another_consultants_channels_and_codes_look_unknown_at_every_endpoint(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    crew: dict[str, User],
    sessions: Sessions,
) -> None:
    own = client.post("/channels", json={"name": "车友会"}, headers=headers["zhangwei"]).json()
    code = code_of(sessions, crew["zhangwei"])
    for intruder in ("lina", "chenjie"):  # a colleague, and a consultant of 二号展厅
        h = headers[intruder]
        assert (
            client.patch(f"/channels/{own['id']}", json={"name": "x"}, headers=h).status_code == 404
        )
        assert client.post(f"/channels/{own['id']}/codes", json={}, headers=h).status_code == 404
        assert (
            client.post(
                f"/codes/{code.id}/status", json={"status": "revoked"}, headers=h
            ).status_code
            == 404
        )
        target = {"target_id": str(crew[intruder].id)}
        assert client.post(f"/codes/{code.id}/target", json=target, headers=h).status_code == 404
        listed = client.get("/channels", headers=h).json()
        assert own["id"] not in {c["id"] for c in listed}
        assert str(code.id) not in {k["id"] for c in listed for k in c["codes"]}
    foreign = builtin_channel_id(crew["chenjie"].showroom_id, "sms")  # 二号展厅's
    answer = client.patch(
        f"/channels/{foreign}", json={"benefit": "x"}, headers=headers["wangfang"]
    )
    assert answer.status_code == 404
    assert code_of(sessions, crew["zhangwei"]).status == "active"  # nothing changed
    assert client.get("/channels").status_code == 401


def test_a_code_pauses_and_resumes_and_a_revoked_one_stays_revoked(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    crew: dict[str, User],
    sessions: Sessions,
) -> None:
    zhang = headers["zhangwei"]
    code = code_of(sessions, crew["zhangwei"])
    for status in ("paused", "active", "revoked"):
        answer = client.post(f"/codes/{code.id}/status", json={"status": status}, headers=zhang)
        assert answer.json()["status"] == status
    back = client.post(f"/codes/{code.id}/status", json={"status": "active"}, headers=zhang)
    assert back.status_code == 422
    channel_id = str(code.channel_id)
    fresh = client.post(f"/channels/{channel_id}/codes", json={}, headers=zhang).json()
    assert fresh["id"] != str(code.id) and fresh["token"] != code.token  # a new one may replace it


def test_re_targeting_needs_an_active_user_of_the_showroom(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    crew: dict[str, User],
    sessions: Sessions,
    clock: FakeClock,
) -> None:
    code = code_of(sessions, crew["zhangwei"])
    url = f"/codes/{code.id}/target"
    chen = {"target_id": str(crew["chenjie"].id)}
    assert client.post(url, json=chen, headers=headers["wangfang"]).status_code == 404
    with sessions() as session:
        accounts.deactivate_user(session, "sunli", clock=clock)
    sun = {"target_id": str(crew["sunli"].id)}
    assert client.post(url, json=sun, headers=headers["wangfang"]).status_code == 422
    lina = {"target_id": str(crew["lina"].id)}
    moved = client.post(url, json=lina, headers=headers["zhangwei"])  # a consultant, on leave
    assert moved.json()["target_id"] == str(crew["lina"].id)
    home = {"target_id": str(crew["zhangwei"].id)}  # the owner again means: no target
    assert client.post(url, json=home, headers=headers["wangfang"]).json()["target_id"] is None
    duty = duty_code(sessions, crew["wangfang"], clock)
    assert (
        client.post(f"/codes/{duty.id}/target", json=lina, headers=headers["wangfang"]).status_code
        == 422
    )


def test_the_roster_round_trips_and_names_only_active_users_of_the_showroom(
    client: TestClient, headers: dict[str, dict[str, str]], crew: dict[str, User]
) -> None:
    body = {
        "daily_cap": 5,
        "backup_id": str(crew["sunli"].id),
        "slots": [
            {"weekday": 0, "user_id": str(crew["zhangwei"].id)},
            {"weekday": 0, "user_id": str(crew["lina"].id), "daily_cap": 2},
        ],
    }
    saved = client.put("/duty", json=body, headers=headers["wangfang"])
    assert saved.status_code == 200, saved.text
    read = client.get("/duty", headers=headers["lina"]).json()
    assert (read["daily_cap"], read["backup_id"]) == (5, str(crew["sunli"].id))
    assert [(s["weekday"], s["user_id"], s["daily_cap"]) for s in read["slots"]] == [
        (0, str(crew["zhangwei"].id), None),
        (0, str(crew["lina"].id), 2),
    ]
    foreign = {**body, "backup_id": str(crew["chenjie"].id)}
    assert client.put("/duty", json=foreign, headers=headers["wangfang"]).status_code == 404
    twice = {**body, "slots": body["slots"] + body["slots"][:1]}
    assert client.put("/duty", json=twice, headers=headers["wangfang"]).status_code == 422


# --- routing ------------------------------------------------------------------------------


def test_a_consultant_code_brings_leads_to_its_owner_then_to_whom_it_is_re_targeted(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    code = code_of(sessions, crew["zhangwei"])
    first = submit(sessions, code.token, "13800000001", clock)
    assert (owner_name(sessions, first), first.route_reason) == ("zhangwei", "owner")
    with sessions() as session:
        channels.retarget_code_now(session, crew["wangfang"], code.id, crew["lina"].id, clock=clock)
    second = submit(sessions, code.token, "13800000002", clock)
    assert (owner_name(sessions, second), second.route_reason) == ("lina", "retargeted")


def test_duty_leads_spread_evenly_and_respect_each_cap_then_go_to_the_backup(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    zhang, lina = crew["zhangwei"], crew["lina"]
    set_roster(
        sessions,
        crew["wangfang"],
        {MONDAY: [zhang, lina]},
        cap=3,
        caps={(MONDAY, lina.id): 2},
        backup=crew["sunli"],
        clock=clock,
    )
    token = duty_code(sessions, crew["wangfang"], clock).token
    got = []
    for n in range(7):
        clock.advance(minutes=1)
        got.append(owner_name(sessions, submit(sessions, token, f"1380000010{n}", clock)))
    assert got == ["zhangwei", "lina", "zhangwei", "lina", "zhangwei", "sunli", "sunli"]
    clock.advance(days=7)  # next Monday: the counts start again
    assert owner_name(sessions, submit(sessions, token, "13800000200", clock)) == "zhangwei"


def test_a_duty_lead_records_who_was_on_duty_and_why(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    set_roster(
        sessions, crew["wangfang"], {MONDAY: [crew["zhangwei"], crew["lina"]]}, cap=10, clock=clock
    )
    token = duty_code(sessions, crew["wangfang"], clock).token
    submit(sessions, token, "13800000011", clock)
    clock.advance(minutes=1)
    scan = submit(sessions, token, "13800000012", clock, model="迈腾", when="weekend")
    assert scan.route_reason == "duty"
    assert scan.on_duty == [
        {"id": str(crew["zhangwei"].id), "name": "张伟", "today": 1, "cap": 10},
        {"id": str(crew["lina"].id), "name": "李娜", "today": 0, "cap": 10},
    ]
    assert scan.consent_at == clock.now and scan.notice_version == landing.NOTICE_VERSION
    assert scan.contact_id is not None
    (note,) = notes_of(sessions, scan.contact_id)
    assert "渠道：展厅大屏（值班码" in note
    assert "分配：按值班表分配给今日线索最少的李娜" in note
    assert "今日值班（分配前）：张伟 1/10、李娜 0/10" in note
    assert "意向车型：迈腾；希望试驾：本周末" in note


def test_nobody_on_duty_goes_to_the_backup_and_without_one_to_a_manager(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    set_roster(
        sessions, crew["wangfang"], {MONDAY: [crew["zhangwei"]]}, backup=crew["sunli"], clock=clock
    )
    token = duty_code(sessions, crew["wangfang"], clock).token
    clock.advance(days=1)  # Tuesday: nobody on duty
    scan = submit(sessions, token, "13800000021", clock)
    assert (owner_name(sessions, scan), scan.route_reason) == ("sunli", "backup")
    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["zhangwei"]]}, clock=clock)
    scan = submit(sessions, token, "13800000022", clock)
    assert (owner_name(sessions, scan), scan.route_reason) == ("wangfang", "manager")
    assert "无人可接且未设备岗，转经理王芳" in notes_of(sessions, scan.contact_id)[0]  # type: ignore[arg-type]


def test_a_paused_code_or_one_whose_consultant_left_falls_back_to_the_duty_roster(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["lina"]]}, clock=clock)
    code = code_of(sessions, crew["zhangwei"])
    with sessions() as session:
        channels.set_code_status_now(session, crew["zhangwei"], code.id, "paused", clock=clock)
    scan = submit(sessions, code.token, "13800000031", clock)
    assert (owner_name(sessions, scan), scan.route_reason) == ("lina", "duty")
    assert "原顾问码已暂停，按值班表分配" in notes_of(sessions, scan.contact_id)[0]  # type: ignore[arg-type]
    sun = code_of(sessions, crew["sunli"])
    with sessions() as session:
        accounts.deactivate_user(session, "sunli", clock=clock)
    scan = submit(sessions, sun.token, "13800000032", clock)
    assert (owner_name(sessions, scan), scan.route_reason) == ("lina", "duty")


def test_a_duty_scan_of_a_showroom_customer_goes_to_their_consultant_without_using_the_cap(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock
) -> None:
    own = code_of(sessions, crew["zhangwei"])
    submit(sessions, own.token, "13800000041", clock)  # 张伟's customer now
    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["lina"]]}, cap=1, clock=clock)
    token = duty_code(sessions, crew["wangfang"], clock).token
    again = submit(sessions, token, "138 0000 0041", clock)
    assert (owner_name(sessions, again), again.route_reason, again.outcome) == (
        "zhangwei",
        "existing_customer",
        "again",
    )
    fresh = submit(sessions, token, "13800000042", clock)
    assert (owner_name(sessions, fresh), fresh.route_reason) == ("lina", "duty")  # cap untouched


@pytest.fixture
def slow_routing(engine: Engine) -> Iterator[None]:
    """Keep each routing's transaction open a moment after it read the roster, so that
    concurrent routings overlap for real on PostgreSQL."""

    def pause(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "FROM duty_roster" in statement:
            time.sleep(0.05)

    event.listen(engine, "after_cursor_execute", pause)
    yield
    event.remove(engine, "after_cursor_execute", pause)


def submit_together(
    sessions: Sessions, token: str, mobiles: list[str], clock: FakeClock
) -> list[Scan]:
    """Submit each mobile on its own thread and session, all at once."""
    barrier = threading.Barrier(len(mobiles))
    scans: list[Scan] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(mobile: str) -> None:
        try:
            barrier.wait(timeout=30)
            scan = submit(sessions, token, mobile, clock)
            with lock:
                scans.append(scan)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(m,)) for m in mobiles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return scans


def test_scans_at_once_never_exceed_a_cap(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock, slow_routing: None
) -> None:
    set_roster(
        sessions,
        crew["wangfang"],
        {MONDAY: [crew["zhangwei"], crew["lina"]]},
        cap=2,
        backup=crew["sunli"],
        clock=clock,
    )
    token = duty_code(sessions, crew["wangfang"], clock).token
    scans = submit_together(sessions, token, [f"1380000050{n}" for n in range(8)], clock)
    got = Counter(owner_name(sessions, scan) for scan in scans)
    assert got == {"zhangwei": 2, "lina": 2, "sunli": 4}


def test_the_same_mobile_twice_at_once_makes_one_contact(
    sessions: Sessions, crew: dict[str, User], clock: FakeClock, slow_routing: None
) -> None:
    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["zhangwei"]]}, clock=clock)
    token = duty_code(sessions, crew["wangfang"], clock).token
    scans = submit_together(sessions, token, ["13800000601"] * 4, clock)
    assert sorted(s.outcome or "" for s in scans) == ["again", "again", "again", "lead"]
    assert len(contacts_of(sessions, crew["zhangwei"])) == 1


@pytest.mark.skipif(not PG_URL, reason="SQLite serialises writers: no overlap to break the cap")
def test_control_without_the_roster_lock_concurrent_scans_break_the_cap(
    sessions: Sessions,
    crew: dict[str, User],
    clock: FakeClock,
    slow_routing: None,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers: no overlap to break the cap")

    def unlocked(session: Session, showroom_id: uuid.UUID, now: Any) -> DutyRoster:
        roster = session.get(DutyRoster, showroom_id)
        assert roster is not None
        return roster

    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["zhangwei"]]}, cap=1, clock=clock)
    token = duty_code(sessions, crew["wangfang"], clock).token
    monkeypatch.setattr(channels, "lock_roster", unlocked)
    scans = submit_together(sessions, token, [f"1380000070{n}" for n in range(6)], clock)
    assert Counter(owner_name(sessions, s) for s in scans)["zhangwei"] > 1


# --- statistics ---------------------------------------------------------------------------


def test_statistics_count_scans_leads_and_later_stages_per_channel_and_consultant(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    crew: dict[str, User],
    sessions: Sessions,
    clock: FakeClock,
) -> None:
    zhang_code = code_of(sessions, crew["zhangwei"])
    lina_code = code_of(sessions, crew["lina"], "moments")
    for _ in range(3):
        client.get(f"/q/{zhang_code.token}")  # page views only
    lead = submit(sessions, zhang_code.token, "13800000801", clock)
    submit(sessions, zhang_code.token, "13800000801", clock)  # scanned again
    submit(sessions, zhang_code.token, "13800000802", clock)
    submit(sessions, lina_code.token, "13800000803", clock)
    device = SyncDevice(client, "zhangwei")
    device.push_ok(move(str(lead.contact_id), "lead", "first_contact"))
    set_roster(sessions, crew["wangfang"], {MONDAY: [crew["lina"]]}, clock=clock)
    client.get(f"/q/{duty_code(sessions, crew['wangfang'], clock).token}")  # a duty view

    day = clock.now.date().isoformat()
    query = {"start": day, "end": day}
    mine = client.get("/stats/channels", params=query, headers=headers["zhangwei"]).json()
    assert [(r["name"], r["scans"], r["leads"], r["again"]) for r in mine["rows"]] == [
        ("展厅展架", 6, 2, 1)
    ]
    assert mine["rows"][0]["reached"] == {
        "first_contact": 1,
        "visit": 0,
        "test_drive": 0,
        "order": 0,
        "lost": 0,
    }
    by_person = client.get(
        "/stats/channels", params={**query, "group": "consultant"}, headers=headers["wangfang"]
    ).json()
    assert {(r["name"], r["scans"], r["leads"]) for r in by_person["rows"]} == {
        ("张伟", 6, 2),
        ("李娜", 1, 1),
        ("（未分配）", 1, 0),
    }
    lina = client.get("/stats/channels", params=query, headers=headers["lina"]).json()
    assert [(r["name"], r["scans"]) for r in lina["rows"]] == [("朋友圈", 1)]  # never 张伟's
    yesterday = (clock.now - timedelta(days=1)).date().isoformat()
    empty = {"start": yesterday, "end": yesterday}
    assert (
        client.get("/stats/channels", params=empty, headers=headers["wangfang"]).json()["rows"]
        == []
    )
    backwards = {"start": day, "end": yesterday}
    assert (
        client.get("/stats/channels", params=backwards, headers=headers["wangfang"]).status_code
        == 422
    )


# --- sync: the desk's mutations ------------------------------------------------------------


def channel_create(channel_id: str, name: str = "车友会", **more: Any) -> dict[str, Any]:
    payload = {"channel_id": channel_id, "name": name, "benefit": "", "welcome": "", "tags": []}
    return mutation(MutationKind.CHANNEL_CREATE, {**payload, **more})


def code_request(code_id: str, channel_id: str) -> dict[str, Any]:
    return mutation(
        MutationKind.CHANNEL_CODE_REQUEST, {"code_id": code_id, "channel_id": channel_id}
    )


def code_status(code_id: str, status: str) -> dict[str, Any]:
    return mutation(MutationKind.CHANNEL_CODE_SET_STATUS, {"code_id": code_id, "status": status})


def test_a_desk_makes_a_channel_and_its_code_offline_and_pulls_the_token(
    client: TestClient, crew: dict[str, User]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    channel_id, code_id = new_id(), new_id()
    desk.push_ok(
        channel_create(channel_id, tags=["车友"]),
        code_request(code_id, channel_id),
        mutation(
            MutationKind.CHANNEL_UPDATE,
            {"channel_id": channel_id, "changes": {"benefit": "入群有礼"}},
        ),
        code_status(code_id, "paused"),
    )
    desk.pull()
    channel = desk.state[("channel", channel_id)]
    code = desk.state[("channel_code", code_id)]
    assert (channel["owner_id"], channel["benefit"], channel["tags"]) == (
        str(crew["zhangwei"].id),
        "入群有礼",
        ["车友"],
    )
    assert TOKEN.fullmatch(code["token"]) and code["status"] == "paused"
    lina = SyncDevice(client, "lina")
    lina.pull()
    assert ("channel", channel_id) not in lina.state and ("channel_code", code_id) not in lina.state
    manager = SyncDevice(client, "wangfang")
    manager.pull()
    assert ("channel_code", code_id) in manager.state


def test_a_second_desk_asking_for_the_same_channel_gets_the_code_the_first_made(
    client: TestClient, crew: dict[str, User], sessions: Sessions
) -> None:
    first, second = SyncDevice(client, "zhangwei"), SyncDevice(client, "zhangwei")
    channel_id = new_id()
    first.push_ok(channel_create(channel_id), code_request(made := new_id(), channel_id))
    stand_in = new_id()
    second.push_ok(code_request(stand_in, channel_id), code_status(stand_in, "paused"))
    with sessions() as session:
        codes = session.scalars(
            select(ChannelCode).where(ChannelCode.channel_id == uuid.UUID(channel_id))
        ).all()
    assert [(str(c.id), c.status) for c in codes] == [(made, "paused")]
    second.pull()
    assert second.state[("channel_code", made)]["status"] == "paused"


def test_a_desks_channel_mutations_on_others_records_are_rejected_with_reasons(
    client: TestClient, crew: dict[str, User], sessions: Sessions
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    channel_id = new_id()
    zhang.push_ok(channel_create(channel_id))
    lina = SyncDevice(client, "lina")
    moments = str(builtin_channel_id(crew["lina"].showroom_id, "moments"))
    zhang_code = str(code_of(sessions, crew["zhangwei"]).id)
    outcomes = lina.push(
        mutation(MutationKind.CHANNEL_UPDATE, {"channel_id": channel_id, "changes": {"name": "x"}}),
        code_request(new_id(), channel_id),
        code_status(zhang_code, "revoked"),
        mutation(MutationKind.CHANNEL_UPDATE, {"channel_id": moments, "changes": {"benefit": "x"}}),
        channel_create(channel_id),
        channel_create(new_id(), shared=True),
        channel_create(new_id(), name="{bad}", welcome="{custmer}"),
        code_status(new_id(), "paused"),
    )
    reasons = [o["reason"] for o in outcomes]
    assert all(o["outcome"] == "rejected" for o in outcomes)
    assert reasons[0] == f"unknown channel {channel_id}"
    assert reasons[1] == f"unknown channel {channel_id}"
    assert reasons[2] == f"unknown code {zhang_code}"
    assert reasons[3] == "not allowed: only a manager changes the showroom's channels"
    assert reasons[4] == f"channel {channel_id} already exists"
    assert reasons[5] == "not allowed: only a manager adds channels for the whole showroom"
    assert reasons[6] is not None and reasons[6].startswith("invalid: welcome: unknown_placeholder")
    assert reasons[7] is not None and reasons[7].startswith("unknown code")
    assert code_of(sessions, crew["zhangwei"]).status == "active"


def test_a_kind_the_server_does_not_handle_yet_is_rejected_not_a_fault(
    client: TestClient, crew: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk newer than its server may push a kind the server has no handler for: that one
    is refused with a reason and the rest of the batch applies."""
    from consultant_server.services.sync import _Applier

    handled = _Applier(*[None] * 6).handlers  # type: ignore[arg-type]
    assert set(MutationKind) <= set(handled)  # this server handles every kind it knows
    built = _Applier.__init__
    missing = MutationKind.CHANNEL_CREATE

    def older_server(self: _Applier, *args: Any, **kwargs: Any) -> None:
        built(self, *args, **kwargs)
        del self.handlers[missing]

    monkeypatch.setattr(_Applier, "__init__", older_server)
    payload = dict.fromkeys(REQUIRED_KEYS[missing], None)
    contact = new_id()
    outcomes = SyncDevice(client, "zhangwei").push(mutation(missing, payload), create(contact))
    assert (outcomes[0]["outcome"], outcomes[0]["reason"]) == (
        "rejected",
        f"{missing.value} is not supported by this server yet",
    )
    assert outcomes[1]["outcome"] == "applied"


def test_a_status_change_of_a_code_whose_request_was_rejected_says_so(
    client: TestClient, crew: dict[str, User]
) -> None:
    desk = SyncDevice(client, "zhangwei")
    code_id = new_id()
    outcomes = desk.push(code_request(code_id, new_id()), code_status(code_id, "paused"))
    assert outcomes[0]["outcome"] == outcomes[1]["outcome"] == "rejected"
    assert outcomes[1]["reason"] == f"depends on rejected mutation {outcomes[0]['mutation_id']}"


def test_the_snapshot_serves_the_channels_and_codes_a_user_may_see(
    client: TestClient, crew: dict[str, User], sessions: Sessions, clock: FakeClock
) -> None:
    duty = duty_code(sessions, crew["wangfang"], clock)
    desk = SyncDevice(client, "lina")
    page = client.get("/sync/snapshot", params={"limit": 1000}, headers=desk.headers).json()
    channels_seen = [c for c in page["changes"] if c["entity"] == "channel"]
    codes_seen = [c for c in page["changes"] if c["entity"] == "channel_code"]
    assert len(channels_seen) == 6
    assert {c["data"]["owner_id"] for c in codes_seen} == {str(crew["lina"].id), None}
    assert str(duty.id) in {c["id"] for c in codes_seen}
    with sessions() as session:
        logged = session.scalars(select(ChangeLog).where(ChangeLog.entity_id == duty.id)).one()
    assert logged.scope_owner_id is None  # a duty code is the showroom's


def test_a_lead_from_a_code_is_logged_for_its_consultant_only(
    client: TestClient, crew: dict[str, User], sessions: Sessions, clock: FakeClock
) -> None:
    scan = submit(sessions, code_of(sessions, crew["zhangwei"]).token, "13800000901", clock)
    zhang, lina = SyncDevice(client, "zhangwei"), SyncDevice(client, "lina")
    zhang.pull()
    lina.pull()
    contact = zhang.contact(str(scan.contact_id))
    assert (contact["stage"], contact["source_channel"], contact["mobile"]) == (
        "lead",
        "display_stand",
        "+8613800000901",
    )
    assert zhang.tag_names(str(scan.contact_id)) == {"扫码线索"}
    assert ("contact", str(scan.contact_id)) not in lina.state
    with sessions() as session:
        assert session.get(Contact, scan.contact_id) is not None
        assert session.get(User, crew["zhangwei"].id).role == Role.CONSULTANT  # type: ignore[union-attr]
