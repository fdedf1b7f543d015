"""The public page of a live code, ``/q/<token>``: what it shows, and hostile input.

Every text is escaped, phone numbers follow the core's rules, a honeypot catches bots,
bodies and rates are limited, and an unknown or revoked code gets a friendly Chinese page,
never a JSON error or a 500. Submissions become leads (or "scanned again" notes) for the
consultant, through the service layer into the change log.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.api.deps import ServerContext
from consultant_server.core.config import Settings
from consultant_server.core.db import make_engine, make_sessionmaker
from consultant_server.core.ratelimit import TokenBuckets
from consultant_server.main import create_app
from consultant_server.models import Activity, ChangeLog, Contact, Scan, User
from consultant_server.services import channels
from tests.consultant_server.channel_support import (
    code_of,
    contacts_of,
    duty_code,
    notes_of,
    set_roster,
)
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.support import FakeClock, TestClient, all_rows_text, row_counts

Sessions = sessionmaker[Session]
SCAN_ID = re.compile(r'name="s" value="([^"]+)"')
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def zhang(make_user: MakeUser) -> User:
    return make_user("zhangwei", display_name="张伟")


@pytest.fixture
def token(zhang: User, sessions: Sessions) -> str:
    """张伟's code of the display stand (展厅展架)."""
    return code_of(sessions, zhang).token


def open_form(client: TestClient, token: str) -> str:
    """Open the code's page; the scan id its form carries."""
    page = client.get(f"/q/{token}")
    assert page.status_code == 200, page.text
    found = SCAN_ID.search(page.text)
    assert found is not None
    return found.group(1)


def post(client: TestClient, token: str, **fields: str) -> object:
    return client.post(f"/q/{token}", data=fields, follow_redirects=False)


def valid(scan: str, **overrides: str) -> dict[str, str]:
    fields = {
        "s": scan,
        "name": "王先生",
        "mobile": "138 1234 5678",
        "model": "迈腾",
        "when": "weekend",
        "consent": "1",
        "website": "",
    }
    fields.update(overrides)
    return fields


def count(sessions: Sessions, model: type[object]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_consultant_the_benefit_the_welcome_and_a_short_form(
    client: TestClient, token: str
) -> None:
    page = client.get(f"/q/{token}")
    text = page.text
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-CN">' in text
    assert "<h1>张伟</h1>" in text and "销售顾问 · 一号展厅" in text
    assert "扫码领取到店精美礼品" in text  # the channel's benefit
    assert "您好！欢迎来到一号展厅，我是您的专属顾问张伟。" in text  # placeholders filled
    assert "{" not in text.split("<style>")[0] + text.split("</style>")[1]
    for field in ('name="name"', 'name="mobile"', 'name="model"', 'name="when"'):
        assert field in text
    assert 'type="checkbox" name="consent" value="1" required' in text
    assert "个人信息保护说明" in text and "撤回同意" in text
    assert '<div class="hp" aria-hidden="true">' in text and 'name="website" tabindex="-1"' in text
    assert '<option value="迈腾">迈腾</option>' in text


def test_the_page_is_tiny_self_contained_and_locked_down(client: TestClient, token: str) -> None:
    page = client.get(f"/q/{token}")
    assert len(page.content) < 15 * 1024
    assert "<script" not in page.text.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)  # nothing fetched
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # so none runs
    assert page.headers["cache-control"] == "no-store"  # each view carries its own scan id
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"


def test_a_duty_codes_page_presents_the_showroom(
    client: TestClient, make_user: MakeUser, sessions: Sessions, clock: FakeClock
) -> None:
    manager = make_user("wangfang", display_name="王芳", role="manager")
    page = client.get(f"/q/{duty_code(sessions, manager, clock).token}").text
    assert "<h1>一号展厅</h1>" in page and "今日值班顾问为您服务" in page
    assert "我是您的专属顾问。" in page


def test_every_opening_is_counted_and_the_ip_is_kept_only_as_a_keyed_hash(
    client: TestClient, token: str, sessions: Sessions, zhang: User, engine: Engine
) -> None:
    visitor = TestClient(client.app, client=("203.0.113.77", 40000))
    for _ in range(3):
        open_form(visitor, token)
    with sessions() as session:
        scans = session.scalars(select(Scan)).all()
    assert len(scans) == 3
    assert {s.consultant_id for s in scans} == {zhang.id}
    assert {s.submitted_at for s in scans} == {None}
    assert len({s.ip_hash for s in scans}) == 1 and len(scans[0].ip_hash) == 32
    assert "203.0.113.77" not in all_rows_text(engine)


