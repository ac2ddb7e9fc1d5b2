"""Loopback fakes of the Kakao, Naver and Google (OIDC) authorization-code flows.

Each fake serves the provider's documented paths, so the app under test only swaps the base
URL. The authorize endpoint simulates a consenting user: it 302-redirects straight back to
``redirect_uri`` with ``code`` and ``state``. A :class:`FakeProvider` controller configures the
user, scripts failures and records every request.

Wire shapes and where they come from (see the report that came with these files):
- Kakao: kauth ``/oauth/authorize`` + ``/oauth/token``, kapi ``/v2/user/me``; token errors
  ``{error, error_description, error_code}`` (KOE320 for an unknown or used code); an unknown
  access token gets 401 ``{"msg": "this access token does not exist", "code": -401}``.
- Naver: ``/oauth2.0/authorize``, ``/oauth2.0/token`` (GET or POST), ``/v1/nid/me``; token
  errors come back with HTTP 200 and ``{error, error_description}``; ``expires_in`` is a string;
  an unknown access token gets 401 ``{"resultcode": "024", "message": "Authentication failed"}``.
- Google: discovery document, ``/o/oauth2/v2/auth``, ``/token``, ``/oauth2/v3/certs``,
  ``/v1/userinfo`` (openidconnect host) and ``/oauth2/v3/userinfo``; RS256 ID tokens.

Token introspection, for access tokens a mobile SDK obtained (``issue_access_token`` mints one
for our client or, with ``for_another_app=True``, for a different app):
- Kakao: kapi ``/v1/user/access_token_info`` -> ``{id, expires_in, app_id}`` (expires_in in
  seconds); an unknown token gets the same 401 -401 body as ``/v2/user/me``.
- Naver: openapi ``/v1/nid/verify`` -> ``{resultcode, message, response: {token, expire_date,
  allowed_profile}}``: no client id, as documented. Naver user ids differ per app, so
  ``/v1/nid/me`` answers another app's token with a different id for the same person.
- Google: ``/tokeninfo?access_token=`` (the oauth2.googleapis.com path) -> string-valued
  ``{azp, aud, sub, scope, exp, expires_in, email, email_verified, access_type}``; an unknown
  token gets 400 ``{"error": "invalid_token", "error_description": "Invalid Value"}``.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .server import LoopbackServer


class Provider(enum.StrEnum):
    KAKAO = "kakao"
    NAVER = "naver"
    GOOGLE = "google"


class TokenError(enum.Enum):
    """Why a token request fails; each provider renders it in its own documented shape."""

    MISSING_PARAMETER = "missing_parameter"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"
    UNKNOWN_CLIENT = "unknown_client"
    BAD_CLIENT_SECRET = "bad_client_secret"
    INVALID_CODE = "invalid_code"  # unknown, already used, or expired
    REDIRECT_URI_MISMATCH = "redirect_uri_mismatch"
    STATE_MISMATCH = "state_mismatch"
    PKCE_VERIFIER_MISSING = "pkce_verifier_missing"
    PKCE_VERIFIER_MISMATCH = "pkce_verifier_mismatch"
    TEMPORARILY_UNAVAILABLE = "temporarily_unavailable"


class IdTokenFault(enum.Enum):
    """Ways to spoil the next ID token, for testing the client's verification."""

    EXPIRED = "expired"
    WRONG_NONCE = "wrong_nonce"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_ISSUER = "wrong_issuer"
    FOREIGN_KEY = "foreign_key"  # signed by a key absent from the JWKS, under a published kid
    ALG_NONE = "alg_none"


@dataclass(frozen=True)
class FakeUser:
    """The account that "consents" at the next authorize call.

    ``subject`` must be digits for Kakao, whose user id is a number. ``email=None`` models a
    user who did not share an e-mail address.
    """

    subject: str = "4242424242"
    email: str | None = "tester@example.com"
    email_verified: bool = True
    name: str = "김테스트"
    nickname: str = "테스터"
    picture: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]

    @property
    def params(self) -> dict[str, str]:
        """Query and form parameters together (form wins)."""
        return {**self.query, **self.form}


@dataclass
class _Grant:
    code: str
    client_id: str
    redirect_uri: str
    state: str | None
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    access_type: str | None
    user: FakeUser
    issued_at: float
    used: bool = False
    access_tokens: list[str] = field(default_factory=list)


@dataclass
class _AccessToken:
    user: FakeUser
    scope: str
    expires_at: float
    connected_at: float
    client_id: str = ""  # the app the token was issued to
    revoked: bool = False


