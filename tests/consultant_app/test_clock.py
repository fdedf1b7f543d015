"""Stored timestamps: naive UTC text in, aware UTC datetimes out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from consultant_app.clock import from_db, new_id, to_db, utcnow
from tests.consultant_app.support import SHANGHAI


def test_a_local_time_is_stored_as_utc_text() -> None:
    assert to_db(datetime(2024, 6, 15, 10, 0, tzinfo=SHANGHAI)) == "2024-06-15 02:00:00.000000"


def test_a_stored_time_reads_back_as_the_same_instant_in_utc() -> None:
    moment = datetime(2024, 6, 15, 10, 0, 0, 123456, tzinfo=SHANGHAI)
    back = from_db(to_db(moment))
    assert back == moment
    assert back is not None and back.tzinfo is UTC


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_db(datetime(2024, 6, 15, 10, 0))


@pytest.mark.parametrize("empty", [None, ""])
def test_no_stored_time_reads_as_none(empty: str | None) -> None:
    assert from_db(empty) is None


def test_now_is_aware_utc_and_ids_are_unique() -> None:
    assert utcnow().tzinfo is UTC
    assert len({new_id() for _ in range(100)}) == 100


def test_the_showroom_day_is_chinas_day_whatever_the_pcs_zone() -> None:
    """The server counts statistics in UTC+8 days; a desk whose clock zone is UTC (a server
    room, a test machine) must still ask for the showroom's today after 16:00 UTC."""
    from datetime import date, timedelta, timezone

    from consultant_app.clock import showroom_today

    evening_utc = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)
    assert showroom_today(evening_utc) == date(2026, 11, 23)
    assert showroom_today(datetime(2026, 11, 22, 15, 59, tzinfo=UTC)) == date(2026, 11, 22)
    berlin = evening_utc.astimezone(timezone(timedelta(hours=1)))
    assert showroom_today(berlin) == date(2026, 11, 23)
