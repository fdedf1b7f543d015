"""Library figures at 50,000 materials: search per keystroke, its ratio to a bare FTS5 lookup,
and re-indexing after a sync of 1,000 changed materials.

The materials are generated (seeded, so every run has the same library): Chinese titles and
bodies from a vocabulary of models, finance, after-sales and activity terms, the models from
`resources/catalogue/vehicles.json`, a category tree of five roots and their children. They
arrive the way the server will send them, as pulled pages applied by `apply_page`. Re-indexing
is measured on a copy, so every run searches the same index.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, emit, median, percentile

MATERIALS = int(os.environ.get("BENCH_MATERIALS", "50000"))
PAGE = 500
CHANGED = 1_000
USED = 300
ROUNDS = 3
SEED = 20241122

#: Typed queries; every prefix of each is searched, as when typing it.
QUERIES = [
    "迈腾",
    "金融",
    "油耗",
    "续航",
    "首付",
    "置换补贴",
    "保养周期",
    "车",
    "maiteng",
    "youhao",
    "jinrong",
    "baoyang",
    "zhihuan",
    "mt",
    "yh",
    "yq",
    "jr",
    "id4 续航",
    "迈腾 yh",
    "330tsi",
    "tanyue 试驾",
]

TOPICS = [
    "金融政策",
    "置换补贴",
    "油耗",
    "续航",
    "保养",
    "质保",
    "试驾",
    "限时优惠",
    "首付",
    "月供",
    "贷款",
    "利率",
    "保险",
    "上牌",
    "交车",
    "配置",
    "参数",
    "安全",
    "智能驾驶",
    "空间",
    "内饰",
    "外观",
    "动力",
    "变速箱",
    "底盘",
    "充电",
    "电池",
    "售后服务",
    "延保",
    "道路救援",
    "会员积分",
    "车主权益",
    "团购",
    "老带新",
    "品牌历史",
    "工厂参观",
    "保值率",
    "二手车评估",
    "保养周期",
]
COMPETITORS = ["凯美瑞", "雅阁", "天籁", "思域", "卡罗拉", "轩逸", "比亚迪汉", "Model Y", "理想L6"]
TAGS = [
    "热门",
    "新品",
    "限时",
    "必读",
    "高转化",
    "开场白",
    "异议处理",
    "逼单",
    "邀约",
    "回访",
    "节日",
    "周末",
    "一汽",
    "置换",
]
TITLES = [
    "{model}{topic}说明",
    "{model}{topic}话术",
    "客户问{topic}怎么回答",
    "{month}月{topic}活动方案",
    "{model}与{rival}{topic}对比",
    "{topic}常见问题",
    "如何向客户介绍{model}的{topic}",
    "{model} {trim} {topic}要点",
    "{topic}政策解读（{month}月版）",
]
SENTENCES = [
    "{model}的{topic}在同级车中很有竞争力。",
    "首付低至{n}成，{m}年免息，月供{money}元起。",
    "百公里综合油耗约{x}升，实际表现取决于驾驶习惯。",
    "CLTC续航可达{km}公里，支持快充，{n}0分钟充至80%。",
    "客户关心{topic}时，先了解预算和用车场景。",
    "请强调{topic}的优势，并邀请客户到店试驾{model}。",
    "与{rival}相比，{model}在{topic}方面更有优势。",
    "本店{month}月推出{topic}活动，老客户推荐新客户可获赠保养一次。",
    "保养周期为每{n}000公里或{m}个月，以先到者为准。",
    "整车质保{m}年或{n}0万公里，三电系统终身质保（首任车主）。",
    "置换补贴最高{money}元，可与金融政策同享。",
    "如客户提到{rival}的报价，先肯定，再讲{model}的{topic}。",
]
CATEGORY_TREE = {
    "车型资料": [],  # children: one per model
    "金融政策": ["贷款方案", "置换补贴", "保险"],
    "活动": ["店头活动", "节日促销", "线上直播"],
    "售后": ["保养", "质保", "道路救援"],
    "公司介绍": ["品牌", "门店"],
}
KINDS = ["qa"] * 30 + ["script"] * 35 + ["article"] * 15 + ["image"] * 12 + ["document"] * 8


def models() -> list[tuple[str, list[str]]]:
    data = json.loads((ROOT / "resources" / "catalogue" / "vehicles.json").read_text("utf-8"))
    return [(m["name"], list(m.get("trims", []))) for m in data["models"]]


def _uuid(rng: random.Random) -> str:
    return "%08x-%04x-4%03x-a%03x-%012x" % (  # noqa: UP031 (fixed-width hex fields)
        rng.getrandbits(32),
        rng.getrandbits(16),
        rng.getrandbits(12),
        rng.getrandbits(12),
        rng.getrandbits(48),
    )


def categories(rng: random.Random) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for position, (root, children) in enumerate(CATEGORY_TREE.items()):
        root_id = _uuid(rng)
        out.append({"id": root_id, "parent_id": None, "name": root, "position": position})
        names = children or [name for name, _ in models()]
        for index, child in enumerate(names):
            out.append({"id": _uuid(rng), "parent_id": root_id, "name": child, "position": index})
    return out


def material(
    rng: random.Random, number: int, cats: list[dict[str, Any]], at: str
) -> dict[str, Any]:
    catalogue = models()
    model, trims = rng.choice(catalogue)
    values = {
        "model": model,
        "trim": rng.choice(trims) if trims else "",
        "topic": rng.choice(TOPICS),
        "rival": rng.choice(COMPETITORS),
        "month": rng.randint(1, 12),
        "n": rng.randint(2, 9),
        "m": rng.randint(2, 5),
        "money": rng.choice([999, 1999, 2999, 5000, 8000, 10000]),
        "x": round(rng.uniform(4.5, 8.9), 1),
        "km": rng.choice([450, 520, 600, 650]),
    }
    kind = rng.choice(KINDS)
    title = rng.choice(TITLES).format(**values)
    body = "".join(
        rng.choice(SENTENCES).format(**{**values, "topic": rng.choice(TOPICS)})
        for _ in range(rng.randint(2, 8))
    )
    leaf = rng.choice([c for c in cats if c["parent_id"] is not None])
    is_file = kind in ("image", "document")
    return {
        "id": _uuid(rng),
        "kind": kind,
        "scope": "company",
        "owner_id": None,
        "title": title,
        "body": "" if is_file and rng.random() < 0.5 else body,
        "summary": body[:60] if kind == "article" else "",
        "url": f"https://example.com/a/{number}" if kind == "article" else "",
        "category_id": leaf["id"],
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
        "models": [model] + ([rng.choice(catalogue)[0]] if rng.random() < 0.2 else []),
        "author": rng.choice(["王经理", "李经理", "市场部"]),
        "file_hash": f"{rng.getrandbits(256):064x}" if is_file else None,
        "file_name": f"{title}.{'png' if kind == 'image' else 'pdf'}" if is_file else "",
        "file_size": rng.randint(50_000, 5_000_000) if is_file else None,
        "mime_type": ("image/png" if kind == "image" else "application/pdf") if is_file else "",
        "created_at": at,
        "updated_at": at,
    }


def _changes(rows: list[tuple[str, dict[str, Any]]], first_seq: int) -> list[Any]:
    from consultant_app.sync.wire import Change, ChangeOp, Entity

    return [
        Change(first_seq + i, Entity(entity), data["id"], ChangeOp.UPSERT, data)
        for i, (entity, data) in enumerate(rows)
    ]


def _stamp(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(1_700_000_000 + second))


def seeded_library(count: int) -> Path:
    """A data folder whose workspace holds `count` pulled materials; made once and reused."""
    from consultant_app.library.index import INDEX_VERSION
    from consultant_app.store.database import open_workspace
    from consultant_app.sync.apply import apply_page

    base = Path(os.environ.get("BENCH_DIR", ROOT / "bench-out"))
    folder = base / f"library-{count}"
    done = folder / "seeded.json"
    if done.exists() and json.loads(done.read_text()).get("index") == INDEX_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(SEED)
    started = time.perf_counter()
    workspace = open_workspace(folder)
    cats = categories(rng)
    seq = 1
    apply_page(workspace, _changes([("material_category", c) for c in cats], seq), "seed-0")
    seq += len(cats)
    for page, first in enumerate(range(0, count, PAGE)):
        rows = [
            ("material", material(rng, n, cats, _stamp(n)))
            for n in range(first, min(count, first + PAGE))
        ]
        apply_page(workspace, _changes(rows, seq), f"seed-{page + 1}")
        seq += len(rows)
    workspace.close()
    took = time.perf_counter() - started
    summary = {"materials": count, "seconds": round(took, 1), "seq": seq, "index": INDEX_VERSION}
    done.write_text(json.dumps(summary))
    print(f"# seeded {count} materials in {took:.1f} s ({folder})", file=sys.stderr)
    return folder


def keystrokes() -> Iterator[str]:
    """Every prefix of every query, as typed (whole characters; the IME commits Han ones)."""
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            if query[end - 1] != " ":
                yield query[:end]


def run() -> None:
    from consultant_app.library.commands import LibraryService
    from consultant_app.library.models import UsageAction
    from consultant_app.library.search import DEFAULT_LIMIT, LibrarySearch
    from consultant_app.library.tokens import parse_query
    from consultant_app.store.database import open_workspace

    folder = seeded_library(MATERIALS)
    workspace = open_workspace(folder)
    conn = workspace.reader()
    rng = random.Random(SEED + 1)

    # The consultant's history: a few hundred materials copied or sent, some many times.
    used = conn.execute("SELECT count(*) FROM material_usage").fetchone()[0]
    if used < USED:
        ids = [r[0] for r in conn.execute("SELECT id FROM material ORDER BY id")]
        service = LibraryService(workspace)
        for material_id in rng.sample(ids, USED):
            for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
                service.record_use(material_id, rng.choice(list(UsageAction)))

    typed = list(keystrokes())
    # The bare lookups: the same token expression over the same columns, no ranking, no
    # highlighting, no filters, no parsing. "page": the first page of rows and their titles,
    # what an unranked search box would show; "all": every matching rowid.
    page_sql = (
        "SELECT m.id, m.title FROM material_fts f JOIN material_search s ON s.docid = f.rowid"
        " JOIN material m ON m.id = s.material_id WHERE material_fts MATCH ? LIMIT ?"
    )
    all_sql = "SELECT rowid FROM material_fts WHERE material_fts MATCH ?"
    expressions = {q: "{title body meta} : (" + parse_query(q).fts() + ")" for q in typed}
    searcher = LibrarySearch(conn)  # as the UI's database worker keeps one
    for q in typed:  # warm the page cache, the pinyin tables and the used materials' tokens
        searcher.search(q)
    ours: list[float] = []
    page: list[float] = []
    every: list[float] = []
    hits = 0
    # Each lookup types the whole sequence on its own, as a consultant would: timed one
    # keystroke after the other, a search always followed the all-matches lookup of the
    # keystroke before (which reads ~100 ms of doclists and evicts SQLite's page cache) and
    # the bare page always followed the search for the same keystroke (its pages warm).
    for _ in range(ROUNDS):
        for q in typed:
            started = time.perf_counter()
            result = searcher.search(q)
            ours.append((time.perf_counter() - started) * 1000)
            hits += len(result.hits)
        for q in typed:
            started = time.perf_counter()
            conn.execute(page_sql, (expressions[q], DEFAULT_LIMIT)).fetchall()
            page.append((time.perf_counter() - started) * 1000)
        for q in typed:
            started = time.perf_counter()
            conn.execute(all_sql, (expressions[q],)).fetchall()
            every.append((time.perf_counter() - started) * 1000)
    ours_p95, page_p95, all_p95 = (percentile(v, 95) for v in (ours, page, every))
    emit(
        "library.search_p95_ms",
        ours_p95,
        "ms",
        median_ms=round(median(ours), 2),
        max_ms=round(max(ours), 2),
        keystrokes=len(typed),
        samples=len(ours),
        materials=MATERIALS,
        used=USED,
        limit=DEFAULT_LIMIT,
        mean_hits=round(hits / len(ours), 1),
    )
    emit(
        "library.search_ratio",
        ours_p95 / page_p95,
        "ratio",
        ours_p95_ms=round(ours_p95, 2),
        bare_p95_ms=round(page_p95, 3),
        bare="FTS5 MATCH of the same token expression: first page of rows with titles",
        vs_all_matches=round(ours_p95 / all_p95, 2),
        all_matches_p95_ms=round(all_p95, 2),
    )
    workspace.close()
    # On a copy: a page of changed materials would otherwise be left in the seeded index,
    # and every later run would search an index with more segments than the one before.
    scratch = folder.with_name(folder.name + "-update")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(folder, scratch)
    try:
        copy = open_workspace(scratch)
        index_update(copy)
        copy.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def index_update(workspace: Any) -> None:
    """A pulled page of 1,000 changed materials: the whole apply, and the index's share."""
    from consultant_app.library import index
    from consultant_app.sync.apply import apply_page
    from consultant_app.sync.wire import Change, ChangeOp, Entity

    conn = workspace.reader()
    rng = random.Random(time.time_ns())
    cats = [
        {"id": r[0], "parent_id": r[1], "name": r[2], "position": r[3]}
        for r in conn.execute("SELECT id, parent_id, name, position FROM material_category")
    ]
    ids = [r[0] for r in conn.execute("SELECT id FROM material ORDER BY id")]
    runs_total: list[float] = []
    runs_index: list[float] = []
    for run_number in range(3):
        stamp = _stamp(10_000_000 + run_number)
        changes = []
        for seq, material_id in enumerate(rng.sample(ids, CHANGED), start=1):
            data = {**material(rng, seq, cats, stamp), "id": material_id}
            changes.append(Change(seq, Entity.MATERIAL, material_id, ChangeOp.UPSERT, data))
        timer = _IndexTimer(index)
        started = time.perf_counter()
        with timer:
            apply_page(workspace, changes, f"bench-{run_number}")
        runs_total.append((time.perf_counter() - started) * 1000)
        runs_index.append(timer.ms)
    emit(
        "library.index_update_ms",
        median(runs_index),
        "ms",
        apply_page_ms=round(median(runs_total), 1),
        changed=CHANGED,
        runs=len(runs_index),
    )


class _IndexTimer:
    """Times `index.flush` (the re-index step of a page) while in use."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.ms = 0.0
        self._original = module.flush

    def __enter__(self) -> None:
        original = self._original

        def timed(session: Any) -> int:
            started = time.perf_counter()
            try:
                return int(original(session))
            finally:
                self.ms += (time.perf_counter() - started) * 1000

        self.module.flush = timed

    def __exit__(self, *exc: object) -> None:
        self.module.flush = self._original
