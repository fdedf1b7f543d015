"""The errors the QR and poster engine raises on purpose; the UI turns each into a message."""

from __future__ import annotations

from pathlib import Path

from consultant_app.errors import ShowroomError


class QrCodeError(ShowroomError):
    """Base for every error of the QR and poster engine."""


class QrUrlError(QrCodeError):
    """The URL cannot be encoded; `reason` is "empty", "too_long" or "not_a_url"."""

    def __init__(self, reason: str, url: str, max_length: int) -> None:
        self.reason = reason
        self.url = url
        self.max_length = max_length
        super().__init__(f"{reason}: {url!r} (at most {max_length} characters of http(s) URL)")


class PosterImageError(QrCodeError):
    """The photo or logo bytes are not an image Pillow can read; `field` says which."""

    def __init__(self, field: str, detail: str) -> None:
        self.field = field
        self.detail = detail
        super().__init__(f"{field}: {detail}")


class PosterOutputError(QrCodeError):
    """The poster file cannot be written at `path`; nothing was left behind there."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}")


class PosterFontError(QrCodeError):
    """No usable font at all, not even the bundled one (a broken installation)."""
