"""Lead source channels: labels in both languages and matching typed text."""

from __future__ import annotations

from consultant_app.domain.channels import CHANNELS, channel_label, channels_matching


def test_channel_codes_are_unique() -> None:
    codes = [c.code for c in CHANNELS]
    assert len(codes) == len(set(codes))


def test_a_channel_label_follows_the_language() -> None:
    assert channel_label("walk_in") == "自然到店"
    assert channel_label("walk_in", "en") == "Walk-in"
    assert channel_label("walk_in", "en_US") == "Walk-in"


def test_an_unknown_channel_code_shows_as_it_is() -> None:
    assert channel_label("carrier_pigeon") == "carrier_pigeon"


def test_channels_match_by_chinese_name_or_english_name_ignoring_case() -> None:
    assert channels_matching("展厅") == ["display_stand", "showroom_screen"]
    assert channels_matching("WALK") == ["walk_in"]
    assert channels_matching("referral") == ["referral"]
    assert channels_matching("懂车帝") == ["online_platform"]


def test_text_matching_no_channel_gives_nothing() -> None:
    assert channels_matching("火星") == []
