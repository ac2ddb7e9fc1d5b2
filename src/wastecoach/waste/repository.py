"""Queries of the waste service."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from wastecoach.waste.models import Scan, ScanFeedback


class ScanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, scan_id: str, *, for_update: bool = False) -> Scan | None:
        query = select(Scan).where(Scan.id == scan_id)
        if for_update:
            query = query.with_for_update()
        return self.session.scalar(query)

    def get_owned(self, scan_id: str, owner_id: str) -> Scan | None:
        return self.session.scalar(
            select(Scan).where(Scan.id == scan_id, Scan.owner_id == owner_id)
        )

    def by_idempotency_key(self, owner_id: str, key: str) -> Scan | None:
        return self.session.scalar(
            select(Scan).where(Scan.owner_id == owner_id, Scan.idempotency_key == key)
        )

    def page(self, owner_id: str, *, limit: int, offset: int) -> tuple[Sequence[Scan], int]:
        total = self.session.scalar(select(func.count()).where(Scan.owner_id == owner_id)) or 0
        rows = self.session.scalars(
            select(Scan)
            .where(Scan.owner_id == owner_id)
            .order_by(Scan.created_at.desc(), Scan.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, int(total)

    def all_of(self, owner_id: str) -> Sequence[Scan]:
        return self.session.scalars(select(Scan).where(Scan.owner_id == owner_id)).all()

    def delete_of(self, owner_id: str) -> int:
        self.session.execute(delete(ScanFeedback).where(ScanFeedback.owner_id == owner_id))
        result = self.session.execute(delete(Scan).where(Scan.owner_id == owner_id))
        return int(getattr(result, "rowcount", 0) or 0)

    def reassign(self, from_owner_id: str, to_owner_id: str) -> int:
        self.session.execute(
            update(ScanFeedback)
            .where(ScanFeedback.owner_id == from_owner_id)
            .values(owner_id=to_owner_id)
        )
        result = self.session.execute(
            update(Scan).where(Scan.owner_id == from_owner_id).values(owner_id=to_owner_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def add_feedback(self, feedback: ScanFeedback) -> ScanFeedback:
        self.session.add(feedback)
        self.session.flush()
        return feedback
