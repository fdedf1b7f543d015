"""Finding a Chinese font: the bundled subset, the search order, and fonts fpdf2 cannot embed."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from fpdf import FPDF

from consultant_app.qr import PosterContent, PosterFontError, Template, export_pdf
from consultant_app.qr.fonts import (
    Candidate,
    FontSelection,
    bundled_font_path,
    choose_font,
    font_candidates,
    fpdf_embeds_directly,
    load_face,
    pdf_font_file,
    system_candidates,
)
from tests.consultant_app.qr.conftest import URL

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def make_cff_font(path: Path, chars: str) -> Path:
    """A name-keyed CFF OpenType font with the bundled font's glyphs for `chars` (the kind of
    font fpdf2 cannot embed as it is)."""
    source = TTFont(str(bundled_font_path()))
    cmap = source.getBestCmap()
    glyphs = source.getGlyphSet()
    names = list(dict.fromkeys([".notdef", *(cmap[ord(ch)] for ch in chars)]))
    charstrings, metrics = {}, {}
    for name in names:
        pen = T2CharStringPen(glyphs[name].width, glyphs)
        glyphs[name].draw(pen)
        charstrings[name] = pen.getCharString()
        bounds = BoundsPen(glyphs)
        glyphs[name].draw(bounds)
        metrics[name] = (glyphs[name].width, round(bounds.bounds[0]) if bounds.bounds else 0)
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(ch): cmap[ord(ch)] for ch in chars})
    builder.setupCFF("TestCffSans-Regular", {"FullName": "Test CFF Sans"}, charstrings, {})
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=1160, descent=-288)
    builder.setupNameTable({"familyName": "Test CFF Sans", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=1160, usWinDescent=288)
    builder.setupPost()
    builder.save(str(path))
    return path


def gb2312_hanzi() -> list[str]:
    chars = []
    for row in range(0xB0, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def test_the_bundled_font_has_every_gb2312_hanzi_ascii_and_the_name_extras() -> None:
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    text = "".join(hanzi) + "".join(chr(c) for c in range(0x21, 0x7F)) + "，。、：“”（）·…—祎喆玥"
    selection = choose_font(text, [Candidate(bundled_font_path(), origin="bundled")])
    assert selection.missing == ()
    assert selection.face.outlines == "truetype"
    assert selection.face.name == "Desk Sans SC Subset Regular"
    assert fpdf_embeds_directly(selection.face)


def test_the_bundled_font_is_small_and_ships_with_its_licence() -> None:
    folder = bundled_font_path().parent
    assert bundled_font_path().stat().st_size < 3_000_000
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text(encoding="utf-8")
    assert TTFont(str(bundled_font_path()))["OS/2"].fsType == 0  # installable embedding
    assert "make_subset.py" in (folder / "README.md").read_text(encoding="utf-8")


def test_the_first_candidate_with_every_character_wins(tmp_path: Path) -> None:
    small = make_cff_font(tmp_path / "small.otf", "王小明")
    candidates = [
        Candidate(tmp_path / "absent.ttf"),
        Candidate(small),
        Candidate(bundled_font_path(), origin="bundled"),
    ]
    assert choose_font("王小明", candidates).face.path == small
    assert choose_font("王小明 首席试驾官", candidates).face.path == bundled_font_path()


def test_characters_no_font_has_are_reported_not_fatal() -> None:
    selection = choose_font("王𠀀明🚗", [Candidate(bundled_font_path(), origin="bundled")])
    assert selection.missing == ("𠀀", "🚗")


def test_fonts_that_forbid_embedding_or_do_not_parse_are_skipped(tmp_path: Path) -> None:
    restricted = TTFont(str(bundled_font_path()))
    restricted["OS/2"].fsType = 0x0002
    restricted.save(str(tmp_path / "restricted.ttf"))
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00 not really a font")
    assert load_face(Candidate(tmp_path / "restricted.ttf")) is None
    assert load_face(Candidate(tmp_path / "broken.ttf")) is None
    chosen = choose_font(
        "王",
        [
            Candidate(tmp_path / "restricted.ttf"),
            Candidate(tmp_path / "broken.ttf"),
            Candidate(bundled_font_path(), origin="bundled"),
        ],
    )
    assert chosen.face.origin == "bundled"


def test_without_any_usable_font_the_export_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(PosterFontError):
        choose_font("王", [Candidate(tmp_path / "absent.ttf")])


def test_windows_looks_for_microsoft_yahei_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    names = [c.path.name for c in system_candidates("win32")]
    assert names[:2] == ["msyh.ttc", "msyh.ttc"]
    assert names.index("simhei.ttf") < names.index("simsun.ttc")
    assert system_candidates("win32")[0].path == tmp_path / "Fonts" / "msyh.ttc"


def test_macos_looks_for_pingfang_then_heiti_then_hiragino() -> None:
    names = [c.path.name for c in system_candidates("darwin")]
    assert names[0] == "PingFang.ttc"
    assert names.index("STHeiti Light.ttc") < names.index("Hiragino Sans GB.ttc")


def test_linux_asks_fontconfig_first_and_the_bundled_font_comes_last() -> None:
    candidates = font_candidates("linux")
    assert candidates[-1].origin == "bundled"
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("no fontconfig here")
    chosen = subprocess.run(
        [fc_match, "-f", "%{file}", "sans-serif:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert candidates[0].path == Path(chosen)


@pytest.mark.skipif(not NOTO.exists(), reason="Noto Sans CJK is not installed here")
def test_the_simplified_chinese_face_of_a_collection_is_picked_by_name() -> None:
    face = load_face(Candidate(NOTO, ("Noto Sans CJK SC",)))
    assert face is not None
    assert (face.index, face.name, face.outlines) == (2, "Noto Sans CJK SC", "cff-cid")
    assert face.collection


def rendered_text(font_file: Path, text: str, out: Path) -> tuple[str, int]:
    """A PDF of `text` in `font_file` made with fpdf2: the text pdfium extracts, and the
    darkest pixel where it is drawn (glyphs that really draw make it dark)."""
    pdf = FPDF(unit="mm", format=(150, 60))
    pdf.add_page()
    pdf.add_font("probe", "", str(font_file))
    pdf.set_font("probe", size=40)
    pdf.text(10, 40, text)
    pdf.output(str(out))
    page = pdfium.PdfDocument(out)[0]
    image = page.render(scale=2).to_pil().convert("L")
    return page.get_textpage().get_text_range(), image.getextrema()[0]


@pytest.mark.skipif(not NOTO.exists(), reason="Noto Sans CJK is not installed here")
@pytest.mark.parametrize("convert", [False, True], ids=["cff-as-is", "converted"])
def test_a_cid_keyed_cff_collection_face_subsets_to_a_font_fpdf2_embeds(
    convert: bool, tmp_path: Path
) -> None:
    face = load_face(Candidate(NOTO, ("Noto Sans CJK SC",)))
    assert face is not None
    font_file = pdf_font_file(face, "王小明", tmp_path, convert=convert)
    subset = TTFont(str(font_file))
    assert ("glyf" in subset) == convert and ("CFF " in subset) != convert
    assert len(subset.getGlyphOrder()) < 10
    if not convert and not fpdf_embeds_directly(face):
        pytest.skip("this fpdf2 cannot embed CID-keyed CFF (exports convert it)")
    text, darkest = rendered_text(font_file, "王小明", tmp_path / "probe.pdf")
    assert text == "王小明"
    assert darkest < 100


def test_a_name_keyed_cff_font_is_converted_to_truetype_for_the_pdf(tmp_path: Path) -> None:
    face = load_face(Candidate(make_cff_font(tmp_path / "cff.otf", "王小明扫码领券")))
    assert face is not None and face.outlines == "cff"
    assert not fpdf_embeds_directly(face)
    converted = TTFont(str(pdf_font_file(face, "王小明", tmp_path)))
    assert "glyf" in converted and "CFF " not in converted
    assert set(converted.getBestCmap()) == {ord(ch) for ch in "王小明"}  # it has no space

    content = PosterContent(URL, "王小明", benefit="扫码领券")
    out = tmp_path / "poster.pdf"
    export_pdf(
        content,
        Template.A4_TABLE_CARD,
        out,
        font=FontSelection(face, ()),
        created=datetime(2024, 1, 1, tzinfo=UTC),
    )
    page = pdfium.PdfDocument(out)[0]
    text = page.get_textpage()
    assert "王小明" in text.get_text_range()
    # The glyphs really draw: the name's box on the rendered page has ink in it.
    start = text.get_text_range().index("王")
    left, bottom, right, top = text.get_charbox(start)
    height = page.get_height()
    crop = (left, bottom, page.get_width() - right, height - top)
    ink = page.render(scale=2, crop=crop).to_pil().convert("L")
    assert ink.getextrema()[0] < 100
