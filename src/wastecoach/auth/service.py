"""Logic of the auth service: sign-in (OAuth, password, guest), tokens and linked identities.

Users are reached only through ``wastecoach.users.service.users``; this service owns the
``auth`` tables (identities, password credentials, refresh tokens) and nothing else.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wastecoach.auth import oauth_state, refresh_tokens
from wastecoach.auth.config import AuthSettings, OAuthSettings
from wastecoach.auth.exceptions import (
    AlreadyRegistered,
    EmailAlreadyRegistered,
    IdentityLinkedElsewhere,
    IdentityNotFound,
    InvalidCredentials,
    LastSignInMethod,
    OAuthDenied,
    OAuthStateInvalid,
    OAuthStateMismatch,
    RedirectUriNotAllowed,
    RefreshTokenInvalid,
    RefreshTokenReused,
    WeakPassword,
)
from wastecoach.auth.models import Identity, PasswordCredential
from wastecoach.auth.passwords import burn_verification_time, hash_password, verify_password
from wastecoach.auth.providers import CodeExchange, ProviderProfile, get_provider
from wastecoach.auth.repository import (
    IdentityRepository,
    PasswordRepository,
    RefreshTokenRepository,
)
from wastecoach.auth.revocation import revoke_token
from wastecoach.auth.schemas import (
    GuestRequest,
    IdentityRead,
    LoginRequest,
    ProviderTokenRequest,
    RegisterRequest,
    TokenPair,
)
from wastecoach.auth.tasks import REVOKE_REFRESH_FAMILY
from wastecoach.core.config import get_settings
from wastecoach.core.ratelimit import enforce_rate_limit
from wastecoach.core.security import (
    Principal,
    get_key_store,
    get_token_settings,
    issue_access_token,
)
from wastecoach.core.tasks import enqueue
from wastecoach.core.timeutil import utcnow
from wastecoach.users.schemas import UserRead
from wastecoach.users.service import normalize_email
from wastecoach.users.service import users as users_service

logger = logging.getLogger(__name__)

STATE_COOKIE = "wastecoach_oauth_state_{provider}"


@dataclass(frozen=True)
class LoginStart:
    authorization_url: str
    cookie_name: str
    cookie_value: str
    cookie_max_age_s: int


@dataclass(frozen=True)
class LoginFinish:
    tokens: TokenPair
    redirect_uri: str


@dataclass(frozen=True)
class Caller:
    """Who is signing in again (a guest to upgrade or merge, or a user linking a provider)."""

    user_id: str
    token_id: str | None = None
    token_expires_at: int | None = None

    @classmethod
    def of(cls, principal: Principal) -> Caller:
        return cls(principal.user_id, principal.token_id, principal.expires_at)


def state_cookie_name(provider: str) -> str:
    return STATE_COOKIE.format(provider=provider)


def _limit(scope: str, subject: str, limit: int) -> None:
    enforce_rate_limit(f"auth.{scope}", subject, limit=limit, window_s=AuthSettings().rate_window_s)


class AuthService:
    # -- browser OAuth -------------------------------------------------------------------------

    def start_login(
        self, *, provider_name: str, redirect_uri: str | None, caller: Principal | None
    ) -> LoginStart:
        provider = get_provider(provider_name)
        settings = OAuthSettings()
        allowlist = settings.redirect_allowlist
        client_redirect = redirect_uri if redirect_uri is not None else allowlist[0]
        if client_redirect not in allowlist:
            raise RedirectUriNotAllowed({"redirect_uri": redirect_uri})
        state = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64) if provider.uses_pkce else None
        nonce = secrets.token_urlsafe(24) if provider.uses_nonce else None
        callback = f"{get_settings().public_base_url.rstrip('/')}/auth/{provider.name}/callback"
        oauth_state.save(
            state,
            oauth_state.PendingLogin(
                provider=provider.name,
                client_redirect_uri=client_redirect,
                provider_redirect_uri=callback,
                code_verifier=verifier,
                nonce=nonce,
                link_user_id=caller.user_id if caller else None,
                link_token_id=caller.token_id if caller else None,
                link_token_expires_at=caller.expires_at if caller else None,
            ),
            ttl_s=settings.state_ttl_s,
        )
        url = provider.authorization_url(
            redirect_uri=callback, state=state, code_verifier=verifier, nonce=nonce
        )
        return LoginStart(
            authorization_url=url,
            cookie_name=state_cookie_name(provider.name),
            cookie_value=oauth_state.cookie_value(state),
            cookie_max_age_s=settings.state_ttl_s,
        )

    def finish_login(
        self,
        session: Session,
        *,
        provider_name: str,
        state: str | None,
        code: str | None,
        error: str | None,
        state_cookie: str | None,
        client_ip: str,
    ) -> LoginFinish:
        provider = get_provider(provider_name)
        _limit("login.ip", client_ip, AuthSettings().login_per_ip)
        if not state:
            raise OAuthStateInvalid()
        if not oauth_state.cookie_matches(state_cookie, state):
            raise OAuthStateMismatch()
        pending = oauth_state.consume(state, ttl_s=OAuthSettings().state_ttl_s)
        if pending is None or pending.provider != provider.name:
            raise OAuthStateInvalid()
        if error or not code:
            raise OAuthDenied({"error": error or "no_code"})
        profile = provider.exchange_code(
            CodeExchange(
                code=code,
                redirect_uri=pending.provider_redirect_uri,
                state=state,
                code_verifier=pending.code_verifier,
                nonce=pending.nonce,
            )
        )
        caller = (
            Caller(pending.link_user_id, pending.link_token_id, pending.link_token_expires_at)
            if pending.link_user_id
            else None
        )
        user = self._sign_in_with_profile(session, profile, caller)
        return LoginFinish(self._issue(session, user), pending.client_redirect_uri)

    # -- mobile SDKs ---------------------------------------------------------------------------

    def sign_in_with_provider_token(
        self,
        session: Session,
        *,
        provider_name: str,
        credential: ProviderTokenRequest,
        caller: Principal | None,
        client_ip: str,
    ) -> TokenPair:
        provider = get_provider(provider_name)
        _limit("login.ip", client_ip, AuthSettings().login_per_ip)
        if credential.access_token:
            profile = provider.profile_from_sdk_access_token(credential.access_token)
        elif credential.id_token:
            profile = provider.profile_from_id_token(credential.id_token, nonce=credential.nonce)
        else:
            assert credential.code and credential.redirect_uri  # checked by the schema
            profile = provider.exchange_code(
                CodeExchange(
                    code=credential.code,
                    redirect_uri=credential.redirect_uri,
                    state=credential.state,
                    code_verifier=credential.code_verifier,
                    nonce=credential.nonce,
                )
            )
        linking = Caller.of(caller) if caller else None
        user = self._sign_in_with_profile(session, profile, linking)
        return self._issue(session, user)

    def _sign_in_with_profile(
        self, session: Session, profile: ProviderProfile, caller: Caller | None
    ) -> UserRead:
        identities = IdentityRepository(session)
        identity = identities.find(profile.provider, profile.subject)
        linking = users_service.find_user(session, caller.user_id) if caller else None
        email = self._free_email(session, profile.email)

        if identity is None:
            if linking is None:
                user = users_service.create_user(
                    session,
                    email=email,
                    email_verified=profile.email_verified,
                    display_name=profile.display_name,
                )
            elif linking.is_guest:
                user = users_service.promote_guest(
                    session,
                    linking.id,
                    email=email,
                    email_verified=profile.email_verified,
                    display_name=profile.display_name,
                )
            else:
                user = users_service.fill_profile(
                    session,
                    linking.id,
                    email=email,
                    email_verified=profile.email_verified,
                    display_name=profile.display_name,
                )
            identities.add(
                Identity(
                    provider=profile.provider,
                    subject=profile.subject,
                    user_id=user.id,
                    email=profile.email,
                )
            )
            return user

        if linking is not None and linking.id != identity.user_id:
            if not linking.is_guest:
                raise IdentityLinkedElsewhere({"provider": profile.provider})
            assert caller is not None
            self._merge_guest(session, guest=caller, into_user_id=identity.user_id)
        identity.last_login_at = utcnow()
        identity.email = profile.email or identity.email
        return users_service.get_user(session, identity.user_id)

    def _free_email(self, session: Session, email: str | None) -> str | None:
        if not email or users_service.find_by_email(session, email) is not None:
            return None
        return email

    def _merge_guest(self, session: Session, *, guest: Caller, into_user_id: str) -> None:
        """The guest signed in to an existing account: its scans move there, the guest goes."""
        moved = users_service.absorb_guest(
            session, guest_id=guest.user_id, into_user_id=into_user_id
        )
        refresh_tokens.revoke_all_for_user(session, guest.user_id)
        if guest.token_id and guest.token_expires_at:
            revoke_token(guest.token_id, expires_at=guest.token_expires_at)
        logger.info("merged a guest into an account (%d scans moved)", moved)

    # -- local accounts and guests -------------------------------------------------------------

    def register(
        self, session: Session, *, data: RegisterRequest, caller: Principal | None, client_ip: str
    ) -> TokenPair:
        settings = AuthSettings()
        _limit("register.ip", client_ip, settings.register_per_ip)
        if len(data.password) < settings.password_min_length:
            raise WeakPassword(min_length=settings.password_min_length)
        email = normalize_email(data.email)
        passwords = PasswordRepository(session)
        if passwords.by_email(email) or users_service.find_by_email(session, email):
            raise EmailAlreadyRegistered()
        current = users_service.find_user(session, caller.user_id) if caller else None
        if current is not None and not current.is_guest:
            raise AlreadyRegistered()
        if current is not None:
            user = users_service.promote_guest(
                session,
                current.id,
                email=email,
                email_verified=False,
                display_name=data.display_name,
            )
        else:
            user = users_service.create_user(
                session,
                email=email,
                email_verified=False,
                display_name=data.display_name,
                locale=data.locale,
            )
        passwords.add(
            PasswordCredential(
                user_id=user.id, email=email, password_hash=hash_password(data.password)
            )
        )
        return self._issue(session, user)

    def login(
        self, session: Session, *, data: LoginRequest, caller: Principal | None, client_ip: str
    ) -> TokenPair:
        settings = AuthSettings()
        email = normalize_email(data.email)
        _limit("login.ip", client_ip, settings.login_per_ip)
        _limit("login.account", email, settings.login_per_account)
        credential = PasswordRepository(session).by_email(email)
        if credential is None:
            burn_verification_time(data.password)
            raise InvalidCredentials()
        valid, new_hash = verify_password(data.password, credential.password_hash)
        if not valid:
            raise InvalidCredentials()
        if new_hash:
            credential.password_hash = new_hash
            credential.updated_at = utcnow()
        user = users_service.find_user(session, credential.user_id)
        if user is None:
            raise InvalidCredentials()
        if caller is not None and caller.user_id != user.id and caller.is_guest:
            self._merge_guest(session, guest=Caller.of(caller), into_user_id=user.id)
        return self._issue(session, user)

    def create_guest(self, session: Session, *, data: GuestRequest, client_ip: str) -> TokenPair:
        _limit("guest.ip", client_ip, AuthSettings().guest_per_ip)
        return self._issue(session, users_service.create_guest(session, locale=data.locale))

    # -- tokens --------------------------------------------------------------------------------

    def _issue(
        self, session: Session, user: UserRead, *, family_id: str | None = None
    ) -> TokenPair:
        refresh = refresh_tokens.issue(session, user_id=user.id, family_id=family_id)
        return TokenPair(
            access_token=issue_access_token(user.id, user.role),
            expires_in=get_token_settings().access_ttl_s,
            refresh_token=refresh.token,
            refresh_expires_in=refresh.ttl_s,
            user_id=user.id,
            role=user.role,
        )

    def refresh(self, session: Session, *, refresh_token: str, client_ip: str) -> TokenPair:
        settings = AuthSettings()
        _limit("refresh.ip", client_ip, settings.refresh_per_ip)
        repository = RefreshTokenRepository(session)
        stored = repository.by_hash(refresh_tokens.hash_token(refresh_token))
        if stored is None:
            raise RefreshTokenInvalid()
        _limit("refresh.account", stored.user_id, settings.refresh_per_account)
        if stored.revoked_at is not None or refresh_tokens.family_revoked_in_cache(
            stored.family_id
        ):
            raise RefreshTokenInvalid()
        now = utcnow()
        if stored.rotated_at is not None or not repository.mark_rotated(stored.id, now):
            # A rotated token came back: someone holds a copy. End the whole sign-in. This
            # request's transaction is about to roll back, so the database write is a task.
            refresh_tokens.mark_family_revoked(stored.family_id)
            enqueue(REVOKE_REFRESH_FAMILY, stored.family_id)
            logger.warning("refresh token reuse; family revoked")
            raise RefreshTokenReused()
        if refresh_tokens.is_expired(stored, now):
            raise RefreshTokenInvalid()
        user = users_service.find_user(session, stored.user_id)
        if user is None:
            raise RefreshTokenInvalid()
        return self._issue(session, user, family_id=stored.family_id)

    def logout(self, session: Session, *, principal: Principal, refresh_token: str | None) -> None:
        revoke_token(principal.token_id, expires_at=principal.expires_at)
        if not refresh_token:
            return
        stored = RefreshTokenRepository(session).by_hash(refresh_tokens.hash_token(refresh_token))
        if stored is not None and stored.user_id == principal.user_id:
            refresh_tokens.revoke_family(session, stored.family_id)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return get_key_store().jwks()

    # -- linked identities ---------------------------------------------------------------------

    def list_identities(self, session: Session, *, user_id: str) -> list[IdentityRead]:
        return [
            IdentityRead(
                id=identity.id,
                provider=identity.provider,
                email=identity.email,
                created_at=identity.created_at,
                last_login_at=identity.last_login_at,
            )
            for identity in IdentityRepository(session).for_user(user_id)
        ]

    def unlink_identity(self, session: Session, *, user_id: str, identity_id: int) -> None:
        identities = IdentityRepository(session)
        identity = identities.get(identity_id)
        if identity is None or identity.user_id != user_id:
            raise IdentityNotFound({"id": identity_id})
        methods = len(identities.for_user(user_id))
        if PasswordRepository(session).get(user_id) is not None:
            methods += 1
        if methods <= 1:
            raise LastSignInMethod()
        identities.remove(identity)

    def forget_user(self, session: Session, *, principal: Principal) -> None:
        """Remove everything auth knows about a user who deletes their account."""
        IdentityRepository(session).delete_for_user(principal.user_id)
        PasswordRepository(session).delete_for_user(principal.user_id)
        refresh_tokens.revoke_all_for_user(session, principal.user_id)
        revoke_token(principal.token_id, expires_at=principal.expires_at)


auth = AuthService()
