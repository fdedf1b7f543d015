"""Demo data: a realistic showroom of customers, for trying the app and for measuring it."""

from __future__ import annotations

import json
import random
import sqlite3
from bisect import bisect_right
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from consultant_app.catalogue import Catalogue, VehicleModel, load_catalogue
from consultant_app.clock import to_db, utcnow
from consultant_app.domain.activity import ActivityKind, tag_colour
from consultant_app.domain.channels import CHANNELS
from consultant_app.domain.contact import Gender
from consultant_app.domain.pinyin import pinyin_keys
from consultant_app.domain.stages import (
    FUNNEL,
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    StageDetails,
    TestDriveDetails,
    VisitDetails,
    details_to_json,
)
from consultant_app.errors import ShowroomError
from consultant_app.settings import ROT_DAYS
from consultant_app.store.database import LocalProfile, Workspace, connect, open_workspace

#: The consultant a demo workspace belongs to.
DEMO_PROFILE = LocalProfile(
    username="liming",
    display_name="李明",
    showroom="杭州西湖大众4S店",
    title="首席试驾官",
)

#: Demo mobiles are 199 0000 0000 – 199 0099 9999: valid in format, kept apart for fake data.
MOBILE_FIRST = 19_900_000_000
MOBILE_COUNT = 1_000_000

#: How far back the demo history reaches.
HISTORY_DAYS = 90


_T = TypeVar("_T")

# The version (4) and variant (RFC 4122) bits of a random UUID.
_UUID_KEEP = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_BITS = (0x4000 << 64) | (0x8000 << 48)


class DemoWorkspaceNotEmptyError(ShowroomError):
    """Demo data only goes into a workspace that has no contacts yet."""


# Surnames with rough relative frequencies (most common first), so 王, 李 and 张 dominate.
_SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 50), ("杨", 33), ("黄", 24),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 17), ("孙", 15), ("马", 12), ("朱", 12),
    ("胡", 11), ("郭", 10), ("何", 9), ("林", 9), ("高", 9), ("罗", 8), ("郑", 8), ("梁", 7),
    ("谢", 6), ("宋", 6), ("唐", 6), ("许", 5), ("韩", 5), ("冯", 5), ("邓", 5), ("曹", 5),
    ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4), ("潘", 4), ("袁", 4), ("沈", 4),
    ("蔡", 3), ("蒋", 3), ("余", 3), ("于", 3), ("杜", 3), ("叶", 3), ("程", 3), ("魏", 3),
    ("苏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("姚", 3), ("卢", 3), ("钱", 3), ("金", 3),
    ("钟", 2), ("姜", 2), ("崔", 2), ("谭", 2), ("陆", 2), ("范", 2), ("汪", 2), ("廖", 2),
    ("石", 2), ("贾", 2), ("夏", 2), ("方", 2), ("邹", 2), ("熊", 2), ("孟", 2), ("秦", 2),
    ("俞", 2), ("顾", 2), ("毛", 2), ("戴", 1), ("严", 1), ("单", 1), ("欧阳", 1), ("诸葛", 1),
)  # fmt: skip
_MALE_GIVEN = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
    "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "建华",
    "建国", "志强", "志明", "俊杰", "浩然", "子轩", "宇航", "博文", "天宇", "家豪", "明辉",
    "国强", "海涛", "晓东", "振华", "立新", "永刚", "建军", "卫东", "晨阳", "思远", "一鸣",
    "嘉伟", "子豪", "泽宇", "皓轩", "文杰", "海峰", "志刚", "鹏飞", "少华",
)  # fmt: skip
_FEMALE_GIVEN = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莹", "琳",
    "颖", "倩", "洁", "丹", "萍", "秀英", "桂英", "玉兰", "秀兰", "丽娟", "晓燕", "雅婷",
    "欣怡", "梓涵", "诗涵", "雨欣", "佳怡", "思琪", "梦瑶", "子涵", "婉清", "静怡", "晓丽",
    "海燕", "春梅", "美玲", "慧敏", "嘉怡", "紫萱", "若曦", "晓梅", "丽华", "文静", "悦",
    "琪",
)  # fmt: skip
_ENGLISH_NAMES = ("Tony", "Kevin", "Jack", "David", "Eric", "Leo", "Amy", "Lisa", "Coco", "Vivian")
_EMOJI = ("🚗", "😊", "👍", "🌸", "☀️")

