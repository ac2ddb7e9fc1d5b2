"""HTTP endpoints of the recycling service."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["recycling"])
