"""Errors of the auth service."""

from __future__ import annotations

from typing import ClassVar

from wastecoach.core.errors import AppError, BadRequest, Conflict, NotFound, Unauthorized


class ProviderNotConfigured(NotFound):
    code = "provider_not_configured"
    message_ko = "이 로그인 방식은 사용할 수 없어요."
    message_en = "This sign-in provider is not available."


class RedirectUriNotAllowed(BadRequest):
    code = "redirect_uri_not_allowed"
    message_ko = "허용되지 않은 이동 주소예요."
    message_en = "This redirect_uri is not allowed."


class OAuthStateInvalid(BadRequest):
    code = "oauth_state_invalid"
    message_ko = "로그인 요청이 만료됐거나 이미 사용됐어요. 처음부터 다시 시도해 주세요."
    message_en = "The sign-in request expired or was already used. Start again."


class OAuthStateMismatch(BadRequest):
    code = "oauth_state_mismatch"
    message_ko = "이 브라우저에서 시작한 로그인이 아니에요. 처음부터 다시 시도해 주세요."
    message_en = "This sign-in was not started in this browser. Start again."


class OAuthDenied(BadRequest):
    code = "oauth_denied"
    message_ko = "로그인이 취소됐어요."
    message_en = "The sign-in was cancelled."


class ProviderRejected(BadRequest):
    code = "provider_rejected"
    message_ko = "로그인 서비스가 인증을 거절했어요. 다시 시도해 주세요."
    message_en = "The sign-in provider rejected the credentials. Try again."


class ProviderTokenForeign(Unauthorized):
    code = "provider_token_foreign"
    message_ko = "다른 앱에서 발급된 로그인 토큰이에요. 이 앱으로 다시 로그인해 주세요."
    message_en = "This sign-in token was issued to another app. Sign in again with this app."


class ProviderTokenUnverifiable(BadRequest):
    code = "provider_token_unverifiable"
    message_ko = (
        "이 로그인 방식은 앱의 액세스 토큰을 확인할 수 없어요. 인가 코드(code)로 로그인해 주세요."
    )
    message_en = (
        "Access tokens from this provider's app SDK cannot be verified here. "
        "Sign in with an authorization code instead."
    )


class ProviderUnavailable(AppError):
    status_code: ClassVar[int] = 502
    code = "provider_unavailable"
    message_ko = "로그인 서비스에 연결할 수 없어요. 잠시 후 다시 시도해 주세요."
    message_en = "The sign-in provider could not be reached. Try again shortly."


class IdTokenInvalid(Unauthorized):
    code = "id_token_invalid"
    message_ko = "로그인 서비스의 인증 정보가 올바르지 않아요."
    message_en = "The provider's ID token is not valid."


class CredentialRequired(BadRequest):
    code = "credential_required"
    message_ko = "access_token, id_token, code 중 하나를 보내 주세요."
    message_en = "Send one of access_token, id_token or code."


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    message_ko = "이메일 또는 비밀번호가 맞지 않아요."
    message_en = "The e-mail or password is wrong."


class EmailAlreadyRegistered(Conflict):
    code = "email_taken"
    message_ko = "이미 가입된 이메일이에요."
    message_en = "This e-mail address is already registered."


class AlreadyRegistered(Conflict):
    code = "already_registered"
    message_ko = "이미 가입된 계정이에요."
    message_en = "This account is already registered."


class WeakPassword(BadRequest):
    code = "weak_password"
    message_ko = "비밀번호는 {min_length}자 이상이어야 해요."
    message_en = "The password must have at least {min_length} characters."


class RefreshTokenInvalid(Unauthorized):
    code = "refresh_token_invalid"
    message_ko = "로그인이 만료됐어요. 다시 로그인해 주세요."
    message_en = "Your session has expired. Sign in again."


class RefreshTokenReused(Unauthorized):
    code = "refresh_token_reused"
    message_ko = "이미 사용된 갱신 토큰이에요. 보안을 위해 모든 기기에서 로그아웃했어요."
    message_en = "This refresh token was already used; for safety the session was ended."


class IdentityLinkedElsewhere(Conflict):
    code = "identity_linked_elsewhere"
    message_ko = "이 계정은 이미 다른 사용자와 연결돼 있어요."
    message_en = "This sign-in account is already linked to another user."


class IdentityNotFound(NotFound):
    code = "identity_not_found"
    message_ko = "연결된 로그인 계정을 찾을 수 없어요."
    message_en = "No such linked sign-in account."


class LastSignInMethod(Conflict):
    code = "last_sign_in_method"
    message_ko = "마지막 로그인 방법은 해제할 수 없어요."
    message_en = "The last way to sign in cannot be removed."