_STAGE_SHARE: dict[Stage, int] = {
    Stage.LEAD: 22,
    Stage.FIRST_CONTACT: 24,
    Stage.VISIT: 15,
    Stage.TEST_DRIVE: 10,
    Stage.ORDER: 8,
    Stage.LOST: 12,
    Stage.DORMANT: 9,
}
#: Share of contacts in each stage left untouched past the rot threshold.
_ROT_SHARE: dict[Stage, float] = {
    Stage.LEAD: 0.25,
    Stage.FIRST_CONTACT: 0.2,
    Stage.VISIT: 0.2,
    Stage.TEST_DRIVE: 0.2,
    Stage.ORDER: 0.15,
    Stage.DORMANT: 0.5,
}
#: (fewest, most) follow-ups logged for a contact in each stage.
_ACTIVITY_COUNT: dict[Stage, tuple[int, int]] = {
    Stage.LEAD: (1, 3),
    Stage.FIRST_CONTACT: (2, 6),
    Stage.VISIT: (3, 7),
    Stage.TEST_DRIVE: (4, 8),
    Stage.ORDER: (5, 10),
    Stage.LOST: (2, 6),
    Stage.DORMANT: (2, 5),
}
_CHANNEL_SHARE: dict[str, int] = {
    "walk_in": 18,
    "display_stand": 6,
    "showroom_screen": 4,
    "sms": 5,
    "moments": 10,
    "auto_show": 8,
    "test_drive_event": 6,
    "phone_in": 10,
    "referral": 12,
    "online_platform": 21,
}
_MODEL_POPULARITY: dict[str, int] = {
    "朗逸": 14, "速腾": 12, "迈腾": 12, "帕萨特": 9, "途观L": 11, "探岳": 8, "ID.4 CROZZ": 7,
    "ID.3": 5, "宝来": 7, "揽境": 3, "途昂": 4, "凌渡L": 5,
}  # fmt: skip
_COMPETITORS = (
    "丰田凯美瑞", "本田雅阁", "比亚迪汉", "特斯拉Model Y", "日产天籁", "别克君越",
    "比亚迪宋PLUS", "理想L6", "小米SU7", "吉利星越L", "丰田RAV4荣放", "本田CR-V",
)  # fmt: skip
_OLD_CARS = (
    "2015款卡罗拉", "2016款福克斯", "2014款朗逸", "2017款思域", "2013款凯越", "2018款宝来",
    "2016款哈弗H6", "2012款捷达",
)  # fmt: skip
_COLOUR_WISH = ("白色", "黑色", "灰色", "蓝色")

_TAGS = (
    "高意向",
    "置换客户",
    "贷款意向",
    "家庭用车",
    "首购",
    "对比竞品",
    "老客户转介绍",
    "公司团购",
)

