"""Search: Chinese of any length, pinyin and initials, mixed words, hostile input, ranking,
highlighting and filters, on a real workspace fed by pulled pages."""

from __future__ import annotations

import sqlite3
import time

import pytest

from consultant_app.library.commands import LibraryService
from consultant_app.library.highlight import SNIPPET_CHARS, SNIPPET_LEAD, snippet
from consultant_app.library.models import (
    MaterialKind,
    Scope,
    ScriptDraft,
    SearchFilters,
    UsageAction,
)
from consultant_app.library.search import LibrarySearch, search
from consultant_app.library.tokens import parse_query
from consultant_app.store.database import Workspace
from tests.consultant_app.library.conftest import Server
from tests.consultant_app.support import FakeClock


def titles(conn: sqlite3.Connection, query: str, filters: SearchFilters | None = None) -> list[str]:
    return [h.title.text for h in search(conn, query, filters).hits]


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.fixture
def catalogue(server: Server) -> dict[str, str]:
    """A small library: title → id."""
    rows = [
        server.material("迈腾金融政策", "首付低至两成，三年免息。", kind="article"),
        server.material("一汽-大众油耗对比", "迈腾百公里油耗约6.5升。", kind="qa"),
        server.material(
            "ID.4 CROZZ 续航解读", "长续航版 CLTC 续航600公里。", models=["ID.4 CROZZ"]
        ),
        server.material("帕萨特 续航", "燃油车没有续航焦虑。", models=["帕萨特"]),
        server.material("售后保养提醒", "保养周期为每5000公里。", tags=["售后"]),
        server.material("网络直播开场白", "欢迎来到直播间。", tags=["直播"]),
        server.material("🎉五一活动 AND 抽奖", "到店有礼，NEAR 地铁站。"),
        server.material("银行按揭说明", "与合作银行办理按揭。"),
    ]
    server.publish(*rows)
    return {r["title"]: r["id"] for r in rows}


# --- Chinese of any length --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("油", "一汽-大众油耗对比"),
        ("耗", "一汽-大众油耗对比"),
        ("迈腾", "迈腾金融政策"),
        ("金融", "迈腾金融政策"),
        ("油耗", "一汽-大众油耗对比"),
        ("保养提醒", "售后保养提醒"),
    ],
)
def test_one_and_two_character_chinese_queries_find_titles(
    conn: sqlite3.Connection, catalogue: dict[str, str], query: str, expected: str
) -> None:
    assert titles(conn, query)[0] == expected


def test_a_chinese_word_is_found_in_bodies_too(
    conn: sqlite3.Connection, catalogue: dict[str, str]
) -> None:
    assert titles(conn, "迈腾") == ["迈腾金融政策", "一汽-大众油耗对比"]


def test_a_long_chinese_query_needs_all_its_character_pairs(
    conn: sqlite3.Connection, server: Server, catalogue: dict[str, str]
) -> None:
    server.publish(server.material("迈腾油耗实测", "城市道路"))
    assert titles(conn, "迈腾油耗") == ["迈腾油耗实测"]
    assert titles(conn, "迈腾油耗高") == []


# --- pinyin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("maiteng", "迈腾金融政策"),
        ("maite", "迈腾金融政策"),
        ("mt", "迈腾金融政策"),
        ("youhao", "一汽-大众油耗对比"),
        ("yh", "一汽-大众油耗对比"),  # 油 is a y- syllable: "initials" style would drop it
        ("yq", "一汽-大众油耗对比"),  # 一 is yi
        ("wl", "网络直播开场白"),  # 网 is wang, a w- syllable
        ("yinhang", "银行按揭说明"),  # the word's reading, not 行's first (xing)
        ("yhaj", "银行按揭说明"),  # initials longer than two letters
        ("jinrongzhengce", "迈腾金融政策"),  # several syllables, split into pairs
        ("jinrongzhengc", "迈腾金融政策"),  # … while the last one is still being typed
    ],
)
def test_pinyin_full_spelling_and_initials_find_chinese_titles(
    conn: sqlite3.Connection, catalogue: dict[str, str], query: str, expected: str
) -> None:
    assert expected in titles(conn, query)


