"""Chinese mobile numbers: validation, E.164 normalisation and the masked display form."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"\D+")
#: What a typed mobile number may contain (after NFKC folds full-width digits and signs).
#: Anything else is refused: phonenumbers would read letters as a keypad word (138abcd5678
#: becomes 138 2223 5678) or drop them as an extension, saving a wrong number silently.
_TYPED = re.compile(r"[0-9+\-\s().]+")


class InvalidPhoneError(ValueError):
    """The text is not a valid mainland-China mobile number."""


def normalise_mobile(text: str) -> str:
    """Return the E.164 form (+8613812345678) of a CN mobile number typed in any usual way.

    Accepts spaces, dashes, a leading +86/0086/86. Raises InvalidPhoneError otherwise.
    """
    import phonenumbers  # lazy: a heavy import that start-up does not need

    raw = unicodedata.normalize("NFKC", text).strip()
    if not raw or len(raw) > 32 or not _TYPED.fullmatch(raw):
        raise InvalidPhoneError(text)
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneError(text) from exc
    mobile_types = {phonenumbers.PhoneNumberType.MOBILE}
    if (
        parsed.country_code != 86
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in mobile_types
    ):
        raise InvalidPhoneError(text)
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def national_digits(e164: str) -> str:
    """The 11 national digits of a normalised CN mobile number."""
    digits = _DIGITS.sub("", e164)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def mask_mobile(e164: str | None) -> str:
    """The privacy-safe display form, 138****5678; empty for no number."""
    if not e164:
        return ""
    digits = national_digits(e164)
    if len(digits) != 11:
        return digits
    return f"{digits[:3]}****{digits[7:]}"


def format_mobile(e164: str | None) -> str:
    """The readable full form, 138 1234 5678, for the detail panel."""
    if not e164:
        return ""
    digits = national_digits(e164)
    if len(digits) != 11:
        return digits
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}"


def digits_only(text: str) -> str:
    """Just the digits of `text` (for matching typed phone fragments)."""
    return _DIGITS.sub("", text)


def validate_mobile(text: str) -> str | None:
    """Inline check for a form: the normalised number, or None when invalid (empty is valid)."""
    if not text.strip():
        return ""
    try:
        return normalise_mobile(text)
    except InvalidPhoneError:
        return None
