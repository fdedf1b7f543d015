"""The read side of the store: plain-SQL queries returning frozen rows for the UI.

These run on the standard `sqlite3` module so that start-up and filtering never wait on an
ORM import; the schema they read is the one `schema.py` defines and the migrations create.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from consultant_app.clock import from_db, to_db
from consultant_app.domain.channels import channels_matching
from consultant_app.domain.contact import clean_text
from consultant_app.domain.phone import digits_only, mask_mobile
from consultant_app.domain.stages import Stage, StageDetails, details_from_json
from consultant_app.errors import NotFoundError

UNIT = "\x1f"  # separates list items in group_concat results
PAIR = "\x1e"  # separates a tag's name from its colour

PHONE_PUNCTUATION = frozenset("+-().")

#: Words that filter for contacts with an overdue reminder.
OVERDUE_WORDS = frozenset({"overdue", "逾期", "过期", "超期"})


@dataclass(frozen=True, slots=True)
class TagChip:
    """A tag as a card shows it."""

    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class KanbanCard:
    """Everything a kanban card paints, and what its sort and rot rules need."""

    id: str
    name: str
    masked_mobile: str
    stage: Stage
    models: tuple[str, ...]
    tags: tuple[TagChip, ...]
    source_channel: str
    last_touch_at: datetime
    next_due_at: datetime | None
    snoozed_until: date | None
    stage_entered_at: datetime


_CARD_SQL = f"""
SELECT c.id, c.name, c.mobile, c.stage, c.source_channel, c.last_touch_at, c.snoozed_until,
       c.stage_entered_at,
       (SELECT min(r.due_at) FROM reminder r
         WHERE r.contact_id = c.id AND r.done = 0) AS next_due,
       (SELECT group_concat(m.model_name, '{UNIT}') FROM
           (SELECT model_name FROM contact_model WHERE contact_id = c.id ORDER BY position) m
       ) AS models,
       (SELECT group_concat(t.name || '{PAIR}' || t.colour, '{UNIT}')
          FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
         WHERE ct.contact_id = c.id) AS tags
  FROM contact c
 WHERE c.owner_id = ? AND c.deleted_at IS NULL
"""


_STAGES = {stage.value: stage for stage in Stage}

_ALL_CARDS_SQL = f"""
SELECT c.id, c.name, c.mobile, c.stage, c.source_channel, c.last_touch_at, c.snoozed_until,
       c.stage_entered_at, r.next_due, m.models, t.tags
  FROM contact c
  LEFT JOIN (SELECT contact_id, min(due_at) AS next_due FROM reminder WHERE done = 0
              GROUP BY contact_id) r ON r.contact_id = c.id
  LEFT JOIN (SELECT contact_id, group_concat(model_name, '{UNIT}') AS models
               FROM (SELECT contact_id, model_name FROM contact_model
                      ORDER BY contact_id, position)
              GROUP BY contact_id) m ON m.contact_id = c.id
  LEFT JOIN (SELECT ct.contact_id, group_concat(t.name || '{PAIR}' || t.colour, '{UNIT}') AS tags
               FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
              GROUP BY ct.contact_id) t ON t.contact_id = c.id
 WHERE c.owner_id = ? AND c.deleted_at IS NULL
"""


def load_cards(
    conn: sqlite3.Connection, owner_id: str, ids: Iterable[str] | None = None
) -> list[KanbanCard]:
    """All of the owner's cards, or just those with `ids` (deleted ones are left out).

    All cards come from one pass of grouped joins; a few by id use per-row subqueries.
    """
    params: list[object] = [owner_id]
    if ids is None:
        sql = _ALL_CARDS_SQL
    else:
        id_list = list(ids)
        if not id_list:
            return []
        sql = _CARD_SQL + f" AND c.id IN ({','.join('?' * len(id_list))})"
        params.extend(id_list)
    chips: dict[str, TagChip] = {}
    cards = []
    for row in conn.execute(sql, params):
        models = tuple(row[9].split(UNIT)) if row[9] else ()
        tags: tuple[TagChip, ...] = ()
        if row[10]:
            parts = sorted(row[10].split(UNIT))
            tags = tuple(
                chips.get(p) or chips.setdefault(p, TagChip(*p.split(PAIR, 1))) for p in parts
            )
        cards.append(
            KanbanCard(
                id=row[0],
                name=row[1],
                masked_mobile=mask_mobile(row[2]),
                stage=_STAGES[row[3]],
                models=models,
                tags=tags,
                source_channel=row[4],
                last_touch_at=_ts(row[5]),
                next_due_at=from_db(row[8]),
                snoozed_until=date.fromisoformat(row[6]) if row[6] else None,
                stage_entered_at=_ts(row[7]),
            )
        )
    return cards


@dataclass(frozen=True, slots=True)
class BoardStart:
    """What the first paint needs: every stage's total and the most urgent cards of each."""

    totals: dict[Stage, int]
    cards: list[KanbanCard]


def board_start(
    conn: sqlite3.Connection, owner_id: str, now: datetime, per_stage: int
) -> BoardStart:
    """Stage totals and the top `per_stage` cards of each stage in kanban order.

    The order is the one `domain.urgency.sort_key` gives (overdue, due today, unplanned,
    later; then by due time and the longest untouched), computed in SQL so the rest of the
    cards can load after the window is on screen without the visible ones moving.
    """
    local = now.astimezone()
    end_of_today = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    end_of_today = end_of_today.replace(tzinfo=local.tzinfo)
    totals = dict.fromkeys(Stage, 0)
    for stage, count in conn.execute(
        "SELECT stage, count(*) FROM contact WHERE owner_id = ? AND deleted_at IS NULL"
        " GROUP BY stage",
        (owner_id,),
    ):
        if stage in _STAGES:
            totals[_STAGES[stage]] = count
    top = [
        row[0]
        for row in conn.execute(
            """
            SELECT id FROM (
              SELECT c.id, row_number() OVER (
                       PARTITION BY c.stage
                       ORDER BY CASE WHEN r.next_due IS NULL THEN 2
                                     WHEN r.next_due < :now THEN 0
                                     WHEN r.next_due < :eod THEN 1 ELSE 3 END,
                                coalesce(r.next_due, ''), c.last_touch_at) AS rank
                FROM contact c
                LEFT JOIN (SELECT contact_id, min(due_at) AS next_due FROM reminder
                            WHERE done = 0 GROUP BY contact_id) r ON r.contact_id = c.id
               WHERE c.owner_id = :owner AND c.deleted_at IS NULL)
             WHERE rank <= :n
            """,
            {"now": to_db(now), "eod": to_db(end_of_today), "owner": owner_id, "n": per_stage},
        )
    ]
    return BoardStart(totals, load_cards(conn, owner_id, top))


def _ts(text: str) -> datetime:
    value = from_db(text)
    assert value is not None  # NOT NULL columns
    return value


