"""Our access and refresh tokens: forgeries, expiry, rotation, reuse, logout and keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.auth.helpers import EN, bearer, error_of, tokens_of
from wastecoach.auth.models import RefreshToken
from wastecoach.core import migrations
from wastecoach.core.config import get_settings
from wastecoach.core.db import session_scope
from wastecoach.core.security import (
    get_key_store,
    get_token_settings,
    issue_access_token,
    public_jwk,
)
from wastecoach.core.tasks import wait_for_in_process_tasks
from wastecoach.main import create_app


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(user_id: str) -> dict[str, object]:
    now = int(time.time())
    return {
        "iss": "wastecoach",
        "aud": "wastecoach-api",
        "sub": user_id,
        "role": "admin",
        "typ": "access",
        "jti": "forged",
        "iat": now,
        "exp": now + 600,
    }


def test_alg_none_access_token_is_rejected(client: TestClient) -> None:
    user = tokens_of(client.post("/auth/guest"))
    header = {"alg": "none", "typ": "JWT", "kid": get_key_store().kid}
    payload = _b64(json.dumps(_claims(user["user_id"])).encode())
    token = f"{_b64(json.dumps(header).encode())}.{payload}."
    error = error_of(client.get("/users/me", headers=bearer(token)), 401)
    assert error["code"] == "token_invalid"


def test_hs256_signed_with_our_public_key_is_rejected(client: TestClient) -> None:
    user = tokens_of(client.post("/auth/guest"))
    store = get_key_store()
    public_pem = store.signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": store.kid}
    signing_input = (
        f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(_claims(user['user_id'])).encode())}"
    )
    for secret in (public_pem, base64.urlsafe_b64decode(store.current["x"] + "=")):
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        token = f"{signing_input}.{_b64(signature)}"
        error = error_of(client.get("/users/me", headers=bearer(token)), 401)
        assert error["code"] == "token_invalid"


def test_token_signed_by_an_unknown_key_is_rejected(client: TestClient) -> None:
    user = tokens_of(client.post("/auth/guest"))
    stranger = Ed25519PrivateKey.generate()
    token = jwt.encode(
        _claims(user["user_id"]),
        stranger,
        algorithm="EdDSA",
        headers={"kid": get_key_store().kid},
    )
    assert error_of(client.get("/users/me", headers=bearer(token)), 401)["code"] == "token_invalid"


def test_expired_access_token_is_rejected(client: TestClient) -> None:
    user = tokens_of(client.post("/auth/guest"))
    expired = issue_access_token(user["user_id"], "guest", ttl=timedelta(seconds=-5))
    error = error_of(client.get("/users/me", headers={**bearer(expired), **EN}), 401)
    assert error["code"] == "token_expired"
    assert error["message"] == "Your session has expired. Sign in again."


def test_missing_token_is_401_in_korean(client: TestClient) -> None:
    response = client.get("/users/me")
    error = error_of(response, 401)
    assert (error["code"], error["message"]) == ("unauthorized", "로그인이 필요해요.")
    assert response.headers["www-authenticate"] == "Bearer"


def test_refresh_rotates_and_reuse_revokes_the_whole_family(client: TestClient) -> None:
    first = tokens_of(client.post("/auth/guest"))
    second = tokens_of(client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}))
    assert second["user_id"] == first["user_id"]
    assert second["refresh_token"] != first["refresh_token"]
    assert client.get("/users/me", headers=bearer(second["access_token"])).status_code == 200

    reused = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    error = error_of(reused, 401)
    assert error["code"] == "refresh_token_reused"
    assert (
        error["message"] == "이미 사용된 갱신 토큰이에요. 보안을 위해 모든 기기에서 로그아웃했어요."
    )

    # The thief's copy burned the family: the legitimate latest token is dead too.
    latest = client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert error_of(latest, 401)["code"] == "refresh_token_invalid"

    # And the database says so, not only the cache.
    wait_for_in_process_tasks(timeout_s=10)
    with session_scope() as session:
        rows = session.scalars(
            select(RefreshToken).where(RefreshToken.user_id == first["user_id"])
        ).all()
        assert len(rows) == 2
        assert all(row.revoked_at is not None for row in rows)
        assert all(len(row.token_hash) == 64 for row in rows)
        stored = {row.token_hash for row in rows}
    assert first["refresh_token"] not in stored
    assert hashlib.sha256(first["refresh_token"].encode()).hexdigest() in stored


def test_other_sign_ins_survive_a_reuse(client: TestClient) -> None:
    phone = tokens_of(
        client.post("/auth/register", json={"email": "a@example.com", "password": "password1"})
    )
    laptop = tokens_of(
        client.post("/auth/login", json={"email": "a@example.com", "password": "password1"})
    )
    tokens_of(client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]}))
    client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    tokens_of(client.post("/auth/refresh", json={"refresh_token": laptop["refresh_token"]}))


def test_unknown_and_expired_refresh_tokens_are_rejected(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = client.post("/auth/refresh", json={"refresh_token": "never-issued"})
    assert error_of(unknown, 401)["code"] == "refresh_token_invalid"

    monkeypatch.setenv("WASTECOACH_TOKEN_REFRESH_TTL_S", "-1")
    get_token_settings.cache_clear()
    short = tokens_of(client.post("/auth/guest"))
    monkeypatch.delenv("WASTECOACH_TOKEN_REFRESH_TTL_S")
    get_token_settings.cache_clear()
    expired = client.post("/auth/refresh", json={"refresh_token": short["refresh_token"]})
    assert error_of(expired, 401)["code"] == "refresh_token_invalid"


def test_logout_revokes_the_access_token_and_the_refresh_family(client: TestClient) -> None:
    tokens = tokens_of(client.post("/auth/guest"))
    rotated = tokens_of(
        client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    )
    response = client.post(
        "/auth/logout",
        json={"refresh_token": rotated["refresh_token"]},
        headers=bearer(rotated["access_token"]),
    )
    assert response.status_code == 204
    error = error_of(client.get("/users/me", headers=bearer(rotated["access_token"])), 401)
    assert error["code"] == "token_invalid"
    again = client.post("/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert error_of(again, 401)["code"] == "refresh_token_invalid"
    with session_scope() as session:
        rows = session.scalars(
            select(RefreshToken).where(RefreshToken.user_id == tokens["user_id"])
        ).all()
        assert rows and all(row.revoked_at is not None for row in rows)


def test_logout_cannot_revoke_someone_elses_refresh_token(client: TestClient) -> None:
    mine = tokens_of(client.post("/auth/guest"))
    theirs = tokens_of(client.post("/auth/guest"))
    client.post(
        "/auth/logout",
        json={"refresh_token": theirs["refresh_token"]},
        headers=bearer(mine["access_token"]),
    )
    tokens_of(client.post("/auth/refresh", json={"refresh_token": theirs["refresh_token"]}))


def test_jwks_publishes_the_key_that_verifies_our_tokens(client: TestClient) -> None:
    tokens = tokens_of(client.post("/auth/guest"))
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(tokens["access_token"])["kid"]
    [key] = [k for k in keys if k["kid"] == kid]
    assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "EdDSA")
    claims = jwt.decode(
        tokens["access_token"],
        jwt.PyJWK(key).key,
        algorithms=["EdDSA"],
        audience="wastecoach-api",
    )
    assert claims["sub"] == tokens["user_id"] and claims["role"] == "guest"


def _write_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key


def test_token_signed_by_a_retired_key_still_verifies(configure, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rotation: the old key moves to WASTECOACH_TOKEN_PREVIOUS_PUBLIC_KEYS_DIR."""
    old_file, new_file, retired = tmp_path / "old.pem", tmp_path / "new.pem", tmp_path / "retired"
    old_key, new_key = _write_key(old_file), _write_key(new_file)
    retired.mkdir()

    configure(jwt_private_key_file=str(old_file))
    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app()) as before:
        old_tokens = tokens_of(before.post("/auth/guest"))

    (retired / "old.pem").write_bytes(
        old_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    configure(jwt_private_key_file=str(new_file), token_previous_public_keys_dir=str(retired))
    with TestClient(create_app()) as after:
        kids = {key["kid"] for key in after.get("/.well-known/jwks.json").json()["keys"]}
        assert kids == {
            public_jwk(old_key.public_key())["kid"],
            public_jwk(new_key.public_key())["kid"],
        }
        me = after.get("/users/me", headers=bearer(old_tokens["access_token"]))
        assert me.status_code == 200 and me.json()["id"] == old_tokens["user_id"]
        # New tokens are signed with the new key.
        new_tokens = tokens_of(
            after.post("/auth/refresh", json={"refresh_token": old_tokens["refresh_token"]})
        )
        assert (
            jwt.get_unverified_header(new_tokens["access_token"])["kid"]
            == public_jwk(new_key.public_key())["kid"]
        )

    # Once the retired key is dropped from the folder, its tokens stop working.
    (retired / "old.pem").unlink()
    configure(jwt_private_key_file=str(new_file), token_previous_public_keys_dir=str(retired))
    with TestClient(create_app()) as later:
        error = error_of(later.get("/users/me", headers=bearer(old_tokens["access_token"])), 401)
        assert error["code"] == "token_invalid"
