"""Lead source channels (获客渠道): stable codes with their Chinese and English names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Channel:
    """A way a lead reached the consultant; `code` is what is stored and synced."""

    code: str
    zh: str
    en: str


CHANNELS: tuple[Channel, ...] = (
    Channel("walk_in", "自然到店", "Walk-in"),
    Channel("display_stand", "展厅展架", "Display stand"),
    Channel("showroom_screen", "展厅大屏", "Showroom screen"),
    Channel("sms", "短信", "SMS link"),
    Channel("moments", "朋友圈", "WeChat Moments"),
    Channel("auto_show", "车展", "Auto show"),
    Channel("test_drive_event", "试驾活动", "Test-drive event"),
    Channel("phone_in", "来电", "Phone-in"),
    Channel("referral", "转介绍", "Referral"),
    Channel("online_platform", "汽车之家/懂车帝", "Online platform"),
)
_BY_CODE = {c.code: c for c in CHANNELS}


def channel_label(code: str, language: str = "zh_CN") -> str:
    """The display name of a channel code; unknown codes show as they are."""
    channel = _BY_CODE.get(code)
    if channel is None:
        return code
    return channel.en if language.startswith("en") else channel.zh


def channels_matching(text: str) -> list[str]:
    """Codes of channels whose Chinese name contains `text`, or an English word of whose name
    starts with it (two letters at least: "sm" → SMS link). Internal codes never match."""
    needle = text.casefold()
    if not needle:
        return []
    found = []
    for channel in CHANNELS:
        name = channel.en.casefold()
        english = [name, *name.replace("-", " ").split()]
        if needle in channel.zh or (
            len(needle) >= 2 and any(word.startswith(needle) for word in english)
        ):
            found.append(channel.code)
    return found
