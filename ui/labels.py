"""Translated display names for core codes (stages, errors, kinds); the core has no Qt, so no tr."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from consultant_app.domain.stages import LostReason, Payment, Stage
from consultant_app.errors import FieldError

CONTEXT = "Labels"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def stage_label(stage: Stage) -> str:
    """The column title of a stage."""
    return {
        Stage.LEAD: _tr("Lead"),
        Stage.FIRST_CONTACT: _tr("First contact"),
        Stage.VISIT: _tr("Visit"),
        Stage.TEST_DRIVE: _tr("Test drive"),
        Stage.ORDER: _tr("Order"),
        Stage.LOST: _tr("Lost"),
        Stage.DORMANT: _tr("Dormant"),
    }[stage]


def lost_reason_label(reason: LostReason) -> str:
    return {
        LostReason.PRICE: _tr("Price"),
        LostReason.COMPETITOR: _tr("Bought a competitor"),
        LostReason.NO_LONGER_BUYING: _tr("No longer buying"),
        LostReason.UNREACHABLE: _tr("Cannot be reached"),
        LostReason.FINANCE_REJECTED: _tr("Finance rejected"),
        LostReason.OTHER: _tr("Other"),
    }[reason]


def payment_label(payment: Payment) -> str:
    return {Payment.FULL: _tr("Full payment"), Payment.FINANCE: _tr("Finance")}[payment]


def activity_label(kind: str) -> str:
    """Follow-up kinds (stored codes) as words."""
    labels = {
        "call": _tr("Call"),
        "visit": _tr("Visit"),
        "message": _tr("Message"),
        "test_drive": _tr("Test drive"),
        "note": _tr("Note"),
    }
    return labels.get(kind, kind)


def gender_label(code: str) -> str:
    return {"male": _tr("Male"), "female": _tr("Female")}.get(code, _tr("Unknown"))


def field_error_message(error: FieldError) -> str:
    """A field error code as a sentence for the form."""
    p = error.params
    messages = {
        "required": _tr("Required"),
        "invalid_mobile": _tr("Not a valid mainland mobile number (11 digits, e.g. 138 1234 5678)"),
        "budget_order": _tr("The upper budget must not be below the lower one"),
        "implausible_birthday": _tr("That birthday cannot be right"),
        "in_future": _tr("Cannot be in the future"),
        "in_past": _tr("Cannot be in the past"),
        "not_expected": _tr("Not needed for this stage"),
    }
    if error.code in messages:
        return messages[error.code]
    if error.code == "too_long":
        return _tr("At most %n characters", "", int(str(p.get("limit", 0))))
    if error.code == "too_many":
        return _tr("At most %n items", "", int(str(p.get("limit", 0))))
    if error.code == "out_of_range":
        return _tr("Must be between {low} and {high}").format(low=p.get("low"), high=p.get("high"))
    return error.code