# --- submissions ------------------------------------------------------------------------------


def test_a_submission_makes_a_lead_in_the_consultants_lead_column(
    client: TestClient, token: str, sessions: Sessions, zhang: User
) -> None:
    scan = open_form(client, token)
    answer = client.post(f"/q/{token}", data=valid(scan), follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/q/{token}/ok/{scan}"
    thanks = client.get(answer.headers["location"])
    assert "提交成功" in thanks.text and "张伟会尽快通过电话或微信与您联系" in thanks.text
    assert thanks.headers["cache-control"] == "no-store"
    (contact,) = contacts_of(sessions, zhang)
    assert (contact.name, contact.mobile, contact.stage, contact.source_channel) == (
        "王先生",
        "+8613812345678",
        "lead",
        "display_stand",
    )
    assert contact.models == ["迈腾"]
    (note,) = notes_of(sessions, contact.id)
    assert note.startswith("扫码留资｜渠道：展厅展架（顾问码 ")
    assert "分配：顾问本人的活码" in note
    with sessions() as session:
        row = session.get(Scan, uuid.UUID(scan))
        assert row is not None and (row.outcome, row.contact_id) == ("lead", contact.id)
        logged = [
            (c.entity, c.scope_owner_id)
            for c in session.scalars(
                select(ChangeLog).where(
                    ChangeLog.entity.in_(["contact", "activity", "contact_tag"])
                )
            )
        ]
    assert sorted(logged) == [
        ("activity", zhang.id),
        ("contact", zhang.id),
        ("contact_tag", zhang.id),
    ]


def test_script_tags_are_escaped_wherever_they_come_from(
    client: TestClient,
    make_user: MakeUser,
    sessions: Sessions,
    clock: FakeClock,
) -> None:
    tricky = make_user("tricky", display_name="<b>李</b>")
    manager = make_user("wangfang", display_name="王芳", role="manager")
    with sessions() as session:
        channels.update_channel_now(
            session,
            manager,
            channels.builtin_channel_id(manager.showroom_id, "display_stand"),
            {"benefit": SCRIPT, "welcome": f"{SCRIPT}{{consultant}}\"'><img src=x onerror=1>"},
            clock=clock,
        )
    token = code_of(sessions, tricky).token
    page = client.get(f"/q/{token}").text
    assert "<script" not in page and "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;李&lt;/b&gt;" in page
    scan = SCAN_ID.search(page).group(1)  # type: ignore[union-attr]
    again = client.post(
        f"/q/{token}",
        data=valid(scan, name=SCRIPT, mobile=f'"><{SCRIPT}'),
        follow_redirects=False,
    )
    assert again.status_code == 422
    assert "<script" not in again.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in again.text
    assert 'value="&quot;&gt;&lt;&lt;script&gt;' in again.text


def test_a_bad_mobile_shows_the_form_again_with_the_values_and_a_message(
    client: TestClient, token: str, sessions: Sessions, engine: Engine
) -> None:
    scan = open_form(client, token)
    before = row_counts(engine)
    for mobile in ("12345", "138abcd5678", "+1 650 253 0000", "010 6552 9988", ""):
        answer = client.post(f"/q/{token}", data=valid(scan, mobile=mobile), follow_redirects=False)
        assert answer.status_code == 422, mobile
        assert "提交未成功" in answer.text
        assert "11 位手机号" in answer.text or "请填写手机号" in answer.text
        assert 'value="王先生"' in answer.text  # what was typed stays
        assert '<option value="迈腾" selected>' in answer.text
        assert '<option value="weekend" selected>' in answer.text
        assert f'name="s" value="{scan}"' in answer.text  # the same visit
    assert row_counts(engine) == before  # nothing written, not even a scan


def test_consent_and_the_pickers_are_checked(
    client: TestClient, token: str, sessions: Sessions
) -> None:
    scan = open_form(client, token)
    cases = {
        "consent": (valid(scan, consent=""), "请阅读并勾选同意《个人信息保护说明》"),
        "model": (valid(scan, model="特斯拉"), "请从列表中选择车型"),
        "when": (valid(scan, when="tomorrow"), "请从列表中选择时间"),
        "name": (valid(scan, name="  "), "请填写您的称呼"),
    }
    for field, (fields, message) in cases.items():
        answer = client.post(f"/q/{token}", data=fields, follow_redirects=False)
        assert answer.status_code == 422 and message in answer.text, field
        assert f'aria-describedby="e-{field}"' in answer.text
    assert count(sessions, Contact) == 0


def test_the_honeypot_answers_like_a_success_and_makes_nothing(
    client: TestClient, token: str, sessions: Sessions, engine: Engine
) -> None:
    scan = open_form(client, token)
    logged = count(sessions, ChangeLog)
    answer = client.post(
        f"/q/{token}", data=valid(scan, website="http://spam.example"), follow_redirects=False
    )
    assert answer.status_code == 303
    thanks = client.get(answer.headers["location"]).text
    assert "提交成功" in thanks and "张伟" not in thanks  # nothing told, nobody named
    assert count(sessions, Contact) == 0 and count(sessions, ChangeLog) == logged
    with sessions() as session:
        assert session.scalars(select(Scan.outcome)).all() == ["bot"]


def test_a_double_submit_makes_one_lead(client: TestClient, token: str, sessions: Sessions) -> None:
    scan = open_form(client, token)
    first = client.post(f"/q/{token}", data=valid(scan), follow_redirects=False)
    second = client.post(f"/q/{token}", data=valid(scan), follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    assert count(sessions, Contact) == 1 and count(sessions, Activity) == 1


def test_a_known_mobile_adds_a_scanned_again_note_instead_of_a_duplicate(
    client: TestClient, token: str, sessions: Sessions, zhang: User, clock: FakeClock
) -> None:
    client.post(f"/q/{token}", data=valid(open_form(client, token)), follow_redirects=False)
    clock.advance(hours=2)
    again = valid(open_form(client, token), name="王总", mobile="+86 138-1234-5678", model="途观L")
    assert client.post(f"/q/{token}", data=again, follow_redirects=False).status_code == 303
    (contact,) = contacts_of(sessions, zhang)
    assert contact.name == "王先生"  # the consultant's record is theirs; the note says more
    notes = notes_of(sessions, contact.id)
    assert len(notes) == 2
    assert (
        notes[1] == "再次扫码｜渠道：展厅展架\n留下的称呼：王总\n意向车型：途观L；希望试驾：本周末"
    )
    with sessions() as session:
        assert sorted(session.scalars(select(Scan.outcome).where(Scan.outcome.is_not(None)))) == [
            "again",
            "lead",
        ]


# --- refusals ---------------------------------------------------------------------------------


def test_an_oversized_submission_gets_a_friendly_413_page(
    client: TestClient, token: str, engine: Engine
) -> None:
    scan = open_form(client, token)
    before = row_counts(engine)
    huge = valid(scan, name="王" * 5000)
    answer = client.post(f"/q/{token}", data=huge, follow_redirects=False)
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "提交的内容太多了" in answer.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: cut off while reading
        for _ in range(20):
            yield b"name=" + b"a" * 1000 + b"&"

    chunked = client.post(
        f"/q/{token}",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert chunked.status_code == 413
    assert row_counts(engine) == before
    assert client.post("/sync/push", content=b"x" * 20000).status_code != 413  # API limit is 1 MB


def test_a_body_that_is_not_the_form_gets_a_friendly_400_page(
    client: TestClient, token: str, sessions: Sessions
) -> None:
    as_json = client.post(f"/q/{token}", json={"name": "王", "mobile": "13812345678"})
    assert as_json.status_code == 400 and "无法读取提交的内容" in as_json.text
    many = "&".join(f"f{n}=1" for n in range(50))
    crowded = client.post(
        f"/q/{token}",
        content=many,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert crowded.status_code == 400
    assert count(sessions, Scan) == 0


def test_unknown_and_malformed_codes_get_the_friendly_404_page(
    client: TestClient, token: str
) -> None:
    for path in ("/q/ZZZZZZZZ", "/q/abc", "/q/" + "x" * 300, "/q/", "/q/a/b/c", "/q/%3Cscript%3E"):
        for answer in (client.get(path), client.post(path, data={"name": "x"})):
            assert answer.status_code == 404, path
            assert answer.headers["content-type"].startswith("text/html")
            assert "没有找到这个二维码" in answer.text
            assert "<script" not in answer.text


def test_a_revoked_code_says_it_is_no_longer_in_use(
    client: TestClient, token: str, sessions: Sessions, zhang: User, clock: FakeClock
) -> None:
    scan = open_form(client, token)
    with sessions() as session:
        code = code_of(sessions, zhang)
        channels.set_code_status_now(session, zhang, code.id, "revoked", clock=clock)
    for answer in (client.get(f"/q/{token}"), client.post(f"/q/{token}", data=valid(scan))):
        assert answer.status_code == 410
        assert "这个二维码已停用" in answer.text
    assert count(sessions, Contact) == 0


def test_a_paused_code_still_takes_leads_for_the_duty_consultant(
    client: TestClient,
    token: str,
    sessions: Sessions,
    zhang: User,
    make_user: MakeUser,
    clock: FakeClock,
) -> None:
    lina = make_user("lina", display_name="李娜")
    manager = make_user("wangfang", display_name="王芳", role="manager")
    set_roster(sessions, manager, {0: [lina]}, clock=clock)
    with sessions() as session:
        channels.set_code_status_now(
            session, zhang, code_of(sessions, zhang).id, "paused", clock=clock
        )
    page = client.get(f"/q/{token}").text
    assert "今日值班顾问为您服务" in page and "张伟" not in page
    scan = SCAN_ID.search(page).group(1)  # type: ignore[union-attr]
    thanks = client.post(f"/q/{token}", data=valid(scan)).text
    assert "李娜会尽快" in thanks
    assert len(contacts_of(sessions, lina)) == 1


def test_a_database_failure_gets_a_friendly_page_not_a_500(client: TestClient, token: str) -> None:
    context: ServerContext = client.app.state.context  # type: ignore[attr-defined]
    unreachable = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    broken = dataclasses.replace(
        context, engine=unreachable, sessions=make_sessionmaker(unreachable)
    )
    client.app.state.context = broken  # type: ignore[attr-defined]
    try:
        answer = client.get(f"/q/{token}")
    finally:
        client.app.state.context = context  # type: ignore[attr-defined]
        unreachable.dispose()
    assert answer.status_code == 503
    assert "暂时无法在线登记" in answer.text and answer.headers["retry-after"]


# --- rate limits ------------------------------------------------------------------------------


@pytest.fixture
def strict(settings: Settings, engine: Engine, clock: FakeClock) -> Iterator[TestClient]:
    """The app with small limits: 3 views and 2 submissions a minute per IP, 5 views a
    minute per code."""
    tight = settings.model_copy(
        update={
            "landing_views_per_ip": 3,
            "landing_views_per_code": 5,
            "landing_submits_per_ip": 2,
        }
    )
    with TestClient(create_app(tight, clock=clock), client=("198.51.100.1", 1)) as test_client:
        yield test_client


def test_page_views_are_limited_per_ip_with_a_friendly_429(strict: TestClient, token: str) -> None:
    answers = [strict.get(f"/q/{token}").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = strict.get(f"/q/{token}")
    assert "操作太频繁了" in limited.text and int(limited.headers["retry-after"]) >= 1
    other = TestClient(strict.app, client=("198.51.100.2", 1))
    assert other.get(f"/q/{token}").status_code == 200  # another visitor is not affected
    assert strict.get("/q/ZZZZZZZZ").status_code == 429  # guessing counts too


def test_page_views_are_limited_per_code_from_anywhere(strict: TestClient, token: str) -> None:
    answers = [
        TestClient(strict.app, client=(f"198.51.100.{n}", 1)).get(f"/q/{token}").status_code
        for n in range(10, 17)
    ]
    assert answers == [200] * 5 + [429] * 2


def test_submissions_are_limited_per_ip(strict: TestClient, token: str, sessions: Sessions) -> None:
    scan = open_form(strict, token)
    answers = [
        strict.post(
            f"/q/{token}", data=valid(scan, mobile=f"1390000000{n}"), follow_redirects=False
        )
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [303, 303, 429]
    assert count(sessions, Contact) == 1  # the second one was the same visit: answered again


def test_a_token_bucket_refills_with_time_and_forgets_the_least_recent_keys() -> None:
    now = [0.0]
    buckets = TokenBuckets(2, 60.0, max_keys=2, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") == pytest.approx(30.0)  # one token every 30 s
    now[0] = 30.0
    assert buckets.take("a") == 0.0
    buckets.take("b")
    buckets.take("c")  # "a" is forgotten: the memory stays bounded
    assert buckets.take("a") == 0.0