_LEAD_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.CALL: (
        "电话回访，客户表示{model}还在考虑，周末再联系",
        "电话沟通{model}落地价，客户觉得优惠力度不够",
        "未接通，稍后再打",
        "客户在开会，约明天下午再联系",
        "电话介绍{model}本月金融政策，客户有兴趣",
        "确认客户本周六上午到店看车",
        "客户问{model}有没有现车，答复下周到港",
    ),
    ActivityKind.MESSAGE: (
        "微信发送{model}配置表和报价单",
        "发送{model}实拍视频和内饰细节",
        "发了本月店庆活动海报",
        "客户微信咨询{model}现车颜色",
        "发送到店预约链接",
        "客户询问置换补贴政策，已回复",
    ),
    ActivityKind.NOTE: (
        "客户预算有限，倾向金融方案",
        "客户在对比{competitor}，重点讲{model}的底盘和保值率",
        "客户下个月才提车，先保持联系",
        "老婆拍板，下次约夫妻一起来",
        "关注油耗和保养费用",
    ),
}
_VISIT_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.VISIT: (
        "客户到店看{model}，对空间比较满意",
        "带家人到店，重点看了{model}后排空间",
        "到店谈价，客户要求送贴膜和脚垫",
        "到店看车，对比了{model}不同配置",
        "二次到店，带旧车来做置换评估",
    ),
    ActivityKind.CALL: (
        "到店后电话回访，客户还想再对比{competitor}",
        "电话沟通{model}最终报价",
        "约客户周末来试驾{model}",
    ),
    ActivityKind.MESSAGE: (
        "微信发送{model}报价明细",
        "发送置换评估结果，客户觉得旧车估价偏低",
    ),
}
_TEST_DRIVE_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.TEST_DRIVE: (
        "试驾{model}，客户对动力和静音很满意",
        "试驾{model}，客户觉得悬挂偏硬",
        "陪同家人试驾{model}，太太比较喜欢",
        "试驾{model}高速段，客户关注驾驶辅助",
    ),
    ActivityKind.CALL: (
        "试驾后回访，客户在等贷款方案",
        "电话沟通{model}优惠，客户希望再让两千",
    ),
    ActivityKind.MESSAGE: (
        "发送试驾视频和{model}金融方案",
        "微信发送订车合同样本",
    ),
}
_ORDER_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.CALL: (
        "确认交车时间，提醒带身份证和银行卡",
        "通知客户贷款审批已通过",
        "车辆已到店，约交车仪式",
    ),
    ActivityKind.MESSAGE: (
        "发送{model}交车准备清单",
        "发送上牌进度",
        "客户咨询首保时间，已回复",
    ),
    ActivityKind.NOTE: (
        "已收定金，等待{model}排产",
        "客户要求加装行车记录仪",
    ),
}
_DORMANT_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.MESSAGE: (
        "节日问候，发送{model}最新优惠",
        "发送店庆活动邀请，未回复",
        "朋友圈互动，点赞",
    ),
    ActivityKind.CALL: (
        "电话回访，客户说暂时不买了",
        "未接通",
    ),
}
_LOST_TEXT: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.NOTE: (
        "客户已在别家提车",
        "多次联系未回复",
        "客户说家里决定先不换车",
    ),
    ActivityKind.CALL: ("电话回访，客户已购{competitor}",),
}
#: Follow-up texts by the stage the contact was in when it happened.
_ACTIVITY_TEXT: dict[Stage, dict[ActivityKind, tuple[str, ...]]] = {
    Stage.LEAD: _LEAD_TEXT,
    Stage.FIRST_CONTACT: _LEAD_TEXT,
    Stage.VISIT: _VISIT_TEXT,
    Stage.TEST_DRIVE: _TEST_DRIVE_TEXT,
    Stage.ORDER: _ORDER_TEXT,
    Stage.DORMANT: _DORMANT_TEXT,
    Stage.LOST: _LOST_TEXT,
}
_ACTIVITY_KIND_SHARE: dict[Stage, dict[ActivityKind, int]] = {
    Stage.LEAD: {ActivityKind.CALL: 6, ActivityKind.MESSAGE: 4, ActivityKind.NOTE: 1},
    Stage.FIRST_CONTACT: {ActivityKind.CALL: 5, ActivityKind.MESSAGE: 6, ActivityKind.NOTE: 2},
    Stage.VISIT: {ActivityKind.VISIT: 3, ActivityKind.CALL: 4, ActivityKind.MESSAGE: 4},
    Stage.TEST_DRIVE: {
        ActivityKind.TEST_DRIVE: 2,
        ActivityKind.CALL: 4,
        ActivityKind.MESSAGE: 3,
    },
    Stage.ORDER: {ActivityKind.CALL: 4, ActivityKind.MESSAGE: 4, ActivityKind.NOTE: 2},
    Stage.DORMANT: {ActivityKind.MESSAGE: 3, ActivityKind.CALL: 1},
    Stage.LOST: {ActivityKind.NOTE: 2, ActivityKind.CALL: 1},
}
_REMINDER_NOTES = (
    "回访：确认周末到店时间",
    "发送{model}本月优惠",
    "试驾后回访",
    "跟进贷款审批结果",
    "约二次到店谈价",
    "置换评估结果反馈",
    "提醒客户带驾照来试驾{model}",
    "交车前确认上牌资料",
)
_REMARKS = (
    "下班后联系，白天不方便接电话",
    "只接受微信沟通，不要打电话",
    "老婆做主，需要一起来看车",
    "关注智能驾驶和车机",
    "预算有限，想等月底优惠",
    "家里两个孩子，看重后排空间",
    "公司用车，需要开专票",
    "倾向{colour}，其他颜色不考虑",
    "住在滨江，周末才有空",
)
_LOST_NOTES: dict[LostReason, str] = {
    LostReason.PRICE: "价格没谈拢",
    LostReason.COMPETITOR: "客户选择了竞品",
    LostReason.NO_LONGER_BUYING: "家里决定暂时不买车",
    LostReason.UNREACHABLE: "多次联系不上",
    LostReason.FINANCE_REJECTED: "贷款审批未通过",
    LostReason.OTHER: "客户工作调动去外地",
}
_LOST_REASON_SHARE: dict[LostReason, int] = {
    LostReason.PRICE: 25,
    LostReason.COMPETITOR: 35,
    LostReason.NO_LONGER_BUYING: 15,
    LostReason.UNREACHABLE: 15,
    LostReason.FINANCE_REJECTED: 5,
    LostReason.OTHER: 5,
}
_OPENS, _CLOSES = time(9), time(20, 30)  # the showroom's day, local time
_EARLY_START = timedelta(hours=2)
_REMINDER_TIMES = (time(9, 30), time(10), time(11), time(14), time(15, 30), time(17), time(19))


