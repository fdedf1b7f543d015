"""Stage rules: legal moves, the details each stage needs, neighbours, and stored details."""

from __future__ import annotations

from datetime import datetime

import pytest

from consultant_app.domain.stages import (
    ALL_STAGES,
    FUNNEL,
    MAX_COMPETITOR,
    SIDE_STAGES,
    LostDetails,
    LostReason,
    OrderDetails,
    Payment,
    Stage,
    StageDetails,
    TestDriveDetails,
    VisitDetails,
    check_move,
    details_from_json,
    details_to_json,
    needs_details,
    neighbour,
)
from consultant_app.errors import FieldError, IllegalStageMoveError, ValidationError
from tests.consultant_app.support import SHANGHAI

WHEN = datetime(2024, 6, 15, 14, 30, tzinfo=SHANGHAI)
VISIT = VisitDetails(visit_time=WHEN, party_size=3)
DRIVE = TestDriveDetails(vehicle="ID.4 CROZZ", drive_time=WHEN)
ORDER = OrderDetails("迈腾", "330TSI DSG 豪华型", "深海蓝", 5000, Payment.FINANCE, trade_in=True)
LOST = LostDetails(LostReason.COMPETITOR, competitor="比亚迪", note="价格差两万")
GOOD_DETAILS: dict[Stage, StageDetails] = {
    Stage.VISIT: VISIT,
    Stage.TEST_DRIVE: DRIVE,
    Stage.ORDER: ORDER,
    Stage.LOST: LOST,
}


def order(**changes: object) -> OrderDetails:
    values: dict[str, object] = {
        "model": "迈腾",
        "trim": "330TSI DSG 豪华型",
        "colour": "深海蓝",
        "deposit_yuan": 5000,
        "payment": Payment.FULL,
        "trade_in": False,
    }
    values.update(changes)
    return OrderDetails(**values)  # type: ignore[arg-type]


def errors_of(target: Stage, details: StageDetails | None) -> dict[str, FieldError]:
    with pytest.raises(ValidationError) as caught:
        check_move(Stage.LEAD, target, details)
    return caught.value.errors


def test_stage_codes_are_the_stored_values() -> None:
    assert [s.value for s in ALL_STAGES] == [
        "lead",
        "first_contact",
        "visit",
        "test_drive",
        "order",
        "lost",
        "dormant",
    ]
    assert set(FUNNEL) | set(SIDE_STAGES) == set(Stage)


@pytest.mark.parametrize("stage", list(Stage))
def test_moving_a_contact_into_its_own_stage_is_illegal(stage: Stage) -> None:
    with pytest.raises(IllegalStageMoveError):
        check_move(stage, stage, GOOD_DETAILS.get(stage))


def test_exactly_visit_test_drive_order_and_lost_ask_for_details() -> None:
    assert {s for s in Stage if needs_details(s)} == {
        Stage.VISIT,
        Stage.TEST_DRIVE,
        Stage.ORDER,
        Stage.LOST,
    }


@pytest.mark.parametrize("target", [Stage.VISIT, Stage.TEST_DRIVE, Stage.ORDER, Stage.LOST])
def test_entering_a_stage_that_needs_details_without_them_is_refused(target: Stage) -> None:
    assert errors_of(target, None) == {"details": FieldError("required")}


def test_details_of_another_stage_are_refused() -> None:
    assert errors_of(Stage.VISIT, DRIVE) == {"details": FieldError("required")}


@pytest.mark.parametrize("target", [Stage.FIRST_CONTACT, Stage.DORMANT, Stage.LEAD])
def test_details_for_a_stage_that_needs_none_are_refused(target: Stage) -> None:
    with pytest.raises(ValidationError) as caught:
        check_move(Stage.VISIT, target, VISIT)
    assert caught.value.errors == {"details": FieldError("not_expected")}


@pytest.mark.parametrize("target", list(GOOD_DETAILS))
def test_sound_details_allow_the_move(target: Stage) -> None:
    check_move(Stage.LEAD, target, GOOD_DETAILS[target])


@pytest.mark.parametrize(
    ("party_size", "ok"), [(-1, False), (0, False), (1, True), (30, True), (31, False)]
)
def test_a_visit_party_is_one_to_thirty_people(party_size: int, ok: bool) -> None:
    details = VisitDetails(visit_time=WHEN, party_size=party_size)
    if ok:
        check_move(Stage.LEAD, Stage.VISIT, details)
    else:
        assert errors_of(Stage.VISIT, details) == {
            "party_size": FieldError("out_of_range", low=1, high=30)
        }


