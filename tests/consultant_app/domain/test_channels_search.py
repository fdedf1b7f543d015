"""Channel matching in the filter box: useful words match, stray letters and codes do not."""

from __future__ import annotations

import pytest

from consultant_app.domain.channels import channels_matching


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("展厅", ["display_stand", "showroom_screen"]),
        ("朋友圈", ["moments"]),
        ("sms", ["sms"]),
        ("walk-in", ["walk_in"]),
        ("sho", ["showroom_screen", "auto_show"]),
    ],
)
def test_channel_names_match_by_chinese_text_or_english_word_start(
    typed: str, expected: list[str]
) -> None:
    assert channels_matching(typed) == expected


@pytest.mark.parametrize("typed", ["l", "_", "walk_in", "nline", ""])
def test_single_letters_internal_codes_and_mid_word_fragments_match_no_channel(
    typed: str,
) -> None:
    assert channels_matching(typed) == []
