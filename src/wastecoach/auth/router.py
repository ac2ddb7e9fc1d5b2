"""HTTP endpoints of the auth service: sign-in, tokens, linked identities and the JWKS."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Query, Request, Response, status
from fastapi.responses import JSONResponse, RedirectResponse

from wastecoach.auth.dependencies import ClientIp, CurrentUser, DbSession, OptionalUser
from wastecoach.auth.providers import enabled_providers
from wastecoach.auth.schemas import (
    AuthorizationUrl,
    GuestRequest,
    IdentityRead,
    Jwks,
    LoginRequest,
    LogoutRequest,
    ProvidersRead,
    ProviderTokenRequest,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
)
from wastecoach.auth.service import auth as auth_service
from wastecoach.auth.service import state_cookie_name
from wastecoach.core.config import get_settings
from wastecoach.core.deps import DbId

router = APIRouter(tags=["auth"])
_errors: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad request (error format)"},
    401: {"description": "Not authenticated (error format)"},
    404: {"description": "Not found (error format)"},
    409: {"description": "Conflict (error format)"},
    429: {"description": "Rate limited (error format)"},
    502: {"description": "Provider unreachable (error format)"},
}
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _no_store(response: Response) -> None:
    response.headers.update(_NO_STORE)


@router.get("/.well-known/jwks.json", response_model=Jwks)
def jwks() -> dict[str, list[dict[str, str]]]:
    """Public keys that verify our access tokens (current and retired, by ``kid``)."""
    return auth_service.jwks()


@router.get("/auth/providers", response_model=ProvidersRead)
def providers() -> ProvidersRead:
    return ProvidersRead(providers=list(enabled_providers()))


@router.get(
    "/auth/{provider}/login",
    response_model=AuthorizationUrl,
    responses={**_errors, 302: {"description": "To the provider's authorization page"}},
)
def oauth_login(
    provider: str,
    request: Request,
    caller: OptionalUser,
    redirect_uri: Annotated[str | None, Query(max_length=2048)] = None,
) -> Response:
    """Start a browser sign-in. With a bearer token, the provider is linked to that account
    (a guest keeps its id). ``Accept: application/json`` returns the URL instead of a 302."""
    start = auth_service.start_login(
        provider_name=provider, redirect_uri=redirect_uri, caller=caller
    )
    response: Response
    if _wants_json(request):
        response = JSONResponse({"authorization_url": start.authorization_url})
    else:
        response = RedirectResponse(start.authorization_url, status_code=status.HTTP_302_FOUND)
    response.set_cookie(
        start.cookie_name,
        start.cookie_value,
        max_age=start.cookie_max_age_s,
        path="/auth",
        httponly=True,
        samesite="lax",
        secure=get_settings().public_base_url.startswith("https://"),
    )
    _no_store(response)
    return response


@router.get(
    "/auth/{provider}/callback",
    response_model=TokenPair,
    responses={**_errors, 302: {"description": "To redirect_uri, tokens in the fragment"}},
)
def oauth_callback(
    provider: str,
    request: Request,
    session: DbSession,
    client_ip: ClientIp,
    state: Annotated[str | None, Query(max_length=512)] = None,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Where the provider sends the browser back; issues our tokens."""
    finish = auth_service.finish_login(
        session,
        provider_name=provider,
        state=state,
        code=code,
        error=error,
        state_cookie=request.cookies.get(state_cookie_name(provider)),
        client_ip=client_ip,
    )
    response: Response
    if _wants_json(request):
        response = JSONResponse(finish.tokens.model_dump(mode="json"))
    else:
        fragment = urlencode(finish.tokens.model_dump(mode="json"))
        response = RedirectResponse(
            f"{finish.redirect_uri}#{fragment}", status_code=status.HTTP_302_FOUND
        )
        response.headers["Referrer-Policy"] = "no-referrer"
    response.delete_cookie(state_cookie_name(provider), path="/auth")
    _no_store(response)
    return response


@router.post("/auth/{provider}/token", response_model=TokenPair, responses=_errors)
def provider_token(
    provider: str,
    credential: ProviderTokenRequest,
    session: DbSession,
    caller: OptionalUser,
    client_ip: ClientIp,
    response: Response,
) -> TokenPair:
    """Sign in with what a mobile SDK returned (access token, Google ID token, or code)."""
    _no_store(response)
    return auth_service.sign_in_with_provider_token(
        session, provider_name=provider, credential=credential, caller=caller, client_ip=client_ip
    )


@router.post(
    "/auth/register",
    response_model=TokenPair,
    status_code=status.HTTP_201_CREATED,
    responses=_errors,
)
def register(
    data: RegisterRequest,
    session: DbSession,
    caller: OptionalUser,
    client_ip: ClientIp,
    response: Response,
) -> TokenPair:
    """Create a local account; with a guest's bearer token the guest becomes that account."""
    _no_store(response)
    return auth_service.register(session, data=data, caller=caller, client_ip=client_ip)


@router.post("/auth/login", response_model=TokenPair, responses=_errors)
def login(
    data: LoginRequest,
    session: DbSession,
    caller: OptionalUser,
    client_ip: ClientIp,
    response: Response,
) -> TokenPair:
    _no_store(response)
    return auth_service.login(session, data=data, caller=caller, client_ip=client_ip)


@router.post(
    "/auth/guest",
    response_model=TokenPair,
    status_code=status.HTTP_201_CREATED,
    responses=_errors,
)
def guest(
    session: DbSession,
    client_ip: ClientIp,
    response: Response,
    data: Annotated[GuestRequest | None, Body()] = None,
) -> TokenPair:
    """An anonymous account, so the app works before (or without) signing in."""
    _no_store(response)
    return auth_service.create_guest(session, data=data or GuestRequest(), client_ip=client_ip)


@router.post("/auth/refresh", response_model=TokenPair, responses=_errors)
def refresh(
    data: RefreshRequest, session: DbSession, client_ip: ClientIp, response: Response
) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token stops working."""
    _no_store(response)
    return auth_service.refresh(session, refresh_token=data.refresh_token, client_ip=client_ip)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=_errors)
def logout(
    principal: CurrentUser,
    session: DbSession,
    data: Annotated[LogoutRequest | None, Body()] = None,
) -> Response:
    """Revoke this access token and, when given, the refresh token's whole family."""
    auth_service.logout(
        session, principal=principal, refresh_token=data.refresh_token if data else None
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/auth/identities", response_model=list[IdentityRead], responses=_errors)
def list_identities(principal: CurrentUser, session: DbSession) -> list[IdentityRead]:
    return auth_service.list_identities(session, user_id=principal.user_id)


@router.delete(
    "/auth/identities/{identity_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_errors
)
def unlink_identity(identity_id: DbId, principal: CurrentUser, session: DbSession) -> Response:
    auth_service.unlink_identity(session, user_id=principal.user_id, identity_id=identity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