def test_pinyin_of_tags_and_models_counts_too(
    conn: sqlite3.Connection, catalogue: dict[str, str]
) -> None:
    assert titles(conn, "zhibo") == ["网络直播开场白"]  # its tag 直播; the title too
    assert titles(conn, "pasate") == ["帕萨特 续航"]


def test_mixed_latin_and_chinese_words_must_all_match(
    conn: sqlite3.Connection, catalogue: dict[str, str]
) -> None:
    assert titles(conn, "id4 续航") == ["ID.4 CROZZ 续航解读"]
    assert titles(conn, "ID.4 续航") == ["ID.4 CROZZ 续航解读"]
    assert titles(conn, "ＩＤ４") == ["ID.4 CROZZ 续航解读"]  # full-width, as some IMEs type
    assert set(titles(conn, "续航")) == {"ID.4 CROZZ 续航解读", "帕萨特 续航"}


# --- nothing typed can break it -----------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "迈腾*",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "NEAR(",
    "NEAR(迈腾 油耗, 2)",
    ":",
    "title:迈腾",
    "{title}: 迈腾",
    ")",
    "(",
    "((迈腾",
    "^迈腾",
    "-迈腾",
    "+",
    "\\",
    "%",
    "_",
    "\x00",
    "🎉",
    "👨‍👩‍👧",
    "迈腾 ❤️",
    "\u200b",
    "　",
    "x" * 10_000,
    "迈腾" * 5_000,
    "m" * 10_000,
    "xian" * 2_500 + "v",
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:12]))
def test_nothing_typed_makes_a_search_fail(
    conn: sqlite3.Connection, catalogue: dict[str, str], query: str
) -> None:
    started = time.perf_counter()
    result = search(conn, query)
    assert result.query == query
    assert time.perf_counter() - started < 2  # not a benchmark: a runaway guard


@pytest.mark.parametrize(
    "query", ['"迈腾"', "迈腾*", "(迈腾)", "迈腾:", "{迈腾}", "迈腾 -", "^迈腾"]
)
def test_syntax_characters_are_treated_as_text_around_words(
    conn: sqlite3.Connection, catalogue: dict[str, str], query: str
) -> None:
    assert titles(conn, query) == ["迈腾金融政策", "一汽-大众油耗对比"]


def test_query_keywords_and_emoji_are_ordinary_words(
    conn: sqlite3.Connection, catalogue: dict[str, str]
) -> None:
    assert titles(conn, "AND") == ["🎉五一活动 AND 抽奖"]
    assert titles(conn, "near") == ["🎉五一活动 AND 抽奖"]
    assert titles(conn, "🎉") == ["🎉五一活动 AND 抽奖"]
    assert titles(conn, "NEAR(") == ["🎉五一活动 AND 抽奖"]


def test_input_with_nothing_searchable_finds_nothing(
    conn: sqlite3.Connection, catalogue: dict[str, str]
) -> None:
    assert titles(conn, "?!。，") == []
    assert titles(conn, " ") == titles(conn, "")  # blank is the empty box


# --- ranking ------------------------------------------------------------------------------------


def test_title_hits_rank_above_body_hits_even_when_those_are_newer_and_used(
    conn: sqlite3.Connection, server: Server, library: LibraryService
) -> None:
    title_hit, body_hit = server.publish(
        server.material("保养周期说明", "按时保养"),
        server.material("到店须知", "提醒客户保养周期"),
    )
    for _ in range(5):
        library.record_use(body_hit, UsageAction.SEND)
    hits = search(conn, "保养周期").hits
    assert [h.id for h in hits] == [title_hit, body_hit]
    assert [h.title_hit for h in hits] == [True, False]


def test_within_title_hits_what_is_used_most_comes_first_then_the_newest(
    conn: sqlite3.Connection, server: Server, library: LibraryService, clock: FakeClock
) -> None:
    oldest, used_once, newest, used_twice = server.publish(
        server.material("金融方案一"),
        server.material("金融方案二"),
        server.material("金融方案三"),
        server.material("金融方案四"),
    )
    library.record_use(used_once, UsageAction.COPY)
    clock.advance(minutes=1)
    library.record_use(used_twice, UsageAction.COPY)
    library.record_use(used_twice, UsageAction.SEND)
    assert [h.id for h in search(conn, "金融").hits] == [used_twice, used_once, newest, oldest]
    assert [h.uses for h in search(conn, "金融").hits] == [2, 1, 0, 0]


