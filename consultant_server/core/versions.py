"""Client version strings ("0.1.0"): parsing and the minimum-version check sync will enforce."""

from __future__ import annotations

import re

_VERSION = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")


class InvalidVersionError(ValueError):
    """The text is not a dotted version such as 0.1.0."""


def parse_version(text: str) -> tuple[int, ...]:
    """The numeric parts of a dotted version; trailing zeros do not matter (1.0 == 1.0.0)."""
    if not _VERSION.fullmatch(text):
        raise InvalidVersionError(text)
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_supported(client_version: str, min_client_version: str) -> bool:
    """True when `client_version` is at least `min_client_version`."""
    return parse_version(client_version) >= parse_version(min_client_version)
