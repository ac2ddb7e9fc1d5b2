"""HTTP endpoints of the waste service."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["waste"])