def test_equal_use_is_broken_by_the_most_recent_use(
    conn: sqlite3.Connection, server: Server, library: LibraryService, clock: FakeClock
) -> None:
    first, second = server.publish(server.material("置换补贴A"), server.material("置换补贴B"))
    library.record_use(second, UsageAction.COPY)
    clock.advance(minutes=5)
    library.record_use(first, UsageAction.COPY)
    assert [h.id for h in search(conn, "置换").hits] == [first, second]


def test_a_changed_material_counts_as_recent(conn: sqlite3.Connection, server: Server) -> None:
    old = server.material("试驾邀约话术A")
    new = server.material("试驾邀约话术B")
    server.publish(old, new)
    assert [h.id for h in search(conn, "试驾").hits] == [new["id"], old["id"]]
    server.publish({**old, "body": "改过了", "updated_at": server.material("x")["updated_at"]})
    assert [h.id for h in search(conn, "试驾").hits] == [old["id"], new["id"]]


def test_a_page_of_results_says_when_there_are_more(
    conn: sqlite3.Connection, server: Server
) -> None:
    server.publish(*(server.material(f"活动方案{n}") for n in range(7)))
    result = search(conn, "活动", limit=5)
    assert len(result.hits) == 5
    assert result.has_more
    assert not search(conn, "活动", limit=7).has_more


# --- highlighting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "query", "expected"),
    [
        ("一汽-大众迈腾油耗实测", "迈腾", ["迈腾"]),
        ("一汽-大众迈腾油耗实测", "油", ["油"]),
        ("一汽-大众迈腾油耗实测", "maiteng", ["迈腾"]),
        ("一汽-大众迈腾油耗实测", "maite", ["迈腾"]),
        ("一汽-大众迈腾油耗实测", "yq", ["一汽"]),
        ("一汽-大众迈腾油耗实测", "mtyh", ["迈腾油耗"]),
        ("一汽-大众迈腾油耗实测", "迈腾 油耗", ["迈腾油耗"]),
        ("ID.4 CROZZ 长续航版", "id4 续航", ["ID.4", "续航"]),
        ("ＩＤ４ 五一🎉活动", "🎉", ["🎉"]),
        ("380TSI 旗舰版", "tsi", ["TSI"]),
    ],
)
def test_title_matches_are_marked_on_the_original_text(
    conn: sqlite3.Connection, server: Server, title: str, query: str, expected: list[str]
) -> None:
    server.publish(server.material(title, "正文"))
    (hit,) = search(conn, query).hits
    assert marked(hit.title.text, hit.title.spans) == expected


def test_the_snippet_shows_the_body_around_its_first_match(
    conn: sqlite3.Connection, server: Server
) -> None:
    body = "开场先寒暄。" * 10 + "迈腾的油耗表现出色，\n百公里油耗约6.5升。" + "结尾。" * 40
    server.publish(server.material("迈腾介绍", body))
    (hit,) = search(conn, "油耗").hits
    assert hit.snippet.text.startswith("…") and hit.snippet.text.endswith("…")
    assert "\n" not in hit.snippet.text
    assert marked(hit.snippet.text, hit.snippet.spans) == ["油耗", "油耗"]


def test_a_long_bodys_snippet_marks_the_matches_in_its_window_only() -> None:
    lead, first_match = "开场先寒暄。" * 10, "油耗约6.5升，"
    body = lead + first_match + "油耗" * 3_000
    shown = snippet(body, parse_query("油耗"))
    start = len(lead) - SNIPPET_LEAD
    assert shown.text == "…" + body[start : start + SNIPPET_CHARS] + "…"
    rest = (SNIPPET_CHARS - SNIPPET_LEAD - len(first_match)) // 2
    assert marked(shown.text, shown.spans) == ["油耗", "油耗" * rest]
    assert shown.spans[-1][1] == len(shown.text) - 1  # up to the cut, before "…"


def test_a_title_only_hit_shows_the_start_of_its_body_unmarked(
    conn: sqlite3.Connection, server: Server
) -> None:
    server.publish(server.material("迈腾介绍", "开场先寒暄。"))
    (hit,) = search(conn, "迈腾").hits
    assert hit.snippet.text == "开场先寒暄。"
    assert hit.snippet.spans == ()


