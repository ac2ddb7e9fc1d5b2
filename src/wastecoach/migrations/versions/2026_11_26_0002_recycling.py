"""Recycling: search misses and district collection schedules.

Revision ID: 0002_recycling
Revises: 0001_foundation
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_recycling"
down_revision = "0001_foundation"
branch_labels = ("recycling",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_miss",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("query_key", sa.String(200), nullable=False),
        sa.Column("query", sa.String(500), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("best_item_id", sa.String(100)),
        sa.Column("best_score", sa.Float()),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_miss"),
        sa.UniqueConstraint("query_key", name="uq_search_miss_query_key"),
        schema="recycling",
    )
    op.create_table(
        "district_schedule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_row_id", sa.String(64), nullable=False),
        sa.Column("sido", sa.String(50), nullable=False),
        sa.Column("sigungu", sa.String(50), nullable=False),
        sa.Column("area_name", sa.String(200)),
        sa.Column("area_targets", sa.Text()),
        sa.Column("place_type", sa.String(100)),
        sa.Column("place", sa.Text()),
        sa.Column("schedules", sa.JSON(), nullable=False),
        sa.Column("no_collection_days", sa.Text()),
        sa.Column("department", sa.String(200)),
        sa.Column("department_phone", sa.String(50)),
        sa.Column("data_date", sa.Date()),
        sa.Column("provider_code", sa.String(50)),
        sa.Column("provider", sa.String(200)),
        sa.Column("source_file", sa.String(300), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_district_schedule"),
        sa.UniqueConstraint("source_row_id", name="uq_district_schedule_source_row_id"),
        schema="recycling",
    )
    op.create_index(
        "ix_district_schedule_sido_sigungu",
        "district_schedule",
        ["sido", "sigungu"],
        schema="recycling",
    )


def downgrade() -> None:
    op.drop_index("ix_district_schedule_sido_sigungu", "district_schedule", schema="recycling")
    op.drop_table("district_schedule", schema="recycling")
    op.drop_table("search_miss", schema="recycling")
