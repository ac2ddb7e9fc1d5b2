"""HTTP endpoints of the users service: the caller's profile, history and statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from wastecoach.auth.dependencies import CurrentUser, DbSession
from wastecoach.users import flows
from wastecoach.users.exceptions import UserNotFound
from wastecoach.users.schemas import UserRead, UserUpdate
from wastecoach.users.service import users as users_service
from wastecoach.waste.schemas import OwnerStats, ScanPage

router = APIRouter(prefix="/users", tags=["users"])
_errors: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated (error format)"},
    404: {"description": "Not found (error format)"},
}


@router.get("/me", response_model=UserRead, responses=_errors)
def get_me(principal: CurrentUser, session: DbSession) -> UserRead:
    return users_service.get_user(session, principal.user_id)


@router.patch("/me", response_model=UserRead, responses=_errors)
def update_me(changes: UserUpdate, principal: CurrentUser, session: DbSession) -> UserRead:
    return users_service.update_profile(session, principal.user_id, changes)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=_errors)
def delete_me(principal: CurrentUser, session: DbSession) -> Response:
    """Delete the account: scans and personal data are erased, every sign-in ends."""
    flows.delete_account(session, principal=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/scans", response_model=ScanPage, responses=_errors)
def list_my_scans(
    principal: CurrentUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ScanPage:
    """The caller's scan history, newest first."""
    return users_service.list_scans(session, principal.user_id, limit=limit, offset=offset)


@router.get("/me/stats", response_model=OwnerStats, responses=_errors)
def my_stats(principal: CurrentUser, session: DbSession) -> OwnerStats:
    return users_service.stats(session, principal.user_id)


@router.get("/{user_id}", response_model=UserRead, responses=_errors)
def get_user(user_id: str, principal: CurrentUser, session: DbSession) -> UserRead:
    """One account: your own, or any for an admin. Others' accounts are simply not found."""
    if user_id != principal.user_id and not principal.is_admin:
        raise UserNotFound({"id": user_id})
    return users_service.get_user(session, user_id)
