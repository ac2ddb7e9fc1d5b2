"""Queries of the users service."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wastecoach.users.models import UserAccount


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: str) -> UserAccount | None:
        account = self.session.get(UserAccount, user_id)
        return None if account is None or account.deleted_at is not None else account

    def get_by_email(self, email: str) -> UserAccount | None:
        query = select(UserAccount).where(
            UserAccount.email == email, UserAccount.deleted_at.is_(None)
        )
        return self.session.scalar(query)

    def add(self, account: UserAccount) -> UserAccount:
        self.session.add(account)
        self.session.flush()
        return account

    def delete(self, account: UserAccount) -> None:
        self.session.delete(account)
        self.session.flush()
