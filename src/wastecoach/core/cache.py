"""A small cache interface: Redis in production, an in-memory dict on the embedded default."""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import Protocol

import redis

from wastecoach.core.config import get_settings


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl_s: int | None = None) -> None: ...
    def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool: ...
    def delete(self, key: str) -> None: ...
    def incr(self, key: str, ttl_s: int, amount: int = 1) -> int: ...
    def ping(self) -> bool: ...


class MemoryCache:
    def __init__(self) -> None:
        self._data: dict[str, tuple[str, float | None]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> str | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires is not None and expires <= time.monotonic():
            del self._data[key]
            return None
        return value

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._live(key)

    def set(self, key: str, value: str, ttl_s: int | None = None) -> None:
        with self._lock:
            expires = time.monotonic() + ttl_s if ttl_s else None
            self._data[key] = (value, expires)

    def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._data[key] = (value, time.monotonic() + ttl_s)
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def incr(self, key: str, ttl_s: int, amount: int = 1) -> int:
        with self._lock:
            current = self._live(key)
            if current is None:
                self._data[key] = (str(amount), time.monotonic() + ttl_s)
                return amount
            value = int(current) + amount
            self._data[key] = (str(value), self._data[key][1])
            return value

    def ping(self) -> bool:
        return True


class RedisCache:
    def __init__(self, url: str) -> None:
        self._client = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2
        )

    def get(self, key: str) -> str | None:
        value = self._client.get(key)
        return None if value is None else str(value)

    def set(self, key: str, value: str, ttl_s: int | None = None) -> None:
        self._client.set(key, value, ex=ttl_s)

    def set_if_absent(self, key: str, value: str, ttl_s: int) -> bool:
        return bool(self._client.set(key, value, ex=ttl_s, nx=True))

    def delete(self, key: str) -> None:
        self._client.delete(key)

    def incr(self, key: str, ttl_s: int, amount: int = 1) -> int:
        pipe = self._client.pipeline()
        pipe.incr(key, amount)
        pipe.expire(key, ttl_s, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def ping(self) -> bool:
        return bool(self._client.ping())


@lru_cache(maxsize=1)
def get_cache() -> Cache:
    url = get_settings().redis_url
    return RedisCache(url) if url else MemoryCache()
