"""Work that spans services, started from the users service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from wastecoach.auth.service import auth as auth_service
from wastecoach.core.security import Principal
from wastecoach.users.service import users as users_service


def delete_account(session: Session, *, principal: Principal) -> int:
    """Erase the caller's scans and personal data and end every sign-in; returns scans erased."""
    erased = users_service.erase_account(session, principal.user_id)
    auth_service.forget_user(session, principal=principal)
    return erased
