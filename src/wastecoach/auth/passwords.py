"""Password hashing with argon2id (pwdlib's recommended settings)."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> tuple[bool, str | None]:
    """(matches, new hash when the stored one uses outdated parameters)."""
    return _hasher.verify_and_update(password, password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password")


def burn_verification_time(password: str) -> None:
    """Spend what a real check costs, so unknown e-mails are not revealed by timing."""
    _hasher.verify(password, _dummy_hash())
