"""A stand-in for the waste service's owner interface (list_scans, owner_stats, erase_owner,
reassign_owner), used while ``wastecoach.waste.service`` is being written.

TEMPORARY, clearly a fake: swap it out for the real service in an end-to-end test once it
exists. It keeps scans per owner in memory and records every call.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from wastecoach.waste.schemas import OwnerStats, ScanPage, ScanSummary


class FakeWaste:
    def __init__(self) -> None:
        self.scans: dict[str, list[ScanSummary]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def add_scans(self, owner_id: str, *categories: str) -> None:
        for category in categories:
            index = sum(len(items) for items in self.scans.values())
            self.scans.setdefault(owner_id, []).append(
                ScanSummary(
                    id=f"scan-{index}",
                    status="done",
                    created_at=datetime(2026, 11, 26, 9, index % 60, tzinfo=UTC),
                    item_id=None,
                    item_name=None,
                    category=category,
                )
            )

    def list_scans(self, session: Session, *, owner_id: str, limit: int, offset: int) -> ScanPage:
        self.calls.append(("list_scans", {"owner_id": owner_id, "limit": limit, "offset": offset}))
        items = self.scans.get(owner_id, [])
        return ScanPage(
            items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset
        )

    def owner_stats(self, session: Session, *, owner_id: str) -> OwnerStats:
        self.calls.append(("owner_stats", {"owner_id": owner_id}))
        by_category: dict[str, int] = {}
        for scan in self.scans.get(owner_id, []):
            by_category[scan.category or "?"] = by_category.get(scan.category or "?", 0) + 1
        total = sum(by_category.values())
        return OwnerStats(total_scans=total, by_category=by_category, prepared_right_share=None)

    def erase_owner(self, session: Session, *, owner_id: str) -> int:
        self.calls.append(("erase_owner", {"owner_id": owner_id}))
        return len(self.scans.pop(owner_id, []))

    def reassign_owner(self, session: Session, *, from_owner_id: str, to_owner_id: str) -> int:
        self.calls.append(
            ("reassign_owner", {"from_owner_id": from_owner_id, "to_owner_id": to_owner_id})
        )
        moved = self.scans.pop(from_owner_id, [])
        self.scans.setdefault(to_owner_id, []).extend(moved)
        return len(moved)

    def called(self, name: str) -> list[dict[str, Any]]:
        return [kwargs for call, kwargs in self.calls if call == name]


@pytest.fixture
def fake_waste(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWaste]:
    """Route the users service's calls to the waste service into a FakeWaste (monkeypatched)."""
    fake = FakeWaste()
    monkeypatch.setattr("wastecoach.users.service.waste_owner_data", lambda: fake)
    yield fake
