"""How urgent a card is (next-step indicator), whether it rots, and the default card order."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from enum import IntEnum

from consultant_app.domain.stages import Stage


class Urgency(IntEnum):
    """The next-step indicator; the value is the default sort order within a column."""

    OVERDUE = 0  # red: a reminder is past due
    TODAY = 1  # green: a reminder is due today
    NONE = 2  # yellow: no next step planned
    FUTURE = 3  # grey: the next step is on a later day


def urgency(next_due: datetime | None, now: datetime, tz: tzinfo | None = None) -> Urgency:
    """Classify the next open reminder against `now`, by the local calendar day."""
    if next_due is None:
        return Urgency.NONE
    if next_due < now:
        return Urgency.OVERDUE
    if next_due.astimezone(tz).date() == now.astimezone(tz).date():
        return Urgency.TODAY
    return Urgency.FUTURE


def days_since(moment: datetime, now: datetime, tz: tzinfo | None = None) -> int:
    """Whole local calendar days between `moment` and `now` (0 = today)."""
    return max(0, (now.astimezone(tz).date() - moment.astimezone(tz).date()).days)


def is_rotting(
    stage: Stage,
    last_touch: datetime,
    snoozed_until: date | None,
    now: datetime,
    rot_days: dict[Stage, int],
    tz: tzinfo | None = None,
) -> bool:
    """True when the card has gone untouched longer than its stage allows and is not snoozed."""
    threshold = rot_days.get(stage)
    if threshold is None or threshold <= 0:
        return False
    today = now.astimezone(tz).date()
    if snoozed_until is not None and snoozed_until >= today:
        return False
    return days_since(last_touch, now, tz) >= threshold


def sort_key(
    level: Urgency, next_due: datetime | None, last_touch: datetime
) -> tuple[int, float, float]:
    """Most urgent first; among equals the earliest due, then the longest untouched."""
    due = next_due.timestamp() if next_due is not None else 0.0
    return (int(level), due, last_touch.timestamp())
