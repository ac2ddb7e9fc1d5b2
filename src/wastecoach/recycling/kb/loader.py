"""Load and validate the knowledge base shipped inside the package."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES, CategoryInfo, Item

KB_DIR = Path(__file__).parent
_items_adapter = TypeAdapter(list[Item])
_categories_adapter = TypeAdapter(list[CategoryInfo])


class KnowledgeBaseError(ValueError):
    """The shipped knowledge base is inconsistent; raised at load time, never at request time."""


@dataclass(frozen=True)
class KnowledgeBase:
    items: dict[str, Item]
    categories: dict[str, CategoryInfo]

    def items_in(self, category: str) -> list[Item]:
        return [item for item in self.items.values() if item.category == category]


def _read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []


def load_items(directory: Path) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            parsed = _items_adapter.validate_python(_read_yaml(path))
        except ValidationError as exc:
            raise KnowledgeBaseError(f"{path.name}: {exc}") from exc
        for item in parsed:
            if item.id in items:
                raise KnowledgeBaseError(f"{path.name}: duplicate item id {item.id!r}")
            items[item.id] = item
    return items


def load_categories(path: Path) -> dict[str, CategoryInfo]:
    try:
        parsed = _categories_adapter.validate_python(_read_yaml(path))
    except ValidationError as exc:
        raise KnowledgeBaseError(f"{path.name}: {exc}") from exc
    categories: dict[str, CategoryInfo] = {info.name: info for info in parsed}
    missing = set(OFFICIAL_CATEGORIES) - set(categories)
    if missing or len(parsed) != len(categories):
        raise KnowledgeBaseError(
            f"categories must list each official category once; missing {missing}"
        )
    return {name: categories[name] for name in OFFICIAL_CATEGORIES}


def load(directory: Path = KB_DIR) -> KnowledgeBase:
    items = load_items(directory / "items")
    categories_path = directory / "categories.yaml"
    categories = load_categories(categories_path) if categories_path.exists() else {}
    return KnowledgeBase(items=items, categories=categories)


@lru_cache(maxsize=1)
def get_knowledge_base() -> KnowledgeBase:
    return load()


def main() -> None:
    """Validate the knowledge base and print a per-category count (used by authors)."""
    kb = load()
    counts: Counter[str] = Counter(item.category for item in kb.items.values())
    for category in OFFICIAL_CATEGORIES:
        print(f"{category}\t{counts.get(category, 0)}")
    print(f"total\t{len(kb.items)}")
    alias_owner: dict[str, str] = {}
    clashes = 0
    for item in kb.items.values():
        for alias in (item.name, *item.aliases):
            key = alias.replace(" ", "")
            owner = alias_owner.setdefault(key, item.id)
            if owner != item.id:
                clashes += 1
                print(f"alias clash: {alias!r} in {owner} and {item.id}", file=sys.stderr)
    print(f"alias clashes\t{clashes}")


if __name__ == "__main__":
    main()
