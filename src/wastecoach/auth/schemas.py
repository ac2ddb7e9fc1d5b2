"""API shapes of the auth service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from wastecoach.core.security import Role

Locale = Literal["ko", "en"]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class TokenPair(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    refresh_token: str
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires")
    user_id: str
    role: Role


class RegisterRequest(BaseModel):
    email: str = Field(max_length=320, pattern=EMAIL_PATTERN)
    password: str = Field(max_length=256)
    display_name: str | None = Field(default=None, min_length=1, max_length=50)
    locale: Locale = "ko"


class LoginRequest(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class GuestRequest(BaseModel):
    locale: Locale = "ko"


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutRequest(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=200)


class ProviderTokenRequest(BaseModel):
    """What a mobile app got from the provider's SDK: exactly one of the three credentials."""

    access_token: str | None = Field(default=None, max_length=4096)
    id_token: str | None = Field(default=None, max_length=8192, description="Google only")
    code: str | None = Field(default=None, max_length=2048)
    redirect_uri: str | None = Field(
        default=None, max_length=2048, description="With code: the redirect_uri the app used"
    )
    code_verifier: str | None = Field(default=None, max_length=256)
    state: str | None = Field(default=None, max_length=256, description="With code, for Naver")
    nonce: str | None = Field(default=None, max_length=256, description="With id_token")

    @model_validator(mode="after")
    def _one_credential(self) -> ProviderTokenRequest:
        given = [v for v in (self.access_token, self.id_token, self.code) if v]
        if len(given) != 1:
            raise ValueError("send exactly one of access_token, id_token or code")
        if self.code and not self.redirect_uri:
            raise ValueError("redirect_uri is required with code")
        return self


class AuthorizationUrl(BaseModel):
    authorization_url: str


class IdentityRead(BaseModel):
    id: int
    provider: str
    email: str | None
    created_at: datetime
    last_login_at: datetime


class ProvidersRead(BaseModel):
    providers: list[str]
    local_accounts: bool = True
    guest: bool = True


class Jwk(BaseModel):
    kty: str
    crv: str
    x: str
    kid: str
    use: str
    alg: str


class Jwks(BaseModel):
    keys: list[Jwk]
