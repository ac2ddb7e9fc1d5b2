"""Logic of the users service, and its public interface: the ``users`` singleton.

Other services (auth first of all) call these methods and get ``UserRead`` back; nothing
outside this package touches the ``users`` tables. Scans belong to the waste service, which
is reached only through its public service object.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy.orm import Session

from wastecoach.core.security import Role
from wastecoach.core.timeutil import utcnow
from wastecoach.users.config import UsersSettings
from wastecoach.users.exceptions import EmailTaken, UserNotFound
from wastecoach.users.models import UserAccount
from wastecoach.users.repository import UserRepository
from wastecoach.users.schemas import Locale, UserRead, UserUpdate
from wastecoach.waste.schemas import OwnerStats, ScanPage


class WasteOwnerData(Protocol):
    """The part of the waste service that deals with who owns scans."""

    def list_scans(
        self, session: Session, *, owner_id: str, limit: int, offset: int
    ) -> ScanPage: ...
    def owner_stats(self, session: Session, *, owner_id: str) -> OwnerStats: ...
    def erase_owner(self, session: Session, *, owner_id: str) -> int: ...
    def reassign_owner(self, session: Session, *, from_owner_id: str, to_owner_id: str) -> int: ...


def waste_owner_data() -> WasteOwnerData:
    # Imported on use: the waste service is its own domain and may be absent in split mode.
    from wastecoach.waste.service import waste as waste_service

    service: WasteOwnerData = waste_service
    return service


def normalize_email(email: str) -> str:
    return email.strip().lower()


class UsersService:
    # -- reading ------------------------------------------------------------------------------

    def read(self, account: UserAccount) -> UserRead:
        user = UserRead.model_validate(account)
        return user.model_copy(update={"role": self._effective_role(account)})

    def _effective_role(self, account: UserAccount) -> Role:
        if account.is_guest:
            return "guest"
        if account.role == "admin":
            return "admin"
        # Only a verified address may claim an admin e-mail; local sign-ups are not verified.
        admins = UsersSettings().admin_email_set
        if account.email and account.email_verified and account.email in admins:
            return "admin"
        return "user"

    def _account(self, session: Session, user_id: str) -> UserAccount:
        account = UserRepository(session).get(user_id)
        if account is None:
            raise UserNotFound({"id": user_id})
        return account

    def get_user(self, session: Session, user_id: str) -> UserRead:
        return self.read(self._account(session, user_id))

    def find_user(self, session: Session, user_id: str) -> UserRead | None:
        account = UserRepository(session).get(user_id)
        return None if account is None else self.read(account)

    def find_by_email(self, session: Session, email: str) -> UserRead | None:
        account = UserRepository(session).get_by_email(normalize_email(email))
        return None if account is None else self.read(account)

    # -- creating and changing ----------------------------------------------------------------

    def create_guest(self, session: Session, *, locale: Locale = "ko") -> UserRead:
        account = UserAccount(
            id=str(uuid.uuid4()), locale=locale, is_guest=True, role="guest", email_verified=False
        )
        return self.read(UserRepository(session).add(account))

    def create_user(
        self,
        session: Session,
        *,
        email: str | None,
        email_verified: bool,
        display_name: str | None,
        locale: Locale = "ko",
    ) -> UserRead:
        account = UserAccount(
            id=str(uuid.uuid4()),
            locale=locale,
            is_guest=False,
            role="user",
            email_verified=False,
            display_name=_clip(display_name),
        )
        self._set_email(session, account, email, verified=email_verified)
        return self.read(UserRepository(session).add(account))

    def promote_guest(
        self,
        session: Session,
        user_id: str,
        *,
        email: str | None,
        email_verified: bool,
        display_name: str | None,
    ) -> UserRead:
        """Turn a guest into a full account, keeping its id (and so its scans)."""
        account = self._account(session, user_id)
        account.is_guest = False
        if account.role == "guest":
            account.role = "user"
        return self.fill_profile(
            session, user_id, email=email, email_verified=email_verified, display_name=display_name
        )

    def fill_profile(
        self,
        session: Session,
        user_id: str,
        *,
        email: str | None,
        email_verified: bool,
        display_name: str | None,
    ) -> UserRead:
        """Fill in what the account lacks from a newly linked identity; never overwrite."""
        account = self._account(session, user_id)
        self.add_profile_details(
            session, account, email=email, email_verified=email_verified, display_name=display_name
        )
        session.flush()
        return self.read(account)

    def add_profile_details(
        self,
        session: Session,
        account: UserAccount,
        *,
        email: str | None,
        email_verified: bool,
        display_name: str | None,
    ) -> None:
        if account.display_name is None:
            account.display_name = _clip(display_name)
        if email and account.email is None:
            normalized = normalize_email(email)
            if UserRepository(session).get_by_email(normalized) is None:
                self._set_email(session, account, normalized, verified=email_verified)

    def _set_email(
        self, session: Session, account: UserAccount, email: str | None, *, verified: bool
    ) -> None:
        if not email:
            return
        normalized = normalize_email(email)
        owner = UserRepository(session).get_by_email(normalized)
        if owner is not None and owner.id != account.id:
            raise EmailTaken()
        account.email = normalized
        account.email_verified = verified

    def update_profile(self, session: Session, user_id: str, changes: UserUpdate) -> UserRead:
        account = self._account(session, user_id)
        fields = changes.model_dump(exclude_unset=True)
        if "display_name" in fields:
            account.display_name = fields["display_name"]
        if fields.get("locale") is not None:
            account.locale = fields["locale"]
        session.flush()
        return self.read(account)

    def set_role(self, session: Session, *, email: str, role: Role) -> UserRead:
        account = UserRepository(session).get_by_email(normalize_email(email))
        if account is None or account.is_guest:
            raise UserNotFound({"email": email})
        account.role = role
        session.flush()
        return self.read(account)

    # -- scans (owned by the waste service) ----------------------------------------------------

    def list_scans(self, session: Session, user_id: str, *, limit: int, offset: int) -> ScanPage:
        self._account(session, user_id)
        return waste_owner_data().list_scans(session, owner_id=user_id, limit=limit, offset=offset)

    def stats(self, session: Session, user_id: str) -> OwnerStats:
        self._account(session, user_id)
        return waste_owner_data().owner_stats(session, owner_id=user_id)

    # -- merging and erasing ------------------------------------------------------------------

    def absorb_guest(self, session: Session, *, guest_id: str, into_user_id: str) -> int:
        """Move a guest's scans to another account and remove the guest; returns scans moved."""
        repository = UserRepository(session)
        guest = repository.get(guest_id)
        if guest is None or not guest.is_guest:
            raise UserNotFound({"id": guest_id})
        self._account(session, into_user_id)
        moved = waste_owner_data().reassign_owner(
            session, from_owner_id=guest_id, to_owner_id=into_user_id
        )
        repository.delete(guest)
        return moved

    def erase_account(self, session: Session, user_id: str) -> int:
        """Erase scans and personal data; the row stays as a tombstone. Returns scans erased."""
        account = self._account(session, user_id)
        erased = waste_owner_data().erase_owner(session, owner_id=user_id)
        account.display_name = None
        account.email = None
        account.email_verified = False
        account.deleted_at = utcnow()
        session.flush()
        return erased


def _clip(name: str | None) -> str | None:
    name = (name or "").strip()
    return name[:100] or None


users = UsersService()
