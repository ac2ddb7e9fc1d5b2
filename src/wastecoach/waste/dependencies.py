"""Validating dependencies of the waste service."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from wastecoach.auth.dependencies import CurrentUser, DbSession
from wastecoach.waste.models import Scan
from wastecoach.waste.service import waste as waste_service


def valid_owned_scan(scan_id: str, session: DbSession, user: CurrentUser) -> Scan:
    """The scan, when the caller owns it; 404 otherwise (never 403: ids are not disclosed)."""
    return waste_service.get_owned(session, scan_id, user)


OwnedScan = Annotated[Scan, Depends(valid_owned_scan)]
