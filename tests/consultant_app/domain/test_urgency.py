"""Next-step urgency, rot and card order, all judged by the consultant's local calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from consultant_app.domain.stages import Stage
from consultant_app.domain.urgency import Urgency, days_since, is_rotting, sort_key, urgency
from tests.consultant_app.support import SHANGHAI

#: 23:30 on 15 June in Shanghai, which is still 15:30 the same day in UTC.
LATE = datetime(2024, 6, 15, 23, 30, tzinfo=SHANGHAI)
ROT = {Stage.LEAD: 1, Stage.VISIT: 3, Stage.ORDER: 7, Stage.DORMANT: 0}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=SHANGHAI)


def test_no_reminder_means_no_next_step() -> None:
    assert urgency(None, LATE, SHANGHAI) is Urgency.NONE


def test_a_reminder_a_minute_past_due_is_overdue() -> None:
    assert urgency(LATE - timedelta(minutes=1), LATE, SHANGHAI) is Urgency.OVERDUE


def test_a_reminder_due_yesterday_is_overdue() -> None:
    assert urgency(at(14, 9), LATE, SHANGHAI) is Urgency.OVERDUE


def test_a_reminder_later_today_is_due_today() -> None:
    assert urgency(at(15, 23, 59), LATE, SHANGHAI) is Urgency.TODAY


def test_a_reminder_due_exactly_now_is_due_today_not_overdue() -> None:
    assert urgency(LATE, LATE, SHANGHAI) is Urgency.TODAY


def test_a_reminder_after_local_midnight_is_a_future_day() -> None:
    assert urgency(at(16, 0, 30), LATE, SHANGHAI) is Urgency.FUTURE


def test_the_day_boundary_is_the_local_one_not_utcs() -> None:
    due = at(16, 0, 30)  # 16:30 UTC on the 15th
    assert urgency(due, LATE, SHANGHAI) is Urgency.FUTURE
    assert urgency(due, LATE, UTC) is Urgency.TODAY


def test_urgency_order_is_overdue_today_none_future() -> None:
    assert sorted(Urgency) == [Urgency.OVERDUE, Urgency.TODAY, Urgency.NONE, Urgency.FUTURE]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(at(15, 0, 1), 0), (at(14, 23, 59), 1), (at(12, 12), 3), (at(16, 9), 0)],
)
def test_days_since_counts_local_calendar_days(moment: datetime, expected: int) -> None:
    assert days_since(moment, LATE, SHANGHAI) == expected


def test_a_lead_touched_before_local_midnight_rots_the_next_day() -> None:
    assert is_rotting(Stage.LEAD, at(14, 23, 59), None, LATE, ROT, SHANGHAI)


def test_a_lead_touched_today_does_not_rot() -> None:
    assert not is_rotting(Stage.LEAD, at(15, 0, 1), None, LATE, ROT, SHANGHAI)


@pytest.mark.parametrize(("touched_day", "rots"), [(13, False), (12, True), (1, True)])
def test_a_visit_rots_after_three_local_days(touched_day: int, rots: bool) -> None:
    assert is_rotting(Stage.VISIT, at(touched_day, 12), None, LATE, ROT, SHANGHAI) is rots


def test_rot_is_judged_in_the_given_time_zone() -> None:
    touched = at(15, 0, 30)  # 16:30 UTC on the 14th
    assert not is_rotting(Stage.LEAD, touched, None, LATE, ROT, SHANGHAI)
    assert is_rotting(Stage.LEAD, touched, None, LATE, ROT, UTC)


@pytest.mark.parametrize("until", [date(2024, 6, 15), date(2024, 6, 20)])
def test_a_snoozed_card_does_not_rot_through_its_snooze_day(until: date) -> None:
    assert not is_rotting(Stage.LEAD, at(1, 9), until, LATE, ROT, SHANGHAI)


def test_a_card_rots_again_once_its_snooze_has_passed() -> None:
    assert is_rotting(Stage.LEAD, at(1, 9), date(2024, 6, 14), LATE, ROT, SHANGHAI)


@pytest.mark.parametrize("stage", [Stage.LOST, Stage.DORMANT])
def test_a_stage_without_a_positive_threshold_never_rots(stage: Stage) -> None:
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    assert not is_rotting(stage, long_ago, None, LATE, ROT, SHANGHAI)


def test_cards_sort_most_urgent_first() -> None:
    touched = at(10, 9)
    keys = {
        "future": sort_key(Urgency.FUTURE, at(20, 9), touched),
        "none": sort_key(Urgency.NONE, None, touched),
        "today": sort_key(Urgency.TODAY, at(15, 23, 45), touched),
        "overdue": sort_key(Urgency.OVERDUE, at(1, 9), touched),
    }
    assert sorted(keys, key=keys.__getitem__) == ["overdue", "today", "none", "future"]


def test_among_equal_urgency_the_earliest_due_comes_first() -> None:
    touched = at(10, 9)
    early = sort_key(Urgency.OVERDUE, at(1, 9), touched)
    late = sort_key(Urgency.OVERDUE, at(2, 9), touched)
    assert early < late


def test_among_equal_urgency_and_due_the_longest_untouched_comes_first() -> None:
    stale = sort_key(Urgency.NONE, None, at(1, 9))
    fresh = sort_key(Urgency.NONE, None, at(14, 9))
    assert stale < fresh
