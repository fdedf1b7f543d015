"""Translated display names for core codes (stages, errors, kinds); the core has no Qt, so no tr."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from consultant_app.domain.stages import LostReason, Payment, Stage
from consultant_app.errors import FieldError

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def stage_label(stage: Stage) -> str:
    """The column title of a stage."""
    return {
        Stage.LEAD: translate("Labels", "Lead"),
        Stage.FIRST_CONTACT: translate("Labels", "First contact"),
        Stage.VISIT: translate("Labels", "Visit"),
        Stage.TEST_DRIVE: translate("Labels", "Test drive"),
        Stage.ORDER: translate("Labels", "Order"),
        Stage.LOST: translate("Labels", "Lost"),
        Stage.DORMANT: translate("Labels", "Dormant"),
    }[stage]


def lost_reason_label(reason: LostReason) -> str:
    return {
        LostReason.PRICE: translate("Labels", "Price"),
        LostReason.COMPETITOR: translate("Labels", "Bought a competitor"),
        LostReason.NO_LONGER_BUYING: translate("Labels", "No longer buying"),
        LostReason.UNREACHABLE: translate("Labels", "Cannot be reached"),
        LostReason.FINANCE_REJECTED: translate("Labels", "Finance rejected"),
        LostReason.OTHER: translate("Labels", "Other"),
    }[reason]


def payment_label(payment: Payment) -> str:
    return {
        Payment.FULL: translate("Labels", "Full payment"),
        Payment.FINANCE: translate("Labels", "Finance"),
    }[payment]


def activity_label(kind: str) -> str:
    """Follow-up kinds (stored codes) as words."""
    labels = {
        "call": translate("Labels", "Call"),
        "visit": translate("Labels", "Visit"),
        "message": translate("Labels", "Message"),
        "test_drive": translate("Labels", "Test drive"),
        "note": translate("Labels", "Note"),
    }
    return labels.get(kind, kind)


def gender_label(code: str) -> str:
    return {"male": translate("Labels", "Male"), "female": translate("Labels", "Female")}.get(
        code, translate("Labels", "Unknown")
    )


def field_error_message(error: FieldError) -> str:
    """A field error code as a sentence for the form."""
    p = error.params
    messages = {
        "required": translate("Labels", "Required"),
        "invalid_mobile": translate(
            "Labels", "Not a valid mainland mobile number (11 digits, e.g. 138 1234 5678)"
        ),
        "budget_order": translate("Labels", "The upper budget must not be below the lower one"),
        "implausible_birthday": translate("Labels", "That birthday cannot be right"),
        "in_future": translate("Labels", "Cannot be in the future"),
        "in_past": translate("Labels", "Cannot be in the past"),
        "not_expected": translate("Labels", "Not needed for this stage"),
    }
    if error.code == "duplicate_mobile":
        return translate("Labels", "Already the number of {name}").format(name=p.get("name", ""))
    if error.code in messages:
        return messages[error.code]
    if error.code == "too_long":
        limit = int(str(p.get("limit", 0)))
        return translate("Labels", "At most %n characters", "", limit)
    if error.code == "too_many":
        limit = int(str(p.get("limit", 0)))
        return translate("Labels", "At most %n items", "", limit)
    if error.code == "out_of_range":
        return translate("Labels", "Must be between {low} and {high}").format(
            low=p.get("low"), high=p.get("high")
        )
    return error.code


def contact_field_label(field: str) -> str:
    """A contact field's name as the detail form shows it."""
    translate = QCoreApplication.translate
    labels = {
        "name": translate("Labels", "Name"),
        "mobile": translate("Labels", "Mobile"),
        "wecom_id": translate("Labels", "WeCom ID"),
        "gender": translate("Labels", "Gender"),
        "models": translate("Labels", "Intended models"),
        "budget_min_yuan": translate("Labels", "Budget from"),
        "budget_max_yuan": translate("Labels", "Budget to"),
        "source_channel": translate("Labels", "Source channel"),
        "birthday": translate("Labels", "Birthday"),
        "remark": translate("Labels", "Remark"),
    }
    return labels.get(field, field)
