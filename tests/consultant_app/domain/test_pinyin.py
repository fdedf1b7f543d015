"""Pinyin search keys of names: full spellings and initials, with polyphonic surnames."""

from __future__ import annotations

import pytest

from consultant_app.domain.pinyin import MAX_VARIANTS, all_variants, pinyin_keys


def variants(name: str) -> tuple[list[str], list[str]]:
    full, initials = pinyin_keys(name)
    return full.split(), initials.split()


def test_a_plain_name_gives_its_spelling_and_initials() -> None:
    assert pinyin_keys("张伟") == ("zhangwei", "zw")


@pytest.mark.parametrize(
    ("name", "spellings", "initials"),
    [
        ("曾伟", {"cengwei", "zengwei"}, {"cw", "zw"}),
        ("单田芳", {"dantianfang", "shantianfang"}, {"dtf", "stf"}),
        ("解放", {"jiefang", "xiefang"}, {"jf", "xf"}),
    ],
)
def test_a_polyphonic_surname_gives_every_reading(
    name: str, spellings: set[str], initials: set[str]
) -> None:
    full, first = variants(name)
    assert spellings <= set(full)
    assert initials <= set(first)


@pytest.mark.parametrize("name", ["曾伟", "单田芳", "张伟", "吕布", "欧阳娜娜", "区小明"])
def test_spellings_are_plain_ascii_without_tone_marks(name: str) -> None:
    full, first = variants(name)
    assert all(v.isascii() and v.isalpha() for v in full + first), full


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Tony王", ("tonywang", "tonyw")),
        ("1号王", ("1haowang", "1hw")),
        ("🚗李", ("🚗li", "🚗l")),
    ],
)
def test_a_name_not_starting_with_a_han_character_has_one_spelling(
    name: str, keys: tuple[str, str]
) -> None:
    assert pinyin_keys(name) == keys


def test_spaces_inside_a_name_are_ignored() -> None:
    assert pinyin_keys(" 李  娜 ") == ("lina", "ln")


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_has_no_keys(name: str) -> None:
    assert pinyin_keys(name) == ("", "")


def test_symbols_and_emoji_pass_through_unchanged() -> None:
    assert pinyin_keys("李🚗") == ("li🚗", "l🚗")


@pytest.mark.parametrize("name", ["单田芳", "曾伟", "和平", "长孙无忌"])
def test_variants_are_capped_and_unique(name: str) -> None:
    full, first = variants(name)
    assert len(full) == len(set(full)) <= MAX_VARIANTS
    assert len(first) == len(set(first)) <= MAX_VARIANTS


def test_all_variants_combines_each_characters_options() -> None:
    assert all_variants([["c", "z"], ["w"]]) == ["cw", "zw"]
