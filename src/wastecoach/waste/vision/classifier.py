"""The bundled waste photo classifier, served with ONNX Runtime (no torch at run time)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from PIL import Image

from wastecoach.waste.vision.preprocess import FloatArray, preprocess, preprocess_batch

ASSETS = "assets"
MODEL_FILE = "classifier.onnx"
LABELS_FILE = "labels.json"
IMAGENET_FILE = "imagenet_classes.json"

Ranked = list[tuple[str, float]]


def _asset_bytes(name: str) -> bytes:
    return (resources.files("wastecoach.waste.vision") / ASSETS / name).read_bytes()


def _read_json_list(directory: Path | None, name: str) -> list[Any]:
    raw = (directory / name).read_bytes() if directory else _asset_bytes(name)
    payload = json.loads(raw)
    if not isinstance(payload, list):
        raise ValueError(f"{name} must hold a JSON list")
    return payload


class OnnxClassifier:
    """Top-k waste labels (temperature-calibrated) and ImageNet names for a photo.

    ``model_path`` defaults to the packaged model; labels.json and imagenet_classes.json are read
    from the same folder. The ONNX session is created once; ``predict`` is thread-safe.
    """

    def __init__(self, model_path: Path | None = None, *, intra_op_threads: int = 0) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads  # 0: ONNX Runtime's default
        model: bytes | str = str(model_path) if model_path else _asset_bytes(MODEL_FILE)
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        directory = model_path.parent if model_path else None
        self.labels: tuple[str, ...] = tuple(
            str(entry["label"]) for entry in _read_json_list(directory, LABELS_FILE)
        )
        self.imagenet_names: tuple[str, ...] = tuple(
            str(name) for name in _read_json_list(directory, IMAGENET_FILE)
        )
        self._input = self._session.get_inputs()[0].name
        widths = {output.name: output.shape[-1] for output in self._session.get_outputs()}
        if widths.get("probs") != len(self.labels):
            raise ValueError(
                f"model has {widths.get('probs')} outputs, labels.json {len(self.labels)}"
            )
        if widths.get("imagenet_logits") != len(self.imagenet_names):
            raise ValueError("imagenet_classes.json does not match the model's ImageNet head")

    def run(self, batch: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Raw outputs for a preprocessed (N, 3, 224, 224) batch: (probs, imagenet_logits)."""
        probs, imagenet_logits = self._session.run(
            ["probs", "imagenet_logits"], {self._input: batch}
        )
        return np.asarray(probs, dtype=np.float32), np.asarray(imagenet_logits, dtype=np.float32)

    def predict(self, image: Image.Image, top_k: int = 5) -> Ranked:
        """The ``top_k`` labels with their probabilities, most likely first."""
        probs, _ = self.run(preprocess(image))
        return _ranked(probs[0], self.labels, top_k)

    def predict_batch(self, images: Sequence[Image.Image], top_k: int = 5) -> list[Ranked]:
        if not images:
            return []
        probs, _ = self.run(preprocess_batch(images))
        return [_ranked(row, self.labels, top_k) for row in probs]

    def imagenet_top(self, image: Image.Image, k: int = 5) -> Ranked:
        """The backbone's own ImageNet guesses (softmax over its 1,000 classes)."""
        _, logits = self.run(preprocess(image))
        return _ranked(_softmax(logits[0]), self.imagenet_names, k)


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = np.exp(logits - logits.max())
    return np.asarray(shifted / shifted.sum(), dtype=np.float32)


def _ranked(probs: FloatArray, names: Sequence[str], k: int) -> Ranked:
    order = np.argsort(-probs, kind="stable")[: max(0, k)]
    return [(names[index], float(probs[index])) for index in order]
