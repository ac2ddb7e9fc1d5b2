"""Tables of the waste service (schema ``waste``): scans and the feedback on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from wastecoach.core.db import AwareDateTime, Base
from wastecoach.core.timeutil import utcnow


def new_id() -> str:
    return uuid.uuid4().hex


class Scan(Base):
    """One photo and everything the pipeline learned about it (the user's history)."""

    __tablename__ = "scan"
    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key"),
        Index("ix_scan_owner_id_created_at", "owner_id", "created_at"),
        {"schema": "waste"},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    stage: Mapped[str] = mapped_column(String(32), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    image_key: Mapped[str] = mapped_column(String(200))
    image_sha256: Mapped[str] = mapped_column(String(64))
    image_width: Mapped[int] = mapped_column(Integer)
    image_height: Mapped[int] = mapped_column(Integer)
    source_format: Mapped[str] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    hint: Mapped[str | None] = mapped_column(String(200))
    # Output of each finished stage, so a retried task never redoes one.
    stages: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    error_code: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class ScanFeedback(Base):
    """What the person said about a result: kept for retraining and for curators."""

    __tablename__ = "scan_feedback"
    __table_args__ = {"schema": "waste"}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[str] = mapped_column(
        ForeignKey("waste.scan.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[str] = mapped_column(String(64))
    item_correct: Mapped[bool | None] = mapped_column(Boolean)
    actual_item_id: Mapped[str | None] = mapped_column(String(100))
    advice_useful: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    predicted_item_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
