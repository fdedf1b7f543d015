"""Regenerate docs/library.png and docs/palette.png:
`xvfb-run -a -s "-screen 0 1700x1100x24" .venv/bin/python docs/library_screenshots.py`.

Opens a fresh demo showroom in the real app window, in Chinese, and fills its material library
the way the app gets one: company materials arrive as a pulled sync page (`apply_page`) and the
consultant's own scripts are written through `LibraryService`. Then it saves the library page
with a search typed (matches marked) and the Ctrl+K palette open over the kanban.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from consultant_app.catalogue import load_catalogue
from consultant_app.clock import new_id
from consultant_app.domain.stages import Stage
from consultant_app.library.cache import FileCache
from consultant_app.library.commands import LibraryService
from consultant_app.library.models import MaterialKind, ScriptDraft, UsageAction
from consultant_app.settings import Settings
from consultant_app.store.database import Workspace
from consultant_app.sync.apply import apply_page
from consultant_app.sync.wire import Change, ChangeOp, Entity
from ui.app import open_and_load
from ui.library import QuickSearchPalette
from ui.library.controller import CACHE_FOLDER
from ui.main_window import Loaded, MainWindow
from ui.tasks import SerialExecutor
from ui.theme import apply_theme, install_translators

DOCS = Path(__file__).resolve().parent

# -- the library's content -------------------------------------------------------------------


def poster_png(path: Path) -> bytes:
    """A campaign poster as the marketing team might publish it (drawn here, saved as PNG)."""
    image = QImage(720, 960, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, 960))
    gradient.setColorAt(0, QColor("#0B3D91"))
    gradient.setColorAt(1, QColor("#1677FF"))
    painter.fillRect(image.rect(), gradient)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei UI"])
    font.setBold(True)
    font.setPixelSize(86)
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(QRectF(0, 150, 720, 120), Qt.AlignmentFlag.AlignCenter, "全新迈腾")
    font.setPixelSize(54)
    painter.setFont(font)
    painter.setPen(QColor("#FFE58F"))
    painter.drawText(QRectF(0, 290, 720, 90), Qt.AlignmentFlag.AlignCenter, "五一限时购车节")
    font.setBold(False)
    font.setPixelSize(34)
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    for number, line in enumerate(
        ("置换补贴最高 1 万元", "36 期低息 · 首付 20% 起", "到店试驾即送精美礼品")
    ):
        painter.drawText(QRectF(0, 520 + number * 70, 720, 60), Qt.AlignmentFlag.AlignCenter, line)
    painter.end()
    image.save(str(path))
    return path.read_bytes()


def fill_library(workspace: Workspace, data_dir: Path) -> None:
    """Company materials pulled as one sync page, a cached poster, the consultant's scripts."""
    seq = 0
    clock = datetime.now(UTC) - timedelta(days=40)
    changes: list[Change] = []

    def change(entity: Entity, row: dict[str, Any]) -> str:
        nonlocal seq
        seq += 1
        changes.append(Change(seq, entity, row["id"], ChangeOp.UPSERT, row))
        return str(row["id"])

    def category(name: str, parent: str | None = None, position: int = 0) -> str:
        row = {"id": new_id(), "parent_id": parent, "name": name, "position": position}
        return change(Entity.MATERIAL_CATEGORY, row)

    def material(title: str, body: str = "", **fields: Any) -> str:
        nonlocal clock
        clock += timedelta(days=2)
        row: dict[str, Any] = {
            "id": new_id(),
            "kind": "script",
            "scope": "company",
            "owner_id": None,
            "title": title,
            "body": body,
            "summary": "",
            "url": "",
            "category_id": None,
            "tags": [],
            "models": [],
            "author": "王经理（市场部）",
            "file_hash": None,
            "file_name": "",
            "file_size": None,
            "mime_type": "",
            "created_at": clock.isoformat(),
            "updated_at": clock.isoformat(),
        }
        row.update(fields)
        return change(Entity.MATERIAL, row)

    cars = category("车型资料", position=0)
    magotan = category("迈腾", cars, 0)
    tiguan = category("途观L", cars, 1)
    id4 = category("ID.4 CROZZ", cars, 2)
    finance = category("金融政策", position=1)
    service = category("售后服务", position=2)
    posters = category("活动海报", position=3)
    rivals = category("竞品对比", position=4)
    poster = FileCache(data_dir / CACHE_FOLDER).put(poster_png(data_dir / "poster.png"))

    material(
        "迈腾 2024 款参数配置表",
        kind="document",
        category_id=magotan,
        models=["迈腾"],
        file_hash="5e" * 32,
        file_name="迈腾2024款参数配置表.pdf",
        file_size=2_400_000,
        mime_type="application/pdf",
    )
    material(
        "竞品对比：迈腾 vs 凯美瑞",
        "凯美瑞主打省油和保值；迈腾的优势是 2.0T 动力、更大的后排空间和更扎实的底盘。"
        "客户在意油耗时，可以推荐 330TSI 版本并说明实际油耗差距不到 1 升。",
        category_id=rivals,
        models=["迈腾"],
        tags=["竞品", "凯美瑞"],
    )
    material(
        "ID.4 CROZZ 冬天续航掉多少？",
        "冬季低温续航约为标称的 70%~80%。建议客户出发前开启电池预热，多用座椅加热、"
        "方向盘加热代替空调，掉电会明显减少。",
        kind="qa",
        category_id=id4,
        models=["ID.4 CROZZ"],
        tags=["续航", "冬季"],
    )
    material(
        "保养多久做一次？",
        "常规保养每 7500 公里或 6 个月一次，以先到者为准；机油、机滤每次更换，"
        "空气滤每 15000 公里检查更换。首保免费，需在 3000~7500 公里之间完成。",
        kind="qa",
        category_id=service,
        tags=["保养"],
    )
    material(
        "首保到期提醒",
        "王先生您好，您的爱车已经行驶近 7500 公里，快到首保了。本月回店保养工时费八折，"
        "需要帮您预约这周六上午吗？",
        category_id=service,
        tags=["保养", "回访"],
    )
    material(
        "迈腾五一限时购车海报",
        kind="image",
        category_id=posters,
        models=["迈腾"],
        tags=["五一", "活动"],
        file_hash=poster.digest,
        file_name="迈腾五一海报.png",
        file_size=poster.size,
        mime_type="image/png",
    )
    material(
        "36 期低息分期话术",
        "本月金融政策：首付 20% 起，36 期年化 1.99%。以迈腾 330TSI 为例，月供约 3,900 元，"
        "还可以叠加置换补贴，您看要不要我帮您算一下具体方案？",
        category_id=finance,
        models=["迈腾", "途观L"],
        tags=["分期", "金融"],
    )
    material(
        "贷款买车首付最低多少？",
        "目前首付最低 20%，可选 12/24/36 期；部分车型 24 期 0 利率。审批一般 1~2 个工作日，"
        "需要身份证、驾驶证和近半年银行流水。",
        kind="qa",
        category_id=finance,
        tags=["分期", "首付"],
    )
    material(
        "途观L 长测：一年两万公里油耗实录",
        kind="article",
        category_id=tiguan,
        models=["途观L"],
        tags=["油耗", "长测"],
        summary="一位车主一年开了两万公里：市区 9.8 升、高速 7.1 升，保养花费 2,300 元。",
        url="https://example.com/tiguan-l-long-term-test",
    )
    material(
        "途观L 油耗和保养费用怎么样？",
        "途观L 380TSI 四驱综合油耗 8.3 升/百公里，两驱版本 7.6 升。首保免费，之后每 7500 公里"
        "小保养约 600 元，大保养约 1,300 元。",
        kind="qa",
        category_id=tiguan,
        models=["途观L"],
        tags=["油耗", "保养"],
    )
    material(
        "迈腾置换补贴话术",
        "现在置换迈腾，旧车评估后最高可享 1 万元置换补贴，另送首次保养。"
        "您方便这周末带旧车来店里评估一下吗？评估免费，不买也没关系。",
        category_id=magotan,
        models=["迈腾"],
        tags=["置换", "补贴"],
    )
    fuel = material(
        "迈腾油耗多少？",
        "迈腾 330TSI 工信部综合油耗 6.2 升/百公里；实际用车市区 8 升左右，高速 5.5 升左右。"
        "建议客户试驾时打开 ECO 模式，看一下仪表盘上的实时油耗。",
        kind="qa",
        category_id=magotan,
        models=["迈腾"],
        tags=["油耗", "用车成本"],
    )
    apply_page(workspace, changes, "screenshots-1")

    library = LibraryService(workspace)
    library.create_script(
        ScriptDraft(
            "我的开场白",
            "您好，我是展厅顾问小李，很高兴为您服务！今天是想先看看车，还是已经有看中的车型了？",
            tags=("开场",),
        )
    )
    library.create_script(
        ScriptDraft(
            "客户嫌贵怎么回",
            "先认同：“价格确实是要好好比较的。”再讲配置和保值率，最后带出本月的金融政策和置换补贴。",
            kind=MaterialKind.QA,
            tags=("议价",),
        )
    )
    mine = library.create_script(
        ScriptDraft(
            "油耗顾虑的回应",
            "您关心油耗很正常。迈腾 280TSI 综合油耗 5.8 升，按一年两万公里算，"
            "油费比同级车省一千多块。",
            models=("迈腾",),
            tags=("油耗",),
        )
    )
    for _ in range(3):
        library.record_use(fuel, UsageAction.COPY)
    library.record_use(mine, UsageAction.SEND)
    library.set_favourite(fuel, True)


