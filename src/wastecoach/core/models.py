"""Imports every service's tables so that metadata is complete for migrations and tests."""

from __future__ import annotations

import importlib

from wastecoach.core.config import SERVICES

MODEL_MODULES = ("wastecoach.core.dlq", *(f"wastecoach.{name}.models" for name in SERVICES))


def import_all_models() -> None:
    for module in MODEL_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