# --- filters ------------------------------------------------------------------------------------


@pytest.fixture
def shelved(server: Server, library: LibraryService) -> dict[str, str]:
    """Materials across kinds, categories, models and scopes; name → id."""
    (models_root,) = server.publish_categories(server.category("车型资料"))
    (magotan,) = server.publish_categories(server.category("迈腾", parent=models_root))
    (finance,) = server.publish_categories(server.category("金融政策"))
    qa, poster, loan = server.publish(
        server.material("迈腾常见问题", "问答", kind="qa", category=magotan, models=["迈腾"]),
        server.material("迈腾海报", kind="image", category=models_root, models=["迈腾"]),
        server.material(
            "迈腾贷款方案", kind="article", category=finance, models=["迈腾", "帕萨特"]
        ),
    )
    mine = library.create_script(ScriptDraft("我的迈腾开场白", "您好", models=("迈腾",)))
    return {
        "qa": qa,
        "poster": poster,
        "finance": loan,
        "mine": mine,
        "models_root": models_root,
        "magotan": magotan,
        "finance_cat": finance,
    }


def ids_for(conn: sqlite3.Connection, query: str, filters: SearchFilters) -> set[str]:
    return {h.id for h in search(conn, query, filters).hits}


def test_filter_by_kind(conn: sqlite3.Connection, shelved: dict[str, str]) -> None:
    only_qa = SearchFilters(kinds=frozenset({MaterialKind.QA}))
    assert ids_for(conn, "迈腾", only_qa) == {shelved["qa"]}
    two = SearchFilters(kinds=frozenset({MaterialKind.QA, MaterialKind.IMAGE}))
    assert ids_for(conn, "", two) == {shelved["qa"], shelved["poster"]}


def test_filter_by_category_includes_its_sub_categories(
    conn: sqlite3.Connection, shelved: dict[str, str]
) -> None:
    top = SearchFilters(category_id=shelved["models_root"])
    assert ids_for(conn, "迈腾", top) == {shelved["qa"], shelved["poster"]}
    leaf = SearchFilters(category_id=shelved["magotan"])
    assert ids_for(conn, "", leaf) == {shelved["qa"]}


def test_filter_by_model(conn: sqlite3.Connection, shelved: dict[str, str]) -> None:
    assert ids_for(conn, "", SearchFilters(model="帕萨特")) == {shelved["finance"]}
    assert len(ids_for(conn, "", SearchFilters(model="迈腾"))) == 4


def test_filter_company_or_personal(conn: sqlite3.Connection, shelved: dict[str, str]) -> None:
    assert ids_for(conn, "迈腾", SearchFilters(scope=Scope.PERSONAL)) == {shelved["mine"]}
    assert shelved["mine"] not in ids_for(conn, "迈腾", SearchFilters(scope=Scope.COMPANY))


def test_filter_favourites(
    conn: sqlite3.Connection, shelved: dict[str, str], library: LibraryService
) -> None:
    library.set_favourite(shelved["poster"], True)
    assert ids_for(conn, "", SearchFilters(favourites_only=True)) == {shelved["poster"]}
    assert ids_for(conn, "金融", SearchFilters(favourites_only=True)) == set()


def test_filters_combine(conn: sqlite3.Connection, shelved: dict[str, str]) -> None:
    filters = SearchFilters(
        kinds=frozenset({MaterialKind.QA, MaterialKind.ARTICLE}),
        model="迈腾",
        scope=Scope.COMPANY,
        category_id=shelved["finance_cat"],
    )
    assert ids_for(conn, "maiteng", filters) == {shelved["finance"]}


def test_a_kind_this_build_does_not_know_is_skipped_not_fatal(
    conn: sqlite3.Connection, server: Server, workspace: Workspace
) -> None:
    server.publish(server.material("迈腾视频", kind="video"), server.material("迈腾海报"))
    assert titles(conn, "迈腾") == ["迈腾海报"]


