"""Waste: scans and scan feedback.

Revision ID: 0020_waste
Revises: 0001_foundation
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_waste"
down_revision = "0001_foundation"
branch_labels = ("waste",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("image_key", sa.String(200), nullable=False),
        sa.Column("image_sha256", sa.String(64), nullable=False),
        sa.Column("image_width", sa.Integer(), nullable=False),
        sa.Column("image_height", sa.Integer(), nullable=False),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("hint", sa.String(200)),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("error_code", sa.String(64)),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_scan"),
        sa.UniqueConstraint("owner_id", "idempotency_key", name="uq_scan_owner_id_idempotency_key"),
        schema="waste",
    )
    op.create_index(
        "ix_scan_owner_id_created_at", "scan", ["owner_id", "created_at"], schema="waste"
    )
    op.create_table(
        "scan_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("item_correct", sa.Boolean()),
        sa.Column("actual_item_id", sa.String(100)),
        sa.Column("advice_useful", sa.Boolean()),
        sa.Column("comment", sa.Text()),
        sa.Column("predicted_item_id", sa.String(100)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scan_feedback"),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["waste.scan.id"], name="fk_scan_feedback_scan_id_scan", ondelete="CASCADE"
        ),
        schema="waste",
    )
    op.create_index("ix_scan_feedback_scan_id", "scan_feedback", ["scan_id"], schema="waste")


def downgrade() -> None:
    op.drop_index("ix_scan_feedback_scan_id", "scan_feedback", schema="waste")
    op.drop_table("scan_feedback", schema="waste")
    op.drop_index("ix_scan_owner_id_created_at", "scan", schema="waste")
    op.drop_table("scan", schema="waste")
