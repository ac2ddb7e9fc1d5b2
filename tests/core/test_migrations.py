from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from wastecoach.core import migrations
from wastecoach.core.db import Base, build_engine
from wastecoach.core.models import import_all_models


def _tables(url: str) -> set[str]:
    engine = build_engine(url)
    inspector = sa.inspect(engine)
    schemas = (
        [None]
        if url.startswith("sqlite")
        else ["auth", "users", "waste", "recycling", "locations", "ops"]
    )
    names = {
        f"{schema}.{name}"
        for schema in schemas
        for name in inspector.get_table_names(schema=schema)
    }
    engine.dispose()
    return names


def _round_trip(url: str) -> None:
    migrations.upgrade(url)
    upgraded = _tables(url)
    assert any(name.endswith("dead_letter") for name in upgraded)
    migrations.downgrade(url, "base")
    assert not any(name.endswith("dead_letter") for name in _tables(url))
    migrations.upgrade(url)
    assert _tables(url) == upgraded


def _assert_models_match_migrations(url: str) -> None:
    import_all_models()
    engine = build_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_schemas": True, "compare_type": False}
        )
        diff = compare_metadata(context, _metadata_for(url))
    engine.dispose()
    relevant = [d for d in diff if not _is_spatial_extra(d)]
    assert relevant == [], relevant


def _metadata_for(url: str) -> sa.MetaData:
    """SQLite has no schemas: compare against a schema-less copy, as the engine translates."""
    if not url.startswith("sqlite"):
        return Base.metadata
    flat = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(flat, schema=None, referred_schema_fn=lambda *_: sa.schema.BLANK_SCHEMA)
    return flat


def _is_spatial_extra(diff: object) -> bool:
    """PostGIS and SQLite R*Tree helpers are created by migrations only, not by the models."""
    text = repr(diff)
    return any(token in text for token in ("spatial_ref_sys", "_rtree", "geog", "topology"))


def test_migrations_up_and_down_on_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'm.db'}"
    _round_trip(url)
    _assert_models_match_migrations(url)


@pytest.mark.postgres
def test_migrations_up_and_down_on_postgres(postgres_url: str) -> None:
    _round_trip(postgres_url)
    _assert_models_match_migrations(postgres_url)
