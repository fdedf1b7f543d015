"""Keyword rules' matching, the one the desk and the server both use."""

from __future__ import annotations

from consultant_app.domain.keywords import fold, matches


def test_a_keyword_matches_as_a_substring_ignoring_case_and_full_width_forms() -> None:
    assert matches(["迈腾"], "客户想看迈腾 380")
    assert matches(["ID4"], "试驾了 ｉｄ４，很满意")
    assert matches(["贷款", "分期"], "问了分期")
    assert fold("ＩＤ．４") == "id.4"


def test_text_without_any_keyword_does_not_match() -> None:
    assert not matches(["迈腾"], "只看外观")
    assert not matches([], "迈腾")
    assert not matches(["贷款"], "")
