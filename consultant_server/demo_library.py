"""The demo server's material library: a showroom's company materials and a personal script.

Published through the service layer as a manager would (`consultant_server.services.materials`),
so a demo desk's library fills by its ordinary first sync, never locally. The poster and the
spec sheet are drawn here (Pillow, fpdf2) with a Chinese font when one is found; without one
they are drawn without text, and the rest of the library is the same.
"""

from __future__ import annotations

import io
import logging
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_server.models import User
from consultant_server.services import materials
from consultant_server.services.changelog import Clock, change_transaction
from consultant_server.services.materials import CompanyDraft

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DemoMaterial:
    kind: str
    title: str
    body: str = ""
    category: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    summary: str = ""
    url: str = ""


SALES = ("销售话术",)
MAGOTAN = ("车型资料", "迈腾")
ID4 = ("车型资料", "ID.4 CROZZ")
FINANCE = ("金融政策",)

DEMO_MATERIALS: tuple[DemoMaterial, ...] = (
    DemoMaterial(
        "qa",
        "迈腾 330TSI 油耗多少？",
        "工信部综合油耗 6.36 升/百公里（WLTC）。客户实际城市通勤一般 7～8 升，"
        "跑高速 5.5 升左右；加 92 号油即可。",
        MAGOTAN,
        ("油耗", "意向:迈腾"),
        ("迈腾",),
    ),
    DemoMaterial(
        "qa",
        "迈腾保养周期和费用？",
        "首保 5000 公里或 6 个月，免费。之后每 10000 公里或 12 个月保养一次："
        "小保养约 680 元，大保养约 1500 元（以门店报价为准）。",
        ("售后",),
        ("保养",),
        ("迈腾",),
    ),
    DemoMaterial(
        "qa",
        "ID.4 CROZZ 冬天续航打几折？",
        "CLTC 续航 555 公里；杭州冬季实际约 400～430 公里。建议开启热泵空调，"
        "出发前用 App 预约预热电池，高速保持 100 公里/小时以内。",
        ID4,
        ("续航", "新能源", "意向:ID.4 CROZZ"),
        ("ID.4 CROZZ",),
    ),
    DemoMaterial(
        "qa",
        "贷款需要准备什么材料？",
        "身份证、驾驶证、近 6 个月银行流水、工作证明或营业执照；已婚客户另需配偶身份证和"
        "结婚证。审批一般 1～3 个工作日，最快当天放款。",
        FINANCE,
        ("贷款", "分期"),
    ),
    DemoMaterial(
        "qa",
        "置换补贴怎么算？",
        "旧车按评估价收购，另享置换补贴：燃油车 5000 元，新能源车 8000 元，可与厂家补贴叠加。"
        "评估免费，20 分钟出价。",
        FINANCE,
        ("置换", "补贴"),
    ),
    DemoMaterial(
        "qa",
        "新能源车在杭州能直接上浙A牌吗？",
        "可以。杭州新能源汽车无需摇号，凭身份证和充电条件证明（或承诺书）直接申请浙A牌照，"
        "我们可以全程代办。",
        ID4,
        ("上牌", "新能源"),
        ("ID.4 CROZZ",),
    ),
    DemoMaterial(
        "script",
        "到店欢迎话术",
        "您好，欢迎光临杭州西湖大众！我是销售顾问{顾问}。今天想先看看哪款车？"
        "我们休息区有咖啡和茶，您可以先坐下来，我给您介绍一下这个月的购车政策。",
        SALES,
        ("开场",),
    ),
    DemoMaterial(
        "script",
        "试驾邀约话术",
        "王先生您好，上次您看的迈腾这周末有试驾车，周六上午 10 点和下午 3 点都有空档，"
        "试驾 30 分钟左右，还送一次免费洗车，您看哪个时间方便？",
        SALES,
        ("试驾", "邀约"),
        ("迈腾",),
    ),
    DemoMaterial(
        "script",
        "价格异议：别家便宜 3000",
        "理解您的想法，买车谁都想多省一点。我们的报价里包含了首保、两年免费基础保养和"
        "全车膜，折算下来超过 3000 元；而且我们是杭州的老店，售后就在西湖区，用车更省心。"
        "您看今天定的话，我再去跟经理申请一个精品礼包。",
        SALES,
        ("价格异议", "促单"),
    ),
    DemoMaterial(
        "script",
        "竞品对比：迈腾 vs 凯美瑞",
        "迈腾：2.0T 涡轮增压，动力更足，高速超车轻松；轴距 2871 毫米，后排空间更大；"
        "IQ.Drive 驾驶辅助全系标配。凯美瑞：油耗略低，保值率高。客户重视驾驶感受和空间时，"
        "重点讲迈腾的动力和后排。",
        MAGOTAN,
        ("竞品", "凯美瑞", "意向:迈腾"),
        ("迈腾",),
    ),
    DemoMaterial(
        "script",
        "迈腾 2025 款 330TSI 参数速查",
        "长×宽×高：4866×1832×1479 毫米；轴距 2871 毫米\n"
        "发动机：2.0T 涡轮增压，186 马力，320 牛·米\n"
        "变速箱：7 速湿式双离合\n"
        "综合油耗：6.36 升/百公里（WLTC）\n"
        "配置亮点：IQ.Drive、矩阵式 LED 大灯、30 色氛围灯",
        MAGOTAN,
        ("参数", "配置"),
        ("迈腾",),
    ),
    DemoMaterial(
        "script",
        "交车三天回访话术",
        "李女士您好，我是西湖大众的{顾问}。新车开了几天感觉怎么样？导航和手机互联都连上了吗？"
        "有任何不会用的功能随时找我，首保记得在 5000 公里或 6 个月内来做，免费的。",
        ("售后",),
        ("回访",),
    ),
    DemoMaterial(
        "script",
        "公司介绍",
        "杭州西湖大众 4S 店成立于 2008 年，是一汽-大众授权经销商，展厅 3000 平方米，"
        "拥有 40 个工位的售后车间，连续五年获评浙江省五星级服务店。",
        ("公司介绍",),
        ("公司介绍",),
    ),
    DemoMaterial(
        "article",
        "2025 款迈腾上市：全系标配 IQ.Drive",
        summary="新款迈腾升级 IQ.Drive 驾驶辅助和 30 色氛围灯，330TSI 起售价不变。",
        url="https://www.example.com/news/magotan-2025",
        category=MAGOTAN,
        tags=("新车上市", "意向:迈腾"),
        models=("迈腾",),
    ),
    DemoMaterial(
        "article",
        "ID.4 CROZZ 冬季用车指南",
        summary="热泵空调、电池预热和充电习惯：冬天多跑 50 公里的七个小技巧。",
        url="https://www.example.com/guide/id4-winter",
        category=ID4,
        tags=("用车指南", "意向:ID.4 CROZZ"),
        models=("ID.4 CROZZ",),
    ),
)

