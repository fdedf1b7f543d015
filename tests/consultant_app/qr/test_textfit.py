"""Fitting text: where lines break, when text shrinks, and when it is cut with "…"."""

from __future__ import annotations

import pytest

from consultant_app.qr.textfit import ELLIPSIS, LINE_HEIGHT, fit, normalise, wrap


def em(text: str) -> float:
    """A monospaced measure: 1 em for wide characters, ½ em for ASCII."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def test_chinese_breaks_between_any_two_characters() -> None:
    assert wrap("扫码领取免费洗车券", em, 4) == ["扫码领取", "免费洗车", "券"]


def test_closing_punctuation_never_starts_a_line() -> None:
    lines = wrap("扫码领取，免费洗车。", em, 4)
    assert not any(line[0] in "，。" for line in lines)
    assert "".join(lines) == "扫码领取，免费洗车。"


def test_opening_punctuation_never_ends_a_line() -> None:
    lines = wrap("欢迎光（临）本店", em, 3)
    assert not any(line.endswith("（") for line in lines)


def test_latin_words_break_only_at_spaces_unless_wider_than_a_line() -> None:
    assert wrap("ID.4 CROZZ test drive", em, 3) == ["ID.4", "CROZZ", "test", "drive"]
    assert wrap("ID.4 CROZZ test drive", em, 5.5) == ["ID.4 CROZZ", "test drive"]
    assert wrap("Supercalifragilistic", em, 4) == ["Supercal", "ifragili", "stic"]


def test_explicit_line_breaks_are_kept() -> None:
    assert wrap("到店有礼\n试驾送车模", em, 10) == ["到店有礼", "试驾送车模"]


def test_normalise_collapses_blanks_and_drops_control_characters() -> None:
    assert normalise("  王\t 小明\x07 \r\n\n  首席 ") == "王 小明\n首席"


def test_text_that_fits_keeps_the_largest_size() -> None:
    fitted = fit("王小明", em, 100, 100, max_size=10, min_size=5, max_lines=2)
    assert fitted.lines == ("王小明",)
    assert fitted.size == 10
    assert not fitted.truncated


def test_text_wraps_to_the_line_limit_before_it_shrinks() -> None:
    fitted = fit("扫码领取免费洗车券", em, 50, 100, max_size=10, min_size=2, max_lines=2)
    assert fitted.size == 10
    assert fitted.lines == ("扫码领取免", "费洗车券")


def test_text_shrinks_when_the_lines_run_out() -> None:
    fitted = fit("扫码领取免费洗车券" * 2, em, 50, 100, max_size=10, min_size=2, max_lines=2)
    assert 2 <= fitted.size < 10
    assert len(fitted.lines) <= 2
    assert "".join(fitted.lines) == "扫码领取免费洗车券" * 2
    assert not fitted.truncated


@pytest.mark.parametrize("text", ["券" * 500, "a" * 500, "欧阳·" * 80, "ABC 扫码" * 60])
def test_text_too_long_at_the_smallest_size_is_cut_with_an_ellipsis_inside_the_box(
    text: str,
) -> None:
    width, height = 40.0, 30.0
    fitted = fit(text, em, width, height, max_size=10, min_size=4, max_lines=3)
    assert fitted.truncated
    assert fitted.size == 4
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert len(fitted.lines) <= 3
    assert len(fitted.lines) * fitted.size * LINE_HEIGHT <= height
    assert all(em(line) * fitted.size <= width for line in fitted.lines)


def test_empty_text_has_no_lines() -> None:
    fitted = fit("  \n ", em, 10, 10, max_size=5, min_size=2, max_lines=2)
    assert fitted.lines == ()
    assert fitted.height == 0
