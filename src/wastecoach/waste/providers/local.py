"""The offline default: the bundled ONNX classifier (EfficientNet-Lite features + our head)."""

from __future__ import annotations

import io
import threading
from collections import defaultdict

from PIL import Image

from wastecoach.waste.providers.base import ItemGuess, VisionResult
from wastecoach.waste.providers.label_map import LABEL_ITEMS
from wastecoach.waste.vision.classifier import OnnxClassifier

_lock = threading.Lock()
_classifier: OnnxClassifier | None = None


def get_classifier() -> OnnxClassifier:
    """Load the model once per process (it takes a few hundred ms and ~100 MB)."""
    global _classifier
    with _lock:
        if _classifier is None:
            _classifier = OnnxClassifier()
        return _classifier


def items_from_labels(labels: list[tuple[str, float]]) -> list[ItemGuess]:
    scores: dict[str, float] = defaultdict(float)
    for label, probability in labels:
        info = LABEL_ITEMS.get(label)
        if info is None or not info.items:
            continue
        share = probability / len(info.items)
        for item_id in info.items:
            scores[item_id] += share
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    return [ItemGuess(item_id=item_id, confidence=round(min(1.0, s), 4)) for item_id, s in ranked]


class LocalVisionProvider:
    name = "local"

    def classify(self, jpeg: bytes, *, hint: str | None, top_k: int) -> VisionResult:
        image = Image.open(io.BytesIO(jpeg)).convert("RGB")
        labels = get_classifier().predict(image, top_k=len(LABEL_ITEMS))
        top_label = labels[0][0] if labels else None
        info = LABEL_ITEMS.get(top_label) if top_label else None
        return VisionResult(
            provider=self.name,
            items=items_from_labels(labels)[:top_k],
            labels=[(label, round(p, 4)) for label, p in labels[:top_k]],
            material=info.material if info else None,
            shape=info.shape if info else None,
        )
