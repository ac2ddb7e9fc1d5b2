"""Alembic environment: runs the project's migrations on SQLite or PostgreSQL."""

from __future__ import annotations

from alembic import context

from wastecoach.core.db import Base, build_engine
from wastecoach.core.models import import_all_models

import_all_models()
target_metadata = Base.metadata
url = context.config.get_main_option("sqlalchemy.url")
assert url, "the CLI sets sqlalchemy.url"

engine = build_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_schemas=True,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
