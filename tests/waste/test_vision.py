"""The packaged photo classifier: integrity, output contract, ONNX/torch parity, accuracy floor."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.servers import require_shared_data
from wastecoach.waste.training.dataset import (
    LABEL_NAMES,
    discover_samples,
    file_list_hash,
    split_samples,
)
from wastecoach.waste.vision.classifier import OnnxClassifier
from wastecoach.waste.vision.preprocess import INPUT_SIZE, preprocess, preprocess_batch

ASSETS = resources.files("wastecoach.waste.vision") / "assets"
PER_LABEL_SAMPLE = 4
# Measured held-out top-1 is recorded in metrics.json; this floor only catches a broken model.
ACCURACY_FLOOR = 0.75


def _asset_json(name: str) -> object:
    return json.loads((ASSETS / name).read_bytes())


@pytest.fixture(scope="module")
def classifier() -> OnnxClassifier:
    return OnnxClassifier()


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(300, 400, 3), dtype=np.uint8)
    return Image.fromarray(pixels, mode="RGB")


def _data_dir_or_skip() -> Path:
    # Skips when ../shared is absent, fails instead under CI=true.
    return require_shared_data("images")


def test_assets_match_sha256sums() -> None:
    lines = (ASSETS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines if line.strip())
    assert "classifier.onnx" in listed
    for name, digest in listed.items():
        assert hashlib.sha256((ASSETS / name).read_bytes()).hexdigest() == digest, name


def test_labels_match_model_outputs(classifier: OnnxClassifier) -> None:
    labels = _asset_json("labels.json")
    assert isinstance(labels, list)
    assert [entry["label"] for entry in labels] == list(LABEL_NAMES) == list(classifier.labels)
    assert all(entry["description"] and entry["sources"] for entry in labels)
    probs, imagenet_logits = classifier.run(np.zeros((2, 3, INPUT_SIZE, INPUT_SIZE), np.float32))
    assert probs.shape == (2, len(labels))
    assert imagenet_logits.shape == (2, 1000)
    assert len(classifier.imagenet_names) == 1000


def test_predict_returns_sorted_probabilities(
    classifier: OnnxClassifier, photo: Image.Image
) -> None:
    ranked = classifier.predict(photo, top_k=len(classifier.labels))
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=1e-4)
    assert {label for label, _ in ranked} == set(classifier.labels)
    assert len(classifier.predict(photo, top_k=3)) == 3


def test_predict_batch_matches_single(classifier: OnnxClassifier, photo: Image.Image) -> None:
    rotated = photo.rotate(90, expand=True)
    batch = classifier.predict_batch([photo, rotated], top_k=2)
    single = [classifier.predict(photo, top_k=2), classifier.predict(rotated, top_k=2)]
    for got, expected in zip(batch, single, strict=True):
        assert [label for label, _ in got] == [label for label, _ in expected]
        assert [score for _, score in got] == pytest.approx(
            [score for _, score in expected], abs=1e-4
        )
    assert classifier.predict_batch([]) == []


def test_imagenet_top_is_a_distribution(classifier: OnnxClassifier, photo: Image.Image) -> None:
    top = classifier.imagenet_top(photo, k=5)
    assert len(top) == 5
    assert all(name in classifier.imagenet_names for name, _ in top)
    assert [p for _, p in top] == sorted((p for _, p in top), reverse=True)
    assert 0.0 < sum(p for _, p in top) <= 1.0 + 1e-5


def test_preprocess_handles_modes_and_shapes() -> None:
    rgba = Image.new("RGBA", (50, 80), (0, 0, 0, 0))
    grey = Image.new("L", (640, 480), 200)
    batch = preprocess_batch([rgba, grey])
    assert batch.shape == (2, 3, INPUT_SIZE, INPUT_SIZE)
    assert batch.dtype == np.float32
    # Transparent pixels go on white, so they normalise to (255 - 127) / 128.
    assert np.allclose(batch[0], 1.0)
    assert preprocess(grey).shape == (1, 3, INPUT_SIZE, INPUT_SIZE)


def test_split_is_deterministic_and_matches_metrics() -> None:
    data_dir = _data_dir_or_skip()
    samples = discover_samples(data_dir)
    recorded = _asset_json("metrics.json")
    assert isinstance(recorded, dict)
    split = split_samples(samples, recorded["split"]["seed"])
    assert file_list_hash(split.test) == recorded["split"]["test_file_list_sha256"]
    parts = [set(split.part(name)) for name in ("train", "val", "test")]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert sum(map(len, parts)) == len(samples)


def test_accuracy_floor_on_held_out_sample(classifier: OnnxClassifier) -> None:
    data_dir = _data_dir_or_skip()
    recorded = _asset_json("metrics.json")
    assert isinstance(recorded, dict)
    test = split_samples(discover_samples(data_dir), recorded["split"]["seed"]).test
    chosen = [
        sample
        for label in LABEL_NAMES
        for sample in [x for x in test if x.label == label][:PER_LABEL_SAMPLE]
    ]
    images = []
    for sample in chosen:
        with Image.open(data_dir / sample.relpath) as raw:
            raw.load()
            images.append(raw.copy())
    predictions = classifier.predict_batch(images, top_k=1)
    correct = sum(ranked[0][0] == s.label for ranked, s in zip(predictions, chosen, strict=True))
    assert len(chosen) == PER_LABEL_SAMPLE * len(LABEL_NAMES)
    assert correct / len(chosen) >= ACCURACY_FLOOR


def test_onnx_matches_torch(photo: Image.Image) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("efficientnet_lite_pytorch")
    import onnx
    from onnx import numpy_helper

    from wastecoach.waste.training import features

    model = onnx.load_from_string((ASSETS / "classifier.onnx").read_bytes())
    by_name = {tensor.name: numpy_helper.to_array(tensor) for tensor in model.graph.initializer}
    hidden, in_width = by_name["head.1.weight"].shape
    head = features.head_module(in_width, hidden, len(LABEL_NAMES), dropout=0.0)
    with torch.no_grad():
        for name, parameter in head.named_parameters():
            parameter.copy_(torch.from_numpy(by_name[f"head.{name}"].copy()))
    module = features.classifier_module(features.feature_module(features.load_backbone()), head)
    batch = preprocess_batch([photo, photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    with torch.no_grad():
        torch_probs, torch_logits = (t.numpy() for t in module(torch.from_numpy(batch)))
    onnx_probs, onnx_logits = OnnxClassifier().run(batch)
    assert np.abs(torch_probs - onnx_probs).max() < 1e-4
    assert np.abs(torch_logits - onnx_logits).max() < 1e-3
