"""The poster engine's self-test check passes here and fails without the bundled font."""

from __future__ import annotations

from pathlib import Path

import pytest

import consultant_app.qr.selfcheck
from consultant_app.qr import PosterFontError
from consultant_app.qr.selfcheck import check_posters


def test_the_check_writes_a_pdf_and_a_png_and_says_what_it_made(tmp_path: Path) -> None:
    line = check_posters(tmp_path)
    assert line.startswith("A4 poster PDF ")
    assert "code 3-M" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["self-test.pdf", "self-test.png"]


def test_a_build_without_the_bundled_font_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        consultant_app.qr.selfcheck, "bundled_font_path", lambda: tmp_path / "absent.ttf"
    )
    with pytest.raises(PosterFontError, match="bundled font missing"):
        check_posters(tmp_path)