@pytest.mark.parametrize(
    "query",
    [
        "迈腾",
        "m",
        "mai",
        "maiteng",
        "mt",
        "yh",
        "id4 续航",
        "续",
        "航 id",
        "jinrongzhengc",
        "🎉",
        "AND",
    ],
)
def test_used_materials_are_matched_by_the_same_rules_as_the_index(
    conn: sqlite3.Connection,
    catalogue: dict[str, str],
    library: LibraryService,
    query: str,
) -> None:
    # The oldest material is used most, so a used material the in-memory match missed would
    # drop to its place by recency and change the order.
    uses = {}
    for count, material_id in enumerate(reversed(catalogue.values()), start=1):
        uses[material_id] = count
        for _ in range(count):
            library.record_use(material_id, UsageAction.COPY)
    plan = parse_query(query).fts()

    def matched(columns: str) -> set[str]:
        rows = conn.execute(
            "SELECT s.material_id FROM material_fts f JOIN material_search s"
            " ON s.docid = f.rowid WHERE material_fts MATCH ?",
            (columns + " : (" + plan + ")",),
        )
        return {r[0] for r in rows}

    in_title = matched("{title}")
    anywhere = matched("{title body meta}")
    expected = sorted(in_title, key=lambda m: -uses[m]) + sorted(
        anywhere - in_title, key=lambda m: -uses[m]
    )
    assert [h.id for h in search(conn, query, limit=100).hits] == expected


# --- a search kept between keystrokes ---------------------------------------------------------


def test_a_kept_search_sees_usage_and_favourites_committed_since(
    conn: sqlite3.Connection, server: Server, library: LibraryService
) -> None:
    older, newer = server.publish(server.material("金融方案一"), server.material("金融方案二"))
    searcher = LibrarySearch(conn)  # as the UI's worker keeps one
    assert [h.id for h in searcher.search("金融").hits] == [newer, older]
    library.record_use(older, UsageAction.SEND)
    library.set_favourite(newer, True)
    hits = searcher.search("金融").hits
    assert [(h.id, h.uses, h.favourite) for h in hits] == [(older, 1, False), (newer, 0, True)]
    # A change made on the search's own connection counts too.
    conn.execute("DELETE FROM material_favourite")
    assert [h.favourite for h in searcher.search("金融").hits] == [False, False]


def test_a_kept_search_shows_materials_as_changed_and_drops_withdrawn_ones(
    conn: sqlite3.Connection, server: Server
) -> None:
    first = server.material("试驾邀约话术", "周末到店")
    second = server.material("试驾须知", "带驾照")
    server.publish(first, second)
    searcher = LibrarySearch(conn)
    assert [h.title.text for h in searcher.search("试驾").hits] == ["试驾须知", "试驾邀约话术"]
    server.publish(
        {**first, "title": "试驾邀约新话术", "updated_at": server.material("x")["updated_at"]}
    )
    assert [h.title.text for h in searcher.search("试驾").hits] == ["试驾邀约新话术", "试驾须知"]
    server.withdraw(second["id"])
    assert [h.title.text for h in searcher.search("试驾").hits] == ["试驾邀约新话术"]


def test_typing_on_in_a_word_gives_the_same_rows_where_nothing_changed(
    conn: sqlite3.Connection, catalogue: dict[str, str], library: LibraryService
) -> None:
    searcher = LibrarySearch(conn)
    mait = searcher.search("mait").hits
    maite = searcher.search("maite").hits
    assert [h.id for h in maite] == [h.id for h in mait]
    assert all(a is b for a, b in zip(maite, mait, strict=True))  # the same marks
    library.record_use(catalogue["迈腾金融政策"], UsageAction.COPY)
    (used, *_) = searcher.search("maiten").hits
    assert (used.id, used.uses) == (catalogue["迈腾金融政策"], 1)


def test_a_docid_is_never_given_twice_even_when_the_newest_is_withdrawn(
    conn: sqlite3.Connection, server: Server
) -> None:
    older, newest = server.publish(server.material("话术一"), server.material("话术二"))

    def docid(material_id: str) -> int:
        row = conn.execute(
            "SELECT docid FROM material_search WHERE material_id = ?", (material_id,)
        ).fetchone()
        return int(row[0])

    # Newer materials get lower docids: ascending order is newest first.
    assert docid(newest) < docid(older)
    gone = docid(newest)
    server.withdraw(newest)
    (later,) = server.publish(server.material("话术三"))
    assert docid(later) < gone
    assert [h.id for h in search(conn, "话术").hits] == [later, older]
