"""The unified label set over the shared photo folders, and the deterministic train/val/test split.

Pure Python (no torch), so the benchmark and tests can rebuild the held-out list.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TRASH_DETECTION = "trash-detection"
TRASHNET = "trashnet"
SPLITS = ("train", "val", "test")
VAL_FRACTION = 0.15
TEST_FRACTION = 0.15


@dataclass(frozen=True)
class LabelSpec:
    label: str
    description: str
    sources: tuple[str, ...]  # "<source>/<folder>" under the data directory


LABELS: tuple[LabelSpec, ...] = (
    LabelSpec(
        "battery",
        "Dry-cell and button batteries (전지).",
        (f"{TRASH_DETECTION}/battery",),
    ),
    LabelSpec(
        "bulb",
        "Light bulbs, fluorescent tubes and CFLs (조명제품).",
        (f"{TRASH_DETECTION}/bulb",),
    ),
    LabelSpec(
        "metal_can",
        "Drink and food cans, pop tabs and other small metal packaging such as lids and foil "
        "(금속류). TrashNet 'metal' is mostly cans, with some lids, tins and foil.",
        (f"{TRASH_DETECTION}/can", f"{TRASH_DETECTION}/pop_tab", f"{TRASHNET}/metal"),
    ),
    LabelSpec(
        "cardboard",
        "Corrugated cardboard and paperboard boxes (종이류).",
        (f"{TRASH_DETECTION}/cardboard", f"{TRASHNET}/cardboard"),
    ),
    LabelSpec(
        "paper",
        "Paper: newspapers, office paper, magazines, notebooks, envelopes (종이류).",
        (f"{TRASH_DETECTION}/paper", f"{TRASHNET}/paper"),
    ),
    LabelSpec(
        "drink_carton",
        "Liquid cartons: Tetra Pak and milk or juice cartons (종이팩).",
        (f"{TRASH_DETECTION}/drink_carton",),
    ),
    LabelSpec(
        "paper_cup",
        "Disposable paper cups, often with a plastic lid or sleeve.",
        (f"{TRASH_DETECTION}/paper_cup",),
    ),
    LabelSpec(
        "glass_bottle",
        "Glass bottles and jars (유리병). TrashNet 'glass' is mostly bottles, with some jars.",
        (f"{TRASH_DETECTION}/glass_bottle", f"{TRASHNET}/glass"),
    ),
    LabelSpec(
        "glass_cup",
        "Drinking glasses and glass cups, which are not collected as 유리병.",
        (f"{TRASH_DETECTION}/glass_cup",),
    ),
    LabelSpec(
        "plastic_bottle",
        "Plastic (mostly PET) drink bottles, seen in real surroundings (플라스틱류 / 무색페트병).",
        (f"{TRASH_DETECTION}/plastic_bottle",),
    ),
    LabelSpec(
        "plastic_cup",
        "Disposable clear plastic cups, often with lid and straw (플라스틱류).",
        (f"{TRASH_DETECTION}/plastic_cup",),
    ),
    LabelSpec(
        "plastic_bag",
        "Plastic bags and film (비닐류).",
        (f"{TRASH_DETECTION}/plastic_bag",),
    ),
    LabelSpec(
        "plastic_other",
        "Rigid plastic packaging on a plain background: TrashNet 'plastic', a mix of jugs, "
        "clamshell food containers, tubs, detergent and sauce bottles, and also many clear "
        "drink bottles, so it overlaps plastic_bottle (플라스틱류).",
        (f"{TRASHNET}/plastic",),
    ),
    LabelSpec(
        "food_waste",
        "Food scraps: fruit and vegetable peels, leftovers (음식물류폐기물).",
        (f"{TRASH_DETECTION}/food_waste",),
    ),
    LabelSpec(
        "trash",
        "Non-recyclable mixed waste: snack wrappers, used tissues, small dirty items "
        "(TrashNet 'trash'; usually 일반종량제폐기물).",
        (f"{TRASHNET}/trash",),
    ),
)
LABEL_NAMES: tuple[str, ...] = tuple(spec.label for spec in LABELS)
FOLDER_TO_LABEL: dict[str, str] = {folder: spec.label for spec in LABELS for folder in spec.sources}

# Roboflow names exports "<split>__<original name>.rf.<hash>.jpg"; two exports of one original
# photo share the middle part and must land in the same split.
_ROBOFLOW_NAME = re.compile(r"^(?:train|valid|test)__(?P<base>.+?)(?:\.rf\.[0-9a-f]+)?\.[^.]+$")


@dataclass(frozen=True)
class Sample:
    relpath: str  # "<source>/<folder>/<file>", always with forward slashes
    label: str

    @property
    def source(self) -> str:
        return self.relpath.split("/", 1)[0]

    @property
    def folder(self) -> str:
        return self.relpath.rsplit("/", 1)[0]

    @property
    def group(self) -> str:
        folder, name = self.relpath.rsplit("/", 1)
        match = _ROBOFLOW_NAME.match(name)
        return f"{folder}/{match.group('base') if match else name}"


@dataclass(frozen=True)
class DataSplit:
    train: tuple[Sample, ...]
    val: tuple[Sample, ...]
    test: tuple[Sample, ...]

    def part(self, name: str) -> tuple[Sample, ...]:
        parts = {"train": self.train, "val": self.val, "test": self.test}
        return parts[name]

    def sizes(self) -> dict[str, int]:
        return {name: len(self.part(name)) for name in SPLITS}


def discover_samples(data_dir: Path) -> list[Sample]:
    """Every labelled JPEG/PNG under ``data_dir``, sorted by path; missing folders are skipped."""
    samples: list[Sample] = []
    for folder, label in sorted(FOLDER_TO_LABEL.items()):
        directory = data_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() in {".jpg", ".jpeg", ".png"}:
                samples.append(Sample(relpath=f"{folder}/{path.name}", label=label))
    return samples


def split_samples(samples: list[Sample], seed: int = 0) -> DataSplit:
    """Seeded split, stratified per source folder, keeping duplicate-export groups together."""
    groups_by_folder: dict[str, dict[str, list[Sample]]] = defaultdict(lambda: defaultdict(list))
    for sample in samples:
        groups_by_folder[sample.folder][sample.group].append(sample)
    parts: dict[str, list[Sample]] = {name: [] for name in SPLITS}
    for folder in sorted(groups_by_folder):
        groups = [groups_by_folder[folder][key] for key in sorted(groups_by_folder[folder])]
        random.Random(f"{seed}:{folder}").shuffle(groups)
        n_test = _share(len(groups), TEST_FRACTION)
        n_val = _share(len(groups), VAL_FRACTION)
        for index, group in enumerate(groups):
            name = "test" if index < n_test else "val" if index < n_test + n_val else "train"
            parts[name].extend(group)
    return DataSplit(
        *(tuple(sorted(parts[name], key=lambda sample: sample.relpath)) for name in SPLITS)
    )


def _share(count: int, fraction: float) -> int:
    # Every folder with at least three groups gives one to val and test.
    return max(1, round(count * fraction)) if count >= 3 else 0


def file_list_hash(samples: tuple[Sample, ...] | list[Sample]) -> str:
    """SHA-256 over the sorted "relpath<TAB>label" lines: identifies a held-out set exactly."""
    lines = sorted(f"{sample.relpath}\t{sample.label}" for sample in samples)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
