"""Link radar (链接雷达): tracked links to articles, the public redirect, and what an open brings.

The real app on SQLite and PostgreSQL; desks are `SyncDevice`s pulling the real change log,
and, end to end, a real workspace with its `SyncClient` and the core's `tracked_link`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.library import radar as desk_radar
from consultant_app.services.contacts import ContactService
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, open_workspace
from consultant_app.sync.engine import SyncClient
from consultant_app.sync.identity import ServerUser, adopt_identity
from consultant_server.models import Material, MaterialLink, User
from consultant_server.services import radar
from tests.consultant_server.material_support import publish
from tests.consultant_server.support import (
    START,
    FakeClock,
    TestClient,
    bearer,
    login,
    row_counts,
)
from tests.consultant_server.sync_support import SyncDevice, create, new_id, remove_tag

Sessions = sessionmaker[Session]
Json = dict[str, Any]
ARTICLE_URL = "https://www.example.com/news/magotan-2025"


@pytest.fixture
def manager(client: TestClient, team: dict[str, User]) -> dict[str, str]:
    return bearer(login(client, "wangfang"))


@pytest.fixture
def article(client: TestClient, manager: dict[str, str]) -> Json:
    return publish(
        client,
        manager,
        kind="article",
        title="2025 款迈腾上市",
        body="",
        url=ARTICLE_URL,
        tags=["新车上市", "意向:迈腾", "意向：金融"],
        models=["迈腾"],
    )


@pytest.fixture
def zhang(client: TestClient, team: dict[str, User]) -> SyncDevice:
    return SyncDevice(client, "zhangwei")


def customer(device: SyncDevice, **fields: Any) -> str:
    contact_id = new_id()
    device.push_ok(create(contact_id, **fields))
    return contact_id


def ask(client: TestClient, device: SyncDevice, material_id: str, contact_id: str) -> Any:
    return client.post(
        f"/materials/{material_id}/links", json={"contact_id": contact_id}, headers=device.headers
    )


def open_link(client: TestClient, url: str) -> httpx.Response:
    response: httpx.Response = client.get(
        url.removeprefix("http://testserver"), follow_redirects=False
    )
    return response


def test_a_consultant_gets_one_unguessable_link_per_customer_and_article(
    client: TestClient, zhang: SyncDevice, article: Json
) -> None:
    first, second = customer(zhang), customer(zhang, mobile="+8613900000001")
    made = ask(client, zhang, article["id"], first)
    again = ask(client, zhang, article["id"], first)
    other = ask(client, zhang, article["id"], second)
    assert (made.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["token"] == made.json()["token"] != other.json()["token"]
    token = made.json()["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    assert made.json()["url"] == f"http://testserver/r/{token}"
    assert made.json()["opens"] == 0


def test_links_are_only_for_ones_own_customers_and_live_articles(
    client: TestClient, zhang: SyncDevice, article: Json, manager: dict[str, str], engine: Engine
) -> None:
    mine = customer(zhang)
    lina, stranger = SyncDevice(client, "lina"), SyncDevice(client, "chenjie")
    hers = customer(lina, mobile="+8613900000002")
    qa = publish(client, manager)
    retired = publish(client, manager, kind="article", title="旧文章", body="", url=ARTICLE_URL)
    client.delete(f"/materials/{retired['id']}", headers=manager)
    before = row_counts(engine)
    assert ask(client, zhang, article["id"], hers).status_code == 404
    assert ask(client, stranger, article["id"], mine).status_code == 404
    assert ask(client, zhang, retired["id"], mine).status_code == 404
    not_article = ask(client, zhang, qa["id"], mine)
    assert not_article.status_code == 422 and "article" in not_article.json()["message"]
    assert ask(client, zhang, str(uuid.uuid4()), mine).status_code == 404
    anonymous = client.post(f"/materials/{article['id']}/links", json={"contact_id": mine})
    assert anonymous.status_code == 401
    assert row_counts(engine) == before
    # A manager may make one for any customer of the showroom.
    assert (
        client.post(
            f"/materials/{article['id']}/links", json={"contact_id": hers}, headers=manager
        ).status_code
        == 201
    )


def test_opening_a_link_records_it_and_redirects_to_the_article(
    client: TestClient, zhang: SyncDevice, article: Json
) -> None:
    link = ask(client, zhang, article["id"], customer(zhang)).json()
    response = open_link(client, link["url"])
    assert response.status_code == 302
    assert response.headers["location"] == ARTICLE_URL
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    again = ask(client, zhang, article["id"], link["contact_id"]).json()
    assert again["opens"] == 1 and again["first_opened_at"] == again["last_opened_at"]


def test_an_open_reaches_the_next_pull_as_a_timeline_note_and_interest_tags(
    client: TestClient, zhang: SyncDevice, article: Json
) -> None:
    contact_id = customer(zhang, tags=["老客户"])
    lina, boss = SyncDevice(client, "lina"), SyncDevice(client, "wangfang")
    for device in (zhang, lina, boss):
        device.pull()
    link = ask(client, zhang, article["id"], contact_id).json()
    open_link(client, link["url"])
    changes = zhang.pull()
    (note,) = [c["data"] for c in changes if c["entity"] == "activity"]
    assert (note["contact_id"], note["kind"], note["body"]) == (
        contact_id,
        "note",
        "链接雷达：客户打开了《2025 款迈腾上市》",
    )
    assert zhang.tag_names(contact_id) == {"老客户", "意向:迈腾", "意向:金融"}
    assert boss.pull() != [] and boss.tag_names(contact_id) >= {"意向:迈腾"}
    assert [c for c in lina.pull() if c["entity"] in ("activity", "contact_tag")] == []


def test_a_burst_from_one_visitor_counts_once_and_a_later_open_counts_again(
    client: TestClient, zhang: SyncDevice, article: Json, clock: FakeClock, sessions: Sessions
) -> None:
    contact_id = customer(zhang)
    link = ask(client, zhang, article["id"], contact_id).json()
    zhang.pull()
    for _ in range(5):
        assert open_link(client, link["url"]).status_code == 302
    with sessions() as session:  # another visitor at the same moment counts
        assert radar.record_open(session, uuid.UUID(link["id"]), "10.9.9.9", clock=clock)
    clock.advance(minutes=31)
    open_link(client, link["url"])
    notes = [c["data"]["body"] for c in zhang.pull() if c["entity"] == "activity"]
    assert notes == [
        "链接雷达：客户打开了《2025 款迈腾上市》",
        "链接雷达：客户第 2 次打开了《2025 款迈腾上市》",
        "链接雷达：客户第 3 次打开了《2025 款迈腾上市》",
    ]
    assert ask(client, zhang, article["id"], contact_id).json()["opens"] == 3
    # The tags came once.
    assert zhang.tag_names(contact_id) == {"意向:迈腾", "意向:金融"}


def test_an_interest_tag_the_consultant_removed_stays_removed_after_an_open(
    client: TestClient, zhang: SyncDevice, article: Json
) -> None:
    contact_id = customer(zhang, tags=["意向:迈腾"])
    zhang.pull()
    (add,) = [r["id"] for r in zhang.rows("contact_tag") if r["contact_id"] == contact_id]
    zhang.push_ok(remove_tag(contact_id, "意向:迈腾", [add]))
    link = ask(client, zhang, article["id"], contact_id).json()
    open_link(client, link["url"])
    zhang.pull()
    assert zhang.tag_names(contact_id) == {"意向:金融"}


@pytest.mark.parametrize(
    "token",
    [
        "nope",
        "A" * 22,
        "A" * 200,
        "<script>alert(1)</script>",
        "%E8%BF%88%E8%85%BE",
        "..%2F..%2Fetc%2Fpasswd",
        "a/b/c",
    ],
)
def test_a_bad_token_gets_a_friendly_page_and_changes_nothing(
    client: TestClient, zhang: SyncDevice, engine: Engine, token: str
) -> None:
    before = row_counts(engine)
    response = client.get(f"/r/{token}", follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "链接不存在或已失效" in response.text and "<script>" not in response.text
    assert row_counts(engine) == before


def test_too_many_opens_from_one_address_get_a_friendly_wait_page(
    client: TestClient, zhang: SyncDevice, article: Json
) -> None:
    link = ask(client, zhang, article["id"], customer(zhang)).json()
    answers = [open_link(client, link["url"]).status_code for _ in range(40)]
    assert answers[0] == 302 and answers[-1] == 429
    last = open_link(client, link["url"])
    assert "操作太频繁了" in last.text and int(last.headers["retry-after"]) >= 1


def test_a_link_whose_article_has_no_web_address_any_more_is_not_followed(
    client: TestClient, zhang: SyncDevice, article: Json, sessions: Sessions
) -> None:
    link = ask(client, zhang, article["id"], customer(zhang)).json()
    with sessions() as session:  # however it got there, it is never redirected to
        session.execute(
            update(Material)
            .where(Material.id == uuid.UUID(article["id"]))
            .values(url="javascript:alert(1)")
        )
        session.commit()
    response = open_link(client, link["url"])
    assert response.status_code == 404 and "location" not in response.headers
    with sessions() as session:
        stored = session.get(MaterialLink, uuid.UUID(link["id"]))
        assert stored is not None and stored.opens == 0


# --- the desk ----------------------------------------------------------------------------------


class Desk:
    """A PC signed in as a server user: workspace, sync client, contacts."""

    def __init__(self, client: TestClient, folder: Path, user: User) -> None:
        self.workspace = open_workspace(folder, LocalProfile(user.username, user.display_name))
        adopt_identity(self.workspace, ServerUser(str(user.id), user.username, user.display_name))
        device = uuid.uuid4()
        self.token = login(client, user.username, device_id=device)
        self.sync = SyncClient(self.workspace, client, self.token, str(device))
        self.contacts = ContactService(self.workspace)


@pytest.fixture
def desk(client: TestClient, team: dict[str, User], tmp_path: Path) -> Iterator[Desk]:
    made = Desk(client, tmp_path / "pc", team["zhangwei"])
    yield made
    made.workspace.close()


OFFLINE = "http://127.0.0.1:9"


def test_a_desk_shares_a_tracked_link_and_sees_the_open_after_its_next_sync(
    client: TestClient, desk: Desk, article: Json
) -> None:
    contact_id = desk.contacts.quick_add("王先生", "13800138000")
    desk.sync.sync_once()
    assert desk_radar.new_link_opens(desk.workspace) == []
    link = desk_radar.tracked_link(desk.workspace, client, desk.token, article["id"], contact_id)
    assert link.url.startswith("http://testserver/r/")
    open_link(client, link.url)  # the customer, on their phone
    report = desk.sync.sync_once()
    assert contact_id in report.contact_ids
    conn = desk.workspace.reader()
    events = queries.timeline(conn, contact_id)
    assert any("客户打开了《2025 款迈腾上市》" in getattr(e, "body", "") for e in events)
    (card,) = [c for c in queries.load_cards(conn, desk.workspace.consultant_id)]
    assert {t.name for t in card.tags} == {"意向:迈腾", "意向:金融"}
    (opened,) = desk_radar.new_link_opens(desk.workspace)
    assert (opened.contact_id, opened.contact_name) == (contact_id, "王先生")
    assert opened.note == "链接雷达：客户打开了《2025 款迈腾上市》"
    assert desk_radar.new_link_opens(desk.workspace) == []  # announced once


def test_a_link_once_made_is_shared_again_offline_and_a_first_one_needs_the_server(
    client: TestClient, desk: Desk, article: Json
) -> None:
    first = desk.contacts.quick_add("王先生", "13800138000")
    second = desk.contacts.quick_add("李女士", "13900139000")
    desk.sync.sync_once()
    made = desk_radar.tracked_link(desk.workspace, client, desk.token, article["id"], first)
    offline = httpx.Client(base_url=OFFLINE, transport=httpx.HTTPTransport(retries=0))
    try:
        kept = desk_radar.tracked_link(desk.workspace, offline, desk.token, article["id"], first)
        assert kept == made
        with pytest.raises(desk_radar.TrackedLinkOfflineError):
            desk_radar.tracked_link(desk.workspace, offline, desk.token, article["id"], second)
    finally:
        offline.close()


def test_a_customer_added_offline_gets_a_link_only_once_synced(
    client: TestClient, desk: Desk, article: Json, manager: dict[str, str]
) -> None:
    desk.sync.sync_once()
    contact_id = desk.contacts.quick_add("王先生", "13800138000")
    with pytest.raises(desk_radar.NotSyncedYetError):
        desk_radar.tracked_link(desk.workspace, client, desk.token, article["id"], contact_id)
    qa = publish(client, manager)
    desk.sync.sync_once()
    with pytest.raises(desk_radar.NotAnArticleError):
        desk_radar.tracked_link(desk.workspace, client, desk.token, qa["id"], contact_id)
    link = desk_radar.tracked_link(desk.workspace, client, desk.token, article["id"], contact_id)
    assert link.contact_id == contact_id
    client.delete(f"/materials/{article['id']}", headers=manager)
    other = desk.contacts.quick_add("李女士", "13900139000")
    desk.sync.push_all()
    with pytest.raises(desk_radar.LinkRefusedError, match="unknown material"):
        desk_radar.tracked_link(desk.workspace, client, desk.token, article["id"], other)


@pytest.mark.parametrize(
    "agent",
    [
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.18.78 i",
        "TelegramBot (like TwitterBot)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
        "curl/8.5.0",
        "",
    ],
)
def test_a_link_preview_fetch_is_redirected_but_not_counted_as_an_open(
    client: TestClient, zhang: SyncDevice, article: Json, agent: str
) -> None:
    """Pasting the link into a chat makes the chat app fetch it for the link's card: the
    customer has not opened anything yet."""
    link = ask(client, zhang, article["id"], customer(zhang)).json()
    path = link["url"].removeprefix("http://testserver")
    fetched = client.get(path, headers={"User-Agent": agent}, follow_redirects=False)
    assert fetched.status_code == 302 and fetched.headers["location"] == ARTICLE_URL
    head = client.head(path, follow_redirects=False)
    assert head.status_code == 302 and head.headers["location"] == ARTICLE_URL
    assert ask(client, zhang, article["id"], link["contact_id"]).json()["opens"] == 0


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        " Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN",
        "Mozilla/5.0 (Linux; Android 14; V2309A; wv) AppleWebKit/537.36 (KHTML, like Gecko)"
        " Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202"
        " MicroMessenger/8.0.47.2560(0x28002F51) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN"
        " ABI/arm64 wxwork/4.1.22 MicroMessenger/7.0.1",
        "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko)"
        " Chrome/120.0.6099.144 Mobile Safari/537.36",
    ],
)
def test_a_phone_opening_the_link_in_wechat_or_a_browser_counts(
    client: TestClient, zhang: SyncDevice, article: Json, agent: str
) -> None:
    link = ask(client, zhang, article["id"], customer(zhang)).json()
    path = link["url"].removeprefix("http://testserver")
    assert client.get(path, headers={"User-Agent": agent}, follow_redirects=False).is_redirect
    assert ask(client, zhang, article["id"], link["contact_id"]).json()["opens"] == 1


def test_managers_statistics_count_customers_opening_an_articles_tracked_links(
    client: TestClient,
    zhang: SyncDevice,
    article: Json,
    manager: dict[str, str],
    clock: FakeClock,
) -> None:
    """Which materials work: the opens of an article's links, and by how many customers."""
    first, second = customer(zhang), customer(zhang)
    links = [ask(client, zhang, article["id"], c).json() for c in (first, second)]
    open_link(client, links[0]["url"])
    clock.advance(minutes=31)  # the same customer again, later: a second open
    open_link(client, links[0]["url"])
    open_link(client, links[1]["url"])
    open_link(client, links[1]["url"])  # a burst: counted once
    stats = client.get("/stats/materials", headers=manager).json()["rows"]
    (row,) = [r for r in stats if r["id"] == article["id"]]
    assert (row["opens"], row["readers"], row["copies"], row["sends"]) == (3, 2, 0, 0)
    today = START.date().isoformat()
    same_day = client.get(
        "/stats/materials", params={"start": today, "end": today}, headers=manager
    ).json()["rows"]
    assert [(r["opens"], r["readers"]) for r in same_day if r["id"] == article["id"]] == [(3, 2)]
    later = client.get(
        "/stats/materials", params={"start": "2030-01-01", "end": "2030-01-02"}, headers=manager
    ).json()["rows"]
    assert [(r["opens"], r["readers"]) for r in later if r["id"] == article["id"]] == [(0, 0)]
