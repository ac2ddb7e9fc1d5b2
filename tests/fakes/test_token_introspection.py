"""The fakes' token introspection endpoints, driven with plain httpx."""

from __future__ import annotations

import httpx

from .fixtures import fake_google, fake_kakao, fake_naver
from .oauth_providers import (
    FAKE_KAKAO_APP_ID,
    FOREIGN_AUDIENCE,
    FOREIGN_KAKAO_APP_ID,
    FakeProvider,
    FakeUser,
)

__all__ = ["fake_google", "fake_kakao", "fake_naver"]  # fixtures, used by name

USER = FakeUser(subject="1234567890", email="kim@example.com")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_kakao_access_token_info_names_the_app(fake_kakao: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_kakao
    url = f"{base_url}/v1/user/access_token_info"
    ours = httpx.get(url, headers=_bearer(fake.issue_access_token(USER))).json()
    assert set(ours) == {"id", "expires_in", "app_id"}
    assert (ours["id"], ours["app_id"]) == (1234567890, FAKE_KAKAO_APP_ID)
    assert 0 < ours["expires_in"] <= fake.access_token_ttl_seconds

    foreign = fake.issue_access_token(USER, for_another_app=True)
    assert httpx.get(url, headers=_bearer(foreign)).json()["app_id"] == FOREIGN_KAKAO_APP_ID
    # The profile endpoint cannot tell the two apart.
    me = httpx.get(f"{base_url}/v2/user/me", headers=_bearer(foreign))
    assert me.status_code == 200

    unknown = httpx.get(url, headers=_bearer("nope"))
    assert unknown.status_code == 401
    assert unknown.json() == {"msg": "this access token does not exist", "code": -401}
    assert len(fake.requests_to("/v1/user/access_token_info")) == 3


def test_google_tokeninfo_names_the_client(fake_google: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_google
    ours = httpx.get(
        f"{base_url}/tokeninfo", params={"access_token": fake.issue_access_token(USER)}
    ).json()
    assert (ours["aud"], ours["azp"], ours["sub"]) == (fake.client_id, fake.client_id, "1234567890")
    assert ours["email"] == "kim@example.com" and ours["email_verified"] == "true"
    assert all(isinstance(value, str) for value in ours.values())
    assert "https://www.googleapis.com/auth/userinfo.email" in ours["scope"].split()

    foreign = fake.issue_access_token(USER, for_another_app=True)
    info = httpx.post(f"{base_url}/tokeninfo", data={"access_token": foreign}).json()
    assert info["aud"] == info["azp"] == FOREIGN_AUDIENCE

    invalid = httpx.get(f"{base_url}/tokeninfo", params={"access_token": "nope"})
    assert invalid.status_code == 400
    assert invalid.json() == {"error": "invalid_token", "error_description": "Invalid Value"}


def test_naver_verify_has_no_client_and_ids_differ_per_app(
    fake_naver: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_naver
    ours = fake.issue_access_token(USER)
    verified = httpx.get(f"{base_url}/v1/nid/verify", headers=_bearer(ours)).json()
    assert verified["resultcode"] == "00"
    assert set(verified["response"]) == {"token", "expire_date", "allowed_profile"}
    assert verified["response"]["token"] == ours

    foreign = fake.issue_access_token(USER, for_another_app=True)
    ids = [
        httpx.get(f"{base_url}/v1/nid/me", headers=_bearer(token)).json()["response"]["id"]
        for token in (ours, foreign)
    ]
    assert ids[0] == USER.subject and ids[1] != USER.subject

    failed = httpx.get(f"{base_url}/v1/nid/verify", headers=_bearer("nope"))
    assert failed.status_code == 401 and failed.json()["resultcode"] == "024"
