"""pytest fixtures for the loopback fakes.

Use them from another test folder with ``pytest_plugins = ["fakes.fixtures"]`` in the root
conftest (with ``tests`` importable), or import the fixture functions into a conftest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .oauth_providers import FakeProvider, serve_provider
from .openai_compatible import FakeOpenAI, serve_openai


@pytest.fixture
def fake_kakao() -> Iterator[tuple[FakeProvider, str]]:
    fake = FakeProvider.kakao()
    with serve_provider(fake) as base_url:
        yield fake, base_url


@pytest.fixture
def fake_naver() -> Iterator[tuple[FakeProvider, str]]:
    fake = FakeProvider.naver()
    with serve_provider(fake) as base_url:
        yield fake, base_url


@pytest.fixture
def fake_google() -> Iterator[tuple[FakeProvider, str]]:
    fake = FakeProvider.google()
    with serve_provider(fake) as base_url:
        yield fake, base_url


@pytest.fixture
def fake_openai() -> Iterator[tuple[FakeOpenAI, str]]:
    fake = FakeOpenAI()
    with serve_openai(fake) as base_url:
        yield fake, base_url
