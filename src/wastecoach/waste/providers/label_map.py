"""From the classifier's labels to knowledge-base items.

A label names what a photo can show (a plastic bottle); it often covers several items whose
handling differs (clear vs coloured PET). Each label lists its candidate items; the label's
probability is shared equally among them, because the photos carry no evidence to split it,
and the pipeline asks the person when that leaves no clear answer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelInfo:
    items: tuple[str, ...]
    material: str
    shape: str


LABEL_ITEMS: dict[str, LabelInfo] = {
    "battery": LabelInfo(
        ("battery-alkaline", "battery-lithium-ion", "battery-button-cell", "power-bank"),
        "battery",
        "cell",
    ),
    "bulb": LabelInfo(("fluorescent-lamp", "led-bulb", "incandescent-bulb"), "glass", "lamp"),
    "metal_can": LabelInfo(("aluminum-can", "steel-can"), "metal", "can"),
    "cardboard": LabelInfo(("cardboard-box",), "paper", "box"),
    "paper": LabelInfo(("office-paper", "newspaper", "magazine"), "paper", "sheet"),
    "drink_carton": LabelInfo(("milk-carton", "sterilized-carton"), "paper", "carton"),
    "paper_cup": LabelInfo(("paper-cup",), "paper", "cup"),
    "glass_bottle": LabelInfo(
        ("glass-bottle-beverage", "glass-bottle-soju", "glass-bottle-beer", "glass-jar"),
        "glass",
        "bottle",
    ),
    "glass_cup": LabelInfo(("drinking-glass",), "glass", "cup"),
    "plastic_bottle": LabelInfo(("pet-bottle-clear", "pet-bottle-colored"), "plastic", "bottle"),
    "plastic_cup": LabelInfo(("plastic-cup",), "plastic", "cup"),
    "plastic_bag": LabelInfo(("plastic-bag", "snack-wrapper"), "plastic_film", "bag"),
    "plastic_other": LabelInfo(
        ("plastic-food-container", "shampoo-bottle", "yogurt-cup"), "plastic", "container"
    ),
    "food_waste": LabelInfo(("food-scraps",), "organic", "mixed"),
    # TrashNet's "trash" is mixed non-recyclables: no single item, the person is asked.
    "trash": LabelInfo((), "mixed", "mixed"),
}
