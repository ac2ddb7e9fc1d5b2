"""One record per site: how the listings of several sources with one site_key are merged.

Every source row is stored (provenance); answers show one record per ``site_key``:
- ``accepts`` and ``accepts_items``: the union over all listings;
- location and ``id``: the *anchor* listing (in a search, the site's nearest listing that
  matches the filters; for ``GET /locations/{id}``, that listing);
- ``address``, ``opening_hours``, ``phone``, ``detail``: the longest value any listing has;
- ``name``: the first non-placeholder name (OpenStreetMap's generic "재활용 수거함" loses);
- ``kind``: the first non-OpenStreetMap kind, else the OSM kind;
- ``sido``/``sigungu`` as a pair, and ``provider``/``data_date``/``source`` as a set, from the
  best-ranked listing that has them.
Ranking: more filled fields first, then official data before OpenStreetMap, then the newer
``data_date``, then the lower id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wastecoach.locations.importers import PointKind
from wastecoach.locations.importers.accepts import ordered
from wastecoach.locations.importers.osm import GENERIC_NAMES
from wastecoach.locations.importers.osm import SOURCE as OSM_SOURCE
from wastecoach.locations.models import CollectionPoint

_PLACEHOLDER_NAMES = frozenset(GENERIC_NAMES.values())


@dataclass(frozen=True)
class MergedSite:
    anchor: CollectionPoint
    kind: PointKind
    name: str
    address: str | None
    accepts: tuple[str, ...]
    accepts_items: tuple[str, ...]
    opening_hours: str | None
    phone: str | None
    detail: str | None
    sido: str | None
    sigungu: str | None
    provider: str | None
    data_date: date | None
    source: str
    sources: tuple[str, ...]


def _filled(row: CollectionPoint) -> int:
    fields = (row.address, row.opening_hours, row.phone, row.detail, row.provider, row.sido)
    return sum(1 for value in fields if value) + bool(row.data_date) + bool(row.accepts_items)


def rank(listings: Sequence[CollectionPoint]) -> list[CollectionPoint]:
    return sorted(
        listings,
        key=lambda r: (
            -_filled(r),
            r.source == OSM_SOURCE,
            -(r.data_date.toordinal() if r.data_date else 0),
            r.id,
        ),
    )


def _longest(ranked: Sequence[CollectionPoint], field: str) -> str | None:
    best: str | None = None
    for row in ranked:
        value = getattr(row, field)
        if value and (best is None or len(value) > len(best)):
            best = value
    return best


def merge_site(listings: Sequence[CollectionPoint], anchor: CollectionPoint) -> MergedSite:
    ranked = rank(listings) if listings else [anchor]
    primary = ranked[0]
    kinds = [PointKind(r.kind) for r in ranked]
    kind = next((k for k in kinds if k is not PointKind.OSM_RECYCLING), kinds[0])
    name = next((r.name for r in ranked if r.name not in _PLACEHOLDER_NAMES), primary.name)
    district = next((r for r in ranked if r.sido), primary)
    items: list[str] = []
    for row in ranked:
        items.extend(item for item in row.accepts_items if item not in items)
    return MergedSite(
        anchor=anchor,
        kind=kind,
        name=name,
        address=_longest(ranked, "address"),
        accepts=ordered(category for row in ranked for category in row.accepts),
        accepts_items=tuple(items),
        opening_hours=_longest(ranked, "opening_hours"),
        phone=_longest(ranked, "phone"),
        detail=_longest(ranked, "detail"),
        sido=district.sido,
        sigungu=district.sigungu,
        provider=primary.provider,
        data_date=primary.data_date,
        source=primary.source,
        sources=tuple(dict.fromkeys(r.source for r in ranked)),
    )
