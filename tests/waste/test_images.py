from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.fixtures.images import (
    GPS_IFD,
    heic_photo,
    jpeg_with_gps_and_orientation,
    photo,
    png_bomb,
    polyglot_jpeg_zip,
)
from wastecoach.core.errors import UnsupportedMediaType
from wastecoach.waste.images import (
    EmptyImage,
    ImageCorrupt,
    ImageTooLarge,
    sanitize,
    sniff_format,
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (photo(fmt="JPEG"), "jpeg"),
        (photo(fmt="PNG"), "png"),
        (photo(fmt="WEBP"), "webp"),
        (heic_photo(), "heif"),
        (b"GIF89a" + b"\x00" * 20, None),
        (b"%PDF-1.7\n", None),
    ],
)
def test_type_comes_from_the_bytes(data: bytes, kind: str | None) -> None:
    assert sniff_format(data) == kind


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_become_clean_jpegs(fmt: str) -> None:
    clean = sanitize(photo(fmt=fmt))
    assert clean.jpeg.startswith(b"\xff\xd8\xff")
    assert (clean.width, clean.height) == (320, 240)
    assert clean.source_format == fmt.lower()
    assert len(clean.sha256) == 64


def test_heic_from_an_iphone_is_accepted() -> None:
    clean = sanitize(heic_photo())
    assert clean.source_format == "heif"
    assert (clean.width, clean.height) == (320, 240)


def test_orientation_is_applied_and_gps_is_stripped() -> None:
    original = jpeg_with_gps_and_orientation(orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    clean = sanitize(original)
    assert (clean.width, clean.height) == (240, 320)  # rotated upright
    stored = Image.open(io.BytesIO(clean.jpeg))
    assert not stored.getexif()
    assert b"Exif" not in clean.jpeg[:4096]


def test_large_photos_are_downscaled_for_storage() -> None:
    clean = sanitize(photo(4000, 3000))
    assert max(clean.width, clean.height) == 1600


def test_empty_file_is_refused() -> None:
    with pytest.raises(EmptyImage):
        sanitize(b"")


def test_wrong_type_is_refused_even_with_an_image_name() -> None:
    with pytest.raises(UnsupportedMediaType):
        sanitize(b"<html><script>alert(1)</script></html>")


def test_truncated_jpeg_is_refused() -> None:
    data = photo(800, 600)
    with pytest.raises(ImageCorrupt):
        sanitize(data[: len(data) // 2])


def test_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = png_bomb()
    assert len(bomb) < 200_000  # tiny on the wire ...
    with pytest.raises(ImageTooLarge) as excinfo:  # ... 400 megapixels once decoded
        sanitize(bomb)
    assert excinfo.value.code == "image_too_large"


def test_image_just_over_the_pixel_limit_reports_its_size() -> None:
    with pytest.raises(ImageTooLarge) as excinfo:
        sanitize(png_bomb(side=6_400))  # 41 megapixels
    assert excinfo.value.details == {"width": 6_400, "height": 6_400}


def test_polyglot_keeps_only_the_pixels() -> None:
    clean = sanitize(polyglot_jpeg_zip())
    assert b"PK\x03\x04" not in clean.jpeg
    assert b"payload.txt" not in clean.jpeg


def test_garbage_after_a_valid_header_is_corrupt() -> None:
    with pytest.raises(ImageCorrupt):
        sanitize(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
