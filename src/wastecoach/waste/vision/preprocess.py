"""Turn a decoded PIL image into the classifier's input tensor, with numpy and Pillow only.

Training (``wastecoach.waste.training``) calls the same functions, so serving sees exactly the
pixels the head was trained and calibrated on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

INPUT_SIZE = 224
# EfficientNet-Lite was trained in TensorFlow on (pixel - 127) / 128, not on ImageNet mean/std.
PIXEL_MEAN = 127.0
PIXEL_STD = 128.0
# Shorter side is resized to INPUT_SIZE / CROP_FRACTION before the centre crop. 1.0 keeps the whole
# short side: trash photos are framed tightly, and cutting the edges loses the object's outline.
CROP_FRACTION = 1.0
_WHITE = (255, 255, 255)

FloatArray = npt.NDArray[np.float32]


def to_rgb(image: Image.Image) -> Image.Image:
    """Upright RGB copy: applies the EXIF orientation and puts transparency on white."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, _WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return upright if upright.mode == "RGB" else upright.convert("RGB")


def resize_center_crop(
    image: Image.Image, size: int = INPUT_SIZE, crop_fraction: float = CROP_FRACTION
) -> Image.Image:
    """Resize the shorter side to ``size / crop_fraction`` and cut the centre ``size`` square."""
    width, height = image.size
    scale = size / crop_fraction / min(width, height)
    new_width = max(size, round(width * scale))
    new_height = max(size, round(height * scale))
    resized = image.resize((new_width, new_height), Image.Resampling.BILINEAR)
    left = (new_width - size) // 2
    top = (new_height - size) // 2
    return resized.crop((left, top, left + size, top + size))


def normalize(image: Image.Image) -> FloatArray:
    """A ``size x size`` RGB image as a normalised CHW float32 array."""
    pixels = np.asarray(image, dtype=np.float32)
    chw = ((pixels - PIXEL_MEAN) / PIXEL_STD).transpose(2, 0, 1)
    return np.ascontiguousarray(chw, dtype=np.float32)


def preprocess(image: Image.Image) -> FloatArray:
    """One image as a (1, 3, 224, 224) float32 batch."""
    return normalize(resize_center_crop(to_rgb(image)))[np.newaxis]


def preprocess_batch(images: Sequence[Image.Image]) -> FloatArray:
    """Several images as one (N, 3, 224, 224) float32 batch."""
    if not images:
        return np.zeros((0, 3, INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    return np.stack([normalize(resize_center_crop(to_rgb(image))) for image in images])
