"""Time helpers: the store keeps naive UTC; the UI shows local time."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

#: China keeps one time zone and no daylight saving: a showroom's day is a UTC+8 day. The
#: server counts its statistics in these days, so a desk asking for "today" must mean this
#: day, whatever the PC's own clock zone is.
SHOWROOM_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def showroom_today(now: datetime | None = None) -> date:
    """The showroom's calendar day now (or at `now`), as the server's statistics count it."""
    return (now or utcnow()).astimezone(SHOWROOM_TZ).date()


def new_id() -> str:
    """A client-generated primary key, unique across devices (so sync needs no key mapping)."""
    return str(uuid.uuid4())


def to_db(value: datetime) -> str:
    """The stored text form of an aware datetime: naive UTC, ISO, microseconds."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def from_db(text: str | None) -> datetime | None:
    """Parse a stored timestamp back to an aware UTC datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
