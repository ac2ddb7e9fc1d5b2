"""A loopback fake of the OpenAI chat-completions API (``/v1/chat/completions``, ``/v1/models``).

Responses follow the documented JSON: ``chat.completion`` objects, ``chat.completion.chunk`` SSE
events ending in ``data: [DONE]``, and errors as ``{"error": {message, type, param, code}}``.
A :class:`FakeOpenAI` controller scripts what the next calls return and records every request.
Token counts in ``usage`` are a rough length-based stand-in, not OpenAI's tokenizer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import enum
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .server import LoopbackServer

DEFAULT_API_KEY = "sk-fake-test-key"
DEFAULT_MODEL = "gpt-4o-mini"
MESSAGE_ROLES = {"system", "developer", "user", "assistant", "tool"}
IMAGE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,(?P<data>.+)$", re.DOTALL)
SCHEMA_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class ReplyKind(enum.Enum):
    CONTENT = "content"
    RATE_LIMIT = "rate_limit"
    SERVER_ERROR = "server_error"


@dataclass(frozen=True)
class ScriptedReply:
    kind: ReplyKind
    content: str = ""
    finish_reason: str = "stop"
    delay_seconds: float = 0.0
    retry_after_seconds: float = 1.0


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("messages", []))


class FakeOpenAI:
    """Controller of the fake: scripted replies (first in, first out) and recorded requests."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        default_content: str = "{}",
        available_models: tuple[str, ...] = (DEFAULT_MODEL,),
        reject_unknown_models: bool = False,
    ) -> None:
        self.api_key = api_key
        self.default_content = default_content
        self.available_models = available_models
        self.reject_unknown_models = reject_unknown_models
        self.requests: list[RecordedRequest] = []
        self._replies: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()

    def reply_with(self, content: str, *, finish_reason: str = "stop") -> None:
        """The next completion returns ``content`` verbatim (valid JSON or not)."""
        self._push(ScriptedReply(ReplyKind.CONTENT, content, finish_reason=finish_reason))

    def reply_with_rate_limit(self, *, retry_after_seconds: float = 1.0) -> None:
        self._push(ScriptedReply(ReplyKind.RATE_LIMIT, retry_after_seconds=retry_after_seconds))

    def reply_with_server_error(self) -> None:
        self._push(ScriptedReply(ReplyKind.SERVER_ERROR))

    def reply_after_delay(self, seconds: float, content: str | None = None) -> None:
        """Hold the next response ``seconds`` before answering (to trip client timeouts)."""
        reply = ScriptedReply(
            ReplyKind.CONTENT,
            self.default_content if content is None else content,
            delay_seconds=seconds,
        )
        self._push(reply)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == "/v1/chat/completions"]

    @property
    def pending_replies(self) -> int:
        with self._lock:
            return len(self._replies)

    def _push(self, reply: ScriptedReply) -> None:
        with self._lock:
            self._replies.append(reply)

    def _next_reply(self) -> ScriptedReply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        return ScriptedReply(ReplyKind.CONTENT, self.default_content)

    def _record(self, request: Request, body: dict[str, Any] | None) -> None:
        recorded = RecordedRequest(
            method=request.method,
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        with self._lock:
            self.requests.append(recorded)


class _InvalidRequest(Exception):
    def __init__(self, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code


def _error(
    status: int,
    message: str,
    error_type: str,
    *,
    param: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"message": message, "type": error_type, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part.get("text", "")
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        )
    return ""


def _rough_token_count(text: str) -> int:
    return max(1, len(text) // 4)


def _validate_content_part(part: Any, role: str, where: str) -> None:
    if not isinstance(part, dict) or "type" not in part:
        raise _InvalidRequest(f"Invalid content part at {where}.", param=where)
    kind = part["type"]
    if kind == "text":
        if not isinstance(part.get("text"), str):
            raise _InvalidRequest(f"Missing required parameter: '{where}.text'.", param=where)
        return
    if kind != "image_url":
        raise _InvalidRequest(
            f"Invalid value: '{kind}'. Supported values are: 'text' and 'image_url'.",
            param=f"{where}.type",
            code="invalid_value",
        )
    if role != "user":
        raise _InvalidRequest(
            f"Image URLs are only allowed for messages with role 'user', but this message "
            f"with role '{role}' contains an image URL.",
            param=where,
            code="invalid_value",
        )
    image = part.get("image_url")
    url = image.get("url") if isinstance(image, dict) else None
    if not isinstance(url, str):
        raise _InvalidRequest(f"Missing required parameter: '{where}.image_url.url'.", param=where)
    if url.startswith("data:"):
        match = IMAGE_DATA_URL.match(url)
        try:
            valid = match is not None and bool(base64.b64decode(match["data"], validate=True))
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise _InvalidRequest(
                "You uploaded an unsupported image. Please make sure your image has of one the "
                "following formats: ['png', 'jpeg', 'gif', 'webp'].",
                param=where,
                code="invalid_image_format",
            )


def _validate_chat_request(body: Any) -> None:
    if not isinstance(body, dict):
        raise _InvalidRequest("We could not parse the JSON body of your request.")
    if not isinstance(body.get("model"), str):
        raise _InvalidRequest("you must provide a model parameter", param="model")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _InvalidRequest("Missing required parameter: 'messages'.", param="messages")
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict) or message.get("role") not in MESSAGE_ROLES:
            raise _InvalidRequest(f"Invalid value for '{where}.role'.", param=f"{where}.role")
        content = message.get("content")
        if isinstance(content, list):
            for j, part in enumerate(content):
                _validate_content_part(part, message["role"], f"{where}.content[{j}]")
        elif not isinstance(content, str) and message["role"] != "assistant":
            raise _InvalidRequest(f"Invalid type for '{where}.content'.", param=f"{where}.content")
    _validate_response_format(body.get("response_format"), messages)
    if body.get("n", 1) != 1:
        raise _InvalidRequest("The fake only supports n=1.", param="n")


def _validate_response_format(response_format: Any, messages: list[Any]) -> None:
    if response_format is None:
        return
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind == "text":
        return
    if kind == "json_object":
        if not any("json" in _text_of(m.get("content")).lower() for m in messages):
            raise _InvalidRequest(
                "'messages' must contain the word 'json' in some form, to use 'response_format' "
                "of type 'json_object'.",
                param="messages",
            )
        return
    if kind == "json_schema":
        schema = response_format.get("json_schema")
        name = schema.get("name") if isinstance(schema, dict) else None
        if not isinstance(name, str):
            raise _InvalidRequest(
                "Missing required parameter: 'response_format.json_schema.name'.",
                param="response_format.json_schema.name",
                code="missing_required_parameter",
            )
        if not SCHEMA_NAME.match(name):
            raise _InvalidRequest(
                "Invalid 'response_format.json_schema.name': string does not match pattern.",
                param="response_format.json_schema.name",
                code="invalid_value",
            )
        return
    raise _InvalidRequest(
        f"Invalid value: '{kind}'. Supported values are: 'text', 'json_object', and 'json_schema'.",
        param="response_format.type",
        code="invalid_value",
    )


def build_app(fake: FakeOpenAI) -> Starlette:
    def unauthorized(request: Request) -> JSONResponse | None:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and key.strip() == fake.api_key:
            return None
        if not key:
            return _error(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
            )
        return _error(
            401,
            f"Incorrect API key provided: {key[:3]}***{key[-4:]}.",
            "invalid_request_error",
            code="invalid_api_key",
        )

    async def list_models(request: Request) -> Response:
        fake._record(request, None)
        if (denied := unauthorized(request)) is not None:
            return denied
        data = [
            {"id": model, "object": "model", "created": 1700000000, "owned_by": "system"}
            for model in fake.available_models
        ]
        return JSONResponse({"object": "list", "data": data})

    async def chat_completions(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        fake._record(request, body if isinstance(body, dict) else None)
        if (denied := unauthorized(request)) is not None:
            return denied
        try:
            _validate_chat_request(body)
        except _InvalidRequest as invalid:
            return _error(
                400,
                invalid.message,
                "invalid_request_error",
                param=invalid.param,
                code=invalid.code,
            )
        model = body["model"]
        if fake.reject_unknown_models and model not in fake.available_models:
            return _error(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error",
                code="model_not_found",
            )
        reply = fake._next_reply()
        if reply.delay_seconds:
            await asyncio.sleep(reply.delay_seconds)
        if reply.kind is ReplyKind.RATE_LIMIT:
            return _error(
                429,
                f"Rate limit reached for {model} on requests per min (RPM): Limit 3, Used 3, "
                f"Requested 1. Please try again in {reply.retry_after_seconds:g}s.",
                "requests",
                code="rate_limit_exceeded",
                headers={
                    "retry-after": f"{reply.retry_after_seconds:g}",
                    "x-ratelimit-remaining-requests": "0",
                },
            )
        if reply.kind is ReplyKind.SERVER_ERROR:
            return _error(
                500,
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
            )
        completion_id = f"chatcmpl-{secrets.token_hex(12)}"
        created = int(time.time())
        prompt_tokens = sum(
            _rough_token_count(_text_of(m.get("content"))) for m in body["messages"]
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": _rough_token_count(reply.content),
            "total_tokens": prompt_tokens + _rough_token_count(reply.content),
        }
        headers = {"x-request-id": f"req_{secrets.token_hex(16)}"}
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return StreamingResponse(
                _sse_chunks(completion_id, created, model, reply, usage if include_usage else None),
                media_type="text/event-stream",
                headers=headers,
            )
        completion = {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": usage,
            "system_fingerprint": "fp_fake",
        }
        return JSONResponse(completion, headers=headers)

    return Starlette(
        routes=[
            Route("/v1/models", list_models, methods=["GET"]),
            Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        ]
    )


async def _sse_chunks(
    completion_id: str,
    created: int,
    model: str,
    reply: ScriptedReply,
    usage: dict[str, int] | None,
) -> AsyncIterator[str]:
    def event(delta: dict[str, Any], finish_reason: str | None) -> str:
        chunk: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": [
                {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            ],
        }
        if usage is not None:
            chunk["usage"] = None
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": "", "refusal": None}, None)
    step = 16
    for start in range(0, len(reply.content), step):
        yield event({"content": reply.content[start : start + step]}, None)
    yield event({}, reply.finish_reason)
    if usage is not None:
        final = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": [],
            "usage": usage,
        }
        yield f"data: {json.dumps(final)}\n\n"
    yield "data: [DONE]\n\n"


@contextlib.contextmanager
def serve_openai(fake: FakeOpenAI) -> Iterator[str]:
    """Serve ``fake`` on loopback; yields the server's base URL (the SDK wants ``+ "/v1"``)."""
    with LoopbackServer(build_app(fake)) as server:
        yield server.base_url
