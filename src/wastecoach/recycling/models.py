"""Tables of the recycling service (schema ``recycling``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wastecoach.core.db import AwareDateTime, Base
from wastecoach.core.timeutil import utcnow


class SearchMiss(Base):
    """A search without a good match, kept for curators (one row per normalised query)."""

    __tablename__ = "search_miss"
    __table_args__ = {"schema": "recycling"}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query_key: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(String(500))
    count: Mapped[int] = mapped_column(Integer, default=1)
    best_item_id: Mapped[str | None] = mapped_column(String(100))
    best_score: Mapped[float | None] = mapped_column(Float)
    first_seen_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class DistrictSchedule(Base):
    """One row of 전국생활쓰레기배출정보표준데이터: a district area's collection days and rules."""

    __tablename__ = "district_schedule"
    __table_args__ = (
        Index("ix_district_schedule_sido_sigungu", "sido", "sigungu"),
        {"schema": "recycling"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_row_id: Mapped[str] = mapped_column(String(64), unique=True)
    sido: Mapped[str] = mapped_column(String(50))
    sigungu: Mapped[str] = mapped_column(String(50))
    area_name: Mapped[str | None] = mapped_column(String(200))
    area_targets: Mapped[str | None] = mapped_column(Text)
    place_type: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(Text)
    schedules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    no_collection_days: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String(200))
    department_phone: Mapped[str | None] = mapped_column(String(50))
    data_date: Mapped[date | None] = mapped_column(Date)
    provider_code: Mapped[str | None] = mapped_column(String(50))
    provider: Mapped[str | None] = mapped_column(String(200))
    source_file: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
