"""A contact's editable fields, their rules, and the clean values stored after validation."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from consultant_app.domain.phone import InvalidPhoneError, normalise_mobile
from consultant_app.errors import FieldError, ValidationError

MAX_NAME = 40
MAX_REMARK = 4000
MAX_WECOM = 64
MAX_TAG = 20
MAX_MODELS = 5
#: Longest intended model name and source channel; the server keeps no longer ones.
MAX_MODEL_NAME = 64
MAX_SOURCE_CHANNEL = 64
MAX_BUDGET_YUAN = 10_000_000


class Gender(StrEnum):
    """As the customer gives it; unknown is the honest default."""

    UNKNOWN = "unknown"
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """What a consultant types for a contact; `validated()` gives the clean version or raises."""

    name: str
    mobile: str = ""
    wecom_id: str = ""
    gender: Gender = Gender.UNKNOWN
    models: tuple[str, ...] = ()
    budget_min_yuan: int | None = None
    budget_max_yuan: int | None = None
    source_channel: str = ""
    birthday: date | None = None
    remark: str = ""
    tags: tuple[str, ...] = field(default=())

    def validated(self, today: date | None = None) -> ContactDraft:
        """Return a copy with normalised values (trimmed text, E.164 mobile); raise on bad input.

        Every problem is reported at once, one entry per field, so a form can mark them all.
        """
        errors: dict[str, FieldError] = {}
        name = clean_text(self.name)
        if not name:
            errors["name"] = FieldError("required")
        elif len(name) > MAX_NAME:
            errors["name"] = FieldError("too_long", limit=MAX_NAME)
        mobile = ""
        if self.mobile.strip():
            try:
                mobile = normalise_mobile(self.mobile)
            except InvalidPhoneError:
                errors["mobile"] = FieldError("invalid_mobile")
        wecom = clean_text(self.wecom_id)
        if len(wecom) > MAX_WECOM:
            errors["wecom_id"] = FieldError("too_long", limit=MAX_WECOM)
        remark = clean_multiline(self.remark)
        if len(remark) > MAX_REMARK:
            errors["remark"] = FieldError("too_long", limit=MAX_REMARK)
        models = tuple(dict.fromkeys(m for m in (clean_text(x) for x in self.models) if m))
        if len(models) > MAX_MODELS:
            errors["models"] = FieldError("too_many", limit=MAX_MODELS)
        elif any(len(m) > MAX_MODEL_NAME for m in models):
            errors["models"] = FieldError("too_long", limit=MAX_MODEL_NAME)
        source_channel = clean_text(self.source_channel)
        if len(source_channel) > MAX_SOURCE_CHANNEL:
            errors["source_channel"] = FieldError("too_long", limit=MAX_SOURCE_CHANNEL)
        low, high = self.budget_min_yuan, self.budget_max_yuan
        for key, value in (("budget_min_yuan", low), ("budget_max_yuan", high)):
            if value is not None and not 0 <= value <= MAX_BUDGET_YUAN:
                errors[key] = FieldError("out_of_range", low=0, high=MAX_BUDGET_YUAN)
        if low is not None and high is not None and low > high:
            errors["budget_max_yuan"] = FieldError("budget_order")
        if self.birthday is not None:
            ref = today or date.today()
            if self.birthday > ref or self.birthday.year < ref.year - 120:
                errors["birthday"] = FieldError("implausible_birthday")
        tags = tuple(dict.fromkeys(t for t in (clean_text(x) for x in self.tags) if t))
        for tag in tags:
            if len(tag) > MAX_TAG:
                errors["tags"] = FieldError("too_long", limit=MAX_TAG)
        if errors:
            raise ValidationError(errors)
        return replace(
            self,
            name=name,
            mobile=mobile,
            wecom_id=wecom,
            models=models,
            remark=remark,
            source_channel=source_channel,
            tags=tags,
        )


def clean_text(text: str) -> str:
    """One line of user text: NFC, control characters dropped, whitespace runs folded."""
    text = unicodedata.normalize("NFC", text)
    # Whitespace controls (tab, newline) separate words; other controls and invisible format
    # characters are dropped, not spaced, so a pasted "张\u200b伟" stays "张伟".
    kept = "".join(ch for ch in text if ch.isspace() or not _is_control(ch))
    return " ".join(kept.split())


def clean_multiline(text: str) -> str:
    """Multi-line user text: NFC, tabs as spaces, other control characters except newlines
    dropped, ends trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\t", "    ")
    kept = "".join(ch for ch in text if ch == "\n" or not _is_control(ch))
    return kept.strip()


_JOINERS = {"\u200c", "\u200d"}  # emoji sequences and some scripts need these


def _is_control(ch: str) -> bool:
    """Control, surrogate and format characters (bidi overrides …), except the joiners."""
    category = unicodedata.category(ch)
    return category in {"Cc", "Cs", "Co"} or (category == "Cf" and ch not in _JOINERS)
