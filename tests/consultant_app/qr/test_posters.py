"""Posters: every template's code scans from PNG, from the rasterised PDF and through a phone
camera at its farthest distance; the PDF is vector with embedded Chinese text; bad input and
failed writes leave nothing behind."""

from __future__ import annotations

import errno
import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

import consultant_app.qr.raster
from consultant_app.qr import (
    ExportResult,
    FontSelection,
    PosterContent,
    PosterImageError,
    PosterOutputError,
    RenderWarning,
    Template,
    export_pdf,
    export_png,
    render_image,
)
from consultant_app.qr.images import load_image
from consultant_app.qr.layout import Box
from tests.consultant_app.qr.conftest import URL
from tests.consultant_app.qr.scan import camera_view, decode, png_header, png_rows

CREATED = datetime(2024, 6, 15, 2, 0, tzinfo=UTC)
PT_PER_MM = 72 / 25.4
SMALL = [Template.A4_TABLE_CARD, Template.A3_POSTER]
LONG = PosterContent(
    url="https://showroom-desk.dealer-group.com.cn/q/Xk3p9QaT",
    consultant_name="欧阳娜娜丽莎·阿卜杜拉·穆罕默德·买买提江·艾力" * 2,
    title="首席试驾官兼新能源产品专家兼金牌销售顾问" * 6,
    showroom_name="上汽大众汽车有限公司北京市朝阳区望京街道旗舰4S店展厅（一号馆）" * 2,
    benefit="扫码领取免费洗车券，" * 30 + "Supercalifragilisticexpialidocious" * 3,
)


def page_objects(path: Path) -> dict[int, list[tuple[float, float, float, float]]]:
    """Bounds (left, bottom, right, top in pt) of the page's objects, by pdfium object type."""
    found: dict[int, list[tuple[float, float, float, float]]] = {}
    for obj in pdfium.PdfDocument(path)[0].get_objects(max_depth=4):
        found.setdefault(obj.type, []).append(obj.get_bounds())
    return found


def pt_box(box: Box, page_height_mm: float) -> tuple[float, float, float, float]:
    """A layout box (mm from the top-left) in PDF points (from the bottom-left)."""
    return (
        box.x * PT_PER_MM,
        (page_height_mm - box.bottom) * PT_PER_MM,
        box.right * PT_PER_MM,
        (page_height_mm - box.y) * PT_PER_MM,
    )


