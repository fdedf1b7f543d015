"""The tokeniser: what the index holds for a text, and what a typed query asks for."""

from __future__ import annotations

import re

import pytest

from consultant_app.library.pinyin import run_readings, split_syllables
from consultant_app.library.tokens import index_tokens, parse_query


def tokens(text: str, *, pinyin: bool = True) -> set[str]:
    return set(index_tokens([text], pinyin=pinyin).split())


def test_a_han_run_gives_its_characters_and_neighbouring_pairs() -> None:
    assert tokens("迈腾油耗", pinyin=False) == {"迈", "腾", "油", "耗", "迈腾", "腾油", "油耗"}


def test_pinyin_gives_syllables_joined_pairs_and_first_letter_pairs() -> None:
    assert {"mai", "teng", "maiteng", "mt"} <= tokens("迈腾")


@pytest.mark.parametrize(
    ("text", "initials"),
    [("油耗", "yh"), ("一汽", "yq"), ("网络", "wl"), ("银行", "yh"), ("重庆", "cq")],
)
def test_first_letters_keep_y_and_w_syllables(text: str, initials: str) -> None:
    # pypinyin's "initials" style has no initial for 油 (you) or 网 (wang): the first-letter
    # reading is what people abbreviate with.
    assert initials in tokens(text)


def test_a_two_character_word_decides_a_polyphones_reading() -> None:
    assert run_readings("银行")[1][0] == "hang"
    assert run_readings("行驶")[0][0] == "xing"
    assert "yinhang" in tokens("银行")
    assert "changxu" in tokens("长续航")  # 长 alone reads zhang first; both are indexed


def test_words_are_joined_across_connectors_and_split_at_digits() -> None:
    assert {"id", "4", "id4", "crozz"} <= tokens("ID.4 CROZZ")
    assert {"330tsi", "330", "tsi"} <= tokens("330TSI")
    assert {"rline", "r", "line"} <= tokens("R-Line")


def test_full_width_text_is_indexed_as_half_width() -> None:
    assert "id4" in tokens("ＩＤ４")


def test_emoji_are_tokens_and_punctuation_is_not() -> None:
    assert tokens("🎉！“迈腾”", pinyin=False) == {"🎉", "迈", "腾", "迈腾"}


def test_pinyin_is_split_into_syllables_with_an_unfinished_last_one() -> None:
    assert split_syllables("maitengyouh") == [["mai", "teng", "you", "h"]]
    assert ["xi", "an"] in split_syllables("xian")
    assert split_syllables("mtyh") == []


def test_the_readings_with_fewest_syllables_come_first_longest_syllable_first() -> None:
    assert split_syllables("xian") == [["xian"], ["xia", "n"], ["xi", "an"]]
    assert split_syllables("baoyang") == [["bao", "yang"], ["bao", "yan", "g"], ["ba", "o", "yang"]]
    assert split_syllables("zhihuan", limit=1) == [["zhi", "huan"]]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "AND", "NEAR(", ":", ")", "{title}:x", '迈腾"*)', "🎉", "x" * 10_000],
)
def test_every_query_renders_as_quoted_strings_only(query: str) -> None:
    expression = parse_query(query).fts()
    # Outside double quotes only our own operators and brackets remain.
    outside = re.sub(r'"(?:[^"]|"")*"', "", expression)
    assert set(outside) <= set("()* ANDOR")
    assert re.sub(r"\b(?:AND|OR)\b", "", outside).strip("()* ") == ""


def test_very_long_input_is_cut_to_a_bounded_query() -> None:
    plan = parse_query("迈腾 " * 5_000)
    assert len(plan.fts()) < 200
    assert len(parse_query("续航" * 5_000).fts()) < 2_000


def test_a_word_of_the_previous_keystroke_is_not_parsed_again() -> None:
    before = parse_query("tanyue 试")
    after = parse_query("tanyue 试驾", before)
    assert after == parse_query("tanyue 试驾")
    assert after.groups[0] is before.groups[0]