POSTER_TITLE = "五一购车节海报"
POSTER_LINES = ("五一购车节", "迈腾置换补贴 5000 元", "24 期 0 息")
SPEC_TITLE = "迈腾 2025 款参数配置表"
SPEC_LINES = (
    "迈腾 2025 款 330TSI 参数配置表",
    "长×宽×高：4866×1832×1479 毫米",
    "轴距：2871 毫米",
    "发动机：2.0T 涡轮增压 186 马力",
    "变速箱：7 速湿式双离合",
    "综合油耗：6.36 升/百公里（WLTC）",
)

PERSONAL_SCRIPT = {
    "kind": "script",
    "title": "我的开场白",
    "body": "您好，我是西湖大众的李明，叫我小李就好。今天主要想了解哪款车？",
    "category_id": None,
    "tags": ["开场"],
    "models": [],
}


def seed_library(
    session: Session, manager: User, consultant: User | None, *, clock: Clock = utcnow
) -> int:
    """Publish the demo's company materials as `manager` and give `consultant` one personal
    script, in one transaction; how many materials were made."""
    with change_transaction(session, clock=clock) as changes:
        now = clock()
        made = 0
        for item in DEMO_MATERIALS:
            draft = CompanyDraft(
                kind=item.kind,
                title=item.title,
                body=item.body,
                summary=item.summary,
                url=item.url,
                category_path=item.category,
                tags=item.tags,
                models=item.models,
            ).validated()
            materials.publish(
                session, changes, manager, manager.showroom_id, draft, uuid.uuid4(), now
            )
            made += 1
        files = (
            ("image", POSTER_TITLE, poster_png(), ("活动",), ("五一", "置换"), ("迈腾",)),
            ("document", SPEC_TITLE, spec_pdf(), MAGOTAN, ("参数",), ("迈腾",)),
        )
        for kind, title, data, category, tags, models in files:
            stored = materials.store_bytes(
                session, manager.showroom_id, manager.id, data, None, now
            )
            draft = CompanyDraft(
                kind=kind,
                title=title,
                category_path=category,
                tags=tags,
                models=models,
                file_hash=stored.sha256,
            ).validated()
            materials.publish(
                session, changes, manager, manager.showroom_id, draft, uuid.uuid4(), now
            )
            made += 1
        if consultant is not None:
            materials.create_personal(
                session, changes, consultant, uuid.uuid4(), PERSONAL_SCRIPT, now
            )
            made += 1
    return made


