"""Untrusted photo in, clean JPEG out.

The type is read from the bytes (never the name or the declared type); the pixel count is
checked before decoding, so a small file that would inflate to gigabytes is refused; truncated
files fail to decode and are refused; EXIF orientation is applied, and the image is re-encoded
from pixels alone, so no metadata (GPS above all) and no trailing payload survives.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps

from wastecoach.core.errors import AppError, UnsupportedMediaType

try:  # HEIC/HEIF (iPhone photos)
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - pillow-heif is a pinned dependency
    HEIF_SUPPORTED = False

MAX_PIXELS = 40_000_000  # 40 MP: above any phone camera's output, far below a bomb
MAX_STORED_SIDE = 1600  # what the pipeline and a person need; keeps storage small
ImageFile.LOAD_TRUNCATED_IMAGES = False
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


class ImageTooLarge(AppError):
    status_code = 413
    code = "image_too_large"
    message_ko = "사진 해상도가 너무 커요. {limit_mp}메가픽셀 이하로 올려 주세요."
    message_en = "The photo's resolution is too large. The limit is {limit_mp} megapixels."


class ImageCorrupt(AppError):
    code = "image_corrupt"
    message_ko = "사진 파일이 손상됐거나 끝까지 올라오지 않았어요. 다시 찍어 주세요."
    message_en = "The photo is damaged or incomplete. Take it again."


class EmptyImage(AppError):
    code = "image_empty"
    message_ko = "빈 파일이에요. 사진을 골라 주세요."
    message_en = "The file is empty. Choose a photo."


@dataclass(frozen=True)
class CleanImage:
    jpeg: bytes
    width: int
    height: int
    source_format: str
    sha256: str  # of the clean JPEG


def sniff_format(data: bytes) -> str | None:
    """The container format from magic bytes: jpeg, png, webp, heif; None otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heif"
    return None


_PIL_FORMATS = {"jpeg": {"JPEG", "MPO"}, "png": {"PNG"}, "webp": {"WEBP"}, "heif": {"HEIF", "AVIF"}}


def sanitize(data: bytes) -> CleanImage:
    if not data:
        raise EmptyImage()
    kind = sniff_format(data)
    if kind is None or (kind == "heif" and not HEIF_SUPPORTED):
        raise UnsupportedMediaType({"detected": kind})
    with warnings.catch_warnings():
        # Pillow warns between 1x and 2x its limit and raises above; the explicit check below
        # turns the warning band into a refusal that can say the size.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=sorted(_PIL_FORMATS[kind]))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageTooLarge(
                    {"width": width, "height": height}, limit_mp=MAX_PIXELS // 10**6
                )
            image.load()
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(limit_mp=MAX_PIXELS // 10**6) from exc
        except AppError:
            raise
        except Exception as exc:  # Pillow raises several types for broken files
            raise ImageCorrupt({"reason": exc.__class__.__name__}) from exc
    try:
        upright = ImageOps.exif_transpose(image) or image
        rgb = upright.convert("RGB")
        rgb.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
        clean = Image.frombytes("RGB", rgb.size, rgb.tobytes())  # pixels only: no info, no EXIF
        out = io.BytesIO()
        clean.save(out, format="JPEG", quality=88, optimize=True)
    except Exception as exc:
        raise ImageCorrupt({"reason": exc.__class__.__name__}) from exc
    jpeg = out.getvalue()
    return CleanImage(
        jpeg=jpeg,
        width=clean.width,
        height=clean.height,
        source_format=kind,
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )
