"""Auth and users: accounts, linked identities, passwords and refresh tokens.

Revision ID: 0010_auth_users
Revises: 0001_foundation
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_auth_users"
down_revision = "0001_foundation"
branch_labels = ("auth",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("display_name", sa.String(100)),
        sa.Column("email", sa.String(320)),
        sa.Column("email_verified", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(10), nullable=False),
        sa.Column("is_guest", sa.Boolean(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_user_account"),
        sa.UniqueConstraint("email", name="uq_user_account_email"),
        schema="users",
    )
    op.create_table(
        "identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identity"),
        sa.UniqueConstraint("provider", "subject", name="uq_identity_provider_subject"),
        schema="auth",
    )
    op.create_index("ix_identity_user_id", "identity", ["user_id"], schema="auth")
    op.create_table(
        "password_credential",
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_password_credential"),
        sa.UniqueConstraint("email", name="uq_password_credential_email"),
        schema="auth",
    )
    op.create_table(
        "refresh_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_refresh_token"),
        sa.UniqueConstraint("token_hash", name="uq_refresh_token_token_hash"),
        schema="auth",
    )
    op.create_index("ix_refresh_token_family_id", "refresh_token", ["family_id"], schema="auth")
    op.create_index("ix_refresh_token_user_id", "refresh_token", ["user_id"], schema="auth")


def downgrade() -> None:
    op.drop_index("ix_refresh_token_user_id", table_name="refresh_token", schema="auth")
    op.drop_index("ix_refresh_token_family_id", table_name="refresh_token", schema="auth")
    op.drop_table("refresh_token", schema="auth")
    op.drop_table("password_credential", schema="auth")
    op.drop_index("ix_identity_user_id", table_name="identity", schema="auth")
    op.drop_table("identity", schema="auth")
    op.drop_table("user_account", schema="users")