def seed_demo(
    workspace: Workspace,
    contacts: int = 300,
    *,
    seed: int = 2026,
    now: datetime | None = None,
) -> None:
    """Fill an empty workspace with `contacts` customers of a busy showroom, for its consultant.

    Every stage of the funnel has customers, each with a consistent stage history (with the
    details each stage asks for), follow-ups over the last 90 days, reminders (overdue, due
    today, later, done), tags, birthdays (some this week) and some left untouched long enough
    to rot. Mobile numbers are unique and drawn from 199 0000 0000 – 199 0099 9999, a range
    set aside here for fake data (valid in format, so the app accepts them).

    The same `seed` and `now` give the same customers. Raises DemoWorkspaceNotEmptyError if
    the workspace already has contacts.
    """
    if not 0 <= contacts <= MOBILE_COUNT:
        raise ValueError(f"contacts must be between 0 and {MOBILE_COUNT}")
    moment = utcnow() if now is None else now
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    with closing(connect(workspace.db_path)) as conn:
        if _has_contacts(conn):
            raise DemoWorkspaceNotEmptyError(f"{workspace.db_path} already has contacts")
        catalogue = load_catalogue(workspace.data_dir)
        builder = _Builder(
            random.Random(seed), moment, workspace.consultant_id, catalogue, contacts
        )
        existing_tags = {str(r[1]): str(r[0]) for r in conn.execute("SELECT id, name FROM tag")}
        builder.add_tags(existing_tags)
        for stage in _stage_plan(builder.rng, contacts):
            builder.add_contact(stage)
        builder.finish()
        _write(conn, builder.rows)


def ensure_demo_workspace(data_dir: Path, contacts: int = 300) -> Workspace:
    """Open the demo workspace in `data_dir`, seeding it the first time only.

    A workspace that already has contacts (even deleted ones) is left alone, so the changes a
    user makes while trying the demo survive a restart.
    """
    workspace = open_workspace(data_dir, DEMO_PROFILE)
    try:
        if not _has_contacts(workspace.reader()):
            seed_demo(workspace, contacts)
    except BaseException:
        workspace.close()
        raise
    return workspace


