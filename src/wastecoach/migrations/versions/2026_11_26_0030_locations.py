"""Locations: collection points, with a spatial index per database.

PostgreSQL: the PostGIS extension, a stored generated ``geog geography(Point,4326)`` column
computed from lon/lat (NULL for address-only rows) and a GiST index on it. SQLite: an R*Tree
``collection_point_rtree`` kept in sync with lat/lon by triggers. Neither is in the ORM model.

Revision ID: 0030_locations
Revises: 0001_foundation
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030_locations"
down_revision = "0001_foundation"
branch_labels = ("locations",)
depends_on = None

_SQLITE_RTREE = (
    "CREATE VIRTUAL TABLE collection_point_rtree"
    " USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    """
    CREATE TRIGGER collection_point_rtree_insert AFTER INSERT ON collection_point
    WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL
    BEGIN
        INSERT INTO collection_point_rtree VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
    END
    """,
    """
    CREATE TRIGGER collection_point_rtree_update AFTER UPDATE OF lat, lon ON collection_point
    BEGIN
        DELETE FROM collection_point_rtree WHERE id = old.id;
        INSERT INTO collection_point_rtree
        SELECT new.id, new.lat, new.lat, new.lon, new.lon
        WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
    END
    """,
    """
    CREATE TRIGGER collection_point_rtree_delete AFTER DELETE ON collection_point
    BEGIN
        DELETE FROM collection_point_rtree WHERE id = old.id;
    END
    """,
)

_POSTGIS = (
    "CREATE EXTENSION IF NOT EXISTS postgis",
    """
    ALTER TABLE locations.collection_point ADD COLUMN geog geography(Point, 4326)
    GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
        ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography END
    ) STORED
    """,
    "CREATE INDEX ix_collection_point_geog ON locations.collection_point USING gist (geog)",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(_POSTGIS[0])
    op.create_table(
        "collection_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("address", sa.String(500)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("geocode_status", sa.String(16), nullable=False),
        sa.Column("accepts", sa.JSON(), nullable=False),
        sa.Column("accepts_items", sa.JSON(), nullable=False),
        sa.Column("opening_hours", sa.Text()),
        sa.Column("phone", sa.String(100)),
        sa.Column("sido", sa.String(50)),
        sa.Column("sigungu", sa.String(100)),
        sa.Column("detail", sa.Text()),
        sa.Column("site_key", sa.String(600), nullable=False),
        sa.Column("provider", sa.String(200)),
        sa.Column("data_date", sa.Date()),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("source_row_id", sa.String(100), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collection_point"),
        sa.UniqueConstraint(
            "source", "source_row_id", name="uq_collection_point_source_source_row_id"
        ),
        schema="locations",
    )
    op.create_index(
        "ix_collection_point_site_key", "collection_point", ["site_key"], schema="locations"
    )
    if dialect == "postgresql":
        for statement in _POSTGIS[1:]:
            op.execute(statement)
    elif dialect == "sqlite":
        for statement in _SQLITE_RTREE:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS collection_point_rtree_{trigger}")
        op.execute("DROP TABLE IF EXISTS collection_point_rtree")
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS locations.ix_collection_point_geog")
    op.drop_index("ix_collection_point_site_key", "collection_point", schema="locations")
    op.drop_table("collection_point", schema="locations")
    # The postgis extension stays: other schemas may use it, and it needs a superuser.
