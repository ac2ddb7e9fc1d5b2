"""Forget every process-wide cached object (settings, engine, cache, storage).

Used when configuration changes inside one process: by tests and by the CLI.
"""

from __future__ import annotations

from wastecoach.core.cache import get_cache
from wastecoach.core.config import reset_settings_cache
from wastecoach.core.db import reset_engine
from wastecoach.core.security import get_key_store, get_token_settings
from wastecoach.core.storage import get_storage


def reset_process_state() -> None:
    reset_engine()
    reset_settings_cache()
    get_cache.cache_clear()
    get_storage.cache_clear()
    get_key_store.cache_clear()
    get_token_settings.cache_clear()
