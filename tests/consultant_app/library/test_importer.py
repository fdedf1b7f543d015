"""Bulk import: CSV, XLSX and folders become drafts, all or nothing, with a report of every
rejected row and why."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from consultant_app.library.importer import Problem, import_path
from consultant_app.library.models import MaterialKind

MODELS = ("迈腾", "帕萨特", "ID.4 CROZZ")
HEADER = ["类型", "标题", "正文", "链接", "分类", "标签", "车型", "文件"]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    HEADER,
    [
        "问答",
        "迈腾油耗多少？",
        "百公里约6.5升。",
        "",
        "车型资料/迈腾",
        "油耗、常见问题",
        "迈腾",
        "",
    ],
    ["话术", "开场白", "您好！", "", "", "", "", ""],
    ["文章", "金融政策解读", "", "https://example.com/a", "金融政策", "", "迈腾，帕萨特", ""],
    [],
    ["图片", "迈腾海报", "", "", "车型资料 > 迈腾", "海报", "迈腾", "posters/magotan.png"],
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "magotan.png").write_bytes(b"\x89PNG fake poster")
    return tmp_path


def test_a_good_csv_gives_one_draft_per_row(folder: Path) -> None:
    report = import_path(write_csv(folder / "materials.csv", GOOD), known_models=MODELS)
    assert report.ok
    assert report.rows == 4
    qa, script, article, poster = report.drafts
    assert (qa.kind, qa.title, qa.category_path) == (
        MaterialKind.QA,
        "迈腾油耗多少？",
        ("车型资料", "迈腾"),
    )
    assert qa.tags == ("油耗", "常见问题")
    assert article.models == ("迈腾", "帕萨特")
    assert poster.category_path == ("车型资料", "迈腾")
    assert poster.file is not None
    assert poster.file.sha256 == hashlib.sha256(b"\x89PNG fake poster").hexdigest()
    assert poster.file.mime_type == "image/png"
    assert script.source == "materials.csv row 3"


def test_a_csv_saved_by_excel_in_gbk_reads_the_same(folder: Path) -> None:
    utf8 = import_path(write_csv(folder / "a.csv", GOOD))
    (folder / "a.csv").unlink()
    gbk = import_path(write_csv(folder / "b.csv", GOOD, encoding="gb18030"))
    assert [d.title for d in gbk.drafts] == [d.title for d in utf8.drafts]


def test_an_xlsx_sheet_reads_like_the_csv(folder: Path) -> None:
    rows: list[list[object]] = [list(r) for r in GOOD]
    rows[2][2] = 12345  # a number cell
    report = import_path(write_xlsx(folder / "materials.xlsx", rows), known_models=MODELS)
    assert report.ok
    assert [d.title for d in report.drafts] == [
        "迈腾油耗多少？",
        "开场白",
        "金融政策解读",
        "迈腾海报",
    ]
    assert report.drafts[1].body == "12345"


def test_one_bad_row_rejects_the_whole_import_and_every_bad_row_is_reported(
    folder: Path,
) -> None:
    rows = [
        *GOOD,
        ["视频", "宣传片", "", "", "", "", "", ""],
        ["问答", "", "", "", "", "", "", ""],
        ["文章", "没有链接的文章", "", "ftp://x", "", "", "", ""],
        ["图片", "不存在的图", "", "", "", "", "", "posters/none.png"],
        ["图片", "越界的图", "", "", "", "", "", "../secret.png"],
        ["文档", "类型不对", "", "", "", "", "", "posters/magotan.png"],
        ["话术", "开场白", "重复的标题", "", "", "", "", ""],
        ["话术", "未知车型", "x", "", "", "", "高尔夫", ""],
        ["话术", "x" * 201, "x", "", "", "", "", ""],
    ]
    report = import_path(write_csv(folder / "materials.csv", rows), known_models=MODELS)
    assert not report.ok
    assert report.drafts == ()
    problems = {r.row: r.problems for r in report.rejected}
    assert problems == {
        7: (Problem("kind", "unknown", "视频"),),
        8: (Problem("title", "required"), Problem("body", "required")),
        9: (Problem("url", "invalid", "ftp://x"),),
        10: (Problem("file", "missing", "posters/none.png"),),
        11: (Problem("file", "outside_folder", "../secret.png"),),
        12: (Problem("file", "wrong_type", ".png"),),
        13: (Problem("title", "duplicate", "row 3"),),
        14: (Problem("models", "unknown", "高尔夫"),),
        15: (Problem("title", "too_long", "200"),),
    }
    assert report.lines()[0] == "materials.csv row 7: 宣传片: kind: unknown (视频)"


def test_a_sheet_without_the_required_columns_is_rejected_as_a_whole(tmp_path: Path) -> None:
    report = import_path(write_csv(tmp_path / "m.csv", [["标题", "备注"], ["a", "b"]]))
    ((row,),) = [report.rejected]
    assert row.row == 0
    assert row.problems == (Problem("header", "missing_columns", "kind"),)


def test_unknown_columns_are_reported_rather_than_ignored(tmp_path: Path) -> None:
    report = import_path(
        write_csv(tmp_path / "m.csv", [["类型", "标题", "备注"], ["话术", "a", "b"]])
    )
    assert report.rejected[0].problems == (Problem("header", "unknown_columns", "备注"),)


def test_a_damaged_workbook_is_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "m.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    report = import_path(bad)
    assert report.rejected[0].problems[0].code == "unreadable"


def test_a_folder_of_files_imports_each_file_under_its_folder_path(tmp_path: Path) -> None:
    (tmp_path / "车型资料" / "迈腾").mkdir(parents=True)
    (tmp_path / "车型资料" / "迈腾" / "迈腾参数表.pdf").write_bytes(b"%PDF-1.7 fake")
    (tmp_path / "车型资料" / "迈腾" / "迈腾海报.jpg").write_bytes(b"\xff\xd8 fake")
    (tmp_path / "话术").mkdir()
    (tmp_path / "话术" / "开场白.txt").write_bytes("您好，欢迎光临。".encode("gb18030"))
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    report = import_path(tmp_path)
    assert report.ok
    found = {(d.kind, d.title, d.category_path) for d in report.drafts}
    assert found == {
        (MaterialKind.DOCUMENT, "迈腾参数表", ("车型资料", "迈腾")),
        (MaterialKind.IMAGE, "迈腾海报", ("车型资料", "迈腾")),
        (MaterialKind.SCRIPT, "开场白", ("话术",)),
    }
    script = next(d for d in report.drafts if d.kind is MaterialKind.SCRIPT)
    assert script.body == "您好，欢迎光临。"


def test_a_folder_with_an_unsupported_file_is_rejected_whole(tmp_path: Path) -> None:
    (tmp_path / "海报.png").write_bytes(b"png")
    (tmp_path / "视频.mp4").write_bytes(b"mp4")
    report = import_path(tmp_path)
    assert report.drafts == ()
    assert [(r.source, r.problems) for r in report.rejected] == [
        ("视频.mp4", (Problem("file", "unsupported_type", ".mp4"),))
    ]


def test_a_folder_holding_a_sheet_is_that_sheet(folder: Path) -> None:
    write_csv(folder / "materials.csv", GOOD)
    assert len(import_path(folder).drafts) == 4