@pytest.mark.parametrize(
    ("deposit", "ok"), [(-100, False), (0, False), (1, True), (1_000_000, True), (1_000_001, False)]
)
def test_an_order_deposit_is_one_yuan_to_a_million(deposit: int, ok: bool) -> None:
    if ok:
        check_move(Stage.TEST_DRIVE, Stage.ORDER, order(deposit_yuan=deposit))
    else:
        assert errors_of(Stage.ORDER, order(deposit_yuan=deposit)) == {
            "deposit_yuan": FieldError("out_of_range", low=1, high=1_000_000)
        }


def test_an_order_names_model_trim_and_colour_and_every_gap_is_reported() -> None:
    errors = errors_of(Stage.ORDER, order(model="", trim="  ", colour="\t", deposit_yuan=0))
    assert set(errors) == {"model", "trim", "colour", "deposit_yuan"}
    assert errors["model"] == FieldError("required")


def test_a_test_drive_names_the_vehicle() -> None:
    details = TestDriveDetails(vehicle="   ", drive_time=WHEN)
    assert errors_of(Stage.TEST_DRIVE, details) == {"vehicle": FieldError("required")}


def test_losing_to_a_competitor_requires_naming_it() -> None:
    details = LostDetails(LostReason.COMPETITOR, competitor="  ")
    assert errors_of(Stage.LOST, details) == {"competitor": FieldError("required")}


@pytest.mark.parametrize("reason", list(LostReason))
def test_a_competitor_longer_than_the_server_keeps_is_refused(reason: LostReason) -> None:
    too_long = LostDetails(reason, competitor=f" {'某' * (MAX_COMPETITOR + 1)} ")
    assert errors_of(Stage.LOST, too_long) == {
        "competitor": FieldError("too_long", limit=MAX_COMPETITOR)
    }
    check_move(Stage.LEAD, Stage.LOST, LostDetails(reason, competitor=" " + "某" * MAX_COMPETITOR))


@pytest.mark.parametrize("reason", [r for r in LostReason if r is not LostReason.COMPETITOR])
def test_other_lost_reasons_need_no_competitor(reason: LostReason) -> None:
    check_move(Stage.TEST_DRIVE, Stage.LOST, LostDetails(reason))


@pytest.mark.parametrize(
    ("stage", "step", "expected"),
    [
        (Stage.LEAD, 1, Stage.FIRST_CONTACT),
        (Stage.LEAD, -1, None),
        (Stage.FIRST_CONTACT, -1, Stage.LEAD),
        (Stage.VISIT, 1, Stage.TEST_DRIVE),
        (Stage.ORDER, -1, Stage.TEST_DRIVE),
        (Stage.ORDER, 1, None),
        (Stage.LOST, 1, Stage.LEAD),
        (Stage.LOST, -1, None),
        (Stage.DORMANT, 1, Stage.LEAD),
        (Stage.DORMANT, -1, None),
    ],
)
def test_neighbour_steps_along_the_funnel_and_side_stages_re_enter_at_its_start(
    stage: Stage, step: int, expected: Stage | None
) -> None:
    assert neighbour(stage, step) == expected


@pytest.mark.parametrize("details", list(GOOD_DETAILS.values()), ids=lambda d: type(d).__name__)
def test_details_survive_the_json_round_trip(details: StageDetails) -> None:
    import json

    stored = json.loads(json.dumps(details_to_json(details), ensure_ascii=False))
    assert details_from_json(stored) == details


def test_no_details_are_stored_as_none() -> None:
    assert details_to_json(None) is None
    assert details_from_json(None) is None
    assert details_from_json({}) is None


@pytest.mark.parametrize(
    "data",
    [
        {"type": "SpaceshipDetails", "warp": 9},
        {"type": "VisitDetails", "party_size": 2},
        {"type": "VisitDetails", "visit_time": "yesterday", "party_size": 2},
        {
            "type": "OrderDetails",
            "model": "迈腾",
            "trim": "",
            "colour": "",
            "deposit_yuan": 1,
            "payment": "barter",
            "trade_in": False,
        },
        {"type": "LostDetails", "reason": "bad_luck"},
    ],
)
def test_unreadable_stored_details_give_none_not_an_error(data: dict[str, object]) -> None:
    assert details_from_json(data) is None
