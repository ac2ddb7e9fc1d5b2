"""Loopback test doubles of external providers (Kakao, Naver, Google OIDC, OpenAI).

Each fake is a real HTTP server on 127.0.0.1 speaking the provider's documented protocol, so
the app's own HTTP clients run unchanged with only the base URL swapped.
"""

from .oauth_providers import (
    FakeProvider,
    FakeProviders,
    FakeUser,
    IdTokenFault,
    Provider,
    RecordedRequest,
    TokenError,
    s256_challenge,
    serve_provider,
)
from .openai_compatible import FakeOpenAI, serve_openai
from .server import LoopbackServer, LoopbackServerError

__all__ = [
    "FakeOpenAI",
    "FakeProvider",
    "FakeProviders",
    "FakeUser",
    "IdTokenFault",
    "LoopbackServer",
    "LoopbackServerError",
    "Provider",
    "RecordedRequest",
    "TokenError",
    "s256_challenge",
    "serve_openai",
    "serve_provider",
]
