"""Reading the consultant's photo and the centre logo from bytes, checked and flattened to RGB."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from consultant_app.qr.errors import PosterImageError

#: Larger images are refused: a phone photo is ~12 MP; 64 MP is already an odd thing to print.
MAX_PIXELS = 64_000_000
WHITE = (255, 255, 255)


def load_image(data: bytes, field: str) -> Image.Image:
    """An RGB image from `data` (turned upright by its EXIF tag, transparency over white).

    Raises `PosterImageError` naming `field` if the bytes are not a readable image.
    """
    if not data:
        raise PosterImageError(field, "empty")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size  # known from the header, before decoding
            if width * height > MAX_PIXELS:
                raise PosterImageError(field, f"{width}×{height} pixels is too large")
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except PosterImageError:
        raise
    except Image.DecompressionBombError as error:
        raise PosterImageError(field, str(error)) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise PosterImageError(field, f"not a readable image ({error})") from error
    return flatten(image)


def flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency composited over white (print has no alpha)."""
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def crop_to_ratio(image: Image.Image, width: float, height: float) -> Image.Image:
    """The largest `width`:`height` part of the image, centred across and a little above centre
    down (where a portrait's face is)."""
    return ImageOps.fit(
        image,
        _ratio_size(image.size, width / height),
        method=Image.Resampling.LANCZOS,
        centering=(0.5, 0.4),
    )


def _ratio_size(size: tuple[int, int], ratio: float) -> tuple[int, int]:
    w, h = size
    if w / h > ratio:
        return max(1, round(h * ratio)), h
    return w, max(1, round(w / ratio))
