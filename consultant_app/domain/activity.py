"""Follow-up kinds, tag colours and note limits: small domain facts the UI also needs."""

from __future__ import annotations

import zlib
from enum import StrEnum

#: Longest reminder note.
MAX_NOTE = 500

#: Colours new tags take, picked by a stable hash of the name.
TAG_PALETTE = (
    "#5B8FF9",
    "#5AD8A6",
    "#F6BD16",
    "#E8684A",
    "#6DC8EC",
    "#9270CA",
    "#FF9D4D",
    "#269A99",
    "#FF99C3",
    "#5D7092",
)


class ActivityKind(StrEnum):
    """Kinds of follow-up a consultant logs."""

    CALL = "call"
    VISIT = "visit"
    MESSAGE = "message"
    TEST_DRIVE = "test_drive"
    NOTE = "note"


def tag_colour(name: str) -> str:
    """The palette colour a new tag called `name` gets."""
    return TAG_PALETTE[zlib.crc32(name.encode("utf-8")) % len(TAG_PALETTE)]