@dataclass(frozen=True)
class _SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    @classmethod
    def generate(cls) -> _SigningKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(kid=secrets.token_hex(20), private_key=key)

    def public_jwk(self) -> dict[str, str]:
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
        }


@dataclass(frozen=True)
class _ErrorResponse:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_uint(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def s256_challenge(verifier: str) -> str:
    """The RFC 7636 S256 code challenge for ``verifier``."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def _with_query(uri: str, params: Mapping[str, str]) -> str:
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(params)}"


GOOGLE_SCOPE_URLS = {
    "email": "https://www.googleapis.com/auth/userinfo.email",
    "profile": "https://www.googleapis.com/auth/userinfo.profile",
}
FOREIGN_AUDIENCE = "someone-else.apps.googleusercontent.com"
FOREIGN_ISSUER = "https://issuer.invalid"
# Another app registered with the same provider (synthetic identifiers).
FOREIGN_CLIENT_IDS = {
    "kakao": "another-kakao-rest-api-key",
    "naver": "another-naver-client-id",
    "google": FOREIGN_AUDIENCE,
}
FAKE_KAKAO_APP_ID = 100001
FOREIGN_KAKAO_APP_ID = 100002


class FakeProvider:
    """Controller and state of one fake provider. Thread-safe: the server runs in a thread."""

    def __init__(
        self,
        provider: Provider,
        *,
        client_id: str,
        client_secret: str,
        registered_redirect_uris: list[str] | None = None,
        code_ttl_seconds: float = 600.0,
        access_token_ttl_seconds: int = 3599,
        app_id: int | None = None,
    ) -> None:
        self.provider = provider
        self.client_id = client_id
        self.client_secret = client_secret
        self.app_id = app_id  # Kakao's numeric app id (its REST API key is the client id)
        # None accepts any redirect_uri at authorize; the token call must still repeat it exactly.
        self.registered_redirect_uris = registered_redirect_uris
        self.code_ttl_seconds = code_ttl_seconds
        self.access_token_ttl_seconds = access_token_ttl_seconds
        self.issuer = ""  # set to the base URL when served
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._user = FakeUser()
        self._grants: dict[str, _Grant] = {}
        self._access_tokens: dict[str, _AccessToken] = {}
        self._clock_offset = 0.0
        self._next_token_failure: TokenError | None = None
        self._deny_next_authorization = False
        self._next_id_token_fault: IdTokenFault | None = None
        self._signing_keys: list[_SigningKey] = (
            [_SigningKey.generate()] if provider is Provider.GOOGLE else []
        )

    @classmethod
    def kakao(cls, **kwargs: Any) -> FakeProvider:
        kwargs.setdefault("access_token_ttl_seconds", 21599)
        kwargs.setdefault("app_id", FAKE_KAKAO_APP_ID)
        return cls(
            Provider.KAKAO,
            client_id=kwargs.pop("client_id", "fake-kakao-rest-api-key"),
            client_secret=kwargs.pop("client_secret", "fake-kakao-client-secret"),
            **kwargs,
        )

    @classmethod
    def naver(cls, **kwargs: Any) -> FakeProvider:
        return cls(
            Provider.NAVER,
            client_id=kwargs.pop("client_id", "fake-naver-client-id"),
            client_secret=kwargs.pop("client_secret", "fake-naver-secret"),
            **kwargs,
        )

    @classmethod
    def google(cls, **kwargs: Any) -> FakeProvider:
        return cls(
            Provider.GOOGLE,
            client_id=kwargs.pop("client_id", "fake-client.apps.googleusercontent.com"),
            client_secret=kwargs.pop("client_secret", "GOCSPX-fake-secret"),
            **kwargs,
        )

    # ---- test-facing controls ---------------------------------------------------------------

    def set_next_user(self, user: FakeUser) -> None:
        """The account that consents at every following authorize call."""
        with self._lock:
            self._user = user

    def fail_next_token(self, reason: TokenError = TokenError.TEMPORARILY_UNAVAILABLE) -> None:
        """Make the next token call fail with ``reason``, whatever it sends."""
        with self._lock:
            self._next_token_failure = reason

    def deny_next_authorization(self) -> None:
        """The next authorize call redirects back with ``error=access_denied``."""
        with self._lock:
            self._deny_next_authorization = True

    def spoil_next_id_token(self, fault: IdTokenFault) -> None:
        with self._lock:
            self._next_id_token_fault = fault

    def rotate_signing_key(self, *, keep_previous: bool = True) -> str:
        """Sign from now on with a new key; returns its kid. The JWKS lists the new key first."""
        new_key = _SigningKey.generate()
        with self._lock:
            previous = self._signing_keys[:1] if keep_previous else []
            self._signing_keys = [new_key, *previous]
        return new_key.kid

    @property
    def current_kid(self) -> str:
        return self._signing_keys[0].kid

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock for code and access-token expiry (not for ID token claims)."""
        with self._lock:
            self._clock_offset += seconds

    def issue_access_token(
        self,
        user: FakeUser | None = None,
        *,
        for_another_app: bool = False,
        client_id: str | None = None,
        scope: str = "openid email profile",
    ) -> str:
        """An access token as a mobile SDK holds it, without the code flow.

        ``for_another_app`` issues it to a different app of the same provider: the user-info
        endpoint still accepts it, only the introspection endpoints tell it apart.
        ``client_id`` names the client explicitly (say, our own Android client at Google).
        """
        if client_id is None:
            client_id = FOREIGN_CLIENT_IDS[self.provider] if for_another_app else self.client_id
        token = secrets.token_urlsafe(40)
        now = self._now()
        with self._lock:
            self._access_tokens[token] = _AccessToken(
                user=user or self._user,
                scope=scope,
                expires_at=now + self.access_token_ttl_seconds,
                connected_at=now,
                client_id=client_id,
            )
        return token

    def _app_id_of(self, token: _AccessToken) -> int | None:
        if self.provider is not Provider.KAKAO:
            return None
        return self.app_id if token.client_id == self.client_id else FOREIGN_KAKAO_APP_ID

    def _subject_for(self, token: _AccessToken) -> str:
        """The user id as the token's app sees it (Naver ids differ per app)."""
        if self.provider is not Provider.NAVER or token.client_id == self.client_id:
            return token.user.subject
        digest = hashlib.sha256(f"{token.client_id}:{token.user.subject}".encode()).digest()
        return _b64url(digest)[:43]

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        with self._lock:
            return {"keys": [key.public_jwk() for key in self._signing_keys]}

    # ---- shared protocol logic ----------------------------------------------------------------

    def _now(self) -> float:
        return time.time() + self._clock_offset

    async def _record(self, request: Request) -> RecordedRequest:
        form: dict[str, str] = {}
        if request.method == "POST":
            form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        recorded = RecordedRequest(
            method=request.method,
            path=request.url.path,
            query=dict(request.query_params),
            form=form,
            headers={k.lower(): v for k, v in request.headers.items()},
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    def _redirect_uri_allowed(self, redirect_uri: str) -> bool:
        registered = self.registered_redirect_uris
        return registered is None or redirect_uri in registered

    def _authorize(self, params: Mapping[str, str]) -> Response:
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        if client_id != self.client_id:
            return self._authorize_page_error("unknown_client", client_id)
        if not redirect_uri or not self._redirect_uri_allowed(redirect_uri):
            return self._authorize_page_error("redirect_uri", redirect_uri)

        state = params.get("state")
        back: dict[str, str] = {} if state is None else {"state": state}

        def redirect_error(error: str, description: str) -> Response:
            return RedirectResponse(
                _with_query(
                    redirect_uri, {**back, "error": error, "error_description": description}
                ),
                status_code=302,
            )

        if params.get("response_type") != "code":
            return redirect_error("unsupported_response_type", "response_type must be code")
        if self.provider is Provider.NAVER and not state:
            return redirect_error("invalid_request", "state is required")
        scope = params.get("scope", "")
        if self.provider is Provider.GOOGLE and not scope:
            return redirect_error("invalid_request", "Missing required parameter: scope")
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge is not None:
            method = method or "plain"  # RFC 7636 default
            if method not in ("S256", "plain"):
                return redirect_error("invalid_request", "code_challenge_method not supported")
        with self._lock:
            if self._deny_next_authorization:
                self._deny_next_authorization = False
                return redirect_error("access_denied", _ACCESS_DENIED_TEXT[self.provider])
            code = secrets.token_urlsafe(32)
            self._grants[code] = _Grant(
                code=code,
                client_id=client_id,
                redirect_uri=redirect_uri,
                state=state,
                scope=scope,
                nonce=params.get("nonce"),
                code_challenge=challenge,
                code_challenge_method=method if challenge is not None else None,
                access_type=params.get("access_type"),
                user=self._user,
                issued_at=self._now(),
            )
        result = {"code": code, **back}
        if self.provider is Provider.GOOGLE:
            result["scope"] = _google_granted_scope(scope)
        return RedirectResponse(_with_query(redirect_uri, result), status_code=302)

    def _authorize_page_error(self, what: str, value: str) -> Response:
        # Real providers show an error page here and never redirect to an unvetted URI.
        text = _AUTHORIZE_PAGE_ERRORS[self.provider][what]
        status = 401 if (self.provider is Provider.GOOGLE and what == "unknown_client") else 400
        return PlainTextResponse(f"{text} ({value!r})", status_code=status)

    def _redeem(self, params: Mapping[str, str], basic_auth: tuple[str, str] | None) -> _Grant:
        """Validate a token request and consume its code; raises _TokenFailure."""
        with self._lock:
            scripted = self._next_token_failure
            self._next_token_failure = None
        if scripted is not None:
            raise _TokenFailure(scripted)
        grant_type = params.get("grant_type")
        if not grant_type:
            raise _TokenFailure(TokenError.MISSING_PARAMETER, "grant_type")
        if grant_type != "authorization_code":
            raise _TokenFailure(TokenError.UNSUPPORTED_GRANT_TYPE, grant_type)
        client_id = params.get("client_id") or (basic_auth[0] if basic_auth else "")
        client_secret = params.get("client_secret") or (basic_auth[1] if basic_auth else "")
        if not client_id:
            raise _TokenFailure(TokenError.MISSING_PARAMETER, "client_id")
        if client_id != self.client_id:
            raise _TokenFailure(TokenError.UNKNOWN_CLIENT, client_id)
        if client_secret != self.client_secret:
            raise _TokenFailure(TokenError.BAD_CLIENT_SECRET)
        code = params.get("code")
        if not code:
            raise _TokenFailure(TokenError.MISSING_PARAMETER, "code")
        with self._lock:
            grant = self._grants.get(code)
            if grant is None or grant.client_id != client_id:
                raise _TokenFailure(TokenError.INVALID_CODE, code)
            if grant.used:
                # RFC 6749 4.1.2: a replayed code should revoke what it already yielded.
                for token in grant.access_tokens:
                    self._access_tokens[token].revoked = True
                raise _TokenFailure(TokenError.INVALID_CODE, code)
            if self._now() - grant.issued_at > self.code_ttl_seconds:
                grant.used = True
                raise _TokenFailure(TokenError.INVALID_CODE, code)
            self._check_redirect_and_state(grant, params)
            self._check_pkce(grant, params.get("code_verifier"))
            grant.used = True
            return grant

    def _check_redirect_and_state(self, grant: _Grant, params: Mapping[str, str]) -> None:
        redirect_uri = params.get("redirect_uri")
        if self.provider is Provider.NAVER:
            # Naver's token call carries state instead of redirect_uri.
            if not params.get("state"):
                raise _TokenFailure(TokenError.MISSING_PARAMETER, "state")
            if params["state"] != grant.state:
                raise _TokenFailure(TokenError.STATE_MISMATCH)
            if redirect_uri is not None and redirect_uri != grant.redirect_uri:
                raise _TokenFailure(TokenError.REDIRECT_URI_MISMATCH)
            return
        if not redirect_uri:
            raise _TokenFailure(TokenError.MISSING_PARAMETER, "redirect_uri")
        if redirect_uri != grant.redirect_uri:
            raise _TokenFailure(TokenError.REDIRECT_URI_MISMATCH)

    @staticmethod
    def _check_pkce(grant: _Grant, verifier: str | None) -> None:
        if grant.code_challenge is None:
            return
        if not verifier:
            raise _TokenFailure(TokenError.PKCE_VERIFIER_MISSING)
        expected = s256_challenge(verifier) if grant.code_challenge_method == "S256" else verifier
        if not secrets.compare_digest(expected, grant.code_challenge):
            raise _TokenFailure(TokenError.PKCE_VERIFIER_MISMATCH)

    def _issue_access_token(self, grant: _Grant) -> str:
        token = secrets.token_urlsafe(40)
        now = self._now()
        with self._lock:
            self._access_tokens[token] = _AccessToken(
                user=grant.user,
                scope=grant.scope,
                expires_at=now + self.access_token_ttl_seconds,
                connected_at=grant.issued_at,
                client_id=grant.client_id,
            )
            grant.access_tokens.append(token)
        return token

    def _bearer(self, request: Request) -> _AccessToken | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        return self._live_token(token.strip())

    def _live_token(self, token: str) -> _AccessToken | None:
        with self._lock:
            found = self._access_tokens.get(token)
            if found is None or found.revoked or self._now() >= found.expires_at:
                return None
            return found

    def _seconds_left(self, token: _AccessToken) -> int:
        return max(0, int(token.expires_at - self._now()))

    def _id_token(self, grant: _Grant, access_token: str) -> str:
        with self._lock:
            fault = self._next_id_token_fault
            self._next_id_token_fault = None
            key = self._signing_keys[0]
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "azp": self.client_id,
            "aud": self.client_id,
            "sub": grant.user.subject,
            "at_hash": _b64url(hashlib.sha256(access_token.encode()).digest()[:16]),
            "iat": now,
            "exp": now + 3599,
            **_google_identity_claims(grant.user, grant.scope),
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        if fault is IdTokenFault.EXPIRED:
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif fault is IdTokenFault.WRONG_NONCE:
            claims["nonce"] = f"not-{grant.nonce or 'requested'}"
        elif fault is IdTokenFault.WRONG_AUDIENCE:
            claims["aud"] = claims["azp"] = FOREIGN_AUDIENCE
        elif fault is IdTokenFault.WRONG_ISSUER:
            claims["iss"] = FOREIGN_ISSUER
        elif fault is IdTokenFault.ALG_NONE:
            header = {"alg": "none", "kid": key.kid, "typ": "JWT"}
            return ".".join(
                [
                    _b64url(json.dumps(header).encode()),
                    _b64url(json.dumps(claims).encode()),
                    "",
                ]
            )
        signer = key.private_key
        if fault is IdTokenFault.FOREIGN_KEY:
            signer = _SigningKey.generate().private_key
        return jwt.encode(claims, signer, algorithm="RS256", headers={"kid": key.kid, "typ": "JWT"})


class _TokenFailure(Exception):
    def __init__(self, reason: TokenError, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


_ACCESS_DENIED_TEXT = {
    Provider.KAKAO: "User denied access",
    Provider.NAVER: "Canceled By User",
    Provider.GOOGLE: "The user denied the request",
}

_AUTHORIZE_PAGE_ERRORS = {
    Provider.KAKAO: {
        "unknown_client": "KOE101: invalid app key",
        "redirect_uri": "KOE006: redirect_uri is not registered",
    },
    Provider.NAVER: {
        "unknown_client": "invalid client_id",
        "redirect_uri": "redirect_uri does not match the registered callback URL",
    },
    Provider.GOOGLE: {
        "unknown_client": "Error 401: invalid_client. The OAuth client was not found.",
        "redirect_uri": "Error 400: redirect_uri_mismatch",
    },
}


def _google_granted_scope(requested: str) -> str:
    return " ".join(GOOGLE_SCOPE_URLS.get(s, s) for s in requested.split())


def _google_identity_claims(user: FakeUser, scope: str) -> dict[str, Any]:
    scopes = set(scope.split())
    claims: dict[str, Any] = {}
    if "email" in scopes and user.email is not None:
        claims["email"] = user.email
        claims["email_verified"] = user.email_verified
    if "profile" in scopes:
        claims["name"] = user.name
        claims["given_name"] = user.nickname
        if user.picture is not None:
            claims["picture"] = user.picture
    return claims


def _basic_auth(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(value).decode().partition(":")
    except ValueError:
        return None
    return client_id, secret


def _iso_utc(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- Kakao ------------------------------------------------------------------------------------

_KAKAO_TOKEN_ERRORS: dict[TokenError, tuple[int, str, str, str | None]] = {
    TokenError.MISSING_PARAMETER: (400, "invalid_request", "{detail} parameter missing", None),
    TokenError.UNSUPPORTED_GRANT_TYPE: (
        400,
        "unsupported_grant_type",
        "unsupported grant type: {detail}",
        None,
    ),
    TokenError.UNKNOWN_CLIENT: (401, "invalid_client", "Not exist client_id [{detail}]", "KOE101"),
    TokenError.BAD_CLIENT_SECRET: (401, "invalid_client", "Bad client credentials", "KOE010"),
    TokenError.INVALID_CODE: (
        400,
        "invalid_grant",
        "authorization code not found for code={detail}",
        "KOE320",
    ),
    TokenError.REDIRECT_URI_MISMATCH: (400, "invalid_grant", "Redirect URI mismatch.", "KOE303"),
    TokenError.STATE_MISMATCH: (400, "invalid_grant", "state mismatch", None),
    TokenError.PKCE_VERIFIER_MISSING: (400, "invalid_grant", "code_verifier is missing", None),
    TokenError.PKCE_VERIFIER_MISMATCH: (400, "invalid_grant", "PKCE verification failed", None),
    TokenError.TEMPORARILY_UNAVAILABLE: (
        503,
        "temporarily_unavailable",
        "Kakao OAuth server is temporarily unavailable",
        "KOE003",
    ),
}


def kakao_app(fake: FakeProvider) -> Starlette:
    async def authorize(request: Request) -> Response:
        recorded = await fake._record(request)
        return fake._authorize(recorded.params)

    async def token(request: Request) -> Response:
        recorded = await fake._record(request)
        try:
            grant = fake._redeem(recorded.form, None)
        except _TokenFailure as failure:
            status, error, description, error_code = _KAKAO_TOKEN_ERRORS[failure.reason]
            problem = {
                "error": error,
                "error_description": description.format(detail=failure.detail),
            }
            if error_code is not None:
                problem["error_code"] = error_code
            return JSONResponse(problem, status_code=status)
        access_token = fake._issue_access_token(grant)
        body: dict[str, Any] = {
            "token_type": "bearer",
            "access_token": access_token,
            "expires_in": fake.access_token_ttl_seconds,
            "refresh_token": secrets.token_urlsafe(40),
            "refresh_token_expires_in": 5183999,
        }
        if grant.scope:
            body["scope"] = grant.scope
        return JSONResponse(body)

    async def user_me(request: Request) -> Response:
        await fake._record(request)
        access = fake._bearer(request)
        if access is None:
            return JSONResponse(
                {"msg": "this access token does not exist", "code": -401}, status_code=401
            )
        return JSONResponse(_kakao_user(access))

    async def access_token_info(request: Request) -> Response:
        await fake._record(request)
        access = fake._bearer(request)
        if access is None:
            return JSONResponse(
                {"msg": "this access token does not exist", "code": -401}, status_code=401
            )
        return JSONResponse(
            {
                "id": int(access.user.subject),
                "expires_in": fake._seconds_left(access),
                "app_id": fake._app_id_of(access),
            }
        )

    return Starlette(
        routes=[
            Route("/oauth/authorize", authorize, methods=["GET"]),
            Route("/oauth/token", token, methods=["POST"]),
            Route("/v2/user/me", user_me, methods=["GET", "POST"]),
            Route("/v1/user/access_token_info", access_token_info, methods=["GET"]),
        ]
    )


def _kakao_user(access: _AccessToken) -> dict[str, Any]:
    user = access.user
    profile: dict[str, Any] = {
        "nickname": user.nickname,
        "is_default_nickname": False,
        "is_default_image": user.picture is None,
    }
    if user.picture is not None:
        profile["profile_image_url"] = user.picture
        profile["thumbnail_image_url"] = user.picture
    account: dict[str, Any] = {
        "profile_nickname_needs_agreement": False,
        "profile_image_needs_agreement": False,
        "profile": profile,
        "has_email": user.email is not None,
        "email_needs_agreement": user.email is None,
    }
    if user.email is not None:
        account["is_email_valid"] = True
        account["is_email_verified"] = user.email_verified
        account["email"] = user.email
    return {
        "id": int(user.subject),
        "connected_at": _iso_utc(access.connected_at),
        "properties": {"nickname": user.nickname},
        "kakao_account": account,
    }


# ---- Naver ------------------------------------------------------------------------------------

_NAVER_SESSION_ERROR = ("invalid_request", "no valid data in session")
_NAVER_TOKEN_ERRORS: dict[TokenError, tuple[str, str]] = {
    TokenError.MISSING_PARAMETER: ("invalid_request", "{detail} is required"),
    TokenError.UNSUPPORTED_GRANT_TYPE: ("unsupported_grant_type", "unsupported grant_type"),
    TokenError.UNKNOWN_CLIENT: ("invalid_client", "client authentication failed"),
    TokenError.BAD_CLIENT_SECRET: ("invalid_client", "client authentication failed"),
    TokenError.INVALID_CODE: _NAVER_SESSION_ERROR,
    TokenError.REDIRECT_URI_MISMATCH: _NAVER_SESSION_ERROR,
    TokenError.STATE_MISMATCH: _NAVER_SESSION_ERROR,
    TokenError.PKCE_VERIFIER_MISSING: _NAVER_SESSION_ERROR,
    TokenError.PKCE_VERIFIER_MISMATCH: _NAVER_SESSION_ERROR,
    TokenError.TEMPORARILY_UNAVAILABLE: ("server_error", "temporarily unavailable"),
}


def naver_app(fake: FakeProvider) -> Starlette:
    async def authorize(request: Request) -> Response:
        recorded = await fake._record(request)
        return fake._authorize(recorded.params)

    async def token(request: Request) -> Response:
        recorded = await fake._record(request)
        try:
            grant = fake._redeem(recorded.params, None)
        except _TokenFailure as failure:
            error, description = _NAVER_TOKEN_ERRORS[failure.reason]
            # Naver reports token errors in the body of an HTTP 200 response.
            return JSONResponse(
                {"error": error, "error_description": description.format(detail=failure.detail)}
            )
        return JSONResponse(
            {
                "access_token": fake._issue_access_token(grant),
                "refresh_token": secrets.token_urlsafe(40),
                "token_type": "bearer",
                "expires_in": str(fake.access_token_ttl_seconds),
            }
        )

    async def me(request: Request) -> Response:
        await fake._record(request)
        access = fake._bearer(request)
        if access is None:
            return JSONResponse(
                {"resultcode": "024", "message": "Authentication failed"}, status_code=401
            )
        user = access.user
        profile: dict[str, Any] = {
            "id": fake._subject_for(access),
            "nickname": user.nickname,
            "name": user.name,
        }
        if user.email is not None:
            profile["email"] = user.email
        if user.picture is not None:
            profile["profile_image"] = user.picture
        return JSONResponse({"resultcode": "00", "message": "success", "response": profile})

    async def verify(request: Request) -> Response:
        await fake._record(request)
        access = fake._bearer(request)
        if access is None:
            return JSONResponse(
                {"resultcode": "024", "message": "Authentication failed"}, status_code=401
            )
        token = request.headers["authorization"].partition(" ")[2].strip()
        # The guide names the fields but shows no expire_date example; this format is ours.
        expire_date = datetime.fromtimestamp(access.expires_at, tz=UTC).strftime(
            "%Y-%m-%d %H:%M:%S"
        )
        allowed = ["id", "nickname", "name"] + (["email"] if access.user.email else [])
        return JSONResponse(
            {
                "resultcode": "00",
                "message": "success",
                "response": {
                    "token": token,
                    "expire_date": expire_date,
                    "allowed_profile": ",".join(allowed),
                },
            }
        )

    return Starlette(
        routes=[
            Route("/oauth2.0/authorize", authorize, methods=["GET", "POST"]),
            Route("/oauth2.0/token", token, methods=["GET", "POST"]),
            Route("/v1/nid/me", me, methods=["GET"]),
            Route("/v1/nid/verify", verify, methods=["GET", "POST"]),
        ]
    )


# ---- Google -----------------------------------------------------------------------------------

_GOOGLE_TOKEN_ERRORS: dict[TokenError, tuple[int, str, str]] = {
    TokenError.MISSING_PARAMETER: (400, "invalid_request", "Missing required parameter: {detail}"),
    TokenError.UNSUPPORTED_GRANT_TYPE: (
        400,
        "unsupported_grant_type",
        "Invalid grant_type: {detail}",
    ),
    TokenError.UNKNOWN_CLIENT: (401, "invalid_client", "The OAuth client was not found."),
    TokenError.BAD_CLIENT_SECRET: (401, "invalid_client", "Unauthorized"),
    TokenError.INVALID_CODE: (400, "invalid_grant", "Bad Request"),
    TokenError.REDIRECT_URI_MISMATCH: (400, "redirect_uri_mismatch", "Bad Request"),
    TokenError.STATE_MISMATCH: (400, "invalid_grant", "Bad Request"),
    TokenError.PKCE_VERIFIER_MISSING: (400, "invalid_grant", "Missing code verifier."),
    TokenError.PKCE_VERIFIER_MISMATCH: (400, "invalid_grant", "Invalid code verifier."),
    TokenError.TEMPORARILY_UNAVAILABLE: (503, "temporarily_unavailable", "Service unavailable"),
}


def google_discovery(issuer: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/o/oauth2/v2/auth",
        "token_endpoint": f"{issuer}/token",
        "userinfo_endpoint": f"{issuer}/v1/userinfo",
        "jwks_uri": f"{issuer}/oauth2/v3/certs",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": [
            "aud",
            "email",
            "email_verified",
            "exp",
            "given_name",
            "iat",
            "iss",
            "name",
            "picture",
            "sub",
        ],
        "code_challenge_methods_supported": ["plain", "S256"],
        "grant_types_supported": ["authorization_code"],
    }


def google_app(fake: FakeProvider) -> Starlette:
    async def discovery(request: Request) -> Response:
        await fake._record(request)
        return JSONResponse(google_discovery(fake.issuer))

    async def authorize(request: Request) -> Response:
        recorded = await fake._record(request)
        return fake._authorize(recorded.params)

    async def token(request: Request) -> Response:
        recorded = await fake._record(request)
        try:
            grant = fake._redeem(recorded.form, _basic_auth(request))
        except _TokenFailure as failure:
            status, error, description = _GOOGLE_TOKEN_ERRORS[failure.reason]
            return JSONResponse(
                {"error": error, "error_description": description.format(detail=failure.detail)},
                status_code=status,
            )
        access_token = fake._issue_access_token(grant)
        body: dict[str, Any] = {
            "access_token": access_token,
            "expires_in": fake.access_token_ttl_seconds,
            "scope": _google_granted_scope(grant.scope),
            "token_type": "Bearer",
        }
        if "openid" in grant.scope.split():
            body["id_token"] = fake._id_token(grant, access_token)
        if grant.access_type == "offline":
            body["refresh_token"] = secrets.token_urlsafe(40)
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def certs(request: Request) -> Response:
        await fake._record(request)
        return JSONResponse(fake.jwks())

    async def userinfo(request: Request) -> Response:
        await fake._record(request)
        access = fake._bearer(request)
        if access is None:
            return JSONResponse(
                {"error": "invalid_request", "error_description": "Invalid Credentials"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return JSONResponse(
            {"sub": access.user.subject, **_google_identity_claims(access.user, access.scope)}
        )

    async def tokeninfo(request: Request) -> Response:
        recorded = await fake._record(request)
        access = fake._live_token(recorded.params.get("access_token", ""))
        if access is None:
            return JSONResponse(
                {"error": "invalid_token", "error_description": "Invalid Value"}, status_code=400
            )
        body: dict[str, str] = {
            "azp": access.client_id,
            "aud": access.client_id,
            "sub": access.user.subject,
            "scope": _google_granted_scope(access.scope),
            "exp": str(int(access.expires_at)),
            "expires_in": str(fake._seconds_left(access)),
            "access_type": "online",
        }
        claims = _google_identity_claims(access.user, access.scope)
        if "email" in claims:
            body["email"] = claims["email"]
            body["email_verified"] = "true" if claims["email_verified"] else "false"
        return JSONResponse(body)

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery, methods=["GET"]),
            Route("/tokeninfo", tokeninfo, methods=["GET", "POST"]),
            Route("/o/oauth2/v2/auth", authorize, methods=["GET"]),
            Route("/token", token, methods=["POST"]),
            Route("/oauth2/v3/certs", certs, methods=["GET"]),
            Route("/v1/userinfo", userinfo, methods=["GET", "POST"]),
            Route("/oauth2/v3/userinfo", userinfo, methods=["GET", "POST"]),
        ]
    )


# ---- running ----------------------------------------------------------------------------------

_APP_BUILDERS = {Provider.KAKAO: kakao_app, Provider.NAVER: naver_app, Provider.GOOGLE: google_app}


@contextlib.contextmanager
def serve_provider(fake: FakeProvider) -> Iterator[str]:
    """Serve ``fake`` on loopback; yields its base URL, which also becomes its issuer."""
    with LoopbackServer(_APP_BUILDERS[fake.provider](fake)) as server:
        fake.issuer = server.base_url
        yield server.base_url


@dataclass(frozen=True)
class RunningProvider:
    fake: FakeProvider
    base_url: str


class FakeProviders:
    """All three providers on their own loopback ports: ``with FakeProviders() as p: p.kakao``."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._running: dict[Provider, RunningProvider] = {}

    def _get(self, provider: Provider) -> RunningProvider:
        if provider not in self._running:
            raise RuntimeError("FakeProviders is not running; use it as a context manager")
        return self._running[provider]

    @property
    def kakao(self) -> RunningProvider:
        return self._get(Provider.KAKAO)

    @property
    def naver(self) -> RunningProvider:
        return self._get(Provider.NAVER)

    @property
    def google(self) -> RunningProvider:
        return self._get(Provider.GOOGLE)

    def __enter__(self) -> FakeProviders:
        with contextlib.ExitStack() as stack:
            for fake in (FakeProvider.kakao(), FakeProvider.naver(), FakeProvider.google()):
                base_url = stack.enter_context(serve_provider(fake))
                self._running[fake.provider] = RunningProvider(fake, base_url)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()
        self._running.clear()
