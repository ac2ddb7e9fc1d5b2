"""Queries of the recycling service."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wastecoach.core.timeutil import utcnow
from wastecoach.recycling.models import DistrictSchedule, SearchMiss


class SearchMissRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, *, key: str, query: str, best_item_id: str | None, best_score: float | None
    ) -> None:
        with self.session.begin_nested():
            miss = self.session.scalar(select(SearchMiss).where(SearchMiss.query_key == key))
            if miss is None:
                self.session.add(
                    SearchMiss(
                        query_key=key,
                        query=query[:500],
                        best_item_id=best_item_id,
                        best_score=best_score,
                    )
                )
                return
            miss.count += 1
            miss.query = query[:500]
            miss.last_seen_at = utcnow()
            miss.best_item_id, miss.best_score = best_item_id, best_score

    def most_frequent(self, *, limit: int, offset: int) -> Sequence[SearchMiss]:
        query = (
            select(SearchMiss)
            .order_by(SearchMiss.count.desc(), SearchMiss.last_seen_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return self.session.scalars(query).all()


class ScheduleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_district(self, sido: str, sigungu: str) -> Sequence[DistrictSchedule]:
        query = (
            select(DistrictSchedule)
            .where(DistrictSchedule.sido == sido, DistrictSchedule.sigungu == sigungu)
            .order_by(DistrictSchedule.area_name, DistrictSchedule.id)
        )
        return self.session.scalars(query).all()

    def districts_like(self, sigungu: str) -> Sequence[tuple[str, str]]:
        query = (
            select(DistrictSchedule.sido, DistrictSchedule.sigungu)
            .where(DistrictSchedule.sigungu == sigungu)
            .distinct()
        )
        return [(row[0], row[1]) for row in self.session.execute(query)]

    def upsert(self, row: DistrictSchedule) -> bool:
        """Insert or update by source row id; returns True when the row is new."""
        existing = self.session.scalar(
            select(DistrictSchedule).where(DistrictSchedule.source_row_id == row.source_row_id)
        )
        if existing is None:
            self.session.add(row)
            return True
        for column in DistrictSchedule.__table__.columns.keys():  # noqa: SIM118
            if column not in ("id", "source_row_id", "imported_at"):
                setattr(existing, column, getattr(row, column))
        existing.imported_at = utcnow()
        return False

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(DistrictSchedule)) or 0)