def _has_contacts(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM contact LIMIT 1").fetchone() is not None


def _stage_plan(rng: random.Random, count: int) -> list[Stage]:
    """`count` stages in the funnel's proportions (every stage present once there are enough)."""
    total = sum(_STAGE_SHARE.values())
    plan: list[Stage] = []
    for stage, share in _STAGE_SHARE.items():
        quota = count * share // total
        if count >= len(_STAGE_SHARE):
            quota = max(1, quota)
        plan.extend([stage] * quota)
    plan = plan[:count]
    plan.extend([Stage.FIRST_CONTACT] * (count - len(plan)))
    rng.shuffle(plan)
    return plan


@dataclass(slots=True)
class _Rows:
    """Rows for each table, in the column order of `_INSERTS`."""

    tags: list[tuple[object, ...]] = field(default_factory=list)
    contacts: list[tuple[object, ...]] = field(default_factory=list)
    models: list[tuple[object, ...]] = field(default_factory=list)
    contact_tags: list[tuple[object, ...]] = field(default_factory=list)
    stage_changes: list[tuple[object, ...]] = field(default_factory=list)
    activities: list[tuple[object, ...]] = field(default_factory=list)
    reminders: list[tuple[object, ...]] = field(default_factory=list)


_INSERTS: tuple[tuple[str, str, int], ...] = (
    ("tags", "tag (id, created_at, updated_at, name, colour)", 5),
    (
        "contacts",
        "contact (id, created_at, updated_at, owner_id, name, name_pinyin, name_initials,"
        " mobile, wecom_id, gender, budget_min_yuan, budget_max_yuan, source_channel, birthday,"
        " remark, stage, stage_entered_at, last_touch_at, snoozed_until)",
        19,
    ),
    ("models", "contact_model (id, created_at, updated_at, contact_id, model_name, position)", 6),
    ("contact_tags", "contact_tag (id, created_at, updated_at, contact_id, tag_id)", 5),
    (
        "stage_changes",
        "stage_change (id, created_at, updated_at, contact_id, from_stage, to_stage, changed_at,"
        " changed_by, lost_reason, competitor, details_json, batch_id, is_undo)",
        13,
    ),
    (
        "activities",
        "activity (id, created_at, updated_at, contact_id, kind, body, occurred_at, created_by)",
        8,
    ),
    (
        "reminders",
        "reminder (id, created_at, updated_at, contact_id, due_at, note, done, done_at)",
        8,
    ),
)


def _write(conn: sqlite3.Connection, rows: _Rows) -> None:
    """Insert every row in one transaction: all of the demo or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for attr, target, width in _INSERTS:
            sql = f"INSERT INTO {target} VALUES ({', '.join('?' * width)})"
            conn.executemany(sql, getattr(rows, attr))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@dataclass(frozen=True, slots=True)
class _Person:
    """Who a customer is, before any history."""

    id: str
    name: str
    gender: Gender
    models: tuple[VehicleModel, ...]
    channel: str
    tags: frozenset[str]
    competitor: str  # the rival car they look at (or bought, if lost)

    @property
    def model(self) -> str:
        return self.models[0].name


class _Builder:
    """Makes the rows of one demo showroom, one customer at a time, from one random stream."""

    def __init__(
        self,
        rng: random.Random,
        now: datetime,
        owner_id: str,
        catalogue: Catalogue,
        count: int,
    ) -> None:
        self.rng = rng
        self.now = now.astimezone(UTC)
        self.tz: tzinfo | None = now.astimezone().tzinfo
        self.today = now.astimezone(self.tz).date()
        self.earliest = self.now - timedelta(days=HISTORY_DAYS - 1)
        self.owner_id = owner_id
        self.catalogue = catalogue
        self.rows = _Rows()
        self.tag_ids: dict[str, str] = {}
        self.mobile_offsets = rng.sample(range(MOBILE_COUNT), count)
        self.birthday_rows: list[int] = []  # indexes into rows.contacts
        self._keys: dict[str, tuple[str, str]] = {}
        self._windows: dict[date, tuple[datetime, timedelta]] = {}
        self._surnames = [s for s, _ in _SURNAMES]
        self._surname_cum = _cumulative([w for _, w in _SURNAMES])
        self._channels = [c.code for c in CHANNELS]
        self._channel_cum = _cumulative([_CHANNEL_SHARE.get(c, 2) for c in self._channels])
        self._model_cum = _cumulative([_MODEL_POPULARITY.get(m.name, 4) for m in catalogue.models])

    # -- helpers -------------------------------------------------------------------------

    def new_id(self) -> str:
        """A UUID4 drawn from the seeded stream, so ids repeat with the seed too.

        Formatted by hand: `uuid.UUID` costs a second per 100,000 ids, a fifth of the budget.
        """
        h = f"{self.rng.getrandbits(128) & _UUID_KEEP | _UUID4_BITS:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def keys(self, name: str) -> tuple[str, str]:
        """`pinyin_keys(name)`, remembered for the whole run (its own cache holds fewer)."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = pinyin_keys(name)
        return found

    def local(self, day: date, at: time) -> datetime:
        """The UTC instant of local `at` on `day`."""
        return datetime.combine(day, at, self.tz).astimezone(UTC)

    def raw_day(self, days_ago: int) -> datetime:
        """A random instant of the local day `days_ago` days back, before `office` maps it."""
        start = self.local(self.today - timedelta(days=days_ago), time())
        return start + timedelta(seconds=self.rng.randrange(86_400))

    def office(self, raw: datetime) -> datetime:
        """Squeeze `raw` into its local day's opening hours (before now, if that day is today).

        The map keeps the day and the order of instants, so a history made on a 24-hour clock
        keeps its sequence and its rot status but looks like a working day.
        """
        local = raw.astimezone(self.tz)
        day = local.date()
        window = self._windows.get(day)
        if window is None:
            window = self._windows[day] = self._window(day)
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return window[0] + window[1] * (seconds / 86_400)

    def _window(self, day: date) -> tuple[datetime, timedelta]:
        start = self.local(day, _OPENS)
        end = self.local(day, _CLOSES)
        if day >= self.today:
            # Today so far; early in the day that includes the morning's first messages.
            end = min(end, self.now)
            start = max(self.local(day, time()), min(start, self.now - _EARLY_START))
        return start, end - start

    def pick(self, cum: list[int], items: Sequence[_T]) -> _T:
        """One of `items`, weighted by the cumulative weights `cum`."""
        return self.rng.choices(items, cum_weights=cum)[0]

    def weighted(self, shares: dict[_T, int]) -> _T:
        """One key of `shares`, weighted by its value."""
        return self.rng.choices(list(shares), list(shares.values()))[0]

    # -- whole showroom ------------------------------------------------------------------

    def add_tags(self, existing: dict[str, str]) -> None:
        """Use the tags already there; make the demo ones that are missing."""
        self.tag_ids.update(existing)
        stamp = to_db(self.now - timedelta(days=HISTORY_DAYS))
        for name in _TAGS:
            if name not in self.tag_ids:
                tag_id = self.tag_ids[name] = self.new_id()
                self.rows.tags.append((tag_id, stamp, stamp, name, tag_colour(name)))

    def finish(self) -> None:
        """Give a few customers birthdays this week, so the Today view has some."""
        if not self.birthday_rows:
            return
        upcoming = min(len(self.birthday_rows), max(3, len(self.rows.contacts) // 80))
        for index in self.rng.sample(self.birthday_rows, upcoming):
            row = list(self.rows.contacts[index])
            row[13] = self.birthday_on(self.today + timedelta(days=self.rng.randrange(7)))
            self.rows.contacts[index] = tuple(row)

    def birthday_on(self, day: date) -> str:
        """A plausible birth date falling on the month and day of `day`."""
        year = day.year - self.rng.randint(23, 62)
        if (day.month, day.day) == (2, 29):
            while not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                year -= 1
        return date(year, day.month, day.day).isoformat()

    # -- one customer --------------------------------------------------------------------

    def add_contact(self, stage: Stage) -> None:
        """One customer now in `stage`, with the history, follow-ups and reminders behind it."""
        rng = self.rng
        person = self.person(stage)
        path = self.path(stage, person.channel)
        rotting = stage in _ROT_SHARE and rng.random() < _ROT_SHARE[stage]
        # The history is drawn on a plain clock first, then moved into opening hours.
        raw_last = self.raw_day(self.days_ago(stage, rotting=rotting))
        ends_with_move = rng.random() < 0.35
        raw_changes = self.change_times(len(path), raw_last, ends_with_move=ends_with_move)
        changes = [self.office(at) for at in raw_changes]
        last_touch = self.office(raw_last)
        created = changes[0]

        previous: Stage | None = None
        for step, at in zip(path, changes, strict=True):
            self.stage_change(person, previous, step, at)
            if step is Stage.VISIT:
                self.activity(person, ActivityKind.VISIT, during=step, at=at)
            elif step is Stage.TEST_DRIVE:
                self.activity(person, ActivityKind.TEST_DRIVE, during=step, at=at)
            previous = step

        low, high = _ACTIVITY_COUNT[stage]
        span = raw_last - raw_changes[0]
        moments = [raw_changes[0] + span * rng.random() for _ in range(rng.randint(low, high))]
        if not ends_with_move:
            moments.append(raw_last)
        for raw in moments:
            during = path[max(0, bisect_right(raw_changes, raw) - 1)]
            kind = self.weighted(_ACTIVITY_KIND_SHARE[during])
            self.activity(person, kind, during=during, at=self.office(raw))

        done = [self.office(raw_changes[0] + span * rng.random()) for _ in range(self.done_count())]
        self.reminders(person, stage, created, last_touch, done, rotting=rotting)
        stamp = to_db(created)
        for position, vehicle in enumerate(person.models):
            self.rows.models.append(
                (self.new_id(), stamp, stamp, person.id, vehicle.name, position)
            )
        for tag in sorted(person.tags):
            self.rows.contact_tags.append(
                (self.new_id(), stamp, stamp, person.id, self.tag_ids[tag])
            )

        snoozed = None
        if rotting and rng.random() < 0.12:
            snoozed = (self.today + timedelta(days=rng.randint(1, 14))).isoformat()
        self.contact_row(
            person, stage, entered=changes[-1], touched=last_touch, created=created, snoozed=snoozed
        )

    def person(self, stage: Stage) -> _Person:
        """A new customer's identity, interests and tags (keen ones more so further along)."""
        rng = self.rng
        contact_id = self.new_id()
        roll = rng.random()
        gender = Gender.MALE if roll < 0.58 else Gender.FEMALE if roll < 0.94 else Gender.UNKNOWN
        surname = self.pick(self._surname_cum, self._surnames)
        female = gender is Gender.FEMALE or (gender is Gender.UNKNOWN and rng.random() < 0.5)
        given = rng.choice(_FEMALE_GIVEN if female else _MALE_GIVEN)
        name = surname + given
        if rng.random() < 0.04:
            name = self.nickname(surname, name, female=female)
        first = self._model_for(None)
        models = (first,) if rng.random() < 0.65 else (first, self._model_for(first))
        channel = self.pick(self._channel_cum, self._channels)
        tags = self.tags_for(stage, channel, models)
        return _Person(contact_id, name, gender, models, channel, tags, rng.choice(_COMPETITORS))

    def nickname(self, surname: str, name: str, *, female: bool) -> str:
        """How some consultants save a customer: Tony王, 李总, 陈姐, 周静🌸 …"""
        style = self.rng.randrange(4)
        if style == 0:
            return self.rng.choice(_ENGLISH_NAMES) + surname
        if style == 1:
            return surname + "总"
        if style == 2:
            return surname + ("姐" if female else "哥")
        return name + self.rng.choice(_EMOJI)

    def _model_for(self, other: VehicleModel | None) -> VehicleModel:
        models = self.catalogue.models
        if other is None or len(models) < 2:
            return self.pick(self._model_cum, models)
        # A second choice is usually a car at a similar price.
        rivals = [m for m in models if m is not other]
        weights = [1.0 / (1.0 + abs(m.price_wan[0] - other.price_wan[0])) for m in rivals]
        return self.rng.choices(rivals, weights)[0]

    def tags_for(
        self, stage: Stage, channel: str, models: tuple[VehicleModel, ...]
    ) -> frozenset[str]:
        rng = self.rng
        tags: set[str] = set()
        keen = {Stage.TEST_DRIVE: 0.45, Stage.ORDER: 0.45, Stage.VISIT: 0.25, Stage.LOST: 0.0}
        if rng.random() < keen.get(stage, 0.08):
            tags.add("高意向")
        if rng.random() < 0.25:
            tags.add("置换客户")
        elif rng.random() < 0.3:
            tags.add("首购")
        if rng.random() < 0.3:
            tags.add("贷款意向")
        family = any("SUV" in m.segment for m in models)
        if rng.random() < (0.35 if family else 0.15):
            tags.add("家庭用车")
        if rng.random() < 0.2:
            tags.add("对比竞品")
        if channel == "referral" and rng.random() < 0.8:
            tags.add("老客户转介绍")
        if rng.random() < 0.03:
            tags.add("公司团购")
        return frozenset(tags)

    def path(self, stage: Stage, channel: str) -> list[Stage]:
        """The stages a customer walked through to reach `stage`, starting as a lead."""
        rng = self.rng
        if stage is Stage.LOST:
            last = self.weighted(
                {Stage.LEAD: 20, Stage.FIRST_CONTACT: 30, Stage.VISIT: 30, Stage.TEST_DRIVE: 20}
            )
        elif stage is Stage.DORMANT:
            last = self.weighted({Stage.LEAD: 40, Stage.FIRST_CONTACT: 45, Stage.VISIT: 15})
        else:
            last = stage
        steps = list(FUNNEL[: FUNNEL.index(last) + 1])
        if channel == "walk_in" and Stage.VISIT in steps:
            steps.remove(Stage.FIRST_CONTACT)  # walked in: met in the showroom first
        if stage is Stage.ORDER and rng.random() < 0.1:
            steps.remove(Stage.TEST_DRIVE)  # some order without a test drive
        if stage not in FUNNEL:
            steps.append(stage)
        return steps

    def days_ago(self, stage: Stage, *, rotting: bool) -> int:
        """Local days since the customer was last touched."""
        limit = HISTORY_DAYS - 2
        if stage not in ROT_DAYS:
            return self.rng.randint(0, 75)
        threshold = ROT_DAYS[stage].default
        if rotting:
            return min(limit, threshold + int(self.rng.expovariate(1 / 6)))
        return self.rng.randint(0, threshold - 1)

    def change_times(
        self, count: int, last_touch: datetime, *, ends_with_move: bool
    ) -> list[datetime]:
        """Instants of `count` stage moves, in order, the last at or before `last_touch`."""
        rng = self.rng
        gaps = [timedelta(days=rng.uniform(0.2, 7)) for _ in range(count - 1)]
        if not ends_with_move:
            gaps.append(timedelta(days=rng.uniform(0.05, 3)))
        room = last_touch - self.earliest
        total = sum(gaps, timedelta())
        if total > room:
            scale = rng.uniform(0.7, 1.0) * (room / total)
            gaps = [gap * scale for gap in gaps]
        times = [last_touch]
        for gap in reversed(gaps):
            times.append(times[-1] - max(gap, timedelta(minutes=10)))
        times.reverse()
        return times[:count]  # without the closing follow-up, if there is one

    def stage_change(
        self, person: _Person, previous: Stage | None, stage: Stage, at: datetime
    ) -> None:
        details = self.details(person, stage, at)
        lost = details if isinstance(details, LostDetails) else None
        stamp = to_db(at)
        self.rows.stage_changes.append(
            (
                self.new_id(),
                stamp,
                stamp,
                person.id,
                None if previous is None else previous.value,
                stage.value,
                stamp,
                self.owner_id,
                lost.reason.value if lost else None,
                lost.competitor if lost else "",
                json.dumps(details_to_json(details), ensure_ascii=False) if details else None,
                self.new_id(),
                0,
            )
        )

    def details(self, person: _Person, stage: Stage, at: datetime) -> StageDetails | None:
        """What the consultant fills in when moving a customer into `stage`."""
        rng = self.rng
        model = person.models[0]
        local = at.astimezone(self.tz).replace(second=0, microsecond=0)  # as a person types it
        if stage is Stage.VISIT:
            return VisitDetails(local, self.weighted({1: 30, 2: 40, 3: 20, 4: 8, 5: 2}))
        if stage is Stage.TEST_DRIVE:
            return TestDriveDetails(f"{model.name} {rng.choice(model.trims)}", local)
        if stage is Stage.ORDER:
            finance = "贷款意向" in person.tags or rng.random() < 0.15
            return OrderDetails(
                model=model.name,
                trim=rng.choice(model.trims),
                colour=rng.choice(model.colours),
                deposit_yuan=rng.choice((5000, 10000, 10000, 20000, 30000)),
                payment=Payment.FINANCE if finance else Payment.FULL,
                trade_in="置换客户" in person.tags,
            )
        if stage is Stage.LOST:
            reason = self.weighted(_LOST_REASON_SHARE)
            named = reason is LostReason.COMPETITOR or (
                reason is LostReason.PRICE and rng.random() < 0.5
            )
            return LostDetails(reason, person.competitor if named else "", _LOST_NOTES[reason])
        return None

    def activity(self, person: _Person, kind: ActivityKind, *, during: Stage, at: datetime) -> None:
        """A follow-up of `kind`, worded for the stage the customer was in."""
        texts = _ACTIVITY_TEXT[during].get(kind) or _LEAD_TEXT[ActivityKind.NOTE]
        body = self.rng.choice(texts).format(model=person.model, competitor=person.competitor)
        stamp = to_db(at)
        self.rows.activities.append(
            (self.new_id(), stamp, stamp, person.id, kind.value, body, stamp, self.owner_id)
        )

    def done_count(self) -> int:
        """How many reminders a customer has already ticked off (a quarter have some)."""
        return self.rng.randint(1, 2) if self.rng.random() < 0.25 else 0

    def reminders(
        self,
        person: _Person,
        stage: Stage,
        created: datetime,
        last_touch: datetime,
        done: list[datetime],
        *,
        rotting: bool,
    ) -> None:
        """Reminders done at the instants `done`; open ones (overdue, today, later) for ~30%."""
        rng = self.rng
        rows = self.rows.reminders
        for done_at in done:
            due_at = max(created, done_at - timedelta(minutes=rng.randint(0, 180)))
            note = rng.choice(_REMINDER_NOTES).format(model=person.model)
            stamp = to_db(done_at)
            rows.append(
                (self.new_id(), to_db(created), stamp, person.id, to_db(due_at), note, 1, stamp)
            )
        if stage is Stage.LOST or rng.random() >= (0.45 if rotting else 0.27):
            return
        roll = rng.random()
        if roll < (0.7 if rotting else 0.25):
            due = self.office(self.raw_day(rng.randint(1, 7)))
            if due <= last_touch:  # a reminder set at the last touch, for later that day
                due = last_touch + (self.now - last_touch) * rng.uniform(0.2, 0.8)
        elif roll < (0.85 if rotting else 0.5):
            due = self.due_today()
        else:
            due = self.local(
                self.today + timedelta(days=rng.randint(1, 14)), rng.choice(_REMINDER_TIMES)
            )
        note = rng.choice(_REMINDER_NOTES).format(model=person.model)
        stamp = to_db(last_touch)
        rows.append((self.new_id(), stamp, stamp, person.id, to_db(due), note, 0, None))

    def due_today(self) -> datetime:
        """A due time today: mostly still ahead, even when the demo starts late in the evening."""
        rng = self.rng
        times = [self.local(self.today, at) for at in _REMINDER_TIMES]
        later = [t for t in times if t > self.now]
        if later and rng.random() < 0.7:
            return rng.choice(later)
        midnight = self.local(self.today + timedelta(days=1), time())
        if later or midnight - self.now < timedelta(minutes=30):
            return rng.choice(times)
        return self.now + (midnight - self.now) * rng.uniform(0.1, 0.9)

    def contact_row(
        self,
        person: _Person,
        stage: Stage,
        *,
        entered: datetime,
        touched: datetime,
        created: datetime,
        snoozed: str | None,
    ) -> None:
        rng = self.rng
        pinyin, initials = self.keys(person.name)
        mobile = f"+86{MOBILE_FIRST + self.mobile_offsets[len(self.rows.contacts)]}"
        wecom = ""
        if rng.random() < 0.45:
            spelled = pinyin.split(" ", 1)[0]
            if spelled.isascii() and spelled.isalnum() and rng.random() < 0.6:
                wecom = f"{spelled}{rng.randint(1970, 2005)}"
            else:
                wecom = "wxid_" + "".join(rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=12))
        budget_min: int | None = None
        budget_max: int | None = None
        if rng.random() < 0.8:
            low = min(m.price_wan[0] for m in person.models)
            high = max(m.price_wan[1] for m in person.models)
            budget_min = max(1, int(low) - rng.randint(0, 2)) * 10_000
            budget_max = max(budget_min, round(rng.uniform((low + high) / 2, high + 1)) * 10_000)
        birthday = None
        if rng.random() < 0.4:
            start = self.today.replace(month=1, day=1)
            day = start + timedelta(days=rng.randrange(365))
            birthday = self.birthday_on(day)
            self.birthday_rows.append(len(self.rows.contacts))
        remark = ""
        if "置换客户" in person.tags and rng.random() < 0.6:
            remark = f"旧车：{rng.choice(_OLD_CARS)}，约{rng.randint(4, 15)}万公里"
        elif rng.random() < 0.3:
            remark = rng.choice(_REMARKS).format(colour=rng.choice(_COLOUR_WISH))
        self.rows.contacts.append(
            (
                person.id,
                to_db(created),
                to_db(touched),
                self.owner_id,
                person.name,
                pinyin,
                initials,
                mobile,
                wecom,
                person.gender.value,
                budget_min,
                budget_max,
                person.channel,
                birthday,
                remark,
                stage.value,
                to_db(entered),
                to_db(touched),
                snoozed,
            )
        )


def _cumulative(weights: Sequence[int]) -> list[int]:
    return list(accumulate(weights))
