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
