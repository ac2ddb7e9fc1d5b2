"""One error format for every 4xx/5xx: ``{"error": {"code", "message", "details"}}``.

Domain errors subclass :class:`AppError` (in each domain's ``exceptions.py``) and carry a
stable ``code`` plus Korean and English messages; the handlers here render them in the
language the client asked for. Nothing a client sends can make a stack trace leak.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from wastecoach.core.i18n import Lang, negotiate_language

logger = logging.getLogger(__name__)


class AppError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    message_ko: ClassVar[str] = "요청을 처리할 수 없어요."
    message_en: ClassVar[str] = "The request could not be processed."

    def __init__(
        self,
        details: Any = None,
        *,
        headers: dict[str, str] | None = None,
        **format_args: Any,
    ) -> None:
        self.details = details
        self.headers = headers
        self.format_args = format_args
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        template = self.message_en if lang == "en" else self.message_ko
        return template.format(**self.format_args) if self.format_args else template


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"
    message_ko = "로그인이 필요해요."
    message_en = "Authentication is required."


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    message_ko = "이 작업을 할 권한이 없어요."
    message_en = "You are not allowed to do this."


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    message_ko = "찾을 수 없어요."
    message_en = "Not found."


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    message_ko = "요청이 현재 상태와 충돌해요."
    message_en = "The request conflicts with the current state."


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"
    message_ko = "파일이 너무 커요. 최대 {limit_mb}MB까지 올릴 수 있어요."
    message_en = "The file is too large. The limit is {limit_mb} MB."


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "unsupported_media_type"
    message_ko = "지원하지 않는 파일 형식이에요. JPEG, PNG, WebP, HEIC 사진을 올려 주세요."
    message_en = "Unsupported file type. Upload a JPEG, PNG, WebP or HEIC photo."


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"
    message_ko = "요청이 너무 많아요. 잠시 후 다시 시도해 주세요."
    message_en = "Too many requests. Try again shortly."


class ServiceUnavailable(AppError):
    status_code = 503
    code = "service_unavailable"
    message_ko = "서비스를 잠시 이용할 수 없어요. 잠시 후 다시 시도해 주세요."
    message_en = "The service is temporarily unavailable. Try again shortly."


_HTTP_STATUS_TEXT: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "잘못된 요청이에요.", "Bad request."),
    401: ("unauthorized", "로그인이 필요해요.", "Authentication is required."),
    403: ("forbidden", "이 작업을 할 권한이 없어요.", "You are not allowed to do this."),
    404: ("not_found", "찾을 수 없어요.", "Not found."),
    405: ("method_not_allowed", "허용되지 않는 메서드예요.", "Method not allowed."),
    406: ("not_acceptable", "응답 형식을 맞출 수 없어요.", "Not acceptable."),
    413: ("payload_too_large", "요청이 너무 커요.", "The request is too large."),
    415: ("unsupported_media_type", "지원하지 않는 형식이에요.", "Unsupported media type."),
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}


def _lang(request: Request) -> Lang:
    return negotiate_language(request.headers.get("accept-language"))


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    body = error_body(exc.code, exc.message(_lang(request)), exc.details)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, ko, en = _HTTP_STATUS_TEXT.get(
        exc.status_code, ("http_error", "요청을 처리할 수 없어요.", "The request failed.")
    )
    message = en if _lang(request) == "en" else ko
    headers = dict(exc.headers) if exc.headers else None
    return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type")}
        for err in exc.errors()
    ]
    lang = _lang(request)
    message = "Some fields are invalid." if lang == "en" else "입력값을 확인해 주세요."
    return JSONResponse(error_body("validation_error", message, details), status_code=422)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", exc.__class__.__name__)
    return await _app_error(request, ServiceUnavailable({"dependency": "database"}))


async def _database_busy(request: Request, exc: Exception) -> JSONResponse:
    # Every pooled connection stayed checked out past pool_timeout: the client may retry.
    logger.warning("database connection pool exhausted: %s", exc)
    error = ServiceUnavailable({"dependency": "database"}, headers={"Retry-After": "1"})
    return await _app_error(request, error)


async def _cache_unavailable(request: Request, exc: Exception) -> JSONResponse:
    # Rate limits and OAuth state live in Redis: without it those writes cannot be checked.
    logger.warning("cache unavailable: %s", exc.__class__.__name__)
    return await _app_error(request, ServiceUnavailable({"dependency": "cache"}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    lang = _lang(request)
    message = "Something went wrong on our side." if lang == "en" else "서버에 문제가 생겼어요."
    return JSONResponse(error_body("internal_error", message), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _database_busy)
    app.add_exception_handler(RedisConnectionError, _cache_unavailable)
    app.add_exception_handler(RedisTimeoutError, _cache_unavailable)
    app.add_exception_handler(Exception, _unexpected)