def _like(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: The distinct intended-model names, one index seek each (a skip scan): about a dozen
#: seeks instead of reading every contact's models.
_MODEL_NAMES = """
WITH RECURSIVE model_names(n) AS (
  SELECT min(model_name) FROM contact_model
  UNION ALL
  SELECT (SELECT min(model_name) FROM contact_model WHERE model_name > n)
    FROM model_names WHERE n IS NOT NULL
)
"""


def filter_ids(
    conn: sqlite3.Connection, owner_id: str, query: str, now: datetime
) -> frozenset[str] | None:
    """Ids of the owner's contacts matching every word of `query`; None when the query is empty.

    A word matches the name, pinyin or pinyin initials (张伟 ← zhangwei, zw, wei; one or two
    letters match from the start of a spelling only, so "l" finds 李 and 刘), phone digits,
    a tag, an intended model, the source channel, or is a word for "overdue".
    Input is always treated as text: quotes, % and _ match themselves.
    """
    # Cleaned like stored names are: a NUL would end SQLite's LIKE pattern early (so "%\0x%"
    # matched everything), and an invisible character pasted with a name must not hide it.
    words = clean_text(query).split()
    if not words:
        return None
    # Each word becomes a union of index-friendly lookups (contact columns in one scan; tags
    # and models through their small tables), and the words are intersected. Per-contact
    # EXISTS subqueries instead cost ~70 ms a keystroke at 10,000 contacts.
    selects: list[str] = []
    params: list[object] = []
    # "+c.owner_id": nearly every row is the owner's, so one pass over the table beats the
    # owner index (which costs a random row lookup per contact: 19 ms against 6 at 10,000).
    live = "SELECT c.id FROM contact c WHERE +c.owner_id = ? AND c.deleted_at IS NULL"
    # CROSS JOIN fixes the order (SQLite's rule): start from the few matching tag, model or
    # reminder rows, then check each one's contact, rather than probe from every contact.
    mine = (
        "CROSS JOIN contact c ON c.id = {0}.contact_id AND c.owner_id = ? AND c.deleted_at IS NULL"
    )
    for raw in words[:8]:
        word = raw[:64]
        folded = word.casefold()
        if folded in OVERDUE_WORDS:
            selects.append(
                f"SELECT DISTINCT r.contact_id FROM reminder r {mine.format('r')}"
                " WHERE r.done = 0 AND r.due_at < ?"
            )
            params.extend([owner_id, to_db(now)])
            continue
        like = _like(word)
        options = ["c.name LIKE ? ESCAPE '\\'"]
        option_params: list[object] = [like]
        if word.isascii() and word.isalpha():
            # Pinyin: one or two letters match where a spelling starts (l → 李, 刘; zw → 张伟),
            # longer words anywhere in it (wei → 张伟), initials always from the start.
            starts = "% " + _like(folded)[1:]
            options.append("(' ' || c.name_pinyin) LIKE ? ESCAPE '\\'")
            options.append("(' ' || c.name_initials) LIKE ? ESCAPE '\\'")
            option_params.extend([starts if len(word) <= 2 else like, starts])
        digits = digits_only(word)
        # Phone fragments as people type them: "5678", "138-1234", "(138) 1234".
        if len(digits) >= 3 and all(ch.isdigit() or ch in PHONE_PUNCTUATION for ch in word):
            options.append("c.mobile LIKE ?")
            option_params.append(f"%{digits}%")
        channels = channels_matching(word)
        if channels:
            options.append(f"c.source_channel IN ({','.join('?' * len(channels))})")
            option_params.extend(channels)
        selects.append(
            f"{live} AND ({' OR '.join(options)})"
            f" UNION ALL SELECT ct.contact_id FROM contact_tag ct {mine.format('ct')}"
            " WHERE ct.tag_id IN (SELECT t.id FROM tag t WHERE t.name LIKE ? ESCAPE '\\')"
            f" UNION ALL SELECT m.contact_id FROM contact_model m {mine.format('m')}"
            " WHERE m.model_name IN (SELECT n FROM model_names"
            " WHERE n LIKE ? ESCAPE '\\'"
            " OR replace(replace(n, '.', ''), ' ', '') LIKE ? ESCAPE '\\')"
        )
        params.extend(
            [owner_id, *option_params, owner_id, like, owner_id, like, _like(word.replace(".", ""))]
        )
    # UNION ALL leaves duplicates for INTERSECT (or the frozenset) to drop, skipping a sort.
    sql = _MODEL_NAMES + " INTERSECT ".join(f"SELECT * FROM ({q})" for q in selects)
    return frozenset(row[0] for row in conn.execute(sql, params))


@dataclass(frozen=True, slots=True)
class ReminderRow:
    """An open or done reminder of a contact."""

    id: str
    contact_id: str
    due_at: datetime
    note: str
    done: bool
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """Every field of one contact, for the detail panel's form."""

    id: str
    name: str
    mobile: str | None
    wecom_id: str
    gender: str
    models: tuple[str, ...]
    budget_min_yuan: int | None
    budget_max_yuan: int | None
    source_channel: str
    birthday: date | None
    remark: str
    tags: tuple[TagChip, ...]
    stage: Stage
    stage_entered_at: datetime
    last_touch_at: datetime
    snoozed_until: date | None
    created_at: datetime
    reminders: tuple[ReminderRow, ...]


def contact_detail(conn: sqlite3.Connection, contact_id: str) -> ContactDetail:
    """One contact with its tags, models and open reminders; NotFoundError if gone."""
    row = conn.execute(
        "SELECT * FROM contact WHERE id = ? AND deleted_at IS NULL", (contact_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(contact_id)
    models = tuple(
        r[0]
        for r in conn.execute(
            "SELECT model_name FROM contact_model WHERE contact_id = ? ORDER BY position",
            (contact_id,),
        )
    )
    tags = tuple(
        TagChip(r[0], r[1])
        for r in conn.execute(
            "SELECT t.name, t.colour FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE ct.contact_id = ? ORDER BY t.name",
            (contact_id,),
        )
    )
    reminders = tuple(
        ReminderRow(
            r["id"], contact_id, _ts(r["due_at"]), r["note"], bool(r["done"]), from_db(r["done_at"])
        )
        for r in conn.execute(
            "SELECT * FROM reminder WHERE contact_id = ? AND done = 0 ORDER BY due_at",
            (contact_id,),
        )
    )
    return ContactDetail(
        id=row["id"],
        name=row["name"],
        mobile=row["mobile"],
        wecom_id=row["wecom_id"],
        gender=row["gender"],
        models=models,
        budget_min_yuan=row["budget_min_yuan"],
        budget_max_yuan=row["budget_max_yuan"],
        source_channel=row["source_channel"],
        birthday=date.fromisoformat(row["birthday"]) if row["birthday"] else None,
        remark=row["remark"],
        tags=tags,
        stage=Stage(row["stage"]),
        stage_entered_at=_ts(row["stage_entered_at"]),
        last_touch_at=_ts(row["last_touch_at"]),
        snoozed_until=date.fromisoformat(row["snoozed_until"]) if row["snoozed_until"] else None,
        created_at=_ts(row["created_at"]),
        reminders=reminders,
    )


@dataclass(frozen=True, slots=True)
class StageEvent:
    """A stage change in a contact's timeline."""

    at: datetime
    by: str
    from_stage: Stage | None
    to_stage: Stage
    details: StageDetails | None
    is_undo: bool


@dataclass(frozen=True, slots=True)
class ActivityEvent:
    """A follow-up in a contact's timeline."""

    at: datetime
    by: str
    kind: str
    body: str


@dataclass(frozen=True, slots=True)
class ReminderEvent:
    """A reminder that was completed, in a contact's timeline."""

    at: datetime
    due_at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class ConflictEvent:
    """A field edit that lost to a later one from another device (nothing silently dropped).

    `lost` and `kept` are the values as display text; `by` is who made the lost edit.
    """

    at: datetime
    by: str
    field: str
    lost: str
    kept: str


TimelineEvent = StageEvent | ActivityEvent | ReminderEvent | ConflictEvent


def _shown(value_json: str) -> str:
    """A conflict's stored JSON value as display text (a list of models joined)."""
    try:
        value = json.loads(value_json)
    except ValueError:
        return value_json
    if value is None:
        return ""
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value)


def timeline(conn: sqlite3.Connection, contact_id: str, limit: int = 500) -> list[TimelineEvent]:
    """The contact's history, newest first: stage changes, follow-ups, done reminders and
    edits that lost to a concurrent one."""
    events: list[TimelineEvent] = []
    for r in conn.execute(
        "SELECT s.*, co.display_name AS by_name FROM stage_change s"
        " JOIN consultant co ON co.id = s.changed_by WHERE s.contact_id = ?"
        " ORDER BY s.changed_at DESC LIMIT ?",
        (contact_id, limit),
    ):
        details = details_from_json(json.loads(r["details_json"])) if r["details_json"] else None
        events.append(
            StageEvent(
                at=_ts(r["changed_at"]),
                by=r["by_name"],
                from_stage=Stage(r["from_stage"]) if r["from_stage"] else None,
                to_stage=Stage(r["to_stage"]),
                details=details,
                is_undo=bool(r["is_undo"]),
            )
        )
    for r in conn.execute(
        "SELECT a.*, co.display_name AS by_name FROM activity a"
        " JOIN consultant co ON co.id = a.created_by WHERE a.contact_id = ?"
        " ORDER BY a.occurred_at DESC LIMIT ?",
        (contact_id, limit),
    ):
        events.append(ActivityEvent(_ts(r["occurred_at"]), r["by_name"], r["kind"], r["body"]))
    for r in conn.execute(
        "SELECT * FROM reminder WHERE contact_id = ? AND done = 1 ORDER BY done_at DESC LIMIT ?",
        (contact_id, limit),
    ):
        events.append(ReminderEvent(_ts(r["done_at"]), _ts(r["due_at"]), r["note"]))
    for r in conn.execute(
        "SELECT f.*, co.display_name AS by_name FROM field_conflict f"
        " LEFT JOIN consultant co ON co.id = f.lost_by WHERE f.contact_id = ?"
        " ORDER BY f.at DESC LIMIT ?",
        (contact_id, limit),
    ):
        events.append(
            ConflictEvent(
                _ts(r["at"]),
                r["by_name"] or "",
                r["field"],
                _shown(r["lost_value"]),
                _shown(r["kept_value"]),
            )
        )
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:limit]


@dataclass(frozen=True, slots=True)
class TodayReminder:
    """A reminder due today or overdue."""

    reminder_id: str
    contact_id: str
    contact_name: str
    due_at: datetime
    note: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class StaleContact:
    """A contact untouched for longer than its stage allows."""

    contact_id: str
    name: str
    stage: Stage
    last_touch_at: datetime


@dataclass(frozen=True, slots=True)
class BirthdayRow:
    """A contact whose birthday falls in the coming week."""

    contact_id: str
    name: str
    birthday: date
    on: date


@dataclass(frozen=True, slots=True)
class TodayList:
    """The consultant's day: reminders due, stale leads, birthdays this week."""

    reminders: tuple[TodayReminder, ...]
    stale: tuple[StaleContact, ...]
    birthdays: tuple[BirthdayRow, ...]


def today_list(
    conn: sqlite3.Connection,
    owner_id: str,
    now: datetime,
    rot_days: dict[Stage, int],
    tz: tzinfo | None = None,
    *,
    stale_limit: int = 200,
) -> TodayList:
    """What needs doing today, computed in the local calendar of `tz`."""
    local_now = now.astimezone(tz)
    end_of_today = datetime.combine(local_now.date() + timedelta(days=1), datetime.min.time(), tz)
    reminders = tuple(
        TodayReminder(r[0], r[1], r[2], _ts(r[3]), r[4], overdue=bool(_ts(r[3]) < now))
        for r in conn.execute(
            "SELECT r.id, c.id, c.name, r.due_at, r.note FROM reminder r"
            " JOIN contact c ON c.id = r.contact_id"
            " WHERE c.owner_id = ? AND c.deleted_at IS NULL AND r.done = 0 AND r.due_at < ?"
            " ORDER BY r.due_at",
            (owner_id, to_db(end_of_today.astimezone(now.tzinfo))),
        )
    )
    today = local_now.date()
    stale_clauses, params = [], [owner_id, today.isoformat()]
    for stage, days in rot_days.items():
        if days > 0:
            cutoff = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tz)
            stale_clauses.append("(c.stage = ? AND c.last_touch_at < ?)")
            params.extend([stage.value, to_db(cutoff.astimezone(now.tzinfo))])
    stale: tuple[StaleContact, ...] = ()
    if stale_clauses:
        stale = tuple(
            StaleContact(r[0], r[1], Stage(r[2]), _ts(r[3]))
            for r in conn.execute(
                "SELECT c.id, c.name, c.stage, c.last_touch_at FROM contact c"
                " WHERE c.owner_id = ? AND c.deleted_at IS NULL"
                " AND (c.snoozed_until IS NULL OR c.snoozed_until < ?)"
                f" AND ({' OR '.join(stale_clauses)})"
                f" ORDER BY c.last_touch_at LIMIT {int(stale_limit)}",
                params,
            )
        )
    week = [today + timedelta(days=i) for i in range(7)]
    keys = {d.strftime("%m-%d"): d for d in week}
    if "02-28" in keys and not _is_leap(keys["02-28"].year):
        keys["02-29"] = keys["02-28"]
    birthdays = sorted(
        (
            BirthdayRow(r[0], r[1], date.fromisoformat(r[2]), keys[r[3]])
            for r in conn.execute(
                "SELECT c.id, c.name, c.birthday, strftime('%m-%d', c.birthday) FROM contact c"
                " WHERE c.owner_id = ? AND c.deleted_at IS NULL AND c.birthday IS NOT NULL"
                f" AND strftime('%m-%d', c.birthday) IN ({','.join('?' * len(keys))})",
                [owner_id, *keys],
            )
        ),
        key=lambda b: (b.on, b.name),
    )
    return TodayList(reminders, stale, tuple(birthdays))


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def all_tags(conn: sqlite3.Connection) -> list[TagChip]:
    """Every tag, by name, for completers and the bulk-tag dialog."""
    return [TagChip(r[0], r[1]) for r in conn.execute("SELECT name, colour FROM tag ORDER BY name")]


def find_by_mobile(conn: sqlite3.Connection, owner_id: str, e164: str) -> tuple[str, str] | None:
    """(id, name) of the owner's live contact with this normalised mobile, if any."""
    row = conn.execute(
        "SELECT id, name FROM contact WHERE owner_id = ? AND mobile = ? AND deleted_at IS NULL",
        (owner_id, e164),
    ).fetchone()
    return None if row is None else (row[0], row[1])


def consultant_name(conn: sqlite3.Connection, consultant_id: str) -> str:
    """The display name of a consultant ('' if unknown)."""
    row = conn.execute(
        "SELECT display_name FROM consultant WHERE id = ?", (consultant_id,)
    ).fetchone()
    return "" if row is None else str(row[0])