def near(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.5) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def inside(inner: tuple[float, ...], outer: tuple[float, ...], tolerance: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


@pytest.mark.parametrize("template", list(Template))
def test_the_pdf_code_is_vector_rectangles_and_scans(
    template: Template, plain: PosterContent, tmp_path: Path
) -> None:
    result = export_pdf(plain, template, tmp_path / "poster.pdf", created=CREATED)
    objects = page_objects(result.path)
    assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in objects  # no bitmap anywhere: no photo, no logo
    code = pt_box(result.code_box, template.spec.height_mm)
    assert any(near(bounds, code) for bounds in objects[pdfium_c.FPDF_PAGEOBJ_PATH])
    assert result.code_box.w == pytest.approx(template.spec.code_mm)

    page = pdfium.PdfDocument(result.path)[0]
    dpi = 150 if template is not Template.X_BANNER else 25
    assert decode(page.render(scale=dpi / 72).to_pil()) == [URL]


@pytest.mark.parametrize("template", list(Template))
def test_with_photo_and_logo_only_they_are_images_and_the_code_still_scans(
    template: Template, full: PosterContent, tmp_path: Path
) -> None:
    result = export_pdf(full, template, tmp_path / "poster.pdf", created=CREATED)
    assert result.symbol.ecc == "H" and result.symbol.logo_box is not None
    code = pt_box(result.code_box, template.spec.height_mm)
    images = page_objects(result.path)[pdfium_c.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 2
    logo = next(bounds for bounds in images if inside(bounds, code))
    logo_area = (logo[2] - logo[0]) * (logo[3] - logo[1])
    assert logo_area <= 0.2 * (code[2] - code[0]) * (code[3] - code[1])
    photo = next(bounds for bounds in images if bounds is not logo)
    assert not inside(photo, code)

    page = pdfium.PdfDocument(result.path)[0]
    dpi = 150 if template is not Template.X_BANNER else 25
    assert decode(page.render(scale=dpi / 72).to_pil()) == [URL]


@pytest.mark.parametrize("template", list(Template))
def test_the_pdf_embeds_a_font_with_the_chinese_text(
    template: Template, full: PosterContent, tmp_path: Path
) -> None:
    result = export_pdf(full, template, tmp_path / "poster.pdf", created=CREATED)
    text = pdfium.PdfDocument(result.path)[0].get_textpage().get_text_range()
    for field in (full.consultant_name, full.title, full.showroom_name, full.benefit):
        assert field in text
    raw = result.path.read_bytes()
    assert b"/FontFile2" in raw or b"/FontFile3" in raw
    assert result.warnings == ()


def test_with_the_bundled_font_the_pdf_still_has_the_chinese_text(
    full: PosterContent, bundled: FontSelection, tmp_path: Path
) -> None:
    result = export_pdf(full, Template.A4_TABLE_CARD, tmp_path / "p.pdf", font=bundled)
    assert result.font.origin == "bundled"
    text = pdfium.PdfDocument(result.path)[0].get_textpage().get_text_range()
    assert full.consultant_name in text and full.benefit in text


@pytest.mark.parametrize("template", SMALL)
def test_the_png_is_300_dpi_and_scans(
    template: Template, full: PosterContent, tmp_path: Path
) -> None:
    result = export_png(full, template, tmp_path / "poster.png")
    with Image.open(result.path) as image:
        assert image.size == template.spec.pixels(300) == result.pixels
        assert image.mode == "RGB"
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert decode(image) == [URL]


def test_the_x_banner_png_is_9449_by_21260_and_its_code_scans(banner_png: ExportResult) -> None:
    assert banner_png.pixels == (9449, 21260)
    width, height, dpi = png_header(banner_png.path)
    assert (width, height) == (9449, 21260)
    assert dpi == pytest.approx(300, abs=0.01)
    scale = 300 / 25.4
    box = banner_png.code_box
    margin = 0.3 * box.w
    top, bottom = round((box.y - margin) * scale), round((box.bottom + margin) * scale)
    rows = png_rows(banner_png.path, top, bottom)
    region = rows.crop(
        (round((box.x - margin) * scale), 0, round((box.right + margin) * scale), rows.height)
    )
    assert decode(region.reduce(8)) == [URL]


@pytest.mark.parametrize("template", SMALL)
@pytest.mark.parametrize("with_logo", [False, True], ids=["plain", "logo"])
@pytest.mark.parametrize("phase", [0.0, 0.33, 0.67])
def test_a_phone_at_the_farthest_distance_scans_the_code(
    template: Template, with_logo: bool, phase: float, full: PosterContent, plain: PosterContent
) -> None:
    content = full if with_logo else replace(plain, photo=full.photo)
    dpi = 150
    page = render_image(content, template, dpi)
    layout_box = export_box(content, template)
    view = camera_view(page, dpi / 25.4, layout_box, template.spec.read_to_m, phase)
    assert decode(view) == [URL], f"{template} at {template.spec.read_to_m} m"


@pytest.mark.parametrize("phase", [0.0, 0.33, 0.67])
def test_a_phone_three_metres_from_the_x_banner_scans_it(
    banner_png: ExportResult, phase: float
) -> None:
    scale = 300 / 25.4
    box = banner_png.code_box
    top, bottom = round((box.y - box.w) * scale), round((box.bottom + box.w) * scale)
    rows = png_rows(banner_png.path, top, bottom)
    view = camera_view(rows, scale, box, 3.0, phase, origin_mm=(0.0, top / scale))
    assert decode(view) == [URL]


def export_box(content: PosterContent, template: Template) -> Box:
    from consultant_app.qr.layout import layout_poster

    return layout_poster(content, template.spec).code_box


@pytest.mark.parametrize("template", list(Template))
@pytest.mark.parametrize("with_photo", [False, True], ids=["no-photo", "photo"])
def test_long_text_wraps_shrinks_and_stays_on_the_page(
    template: Template, with_photo: bool, photo: bytes, tmp_path: Path
) -> None:
    spec = template.spec
    # With a photo, also the shortest URL: version 2, whose quiet zone is the widest.
    content = replace(LONG, photo=photo, url="http://a.cn/q/Xk3p9QaT") if with_photo else LONG
    result = export_pdf(content, template, tmp_path / "long.pdf", created=CREATED)
    assert {w.field for w in result.warnings if w.code == "text_truncated"} == {
        "showroom_name",
        "consultant_name",
        "title",
        "benefit",
    }
    page = pdfium.PdfDocument(result.path)[0]
    text = page.get_textpage()
    margin = 0.06 * spec.width_mm * PT_PER_MM
    width, height = spec.width_mm * PT_PER_MM, spec.height_mm * PT_PER_MM
    code = result.code_box
    quiet = result.symbol.border * code.w / result.symbol.modules
    zone = pt_box(
        Box(code.x - quiet, code.y - quiet, code.w + 2 * quiet, code.h + 2 * quiet), spec.height_mm
    )
    assert text.count_chars() > 100
    for i in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(i)
        if right <= left:  # blanks and line ends have no box
            continue
        assert margin - 1 <= left and right <= width - margin + 1, (i, left, right)
        assert bottom >= 0 and top <= height
        assert right <= zone[0] or left >= zone[2] or top <= zone[1] or bottom >= zone[3]
    for left, bottom, right, top in page_objects(result.path).get(pdfium_c.FPDF_PAGEOBJ_IMAGE, []):
        assert left >= 0 and right <= width and bottom >= 0 and top <= height
        assert bottom >= zone[3]  # the photo sits above the code's quiet zone
    assert decode(page.render(scale=(150 if spec.width_mm < 500 else 25) / 72).to_pil()) == [
        content.url
    ]


def test_a_name_that_fits_after_shrinking_is_not_cut(tmp_path: Path, plain: PosterContent) -> None:
    name = "欧阳娜娜丽莎·阿卜杜拉"
    result = export_pdf(
        replace(plain, consultant_name=name), Template.A4_TABLE_CARD, tmp_path / "n.pdf"
    )
    assert result.warnings == ()
    text = pdfium.PdfDocument(result.path)[0].get_textpage().get_text_range()
    assert name in text.replace("\r\n", "").replace("\n", "")


def test_the_same_input_gives_the_same_bytes(full: PosterContent, tmp_path: Path) -> None:
    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    pdfs = [
        export_pdf(full, Template.A4_TABLE_CARD, tmp_path / f"{n}.pdf", created=CREATED)
        for n in "ab"
    ]
    pngs = [export_png(full, Template.A4_TABLE_CARD, tmp_path / f"{n}.png", dpi=100) for n in "ab"]
    assert digest(pdfs[0].path) == digest(pdfs[1].path)
    assert digest(pngs[0].path) == digest(pngs[1].path)


@pytest.mark.parametrize("field", ["photo", "logo"])
@pytest.mark.parametrize(
    "data",
    [b"", b"this is not an image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
    ids=["empty", "text", "truncated"],
)
def test_bad_image_bytes_raise_poster_image_error_and_write_nothing(
    field: str, data: bytes, plain: PosterContent, tmp_path: Path
) -> None:
    content = replace(plain, **{field: data})
    for export, name in ((export_pdf, "p.pdf"), (export_png, "p.png")):
        with pytest.raises(PosterImageError) as raised:
            export(content, Template.A4_TABLE_CARD, tmp_path / name)
        assert raised.value.field == field
    assert list(tmp_path.iterdir()) == []


def test_a_photo_is_turned_upright_by_its_exif_orientation(photo: bytes) -> None:
    import io

    image = Image.open(io.BytesIO(photo))
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert load_image(buffer.getvalue(), "photo").size == (1200, 900)


@pytest.mark.parametrize("where", ["missing folder", "parent is a file", "target is a folder"])
def test_an_unwritable_target_raises_poster_output_error_and_leaves_nothing(
    where: str, plain: PosterContent, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = {
        "missing folder": tmp_path / "nowhere" / "p.pdf",
        "parent is a file": tmp_path / "file" / "p.pdf",
        "target is a folder": tmp_path / "folder",
    }[where]
    before = sorted(tmp_path.rglob("*"))
    for export in (export_pdf, export_png):
        with pytest.raises(PosterOutputError) as raised:
            export(plain, Template.A4_TABLE_CARD, target)
        assert raised.value.path == target
    assert sorted(tmp_path.rglob("*")) == before


def test_a_disk_full_while_writing_keeps_the_old_file_and_leaves_no_part_file(
    plain: PosterContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "poster.png"
    target.write_bytes(b"the poster printed last week")
    chunks = []
    original = consultant_app.qr.raster._chunk

    def failing(out: object, kind: bytes, data: bytes) -> None:  # the disk fills up mid-file
        chunks.append(kind)
        if kind == b"IDAT":
            raise OSError(errno.ENOSPC, "No space left on device")
        original(out, kind, data)  # type: ignore[arg-type]

    monkeypatch.setattr(consultant_app.qr.raster, "_chunk", failing)
    with pytest.raises(PosterOutputError, match="No space left"):
        export_png(plain, Template.A4_TABLE_CARD, target, dpi=100)
    assert b"IDAT" in chunks
    assert target.read_bytes() == b"the poster printed last week"
    assert [p.name for p in tmp_path.iterdir()] == ["poster.png"]


def test_characters_no_font_has_are_reported_and_the_export_still_writes(
    plain: PosterContent, bundled: FontSelection, tmp_path: Path
) -> None:
    content = replace(plain, consultant_name="王𠀀明", benefit="扫码有礼🚗")
    for font in (bundled, None):  # forced bundled font, and whatever this computer has
        pdf = export_pdf(content, Template.A4_TABLE_CARD, tmp_path / "p.pdf", font=font)
        png = export_png(content, Template.A4_TABLE_CARD, tmp_path / "p.png", dpi=72, font=font)
        for result in (pdf, png):
            missing = {w.field: w.chars for w in result.warnings if w.code == "missing_glyphs"}
            assert missing["consultant_name"] == ("𠀀",)
            assert missing["benefit"] == ("🚗",)
            assert result.path.stat().st_size > 0
    assert RenderWarning("missing_glyphs", "consultant_name", ("𠀀",)) in pdf.warnings


def test_a_preview_is_the_page_at_the_asked_resolution(full: PosterContent) -> None:
    image = render_image(full, Template.A4_TABLE_CARD, 50)
    assert image.size == Template.A4_TABLE_CARD.spec.pixels(50) == (413, 585)
    assert decode(image) == [URL]


@pytest.mark.parametrize("template", SMALL)
@pytest.mark.parametrize("phase", [0.0, 0.33, 0.67])
def test_the_longest_urls_version_6_code_with_a_logo_scans_at_the_farthest_distance(
    template: Template, phase: float, full: PosterContent
) -> None:
    url = "https://showroom-desk.dealer-group.com.cn/q/Xk3p9QaT"
    content = replace(full, url=url)
    page = render_image(content, template, 150)
    layout_box = export_box(content, template)
    view = camera_view(page, 150 / 25.4, layout_box, template.spec.read_to_m, phase)
    assert decode(view) == [url]
