"""Held-out accuracy and single-image latency of the committed ONNX classifier.

    .venv/bin/python bench/bench_classifier.py [--data ../shared/data/images] [--limit N]

Rebuilds the held-out list from the seed in metrics.json and checks it against the recorded hash.
Latency is per photo, batch of one, split into decode / preprocess / inference.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image

from wastecoach.waste.training.dataset import (
    LABEL_NAMES,
    discover_samples,
    file_list_hash,
    split_samples,
)
from wastecoach.waste.vision.classifier import OnnxClassifier
from wastecoach.waste.vision.preprocess import preprocess

WARMUP_RUNS = 5


def _rss_mib() -> tuple[float, float]:
    current = 0.0
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def _percentiles(values: list[float]) -> str:
    array = np.asarray(values) * 1000
    return f"p50 {np.percentile(array, 50):6.2f} ms   p95 {np.percentile(array, 95):6.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/images"))
    parser.add_argument("--model", type=Path, default=None, help="default: the packaged model")
    parser.add_argument("--limit", type=int, default=0, help="only the first N held-out photos")
    parser.add_argument("--threads", type=int, default=0, help="ONNX Runtime intra-op threads")
    args = parser.parse_args()

    if not args.data.is_dir():
        print(f"skipped: no photo folder at {args.data}")
        return 0
    metrics_bytes = (
        (args.model.parent / "metrics.json").read_bytes()
        if args.model
        else (resources.files("wastecoach.waste.vision") / "assets" / "metrics.json").read_bytes()
    )
    recorded = json.loads(metrics_bytes)["split"]
    split = split_samples(discover_samples(args.data), recorded["seed"])
    test = list(split.test)
    if file_list_hash(test) != recorded["test_file_list_sha256"]:
        print("WARNING: held-out list differs from the one recorded at training time")
    if args.limit:
        test = test[: args.limit]

    rss_before, _ = _rss_mib()
    started = time.perf_counter()
    classifier = OnnxClassifier(args.model, intra_op_threads=args.threads)
    load_s = time.perf_counter() - started
    warm = preprocess(Image.new("RGB", (640, 640), (128, 128, 128)))
    for _ in range(WARMUP_RUNS):
        classifier.run(warm)

    decode_s: list[float] = []
    preprocess_s: list[float] = []
    inference_s: list[float] = []
    truth: list[int] = []
    predicted: list[int] = []
    label_index = {label: index for index, label in enumerate(classifier.labels)}
    for sample in test:
        t0 = time.perf_counter()
        with Image.open(args.data / sample.relpath) as raw:
            raw.load()
            t1 = time.perf_counter()
            batch = preprocess(raw)
        t2 = time.perf_counter()
        probs, _ = classifier.run(batch)
        t3 = time.perf_counter()
        decode_s.append(t1 - t0)
        preprocess_s.append(t2 - t1)
        inference_s.append(t3 - t2)
        truth.append(label_index[sample.label])
        predicted.append(int(probs[0].argmax()))
    rss_after, rss_peak = _rss_mib()

    truth_a = np.asarray(truth)
    pred_a = np.asarray(predicted)
    n_labels = len(classifier.labels)
    confusion = np.zeros((n_labels, n_labels), dtype=np.int64)
    np.add.at(confusion, (truth_a, pred_a), 1)
    total = [d + p + i for d, p, i in zip(decode_s, preprocess_s, inference_s, strict=True)]

    print(f"held-out photos: {len(test)} (seed {recorded['seed']})")
    print(f"top-1 accuracy: {float((truth_a == pred_a).mean()):.4f}")
    for source in sorted({sample.source for sample in test}):
        mask = np.asarray([sample.source == source for sample in test])
        accuracy = float((truth_a == pred_a)[mask].mean())
        print(f"  {source:<16} n={int(mask.sum()):4d}  accuracy {accuracy:.4f}")
    print("per label (recall, support):")
    for index, label in enumerate(classifier.labels):
        support = int(confusion[index].sum())
        if support:
            print(f"  {label:<15} {confusion[index, index] / support:.3f}  {support:4d}")
    print("confusion matrix (rows: true, columns: predicted, order as above):")
    short = [label[:5] for label in classifier.labels]
    print("                " + " ".join(f"{name:>5}" for name in short))
    for index, label in enumerate(classifier.labels):
        print(f"  {label:<14}" + " ".join(f"{value:5d}" for value in confusion[index]))
    print(f"latency per photo (batch 1, {len(test)} photos):")
    print(f"  decode      {_percentiles(decode_s)}")
    print(f"  preprocess  {_percentiles(preprocess_s)}")
    print(f"  inference   {_percentiles(inference_s)}")
    print(f"  total       {_percentiles(total)}")
    print(f"model load: {load_s * 1000:.0f} ms")
    print(f"RSS: {rss_before:.0f} MiB before load, {rss_after:.0f} MiB after the run", end="")
    print(f", peak {rss_peak:.0f} MiB")
    if tuple(classifier.labels) != LABEL_NAMES:
        print("note: model labels differ from the training code's label list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
