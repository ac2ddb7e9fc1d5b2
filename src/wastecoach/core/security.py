"""Access tokens every service can verify: EdDSA (Ed25519) JWTs with key ids and a JWKS.

The auth service signs; every other service verifies with the public keys only, either from
this process's key store (embedded mode) or from the auth service's JWKS URL (split mode).
Only EdDSA is accepted, so ``alg=none`` and HS256-signed-with-the-public-key tokens fail.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic_settings import BaseSettings, SettingsConfigDict

from wastecoach.core.config import get_settings
from wastecoach.core.errors import Unauthorized
from wastecoach.core.timeutil import utcnow

ALGORITHM = "EdDSA"
ISSUER = "wastecoach"
AUDIENCE = "wastecoach-api"
Role = Literal["user", "guest", "admin"]


class TokenSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_TOKEN_", extra="ignore")

    access_ttl_s: int = 15 * 60
    refresh_ttl_s: int = 14 * 24 * 3600
    jwks_url: str | None = None  # split mode: verify with the auth service's published keys
    previous_public_keys_dir: Path | None = None  # PEMs of retired keys still accepted


@lru_cache(maxsize=1)
def get_token_settings() -> TokenSettings:
    """Read once per process: token verification runs on every authenticated request."""
    return TokenSettings()


class TokenExpired(Unauthorized):
    code = "token_expired"
    message_ko = "로그인이 만료됐어요. 다시 로그인해 주세요."
    message_en = "Your session has expired. Sign in again."


class TokenInvalid(Unauthorized):
    code = "token_invalid"
    message_ko = "인증 정보가 올바르지 않아요."
    message_en = "The credentials are not valid."


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: Role
    token_id: str
    expires_at: int

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    # RFC 7638 thumbprint: members in lexicographic order, no whitespace.
    thumbprint = _b64url(hashlib.sha256(json.dumps(jwk, separators=(",", ":")).encode()).digest())
    return {**jwk, "kid": thumbprint, "use": "sig", "alg": ALGORITHM}


class KeyStore:
    """The current signing key plus retired public keys that still verify."""

    def __init__(self, signing_key: Ed25519PrivateKey, retired: list[Ed25519PublicKey]) -> None:
        self.signing_key = signing_key
        self.current = public_jwk(signing_key.public_key())
        self.kid = self.current["kid"]
        self.public_keys: dict[str, Ed25519PublicKey] = {self.kid: signing_key.public_key()}
        for key in retired:
            self.public_keys.setdefault(public_jwk(key)["kid"], key)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [public_jwk(key) for key in self.public_keys.values()]}

    @classmethod
    def load(cls, private_key_file: Path, retired_dir: Path | None = None) -> KeyStore:
        key = serialization.load_pem_private_key(private_key_file.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{private_key_file} is not an Ed25519 private key")
        retired: list[Ed25519PublicKey] = []
        for path in sorted(retired_dir.glob("*.pem")) if retired_dir else []:
            public = serialization.load_pem_public_key(path.read_bytes())
            if isinstance(public, Ed25519PublicKey):
                retired.append(public)
        return cls(key, retired)


def generate_private_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@lru_cache(maxsize=1)
def get_key_store() -> KeyStore:
    settings = get_settings()
    path = settings.jwt_private_key_file
    if path is None:
        # Embedded default: a key of this installation's own, made once and kept under var/.
        path = settings.var_dir / "keys" / "jwt-ed25519.pem"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(generate_private_key_pem())
            path.chmod(0o600)
    return KeyStore.load(path, get_token_settings().previous_public_keys_dir)


@lru_cache(maxsize=1)
def _remote_jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)


def issue_access_token(user_id: str, role: Role, *, ttl: timedelta | None = None) -> str:
    store = get_key_store()
    now = utcnow()
    lifetime = ttl or timedelta(seconds=get_token_settings().access_ttl_s)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": user_id,
        "role": role,
        "typ": "access",
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    return jwt.encode(claims, store.signing_key, algorithm=ALGORITHM, headers={"kid": store.kid})


def _verification_key(token: str) -> Any:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise TokenInvalid() from exc
    if header.get("alg") != ALGORITHM:
        raise TokenInvalid()
    jwks_url = get_token_settings().jwks_url
    if jwks_url:
        try:
            return _remote_jwks_client(jwks_url).get_signing_key_from_jwt(token).key
        except jwt.PyJWTError as exc:
            raise TokenInvalid() from exc
    key = get_key_store().public_keys.get(str(header.get("kid")))
    if key is None:
        raise TokenInvalid()
    return key


def verify_access_token(token: str) -> Principal:
    key = _verification_key(token)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "jti", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired() from exc
    except jwt.PyJWTError as exc:
        raise TokenInvalid() from exc
    role = claims.get("role")
    if claims.get("typ") != "access" or role not in ("user", "guest", "admin"):
        raise TokenInvalid()
    return Principal(
        user_id=str(claims["sub"]), role=role, token_id=str(claims["jti"]), expires_at=claims["exp"]
    )
