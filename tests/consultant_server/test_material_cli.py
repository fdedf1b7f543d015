"""The ``consultant-server material`` commands: import a folder or sheet, list, retire."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.models import Material, Role, User
from tests.consultant_server.conftest import MakeUser
from tests.consultant_server.material_support import png
from tests.consultant_server.support import row_counts
from tests.consultant_server.test_cli import run

Sessions = sessionmaker[Session]


@pytest.fixture
def boss(make_user: MakeUser) -> User:
    make_user("zhangwei")
    return make_user("wangfang", display_name="王芳", role=Role.MANAGER)


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["类型", "标题", "正文", "分类", "文件"], *rows])
    return path


def test_a_folder_is_imported_as_the_manager_and_listed(
    database_url: str, engine: Engine, boss: User, tmp_path: Path, sessions: Sessions
) -> None:
    folder = tmp_path / "素材"
    (folder / "海报").mkdir(parents=True)
    (folder / "海报" / "五一海报.png").write_bytes(png())
    write_sheet(
        folder / "素材.csv",
        [
            ["问答", "首保免费吗？", "首保免费", "售后", ""],
            ["海报", "五一海报", "", "活动", "海报/五一海报.png"],
        ],
    )
    url = ["--database-url", database_url]
    dry = run("material", "import", str(folder), "--manager", "wangfang", "--dry-run", *url)
    assert dry == (0, "would import 2 row(s): 2 new, 0 updated\n")
    assert row_counts(engine)["material"] == 0
    done = run("material", "import", str(folder), "--manager", "wangfang", *url)
    assert done == (0, "imported 2 row(s): 2 new, 0 updated\n")
    status, listed = run("material", "list", "--manager", "wangfang", *url)
    assert status == 0
    assert sorted(line.split("\t")[1:] for line in listed.splitlines()) == [
        ["image", "live", "五一海报"],
        ["qa", "live", "首保免费吗？"],
    ]
    with sessions() as session:
        poster = session.scalars(select(Material).where(Material.kind == "image")).one()
    assert run("material", "retire", str(poster.id), "--manager", "wangfang", *url)[0] == 0
    _, after = run("material", "list", "--manager", "wangfang", *url)
    assert [line.split("\t")[3] for line in after.splitlines()] == ["首保免费吗？"]


def test_a_sheet_with_rejected_rows_imports_nothing_and_lists_them(
    database_url: str,
    engine: Engine,
    boss: User,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = write_sheet(
        tmp_path / "素材.csv",
        [["问答", "好问题", "好答案", "", ""], ["问答", "没有答案", "", "", ""]],
    )
    before = row_counts(engine)
    status, out = run(
        "material", "import", str(sheet), "--manager", "wangfang", "--database-url", database_url
    )
    assert (status, out) == (1, "")
    err = capsys.readouterr().err
    assert "1 row(s) of 2 rejected; nothing was imported" in err
    assert "素材.csv row 3: 没有答案: body: required" in err
    assert row_counts(engine) == before


def test_a_consultant_cannot_import_materials(
    database_url: str, boss: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_sheet(tmp_path / "a.csv", [["问答", "问", "答", "", ""]])
    status, _ = run(
        "material", "import", str(sheet), "--manager", "zhangwei", "--database-url", database_url
    )
    assert status == 1
    assert "only a manager imports company materials" in capsys.readouterr().err
