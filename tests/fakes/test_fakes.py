"""Drive each loopback fake with plain httpx (OAuth) and the openai SDK (chat completions)."""

from __future__ import annotations

import base64
import secrets
import socket
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import jwt
import openai
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from .fixtures import fake_google, fake_kakao, fake_naver, fake_openai
from .oauth_providers import (
    FakeProvider,
    FakeProviders,
    FakeUser,
    IdTokenFault,
    TokenError,
    s256_challenge,
)
from .openai_compatible import FakeOpenAI
from .server import LoopbackServer, LoopbackServerError

__all__ = ["fake_google", "fake_kakao", "fake_naver", "fake_openai"]  # fixtures, used by name

REDIRECT_URI = "http://127.0.0.1:9/auth/callback"
PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI)
    return dict(parse_qsl(urlsplit(location).query))


def authorize(base_url: str, path: str, fake: FakeProvider, **extra: str) -> dict[str, str]:
    params = {
        "client_id": fake.client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "state": secrets.token_urlsafe(8),
        **extra,
    }
    response = httpx.get(f"{base_url}{path}", params=params, follow_redirects=False)
    back = redirect_params(response)
    assert back["state"] == params["state"]
    return back


# ---- LoopbackServer ---------------------------------------------------------------------------


def test_loopback_server_serves_then_releases_its_port() -> None:
    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("hi")

    server = LoopbackServer(Starlette(routes=[Route("/", hello)]))
    with pytest.raises(LoopbackServerError):
        _ = server.base_url
    with server:
        port = server.port
        assert server.base_url == f"http://127.0.0.1:{port}"
        assert httpx.get(server.base_url).text == "hi"
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass


# ---- Kakao ------------------------------------------------------------------------------------


def kakao_token(base_url: str, fake: FakeProvider, code: str, **extra: str) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "redirect_uri": REDIRECT_URI,
        "code": code,
        **extra,
    }
    return httpx.post(f"{base_url}/oauth/token", data=form)


