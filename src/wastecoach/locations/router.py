"""HTTP endpoints of the locations service."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["locations"])