# -- the window ------------------------------------------------------------------------------


def main() -> int:
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    apply_theme(app)
    data_dir = Path(tempfile.mkdtemp(prefix="showroom-library-shots-"))
    executor = SerialExecutor("shots-db")
    window = MainWindow(executor, Settings.in_dir(data_dir), load_catalogue(), "zh_CN")
    window.resize(1600, 960)
    window.show()
    loaded = open_and_load(data_dir, True, 300)
    assert isinstance(loaded, Loaded)
    fill_library(loaded.workspace, data_dir)
    window.attach(loaded)

    def settle(condition: Callable[[], bool] = lambda: True, seconds: float = 1.5) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or not condition():
            app.processEvents()
            if time.monotonic() > deadline + 10:
                break

    settle()
    page = window.library_page
    column = window.board.columns[Stage.TEST_DRIVE]
    contact_id = column.ids()[1]
    window.kanban.select(contact_id)
    settle(lambda: window.detail.contact_id() == contact_id)

    window.show_page(2)
    settle(lambda: page.model.rowCount() > 0)
    page.search_edit.setText("油耗")
    settle(lambda: page.model.rowCount() > 0 and page.pane.material_id() is not None, 2.0)
    window.grab().save(str(DOCS / "library.png"))

    window.show_page(0)
    settle()
    window.activateWindow()
    window.open_palette()
    palette = window.findChild(QuickSearchPalette)
    assert isinstance(palette, QuickSearchPalette)
    palette.search_edit.setText("迈腾")
    settle(lambda: not palette.searching(), 1.5)
    window.grab().save(str(DOCS / "palette.png"))
    palette.close_palette()
    window.close()
    executor.shutdown()
    loaded.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
