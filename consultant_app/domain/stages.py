"""The lead stages, what entering each one needs, and which moves are legal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from consultant_app.domain.contact import clean_text
from consultant_app.errors import FieldError, IllegalStageMoveError, ValidationError


class Stage(StrEnum):
    """A contact's place in the funnel; the values are stored and synced, never rename them."""

    LEAD = "lead"  # 客户线索
    FIRST_CONTACT = "first_contact"  # 在线初步沟通
    VISIT = "visit"  # 到店
    TEST_DRIVE = "test_drive"  # 试驾
    ORDER = "order"  # 下定
    LOST = "lost"  # 战败
    DORMANT = "dormant"  # 沉默


#: The main funnel, left to right, as the kanban shows it.
FUNNEL: tuple[Stage, ...] = (
    Stage.LEAD,
    Stage.FIRST_CONTACT,
    Stage.VISIT,
    Stage.TEST_DRIVE,
    Stage.ORDER,
)
#: Stages that leave the funnel; the kanban can collapse them.
SIDE_STAGES: tuple[Stage, ...] = (Stage.LOST, Stage.DORMANT)
ALL_STAGES: tuple[Stage, ...] = FUNNEL + SIDE_STAGES


class LostReason(StrEnum):
    """Why a lead was lost (战败原因)."""

    PRICE = "price"
    COMPETITOR = "competitor"
    NO_LONGER_BUYING = "no_longer_buying"
    UNREACHABLE = "unreachable"
    FINANCE_REJECTED = "finance_rejected"
    OTHER = "other"


class Payment(StrEnum):
    """How an order is paid."""

    FULL = "full"
    FINANCE = "finance"


@dataclass(frozen=True, slots=True)
class VisitDetails:
    """到店: when the customer came and how many came with them."""

    visit_time: datetime
    party_size: int


@dataclass(frozen=True, slots=True)
class TestDriveDetails:
    """试驾: which car and when."""

    __test__ = False  # not a pytest test class despite its name

    vehicle: str
    drive_time: datetime


@dataclass(frozen=True, slots=True)
class OrderDetails:
    """下定: what was ordered and how it is paid."""

    model: str
    trim: str
    colour: str
    deposit_yuan: int
    payment: Payment
    trade_in: bool


@dataclass(frozen=True, slots=True)
class LostDetails:
    """战败: why, and who won."""

    reason: LostReason
    competitor: str = ""
    note: str = ""


StageDetails = VisitDetails | TestDriveDetails | OrderDetails | LostDetails

REQUIRED_DETAILS: dict[Stage, type[StageDetails]] = {
    Stage.VISIT: VisitDetails,
    Stage.TEST_DRIVE: TestDriveDetails,
    Stage.ORDER: OrderDetails,
    Stage.LOST: LostDetails,
}

MAX_PARTY_SIZE = 30
MAX_DEPOSIT_YUAN = 1_000_000
#: Longest competitor name (the server keeps no longer one).
MAX_COMPETITOR = 64


def needs_details(stage: Stage) -> bool:
    """True when entering `stage` asks the consultant for details."""
    return stage in REQUIRED_DETAILS


def check_move(current: Stage, target: Stage, details: StageDetails | None) -> None:
    """Raise if moving from `current` to `target` with `details` breaks a rule."""
    if current == target:
        raise IllegalStageMoveError(f"already in {target.value}")
    validate_details(target, details)


def validate_details(target: Stage, details: StageDetails | None) -> None:
    """Raise ValidationError unless `details` is what entering `target` needs, and sane."""
    expected = REQUIRED_DETAILS.get(target)
    if expected is None:
        if details is not None:
            raise ValidationError({"details": FieldError("not_expected")})
        return
    if not isinstance(details, expected):
        raise ValidationError({"details": FieldError("required")})
    errors: dict[str, FieldError] = {}
    if isinstance(details, VisitDetails):
        if not 1 <= details.party_size <= MAX_PARTY_SIZE:
            errors["party_size"] = FieldError("out_of_range", low=1, high=MAX_PARTY_SIZE)
    elif isinstance(details, TestDriveDetails):
        if not details.vehicle.strip():
            errors["vehicle"] = FieldError("required")
    elif isinstance(details, OrderDetails):
        for name in ("model", "trim", "colour"):
            if not getattr(details, name).strip():
                errors[name] = FieldError("required")
        if not 0 < details.deposit_yuan <= MAX_DEPOSIT_YUAN:
            errors["deposit_yuan"] = FieldError("out_of_range", low=1, high=MAX_DEPOSIT_YUAN)
    elif isinstance(details, LostDetails):
        competitor = clean_text(details.competitor)
        if details.reason is LostReason.COMPETITOR and not competitor:
            errors["competitor"] = FieldError("required")
        elif len(competitor) > MAX_COMPETITOR:
            errors["competitor"] = FieldError("too_long", limit=MAX_COMPETITOR)
    if errors:
        raise ValidationError(errors)


def neighbour(stage: Stage, step: int) -> Stage | None:
    """The funnel stage `step` places right (+1) or left (-1) of `stage`, if any.

    Side stages (lost, dormant) step back into the funnel at its start when moved right.
    """
    if stage in SIDE_STAGES:
        return FUNNEL[0] if step > 0 else None
    index = FUNNEL.index(stage) + step
    return FUNNEL[index] if 0 <= index < len(FUNNEL) else None


def details_to_json(details: StageDetails | None) -> dict[str, object] | None:
    """A JSON-ready dict of stage details, for the history row."""
    if details is None:
        return None
    out: dict[str, object] = {"type": type(details).__name__}
    for name in details.__slots__:
        value = getattr(details, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def details_from_json(data: dict[str, object] | None) -> StageDetails | None:
    """The inverse of `details_to_json`; unknown shapes give None rather than an error."""
    if not data:
        return None
    kinds: dict[str, type[StageDetails]] = {
        cls.__name__: cls for cls in (VisitDetails, TestDriveDetails, OrderDetails, LostDetails)
    }
    cls = kinds.get(str(data.get("type")))
    if cls is None:
        return None
    values = {k: v for k, v in data.items() if k != "type"}
    try:
        if cls is VisitDetails:
            return VisitDetails(
                datetime.fromisoformat(str(values["visit_time"])), int(str(values["party_size"]))
            )
        if cls is TestDriveDetails:
            return TestDriveDetails(
                str(values["vehicle"]), datetime.fromisoformat(str(values["drive_time"]))
            )
        if cls is OrderDetails:
            return OrderDetails(
                str(values["model"]),
                str(values["trim"]),
                str(values["colour"]),
                int(str(values["deposit_yuan"])),
                Payment(str(values["payment"])),
                bool(values["trade_in"]),
            )
        return LostDetails(
            LostReason(str(values["reason"])),
            str(values.get("competitor", "")),
            str(values.get("note", "")),
        )
    except (KeyError, ValueError):
        return None
