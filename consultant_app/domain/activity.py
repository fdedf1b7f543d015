"""Follow-up kinds, tag colours and note limits: small domain facts the UI also needs."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
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


#: How a link-radar note (链接雷达) on a contact's timeline begins: the server writes one when
#: the customer opens an article the consultant shared with them.
RADAR_PREFIX = "链接雷达："

_RADAR_TITLE = re.compile(r"《(.+)》")
_RADAR_COUNT = re.compile(r"第 (\d+) 次")


@dataclass(frozen=True, slots=True)
class RadarOpen:
    """What a link-radar note says: which article, and which open of it this was."""

    title: str
    opens: int


def radar_note(title: str, opens: int) -> str:
    """The timeline note for the `opens`-th recorded open of the article `title`."""
    if opens <= 1:
        return f"{RADAR_PREFIX}客户打开了《{title}》"
    return f"{RADAR_PREFIX}客户第 {opens} 次打开了《{title}》"


def read_radar_note(kind: str, body: str) -> RadarOpen | None:
    """The open a timeline activity records, if it is a link-radar note (else None)."""
    if kind != ActivityKind.NOTE or not body.startswith(RADAR_PREFIX):
        return None
    title = _RADAR_TITLE.search(body)
    count = _RADAR_COUNT.search(body)
    return RadarOpen(title.group(1) if title else "", int(count.group(1)) if count else 1)
