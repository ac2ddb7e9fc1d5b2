"""Who is calling: dependencies every service uses to authorise requests."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wastecoach.auth.revocation import is_token_revoked
from wastecoach.core.deps import DbSession, Language
from wastecoach.core.errors import Forbidden, Unauthorized
from wastecoach.core.security import Principal, TokenInvalid, verify_access_token

_bearer = HTTPBearer(auto_error=False, description="Access token from /auth (guest or user)")


def _principal(credentials: HTTPAuthorizationCredentials | None) -> Principal | None:
    if credentials is None:
        return None
    principal = verify_access_token(credentials.credentials)
    if is_token_revoked(principal.token_id):
        raise TokenInvalid()
    return principal


def get_optional_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    return _principal(credentials)


def get_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    principal = _principal(credentials)
    if principal is None:
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    return principal


def get_admin_user(principal: Annotated[Principal, Depends(get_current_user)]) -> Principal:
    if not principal.is_admin:
        raise Forbidden()
    return principal


def get_client_ip(request: Request) -> str:
    # Behind a proxy, uvicorn's proxy_headers has already put the client address here.
    return request.client.host if request.client else "unknown"


CurrentUser = Annotated[Principal, Depends(get_current_user)]
OptionalUser = Annotated[Principal | None, Depends(get_optional_user)]
AdminUser = Annotated[Principal, Depends(get_admin_user)]
ClientIp = Annotated[str, Depends(get_client_ip)]

__all__ = ["AdminUser", "ClientIp", "CurrentUser", "DbSession", "Language", "OptionalUser"]
