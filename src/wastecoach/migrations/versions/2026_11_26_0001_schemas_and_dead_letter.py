"""Schemas per service and the dead-letter store.

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None

SCHEMAS = ("auth", "users", "waste", "recycling", "locations", "ops")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for schema in SCHEMAS:
            op.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_name", sa.String(200), nullable=False),
        sa.Column("task_id", sa.String(64)),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("kwargs", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("traceback", sa.Text()),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replay_count", sa.Integer(), nullable=False),
        sa.Column("replayed_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_dead_letter"),
        schema="ops",
    )
    op.create_index("ix_dead_letter_task_name", "dead_letter", ["task_name"], schema="ops")


def downgrade() -> None:
    op.drop_index("ix_dead_letter_task_name", table_name="dead_letter", schema="ops")
    op.drop_table("dead_letter", schema="ops")
    if op.get_bind().dialect.name == "postgresql":
        for schema in reversed(SCHEMAS):
            op.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