def poster_png() -> bytes:
    """A 600×800 poster: a gradient, a band and the campaign's lines (when a font has them)."""
    from PIL import Image, ImageDraw

    width, height = 600, 800
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(40 + 120 * y / height)
        draw.line([(0, y), (width, y)], fill=(0, 60 + shade // 2, 140 + shade // 2))
    draw.rectangle([(0, 560), (width, 680)], fill=(240, 128, 26))
    font_path, index = _font("".join(POSTER_LINES))
    if font_path is not None:
        from PIL import ImageFont

        sizes = (64, 40, 40)
        tops = (180, 300, 590)
        for line, size, top in zip(POSTER_LINES, sizes, tops, strict=True):
            font = ImageFont.truetype(
                str(font_path), size, index=index, layout_engine=ImageFont.Layout.BASIC
            )
            left = (width - draw.textlength(line, font=font)) / 2
            draw.text((left, top), line, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def spec_pdf() -> bytes:
    """A one-page spec sheet (vector PDF, the font subset embedded)."""
    from fpdf import FPDF

    from consultant_app.qr.fonts import choose_font, pdf_font_file

    document = FPDF()
    document.add_page()
    text = "".join(SPEC_LINES)
    try:
        face = choose_font(text).face
        with tempfile.TemporaryDirectory(prefix="demo-spec-") as scratch:
            document.add_font("cjk", fname=str(pdf_font_file(face, text, Path(scratch))))
            document.set_font("cjk", size=14)
            for line in SPEC_LINES:
                document.cell(text=line, new_x="LMARGIN", new_y="NEXT", h=10)
            return bytes(document.output())
    except Exception as exc:  # no usable Chinese font: a sheet without text still shows the kind
        log.warning("demo spec sheet drawn without text: %s", exc)
        bare = FPDF()
        bare.add_page()
        bare.set_font("helvetica", size=14)
        bare.cell(text="Magotan 2025 330TSI")
        return bytes(bare.output())


def _font(text: str) -> tuple[Path | None, int]:
    from consultant_app.qr.fonts import choose_font

    try:
        selection = choose_font(text)
    except Exception as exc:  # no font at all: the poster goes without text
        log.warning("demo poster drawn without text: %s", exc)
        return None, 0
    return selection.face.path, selection.face.index