def test_kakao_code_flow_with_pkce_then_reused_code_is_rejected(
    fake_kakao: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_kakao
    fake.set_next_user(FakeUser(subject="1234567890", email="kim@example.com", nickname="분리왕"))
    verifier = secrets.token_urlsafe(48)
    back = authorize(
        base_url,
        "/oauth/authorize",
        fake,
        code_challenge=s256_challenge(verifier),
        code_challenge_method="S256",
    )

    response = kakao_token(base_url, fake, back["code"], code_verifier=verifier)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"] == "bearer"
    assert isinstance(tokens["expires_in"], int)
    assert {"access_token", "refresh_token", "refresh_token_expires_in"} <= tokens.keys()

    me = httpx.get(
        f"{base_url}/v2/user/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    ).json()
    assert me["id"] == 1234567890
    assert me["kakao_account"]["profile"]["nickname"] == "분리왕"
    assert me["kakao_account"]["email"] == "kim@example.com"
    assert me["kakao_account"]["is_email_valid"] is True
    assert me["kakao_account"]["is_email_verified"] is True
    assert me["connected_at"].endswith("Z")

    reused = kakao_token(base_url, fake, back["code"], code_verifier=verifier)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert reused.json()["error_code"] == "KOE320"
    # Replaying the code revokes the token it had yielded.
    revoked = httpx.get(
        f"{base_url}/v2/user/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert revoked.status_code == 401
    assert revoked.json() == {"msg": "this access token does not exist", "code": -401}
    token_calls = fake.requests_to("/oauth/token")
    assert [r.form["code_verifier"] for r in token_calls] == [verifier, verifier]


@pytest.mark.parametrize(
    ("tamper", "status", "error_code"),
    [
        ({"code_verifier": "wrong-verifier"}, 400, None),
        ({"redirect_uri": "http://127.0.0.1:9/elsewhere"}, 400, "KOE303"),
        ({"client_secret": "wrong"}, 401, "KOE010"),
    ],
)
def test_kakao_token_rejects_tampered_requests(
    fake_kakao: tuple[FakeProvider, str],
    tamper: dict[str, str],
    status: int,
    error_code: str | None,
) -> None:
    fake, base_url = fake_kakao
    verifier = secrets.token_urlsafe(48)
    back = authorize(
        base_url,
        "/oauth/authorize",
        fake,
        code_challenge=s256_challenge(verifier),
        code_challenge_method="S256",
    )
    response = kakao_token(base_url, fake, back["code"], **{"code_verifier": verifier, **tamper})
    assert response.status_code == status
    assert response.json().get("error_code") == error_code
    assert response.json()["error"] in {"invalid_grant", "invalid_client"}


def test_kakao_expired_code_and_scripted_failure(fake_kakao: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_kakao
    code = authorize(base_url, "/oauth/authorize", fake)["code"]
    fake.advance_time(fake.code_ttl_seconds + 1)
    expired = kakao_token(base_url, fake, code)
    assert (expired.status_code, expired.json()["error_code"]) == (400, "KOE320")

    code = authorize(base_url, "/oauth/authorize", fake)["code"]
    fake.fail_next_token(TokenError.TEMPORARILY_UNAVAILABLE)
    failed = kakao_token(base_url, fake, code)
    assert failed.status_code == 503
    assert set(failed.json()) == {"error", "error_description", "error_code"}


def test_kakao_user_without_email_and_denied_consent(fake_kakao: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_kakao
    fake.set_next_user(FakeUser(email=None))
    code = authorize(base_url, "/oauth/authorize", fake)["code"]
    access_token = kakao_token(base_url, fake, code).json()["access_token"]
    account = httpx.get(
        f"{base_url}/v2/user/me", headers={"Authorization": f"Bearer {access_token}"}
    ).json()["kakao_account"]
    assert account["has_email"] is False
    assert "email" not in account

    fake.deny_next_authorization()
    assert authorize(base_url, "/oauth/authorize", fake)["error"] == "access_denied"


def test_kakao_authorize_never_redirects_for_unknown_client(
    fake_kakao: tuple[FakeProvider, str],
) -> None:
    _, base_url = fake_kakao
    response = httpx.get(
        f"{base_url}/oauth/authorize",
        params={"client_id": "nope", "redirect_uri": REDIRECT_URI, "response_type": "code"},
    )
    assert response.status_code == 400
    assert "location" not in response.headers


# ---- Naver ------------------------------------------------------------------------------------


def test_naver_code_flow_and_reused_code(fake_naver: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_naver
    fake.set_next_user(FakeUser(subject="naver-abc", email="lee@example.com", name="이분리"))
    back = authorize(base_url, "/oauth2.0/authorize", fake)
    params = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "code": back["code"],
        "state": back["state"],
    }
    response = httpx.post(f"{base_url}/oauth2.0/token", data=params)
    tokens = response.json()
    assert response.status_code == 200
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == str(fake.access_token_ttl_seconds)  # Naver sends a string
    assert {"access_token", "refresh_token"} <= tokens.keys()

    me = httpx.get(
        f"{base_url}/v1/nid/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json() == {
        "resultcode": "00",
        "message": "success",
        "response": {
            "id": "naver-abc",
            "nickname": "테스터",
            "name": "이분리",
            "email": "lee@example.com",
        },
    }

    reused = httpx.get(f"{base_url}/oauth2.0/token", params=params)  # GET is documented too
    assert reused.status_code == 200  # Naver puts token errors in a 200 body
    assert reused.json() == {
        "error": "invalid_request",
        "error_description": "no valid data in session",
    }


def test_naver_rejects_wrong_state_and_bad_access_token(
    fake_naver: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_naver
    back = authorize(base_url, "/oauth2.0/authorize", fake)
    wrong_state = httpx.post(
        f"{base_url}/oauth2.0/token",
        data={
            "grant_type": "authorization_code",
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "code": back["code"],
            "state": "forged",
        },
    )
    assert wrong_state.json()["error"] == "invalid_request"

    me = httpx.get(f"{base_url}/v1/nid/me", headers={"Authorization": "Bearer forged"})
    assert me.status_code == 401
    assert me.json() == {"resultcode": "024", "message": "Authentication failed"}


# ---- Google -----------------------------------------------------------------------------------


def google_login(
    base_url: str, fake: FakeProvider, *, scope: str = "openid email profile", **extra: str
) -> tuple[dict[str, Any], str, str]:
    """Authorize with PKCE and a nonce, redeem the code; returns (token JSON, nonce, verifier)."""
    nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    back = authorize(
        base_url,
        "/o/oauth2/v2/auth",
        fake,
        scope=scope,
        nonce=nonce,
        code_challenge=s256_challenge(verifier),
        code_challenge_method="S256",
        **extra,
    )
    response = httpx.post(
        f"{base_url}/token",
        data={
            "code": back["code"],
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "redirect_uri": REDIRECT_URI,
            "grant_type": "authorization_code",
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    return response.json(), nonce, back["code"]


def verify_id_token(base_url: str, fake: FakeProvider, id_token: str) -> dict[str, Any]:
    discovery = httpx.get(f"{base_url}/.well-known/openid-configuration").json()
    jwks = jwt.PyJWKSet.from_dict(httpx.get(discovery["jwks_uri"]).json())
    signing_key = jwks[jwt.get_unverified_header(id_token)["kid"]]
    claims: dict[str, Any] = jwt.decode(
        id_token,
        signing_key.key,
        algorithms=discovery["id_token_signing_alg_values_supported"],
        audience=fake.client_id,
        issuer=discovery["issuer"],
    )
    return claims


def test_google_discovery_points_at_the_fake(fake_google: tuple[FakeProvider, str]) -> None:
    _, base_url = fake_google
    discovery = httpx.get(f"{base_url}/.well-known/openid-configuration").json()
    assert discovery["issuer"] == base_url
    assert discovery["authorization_endpoint"] == f"{base_url}/o/oauth2/v2/auth"
    assert discovery["token_endpoint"] == f"{base_url}/token"
    assert discovery["jwks_uri"] == f"{base_url}/oauth2/v3/certs"
    assert discovery["userinfo_endpoint"] == f"{base_url}/v1/userinfo"
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]
    assert "S256" in discovery["code_challenge_methods_supported"]


def test_google_code_flow_id_token_verifies_against_jwks(
    fake_google: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_google
    fake.set_next_user(FakeUser(subject="1098", email="park@example.com", name="박재활"))
    tokens, nonce, code = google_login(base_url, fake, access_type="offline")
    assert tokens["token_type"] == "Bearer"
    assert "refresh_token" in tokens
    assert jwt.get_unverified_header(tokens["id_token"])["kid"] == fake.current_kid

    claims = verify_id_token(base_url, fake, tokens["id_token"])
    assert claims["sub"] == "1098"
    assert claims["nonce"] == nonce
    assert (claims["email"], claims["email_verified"], claims["name"]) == (
        "park@example.com",
        True,
        "박재활",
    )
    assert claims["exp"] > claims["iat"]

    userinfo = httpx.get(
        f"{base_url}/v1/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    ).json()
    assert userinfo["sub"] == "1098" and userinfo["email"] == "park@example.com"

    reused = httpx.post(
        f"{base_url}/token",
        data={
            "code": code,
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "redirect_uri": REDIRECT_URI,
            "grant_type": "authorization_code",
        },
    )
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_google_rejects_wrong_pkce_verifier_and_accepts_basic_auth(
    fake_google: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_google
    verifier = secrets.token_urlsafe(48)
    common = {"scope": "openid email", "code_challenge": s256_challenge(verifier)}
    back = authorize(base_url, "/o/oauth2/v2/auth", fake, code_challenge_method="S256", **common)
    wrong = httpx.post(
        f"{base_url}/token",
        data={
            "code": back["code"],
            "redirect_uri": REDIRECT_URI,
            "grant_type": "authorization_code",
            "code_verifier": "not-the-verifier",
        },
        auth=(fake.client_id, fake.client_secret),
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"error": "invalid_grant", "error_description": "Invalid code verifier."}

    back = authorize(base_url, "/o/oauth2/v2/auth", fake, code_challenge_method="S256", **common)
    right = httpx.post(
        f"{base_url}/token",
        data={
            "code": back["code"],
            "redirect_uri": REDIRECT_URI,
            "grant_type": "authorization_code",
            "code_verifier": verifier,
        },
        auth=(fake.client_id, fake.client_secret),
    )
    assert right.status_code == 200
    assert "name" not in verify_id_token(base_url, fake, right.json()["id_token"])  # no profile


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (IdTokenFault.EXPIRED, jwt.ExpiredSignatureError),
        (IdTokenFault.WRONG_AUDIENCE, jwt.InvalidAudienceError),
        (IdTokenFault.WRONG_ISSUER, jwt.InvalidIssuerError),
        (IdTokenFault.FOREIGN_KEY, jwt.InvalidSignatureError),
        (IdTokenFault.ALG_NONE, jwt.InvalidAlgorithmError),
    ],
)
def test_google_spoiled_id_tokens_fail_verification(
    fake_google: tuple[FakeProvider, str],
    fault: IdTokenFault,
    error: type[jwt.InvalidTokenError],
) -> None:
    fake, base_url = fake_google
    fake.spoil_next_id_token(fault)
    tokens, _, _ = google_login(base_url, fake)
    with pytest.raises(error):
        verify_id_token(base_url, fake, tokens["id_token"])
    # Only the next token is spoiled.
    tokens, _, _ = google_login(base_url, fake)
    assert verify_id_token(base_url, fake, tokens["id_token"])["sub"]


def test_google_wrong_nonce_is_left_for_the_client_to_catch(
    fake_google: tuple[FakeProvider, str],
) -> None:
    fake, base_url = fake_google
    fake.spoil_next_id_token(IdTokenFault.WRONG_NONCE)
    tokens, nonce, _ = google_login(base_url, fake)
    assert verify_id_token(base_url, fake, tokens["id_token"])["nonce"] != nonce


def test_google_key_rotation_publishes_new_kid(fake_google: tuple[FakeProvider, str]) -> None:
    fake, base_url = fake_google
    old_kid = fake.current_kid
    new_kid = fake.rotate_signing_key(keep_previous=False)
    kids = [key["kid"] for key in httpx.get(f"{base_url}/oauth2/v3/certs").json()["keys"]]
    assert kids == [new_kid] and new_kid != old_kid
    tokens, _, _ = google_login(base_url, fake)
    assert jwt.get_unverified_header(tokens["id_token"])["kid"] == new_kid
    assert verify_id_token(base_url, fake, tokens["id_token"])["sub"]


def test_google_userinfo_rejects_unknown_token(fake_google: tuple[FakeProvider, str]) -> None:
    _, base_url = fake_google
    response = httpx.get(f"{base_url}/v1/userinfo", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401
    assert "invalid_token" in response.headers["www-authenticate"]


def test_fake_providers_runs_all_three_on_separate_ports() -> None:
    with FakeProviders() as providers:
        urls = {providers.kakao.base_url, providers.naver.base_url, providers.google.base_url}
        assert len(urls) == 3
        discovery = httpx.get(f"{providers.google.base_url}/.well-known/openid-configuration")
        assert discovery.json()["issuer"] == providers.google.base_url


# ---- OpenAI-compatible ------------------------------------------------------------------------


def sdk(fake: FakeOpenAI, base_url: str, **kwargs: Any) -> openai.OpenAI:
    kwargs.setdefault("max_retries", 0)
    kwargs.setdefault("timeout", 5.0)
    return openai.OpenAI(api_key=fake.api_key, base_url=f"{base_url}/v1", **kwargs)


def test_openai_sdk_completion_with_image_and_json_mode(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    fake, base_url = fake_openai
    fake.reply_with('{"category": "plastic", "confidence": 0.9}')
    completion = sdk(fake, base_url).chat.completions.create(
        model="gpt-4o-mini",
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": "Answer in JSON with the disposal category."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "이건 어떻게 버려요?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG_1PX}"}},
                ],
            },
        ],
    )
    assert completion.object == "chat.completion"
    assert completion.model == "gpt-4o-mini"
    assert completion.choices[0].message.content == '{"category": "plastic", "confidence": 0.9}'
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )

    [request] = fake.chat_requests
    assert request.headers["authorization"] == f"Bearer {fake.api_key}"
    assert request.messages[0]["role"] == "system"
    assert request.body is not None
    assert request.body["response_format"] == {"type": "json_object"}
    assert request.body["model"] == "gpt-4o-mini"


def test_openai_json_schema_passes_through_and_models_list(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    fake, base_url = fake_openai
    client = sdk(fake, base_url)
    schema: dict[str, Any] = {"type": "object", "properties": {"category": {"type": "string"}}}
    fake.reply_with("not json at all")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "classify"}],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "disposal", "schema": schema, "strict": True},
        },
    )
    assert completion.choices[0].message.content == "not json at all"
    body = fake.chat_requests[0].body
    assert body is not None and body["response_format"]["json_schema"]["schema"] == schema
    assert [m.id for m in client.models.list()] == ["gpt-4o-mini"]


def test_openai_rate_limit_surfaces_as_rate_limit_error(
    fake_openai: tuple[FakeOpenAI, str],
) -> None:
    fake, base_url = fake_openai
    fake.reply_with_rate_limit(retry_after_seconds=7)
    with pytest.raises(openai.RateLimitError) as caught:
        sdk(fake, base_url).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "7"
    assert caught.value.code == "rate_limit_exceeded"


def test_openai_sdk_retries_after_rate_limit(fake_openai: tuple[FakeOpenAI, str]) -> None:
    fake, base_url = fake_openai
    fake.reply_with_rate_limit(retry_after_seconds=0.1)
    fake.reply_with("second time lucky")
    completion = sdk(fake, base_url, max_retries=1).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
    assert completion.choices[0].message.content == "second time lucky"
    assert len(fake.chat_requests) == 2


def test_openai_timeout_and_server_error(fake_openai: tuple[FakeOpenAI, str]) -> None:
    fake, base_url = fake_openai
    fake.reply_after_delay(1.5)
    with pytest.raises(openai.APITimeoutError):
        sdk(fake, base_url, timeout=0.3).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    fake.reply_with_server_error()
    with pytest.raises(openai.InternalServerError) as caught:
        sdk(fake, base_url).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    assert caught.value.status_code == 500


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param([{"role": "user", "content": "no j-word here"}], id="json-mode-needs-json"),
        pytest.param(
            [
                {
                    "role": "system",
                    "content": [
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
                    ],
                },
                {"role": "user", "content": "json please"},
            ],
            id="image-outside-user-message",
        ),
        pytest.param(
            [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "json please"},
                        {"type": "image_url", "image_url": {"url": "data:text/plain;base64,AA"}},
                    ],
                }
            ],
            id="non-image-data-url",
        ),
    ],
)
def test_openai_rejects_invalid_requests(
    fake_openai: tuple[FakeOpenAI, str], messages: list[dict[str, Any]]
) -> None:
    fake, base_url = fake_openai
    with pytest.raises(openai.BadRequestError):
        sdk(fake, base_url).chat.completions.create(  # type: ignore[call-overload]
            model="gpt-4o-mini",
            messages=messages,
            response_format={"type": "json_object"},
        )
    assert fake.pending_replies == 0


def test_openai_wrong_key_is_unauthorized(fake_openai: tuple[FakeOpenAI, str]) -> None:
    _, base_url = fake_openai
    client = openai.OpenAI(api_key="sk-wrong-key-123", base_url=f"{base_url}/v1", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    assert caught.value.code == "invalid_api_key"


def test_openai_streaming_reassembles_content(fake_openai: tuple[FakeOpenAI, str]) -> None:
    fake, base_url = fake_openai
    content = '{"category": "종이류", "steps": ["테이프 제거", "펴서 묶기"]}'
    fake.reply_with(content)
    stream = sdk(fake, base_url).chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    pieces, finish_reasons, usage = [], [], None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            pieces.append(choice.delta.content or "")
            finish_reasons.append(choice.finish_reason)
    assert "".join(pieces) == content
    assert finish_reasons[-1] == "stop"
    assert usage is not None and usage.completion_tokens > 0
