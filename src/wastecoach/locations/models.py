"""Tables of the locations service (schema ``locations``).

The spatial index is not part of the model, so the model stays portable: the migration adds
it per database (PostgreSQL: a generated ``geog geography(Point,4326)`` column with a GiST
index; SQLite: the ``collection_point_rtree`` R*Tree kept in sync by triggers).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wastecoach.core.db import AwareDateTime, Base
from wastecoach.core.timeutil import utcnow

GEOCODE_OK = "ok"
GEOCODE_PENDING = "pending"  # address only: waits for a geocoder, never shown on a map


class CollectionPoint(Base):
    """One listing of a collection point by one source (provenance kept per source row)."""

    __tablename__ = "collection_point"
    __table_args__ = (
        UniqueConstraint("source", "source_row_id"),
        Index("ix_collection_point_site_key", "site_key"),
        {"schema": "locations"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geocode_status: Mapped[str] = mapped_column(String(16))
    accepts: Mapped[list[str]] = mapped_column(JSON)
    accepts_items: Mapped[list[str]] = mapped_column(JSON)
    opening_hours: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(100))
    sido: Mapped[str | None] = mapped_column(String(50))
    sigungu: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[str | None] = mapped_column(Text)
    site_key: Mapped[str] = mapped_column(String(600))
    provider: Mapped[str | None] = mapped_column(String(200))
    data_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(64))
    source_row_id: Mapped[str] = mapped_column(String(100))
    source_file: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
